//! Opening the database and checking that it is fit to serve. (Migrating it and loading the
//! built-in dataset into an empty one is the composition root's job: `bootstrap`.)
//!
//! SQLite gets WAL, a busy timeout, foreign keys and a sized pool. A missing folder, an
//! unreadable file or a file that is not (or no longer) a sound SQLite database is refused at
//! start with one line naming the file. The file is created only at start: if it disappears
//! while serving, connections are not reopened onto a new empty file; queries fail with
//! `SERVICE_UNAVAILABLE` until it is back.

pub mod postgres;

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use entity::dataset_version;
use migration::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::SqliteConnectOptions;
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, EntityTrait,
    Statement,
};

use crate::config::DEFAULT_DATABASE_URL;
use crate::error::{DbFailure, classify_db_error};

/// How long a connection may take to come from the pool. A request is admitted only when a
/// connection is free (`store::admission`), so this is the time to (re)connect: a database that
/// gives none in a second does not answer, and the request fails `SERVICE_UNAVAILABLE` before
/// `--db-queue-timeout` (2 s by default) sheds those queued behind it.
pub const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(1);

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
        preflight(path, url == DEFAULT_DATABASE_URL, options.read_only)?;
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
        .acquire_timeout(ACQUIRE_TIMEOUT)
        .sqlx_logging(false);
    if let Some(path) = sqlite_file.clone() {
        let read_only = options.read_only;
        connect.map_sqlx_sqlite_opts(move |sqlite| {
            // The file exists now (preflight): never create a new one behind a vanished file.
            let sqlite = sqlite
                .create_if_missing(false)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(5));
            if read_only {
                // Immutable: no journal, no lock files; the file must be checkpointed.
                sqlite.read_only(true).immutable(true)
            } else {
                sqlite.journal_mode(sea_orm::sqlx::sqlite::SqliteJournalMode::Wal)
            }
        });
        connect.map_sqlx_sqlite_before_acquire(move |_, _| {
            // A pooled connection keeps the inode it opened: if the file was removed or
            // moved, drop the connection instead of serving a ghost.
            let present = path.is_file();
            Box::pin(async move { Ok(present) })
        });
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
        check_integrity(&db, path).await?;
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

/// What a checkpoint achieved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Checkpoint {
    /// The WAL was written back and emptied: the main file alone is the whole database.
    Complete,
    /// Another connection (a running server) holds the file open, so the WAL could not be
    /// emptied; the data is committed all the same.
    Busy,
    /// Not SQLite: nothing to do.
    NotApplicable,
}

/// Writes the WAL back into the main file and empties it, so that the file alone is the whole
/// database (e.g. to be served read-only elsewhere).
pub async fn checkpoint(db: &DatabaseConnection) -> Result<Checkpoint, sea_orm::DbErr> {
    if db.get_database_backend() != DbBackend::Sqlite {
        return Ok(Checkpoint::NotApplicable);
    }
    // One row: (busy, frames in the log, frames checkpointed); busy is 1 when a reader or
    // writer kept the checkpoint from finishing.
    let row = db
        .query_one_raw(Statement::from_string(
            DbBackend::Sqlite,
            "PRAGMA wal_checkpoint(TRUNCATE)",
        ))
        .await?;
    let busy = row
        .and_then(|r| r.try_get_by_index::<i64>(0).ok())
        .unwrap_or(1);
    Ok(if busy == 0 {
        Checkpoint::Complete
    } else {
        Checkpoint::Busy
    })
}

/// The engine behind a connection, for log lines.
pub fn backend_name(db: &DatabaseConnection) -> &'static str {
    match db.get_database_backend() {
        DbBackend::Sqlite => "sqlite",
        DbBackend::Postgres => "postgres",
        _ => "other",
    }
}

/// The file of a `sqlite:` URL, as sqlx reads it (percent-decoding included); `None` for other
/// engines and in-memory databases.
pub fn sqlite_path(url: &str) -> Option<PathBuf> {
    if !url.starts_with("sqlite:") {
        return None;
    }
    let options = SqliteConnectOptions::from_str(url).ok()?;
    // sqlx has no getter for in-memory mode: `:memory:` becomes a `file:sqlx-in-memory-N`
    // name, and `mode=memory` keeps the name it was given.
    let memory_mode = url
        .split_once('?')
        .is_some_and(|(_, query)| query.split('&').any(|pair| pair == "mode=memory"));
    let path = options.get_filename();
    let in_memory = memory_mode || path.to_string_lossy().starts_with("file:sqlx-in-memory-");
    (!in_memory).then(|| path.to_owned())
}

/// Checks the folder and file before SQLite sees them, so that each failure has a clear line;
/// creates the file (and, for the default URL only, its folder) on first start.
fn preflight(path: &Path, default_location: bool, read_only: bool) -> Result<(), StartupError> {
    let shown = path.display();
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if !folder.is_dir() {
        if default_location && !read_only {
            std::fs::create_dir_all(folder).map_err(|e| {
                StartupError::Database(format!(
                    "cannot create the folder {} for the database file {shown}: {e}",
                    folder.display()
                ))
            })?;
        } else {
            return Err(StartupError::Database(format!(
                "the folder {} of the database file {shown} does not exist",
                folder.display()
            )));
        }
    }
    match std::fs::metadata(path) {
        Ok(meta) if !meta.is_file() => Err(StartupError::Database(format!(
            "the database file {shown} is not a regular file"
        ))),
        Ok(_) => check_header(path),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if read_only {
                return Err(StartupError::Database(format!(
                    "the database file {shown} does not exist (read-only mode does not create it)"
                )));
            }
            // An empty file is an empty SQLite database.
            std::fs::File::create_new(path).map(drop).map_err(|e| {
                StartupError::Database(format!("cannot create the database file {shown}: {e}"))
            })
        }
        Err(e) => Err(StartupError::Database(format!(
            "cannot read the database file {shown}: {e}"
        ))),
    }
}

/// A non-empty file must start with SQLite's magic header.
fn check_header(path: &Path) -> Result<(), StartupError> {
    use std::io::Read;
    let shown = path.display();
    let mut header = [0u8; 16];
    let mut file = std::fs::File::open(path).map_err(|e| {
        StartupError::Database(format!("cannot read the database file {shown}: {e}"))
    })?;
    let read = file.read(&mut header).map_err(|e| {
        StartupError::Database(format!("cannot read the database file {shown}: {e}"))
    })?;
    if read == 0 || header.starts_with(b"SQLite format 3\0") {
        Ok(())
    } else {
        Err(StartupError::Database(format!(
            "the database file {shown} is not a SQLite database"
        )))
    }
}

/// `PRAGMA quick_check`: a file with a sound header can still be corrupt inside.
async fn check_integrity(db: &DatabaseConnection, path: &Path) -> Result<(), StartupError> {
    let corrupt = |why: String| {
        StartupError::Database(format!(
            "the database file {} is corrupt: {why}",
            path.display()
        ))
    };
    let row = db
        .query_one_raw(Statement::from_string(
            DbBackend::Sqlite,
            "PRAGMA quick_check",
        ))
        .await
        .map_err(|e| corrupt(one_line(&e.to_string())))?;
    let verdict = row
        .and_then(|r| r.try_get_by_index::<String>(0).ok())
        .unwrap_or_default();
    if verdict == "ok" {
        Ok(())
    } else {
        Err(corrupt(one_line(&verdict)))
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
    fn sqlite_urls_name_their_file() {
        assert_eq!(
            sqlite_path("sqlite://var/x.sqlite?mode=rwc"),
            Some(PathBuf::from("var/x.sqlite"))
        );
        assert_eq!(
            sqlite_path("sqlite:///tmp/a.db"),
            Some(PathBuf::from("/tmp/a.db"))
        );
        assert_eq!(sqlite_path("sqlite::memory:"), None);
        assert_eq!(sqlite_path("sqlite://file?mode=memory"), None);
        assert_eq!(sqlite_path("postgres://u:p@h/db"), None);
        assert_eq!(
            sqlite_path("sqlite://var/with%20space.sqlite?mode=rwc"),
            Some(PathBuf::from("var/with space.sqlite"))
        );
        assert_eq!(
            describe("postgres://u:secret@h/db", None),
            "postgres://***@h/db"
        );
    }
}
