//! Every client mistake gets a clean message and `extensions.code`; internal failures never
//! show their cause.

use axum::http::StatusCode;
use sea_orm::{ConnectionTrait, Statement};
use serde_json::json;

use crate::support::{TestApp, error_codes, global_id};

/// The one error of `query`, as `(code, argument, message)`; asserts `data` is null.
async fn single_error(app: &TestApp, query: &str) -> (String, serde_json::Value, String) {
    let body = app.query(query).await;
    let errors = body["errors"]
        .as_array()
        .unwrap_or_else(|| panic!("no errors in {body}"));
    assert_eq!(errors.len(), 1, "{body}");
    let error = &errors[0];
    (
        error["extensions"]["code"]
            .as_str()
            .unwrap_or("<none>")
            .to_owned(),
        error["extensions"]["argument"].clone(),
        error["message"].as_str().unwrap().to_owned(),
    )
}

#[tokio::test]
async fn page_sizes_outside_0_to_100_are_refused_never_clamped() {
    let app = TestApp::new().await;
    for (query, got) in [
        ("{ sessions(first: 101) { totalCount } }", "101"),
        ("{ speakers(first: -1) { totalCount } }", "-1"),
        ("{ cities(first: 1000) { totalCount } }", "1000"),
    ] {
        let body = app.query(query).await;
        // A field error during execution: `data` is there, null.
        assert_eq!(body["data"], json!(null), "{body}");
        assert_eq!(
            body["errors"][0]["extensions"],
            json!({ "code": "BAD_USER_INPUT", "argument": "first" })
        );
        assert_eq!(
            body["errors"][0]["message"],
            format!("`first` must be between 0 and 100, got {got}")
        );
    }
}

#[tokio::test]
async fn malformed_and_foreign_cursors_are_refused() {
    let app = TestApp::new().await;
    let (code, argument, _) = single_error(
        &app,
        r#"{ sessions(after: "not-a-cursor") { totalCount } }"#,
    )
    .await;
    assert_eq!(
        (code.as_str(), argument),
        ("BAD_USER_INPUT", json!("after"))
    );
    let body = app
        .query("{ speakers(first: 1) { pageInfo { endCursor } } }")
        .await;
    let speaker_cursor = body["data"]["speakers"]["pageInfo"]["endCursor"]
        .as_str()
        .unwrap()
        .to_owned();
    let (code, argument, message) = single_error(
        &app,
        &format!(r#"{{ cities(after: "{speaker_cursor}") {{ totalCount }} }}"#),
    )
    .await;
    assert_eq!(
        (code.as_str(), argument),
        ("BAD_USER_INPUT", json!("after"))
    );
    assert!(message.contains("is not a cursor of this list"));
}

#[tokio::test]
async fn malformed_ids_are_refused_and_ids_of_the_wrong_type_too() {
    let app = TestApp::new().await;
    let (code, argument, _) = single_error(&app, r#"{ node(id: "%%%") { id } }"#).await;
    assert_eq!((code.as_str(), argument), ("BAD_USER_INPUT", json!("id")));
    let (code, _, _) = single_error(&app, r#"{ node(id: "UGxhbmV0OmVhcnRo") { id } }"#).await; // "Planet:earth"
    assert_eq!(code, "BAD_USER_INPUT");
    let session = global_id("Session", "day1-panel-1");
    let (code, argument, message) = single_error(
        &app,
        &format!(r#"{{ sessions(filter: {{ city: "{session}" }}) {{ totalCount }} }}"#),
    )
    .await;
    assert_eq!(
        (code.as_str(), argument),
        ("BAD_USER_INPUT", json!("filter.city"))
    );
    assert!(
        message.contains("is the id of a Session, not of a City"),
        "{message}"
    );
    let (code, argument, _) = single_error(
        &app,
        r#"{ cityPairings(filter: { city: "nope" }) { euCity { name } } }"#,
    )
    .await;
    assert_eq!(
        (code.as_str(), argument),
        ("BAD_USER_INPUT", json!("filter.city"))
    );
}

#[tokio::test]
async fn unknown_time_zones_are_refused_naming_the_argument() {
    let app = TestApp::new().await;
    app.reset_statements();
    // Every row renders a time: still one error for the request, before execution.
    let body = app
        .query(r#"{ sessions(first: 100) { nodes { startsAt(timeZone: "Mars/Olympus_Mons") } } }"#)
        .await;
    assert_eq!(
        body,
        json!({ "errors": [{
            "message": "`Mars/Olympus_Mons` is not an IANA time zone name (nor CET or JST, the event's labels)",
            "locations": [{ "line": 1, "column": 53 }],
            "extensions": { "code": "BAD_USER_INPUT", "argument": "timeZone" },
        }] })
    );
    assert_eq!(app.statements(), 0, "refused before any statement");

    // Through a variable, used in a fragment: the same one error.
    let body = app
        .query_with(
            "query Q($zone: String) { sessions { nodes { ...Times } } } \
             fragment Times on Session { startsAt(timeZone: \"Asia/Tokyo\") endsAt(timeZone: $zone) }",
            json!({ "zone": "Asia/Tokio" }),
        )
        .await;
    assert_eq!(error_codes(&body), ["BAD_USER_INPUT"]);
    assert_eq!(body["errors"][0]["extensions"]["argument"], "timeZone");
    assert!(
        body.get("data").is_none(),
        "a request error has no data entry: {body}"
    );

    // A variable's default is checked where no value is sent.
    let body = app
        .query(r#"query Q($zone: String = "Nowhere/Town") { sessions { nodes { endsAt(timeZone: $zone) } } }"#)
        .await;
    assert_eq!(error_codes(&body), ["BAD_USER_INPUT"]);
}

#[tokio::test]
async fn country_codes_must_be_assigned_iso_codes() {
    let app = TestApp::new().await;
    for (query, argument) in [
        // Well-formed, but user-assigned or unassigned by ISO 3166-1.
        (
            r#"{ speakers(filter: { country: "ZZ" }) { totalCount } }"#,
            "filter.country",
        ),
        (
            r#"{ cities(filter: { country: "xk" }) { totalCount } }"#,
            "filter.country",
        ),
        (
            r#"{ sessions(filter: { speakerCountry: "EU" }) { totalCount } }"#,
            "filter.speakerCountry",
        ),
        (
            r#"{ speakers(filter: { country: "JPN" }) { totalCount } }"#,
            "filter.country",
        ),
        (
            r#"{ cities(filter: { country: "1" }) { totalCount } }"#,
            "filter.country",
        ),
        (
            r#"{ sessions(filter: { speakerCountry: "" }) { totalCount } }"#,
            "filter.speakerCountry",
        ),
    ] {
        let (code, got, _) = single_error(&app, query).await;
        assert_eq!(
            (code.as_str(), got),
            ("BAD_USER_INPUT", json!(argument)),
            "{query}"
        );
    }
    // An assigned code with no speaker is an empty list, not an error.
    let body = app
        .query(r#"{ speakers(filter: { country: "br" }) { totalCount } }"#)
        .await;
    assert_eq!(body, json!({ "data": { "speakers": { "totalCount": 0 } } }));
}

#[tokio::test]
async fn documents_that_do_not_parse_or_validate_carry_codes() {
    let app = TestApp::new().await;
    assert_eq!(
        error_codes(&app.query("{ sessions { ").await),
        ["GRAPHQL_PARSE_FAILED"]
    );
    assert_eq!(
        error_codes(&app.query("{ planets }").await),
        ["GRAPHQL_VALIDATION_FAILED"]
    );
    assert_eq!(
        error_codes(
            &app.query(r#"{ sessions(filter: { kind: MEETING }) { totalCount } }"#)
                .await
        ),
        ["GRAPHQL_VALIDATION_FAILED"]
    );
    let bad_date = app
        .query(r#"{ sessions(filter: { day: "25 January" }) { totalCount } }"#)
        .await;
    assert_eq!(error_codes(&bad_date), ["BAD_USER_INPUT"]);
    assert!(
        bad_date["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("is not a date of the form YYYY-MM-DD")
    );
    let body = app
        .query_with(
            "query($n: Int) { sessions(first: $n) { totalCount } }",
            json!({ "n": "many" }),
        )
        .await;
    let codes = error_codes(&body);
    assert!(
        !codes.is_empty() && codes.iter().all(|c| c == "GRAPHQL_VALIDATION_FAILED"),
        "{body}"
    );
    assert_eq!(
        error_codes(&app.query("mutation { anything }").await),
        ["GRAPHQL_VALIDATION_FAILED"]
    );
}

#[tokio::test]
async fn requests_that_are_not_graphql_get_400_with_a_code() {
    let app = TestApp::new().await;
    for body in ["not json", "[1, 2]", "{\"query\": 42}"] {
        let reply = app.post("/graphql", "application/json", body).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(
            error_codes(&reply.body),
            ["BAD_REQUEST"],
            "{body}: {}",
            reply.body
        );
    }
}

#[tokio::test]
async fn a_request_without_a_query_is_a_bad_request() {
    let app = TestApp::new().await;
    let reply = app
        .post("/graphql", "application/json", r#"{"no_query": true}"#)
        .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(error_codes(&reply.body), ["BAD_REQUEST"]);
}

#[tokio::test]
async fn a_database_failure_reaches_the_client_as_a_generic_coded_error() {
    let app = TestApp::new().await;
    // Provenance stays SQL (the programme itself is in memory).
    app.db
        .execute_raw(Statement::from_string(
            app.db.get_database_backend(),
            "DROP TABLE provenance",
        ))
        .await
        .unwrap();
    let body = app
        .query("{ sessions(first: 1) { nodes { title provenance { locator } } } }")
        .await;
    let text = body.to_string();
    assert_eq!(error_codes(&body), ["INTERNAL_SERVER_ERROR"], "{text}");
    assert_eq!(body["errors"][0]["message"], "internal error");
    for leak in [
        "entity_id",
        "SELECT",
        "sqlite",
        "no such table",
        "relation",
        ".rs",
    ] {
        assert!(!text.contains(leak), "`{leak}` leaked in {text}");
    }
}
