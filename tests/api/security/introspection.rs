//! Finding 1: introspection amplification. A document of a few hundred bytes that nests the
//! lists leading back to types is refused before execution (graphql-js's
//! `MaxIntrospectionDepthRule`, the introspection budget), while the standard introspection
//! query keeps working and is computed once.

use serde_json::json;

use crate::support::{TestApp, error_codes, metric};

/// The review's 939-byte document: T1 selects `fields` once; each Tn spreads Tn-1 three times
/// inside `fields { type { ... } }`, under two more aliases; used as `__schema { types { ...T4 } }`.
/// Before the budget it answered 9.8 MB.
pub fn amplification() -> String {
    let mut doc = String::from(
        "{ __schema { types { ...T4 } } } fragment T1 on __Type { fields { type { name ofType { name ofType { name } } } } }",
    );
    for n in 2..=4 {
        let p = n - 1;
        let inner = format!("type {{ ...T{p} ofType {{ ...T{p} ofType {{ ...T{p} }} }} }}");
        doc.push_str(&format!(
            " fragment T{n} on __Type {{ fields {{ {inner} }} x{n}_0: fields {{ {inner} }} x{n}_1: fields {{ {inner} }} }}"
        ));
    }
    doc
}

#[tokio::test]
async fn nested_introspection_lists_are_refused_before_execution() {
    let app = TestApp::new().await;
    let doc = amplification();
    assert!(doc.len() < 1024, "the document is {} bytes", doc.len());
    app.reset_statements();
    let reply = app
        .post(
            "/graphql",
            "application/json",
            json!({ "query": doc }).to_string(),
        )
        .await;
    let text = reply.body.to_string();
    assert!(text.len() < 1024, "answer of {} bytes: {text}", text.len());
    assert_eq!(error_codes(&reply.body), ["OPERATION_LIMIT_EXCEEDED"]);
    assert_eq!(
        reply.body["errors"][0]["extensions"]["limit"],
        "introspectionLists"
    );
    assert_eq!(app.statements(), 0);
    let metrics = app.get("/metrics").await.body;
    assert!(
        metrics
            .as_str()
            .unwrap()
            .contains("limit_rejections_total{limit=\"introspectionLists\"} 1"),
        "{metrics}"
    );
    // Two nested lists pass (the standard introspection query nests two); a third is refused,
    // through an inline fragment as through a named one.
    let two = "{ __type(name: \"Session\") { fields { type { ofType { fields { name } } } } } }";
    let answered = app.query(two).await;
    assert!(answered["errors"].is_null(), "{answered}");
    let three = "{ __type(name: \"Session\") { fields { type { ... on __Type { fields { type { fields { name } } } } } } } }";
    assert_eq!(
        app.query(three).await["errors"][0]["extensions"]["limit"],
        "introspectionLists"
    );
}

#[tokio::test]
async fn introspection_answers_are_computed_once_per_document() {
    let app = TestApp::with_config(|config| config.http.response_cache_size = 0).await;
    let query = "query Types { __schema { types { name kind } } }";
    let first = app.query(query).await;
    assert!(first["data"]["__schema"]["types"].as_array().unwrap().len() > 20);
    let cached_before = cached_count(&app).await;
    let second = app.query(query).await;
    assert_eq!(second, first);
    assert_eq!(cached_count(&app).await, cached_before + 1.0);
    // Another document is computed, not served from the first's answer.
    let other = app
        .query("query Types { __schema { queryType { name } } }")
        .await;
    assert_eq!(
        other,
        json!({ "data": { "__schema": { "queryType": { "name": "Query" } } } })
    );
    assert_eq!(cached_count(&app).await, cached_before + 1.0);
    // Over GET, the answer computed and the answer served from memory carry one tag.
    let uri = "/graphql?query=query%20Tagged%20%7B%20__schema%20%7B%20queryType%20%7B%20name%20%7D%20%7D%20%7D";
    let computed = app.get(uri).await;
    let served = app.get(uri).await;
    assert_eq!(computed.status, axum::http::StatusCode::OK);
    let tag = computed.headers.get(axum::http::header::ETAG).cloned();
    assert!(tag.is_some(), "an introspection GET is cacheable");
    assert_eq!(served.headers.get(axum::http::header::ETAG).cloned(), tag);
    assert_eq!(served.body, computed.body);
    // A data query is never an introspection answer.
    let data = app.query("query Types { __typename event { name } }").await;
    assert_eq!(data["data"]["__typename"], "Query");
    assert_eq!(cached_count(&app).await, cached_before + 1.0);
}

/// `graphql_requests_total{operation="Types",outcome="cached"}`.
async fn cached_count(app: &TestApp) -> f64 {
    let metrics = app.get("/metrics").await.body;
    metric(
        metrics.as_str().unwrap(),
        "graphql_requests_total{operation=\"Types\",outcome=\"cached\"}",
    )
}

/// Finding 3: an introspection answer is async-graphql's work alone, which never yields; it
/// runs apart from the request, so the request timeout still ends the request (with a timeout
/// of zero, at its first wait: before, the answer ran to its end in one poll and came back 200).
#[tokio::test]
async fn the_request_timeout_ends_an_introspection_answer() {
    let app = TestApp::with_config(|config| {
        config.http.request_timeout = std::time::Duration::ZERO;
        config.http.response_cache_size = 0;
    })
    .await;
    let query = "{ __schema { types { name fields { name type { name fields { name } } } } } }";
    let reply = app
        .post(
            "/graphql",
            "application/json",
            json!({ "query": query }).to_string(),
        )
        .await;
    assert_eq!(
        reply.status,
        axum::http::StatusCode::SERVICE_UNAVAILABLE,
        "{}",
        reply.body
    );
    assert_eq!(error_codes(&reply.body), ["REQUEST_TIMEOUT"]);
    let metrics = app.get("/metrics").await.body;
    assert!(
        metrics
            .as_str()
            .unwrap()
            .contains("limit_rejections_total{limit=\"timeout\"} 1"),
        "{metrics}"
    );
}
