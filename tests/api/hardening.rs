//! One test per protection of the public endpoint: operation limits, HTTP limits, the public
//! surface switches, request ids, metrics and panics.

use std::time::Duration;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use axum::routing::get;
use serde_json::{Value, json};
use tower::ServiceExt;

use crate::support::{TestApp, error_codes};

/// `(code, limit)` of the single error of `body`.
fn limit_of(body: &Value) -> (String, String) {
    let extensions = &body["errors"][0]["extensions"];
    (
        extensions["code"].as_str().unwrap_or("<none>").to_owned(),
        extensions["limit"].as_str().unwrap_or("<none>").to_owned(),
    )
}

fn exceeded(limit: &str) -> (String, String) {
    ("OPERATION_LIMIT_EXCEEDED".to_owned(), limit.to_owned())
}

#[tokio::test]
async fn query_depth_is_limited() {
    // Single-valued fields only, so that complexity stays low and depth alone decides.
    let app = TestApp::with_config(|c| c.limits.max_depth = 4).await;
    app.reset_statements();
    let body = app
        .query("{ event { contact { organisation { city { name } } } } }")
        .await;
    assert_eq!(limit_of(&body), exceeded("depth"), "{body}");
    assert_eq!(app.statements(), 0, "refused before touching the database");
    let within = app
        .query("{ event { contact { organisation { name } } } }")
        .await;
    assert!(within.get("errors").is_none(), "{within}");
}

#[tokio::test]
async fn complexity_multiplies_by_the_page_size() {
    let app = TestApp::new().await;
    let query = |first: i32| {
        format!(
            "{{ sessions(first: {first}) {{ nodes {{ speakers {{ sessions {{ speakers {{ name role }} }} }} }} }} }}"
        )
    };
    let small = app.query(&query(1)).await;
    assert!(small.get("errors").is_none(), "{small}");
    let large = app.query(&query(100)).await;
    assert_eq!(limit_of(&large), exceeded("complexity"), "{large}");
}

#[tokio::test]
async fn aliases_and_root_fields_are_limited() {
    let app = TestApp::new().await;
    let aliases: String = (0..31)
        .map(|i| format!("t{i}: themes {{ slug }} "))
        .collect();
    assert_eq!(
        limit_of(&app.query(&format!("{{ {aliases} }}")).await),
        exceeded("aliases")
    );
    let roots = "themes { slug } ".repeat(21);
    assert_eq!(
        limit_of(&app.query(&format!("{{ {roots} }}")).await),
        exceeded("rootFields")
    );
    let fine: String = (0..5)
        .map(|i| format!("t{i}: themes {{ slug }} "))
        .collect();
    assert!(
        app.query(&format!("{{ {fine} }}"))
            .await
            .get("errors")
            .is_none()
    );
}

#[tokio::test]
async fn directives_per_field_are_limited() {
    let app = TestApp::new().await;
    let body = app.query("{ event { name @include(if: true) @include(if: true) @include(if: true) @include(if: true) @include(if: true) } }").await;
    assert_eq!(limit_of(&body), exceeded("directives"), "{body}");
}

#[tokio::test]
async fn nesting_size_and_tokens_are_limited_before_parsing() {
    let app = TestApp::with_config(|c| c.http.max_body_bytes = 2 * 1024 * 1024).await;
    app.reset_statements();
    let nested = format!("{{ event {}{} }}", "{".repeat(40), "}".repeat(40));
    assert_eq!(limit_of(&app.query(&nested).await), exceeded("nesting"));
    let tokens = format!("{{ event {{ {} }} }}", "name ".repeat(2_100));
    assert_eq!(limit_of(&app.query(&tokens).await), exceeded("queryTokens"));
    // A megabyte of `{a a a ...}`: refused by size, never parsed.
    let megabyte = format!("{{{}}}", " a".repeat(512 * 1024));
    assert_eq!(
        limit_of(&app.query(&megabyte).await),
        exceeded("queryBytes")
    );
    assert_eq!(app.statements(), 0);
}

#[tokio::test]
async fn batches_are_off_by_default_and_bounded_when_on() {
    let app = TestApp::new().await;
    let batch = r#"[{"query":"{ themes { slug } }"},{"query":"{ event { name } }"}]"#;
    let reply = app.post("/graphql", "application/json", batch).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(limit_of(&reply.body), exceeded("batch"));

    let app = TestApp::with_config(|c| c.limits.max_batch_size = 2).await;
    let reply = app.post("/graphql", "application/json", batch).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(
        reply.body[1],
        json!({ "data": { "event": { "name": "EU-Japan 100 Cities Event on Climate Action" } } })
    );
    let three = r#"[{"query":"{ event { name } }"},{"query":"{ event { name } }"},{"query":"{ event { name } }"}]"#;
    let reply = app.post("/graphql", "application/json", three).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(limit_of(&reply.body), exceeded("batch"));
}

#[tokio::test]
async fn bodies_over_the_limit_get_413_whether_or_not_they_declare_their_length() {
    let app = TestApp::with_config(|c| c.http.max_body_bytes = 1024).await;
    let big =
        json!({ "query": format!("{{ event {{ name }} }} #{}", "x".repeat(4096)) }).to_string();
    let declared = Request::post("/graphql")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::CONTENT_LENGTH, big.len())
        .body(Body::from(big.clone()))
        .unwrap();
    let reply = app.send(declared).await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(error_codes(&reply.body), ["PAYLOAD_TOO_LARGE"]);
    // Chunked: no Content-Length, the limit applies while reading.
    let chunks = futures_util::stream::iter(
        big.into_bytes()
            .chunks(256)
            .map(|c| Ok::<_, std::io::Error>(c.to_vec()))
            .collect::<Vec<_>>(),
    );
    let request = Request::post("/graphql")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from_stream(chunks))
        .unwrap();
    let reply = app.send(request).await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(error_codes(&reply.body), ["PAYLOAD_TOO_LARGE"]);
}

/// A POST whose body never arrives: the request stays in flight until something stops it.
fn never_ending_request() -> Request<Body> {
    Request::post("/graphql")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from_stream(futures_util::stream::pending::<
            Result<Vec<u8>, std::io::Error>,
        >()))
        .unwrap()
}

#[tokio::test]
async fn a_request_that_takes_too_long_is_stopped_with_503() {
    let app = TestApp::with_config(|c| c.http.request_timeout = Duration::from_millis(50)).await;
    let reply = tokio::time::timeout(Duration::from_secs(60), app.send(never_ending_request()))
        .await
        .unwrap();
    assert_eq!(reply.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(error_codes(&reply.body), ["REQUEST_TIMEOUT"]);
    assert!(reply.headers.contains_key(header::RETRY_AFTER));
}

#[tokio::test]
async fn requests_beyond_the_concurrency_limit_are_shed_with_503_and_retry_after() {
    let app = TestApp::with_config(|c| {
        c.http.max_concurrent_requests = 1;
        c.http.request_timeout = Duration::from_secs(600);
    })
    .await;
    let hog = tokio::spawn(app.router().oneshot(never_ending_request()));
    let mut shed = None;
    for _ in 0..500 {
        let reply = app.get("/healthz").await;
        if reply.status == StatusCode::SERVICE_UNAVAILABLE {
            shed = Some(reply);
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let shed = shed.expect("a second request while the only slot is taken must be shed");
    assert_eq!(error_codes(&shed.body), ["SERVICE_OVERLOADED"]);
    assert_eq!(shed.headers[header::RETRY_AFTER], "1");
    hog.abort();
}

#[tokio::test]
async fn clients_over_their_rate_get_429_with_retry_after() {
    let app = TestApp::with_config(|c| {
        c.http.rate_limit_per_second = 1;
        c.http.rate_limit_burst = 2;
    })
    .await;
    let mut statuses = Vec::new();
    for _ in 0..10 {
        statuses.push(app.get("/schedule.json").await);
    }
    assert_eq!(statuses[0].status, StatusCode::OK);
    let limited = statuses
        .iter()
        .find(|r| r.status == StatusCode::TOO_MANY_REQUESTS)
        .expect("the rate limit must refuse some of 10 requests");
    assert_eq!(error_codes(&limited.body), ["RATE_LIMITED"]);
    assert!(limited.headers.contains_key(header::RETRY_AFTER));
}

#[tokio::test]
async fn behind_a_trusted_proxy_each_forwarded_client_has_its_own_rate() {
    let app = TestApp::with_config(|c| {
        c.http.rate_limit_per_second = 1;
        c.http.rate_limit_burst = 1;
        c.http.trusted_proxies = 1;
    })
    .await;
    // The proxy appends the address it received from; whatever the client wrote itself stands
    // to the left of it (the security review's bypass: a new made-up address each time).
    let from = |client: &str, claimed: usize| {
        Request::get("/graphql?query=%7B__typename%7D")
            .header("x-forwarded-for", format!("198.51.100.{claimed}, {client}"))
            .body(Body::empty())
            .unwrap()
    };
    let mut first_client = Vec::new();
    for claimed in 0..10 {
        first_client.push(app.send(from("203.0.113.7", claimed)).await.status);
    }
    let limited = first_client
        .iter()
        .filter(|s| **s == StatusCode::TOO_MANY_REQUESTS)
        .count();
    assert!(limited >= 8, "{first_client:?}");
    // Another client behind the same proxy still has its whole burst.
    assert_eq!(
        app.send(from("198.51.100.23", 0)).await.status,
        StatusCode::OK
    );
    // Probes and scrapes are never rate-limited.
    for _ in 0..5 {
        for path in ["/healthz", "/readyz", "/metrics"] {
            let probe = Request::get(path)
                .header("x-forwarded-for", "203.0.113.7")
                .body(Body::empty())
                .unwrap();
            assert_eq!(app.send(probe).await.status, StatusCode::OK, "{path}");
        }
    }
}

#[tokio::test]
async fn introspection_suggestions_and_graphiql_can_each_be_switched_off() {
    let open = TestApp::new().await;
    let introspection = "{ __schema { queryType { name } } }";
    assert_eq!(
        open.query(introspection).await,
        json!({ "data": { "__schema": { "queryType": { "name": "Query" } } } })
    );
    assert!(
        open.query("{ evnt { name } }")
            .await
            .to_string()
            .contains("Did you mean")
    );
    assert_eq!(open.get("/graphiql").await.status, StatusCode::OK);

    let closed = TestApp::with_config(|c| {
        c.surface.introspection = Some(false);
        c.surface.field_suggestions = false;
        c.surface.graphiql = Some(false);
    })
    .await;
    assert_eq!(
        closed.query(introspection).await,
        json!({ "data": { "__schema": null } })
    );
    assert!(
        !closed
            .query("{ evnt { name } }")
            .await
            .to_string()
            .contains("Did you mean")
    );
    assert_eq!(closed.get("/graphiql").await.status, StatusCode::NOT_FOUND);
    assert_eq!(closed.get("/").await.status, StatusCode::NOT_FOUND);
    assert!(
        closed
            .query("{ event { name } }")
            .await
            .get("errors")
            .is_none()
    );
}

#[tokio::test]
async fn cors_allows_the_configured_origins_only() {
    let app = TestApp::with_config(|c| {
        c.surface.cors_allowed_origins = vec!["https://partner.example".into()]
    })
    .await;
    let preflight = |origin: &str| {
        Request::builder()
            .method(Method::OPTIONS)
            .uri("/graphql")
            .header(header::ORIGIN, origin)
            .header(header::ACCESS_CONTROL_REQUEST_METHOD, "POST")
            .body(Body::empty())
            .unwrap()
    };
    let allowed = app.send(preflight("https://partner.example")).await;
    assert_eq!(
        allowed.headers[header::ACCESS_CONTROL_ALLOW_ORIGIN],
        "https://partner.example"
    );
    let other = app.send(preflight("https://elsewhere.example")).await;
    assert!(
        !other
            .headers
            .contains_key(header::ACCESS_CONTROL_ALLOW_ORIGIN)
    );
}

#[tokio::test]
async fn request_ids_are_honoured_or_made() {
    let app = TestApp::new().await;
    let request = Request::get("/healthz")
        .header("x-request-id", "partner-42")
        .body(Body::empty())
        .unwrap();
    assert_eq!(
        app.send(request).await.headers["x-request-id"],
        "partner-42"
    );
    let made = app.get("/healthz").await;
    let id = made.headers["x-request-id"].to_str().unwrap();
    assert_eq!(id.len(), 36, "a UUID: {id}");
}

#[tokio::test]
async fn metrics_count_operations_outcomes_statements_and_rejections() {
    let app = TestApp::new().await;
    app.query("query Programme { themes { slug } }").await;
    app.query("query Broken { sessions(first: 500) { totalCount } }")
        .await;
    app.query("{ event { contact { organisation { city { country { cities { country { cities { country { cities { name } } } } } } } } } } }").await;
    let reply = app.get("/metrics").await;
    assert_eq!(reply.status, StatusCode::OK);
    let text = reply.body.as_str().unwrap();
    for line in [
        "graphql_requests_total{operation=\"Programme\",outcome=\"ok\"} 1",
        "graphql_requests_total{operation=\"Broken\",outcome=\"error\"} 1",
        "graphql_requests_total{operation=\"anonymous\",outcome=\"rejected\"} 1",
        "limit_rejections_total{limit=\"depth\"} 1",
        "http_requests_total{method=\"POST\",route=\"/graphql\",status=\"200\"} 3",
        "http_requests_in_flight 1",
    ] {
        assert!(text.contains(line), "`{line}` missing from:\n{text}");
    }
    assert!(
        text.contains("http_request_duration_seconds_bucket{le="),
        "{text}"
    );
    let statements: u64 = text
        .lines()
        .find_map(|l| l.strip_prefix("db_statements_total "))
        .and_then(|v| v.parse().ok())
        .expect("db_statements_total");
    assert!(statements >= 1);
}

/// A handler that panics with a message no client may see.
async fn boom() -> &'static str {
    panic!("secret detail in /root/src/boom.rs")
}

#[tokio::test]
async fn a_panic_becomes_a_generic_500_not_a_dropped_connection() {
    let app = TestApp::new().await;
    let routes = api::http::routes(&app.state).route("/boom", get(boom));
    let router = api::http::with_middleware(routes, app.state.clone());
    let response = router
        .oneshot(Request::get("/boom").body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
    let bytes = http_body_util::BodyExt::collect(response.into_body())
        .await
        .unwrap()
        .to_bytes();
    let body: Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(
        body,
        json!({ "errors": [{ "message": "internal error", "extensions": { "code": "INTERNAL_SERVER_ERROR" } }] })
    );
}

#[tokio::test]
async fn a_request_dropped_in_flight_leaves_the_in_flight_gauge() {
    let app = TestApp::new().await;
    // A body that never arrives keeps the request in flight until the client goes away.
    let stalled = Request::post("/graphql")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from_stream(futures_util::stream::pending::<
            Result<axum::body::Bytes, std::io::Error>,
        >()))
        .unwrap();
    let client = tokio::spawn(app.router().oneshot(stalled));
    let mut counted = false;
    for _ in 0..10_000 {
        if app
            .state
            .metrics
            .render()
            .contains("http_requests_in_flight 1")
        {
            counted = true;
            break;
        }
        tokio::task::yield_now().await;
    }
    assert!(counted, "the stalled request was never in flight");
    // The client disconnects: the request's future is dropped mid-flight.
    client.abort();
    assert!(client.await.unwrap_err().is_cancelled());
    // Only the /metrics request that asks is in flight now.
    let text = app.get("/metrics").await.body.as_str().unwrap().to_owned();
    assert!(text.contains("http_requests_in_flight 1\n"), "{text}");
}
