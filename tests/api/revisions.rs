//! Answers that name their revision: `Dataset-Version` on every GraphQL answer, GETs that
//! revalidate by default, content-addressed GETs (`revision=`) kept for good only when they
//! name the revision served, HEAD on GraphQL GETs, and calendar URLs on sessions and speakers.

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use serde_json::Value;

use crate::support::{TestApp, data_dir_without_the_first_break, load_data};

const THEMES: &str = "/graphql?query=%7B%20themes%20%7B%20slug%20%7D%20%7D";

fn header_of(headers: &HeaderMap, name: &str) -> String {
    headers
        .get(name)
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default()
}

/// The served `Dataset.revision` and `Dataset.version`.
async fn served_revision(app: &TestApp) -> (String, String) {
    let body = app.query("{ dataset { revision version } }").await;
    let dataset = &body["data"]["dataset"];
    (
        dataset["revision"].as_str().unwrap().to_owned(),
        dataset["version"].as_str().unwrap().to_owned(),
    )
}

#[tokio::test]
async fn every_graphql_answer_names_its_data_version() {
    let app = TestApp::new().await;
    let (_, version) = served_revision(&app).await;
    assert!(!version.is_empty());

    let post = app
        .post(
            "/graphql",
            "application/json",
            r#"{"query":"{ themes { slug } }"}"#,
        )
        .await;
    let get = app.get(THEMES).await;
    let refused = app.get("/graphql?query=%7B%20nope%20%7D").await;
    let unparsable = app
        .post("/graphql", "application/json", r#"{"query":"{"}"#)
        .await;
    for (what, reply) in [
        ("POST", &post),
        ("GET", &get),
        ("refused", &refused),
        ("unparsable", &unparsable),
    ] {
        assert_eq!(
            header_of(&reply.headers, "dataset-version"),
            version,
            "{what}: {:?}",
            reply.headers
        );
        assert!(
            !header_of(&reply.headers, "dataset-loaded-at").is_empty(),
            "{what}"
        );
    }
    assert_eq!(header_of(&post.headers, "cache-control"), "no-store");
    assert_eq!(header_of(&get.headers, "cache-control"), "public, no-cache");
    assert_eq!(header_of(&refused.headers, "cache-control"), "no-store");
}

#[tokio::test]
async fn a_get_naming_the_served_revision_is_immutable_and_another_is_not_stored() {
    let app = TestApp::new().await;
    let (token, version) = served_revision(&app).await;
    assert_eq!(token.len(), 16, "{token}");
    assert!(token.bytes().all(|b| b.is_ascii_hexdigit()), "{token}");

    let current = app.get(&format!("{THEMES}&revision={token}")).await;
    assert_eq!(current.status, StatusCode::OK);
    assert_eq!(current.body["data"]["themes"].as_array().unwrap().len(), 6);
    assert_eq!(
        header_of(&current.headers, "cache-control"),
        "public, max-age=31536000, immutable"
    );
    assert!(!header_of(&current.headers, "etag").is_empty());

    // A token of another revision (a client ahead of this replica, or behind it): the served
    // data, named by its own version, kept by no cache.
    let other = app
        .get(&format!("{THEMES}&revision=0123456789abcdef"))
        .await;
    assert_eq!(other.status, StatusCode::OK);
    assert_eq!(other.body, current.body);
    assert_eq!(header_of(&other.headers, "cache-control"), "no-store");
    assert_eq!(header_of(&other.headers, "dataset-version"), version);
    assert!(header_of(&other.headers, "etag").is_empty());

    // A failing document is never kept, whatever it names.
    let failing = app
        .get(&format!("/graphql?query=%7B%20nope%20%7D&revision={token}"))
        .await;
    assert_eq!(header_of(&failing.headers, "cache-control"), "no-store");

    // A 304 for the current token keeps the immutable freshness.
    let tag = header_of(&current.headers, "etag");
    let revalidated = app
        .send(
            Request::get(format!("{THEMES}&revision={token}"))
                .header(header::IF_NONE_MATCH, &tag)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(revalidated.status, StatusCode::NOT_MODIFIED);
    assert_eq!(
        header_of(&revalidated.headers, "cache-control"),
        "public, max-age=31536000, immutable"
    );
}

#[tokio::test]
async fn a_new_load_gives_a_new_token_and_the_old_one_is_no_longer_kept() {
    let app = TestApp::rereading_the_data_version().await;
    let (before, version) = served_revision(&app).await;
    let data = data_dir_without_the_first_break();
    load_data(app.database_url(), data.path());

    let (after, new_version) = served_revision(&app).await;
    assert_ne!(before, after, "a load changes the token");
    let stale = app.get(&format!("{THEMES}&revision={before}")).await;
    assert_eq!(header_of(&stale.headers, "cache-control"), "no-store");
    let fresh = app.get(&format!("{THEMES}&revision={after}")).await;
    assert_eq!(
        header_of(&fresh.headers, "cache-control"),
        "public, max-age=31536000, immutable"
    );
    assert_ne!(new_version, version);
    assert_eq!(header_of(&fresh.headers, "dataset-version"), new_version);
    assert_eq!(header_of(&stale.headers, "dataset-version"), new_version);
}

#[tokio::test]
async fn a_token_names_the_build_and_its_settings_too() {
    let app = TestApp::new().await;
    let stricter = TestApp::with_config(|config| config.limits.max_depth -= 1).await;
    let (a, _) = served_revision(&app).await;
    let (b, _) = served_revision(&stricter).await;
    assert_ne!(a, b, "settings that change answers change the token");
}

#[tokio::test]
async fn head_on_a_graphql_get_answers_the_get_s_status_and_headers_without_a_body() {
    let app = TestApp::new().await;
    let head = |uri: &str| {
        app.send(
            Request::head(uri.to_owned())
                .header(header::ACCEPT, "application/graphql-response+json")
                .body(Body::empty())
                .unwrap(),
        )
    };
    let get = |uri: &str| {
        app.send(
            Request::get(uri.to_owned())
                .header(header::ACCEPT, "application/graphql-response+json")
                .body(Body::empty())
                .unwrap(),
        )
    };
    for uri in [THEMES, "/graphql?query=%7B%20nope%20%7D", "/graphql"] {
        let (headed, got) = (head(uri).await, get(uri).await);
        assert_eq!(headed.status, got.status, "{uri}");
        assert_eq!(headed.body, Value::String(String::new()), "{uri}: no body");
        for name in ["content-type", "cache-control", "etag", "dataset-version"] {
            assert_eq!(
                header_of(&headed.headers, name),
                header_of(&got.headers, name),
                "{uri}: {name}"
            );
        }
    }
    assert_eq!(head(THEMES).await.status, StatusCode::OK);
}

#[tokio::test]
async fn sessions_and_speakers_carry_absolute_calendar_urls_that_answer() {
    let app = TestApp::with_config(|config| {
        config.feeds.public_url = Some("https://programme.example.org".into());
    })
    .await;
    let body = app
        .query(
            "{ session(slug: \"day1-panel-1\") { calendarUrl }
               speaker(slug: \"risto-veivo\") { calendarUrl } }",
        )
        .await;
    let session = body["data"]["session"]["calendarUrl"].as_str().unwrap();
    let speaker = body["data"]["speaker"]["calendarUrl"].as_str().unwrap();
    assert_eq!(
        session,
        "https://programme.example.org/sessions/day1-panel-1.ics"
    );
    assert_eq!(
        speaker,
        "https://programme.example.org/speakers/risto-veivo.ics"
    );
    for url in [session, speaker] {
        let path = url.trim_start_matches("https://programme.example.org");
        let reply = app.get(path).await;
        assert_eq!(reply.status, StatusCode::OK, "{path}");
        assert!(
            header_of(&reply.headers, "content-type").starts_with("text/calendar"),
            "{path}"
        );
    }
}
