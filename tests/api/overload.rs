//! More requests than database connections: a request's snapshot holds a connection for the
//! whole request, so requests beyond the pool wait in a first-come queue
//! (`--db-queue-timeout`) and, past it, are shed with 503 `SERVICE_OVERLOADED` and
//! `Retry-After`. What needs no connection (a cached answer, a 304) is answered all the same.

use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use serde_json::json;
use tower::ServiceExt;

use crate::support::{
    EmptyDatabase, Reply, TestApp, error_codes, get_text, graphql_post_text, raw_http, start_binary,
};

const THEMES: &str = "{ themes { slug } }";

/// An app whose gate admits one request at a time (a pool of two: one kept for the service's
/// own reads), requests waiting at most `queue_timeout`.
async fn one_at_a_time(queue_timeout: Duration, response_cache_size: usize) -> TestApp {
    TestApp::with_config(|config| {
        config.db_max_connections = 2;
        config.db_queue_timeout = queue_timeout;
        config.http.response_cache_size = response_cache_size;
    })
    .await
}

/// POSTs a query no earlier request asked (so not a cache hit).
async fn event_name(app: &TestApp) -> Reply {
    app.post(
        "/graphql",
        "application/json",
        json!({ "query": "{ event { name } }" }).to_string(),
    )
    .await
}

fn graphql_post(query: &str) -> Request<Body> {
    Request::post("/graphql")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(json!({ "query": query }).to_string()))
        .unwrap()
}

#[tokio::test]
async fn a_request_beyond_the_connections_waits_its_turn_and_is_answered() {
    let app = one_at_a_time(Duration::from_secs(600), 0).await;
    let held = app.state.gate.admit().await.unwrap();
    let waiting = tokio::spawn(app.router().oneshot(graphql_post(THEMES)));
    while app.state.gate.waiting() == 0 {
        tokio::task::yield_now().await;
    }
    assert!(!waiting.is_finished(), "it must wait for the connection");
    drop(held);
    let response = waiting.await.unwrap().unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(app.state.gate.waiting(), 0);
}

#[tokio::test]
async fn past_the_queue_timeout_requests_are_shed_with_503_service_overloaded_and_retry_after() {
    // A zero wait: a request is admitted if a place is free at once, shed otherwise.
    let app = one_at_a_time(Duration::ZERO, 1000).await;
    assert_eq!(
        app.query(THEMES).await["data"]["themes"][0]["slug"],
        "energy-security-and-resilience"
    );
    let held = app.state.gate.admit().await.unwrap();

    let reply = event_name(&app).await;
    assert_eq!(
        reply.status,
        StatusCode::SERVICE_UNAVAILABLE,
        "{}",
        reply.body
    );
    assert_eq!(error_codes(&reply.body), ["SERVICE_OVERLOADED"]);
    assert_eq!(reply.headers[header::RETRY_AFTER], "1");
    assert_eq!(reply.headers[header::CACHE_CONTROL], "no-store");
    // A document that reads the database waits for a connection like a query; one rendered
    // from the programme in memory needs none.
    let feed = app.get("/export/provenance.csv").await;
    assert_eq!(feed.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(error_codes(&feed.body), ["SERVICE_OVERLOADED"]);
    assert_eq!(feed.headers[header::RETRY_AFTER], "1");
    assert_eq!(app.get("/schedule.ics").await.status, StatusCode::OK);
    // A cached answer needs no connection: still served.
    assert_eq!(
        app.query(THEMES).await["data"]["themes"][0]["slug"],
        "energy-security-and-resilience"
    );
    let metrics = app.get("/metrics").await.body;
    assert!(
        metrics
            .as_str()
            .unwrap()
            .contains("limit_rejections_total{limit=\"databaseQueue\"} 2"),
        "{metrics}"
    );

    drop(held);
    let reply = event_name(&app).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(app.get("/schedule.ics").await.status, StatusCode::OK);
}

#[tokio::test]
async fn many_more_concurrent_requests_than_connections_all_succeed_within_the_queue_bound() {
    let database = EmptyDatabase::new().await;
    let url = database.url.clone();
    let (mut child, addr) = tokio::task::spawn_blocking(move || {
        start_binary(
            &url,
            &[
                ("DB_MAX_CONNECTIONS", "2"),
                ("DB_QUEUE_TIMEOUT", "600s"),
                ("RESPONSE_CACHE_SIZE", "0"),
            ],
        )
    })
    .await
    .unwrap();
    let clients: Vec<_> = (0..24)
        .map(|client| {
            std::thread::spawn(move || {
                // Each asks something of its own: no two answers could be shared.
                let body = json!({ "query": format!("{{ c{client}: sessions(first: 100) {{ totalCount }} }}") }).to_string();
                raw_http(addr, &graphql_post_text(addr, &body))
            })
        })
        .collect();
    for (client, answer) in clients.into_iter().enumerate() {
        let answer = answer.join().unwrap();
        assert!(answer.starts_with("HTTP/1.1 200 OK"), "{answer}");
        assert!(
            answer.contains(&format!("{{\"c{client}\":{{\"totalCount\":13}}}}")),
            "{answer}"
        );
    }
    let metrics = raw_http(addr, &get_text(addr, "/metrics"));
    assert!(!metrics.contains("limit=\"databaseQueue\""), "{metrics}");
    child.kill().unwrap();
    child.wait().unwrap();
}
