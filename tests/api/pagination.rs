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
