//! Opening the database and checking that it is fit to serve. (Migrating it and loading the
//! built-in dataset into an empty one is the composition root's job: `bootstrap`.)
//!
//! What is particular to a backend lives in its own module, the only places (with the
//! migration that pins PostgreSQL's text order) that hold backend-specific SQL:
//! - `sqlite`: WAL, a busy timeout, foreign keys; a missing folder, an unreadable file or a
//!   file that is not (or no longer) a sound SQLite database is refused at start with one line
//!   naming the file. The file is created only at start: if it disappears while serving,
//!   connections are not reopened onto a new empty file; queries fail with
//!   `SERVICE_UNAVAILABLE` until it is back.
//! - `postgres`: the start-up lock under which replicas migrate and load one at a time.

pub mod postgres;
mod sqlite;

pub use sqlite::{Checkpoint, ImmutableFile, checkpoint, sqlite_path};

use std::path::Path;

use entity::dataset_version;
use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectOptions, Database, DatabaseConnection, DbBackend, EntityTrait};

use crate::config::DEFAULT_DATABASE_URL;
use crate::error::{DbFailure, classify_db_error};

/// Why the database could not be prepared. Every message is one line.
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    /// The database could not be opened or is unfit.
    #[error("{0}")]
    Database(String),
    /// A migration failed.
    #[error("cannot migrate the database: {0}")]
    Migrate(String),
    /// The built-in dataset could not be loaded.
    #[error("cannot load the built-in dataset: {0}")]
    Load(String),
}

/// How to open the database.
#[derive(Debug, Clone, Copy)]
pub struct OpenOptions {
    /// Connections in the pool.
    pub max_connections: u32,
    /// Open read-only (the file must exist and be ready).
    pub read_only: bool,
}

impl Default for OpenOptions {
    fn default() -> Self {
        Self {
            max_connections: 8,
            read_only: false,
        }
    }
}

/// Opens the database at `url` with default options.
pub async fn connect(url: &str) -> Result<DatabaseConnection, StartupError> {
    open(url, OpenOptions::default()).await
}

/// Opens the database at `url`.
pub async fn open(url: &str, options: OpenOptions) -> Result<DatabaseConnection, StartupError> {
    let sqlite_file = sqlite_path(url);
    if let Some(path) = &sqlite_file {
        sqlite::preflight(path, url == DEFAULT_DATABASE_URL, options.read_only)?;
    }
    let mut connect = ConnectOptions::new(url.to_owned());
    connect
        // PostgreSQL: the start-up lock holds one connection while migrations use another.
        .max_connections(
            options
                .max_connections
                .max(if sqlite_file.is_some() { 1 } else { 2 }),
        )
        .min_connections(1)
        .acquire_timeout(if sqlite_file.is_some() {
            sqlite::ACQUIRE_TIMEOUT
        } else {
            postgres::ACQUIRE_TIMEOUT
        })
        .sqlx_logging(false);
    if let Some(path) = sqlite_file.clone() {
        sqlite::configure(&mut connect, path, options.read_only);
    }
    let db = Database::connect(connect).await.map_err(|error| {
        let cause = one_line(&error.to_string());
        StartupError::Database(match &sqlite_file {
            Some(path) if classify_db_error(&error) == DbFailure::Corrupt => {
                format!("the database file {} is corrupt: {cause}", path.display())
            }
            _ => format!(
                "cannot open the database {}: {cause}",
                describe(url, sqlite_file.as_deref())
            ),
        })
    })?;
    if let Some(path) = &sqlite_file {
        sqlite::check_integrity(&db, path).await?;
    }
    Ok(db)
}

/// For read-only serving: the database must be fully migrated and hold a dataset.
pub async fn check_ready(db: &DatabaseConnection) -> Result<(), StartupError> {
    let not_ready = |why: String| {
        StartupError::Database(format!(
            "the database is not ready for read-only serving ({why}); migrate and load it with `cities-api load-data` first"
        ))
    };
    let pending = Migrator::get_pending_migrations(db)
        .await
        .map_err(|e| not_ready(one_line(&e.to_string())))?;
    if !pending.is_empty() {
        return Err(not_ready(format!("{} migration(s) pending", pending.len())));
    }
    match dataset_version::Entity::find_by_id(1).one(db).await {
        Ok(Some(_)) => Ok(()),
        Ok(None) => Err(not_ready("no dataset loaded".to_owned())),
        Err(e) => Err(not_ready(one_line(&e.to_string()))),
    }
}

/// The engine behind a connection, for log lines.
pub fn backend_name(db: &DatabaseConnection) -> &'static str {
    match db.get_database_backend() {
        DbBackend::Sqlite => "sqlite",
        DbBackend::Postgres => "postgres",
        _ => "other",
    }
}

/// What to call the database in messages: its file, or its URL without a password.
fn describe(url: &str, sqlite_file: Option<&Path>) -> String {
    if let Some(path) = sqlite_file {
        return format!("file {}", path.display());
    }
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            format!("{}://***{}", &url[..scheme], &url[at..])
        }
        _ => url.to_owned(),
    }
}

/// A driver message on one line.
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_postgres_url_is_described_without_its_password() {
        assert_eq!(
            describe("postgres://u:secret@h/db", None),
            "postgres://***@h/db"
        );
    }
}
