//! The HTTP surface: GET and POST, GraphiQL, redirects, CORS, health; one real TCP socket;
//! and the binary itself, started on a fresh database and stopped with SIGTERM.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use serde_json::{Value, json};

use crate::support::{TestApp, error_codes, raw_http, start_binary};

#[tokio::test]
async fn queries_work_over_get_too() {
    let app = TestApp::new().await;
    let reply = app
        .get("/graphql?query=%7B%20event%20%7B%20name%20%7D%20%7D")
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(
        reply.body,
        json!({ "data": { "event": { "name": "EU-Japan 100 Cities Event on Climate Action" } } })
    );
    let mutation = app.get("/graphql?query=mutation%20%7B%20x%20%7D").await;
    assert_eq!(error_codes(&mutation.body), ["GRAPHQL_VALIDATION_FAILED"]);
}

#[tokio::test]
async fn the_root_sends_a_browser_to_graphiql_which_points_at_the_endpoint() {
    let app = TestApp::new().await;
    let root = app.get("/").await;
    assert_eq!(root.status, StatusCode::SEE_OTHER);
    assert_eq!(root.headers[header::LOCATION], "/graphiql");
    let page = app.get("/graphiql").await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.body.as_str().unwrap();
    assert!(
        html.contains("graphiql") && html.contains("/graphql"),
        "{html}"
    );
}

#[tokio::test]
async fn any_origin_may_read() {
    let app = TestApp::new().await;
    let request = Request::post("/graphql")
        .header(header::ORIGIN, "https://partner.example")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(r#"{"query":"{ themes { slug } }"}"#))
        .unwrap();
    let reply = app.send(request).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.headers[header::ACCESS_CONTROL_ALLOW_ORIGIN], "*");
}

#[tokio::test]
async fn health_and_readiness() {
    let app = TestApp::new().await;
    assert_eq!(app.get("/healthz").await.body, json!({ "status": "ok" }));
    assert_eq!(app.get("/readyz").await.body, json!({ "status": "ready" }));
}

/// POSTs `query` to `addr` over a plain TCP connection; returns the status line and body.
fn post_over_tcp(addr: std::net::SocketAddr, query: &str) -> (String, Value) {
    let body = json!({ "query": query }).to_string();
    let response = raw_http(
        addr,
        &format!(
            "POST /graphql HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        ),
    );
    let (head, body) = response.split_once("\r\n\r\n").unwrap();
    let status = head.lines().next().unwrap().to_owned();
    // The body may be chunked: take the JSON object inside.
    let json = &body[body.find('{').unwrap()..=body.rfind('}').unwrap()];
    (status, serde_json::from_str(json).unwrap())
}

const PANEL_1_IN_JST: &str = r#"{ sessions(filter: { theme: "energy-security-and-resilience" }) { nodes { startsAt(timeZone: "Asia/Tokyo") speakers { name } } } }"#;

fn panel_1_in_jst() -> Value {
    json!({ "data": { "sessions": { "nodes": [{
        "startsAt": "2023-01-25T17:45:00+09:00",
        "speakers": [{ "name": "Atsushi Otsuki" }, { "name": "Tomoaki Yoshida" }, { "name": "Ivan Ivankovic" }, { "name": "Jacek Kisiel" }],
    }]}}})
}

#[tokio::test(flavor = "multi_thread")]
async fn the_app_answers_over_a_real_tcp_socket() {
    let app = TestApp::new().await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let router = api::app(app.state.clone());
    tokio::spawn(async move { axum::serve(listener, router).await });
    let (status, body) = tokio::task::spawn_blocking(move || post_over_tcp(addr, PANEL_1_IN_JST))
        .await
        .unwrap();
    assert_eq!(status, "HTTP/1.1 200 OK");
    assert_eq!(body, panel_1_in_jst());
}

#[test]
fn the_binary_serves_a_fresh_database_and_stops_cleanly_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let (mut child, addr) = start_binary(&dir.path().join("fresh.sqlite"), &[]);
    let (status, body) = post_over_tcp(addr, PANEL_1_IN_JST);
    assert_eq!(status, "HTTP/1.1 200 OK");
    assert_eq!(body, panel_1_in_jst());
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = child.wait().unwrap();
    assert!(status.success(), "exit status after SIGTERM: {status}");
}
