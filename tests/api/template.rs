//! The loaded database every in-process test starts from: migrated and loaded once per test
//! run, then copied for each test. SQLite: `VACUUM INTO` a file of the process, copied per
//! test. PostgreSQL: a template database, cloned per test with `CREATE DATABASE … TEMPLATE`
//! (which fails while anything is connected to the template, so the builder's pool is closed
//! before the template gets its name). The template is named after the test binary, so a new
//! build never reuses an old template; processes that build at once each build their own under
//! a temporary name, and the first rename wins.

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use sea_orm::{ConnectionTrait, Database};
use tokio::sync::OnceCell;

use crate::support::sqlite_url;

/// Where the SQLite template of this process lies.
static SQLITE: OnceCell<PathBuf> = OnceCell::const_new();

/// The name of the PostgreSQL template of this build.
static POSTGRES: OnceCell<String> = OnceCell::const_new();

/// Copies the loaded SQLite template to `path` (a new file).
pub async fn copy_sqlite_to(path: &Path) {
    let template = SQLITE.get_or_init(build_sqlite).await;
    std::fs::copy(template, path).expect("copy the template database");
}

/// The name of the loaded PostgreSQL template on `server` (built on first use).
pub async fn postgres_template(server: &str) -> &'static str {
    POSTGRES.get_or_init(|| build_postgres(server)).await
}

async fn build_sqlite() -> PathBuf {
    let folder = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let template = folder.join(format!("template-{}.sqlite", std::process::id()));
    let building = folder.join(format!("template-{}-building.sqlite", std::process::id()));
    for file in [&template, &building] {
        let _ = std::fs::remove_file(file);
    }
    let db = api::db::connect(&sqlite_url(&building))
        .await
        .expect("connect");
    api::bootstrap::prepare(&db)
        .await
        .expect("migrate and load");
    db.execute_unprepared(&format!("VACUUM INTO '{}'", template.display()))
        .await
        .expect("VACUUM INTO the template");
    db.close().await.expect("close the builder");
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", building.display()));
    }
    template
}

/// A key of the running test binary: its size and modification time.
fn build_key() -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    if let Ok(metadata) = std::env::current_exe().and_then(std::fs::metadata) {
        metadata.len().hash(&mut hasher);
        metadata.modified().ok().hash(&mut hasher);
    }
    hasher.finish()
}

async fn build_postgres(server: &str) -> String {
    let name = format!("cities_template_{:016x}", build_key());
    let building = format!("{name}_{}", std::process::id());
    let admin = Database::connect(server).await.expect("connect");
    let exists = |database: &str| format!("SELECT 1 FROM pg_database WHERE datname = '{database}'");
    if admin
        .query_one_raw(sea_orm::Statement::from_string(
            admin.get_database_backend(),
            exists(&name),
        ))
        .await
        .expect("look for the template")
        .is_some()
    {
        admin.close().await.expect("close");
        return name;
    }
    // Templates of other builds are of no more use.
    let stale = admin
        .query_all_raw(sea_orm::Statement::from_string(
            admin.get_database_backend(),
            "SELECT datname FROM pg_database WHERE datname LIKE 'cities\\_template\\_%'",
        ))
        .await
        .expect("list templates");
    for row in stale {
        let old: String = row.try_get("", "datname").expect("datname");
        if !old.starts_with(&name) {
            let _ = admin
                .execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{old}\" WITH (FORCE)"))
                .await;
        }
    }
    admin
        .execute_unprepared(&format!(
            "DROP DATABASE IF EXISTS \"{building}\" WITH (FORCE)"
        ))
        .await
        .expect("drop a leftover");
    admin
        .execute_unprepared(&format!("CREATE DATABASE \"{building}\""))
        .await
        .expect("create the template");
    let db = api::db::connect(&crate::postgres::with_database(server, &building))
        .await
        .expect("connect to the template");
    api::bootstrap::prepare(&db)
        .await
        .expect("migrate and load");
    db.close().await.expect("close the builder");
    let renamed = admin
        .execute_unprepared(&format!(
            "ALTER DATABASE \"{building}\" RENAME TO \"{name}\""
        ))
        .await;
    if renamed.is_err() {
        // Another process named its template first: use that one.
        let _ = admin
            .execute_unprepared(&format!(
                "DROP DATABASE IF EXISTS \"{building}\" WITH (FORCE)"
            ))
            .await;
    }
    admin.close().await.expect("close");
    name
}
