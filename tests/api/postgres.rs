//! PostgreSQL for the tests that need it: a database of their own on the server that
//! `TEST_DATABASE_URL` names, created for the test and dropped after it (even when the test
//! fails). Without that variable such a test says so on stderr and returns without running;
//! `.ci/run` always sets it.

use std::io::Write;
use std::sync::atomic::{AtomicU64, Ordering};

use sea_orm::{ConnectionTrait, Database};

/// A database created for one test, dropped when this is dropped.
pub struct TestDatabase {
    /// Its URL.
    pub url: String,
    server: String,
    name: String,
}

static CREATED: AtomicU64 = AtomicU64::new(0);

impl TestDatabase {
    /// A new empty database on the `TEST_DATABASE_URL` server, or `None` (with a message
    /// naming `test`) when the variable is not set.
    pub async fn create(test: &str) -> Option<Self> {
        Self::create_with(test, "").await
    }

    /// As [`TestDatabase::create`], with `options` after `CREATE DATABASE <name>` (e.g. a
    /// locale).
    pub async fn create_with(test: &str, options: &str) -> Option<Self> {
        let Ok(server) = std::env::var("TEST_DATABASE_URL") else {
            // Straight to stderr, past the test harness's capture, so that the skip is seen.
            let _ = writeln!(
                std::io::stderr(),
                "skipped {test}: set TEST_DATABASE_URL to a PostgreSQL server \
                 (e.g. postgres://postgres@127.0.0.1:5432/test) to run it"
            );
            return None;
        };
        let name = format!(
            "cities_test_{}_{}",
            std::process::id(),
            CREATED.fetch_add(1, Ordering::Relaxed)
        );
        let admin = Database::connect(server.as_str())
            .await
            .unwrap_or_else(|e| panic!("TEST_DATABASE_URL is set but unreachable: {e}"));
        admin
            .execute_unprepared(&format!("CREATE DATABASE \"{name}\" {options}"))
            .await
            .unwrap();
        admin.close().await.unwrap();
        Some(Self {
            url: with_database(&server, &name),
            server,
            name,
        })
    }

    /// A new empty database, for the suite's run on PostgreSQL (`TEST_BACKEND=postgres`),
    /// which cannot do without one.
    pub async fn required() -> Self {
        Self::create(&crate::support::test_name())
            .await
            .expect("TEST_BACKEND=postgres needs TEST_DATABASE_URL")
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let server = self.server.clone();
        let statement = format!("DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)", self.name);
        // Its own thread and runtime: a test's runtime may be gone or busy by now.
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async {
                let admin = Database::connect(server.as_str()).await.unwrap();
                admin.execute_unprepared(&statement).await.unwrap();
                admin.close().await.unwrap();
            });
        })
        .join();
        if dropped.is_err() {
            eprintln!("could not drop the test database {}", self.name);
        }
    }
}

/// `server` (a PostgreSQL URL) naming the database `name` instead of its own.
pub fn with_database(server: &str, name: &str) -> String {
    let (base, query) = server.split_once('?').unwrap_or((server, ""));
    let authority_end = base.find("://").map_or(0, |i| i + 3);
    let path_start = base[authority_end..]
        .find('/')
        .map_or(base.len(), |i| authority_end + i);
    let mut url = format!("{}/{name}", &base[..path_start]);
    if !query.is_empty() {
        url.push('?');
        url.push_str(query);
    }
    url
}

#[test]
fn a_server_url_names_the_test_database_instead_of_its_own() {
    assert_eq!(
        with_database("postgres://postgres@127.0.0.1:5432/test", "x"),
        "postgres://postgres@127.0.0.1:5432/x"
    );
    assert_eq!(
        with_database("postgres://u:p@h/test?sslmode=disable", "x"),
        "postgres://u:p@h/x?sslmode=disable"
    );
    assert_eq!(
        with_database("postgres://h:5432", "x"),
        "postgres://h:5432/x"
    );
}

/// The whole integration suite again, on PostgreSQL: this test binary run once more with
/// `TEST_BACKEND=postgres`, so that every `TestApp` and `EmptyDatabase` is a database of its
/// own on the `TEST_DATABASE_URL` server. Left out of that run: this test, and the replica and
/// backend-comparison tests, which run on PostgreSQL already. Four tests at a time: they
/// mostly wait on the server (creating, loading and dropping databases). Tests of SQLite's file say on stderr that they do
/// not apply, and return.
#[test]
fn every_integration_test_passes_on_postgresql_too() {
    if crate::support::on_postgres() {
        return;
    }
    if std::env::var_os("TEST_DATABASE_URL").is_none() {
        let _ = writeln!(
            std::io::stderr(),
            "skipped the integration suite on PostgreSQL: set TEST_DATABASE_URL to a server \
             (e.g. postgres://postgres@127.0.0.1:5432/test) to run it"
        );
        return;
    }
    let started = std::time::Instant::now();
    let output = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--skip",
            "postgres::every_integration_test_passes_on_postgresql_too",
            "--skip",
            "replicas::",
            "--skip",
            "backends::",
            "--skip",
            "outage::",
            "--test-threads",
            "4",
        ])
        .env("TEST_BACKEND", "postgres")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let summary = stdout
        .lines()
        .filter(|line| line.starts_with("test result:"))
        .collect::<Vec<_>>()
        .join("; ");
    let not_applicable = stderr
        .lines()
        .filter(|line| line.starts_with("not applicable on PostgreSQL"))
        .count();
    let _ = writeln!(
        std::io::stderr(),
        "integration suite on PostgreSQL: {summary} ({not_applicable} not applicable, {:.1} s)",
        started.elapsed().as_secs_f64()
    );
    assert!(
        output.status.success(),
        "the suite failed on PostgreSQL:\n{stdout}\n{stderr}"
    );
}
