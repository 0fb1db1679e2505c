//! The answer writer: keys in the order of the selection (through aliases, fragments and type
//! conditions on interfaces and unions, with `@skip`/`@include` decided by variables and their
//! defaults); null propagation is `frontend::a_field_error_nulls_the_nearest_nullable_ancestor`.

use serde_json::{Value, json};

use crate::support::{TestApp, error_codes, global_id};

/// The keys of the object at `pointer`, in the order the answer wrote them.
fn keys(body: &Value, pointer: &str) -> Vec<String> {
    body.pointer(pointer)
        .and_then(Value::as_object)
        .map(|object| object.keys().cloned().collect())
        .unwrap_or_else(|| panic!("no object at {pointer}: {body}"))
}

#[tokio::test]
async fn aliases_and_fragments_keep_the_selection_order() {
    let app = TestApp::new().await;
    let body = app
        .query(
            "{ b: themes { slug } ...F a: event { name z: id } } fragment F on Query { countries { code } }",
        )
        .await;
    assert_eq!(keys(&body, "/data"), ["b", "countries", "a"], "{body}");
    assert_eq!(keys(&body, "/data/a"), ["name", "z"]);
}

#[tokio::test]
async fn type_conditions_on_an_interface_follow_each_objects_own_type() {
    let app = TestApp::new().await;
    let session = global_id("Session", "day1-panel-1");
    let speaker = global_id("Speaker", "caroline-bouvard");
    // The same selection for two types: each object's keys are its own type's, in its order.
    let selection =
        "id ... on Speaker { name role } ... on Session { kind title } ... on Node { i: id }";
    let body = app
        .query_with(
            &format!(
                "query($s: ID!, $p: ID!) {{ s: node(id: $s) {{ {selection} }} p: node(id: $p) {{ {selection} }} }}"
            ),
            json!({ "s": session, "p": speaker }),
        )
        .await;
    assert!(body.get("errors").is_none(), "{body}");
    assert_eq!(keys(&body, "/data/s"), ["id", "kind", "title", "i"]);
    assert_eq!(keys(&body, "/data/p"), ["id", "name", "role", "i"]);
    // A type condition written later for a key selected earlier keeps the first place.
    let body = app
        .query_with(
            "query($s: ID!) { node(id: $s) { ... on Session { title } id ... on Session { kind title } } }",
            json!({ "s": session }),
        )
        .await;
    assert_eq!(keys(&body, "/data/node"), ["title", "id", "kind"]);
}

#[tokio::test]
async fn type_conditions_on_a_union_follow_each_results_own_type() {
    let app = TestApp::new().await;
    let body = app
        .query(
            "{ search(text: \"Nagoya\", first: 100) { nodes { ... on City { nameJa name } ... on Speaker { name role } ... on Session { title } } } }",
        )
        .await;
    assert!(body.get("errors").is_none(), "{body}");
    let nodes = body["data"]["search"]["nodes"].as_array().unwrap();
    let city = nodes
        .iter()
        .find(|n| n.get("nameJa").is_some())
        .expect("a city");
    assert_eq!(
        city.as_object().unwrap().keys().collect::<Vec<_>>(),
        ["nameJa", "name"]
    );
    let speaker = nodes
        .iter()
        .find(|n| n.get("role").is_some())
        .expect("a speaker");
    assert_eq!(
        speaker.as_object().unwrap().keys().collect::<Vec<_>>(),
        ["name", "role"]
    );
}

/// The one-interpreter issue's case: two members of a union select the same keys in
/// different orders. The writer knows each value's type (the compiled operation selects its
/// `__typename`); it guessed from the keys before, and wrote every Speaker in City's order.
#[tokio::test]
async fn union_members_with_the_same_keys_keep_their_own_order() {
    let app = TestApp::new().await;
    for typename in ["__typename ", ""] {
        let body = app
            .query(&format!(
                "{{ search(text: \"kyoto\", first: 100) {{ nodes {{ {typename}... on City {{ name slug }} ... on Speaker {{ slug name }} }} }} }}"
            ))
            .await;
        assert!(body.get("errors").is_none(), "{body}");
        let nodes = body["data"]["search"]["nodes"].as_array().unwrap();
        let mut seen = Vec::new();
        for node in nodes {
            let keys: Vec<&str> = node
                .as_object()
                .unwrap()
                .keys()
                .map(String::as_str)
                .collect();
            let kind = match (typename.is_empty(), node["__typename"].as_str()) {
                (false, Some(kind)) => kind.to_owned(),
                (false, None) => panic!("no __typename: {node}"),
                // Without `__typename`, the key order itself is the type's.
                (true, _) => keys
                    .first()
                    .map_or("other", |first| match *first {
                        "name" => "City",
                        "slug" => "Speaker",
                        _ => "other",
                    })
                    .to_owned(),
            };
            let expected: &[&str] = match kind.as_str() {
                "City" => &["name", "slug"],
                "Speaker" => &["slug", "name"],
                _ => &[],
            };
            let written: Vec<&str> = keys.into_iter().filter(|k| *k != "__typename").collect();
            assert_eq!(written, expected, "{kind}: {node}");
            assert!(node.get("__runtimeType").is_none(), "{node}");
            seen.push(kind);
        }
        assert!(seen.iter().any(|k| k == "City"), "{body}");
        assert!(seen.iter().any(|k| k == "Speaker"), "{body}");
    }
    // Where the client selects `__typename` under the service's own key, it is refused.
    let body = app
        .query("{ node(id: \"x\") { __runtimeType: __typename } }")
        .await;
    assert_eq!(error_codes(&body), ["GRAPHQL_VALIDATION_FAILED"], "{body}");
}

#[tokio::test]
async fn skip_and_include_with_variables_and_defaults_shape_the_answer() {
    let app = TestApp::new().await;
    let query = "query($with: Boolean = false, $without: Boolean!) {
        themes @include(if: $with) { slug }
        event { name @skip(if: $without) id ...E @include(if: $with) }
        countries @skip(if: $without) { code } }
      fragment E on Event { startDate }";
    let body = app.query_with(query, json!({ "without": true })).await;
    assert!(body.get("errors").is_none(), "{body}");
    assert_eq!(keys(&body, "/data"), ["event"]);
    assert_eq!(keys(&body, "/data/event"), ["id"]);
    let body = app
        .query_with(query, json!({ "with": true, "without": false }))
        .await;
    assert_eq!(keys(&body, "/data"), ["themes", "event", "countries"]);
    assert_eq!(keys(&body, "/data/event"), ["name", "id", "startDate"]);
    // Everything skipped: an empty object, not null.
    let body = app
        .query_with(
            query.replace("id ...E", "...E").as_str(),
            json!({ "without": true }),
        )
        .await;
    assert_eq!(body["data"], json!({ "event": {} }), "{body}");
}

#[tokio::test]
async fn a_repeated_document_is_parsed_once_and_compiled_with_each_requests_variables() {
    let app = TestApp::with_config(|c| {
        c.http.response_cache_size = 0;
        c.limits.max_complexity = 100;
    })
    .await;
    let query = "query($n: Int!, $t: Boolean!) { sessions(first: $n) { nodes { title speakers { name } } } themes @include(if: $t) { slug } }";
    let before = app.state.pipeline.documents.len();
    let one = app.query_with(query, json!({ "n": 1, "t": false })).await;
    let two = app.query_with(query, json!({ "n": 2, "t": true })).await;
    assert_eq!(
        app.state.pipeline.documents.len(),
        before + 1,
        "parsed once"
    );
    assert_eq!(keys(&one, "/data"), ["sessions"]);
    assert_eq!(
        one["data"]["sessions"]["nodes"].as_array().unwrap().len(),
        1
    );
    assert_eq!(keys(&two, "/data"), ["sessions", "themes"]);
    assert_eq!(
        two["data"]["sessions"]["nodes"].as_array().unwrap().len(),
        2
    );
    // The cost is the request's own: 1 + 13 × (1 + 1 + 1 + 10 × 1) (100 asked, 13 sessions
    // held) is over the limit of 100.
    let three = app.query_with(query, json!({ "n": 100, "t": false })).await;
    assert_eq!(three["errors"][0]["extensions"]["cost"], 170, "{three}");
    // A document the document's limits refuse (here: a fragment cycle) is not kept; one
    // refused by what its operation measures stays (its cost depends on the variables: above,
    // the same document), as does one async-graphql refuses.
    let refused = app
        .query("{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }")
        .await;
    assert_eq!(
        error_codes(&refused),
        ["GRAPHQL_VALIDATION_FAILED"],
        "{refused}"
    );
    assert_eq!(app.state.pipeline.documents.len(), before + 1);
    let invalid = app.query("{ nope }").await;
    assert_eq!(error_codes(&invalid), ["GRAPHQL_VALIDATION_FAILED"]);
    assert_eq!(app.state.pipeline.documents.len(), before + 2);
}

#[tokio::test]
async fn a_union_member_that_no_fragment_selects_is_an_empty_object_not_a_null() {
    let app = crate::support::TestApp::new().await;
    let body = app
        .query(r#"{ search(text: "bank") { nodes { ... on Organisation { slug } } } }"#)
        .await;
    let nodes = body["data"]["search"]["nodes"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(
        nodes.contains(&serde_json::json!({ "slug": "eib" })),
        "{body}"
    );
    assert!(nodes.contains(&serde_json::json!({})), "{body}");
    assert!(body.get("errors").is_none(), "{body}");
}

#[tokio::test]
async fn a_nullable_root_field_that_errors_alone_is_null_in_an_object() {
    let app = crate::support::TestApp::new().await;
    let body = app.query(r#"{ node(id: "!!") { id } }"#).await;
    assert_eq!(body["data"], serde_json::json!({ "node": null }), "{body}");
    assert_eq!(body["errors"][0]["path"], serde_json::json!(["node"]));
    // A non-null one still takes `data` with it.
    let body = app.query("{ sessions(first: 101) { totalCount } }").await;
    assert_eq!(body["data"], serde_json::Value::Null, "{body}");
}
