//! HTTP caching of GraphQL GET answers: strong tags computed without executing, 304s that run
//! no statement, no-store for everything that must not be kept, one tag per encoding, and tags
//! that change with the data.

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use serde_json::Value;

use crate::support::{TestApp, data_dir_without_the_first_break};

const THEMES: &str = "/graphql?query=%7B%20themes%20%7B%20slug%20name%20%7D%20%7D";

/// GETs `uri` with extra headers.
async fn get(
    app: &TestApp,
    uri: &str,
    headers: &[(header::HeaderName, &str)],
) -> (StatusCode, HeaderMap, Value) {
    let mut request = Request::get(uri);
    for (name, value) in headers {
        request = request.header(name, *value);
    }
    let reply = app.send(request.body(Body::empty()).unwrap()).await;
    (reply.status, reply.headers, reply.body)
}

fn header_of(headers: &HeaderMap, name: header::HeaderName) -> String {
    headers
        .get(name)
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default()
}

#[tokio::test]
async fn a_get_answer_carries_a_strong_tag_and_a_matching_revalidation_is_a_304_without_statements()
{
    let app = TestApp::new().await;
    let (status, headers, body) = get(&app, THEMES, &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["data"]["themes"].as_array().unwrap().len(), 6);
    let tag = header_of(&headers, header::ETAG);
    assert!(
        tag.starts_with('"') && tag.ends_with('"') && tag.len() == 66,
        "strong: {tag}"
    );
    assert_eq!(
        header_of(&headers, header::CACHE_CONTROL),
        "public, no-cache"
    );
    assert_eq!(
        header_of(&headers, header::VARY).to_lowercase(),
        "accept, accept-encoding"
    );

    app.reset_statements();
    let (status, headers, body) = get(&app, THEMES, &[(header::IF_NONE_MATCH, &tag)]).await;
    assert_eq!(status, StatusCode::NOT_MODIFIED);
    assert_eq!(body, Value::String(String::new()), "no body");
    assert_eq!(header_of(&headers, header::ETAG), tag);
    assert_eq!(app.statements(), 0, "a 304 executes nothing");

    // Another tag, or none: the answer again.
    let (status, _, _) = get(&app, THEMES, &[(header::IF_NONE_MATCH, "\"stale\"")]).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn tags_differ_by_variables_operation_media_type_and_encoding() {
    let app = TestApp::new().await;
    let tag = |headers: &HeaderMap| header_of(headers, header::ETAG);
    let q = "/graphql?query=query%20S(%24t%3A%20String)%20%7B%20sessions(filter%3A%20%7Btheme%3A%20%24t%7D)%20%7B%20totalCount%20%7D%20%7D";
    let a = get(
        &app,
        &format!("{q}&variables=%7B%22t%22%3A%22energy-security-and-resilience%22%7D"),
        &[],
    )
    .await
    .1;
    let b = get(
        &app,
        &format!("{q}&variables=%7B%22t%22%3A%22smart-city-and-innovation%22%7D"),
        &[],
    )
    .await
    .1;
    let named = get(
        &app,
        &format!("{q}&operationName=S&variables=%7B%22t%22%3A%22smart-city-and-innovation%22%7D"),
        &[],
    )
    .await
    .1;
    let json = get(&app, THEMES, &[(header::ACCEPT, "application/json")])
        .await
        .1;
    let graphql = get(
        &app,
        THEMES,
        &[(header::ACCEPT, "application/graphql-response+json")],
    )
    .await
    .1;
    let tags = [tag(&a), tag(&b), tag(&named), tag(&json), tag(&graphql)];
    for (i, one) in tags.iter().enumerate() {
        assert!(!one.is_empty());
        for other in &tags[i + 1..] {
            assert_ne!(one, other);
        }
    }
    // Compressed where the client asks, with a tag of its own; a revalidation names it.
    let (status, gzip, _) = get(&app, THEMES, &[(header::ACCEPT_ENCODING, "gzip")]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(header_of(&gzip, header::CONTENT_ENCODING), "gzip");
    assert_eq!(
        tag(&gzip),
        format!("{}-gzip\"", tag(&json).trim_end_matches('"'))
    );
    let (status, revalidated, _) = get(
        &app,
        THEMES,
        &[
            (header::ACCEPT_ENCODING, "gzip"),
            (header::IF_NONE_MATCH, &tag(&gzip)),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::NOT_MODIFIED);
    assert_eq!(tag(&revalidated), tag(&gzip));
}

#[tokio::test]
async fn errors_posts_and_failures_are_never_stored() {
    let app = TestApp::new().await;
    // A GET answer with errors.
    let (status, headers, _) = get(
        &app,
        "/graphql?query=%7B%20sessions(first%3A%20500)%20%7B%20totalCount%20%7D%20%7D",
        &[],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(header_of(&headers, header::CACHE_CONTROL), "no-store");
    assert!(headers.get(header::ETAG).is_none());
    // Non-2xx answers: 400, 405, 406.
    for (uri, accept) in [
        ("/graphql?variables=%7B%7D", "*/*"),
        ("/graphql?query=mutation%20%7B%20x%20%7D", "*/*"),
        (THEMES, "text/html"),
    ] {
        let (status, headers, _) = get(&app, uri, &[(header::ACCEPT, accept)]).await;
        assert!(status.is_client_error(), "{uri}: {status}");
        assert_eq!(
            header_of(&headers, header::CACHE_CONTROL),
            "no-store",
            "{uri}"
        );
    }
    // POST answers, even successful ones.
    let reply = app
        .post(
            "/graphql",
            "application/json",
            r#"{"query":"{ themes { slug } }"}"#,
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(header_of(&reply.headers, header::CACHE_CONTROL), "no-store");
    assert!(reply.headers.get(header::ETAG).is_none());
}

#[tokio::test]
async fn a_data_reload_changes_every_tag() {
    let app = TestApp::rereading_the_data_version().await;
    let before = header_of(&get(&app, THEMES, &[]).await.1, header::ETAG);
    let smaller = data_dir_without_the_first_break();
    let dataset = api::dataset::DatasetFiles::from_dir(smaller.path())
        .and_then(|files| files.validate())
        .unwrap();
    api::dataset::load(&app.db, &dataset).await.unwrap();
    let (status, headers, _) = get(&app, THEMES, &[(header::IF_NONE_MATCH, &before)]).await;
    assert_eq!(status, StatusCode::OK, "the old tag no longer matches");
    assert_ne!(header_of(&headers, header::ETAG), before);
}

#[tokio::test]
async fn cors_exposes_the_tag_the_retry_delay_and_the_request_id() {
    let app = TestApp::new().await;
    let (_, headers, _) = get(&app, THEMES, &[(header::ORIGIN, "https://partner.example")]).await;
    let exposed = header_of(&headers, header::ACCESS_CONTROL_EXPOSE_HEADERS).to_lowercase();
    for name in ["etag", "retry-after", "x-request-id"] {
        assert!(
            exposed.split(',').any(|e| e.trim() == name),
            "{name} in {exposed}"
        );
    }
    // Any origin gets the same answer: no Vary on Origin.
    assert!(
        !header_of(&headers, header::VARY)
            .to_lowercase()
            .contains("origin")
    );
}
