//! Replicas over one PostgreSQL database: started together on an empty database, they migrate
//! and load it once, under the start-up lock, and all answer the same; a reload by
//! `load-data` reaches every replica's cached answers and ETags within
//! `--data-version-max-age`; a replica restarted later serves at once, loading nothing; a
//! persisted query one replica holds falls back, on another, to the protocol's retry.

use std::process::Child;

use sea_orm::{ConnectionTrait, Database, Statement};

use crate::postgres::TestDatabase;
use crate::support::{
    cli, data_dir_without_the_first_break, get_text, graphql_post_text, raw_http, spawn_binary,
    status_and_body, wait_listening,
};

const PROGRAMME: &str = r#"{"query":"{ sessions(first: 100) { totalCount nodes { id title startsAt appearances { speaker { name city { name } } } } } }"}"#;

/// The body of the answer to a POST of `body` to `/graphql`.
fn post(addr: std::net::SocketAddr, body: &str) -> String {
    status_and_body(&raw_http(addr, &graphql_post_text(addr, body))).1
}

/// Kills the replicas however the test ends.
struct Replicas(Vec<Child>);

impl Drop for Replicas {
    fn drop(&mut self) {
        for child in &mut self.0 {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

#[tokio::test]
async fn three_replicas_started_together_on_an_empty_database_load_it_once_and_answer_alike() {
    let test = "replicas::three_replicas_started_together_on_an_empty_database_load_it_once_and_answer_alike";
    let Some(database) = TestDatabase::create(test).await else {
        return;
    };
    let logs = tempfile::tempdir().unwrap();
    let mut children = Vec::new();
    let mut addrs = Vec::new();
    for replica in 0..3 {
        let log = logs.path().join(format!("replica-{replica}.log"));
        let (child, addr) = spawn_binary(
            &[("DATABASE_URL", &database.url), ("RUST_LOG", "info")],
            Some(&log),
        );
        children.push(child);
        addrs.push(addr);
    }
    let mut replicas = Replicas(children);
    let addrs: Vec<_> = replicas
        .0
        .iter_mut()
        .zip(&addrs)
        .map(|(child, starting)| wait_listening(child, starting))
        .collect();

    let answers: Vec<String> = addrs.iter().map(|addr| post(*addr, PROGRAMME)).collect();
    assert!(answers[0].contains("\"totalCount\":13"), "{}", answers[0]);
    assert!(
        answers.iter().all(|answer| answer == &answers[0]),
        "{answers:?}"
    );
    for addr in &addrs {
        let ready = raw_http(*addr, &get_text(*addr, "/readyz"));
        assert!(ready.starts_with("HTTP/1.1 200"), "{ready}");
    }

    // Loaded once: exactly one replica says it loaded the empty database.
    let loads = (0..3)
        .map(|replica| {
            std::fs::read_to_string(logs.path().join(format!("replica-{replica}.log"))).unwrap()
        })
        .filter(|log| log.contains("loaded the built-in dataset into an empty database"))
        .count();
    assert_eq!(loads, 1, "the dataset is loaded by exactly one replica");
    // One version row, one record per migration.
    let db = Database::connect(database.url.as_str()).await.unwrap();
    let count = |sql: &'static str| {
        let db = &db;
        async move {
            db.query_one_raw(Statement::from_string(db.get_database_backend(), sql))
                .await
                .unwrap()
                .unwrap()
                .try_get_by_index::<i64>(0)
                .unwrap()
        }
    };
    assert_eq!(count("SELECT COUNT(*) FROM dataset_version").await, 1);
    let migrations = <migration::Migrator as migration::MigratorTrait>::migrations().len();
    assert_eq!(
        count("SELECT COUNT(*) FROM seaql_migrations").await,
        i64::try_from(migrations).unwrap()
    );
    assert_eq!(
        count("SELECT COUNT(DISTINCT version) FROM seaql_migrations").await,
        i64::try_from(migrations).unwrap()
    );
    db.close().await.unwrap();

    // A replica restarted (a rolling update, a crash) finds the work done and answers alike.
    let first = &mut replicas.0[0];
    first.kill().unwrap();
    first.wait().unwrap();
    let log = logs.path().join("restarted.log");
    let (mut restarted, starting) = spawn_binary(
        &[("DATABASE_URL", &database.url), ("RUST_LOG", "info")],
        Some(&log),
    );
    let addr = wait_listening(&mut restarted, &starting);
    replicas.0.push(restarted);
    assert_eq!(post(addr, PROGRAMME), answers[0]);
    let log = std::fs::read_to_string(&log).unwrap();
    assert!(!log.contains("loaded the built-in dataset"), "{log}");
    assert!(!log.contains("Applying migration"), "{log}");
    drop(replicas);
}

/// Status line, the `ETag` header (if any) and the body of a GET of `path`.
fn get(
    addr: std::net::SocketAddr,
    path: &str,
    if_none_match: Option<&str>,
) -> (String, Option<String>, String) {
    let condition = if_none_match.map_or(String::new(), |tag| format!("If-None-Match: {tag}\r\n"));
    let response = raw_http(
        addr,
        &format!(
            "GET {path} HTTP/1.1\r\nHost: {addr}\r\nAccept: application/json\r\n{condition}Connection: close\r\n\r\n"
        ),
    );
    let (head, body) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
    let status = head.lines().next().unwrap_or_default().to_owned();
    let etag = head
        .lines()
        .find_map(|line| {
            line.strip_prefix("etag: ")
                .or_else(|| line.strip_prefix("ETag: "))
        })
        .map(str::to_owned);
    (status, etag, body.to_owned())
}

#[tokio::test]
async fn a_reload_on_the_shared_database_reaches_every_replica_within_the_bound() {
    let test = "replicas::a_reload_on_the_shared_database_reaches_every_replica_within_the_bound";
    let Some(database) = TestDatabase::create(test).await else {
        return;
    };
    let mut children = Vec::new();
    let mut addrs = Vec::new();
    for _ in 0..2 {
        let (child, addr) = spawn_binary(
            &[
                ("DATABASE_URL", &database.url),
                ("DATA_VERSION_MAX_AGE", "1s"),
            ],
            None,
        );
        children.push(child);
        addrs.push(addr);
    }
    let mut replicas = Replicas(children);
    let addrs: Vec<_> = replicas
        .0
        .iter_mut()
        .zip(&addrs)
        .map(|(child, starting)| wait_listening(child, starting))
        .collect();
    // A persisted query registered on one replica only: the other answers
    // PERSISTED_QUERY_NOT_FOUND, and the client's retry with the text registers it there too.
    let themes = "{ themes { slug } }";
    let hash = {
        use sha2::Digest;
        format!("{:x}", sha2::Sha256::digest(themes.as_bytes()))
    };
    let by_hash = serde_json::json!({ "extensions": { "persistedQuery": { "version": 1, "sha256Hash": hash } } }).to_string();
    let with_text = serde_json::json!({ "query": themes, "extensions": { "persistedQuery": { "version": 1, "sha256Hash": hash } } }).to_string();
    assert!(post(addrs[0], &with_text).contains("\"slug\""));
    assert!(post(addrs[0], &by_hash).contains("\"slug\""));
    assert!(post(addrs[1], &by_hash).contains("PERSISTED_QUERY_NOT_FOUND"));
    assert_eq!(post(addrs[1], &with_text), post(addrs[0], &by_hash));
    assert_eq!(post(addrs[1], &by_hash), post(addrs[0], &by_hash));

    let path = "/graphql?query=%7B%20sessions%28first%3A%20100%29%20%7B%20totalCount%20%7D%20%7D";
    let mut old_tags = Vec::new();
    for addr in &addrs {
        let (status, tag, body) = get(*addr, path, None);
        assert!(status.starts_with("HTTP/1.1 200"), "{status}");
        assert!(body.contains("\"totalCount\":13"), "{body}");
        // Cached and revalidated as the same revision.
        let tag = tag.expect("a GET answer carries an ETag");
        let (status, _, _) = get(*addr, path, Some(&tag));
        assert!(status.starts_with("HTTP/1.1 304"), "{status}");
        old_tags.push(tag);
    }

    let smaller = data_dir_without_the_first_break();
    let loaded = cli(&[
        "load-data",
        "--data-dir",
        smaller.path().to_str().unwrap(),
        "--database-url",
        &database.url,
    ]);
    assert!(
        loaded.status.success(),
        "{}",
        String::from_utf8_lossy(&loaded.stderr)
    );

    // Polled, not timed: every replica comes to serve the new data, and its old ETag no longer
    // matches.
    for (addr, old_tag) in addrs.iter().zip(&old_tags) {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        loop {
            let (_, _, body) = get(*addr, path, None);
            if body.contains("\"totalCount\":12") {
                break;
            }
            assert!(body.contains("\"totalCount\":13"), "{body}");
            assert!(
                std::time::Instant::now() < deadline,
                "the reload never reached {addr}"
            );
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        let (status, tag, _) = get(*addr, path, Some(old_tag));
        assert!(
            status.starts_with("HTTP/1.1 200"),
            "the old tag still matches: {status}"
        );
        assert_ne!(tag.as_deref(), Some(old_tag.as_str()));
    }
    drop(replicas);
}
