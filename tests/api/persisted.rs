//! Persisted queries: Apollo's APQ protocol over GET and POST, and trusted documents (Apollo's
//! manifest and Relay's map), with the trusted-only mode.

use axum::http::{StatusCode, header};
use serde_json::{Value, json};
use sha2::Digest;

use crate::support::{TestApp, error_codes};

const THEMES: &str = "{ themes { slug } }";

fn sha256(text: &str) -> String {
    sha2::Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A GET of a hash-only APQ request.
async fn get_by_hash(app: &TestApp, hash: &str) -> crate::support::Reply {
    let extensions = json!({ "persistedQuery": { "version": 1, "sha256Hash": hash } }).to_string();
    let encoded: String = extensions
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    app.get(&format!("/graphql?extensions={encoded}")).await
}

#[tokio::test]
async fn apq_registers_a_document_then_serves_it_by_hash_over_get() {
    let app = TestApp::new().await;
    let hash = sha256(THEMES);
    // Unknown hash: the answer Apollo's link retries on, never stored.
    let unknown = get_by_hash(&app, &hash).await;
    assert_eq!(unknown.status, StatusCode::OK);
    assert_eq!(
        unknown.body,
        json!({ "errors": [{ "message": "PersistedQueryNotFound", "extensions": { "code": "PERSISTED_QUERY_NOT_FOUND" } }] })
    );
    assert_eq!(unknown.headers[header::CACHE_CONTROL], "no-store");
    // The retry with the text registers it.
    let body = json!({ "query": THEMES, "extensions": { "persistedQuery": { "version": 1, "sha256Hash": hash } } });
    let registered = app
        .post("/graphql", "application/json", body.to_string())
        .await;
    assert_eq!(
        registered.body["data"]["themes"].as_array().unwrap().len(),
        6
    );
    // Now the hash alone is enough, and the answer is cacheable like any GET.
    let known = get_by_hash(&app, &hash).await;
    assert_eq!(known.body["data"]["themes"].as_array().unwrap().len(), 6);
    assert!(known.headers.get(header::ETAG).is_some());
    // A hash that does not match its text is refused.
    let body = json!({ "query": "{ event { name } }", "extensions": { "persistedQuery": { "version": 1, "sha256Hash": hash } } });
    let wrong = app
        .post("/graphql", "application/json", body.to_string())
        .await;
    assert_eq!(error_codes(&wrong.body), ["BAD_USER_INPUT"]);
    // APQ off: every hash is unknown.
    let off = TestApp::with_config(|c| c.surface.persisted_query_cache_size = 0).await;
    let body = json!({ "query": THEMES, "extensions": { "persistedQuery": { "version": 1, "sha256Hash": hash } } });
    off.post("/graphql", "application/json", body.to_string())
        .await;
    assert_eq!(
        error_codes(&get_by_hash(&off, &hash).await.body),
        ["PERSISTED_QUERY_NOT_FOUND"]
    );
}

/// Writes `manifest` to a file in `app`'s folder and returns its path.
fn manifest_file(dir: &std::path::Path, name: &str, manifest: &Value) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, manifest.to_string()).unwrap();
    path
}

#[tokio::test]
async fn trusted_documents_only_runs_listed_documents_by_hash_doc_id_or_text() {
    let dir = tempfile::tempdir().unwrap();
    let event = "query Event { event { name } }";
    let apollo = manifest_file(
        dir.path(),
        "apollo.json",
        &json!({ "format": "apollo-persisted-query-manifest", "version": 1, "operations": [
            { "id": sha256(THEMES), "name": "Themes", "type": "query", "body": THEMES },
            { "id": sha256(event), "name": "Event", "type": "query", "body": event },
        ] }),
    );
    let relay = manifest_file(dir.path(), "relay.json", &json!({ "themes-v1": THEMES }));
    for (manifest, id, via_doc_id) in [
        (apollo, sha256(THEMES), false),
        (relay, "themes-v1".to_owned(), true),
    ] {
        let app = TestApp::with_config(|c| {
            c.surface.trusted_documents = Some(manifest.clone());
            c.surface.trusted_documents_only = true;
        })
        .await;
        let by_id = if via_doc_id {
            app.post(
                "/graphql",
                "application/json",
                json!({ "doc_id": id }).to_string(),
            )
            .await
        } else {
            get_by_hash(&app, &id).await
        };
        assert_eq!(
            by_id.body["data"]["themes"].as_array().unwrap().len(),
            6,
            "{}",
            by_id.body
        );
        // The text of a listed document runs too; any other document is refused.
        let listed = app
            .post(
                "/graphql",
                "application/json",
                json!({ "query": THEMES }).to_string(),
            )
            .await;
        assert!(listed.body.get("errors").is_none(), "{}", listed.body);
        let other = app
            .post(
                "/graphql",
                "application/json",
                json!({ "query": "{ countries { code } }" }).to_string(),
            )
            .await;
        assert_eq!(other.status, StatusCode::OK);
        assert_eq!(error_codes(&other.body), ["PERSISTED_QUERY_NOT_IN_LIST"]);
        // GraphiQL and introspection are off in this mode unless their own flags say so.
        assert_eq!(app.get("/graphiql").await.status, StatusCode::NOT_FOUND);
        let introspection = app
            .post(
                "/graphql",
                "application/json",
                json!({ "query": "{ __schema { queryType { name } } }" }).to_string(),
            )
            .await;
        assert_eq!(
            error_codes(&introspection.body),
            ["PERSISTED_QUERY_NOT_IN_LIST"]
        );
    }
    let explicit = TestApp::with_config(|c| {
        c.surface.trusted_documents_only = true;
        c.surface.graphiql = Some(true);
    })
    .await;
    assert_eq!(explicit.get("/graphiql").await.status, StatusCode::OK);
}

/// Starts the binary with the trusted documents `manifest`, which must make it exit with an
/// error at start; returns what it wrote to stderr.
fn refused_at_start(dir: &std::path::Path, manifest: &std::path::Path) -> String {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_cities-api"))
        .env(
            "DATABASE_URL",
            crate::support::sqlite_url(&dir.join("db.sqlite")),
        )
        .env("LISTEN_ADDR", "127.0.0.1:0")
        .env("TRUSTED_DOCUMENTS", manifest)
        .output()
        .unwrap();
    assert!(!output.status.success());
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn a_bad_manifest_stops_the_service_at_start_with_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let manifest = dir.path().join("manifest.json");
    std::fs::write(
        &manifest,
        r#"{"format": "something-else", "version": 1, "operations": []}"#,
    )
    .unwrap();
    let stderr = refused_at_start(dir.path(), &manifest);
    assert!(
        stderr.contains("manifest.json") && stderr.contains("apollo-persisted-query-manifest"),
        "{stderr}"
    );
}

/// `?documentId=` for a GET.
async fn get_by_document_id(app: &TestApp, id: &str) -> crate::support::Reply {
    app.get(&format!("/graphql?documentId={}", id.replace(':', "%3A")))
        .await
}

#[tokio::test]
async fn every_id_form_finds_the_document_the_others_stored() {
    let dir = tempfile::tempdir().unwrap();
    let hash = sha256(THEMES);
    // Codegen's client preset writes `sha256:`-prefixed keys.
    let codegen = manifest_file(
        dir.path(),
        "persisted-documents.json",
        &json!({ format!("sha256:{hash}"): THEMES }),
    );
    let app = TestApp::with_config(|c| {
        c.surface.trusted_documents = Some(codegen.clone());
        c.surface.trusted_documents_only = true;
    })
    .await;
    let upper = hash.to_ascii_uppercase();
    let prefixed = format!("sha256:{hash}");
    for body in [
        json!({ "documentId": prefixed }),
        json!({ "documentId": hash }),
        json!({ "doc_id": hash }),
        json!({ "doc_id": format!("sha256:{upper}") }),
        json!({ "extensions": { "persistedQuery": { "version": 1, "sha256Hash": hash } } }),
        json!({ "documentId": prefixed, "doc_id": hash }),
    ] {
        let reply = app
            .post("/graphql", "application/json", body.to_string())
            .await;
        assert_eq!(
            reply.body["data"]["themes"].as_array().map(Vec::len),
            Some(6),
            "{body}: {}",
            reply.body
        );
    }
    for id in [prefixed.as_str(), hash.as_str()] {
        let reply = get_by_document_id(&app, id).await;
        assert_eq!(reply.status, StatusCode::OK);
        assert_eq!(
            reply.body["data"]["themes"].as_array().map(Vec::len),
            Some(6)
        );
        assert!(
            reply.headers.get(header::ETAG).is_some(),
            "a GET by id is cacheable"
        );
    }
    // Two ids that disagree are a bad request; an unknown id is not in the list.
    let disagree = app
        .post(
            "/graphql",
            "application/json",
            json!({ "documentId": prefixed, "doc_id": sha256("{ event { name } }") }).to_string(),
        )
        .await;
    assert_eq!(error_codes(&disagree.body), ["BAD_REQUEST"]);
    let unknown = get_by_document_id(&app, &format!("sha256:{}", "0".repeat(64))).await;
    assert_eq!(error_codes(&unknown.body), ["PERSISTED_QUERY_NOT_IN_LIST"]);
}

#[tokio::test]
async fn a_document_registered_by_apq_is_found_by_document_id_and_unknown_ids_say_so() {
    let app = TestApp::new().await;
    let hash = sha256(THEMES);
    // APQ with the appendix's prefixed form registers under the same key.
    let body = json!({ "query": THEMES, "extensions": { "persistedQuery": { "version": 1, "sha256Hash": format!("sha256:{hash}") } } });
    let registered = app
        .post("/graphql", "application/json", body.to_string())
        .await;
    assert!(
        registered.body.get("errors").is_none(),
        "{}",
        registered.body
    );
    let found = get_by_document_id(&app, &format!("sha256:{hash}")).await;
    assert_eq!(
        found.body["data"]["themes"].as_array().map(Vec::len),
        Some(6)
    );
    let unknown = get_by_document_id(&app, &sha256("{ event { name } }")).await;
    assert_eq!(error_codes(&unknown.body), ["PERSISTED_QUERY_NOT_FOUND"]);
    // A text sent with a SHA-256 id that is not its hash is refused.
    let wrong = app
        .post(
            "/graphql",
            "application/json",
            json!({ "query": THEMES, "documentId": format!("sha256:{}", sha256("x")) }).to_string(),
        )
        .await;
    assert_eq!(error_codes(&wrong.body), ["BAD_USER_INPUT"]);
}

#[test]
fn a_manifest_whose_sha256_ids_do_not_match_their_documents_stops_the_service() {
    let dir = tempfile::tempdir().unwrap();
    let manifest = manifest_file(
        dir.path(),
        "persisted-documents.json",
        &json!({ format!("sha256:{}", sha256("{ event { name } }")): THEMES }),
    );
    let stderr = refused_at_start(dir.path(), &manifest);
    assert!(
        stderr.contains("is not the SHA-256 of its document"),
        "{stderr}"
    );
}
