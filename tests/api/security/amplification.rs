//! Finding 8: error amplification. Directives on the operation itself count against the
//! directive limit (900 unknown ones made 900 errors, 115 KB), and every value a client sends
//! comes back in an error cut to its first 60 characters.

use serde_json::json;

use crate::support::{TestApp, error_codes};

#[tokio::test]
async fn directives_on_the_operation_are_limited_like_those_on_fields() {
    let app = TestApp::new().await;
    let flood = format!("query {} {{ __typename }}", "@aa ".repeat(900));
    assert!(flood.len() < 4 * 1024);
    let reply = app
        .post(
            "/graphql",
            "application/json",
            json!({ "query": flood }).to_string(),
        )
        .await;
    assert_eq!(
        error_codes(&reply.body),
        ["OPERATION_LIMIT_EXCEEDED"],
        "{}",
        reply.body
    );
    assert_eq!(reply.body["errors"][0]["extensions"]["limit"], "directives");
    assert!(reply.body.to_string().len() < 1024);
    // On a fragment definition, a spread and a variable definition too.
    for document in [
        format!(
            "{{ ...F }} fragment F on Query {} {{ __typename }}",
            "@aa ".repeat(5)
        ),
        format!(
            "{{ ...F {} }} fragment F on Query {{ __typename }}",
            "@aa ".repeat(5)
        ),
        format!("query($v: Int {}) {{ __typename }}", "@aa ".repeat(5)),
    ] {
        let answer = app.query(&document).await;
        assert_eq!(
            answer["errors"][0]["extensions"]["limit"], "directives",
            "{document}"
        );
    }
    // Within the limit, an operation's directives are the validator's as before.
    let answer = app.query("query @aa { __typename }").await;
    assert_eq!(error_codes(&answer), ["GRAPHQL_VALIDATION_FAILED"]);
}

#[tokio::test]
async fn values_in_errors_are_cut_to_60_characters() {
    let app = TestApp::new().await;
    let long = "x".repeat(60 * 1024);
    let cases = [
        ("query($v: ID!) { node(id: $v) { id } }", "v"),
        (
            "query($v: String) { sessions { nodes { startsAt(timeZone: $v) } } }",
            "v",
        ),
        (
            "query($v: String) { cities(filter: { country: $v }) { totalCount } }",
            "v",
        ),
    ];
    for (query, variable) in cases {
        let answer = app.query_with(query, json!({ variable: long })).await;
        assert_eq!(error_codes(&answer), ["BAD_USER_INPUT"], "{query}");
        let text = answer.to_string();
        assert!(text.len() < 1024, "{query}: {} bytes", text.len());
        assert!(text.contains("61440 characters"), "{query}: {text}");
    }
    let feed = app
        .get(&format!("/sessions/{}.ics", "A".repeat(8 * 1024)))
        .await;
    assert_eq!(error_codes(&feed.body), ["BAD_USER_INPUT"]);
    assert!(feed.body.to_string().len() < 1024, "{}", feed.body);
}
