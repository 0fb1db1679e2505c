//! A real service over a fresh database per test, driven through HTTP in-process: a SQLite
//! file, or, when the suite runs with `TEST_BACKEND=postgres` (see
//! `postgres::every_integration_test_passes_on_postgresql_too`), a PostgreSQL database of its
//! own on the `TEST_DATABASE_URL` server.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use api::AppState;
use api::config::Config;
use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use sea_orm::DatabaseConnection;
use serde_json::{Value, json};
use tempfile::TempDir;
use tower::ServiceExt;

use crate::postgres::TestDatabase;

/// The backend this run of the suite tests: SQLite, unless `TEST_BACKEND=postgres`.
pub fn on_postgres() -> bool {
    std::env::var("TEST_BACKEND").is_ok_and(|backend| backend == "postgres")
}

/// The name of the running test (libtest names each test's thread after it).
pub fn test_name() -> String {
    std::thread::current()
        .name()
        .unwrap_or("<unnamed test>")
        .to_owned()
}

/// For a test of what only SQLite has (its file, its read-only immutable mode): true, with a
/// line on stderr saying so, when the suite runs on PostgreSQL; the test then returns.
pub fn sqlite_only() -> bool {
    if on_postgres() {
        // Straight to stderr, past the harness's capture, so that what did not run is seen.
        let _ = writeln!(
            std::io::stderr(),
            "not applicable on PostgreSQL: {} (it tests SQLite's file)",
            test_name()
        );
    }
    on_postgres()
}

/// A new, empty database of the backend under test (not migrated): a file in a temp folder,
/// or a PostgreSQL database of its own. Removed or dropped on drop.
pub struct EmptyDatabase {
    /// Its URL.
    pub url: String,
    /// Holds the SQLite file (and anything else a test puts there); removed on drop.
    pub dir: TempDir,
    _postgres: Option<TestDatabase>,
}

impl EmptyDatabase {
    /// A new empty database.
    pub async fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        if on_postgres() {
            let database = TestDatabase::required().await;
            Self {
                url: database.url.clone(),
                dir,
                _postgres: Some(database),
            }
        } else {
            Self {
                url: sqlite_url(&dir.path().join("test.sqlite")),
                dir,
                _postgres: None,
            }
        }
    }
}

impl EmptyDatabase {
    /// A new database of the backend under test, migrated and holding the repository's
    /// dataset: a copy of the run's template (see `template`).
    pub async fn loaded() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        if on_postgres() {
            let server = std::env::var("TEST_DATABASE_URL")
                .expect("TEST_BACKEND=postgres needs TEST_DATABASE_URL");
            let template = crate::template::postgres_template(&server).await;
            let database =
                TestDatabase::create_with(&test_name(), &format!("TEMPLATE \"{template}\""))
                    .await
                    .expect("TEST_DATABASE_URL is set");
            Self {
                url: database.url.clone(),
                dir,
                _postgres: Some(database),
            }
        } else {
            let file = dir.path().join("test.sqlite");
            crate::template::copy_sqlite_to(&file).await;
            Self {
                url: sqlite_url(&file),
                dir,
                _postgres: None,
            }
        }
    }
}

/// One service with its own database.
pub struct TestApp {
    /// A temp folder of the test's own (the SQLite file, on SQLite); removed on drop.
    pub dir: TempDir,
    /// The database.
    pub db: DatabaseConnection,
    /// The app's state (metrics included).
    pub state: AppState,
    /// `db_statements` when [`TestApp::reset_statements`] was last called.
    statements_before: AtomicU64,
    router: Router,
    url: String,
    _postgres: Option<TestDatabase>,
}

/// A response: status and JSON body.
pub struct Reply {
    /// HTTP status.
    pub status: StatusCode,
    /// Response headers.
    pub headers: axum::http::HeaderMap,
    /// The body, parsed as JSON (or `Value::String` of the text when it is not JSON).
    pub body: Value,
}

impl TestApp {
    /// A migrated database holding the repository's dataset (a copy of the run's template),
    /// and the app over it with the default configuration.
    pub async fn new() -> Self {
        Self::with_config(|_| {}).await
    }

    /// As [`TestApp::new`], reading the data version on every request
    /// (`--data-version-max-age 0s`): for tests that reload or break the database and expect
    /// the very next request to see it.
    pub async fn rereading_the_data_version() -> Self {
        Self::with_config(|config| config.http.data_version_max_age = Duration::ZERO).await
    }

    /// As [`TestApp::new`], with the configuration changed by `configure`.
    pub async fn with_config(configure: impl FnOnce(&mut Config)) -> Self {
        let EmptyDatabase {
            url,
            dir,
            _postgres,
        } = EmptyDatabase::loaded().await;
        let db = api::db::connect(&url).await.expect("connect");
        let mut config = Config::default();
        configure(&mut config);
        let trusted =
            config.surface.trusted_documents.as_deref().map(|path| {
                api::graphql::persisted::TrustedDocuments::load(path).expect("manifest")
            });
        let state = AppState::new(db.clone(), config).with_trusted_documents(trusted);
        // As `serve` does: the programme of the loaded revision is built before requests.
        state.warm().await;
        let router = api::app(state.clone());
        Self {
            dir,
            db,
            state,
            statements_before: AtomicU64::new(0),
            router,
            url,
            _postgres,
        }
    }

    /// The URL of the app's database (for `cities-api load-data --database-url`).
    pub fn database_url(&self) -> &str {
        &self.url
    }

    /// The app's router (the same instance, so the same limits and semaphores).
    pub fn router(&self) -> Router {
        self.router.clone()
    }

    /// The path of the database file (SQLite only: see [`sqlite_only`]).
    pub fn db_path(&self) -> PathBuf {
        assert!(
            !on_postgres(),
            "db_path is SQLite's: guard the test with sqlite_only()"
        );
        self.dir.path().join("test.sqlite")
    }

    /// POSTs a GraphQL query.
    pub async fn query(&self, query: &str) -> Value {
        self.query_with(query, json!({})).await
    }

    /// POSTs a GraphQL query with variables; asserts HTTP 200.
    pub async fn query_with(&self, query: &str, variables: Value) -> Value {
        let body = json!({ "query": query, "variables": variables }).to_string();
        let reply = self.post("/graphql", "application/json", body).await;
        assert_eq!(reply.status, StatusCode::OK, "body: {}", reply.body);
        reply.body
    }

    /// POSTs `body` with a content type.
    pub async fn post(&self, uri: &str, content_type: &str, body: impl Into<Body>) -> Reply {
        let request = Request::post(uri)
            .header(header::CONTENT_TYPE, content_type)
            .body(body.into())
            .expect("request");
        self.send(request).await
    }

    /// GETs `uri`.
    pub async fn get(&self, uri: &str) -> Reply {
        self.send(Request::get(uri).body(Body::empty()).expect("request"))
            .await
    }

    /// GETs `uri` and returns its headers and its body as bytes (for what is not text: an
    /// archive).
    pub async fn get_bytes(&self, uri: &str) -> (axum::http::HeaderMap, Vec<u8>) {
        let response = self
            .router
            .clone()
            .oneshot(Request::get(uri).body(Body::empty()).expect("request"))
            .await
            .expect("infallible");
        assert_eq!(response.status(), StatusCode::OK, "{uri}");
        let headers = response.headers().clone();
        let body = response
            .into_body()
            .collect()
            .await
            .expect("body")
            .to_bytes()
            .to_vec();
        (headers, body)
    }

    /// Sends any request.
    pub async fn send(&self, request: Request<Body>) -> Reply {
        let response = self
            .router
            .clone()
            .oneshot(request)
            .await
            .expect("infallible");
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response
            .into_body()
            .collect()
            .await
            .expect("body")
            .to_bytes();
        let body = serde_json::from_slice(&bytes)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()));
        Reply {
            status,
            headers,
            body,
        }
    }

    /// Runs `sql` on the app's database, a fault no load would make, and dates the data
    /// version anew so that the app reads the changed data as a new revision (within
    /// `--data-version-max-age`: zero for [`TestApp::rereading_the_data_version`]).
    pub async fn tamper(&self, sql: &str) {
        use sea_orm::{ConnectionTrait, EntityTrait, sea_query::Expr};
        self.db.execute_unprepared(sql).await.expect("tamper");
        entity::dataset_version::Entity::update_many()
            .col_expr(
                entity::dataset_version::Column::LoadedAt,
                Expr::value(chrono::Utc::now()),
            )
            .exec(&self.db)
            .await
            .expect("date the version anew");
    }

    /// Operations executed so far (answered `ok` or with errors, not from a cache, not refused),
    /// from the app's metrics.
    pub fn executions(&self) -> f64 {
        self.state
            .metrics
            .render()
            .lines()
            .filter(|line| line.starts_with("graphql_requests_total{"))
            .filter(|line| line.contains("outcome=\"ok\"") || line.contains("outcome=\"error\""))
            .filter_map(|line| line.rsplit(' ').next()?.parse::<f64>().ok())
            .sum()
    }

    /// Starts counting statements from zero.
    pub fn reset_statements(&self) {
        self.statements_before
            .store(self.state.metrics.db_statements(), Ordering::SeqCst);
    }

    /// Statements the app executed since the last reset (its `db_statements` metric).
    pub fn statements(&self) -> usize {
        let now = self.state.metrics.db_statements();
        usize::try_from(now - self.statements_before.load(Ordering::SeqCst)).unwrap_or(usize::MAX)
    }
}

/// The SQLite URL of a file (created if missing).
pub fn sqlite_url(path: &Path) -> String {
    format!("sqlite://{}?mode=rwc", path.display())
}

/// The repository's folder of `relative`.
pub fn repo_path(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

/// Every row of every table, as text, in a stable order (the dataset's own list of tables):
/// two dumps are equal exactly when the databases hold the same data.
pub async fn dump(db: &DatabaseConnection) -> Vec<String> {
    api::dataset::dump(db).await.expect("dump")
}

/// The global id of `Type:key`, as a client would receive it.
pub fn global_id(type_name: &str, key: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("{type_name}:{key}"))
}

/// `errors[*].extensions.code` of a response.
pub fn error_codes(body: &Value) -> Vec<String> {
    body["errors"]
        .as_array()
        .map(|errors| {
            errors
                .iter()
                .map(|e| {
                    e["extensions"]["code"]
                        .as_str()
                        .unwrap_or("<none>")
                        .to_owned()
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Starts the `cities-api` binary on a free port over the database at `database_url`; returns
/// once it listens.
pub fn start_binary(database_url: &str, extra_env: &[(&str, &str)]) -> (Child, SocketAddr) {
    let mut env = vec![("DATABASE_URL", database_url)];
    env.extend_from_slice(extra_env);
    let (mut child, starting) = spawn_binary(&env, None);
    let addr = wait_listening(&mut child, &starting);
    (child, addr)
}

/// A service started by [`spawn_binary`]: it binds port 0 itself and logs the address it
/// bound, so no other process can take its port between a choice and a bind.
pub struct Starting {
    log: PathBuf,
    _folder: Option<TempDir>,
}

/// Starts the `cities-api` binary (`serve`) on a port of its choosing with `env` (which names
/// the database), its standard error written to `log` when given (else to a file of its own);
/// returns at once: [`wait_listening`] reads the address.
pub fn spawn_binary(env: &[(&str, &str)], log: Option<&Path>) -> (Child, Starting) {
    spawn_binary_under(&[], env, log)
}

/// As [`spawn_binary`], run by `wrapper` (a program and its arguments that runs the binary,
/// e.g. `prlimit --nofile=64:64 --`).
pub fn spawn_binary_under(
    wrapper: &[&str],
    env: &[(&str, &str)],
    log: Option<&Path>,
) -> (Child, Starting) {
    let (log, folder) = match log {
        Some(path) => (path.to_owned(), None),
        None => {
            let folder = tempfile::tempdir().unwrap();
            (folder.path().join("server.log"), Some(folder))
        }
    };
    let binary = env!("CARGO_BIN_EXE_cities-api");
    let mut command = match wrapper.split_first() {
        Some((program, arguments)) => {
            let mut command = Command::new(program);
            command.args(arguments).arg(binary);
            command
        }
        None => Command::new(binary),
    };
    command
        .env("LISTEN_ADDR", "127.0.0.1:0")
        .stdout(Stdio::null())
        .stderr(Stdio::from(std::fs::File::create(&log).unwrap()));
    let mut filter = String::from("warn");
    for (key, value) in env {
        if *key == "RUST_LOG" {
            filter = (*value).to_owned();
        } else {
            command.env(key, value);
        }
    }
    // The line that names the bound address, whatever else the test asks to see.
    command.env("RUST_LOG", format!("{filter},api=info"));
    let starting = Starting {
        log,
        _folder: folder,
    };
    (command.spawn().unwrap(), starting)
}

/// Waits until `child` listens and returns its address, read from its `serving addr=...` log
/// line (it is killed, and the test fails, if it never listens).
pub fn wait_listening(child: &mut Child, starting: &Starting) -> SocketAddr {
    for _ in 0..600 {
        let log = std::fs::read_to_string(&starting.log).unwrap_or_default();
        if let Some(addr) = logged_address(&log, "serving") {
            return addr;
        }
        if let Ok(Some(status)) = child.try_wait() {
            panic!("the service exited before listening: {status}\n{log}");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    panic!("the service did not start listening");
}

impl Starting {
    /// The address a `<message> addr=...` line of the service's log names (e.g. `serving
    /// /metrics`), once it is there.
    pub fn logged(&self, message: &str) -> Option<SocketAddr> {
        logged_address(&std::fs::read_to_string(&self.log).ok()?, message)
    }
}

/// The address of the first `<message> addr=...` line of a log (colours or not).
fn logged_address(log: &str, message: &str) -> Option<SocketAddr> {
    log.lines()
        .map(|line| {
            // Without ANSI colour sequences.
            let mut plain = String::with_capacity(line.len());
            let mut in_escape = false;
            for c in line.chars() {
                match (in_escape, c) {
                    (false, '\u{1b}') => in_escape = true,
                    (true, 'm') => in_escape = false,
                    (true, _) => {}
                    (false, c) => plain.push(c),
                }
            }
            plain
        })
        .find_map(|line| {
            let rest = line.split(&format!(" {message} addr=")).nth(1)?;
            rest.split_whitespace().next()?.parse().ok()
        })
}

/// Sends `request` (raw HTTP/1.1 text that asks for `Connection: close`) to `addr` over a
/// plain TCP connection and returns the whole response text.
pub fn raw_http(addr: SocketAddr, request: &str) -> String {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    response
}

/// The raw HTTP/1.1 text of a POST of the JSON `body` to `/graphql` at `addr`, asking for
/// `Connection: close` (as [`raw_http`] wants).
pub fn graphql_post_text(addr: SocketAddr, body: &str) -> String {
    format!(
        "POST /graphql HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
}

/// The raw HTTP/1.1 text of a GET of `path` at `addr`, asking for `Connection: close`.
pub fn get_text(addr: SocketAddr, path: &str) -> String {
    format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n")
}

/// The status line and the body of a raw HTTP response (the answers here carry a length, not
/// chunks).
pub fn status_and_body(response: &str) -> (String, String) {
    let (head, body) = response.split_once("\r\n\r\n").unwrap_or((response, ""));
    let status = head.lines().next().unwrap_or_default().to_owned();
    (status, body.to_owned())
}

/// Copies the repository's `data/` into a temp folder, with `programme.toml` edited.
pub fn data_dir_with(edit: impl Fn(String) -> String) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for sub in ["seed", "reference"] {
        std::fs::create_dir_all(dir.path().join(sub)).unwrap();
        for entry in std::fs::read_dir(repo_path("data").join(sub)).unwrap() {
            let entry = entry.unwrap();
            if entry.path().is_dir() {
                continue;
            }
            std::fs::copy(entry.path(), dir.path().join(sub).join(entry.file_name())).unwrap();
        }
    }
    let programme = std::fs::read_to_string(repo_path("data/programme.toml")).unwrap();
    std::fs::write(dir.path().join("programme.toml"), edit(programme)).unwrap();
    dir
}

/// The repository's dataset without its first break: a valid dataset of 12 sessions.
pub fn data_dir_without_the_first_break() -> tempfile::TempDir {
    data_dir_with(|programme| {
        let start = programme.find("[[sessions]]\nid = \"day1-break\"").unwrap();
        let end = start + programme[start..].find("\n\n").unwrap() + 2;
        format!("{}{}", &programme[..start], &programme[end..])
    })
}

/// Runs the `cities-api` binary with `args` (no server: a command such as `load-data`).
pub fn cli(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_cities-api"))
        .args(args)
        .env_remove("DATABASE_URL")
        .env("RUST_LOG", "warn")
        .output()
        .unwrap()
}

/// Runs `cities-api load-data` of the folder `data` into the database at `url`; the test fails
/// with the command's output if it does.
pub fn load_data(url: &str, data: &Path) {
    let output = cli(&[
        "load-data",
        "--database-url",
        url,
        "--data-dir",
        data.to_str().unwrap(),
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The value of the first series of a Prometheus text exposition whose line starts with
/// `series` (its name and labels, in the order the service writes them); 0 when absent.
pub fn metric(exposition: &str, series: &str) -> f64 {
    exposition
        .lines()
        .find(|line| line.starts_with(series))
        .and_then(|line| line.rsplit(' ').next())
        .map_or(0.0, |value| value.parse().unwrap())
}

/// The resident memory of process `pid` now and at its peak (`VmRSS`, `VmHWM`), in KiB.
pub fn memory_kib(pid: u32) -> (u64, u64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|line| line.strip_prefix(name))
            .and_then(|rest| rest.split_whitespace().next()?.parse().ok())
            .unwrap_or(0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

/// The CPU time process `pid` has used (user and system), in seconds.
pub fn cpu_seconds(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // Fields after the command name (which may hold spaces, inside parentheses).
    let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks = |index: usize| {
        fields
            .get(index)
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    // utime and stime are fields 14 and 15 of stat(5): 12 and 13 after the name.
    (ticks(11) + ticks(12)) / 100.0
}

/// A WebSocket speaking graphql-transport-ws to the service at `addr`, initialised
/// (`connection_init` sent, `connection_ack` read).
pub fn graphql_socket(addr: SocketAddr) -> tungstenite::WebSocket<TcpStream> {
    use tungstenite::client::IntoClientRequest;
    let mut request = format!("ws://{addr}/graphql")
        .into_client_request()
        .unwrap();
    request.headers_mut().insert(
        "sec-websocket-protocol",
        "graphql-transport-ws".parse().unwrap(),
    );
    let stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    let (mut socket, _) = tungstenite::client(request, stream).unwrap();
    socket
        .send(tungstenite::Message::text(r#"{"type":"connection_init"}"#))
        .unwrap();
    let ack = next_text(&mut socket);
    assert_eq!(ack["type"], "connection_ack", "{ack}");
    socket
}

/// The next text message of `socket`, as JSON (pings are skipped; a close is `Value::Null`).
pub fn next_text(socket: &mut tungstenite::WebSocket<TcpStream>) -> Value {
    loop {
        match socket.read() {
            Ok(tungstenite::Message::Text(text)) => {
                return serde_json::from_str(text.as_str()).unwrap();
            }
            Ok(tungstenite::Message::Close(_)) | Err(_) => return Value::Null,
            Ok(_) => {}
        }
    }
}
