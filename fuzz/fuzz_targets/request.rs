//! Fuzzes the whole request path: the bytes become an HTTP request (method, content type and
//! body, or a GET query string) sent through the real router, middleware and limits, against
//! a real SQLite database loaded with the dataset. Any 5xx (a caught panic included) is a
//! finding.

#![no_main]

use std::sync::OnceLock;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, header};
use libfuzzer_sys::fuzz_target;
use tower::ServiceExt;

struct Harness {
    runtime: tokio::runtime::Runtime,
    router: Router,
    _dir: tempfile::TempDir,
}

fn harness() -> &'static Harness {
    static HARNESS: OnceLock<Harness> = OnceLock::new();
    HARNESS.get_or_init(|| {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!(
            "sqlite://{}?mode=rwc",
            dir.path().join("fuzz.sqlite").display()
        );
        let router = runtime.block_on(async {
            let db = api::db::connect(&url).await.expect("database");
            api::bootstrap::prepare(&db).await.expect("dataset");
            api::app(api::AppState::new(db, api::config::Config::default()))
        });
        Harness {
            runtime,
            router,
            _dir: dir,
        }
    })
}

/// The first byte chooses how the rest is sent.
fn request(data: &[u8]) -> Option<Request<Body>> {
    let (&selector, rest) = data.split_first()?;
    let builder = match selector % 4 {
        0 => Request::post("/graphql").header(header::CONTENT_TYPE, "application/json"),
        1 => {
            // The rest is a GraphQL document, wrapped in a well-formed JSON request.
            let query = String::from_utf8_lossy(rest);
            let body = format!("{{\"query\":{}}}", escape(&query));
            return Request::post("/graphql")
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(body))
                .ok();
        }
        2 => {
            let query: String = rest.iter().map(|b| format!("%{b:02X}")).collect();
            return Request::get(format!("/graphql?query={query}"))
                .body(Body::empty())
                .ok();
        }
        _ => Request::post("/graphql").header(header::CONTENT_TYPE, "text/plain"),
    };
    builder.body(Body::from(rest.to_vec())).ok()
}

/// A JSON string literal.
fn escape(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fuzz_target!(|data: &[u8]| {
    let Some(request) = request(data) else { return };
    let harness = harness();
    let response = harness
        .runtime
        .block_on(harness.router.clone().oneshot(request))
        .expect("the router is infallible");
    let status = response.status();
    assert!(!status.is_server_error(), "{status} for input {data:?}");
    let body = harness
        .runtime
        .block_on(http_body_util::BodyExt::collect(response.into_body()))
        .expect("body")
        .to_bytes();
    if status.is_success() || status.is_client_error() {
        assert!(
            body.is_empty() || serde_json_like(&body),
            "non-JSON body for input {data:?}"
        );
    }
});

/// Error and data bodies are JSON objects or arrays (404/405 bodies are empty).
fn serde_json_like(body: &[u8]) -> bool {
    matches!(body.first(), Some(b'{' | b'['))
}
