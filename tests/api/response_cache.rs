//! The response cache: a repeated query is answered from stored bytes without a statement; a
//! reload (seen within `--data-version-max-age`), other variables, another media type or another operation never share an entry;
//! errors and refusals are never kept; size 0 turns it off.

use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use serde_json::{Value, json};

use crate::support::{TestApp, data_dir_without_the_first_break};

const SESSIONS: &str =
    "query Sessions($first: Int) { sessions(first: $first) { totalCount nodes { title } } }";

async fn post(app: &TestApp, body: Value, accept: &str) -> (StatusCode, String, String) {
    let request = Request::post("/graphql")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::ACCEPT, accept)
        .body(Body::from(body.to_string()))
        .unwrap();
    let reply = app.send(request).await;
    let media = reply
        .headers
        .get(header::CONTENT_TYPE)
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (reply.status, media, reply.body.to_string())
}

fn cached(app: &TestApp) -> usize {
    app.state
        .response_cache
        .as_ref()
        .map_or(0, |cache| cache.len())
}

#[tokio::test]
async fn a_repeated_query_is_answered_from_the_cache_without_a_statement() {
    let app = TestApp::new().await;
    let body = json!({ "query": SESSIONS, "variables": { "first": 5 } });
    let executions = app.executions();
    let first = post(&app, body.clone(), "application/json").await;
    assert_eq!(app.executions(), executions + 1.0);
    assert_eq!(cached(&app), 1);
    app.reset_statements();
    let again = post(&app, body.clone(), "application/json").await;
    assert_eq!(app.statements(), 0, "a hit runs no data query");
    assert_eq!(app.executions(), executions + 1.0, "a hit executes nothing");
    assert_eq!(again, first, "the same status, media type and bytes");
    // The GET of the same operation is the same answer: also a hit, with its ETag.
    let uri = format!(
        "/graphql?query={}&variables={}",
        urlencode(SESSIONS),
        urlencode(r#"{"first":5}"#)
    );
    app.reset_statements();
    let reply = app
        .send(
            Request::get(uri)
                .header(header::ACCEPT, "application/json")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!((reply.status, app.statements()), (StatusCode::OK, 0));
    assert_eq!(app.executions(), executions + 1.0);
    assert!(reply.headers.get(header::ETAG).is_some());
    assert_eq!(reply.body.to_string(), first.2);
}

fn urlencode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[tokio::test]
async fn variables_media_types_and_operation_names_never_share_an_entry() {
    let app = TestApp::new().await;
    let two_operations = "query A { themes { slug } } query B { themes { name } }";
    let requests = [
        (
            json!({ "query": SESSIONS, "variables": { "first": 1 } }),
            "application/json",
        ),
        (
            json!({ "query": SESSIONS, "variables": { "first": 2 } }),
            "application/json",
        ),
        (
            json!({ "query": SESSIONS, "variables": { "first": 1 } }),
            "application/graphql-response+json",
        ),
        (
            json!({ "query": two_operations, "operationName": "A" }),
            "application/json",
        ),
        (
            json!({ "query": two_operations, "operationName": "B" }),
            "application/json",
        ),
    ];
    let mut answers = Vec::new();
    for (body, accept) in &requests {
        let executions = app.executions();
        let answer = post(&app, body.clone(), accept).await;
        assert_eq!(
            app.executions(),
            executions + 1.0,
            "a new entry is executed: {body}"
        );
        answers.push(answer);
    }
    assert_eq!(cached(&app), requests.len());
    assert_ne!(answers[0].2, answers[1].2, "other variables, other answer");
    assert_eq!(
        answers[2].1,
        "application/graphql-response+json; charset=utf-8"
    );
    assert_ne!(answers[3].2, answers[4].2);
    // And each is then a hit of its own.
    for ((body, accept), answer) in requests.iter().zip(&answers) {
        let executions = app.executions();
        assert_eq!(&post(&app, body.clone(), accept).await, answer);
        assert_eq!(app.executions(), executions);
    }
}

/// Loads the programme without its first break into `app`'s database, as `load-data` would.
async fn reload_smaller(app: &TestApp) {
    let smaller = data_dir_without_the_first_break();
    let dataset = api::dataset::DatasetFiles::from_dir(smaller.path())
        .and_then(|files| files.validate())
        .unwrap();
    api::dataset::load(&app.db, &dataset).await.unwrap();
}

#[tokio::test]
async fn a_reload_invalidates_every_entry() {
    let app = TestApp::rereading_the_data_version().await;
    let body = json!({ "query": SESSIONS, "variables": { "first": 100 } });
    let before = post(&app, body.clone(), "application/json").await;
    assert!(before.2.contains("\"totalCount\":13"));
    reload_smaller(&app).await;
    app.reset_statements();
    let after = post(&app, body, "application/json").await;
    assert!(app.statements() > 0, "executed again");
    assert!(after.2.contains("\"totalCount\":12"), "{}", after.2);
}

/// The data version is trusted for `--data-version-max-age`: within it, hits are served
/// without reading even the version, so a reload is not seen yet (the documented bound, and
/// the reason a hit costs nothing); once it has passed, the reload is seen.
#[tokio::test]
async fn a_reload_reaches_cached_answers_within_the_data_version_bound() {
    let body = json!({ "query": SESSIONS, "variables": { "first": 100 } });
    let trusting = TestApp::with_config(|config| {
        config.http.data_version_max_age = Duration::from_secs(3600);
    })
    .await;
    let before = post(&trusting, body.clone(), "application/json").await;
    reload_smaller(&trusting).await;
    trusting.reset_statements();
    assert_eq!(
        post(&trusting, body.clone(), "application/json").await,
        before
    );
    assert_eq!(
        trusting.statements(),
        0,
        "within the bound: not even the version is read"
    );

    let bounded = TestApp::with_config(|config| {
        config.http.data_version_max_age = Duration::from_millis(200);
    })
    .await;
    let before = post(&bounded, body.clone(), "application/json").await;
    assert!(before.2.contains("\"totalCount\":13"));
    reload_smaller(&bounded).await;
    // Polled, not timed: the test asserts that the reload is seen, not how fast.
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    loop {
        let now = post(&bounded, body.clone(), "application/json").await;
        if now.2.contains("\"totalCount\":12") {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the reload was never seen"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn errors_and_refusals_are_never_kept() {
    let app = TestApp::new().await;
    let failing = [
        json!({ "query": "{ sessions(first: 101) { totalCount } }" }),
        json!({ "query": "{ node(id: \"not an id\") { id } }" }),
        json!({ "query": "{ sessions { nodes { startsAt(timeZone: \"Mars/Olympus\") } } }" }),
        json!({ "query": "{ nope }" }),
        json!({ "query": "{ a: __typename".to_owned() + &" a: __typename".repeat(40) + " }" }),
        json!({ "query": "{ sessions { nodes { speakers { sessions { speakers { sessions { speakers { sessions { speakers { name } } } } } } } } } }" }),
    ];
    for body in failing {
        for _ in 0..2 {
            let (_, _, answer) = post(&app, body.clone(), "application/json").await;
            assert!(answer.contains("\"errors\""), "{answer}");
        }
    }
    assert_eq!(cached(&app), 0);
}

#[tokio::test]
async fn size_zero_turns_the_cache_off() {
    let app = TestApp::with_config(|config| config.http.response_cache_size = 0).await;
    assert!(app.state.response_cache.is_none());
    let body = json!({ "query": SESSIONS });
    for _ in 0..2 {
        let executions = app.executions();
        post(&app, body.clone(), "application/json").await;
        assert_eq!(app.executions(), executions + 1.0, "every request executes");
    }
}
