//! Faults: shutdown with a request in flight, the database vanishing and coming back, bad
//! database files at start, and serving from a read-only database.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use axum::http::StatusCode;
use sea_orm::ConnectionTrait;
use serde_json::json;

use crate::support::{
    EmptyDatabase, TestApp, cli, data_dir_without_the_first_break, error_codes, raw_http,
    repo_path, sqlite_only, sqlite_url, start_binary as start,
};

/// GETs `path` and returns the whole response text.
fn get(addr: SocketAddr, path: &str) -> String {
    raw_http(
        addr,
        &format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"),
    )
}

#[tokio::test]
async fn sigterm_lets_the_request_in_flight_finish_then_exits_zero() {
    let database = EmptyDatabase::new().await;
    let (mut child, addr) = start(&database.url, &[("SHUTDOWN_TIMEOUT", "60s")]);

    // A request whose body is only half sent: in flight until the rest arrives.
    let body = json!({ "query": "{ event { name } }" }).to_string();
    let (first, rest) = body.split_at(body.len() / 2);
    let mut slow = TcpStream::connect(addr).unwrap();
    slow.set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    write!(
        slow,
        "POST /graphql HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{first}",
        body.len()
    )
    .unwrap();
    // Wait until the service counts it (plus the /metrics request that asks).
    let mut in_flight = false;
    for _ in 0..600 {
        if get(addr, "/metrics").contains("http_requests_in_flight 2") {
            in_flight = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(in_flight, "the half-sent request never became in flight");

    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    // The service stops accepting...
    let mut refused = false;
    for _ in 0..600 {
        if TcpStream::connect(addr).is_err() {
            refused = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(refused, "new connections are still accepted after SIGTERM");
    // ...yet finishes the request in flight...
    slow.write_all(rest.as_bytes()).unwrap();
    let mut response = String::new();
    slow.read_to_string(&mut response).unwrap();
    assert!(response.starts_with("HTTP/1.1 200 OK"), "{response}");
    assert!(
        response.contains("EU-Japan 100 Cities Event on Climate Action"),
        "{response}"
    );
    // ...and exits 0.
    let status = child.wait().unwrap();
    assert!(status.success(), "exit status after SIGTERM: {status}");
}

#[tokio::test]
async fn when_the_database_file_vanishes_queries_fail_cleanly_and_recover_when_it_is_back() {
    if sqlite_only() {
        return;
    }
    let app = TestApp::rereading_the_data_version().await;
    let query = "{ themes { slug } }";
    assert!(app.query(query).await.get("errors").is_none());
    let path = app.db_path();
    let moved = path.with_extension("moved");
    std::fs::rename(&path, &moved).unwrap();

    let body = app.query(query).await;
    assert_eq!(error_codes(&body), ["SERVICE_UNAVAILABLE"], "{body}");
    assert_eq!(
        body["errors"][0]["message"],
        "the service is temporarily unavailable"
    );
    assert!(!body.to_string().contains("sqlite"), "{body}");
    assert_eq!(
        app.get("/readyz").await.status,
        StatusCode::SERVICE_UNAVAILABLE
    );
    assert_eq!(app.get("/healthz").await.status, StatusCode::OK);
    assert!(
        !path.exists(),
        "no empty database may be created in its place"
    );

    std::fs::rename(&moved, &path).unwrap();
    let body = app.query(query).await;
    assert!(body.get("errors").is_none(), "{body}");
    assert_eq!(body["data"]["themes"].as_array().unwrap().len(), 6);
    assert_eq!(app.get("/readyz").await.status, StatusCode::OK);
}

/// Runs the binary's `serve` over `url` and returns its output (it must fail at start).
fn serve_output(url: &str, extra: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_cities-api"));
    command
        .args(extra)
        .env("DATABASE_URL", url)
        .env("LISTEN_ADDR", "127.0.0.1:0")
        .env("RUST_LOG", "off");
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    for _ in 0..600 {
        if child.try_wait().unwrap().is_some() {
            return child.wait_with_output().unwrap();
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    child.kill().unwrap();
    panic!("the service started although its database is unusable");
}

/// Asserts one error line naming `file` and containing `what`, and a failing exit.
fn assert_refused(output: &Output, file: &str, what: &str) {
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    let lines: Vec<&str> = stderr.trim().lines().collect();
    assert_eq!(lines.len(), 1, "one line expected:\n{stderr}");
    assert!(
        lines[0].starts_with("error: ") && lines[0].contains(file) && lines[0].contains(what),
        "{stderr}"
    );
}

#[test]
fn bad_database_files_are_refused_at_start_with_one_clear_line() {
    if sqlite_only() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let missing_folder = dir.path().join("no-such-folder").join("db.sqlite");
    assert_refused(
        &serve_output(&sqlite_url(&missing_folder), &[]),
        "no-such-folder",
        "does not exist",
    );

    let not_a_file = dir.path().join("a-folder");
    std::fs::create_dir(&not_a_file).unwrap();
    assert_refused(
        &serve_output(&sqlite_url(&not_a_file), &[]),
        "a-folder",
        "is not a regular file",
    );

    let text = dir.path().join("notes.sqlite");
    std::fs::write(&text, "these are not the droids you are looking for").unwrap();
    assert_refused(
        &serve_output(&sqlite_url(&text), &[]),
        "notes.sqlite",
        "is not a SQLite database",
    );

    let missing_read_only = dir.path().join("absent.sqlite");
    assert_refused(
        &serve_output(&sqlite_url(&missing_read_only), &["--read-only", "true"]),
        "absent.sqlite",
        "does not exist",
    );
}

#[tokio::test]
async fn a_corrupt_database_file_is_refused_at_start() {
    if sqlite_only() {
        return;
    }
    let app = TestApp::new().await;
    api::db::checkpoint(&app.db).await.unwrap();
    app.db.clone().close().await.unwrap();
    let path = app.db_path();
    let mut bytes = std::fs::read(&path).unwrap();
    assert!(
        bytes.len() > 64 * 1024,
        "the loaded database spans many pages"
    );
    // Keep the header page, scramble the rest.
    for (i, byte) in bytes.iter_mut().enumerate().skip(4096) {
        *byte = u8::try_from(i.wrapping_mul(31) % 251).unwrap();
    }
    std::fs::write(&path, bytes).unwrap();
    assert_refused(
        &serve_output(&sqlite_url(&path), &[]),
        "test.sqlite",
        "corrupt",
    );
}

/// The size of `path`, 0 when it does not exist.
fn size(path: &std::path::Path) -> u64 {
    std::fs::metadata(path).map_or(0, |m| m.len())
}

#[tokio::test]
async fn a_file_made_by_load_data_serves_read_only_and_refuses_writes() {
    if sqlite_only() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("made.sqlite");
    let url = sqlite_url(&file);
    let data = repo_path("data");
    // Global flags after the command's name, as a newcomer types them.
    let output = cli(&[
        "load-data",
        "--database-url",
        &url,
        "--data-dir",
        data.to_str().unwrap(),
        "--log-format",
        "json",
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(String::from_utf8_lossy(&output.stderr).contains("loaded version"));
    // The programme is in the main file, not left in the WAL.
    assert!(size(&file) > 64 * 1024, "the main file holds the data");
    assert_eq!(
        size(&dir.path().join("made.sqlite-wal")),
        0,
        "the WAL is empty"
    );
    // And before the command's name.
    let output = cli(&[
        "--database-url",
        &url,
        "load-data",
        "--data-dir",
        data.to_str().unwrap(),
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(String::from_utf8_lossy(&output.stderr).contains("unchanged"));

    // The binary serves it read-only.
    let (mut child, addr) = start(&url, &[("READ_ONLY", "true")]);
    let body = json!({ "query": "{ sessions(first: 100) { totalCount } speakers { totalCount } cityPairings { euCity { name } } }" }).to_string();
    let response = raw_http(
        addr,
        &format!(
            "POST /graphql HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        ),
    );
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(
        response.contains(r#""sessions":{"totalCount":13}"#),
        "{response}"
    );
    assert!(
        response.contains(r#""speakers":{"totalCount":29}"#),
        "{response}"
    );

    // Opened read-only, the file refuses writes.
    let read_only = api::db::open(
        &url,
        api::db::OpenOptions {
            max_connections: 2,
            read_only: true,
        },
    )
    .await
    .unwrap();
    api::db::check_ready(&read_only).await.unwrap();
    let write = read_only
        .execute_unprepared("CREATE TABLE intruder (id INTEGER)")
        .await;
    assert!(write.is_err(), "a read-only database accepted a write");

    // An existing but empty file is not ready for read-only serving.
    let empty = dir.path().join("empty.sqlite");
    std::fs::write(&empty, b"").unwrap();
    assert_refused(
        &serve_output(&sqlite_url(&empty), &["--read-only", "true"]),
        "",
        "not ready for read-only serving",
    );
}

#[tokio::test]
async fn load_data_beside_a_reader_commits_and_says_the_wal_was_not_emptied() {
    if sqlite_only() {
        return;
    }
    let app = TestApp::rereading_the_data_version().await;
    // A reader in the middle of a request holds a snapshot: the checkpoint cannot truncate.
    let reader = api::store::snapshot::Snapshot::admitted(&app.state.gate, &app.db)
        .await
        .unwrap();
    assert!(reader.version().await.unwrap().is_some());
    let smaller = data_dir_without_the_first_break();
    let output = cli(&[
        "load-data",
        "--database-url",
        &sqlite_url(&app.db_path()),
        "--data-dir",
        smaller.path().to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(stderr.contains("loaded version"), "{stderr}");
    assert!(
        stderr.contains("its WAL was not emptied; the data is committed"),
        "{stderr}"
    );
    api::store::snapshot::Snapshot::finish(reader).await;
    let body = app.query("{ sessions(first: 100) { totalCount } }").await;
    assert_eq!(body["data"]["sessions"]["totalCount"], 12);
}

#[test]
fn every_command_lists_the_global_flags_in_its_help() {
    for command in [
        "serve",
        "load-data",
        "check-data",
        "print-schema",
        "healthcheck",
    ] {
        let output = cli(&[command, "--help"]);
        let help = String::from_utf8_lossy(&output.stdout);
        assert!(output.status.success(), "{command}");
        for flag in ["--database-url", "--log-format", "--listen"] {
            assert!(
                help.contains(flag),
                "`{command} --help` lacks {flag}:\n{help}"
            );
        }
    }
}
