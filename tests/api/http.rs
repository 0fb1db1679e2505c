//! The HTTP surface: GET and POST, GraphiQL, redirects, CORS, health; one real TCP socket;
//! and the binary itself, started on a fresh database and stopped with SIGTERM.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use serde_json::{Value, json};

use crate::support::{EmptyDatabase, TestApp, error_codes, raw_http, start_binary};

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
    // GET runs queries only: a mutation is 405 with `Allow: POST` (even one the schema lacks).
    let mutation = app.get("/graphql?query=mutation%20%7B%20x%20%7D").await;
    assert_eq!(mutation.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(mutation.headers[header::ALLOW], "POST");
    assert_eq!(error_codes(&mutation.body), ["METHOD_NOT_ALLOWED"]);
}

#[tokio::test]
async fn subscriptions_run_over_websocket_only() {
    let app = TestApp::new().await;
    // Over GET: 405, as any operation but a query.
    let get = app
        .get("/graphql?query=subscription%20%7B%20dataRevision%20%7B%20version%20%7D%20%7D")
        .await;
    assert_eq!(get.status, StatusCode::METHOD_NOT_ALLOWED);
    // Over POST: refused before execution, naming the transport that runs it.
    let body = json!({ "query": "subscription { dataRevision { version } }" });
    let post = app
        .post("/graphql", "application/json", body.to_string())
        .await;
    assert_eq!(error_codes(&post.body), ["GRAPHQL_VALIDATION_FAILED"]);
    let message = post.body["errors"][0]["message"]
        .as_str()
        .unwrap_or_default();
    assert!(message.contains("Upgrade: websocket"), "{message}");
    assert!(post.body.get("data").is_none(), "{}", post.body);
    // A GET that asks for an upgrade without a subprotocol the service speaks: 400.
    let request = Request::get("/graphql")
        .header(header::UPGRADE, "websocket")
        .header(header::CONNECTION, "upgrade")
        .body(Body::empty())
        .unwrap();
    let upgrade = app.send(request).await;
    assert_eq!(upgrade.status, StatusCode::BAD_REQUEST);
    assert_eq!(error_codes(&upgrade.body), ["BAD_REQUEST"]);
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

#[tokio::test]
async fn the_binary_serves_a_fresh_database_and_stops_cleanly_on_sigterm() {
    let database = EmptyDatabase::new().await;
    let (mut child, addr) = start_binary(&database.url, &[]);
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

/// Sends `request` with `Accept: accept` (none when `None`); returns status, content type, body.
async fn negotiated(
    app: &TestApp,
    accept: Option<&str>,
    body: &str,
) -> (StatusCode, String, Value) {
    let mut request = Request::post("/graphql").header(header::CONTENT_TYPE, "application/json");
    if let Some(accept) = accept {
        request = request.header(header::ACCEPT, accept);
    }
    let reply = app
        .send(request.body(Body::from(body.to_owned())).unwrap())
        .await;
    let content_type = reply
        .headers
        .get(header::CONTENT_TYPE)
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (reply.status, content_type, reply.body)
}

#[tokio::test]
async fn answers_follow_the_graphql_over_http_media_types_and_statuses() {
    let app = TestApp::new().await;
    let ok = r#"{"query":"{ themes { slug } }"}"#;
    let unparsable = r#"{"query":"{ themes { "}"#;
    let invalid = r#"{"query":"{ planets }"}"#;
    let bad_variable = r#"{"query":"query($n: Int) { sessions(first: $n) { totalCount } }","variables":{"n":"many"}}"#;
    let json = "application/json; charset=utf-8";
    let gql = "application/graphql-response+json; charset=utf-8";
    // Without Accept, with */* and with application/json: JSON, 200 even for request errors.
    for accept in [None, Some("*/*"), Some("application/json")] {
        let (status, content_type, body) = negotiated(&app, accept, ok).await;
        assert_eq!(
            (status, content_type.as_str()),
            (StatusCode::OK, json),
            "{accept:?}"
        );
        assert!(body["data"]["themes"].is_array());
        let (status, _, body) = negotiated(&app, accept, unparsable).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(error_codes(&body), ["GRAPHQL_PARSE_FAILED"]);
        assert!(body.get("data").is_none(), "{body}");
    }
    // application/graphql-response+json: a request error is 400 without `data`.
    let accept = Some("application/graphql-response+json");
    let (status, content_type, _) = negotiated(&app, accept, ok).await;
    assert_eq!((status, content_type.as_str()), (StatusCode::OK, gql));
    for (body, code) in [
        (unparsable, "GRAPHQL_PARSE_FAILED"),
        (invalid, "GRAPHQL_VALIDATION_FAILED"),
        (bad_variable, "GRAPHQL_VALIDATION_FAILED"),
    ] {
        let (status, content_type, answer) = negotiated(&app, accept, body).await;
        assert_eq!(
            (status, content_type.as_str()),
            (StatusCode::BAD_REQUEST, gql),
            "{answer}"
        );
        let codes = error_codes(&answer);
        assert!(
            !codes.is_empty() && codes.iter().all(|c| c == code),
            "{answer}"
        );
        assert!(answer.get("data").is_none(), "{answer}");
    }
    // A field error during execution keeps 200 and its (null) data.
    let (status, _, answer) = negotiated(
        &app,
        accept,
        r#"{"query":"{ sessions(first: 500) { totalCount } }"}"#,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(answer["data"], Value::Null);
    // Qualities decide; nothing acceptable is 406.
    let (_, content_type, _) = negotiated(
        &app,
        Some("application/graphql-response+json;q=0.4, application/json"),
        ok,
    )
    .await;
    assert_eq!(content_type, json);
    let (status, _, answer) = negotiated(&app, Some("text/html"), ok).await;
    assert_eq!(status, StatusCode::NOT_ACCEPTABLE);
    assert_eq!(error_codes(&answer), ["NOT_ACCEPTABLE"]);
    // operationName and extensions travel over GET too.
    let reply = app
        .get("/graphql?query=query%20A%20%7B%20themes%20%7B%20slug%20%7D%20%7D%20query%20B%20%7B%20event%20%7B%20name%20%7D%20%7D&operationName=B&extensions=%7B%7D")
        .await;
    assert_eq!(
        reply.body["data"]["event"]["name"],
        "EU-Japan 100 Cities Event on Climate Action"
    );
}

/// POSTs a JSON `body` and returns the answer's text exactly as sent.
async fn post_text(app: &TestApp, body: String) -> String {
    let request = Request::post("/graphql")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body))
        .unwrap();
    let response = tower::ServiceExt::oneshot(app.router(), request)
        .await
        .unwrap();
    let bytes = http_body_util::BodyExt::collect(response.into_body())
        .await
        .unwrap()
        .to_bytes();
    String::from_utf8_lossy(&bytes).into_owned()
}

#[tokio::test]
async fn answers_keep_the_order_of_the_selection() {
    let app = TestApp::new().await;
    let query = "{ sessions(first: 1) { totalCount nodes { title startsAt kind } } }";
    assert_eq!(
        post_text(&app, json!({ "query": query }).to_string()).await,
        r#"{"data":{"sessions":{"totalCount":13,"nodes":[{"title":"Opening Remarks","startsAt":"2023-01-25T08:00:00+00:00","kind":"OPENING"}]}}}"#
    );
    // Fields that resolve through loaders finish in any order (async-graphql inserts them as
    // they finish); the answer still follows the selection, through fragments and aliases.
    let query = "{ cityPairings(filter: { city: \"Q2l0eTpreW90bw\" }) { ...P } } fragment P on CityPairing { j: japanCity { name } euCity { name } sessions { title } themes { slug } }";
    let text = post_text(&app, json!({ "query": query }).to_string()).await;
    let start = text.find("[{").expect(&text);
    let first = &text[start..start + text[start..].find("}]}").expect(&text)];
    let positions: Vec<usize> = ["\"j\"", "\"euCity\"", "\"sessions\"", "\"themes\""]
        .iter()
        .map(|key| first.find(key).unwrap_or(usize::MAX))
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{first}");
}

#[tokio::test]
async fn graphiql_is_served_from_the_binary_under_a_content_security_policy() {
    let app = TestApp::new().await;
    let page = app.get("/graphiql").await;
    let policy = page.headers[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        policy.starts_with("default-src 'none'; script-src 'self' 'sha256-"),
        "{policy}"
    );
    let html = page.body.as_str().unwrap().to_owned();
    assert!(
        !html.contains("https://"),
        "no asset from elsewhere: {html}"
    );
    for asset in [
        "graphiql.min.js",
        "graphiql.min.css",
        "react.production.min.js",
        "react-dom.production.min.js",
    ] {
        let reply = app.get(&format!("/graphiql/assets/3.8.3/{asset}")).await;
        assert_eq!(reply.status, StatusCode::OK, "{asset}");
        assert_eq!(
            reply.headers[header::CACHE_CONTROL],
            "public, max-age=31536000, immutable"
        );
    }
    let missing = app.get("/graphiql/assets/3.8.3/nothing.js").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(error_codes(&missing.body), ["NOT_FOUND"]);
}
