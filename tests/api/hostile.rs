//! Hostile input: every case gets a clean 4xx or a coded GraphQL error, shows no internal
//! text, is refused before any SQL where it should be (the deterministic sign of a cheap
//! answer), and leaves the service answering normal queries.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use serde_json::{Value, json};

use crate::support::{Reply, TestApp, error_codes};

/// Words that only internal detail would contain.
const INTERNALS: [&str; 9] = [
    "sqlx",
    "sea_orm",
    "SELECT ",
    "sqlite",
    "panicked",
    ".rs:",
    "/root/",
    "/home/",
    "backtrace",
];

struct Case {
    name: &'static str,
    request: Request<Body>,
    /// The HTTP status expected.
    status: StatusCode,
    /// The `extensions.code` expected on the first error (None: no error expected).
    code: Option<&'static str>,
    /// Whether the request may reach the database.
    touches_db: bool,
}

fn post_json(body: impl Into<Body>) -> Request<Body> {
    Request::post("/graphql")
        .header(header::CONTENT_TYPE, "application/json")
        .body(body.into())
        .unwrap()
}

fn post_query(query: &str) -> Request<Body> {
    post_json(json!({ "query": query }).to_string())
}

fn get(uri: &str) -> Request<Body> {
    Request::get(uri).body(Body::empty()).unwrap()
}

fn cases() -> Vec<Case> {
    let deep = format!(
        "{{ sessions {{ nodes {} title {} }} }}",
        "{ speakers { sessions ".repeat(15),
        "} } ".repeat(15)
    );
    let very_deep = format!(
        "{{ event {{ contact {{ organisation {{ city {}name{} }} }} }} }}",
        "{ pairings { euCity ".repeat(12),
        " } }".repeat(12)
    );
    let alias_flood: String = (0..1000)
        .map(|i| format!("a{i}: event {{ name }} "))
        .collect();
    let duplicate_flood = format!("{{ event {{ {} }} }}", "name ".repeat(1900));
    let directive_overload = format!(
        "{{ event {{ name {} }} }}",
        "@include(if: true) ".repeat(50)
    );
    let batch: Vec<Value> = (0..1000)
        .map(|_| json!({ "query": "{ event { name } }" }))
        .collect();
    let nested_variables = format!(
        "{{\"query\":\"{{ event {{ name }} }}\",\"variables\":{{\"v\":{}1{}}}}}",
        "[".repeat(5000),
        "]".repeat(5000)
    );
    vec![
        Case {
            name: "deep nesting",
            request: post_query(&deep),
            status: StatusCode::OK,
            code: Some("OPERATION_LIMIT_EXCEEDED"),
            touches_db: false,
        },
        Case {
            name: "deeper than the limit",
            request: post_query(&very_deep),
            status: StatusCode::OK,
            code: Some("OPERATION_LIMIT_EXCEEDED"),
            touches_db: false,
        },
        Case {
            name: "alias flood",
            request: post_query(&format!("{{ {alias_flood} }}")),
            status: StatusCode::OK,
            code: Some("OPERATION_LIMIT_EXCEEDED"),
            touches_db: false,
        },
        Case {
            name: "duplicate-field flood",
            request: post_query(&duplicate_flood),
            status: StatusCode::OK,
            code: None,
            touches_db: true,
        },
        Case {
            name: "huge body",
            request: post_json(vec![b' '; 10 * 1024 * 1024]),
            status: StatusCode::PAYLOAD_TOO_LARGE,
            code: Some("PAYLOAD_TOO_LARGE"),
            touches_db: false,
        },
        Case {
            name: "large batch",
            request: post_json(Value::Array(batch).to_string()),
            status: StatusCode::BAD_REQUEST,
            code: Some("OPERATION_LIMIT_EXCEEDED"),
            touches_db: false,
        },
        Case {
            name: "malformed JSON",
            request: post_json(r#"{"query": "{ event { name } }""#),
            status: StatusCode::BAD_REQUEST,
            code: Some("BAD_REQUEST"),
            touches_db: false,
        },
        Case {
            name: "non-UTF-8 body",
            request: post_json(vec![0xff, 0xfe, 0xfd, b'{', 0x80]),
            status: StatusCode::BAD_REQUEST,
            code: Some("BAD_REQUEST"),
            touches_db: false,
        },
        Case {
            name: "non-UTF-8 inside a JSON string",
            request: post_json(b"{\"query\":\"{ event { \xff } }\"}".to_vec()),
            status: StatusCode::BAD_REQUEST,
            code: Some("BAD_REQUEST"),
            touches_db: false,
        },
        Case {
            name: "wrong content type",
            request: Request::post("/graphql")
                .header(header::CONTENT_TYPE, "application/xml")
                .body(Body::from("<query>event</query>"))
                .unwrap(),
            status: StatusCode::UNSUPPORTED_MEDIA_TYPE,
            code: Some("UNSUPPORTED_MEDIA_TYPE"),
            touches_db: false,
        },
        Case {
            name: "multipart without a boundary",
            request: Request::post("/graphql")
                .header(header::CONTENT_TYPE, "multipart/form-data")
                .body(Body::from("--x--"))
                .unwrap(),
            status: StatusCode::UNSUPPORTED_MEDIA_TYPE,
            code: Some("UNSUPPORTED_MEDIA_TYPE"),
            touches_db: false,
        },
        Case {
            name: "integer overflow",
            request: post_query("{ sessions(first: 99999999999999999999) { totalCount } }"),
            status: StatusCode::OK,
            code: Some("GRAPHQL_VALIDATION_FAILED"),
            touches_db: false,
        },
        Case {
            name: "integer just past i32",
            request: post_query("{ sessions(first: -2147483649) { totalCount } }"),
            status: StatusCode::OK,
            code: Some("GRAPHQL_VALIDATION_FAILED"),
            touches_db: false,
        },
        Case {
            name: "directive overload",
            request: post_query(&directive_overload),
            status: StatusCode::OK,
            code: Some("OPERATION_LIMIT_EXCEEDED"),
            touches_db: false,
        },
        Case {
            name: "fragment cycle",
            request: post_query(
                "{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }",
            ),
            status: StatusCode::OK,
            code: Some("GRAPHQL_VALIDATION_FAILED"),
            touches_db: false,
        },
        Case {
            name: "long string argument",
            request: post_query(&format!(
                "{{ sessions(filter: {{ theme: \"{}\" }}) {{ totalCount }} }}",
                "x".repeat(15_000)
            )),
            status: StatusCode::OK,
            // Not a theme slug (themes are a closed vocabulary): refused, the value shortened.
            code: Some("BAD_USER_INPUT"),
            touches_db: true,
        },
        Case {
            name: "too long string argument",
            request: post_query(&format!(
                "{{ sessions(filter: {{ theme: \"{}\" }}) {{ totalCount }} }}",
                "x".repeat(40_000)
            )),
            status: StatusCode::OK,
            code: Some("OPERATION_LIMIT_EXCEEDED"),
            touches_db: false,
        },
        Case {
            name: "SQL in a filter",
            request: post_query(r#"{ sessions(filter: { theme: "' OR 1=1 --" }) { totalCount } }"#),
            status: StatusCode::OK,
            // Not a theme slug: refused as a value, never run as SQL.
            code: Some("BAD_USER_INPUT"),
            touches_db: true,
        },
        Case {
            name: "SQL in a country code",
            request: post_query(
                r#"{ speakers(filter: { country: "' OR '1'='1" }) { totalCount } }"#,
            ),
            status: StatusCode::OK,
            code: Some("BAD_USER_INPUT"),
            touches_db: false,
        },
        Case {
            name: "SQL in an id",
            request: post_query(r#"{ node(id: "'; DROP TABLE session; --") { id } }"#),
            status: StatusCode::OK,
            code: Some("BAD_USER_INPUT"),
            touches_db: false,
        },
        Case {
            name: "mutation over GET",
            request: get("/graphql?query=mutation%20M%20%7B%20__typename%20%7D"),
            status: StatusCode::METHOD_NOT_ALLOWED,
            code: Some("METHOD_NOT_ALLOWED"),
            touches_db: false,
        },
        Case {
            name: "nested variables",
            request: post_json(nested_variables),
            status: StatusCode::BAD_REQUEST,
            code: Some("BAD_REQUEST"),
            touches_db: false,
        },
        Case {
            name: "NUL in the query",
            request: post_query("{ event { name } }\u{0}"),
            status: StatusCode::OK,
            code: Some("GRAPHQL_PARSE_FAILED"),
            touches_db: false,
        },
        Case {
            name: "unknown operation name",
            request: post_json(
                json!({ "query": "query A { event { name } }", "operationName": "B" }).to_string(),
            ),
            status: StatusCode::OK,
            code: Some("BAD_USER_INPUT"),
            touches_db: false,
        },
        Case {
            name: "path traversal",
            request: get("/../../etc/passwd"),
            status: StatusCode::NOT_FOUND,
            code: Some("NOT_FOUND"),
            touches_db: false,
        },
        Case {
            name: "encoded path traversal",
            request: get("/graphiql/..%2f..%2f..%2fetc%2fpasswd"),
            status: StatusCode::NOT_FOUND,
            code: Some("NOT_FOUND"),
            touches_db: false,
        },
        Case {
            name: "dot segments",
            request: get("/%2e%2e/%2e%2e/etc/passwd"),
            status: StatusCode::NOT_FOUND,
            code: Some("NOT_FOUND"),
            touches_db: false,
        },
        Case {
            name: "unsupported method",
            request: Request::builder()
                .method(Method::DELETE)
                .uri("/graphql")
                .body(Body::empty())
                .unwrap(),
            status: StatusCode::METHOD_NOT_ALLOWED,
            code: Some("METHOD_NOT_ALLOWED"),
            touches_db: false,
        },
    ]
}

fn check(case_name: &str, reply: &Reply, status: StatusCode, code: Option<&str>) {
    assert_eq!(reply.status, status, "{case_name}: {}", reply.body);
    let text = reply.body.to_string();
    for word in INTERNALS {
        assert!(!text.contains(word), "{case_name}: `{word}` in {text}");
    }
    assert!(
        !text.contains("root:x:"),
        "{case_name}: file contents leaked"
    );
    match code {
        Some(code) => assert_eq!(
            error_codes(&reply.body).first().map(String::as_str),
            Some(code),
            "{case_name}: {text}"
        ),
        None => assert!(reply.body.get("errors").is_none(), "{case_name}: {text}"),
    }
}

#[tokio::test]
async fn hostile_requests_get_clean_refusals_and_the_service_keeps_serving() {
    let app = TestApp::new().await;
    for case in cases() {
        app.reset_statements();
        let reply =
            tokio::time::timeout(std::time::Duration::from_secs(120), app.send(case.request))
                .await
                .unwrap_or_else(|_| panic!("{}: no answer", case.name));
        check(case.name, &reply, case.status, case.code);
        if !case.touches_db {
            assert_eq!(
                app.statements(),
                0,
                "{}: refused after reaching the database",
                case.name
            );
        }
        let normal = app.query("{ sessions(first: 100) { totalCount } }").await;
        assert_eq!(
            normal,
            json!({ "data": { "sessions": { "totalCount": 13 } } }),
            "after {}",
            case.name
        );
    }
}
