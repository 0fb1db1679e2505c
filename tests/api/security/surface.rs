//! Findings 2, 6 and 9, in process: bounded metric labels, the framework's own refusals in the
//! JSON error shape, `nosniff` on every answer, and 304 only for our own tags.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};

use crate::support::{TestApp, error_codes};

#[tokio::test]
async fn any_method_adds_no_metric_series() {
    let app = TestApp::new().await;
    for i in 0..200 {
        let method = Method::from_bytes(format!("EVILMETHOD{i}").as_bytes()).unwrap();
        let request = Request::builder()
            .method(method)
            .uri("/healthz")
            .body(Body::empty())
            .unwrap();
        let reply = app.send(request).await;
        assert_eq!(reply.status, StatusCode::METHOD_NOT_ALLOWED);
        assert_eq!(error_codes(&reply.body), ["METHOD_NOT_ALLOWED"]);
    }
    let metrics = app.get("/metrics").await.body.as_str().unwrap().to_owned();
    assert!(!metrics.contains("EVILMETHOD"), "{metrics}");
    assert!(
        metrics.contains(
            "http_requests_total{method=\"other\",route=\"/healthz\",status=\"405\"} 200"
        ),
        "{metrics}"
    );
    // One series for the 200 refusals (the /metrics request asking is counted after), not 200.
    let series = metrics
        .lines()
        .filter(|line| line.starts_with("http_requests_total{"))
        .count();
    assert_eq!(series, 1, "{metrics}");
}

#[tokio::test]
async fn the_frameworks_own_refusals_are_json_errors_with_nosniff() {
    let app = TestApp::new().await;
    let missing = app.get("/no/such/path").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(error_codes(&missing.body), ["NOT_FOUND"]);
    assert_eq!(missing.headers[header::CONTENT_TYPE], "application/json");
    assert_eq!(missing.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    let wrong_method = app
        .send(
            Request::delete("/schedule.json")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(wrong_method.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(error_codes(&wrong_method.body), ["METHOD_NOT_ALLOWED"]);
    assert!(wrong_method.headers.contains_key(header::ALLOW));
    // Every other answer carries nosniff too: a GraphQL error, a feed, a health probe.
    for uri in [
        "/graphql?query=%7B",
        "/schedule.ics",
        "/healthz",
        "/metrics",
    ] {
        let reply = app.get(uri).await;
        assert_eq!(
            reply.headers[header::X_CONTENT_TYPE_OPTIONS],
            "nosniff",
            "{uri}"
        );
    }
}

#[tokio::test]
async fn a_304_answers_only_our_own_tag_of_the_representation_asked() {
    let app = TestApp::new().await;
    let get = |accept_encoding: &str, if_none_match: Option<&str>| {
        let mut request =
            Request::get("/schedule.json").header(header::ACCEPT_ENCODING, accept_encoding);
        if let Some(tag) = if_none_match {
            request = request.header(header::IF_NONE_MATCH, tag);
        }
        request.body(Body::empty()).unwrap()
    };
    let gzip = app.send(get("gzip", None)).await;
    assert_eq!(gzip.headers[header::CONTENT_ENCODING], "gzip");
    let tag = gzip.headers[header::ETAG].to_str().unwrap().to_owned();
    assert!(tag.ends_with("-gzip\""), "{tag}");
    let plain = tag.replace("-gzip", "");
    let opaque = plain.trim_matches('"');
    // The compression layer's choice and ours agree: br wins a tie.
    let br = app.send(get("gzip, deflate, br", None)).await;
    assert_eq!(br.headers[header::CONTENT_ENCODING], "br");
    assert_eq!(
        br.headers[header::ETAG].to_str().unwrap(),
        format!("\"{opaque}-br\"")
    );
    let br_tag = format!("\"{opaque}-br\"");
    let revalidated = app.send(get("gzip, deflate, br", Some(&br_tag))).await;
    assert_eq!(revalidated.status, StatusCode::NOT_MODIFIED);
    // Our tag for the coding asked: 304 carrying it.
    let revalidated = app.send(get("gzip", Some(&tag))).await;
    assert_eq!(revalidated.status, StatusCode::NOT_MODIFIED);
    assert_eq!(revalidated.headers[header::ETAG].to_str().unwrap(), tag);
    // A tag we never issued: 200 with ours.
    let evil = format!("\"{opaque}-evil\"");
    let refused = app.send(get("gzip", Some(&evil))).await;
    assert_eq!(refused.status, StatusCode::OK);
    assert_eq!(refused.headers[header::ETAG].to_str().unwrap(), tag);
    // The gzip tag from a request that takes no gzip: 200, identity, the plain tag.
    let identity = app.send(get("identity", Some(&tag))).await;
    assert_eq!(identity.status, StatusCode::OK);
    assert!(!identity.headers.contains_key(header::CONTENT_ENCODING));
    assert_eq!(identity.headers[header::ETAG].to_str().unwrap(), plain);
}
