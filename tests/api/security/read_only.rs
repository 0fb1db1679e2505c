//! Finding 9: `load-data` into the file a `--read-only` server serves. SQLite opens that file
//! immutable, so its connections would mix old and new pages (answers alternated between the
//! two versions while `/readyz` said 200). The server now notices the changed file and answers
//! `SERVICE_UNAVAILABLE`, `/readyz` 503, until it is restarted, then serves the new data.

use crate::support::{
    data_dir_without_the_first_break, get_text, graphql_post_text, load_data, raw_http, repo_path,
    sqlite_only, sqlite_url, start_binary, status_and_body,
};

const SESSIONS: &str = r#"{"query":"{ sessions { totalCount } }"}"#;

#[test]
fn a_read_only_server_refuses_to_serve_a_file_changed_under_it_until_restarted() {
    if sqlite_only() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let url = sqlite_url(&dir.path().join("served.sqlite"));
    load_data(&url, &repo_path("data"));
    let (mut child, addr) = start_binary(&url, &[("READ_ONLY", "true")]);
    let (status, body) = status_and_body(&raw_http(addr, &graphql_post_text(addr, SESSIONS)));
    assert!(
        status.contains("200") && body.contains(r#""totalCount":13"#),
        "{status} {body}"
    );

    let twelve = data_dir_without_the_first_break();
    load_data(&url, twelve.path());
    for _ in 0..5 {
        let (status, body) = status_and_body(&raw_http(addr, &graphql_post_text(addr, SESSIONS)));
        assert!(status.contains("503"), "{status} {body}");
        assert!(body.contains("SERVICE_UNAVAILABLE"), "{body}");
    }
    let (ready, _) = status_and_body(&raw_http(addr, &get_text(addr, "/readyz")));
    assert!(ready.contains("503"), "{ready}");
    let (alive, _) = status_and_body(&raw_http(addr, &get_text(addr, "/healthz")));
    assert!(alive.contains("200"), "{alive}");
    child.kill().unwrap();
    child.wait().unwrap();

    // Restarted, it serves the new version.
    let (mut child, addr) = start_binary(&url, &[("READ_ONLY", "true")]);
    let (status, body) = status_and_body(&raw_http(addr, &graphql_post_text(addr, SESSIONS)));
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(
        status.contains("200") && body.contains(r#""totalCount":12"#),
        "{status} {body}"
    );
}
