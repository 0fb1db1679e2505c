//! Findings 6 and 7: APQ stores only documents that pass the limits, and persisted-query
//! refusals are counted.

use serde_json::json;
use sha2::{Digest, Sha256};

use crate::support::{TestApp, error_codes};

fn hash(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn apq(query: Option<&str>, hash: &str) -> String {
    let mut body =
        json!({ "extensions": { "persistedQuery": { "version": 1, "sha256Hash": hash } } });
    if let Some(query) = query {
        body["query"] = json!(query);
    }
    body.to_string()
}

#[tokio::test]
async fn a_document_the_limits_refuse_is_not_stored_and_refusals_are_counted() {
    let app = TestApp::new().await;
    // 60 KB: within the body limit, four times the document limit.
    let long = format!("{{ event {{ name }} }}{}", " ".repeat(60 * 1024));
    let long_hash = hash(&long);
    let refused = app
        .post("/graphql", "application/json", apq(Some(&long), &long_hash))
        .await;
    assert_eq!(error_codes(&refused.body), ["OPERATION_LIMIT_EXCEEDED"]);
    assert_eq!(
        refused.body["errors"][0]["extensions"]["limit"],
        "queryBytes"
    );
    let by_hash = app
        .post("/graphql", "application/json", apq(None, &long_hash))
        .await;
    assert_eq!(error_codes(&by_hash.body), ["PERSISTED_QUERY_NOT_FOUND"]);
    // A document over another limit (aliases) is not stored either.
    let aliases: String = (0..31).map(|i| format!("a{i}: __typename ")).collect();
    let aliased = format!("{{ {aliases} }}");
    let aliased_hash = hash(&aliased);
    let refused = app
        .post(
            "/graphql",
            "application/json",
            apq(Some(&aliased), &aliased_hash),
        )
        .await;
    assert_eq!(refused.body["errors"][0]["extensions"]["limit"], "aliases");
    let by_hash = app
        .post("/graphql", "application/json", apq(None, &aliased_hash))
        .await;
    assert_eq!(error_codes(&by_hash.body), ["PERSISTED_QUERY_NOT_FOUND"]);
    // A document within the limits is stored as before.
    let short = "{ event { name } }";
    let stored = app
        .post(
            "/graphql",
            "application/json",
            apq(Some(short), &hash(short)),
        )
        .await;
    assert!(stored.body["errors"].is_null(), "{}", stored.body);
    let by_hash = app
        .post("/graphql", "application/json", apq(None, &hash(short)))
        .await;
    assert!(
        by_hash.body["data"]["event"]["name"].is_string(),
        "{}",
        by_hash.body
    );
    let metrics = app.get("/metrics").await.body.as_str().unwrap().to_owned();
    assert!(
        metrics.contains("persisted_query_refusals_total{code=\"PERSISTED_QUERY_NOT_FOUND\"} 2"),
        "{metrics}"
    );
    assert!(
        metrics.contains("graphql_requests_total{operation=\"anonymous\",outcome=\"rejected\"} 4"),
        "{metrics}"
    );
}
