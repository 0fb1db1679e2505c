//! Cursor pagination: full walks that neither skip nor repeat, and the edges of pages.

use serde_json::{Value, json};

use api::dataset::DatasetFiles;

use crate::support::{TestApp, global_id};

/// The ids of the whole list in the contract's order, computed here from the dataset file:
/// sessions by start instant then id; speakers and cities by lower-cased name then id.
fn expected_order(field: &str) -> Vec<String> {
    let dataset = DatasetFiles::embedded().validate().unwrap();
    let mut keyed: Vec<(String, String)> = match field {
        "sessions" => dataset
            .sessions
            .iter()
            .map(|s| (s.starts_at.to_rfc3339(), s.id.clone()))
            .collect(),
        "speakers" => dataset
            .speakers
            .iter()
            .map(|s| (s.name.to_lowercase(), s.id.clone()))
            .collect(),
        _ => dataset
            .local_governments
            .iter()
            .map(|c| (c.name.to_lowercase(), c.id.clone()))
            .collect(),
    };
    keyed.sort();
    let type_name = match field {
        "sessions" => "Session",
        "speakers" => "Speaker",
        _ => "City",
    };
    keyed
        .into_iter()
        .map(|(_, id)| global_id(type_name, &id))
        .collect()
}

/// Walks a connection page by page; returns the ids in order and checks each page's info.
async fn walk(app: &TestApp, field: &str, filter: &str, first: usize) -> Vec<String> {
    let mut ids = Vec::new();
    let mut after: Option<String> = None;
    let mut total = None;
    for page in 0.. {
        let after_arg = after
            .as_ref()
            .map(|c| format!(r#", after: "{c}""#))
            .unwrap_or_default();
        let body = app
            .query(&format!(
                "{{ {field}(filter: {filter}, first: {first}{after_arg}) {{ totalCount edges {{ cursor node {{ id }} }} nodes {{ id }}
                   pageInfo {{ hasNextPage hasPreviousPage startCursor endCursor }} }} }}"
            ))
            .await;
        assert!(body.get("errors").is_none(), "{body}");
        let connection = &body["data"][field];
        let edges = connection["edges"].as_array().unwrap();
        let info = &connection["pageInfo"];
        assert!(edges.len() <= first);
        assert_eq!(info["hasPreviousPage"], json!(page > 0));
        let edge_ids: Vec<Value> = edges.iter().map(|e| e["node"]["id"].clone()).collect();
        let node_ids: Vec<Value> = connection["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n["id"].clone())
            .collect();
        assert_eq!(edge_ids, node_ids);
        assert_eq!(
            info["startCursor"],
            edges.first().map_or(Value::Null, |e| e["cursor"].clone())
        );
        assert_eq!(
            info["endCursor"],
            edges.last().map_or(Value::Null, |e| e["cursor"].clone())
        );
        let count = connection["totalCount"].as_u64().unwrap();
        assert_eq!(
            *total.get_or_insert(count),
            count,
            "totalCount is the same on every page"
        );
        ids.extend(edge_ids.iter().map(|id| id.as_str().unwrap().to_owned()));
        if info["hasNextPage"] == json!(false) {
            assert_eq!(ids.len() as u64, count);
            break;
        }
        after = info["endCursor"].as_str().map(str::to_owned);
    }
    ids
}

#[tokio::test]
async fn walking_every_list_page_by_page_neither_skips_nor_repeats() {
    let app = TestApp::new().await;
    for field in ["sessions", "speakers", "cities"] {
        let expected = expected_order(field);
        assert_eq!(walk(&app, field, "{}", 100).await, expected, "{field}");
        for first in [1, 2, 3, 7] {
            assert_eq!(
                walk(&app, field, "{}", first).await,
                expected,
                "{field} by pages of {first}"
            );
        }
    }
    for (field, filter) in [
        ("speakers", "{ region: JAPAN }"),
        ("sessions", r#"{ day: "2023-01-25" }"#),
    ] {
        let all = walk(&app, field, filter, 100).await;
        assert!(!all.is_empty());
        for first in [1, 2, 3, 7] {
            assert_eq!(
                walk(&app, field, filter, first).await,
                all,
                "{field} {filter} by pages of {first}"
            );
        }
    }
}

#[tokio::test]
async fn first_zero_gives_an_empty_page_that_still_counts() {
    let app = TestApp::new().await;
    let body = app.query("{ sessions(first: 0) { totalCount edges { cursor } nodes { id } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }").await;
    assert_eq!(
        body,
        json!({ "data": { "sessions": { "totalCount": 13, "edges": [], "nodes": [],
            "pageInfo": { "hasNextPage": true, "hasPreviousPage": false, "startCursor": null, "endCursor": null } } } })
    );
}

#[tokio::test]
async fn the_default_page_is_twenty() {
    let app = TestApp::new().await;
    let body = app
        .query("{ speakers { totalCount nodes { id } pageInfo { hasNextPage } } }")
        .await;
    assert_eq!(
        body["data"]["speakers"]["nodes"].as_array().unwrap().len(),
        20
    );
    assert_eq!(body["data"]["speakers"]["totalCount"], 29);
    assert_eq!(body["data"]["speakers"]["pageInfo"]["hasNextPage"], true);
}

/// Every connection, as a query with `ARGS` where its page arguments go and the JSON pointer
/// of the connection in the answer.
const CONNECTIONS: [(&str, &str); 10] = [
    ("{ sessions(ARGS) { CONNECTION } }", "/data/sessions"),
    ("{ speakers(ARGS) { CONNECTION } }", "/data/speakers"),
    ("{ cities(ARGS) { CONNECTION } }", "/data/cities"),
    (
        "{ organisations(ARGS) { CONNECTION } }",
        "/data/organisations",
    ),
    (
        "{ missionCities(ARGS) { CONNECTION } }",
        "/data/missionCities",
    ),
    (
        "{ leadingAreas(ARGS) { CONNECTION } }",
        "/data/leadingAreas",
    ),
    (
        r#"{ search(text: "city", ARGS) { CONNECTION } }"#,
        "/data/search",
    ),
    (
        "{ participation(by: REGION) { speakers(ARGS) { CONNECTION } } }",
        "/data/participation/0/speakers",
    ),
    (
        "{ participation(by: REGION) { sessions(ARGS) { CONNECTION } } }",
        "/data/participation/0/sessions",
    ),
    (
        "{ participation(by: REGION) { cities(ARGS) { CONNECTION } } }",
        "/data/participation/0/cities",
    ),
];

/// One page of a connection of [`CONNECTIONS`]: its cursors and page info.
async fn page_of(app: &TestApp, (query, pointer): (&str, &str), args: &str) -> Value {
    let query = query.replace("ARGS", args).replace(
        "CONNECTION",
        "totalCount edges { cursor } pageInfo { hasPreviousPage hasNextPage startCursor endCursor }",
    );
    let body = app.query(&query).await;
    assert!(body.get("errors").is_none(), "{query}: {body}");
    body.pointer(pointer).cloned().unwrap_or(Value::Null)
}

fn cursors(page: &Value) -> Vec<String> {
    page["edges"]
        .as_array()
        .map(|edges| {
            edges
                .iter()
                .filter_map(|e| e["cursor"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn every_connection_pages_backwards_to_the_same_list() {
    let app = TestApp::new().await;
    for connection in CONNECTIONS {
        let all = page_of(&app, connection, "first: 100").await;
        let forward = cursors(&all);
        let total = all["totalCount"].as_u64().unwrap_or_default() as usize;
        assert!(
            forward.len() >= 3,
            "{connection:?} lists at least three items"
        );
        assert_eq!(forward.len(), total.min(100), "{connection:?}");
        for size in [1, 2, 3, 7] {
            let mut backward: Vec<String> = Vec::new();
            let mut before: Option<String> = None;
            loop {
                let args = match &before {
                    None => format!("last: {size}"),
                    Some(cursor) => format!(r#"last: {size}, before: "{cursor}""#),
                };
                let page = page_of(&app, connection, &args).await;
                let info = &page["pageInfo"];
                let these = cursors(&page);
                assert!(these.len() <= size);
                assert_eq!(page["totalCount"], all["totalCount"]);
                assert_eq!(
                    info["hasNextPage"],
                    json!(before.is_some()),
                    "{connection:?}"
                );
                backward.splice(0..0, these);
                if info["hasPreviousPage"] == json!(false) {
                    break;
                }
                before = info["startCursor"].as_str().map(str::to_owned);
            }
            assert_eq!(
                backward.len(),
                total,
                "{connection:?} backwards by pages of {size}"
            );
            assert_eq!(
                backward[..forward.len()],
                forward,
                "{connection:?} backwards by pages of {size}"
            );
        }
        // A range between two cursors, from either end.
        let (after, before) = (&forward[0], &forward[forward.len() - 1]);
        let inner = &forward[1..forward.len() - 1];
        let from_start = page_of(
            &app,
            connection,
            &format!(r#"after: "{after}", before: "{before}", first: 100"#),
        )
        .await;
        assert_eq!(cursors(&from_start), inner, "{connection:?}");
        let from_end = page_of(
            &app,
            connection,
            &format!(r#"after: "{after}", before: "{before}", last: 1"#),
        )
        .await;
        assert_eq!(
            cursors(&from_end),
            inner[inner.len() - 1..],
            "{connection:?}"
        );
        assert_eq!(from_end["pageInfo"]["hasPreviousPage"], true);
    }
}

#[tokio::test]
async fn last_follows_the_rules_of_first() {
    let app = TestApp::new().await;
    for (args, argument) in [
        ("first: 2, last: 2", "last"),
        ("last: 101", "last"),
        ("last: -1", "last"),
        (r#"last: 2, before: "bm90IGEgY3Vyc29y""#, "before"),
    ] {
        let body = app
            .query(&format!("{{ sessions({args}) {{ totalCount }} }}"))
            .await;
        assert_eq!(
            body["errors"][0]["extensions"]["code"], "BAD_USER_INPUT",
            "{args}: {body}"
        );
        assert_eq!(
            body["errors"][0]["extensions"]["argument"], argument,
            "{args}: {body}"
        );
    }
    // A cursor of another list is refused in `before` as in `after`.
    let speakers = app
        .query("{ speakers(first: 1) { edges { cursor } } }")
        .await;
    let cursor = speakers["data"]["speakers"]["edges"][0]["cursor"]
        .as_str()
        .unwrap_or_default();
    let body = app
        .query(&format!(
            r#"{{ sessions(last: 1, before: "{cursor}") {{ totalCount }} }}"#
        ))
        .await;
    assert_eq!(body["errors"][0]["extensions"]["code"], "BAD_USER_INPUT");
    // `last` alone defaults like `first`: the last 20 of 29 speakers.
    let body = app
        .query("{ speakers(last: 20) { nodes { name } pageInfo { hasPreviousPage hasNextPage } } }")
        .await;
    assert_eq!(
        body["data"]["speakers"]["nodes"].as_array().map(Vec::len),
        Some(20)
    );
    assert_eq!(
        body["data"]["speakers"]["pageInfo"]["hasPreviousPage"],
        true
    );
    assert_eq!(body["data"]["speakers"]["pageInfo"]["hasNextPage"], false);
    // `last` is what the complexity limit counts when it is given.
    let body = app
        .query("{ speakers(last: 0) { nodes { sessions { speakers { sessions { title } } } } } }")
        .await;
    assert!(body.get("errors").is_none(), "{body}");
}
