//! What only SQLite needs: its file checked before and after opening (folder, header,
//! `PRAGMA quick_check`), its connection settings (WAL, busy timeout, foreign keys; read-only
//! and immutable for `--read-only`), and the WAL checkpoint that makes one file the whole
//! database.

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use sea_orm::sqlx::sqlite::SqliteConnectOptions;
use sea_orm::{ConnectOptions, ConnectionTrait, DatabaseConnection, DbBackend, Statement};

use super::{StartupError, one_line};

/// How long a connection may take to come from the pool: opening one sets its pragmas, which
/// may wait out the busy timeout (5 s) while `load-data` writes or checkpoints the file. A
/// vanished or unreadable file fails at once; it never takes this long.
pub const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(5);

/// SQLite's connection settings on `connect`, for the file at `path`.
pub(super) fn configure(connect: &mut ConnectOptions, path: PathBuf, read_only: bool) {
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
pub(super) fn preflight(
    path: &Path,
    default_location: bool,
    read_only: bool,
) -> Result<(), StartupError> {
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
pub(super) async fn check_integrity(
    db: &DatabaseConnection,
    path: &Path,
) -> Result<(), StartupError> {
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
    }
}

/// The database file of a `--read-only` server, as it was when the server opened it. SQLite
/// trusts an immutable file never to change: a `load-data` into it would have each connection
/// read a mix of old and new pages. So the server notices a changed file and stops serving
/// data (`SERVICE_UNAVAILABLE`, `/readyz` 503) until it is restarted on the new file.
#[derive(Debug)]
pub struct ImmutableFile {
    path: PathBuf,
    at_start: Option<FileIdentity>,
}

/// What tells one version of a file from another: its inode, length and modification time.
#[derive(Debug, Clone, PartialEq, Eq)]
struct FileIdentity {
    inode: u64,
    len: u64,
    modified: Option<std::time::SystemTime>,
}

impl FileIdentity {
    fn of(path: &Path) -> Option<Self> {
        use std::os::unix::fs::MetadataExt;
        let metadata = std::fs::metadata(path).ok()?;
        Some(Self {
            inode: metadata.ino(),
            len: metadata.len(),
            modified: metadata.modified().ok(),
        })
    }
}

impl ImmutableFile {
    /// The file of `url` as it is now; `None` for other engines.
    pub fn of(url: &str) -> Option<Self> {
        let path = sqlite_path(url)?;
        let at_start = FileIdentity::of(&path);
        Some(Self { path, at_start })
    }

    /// Whether the file is no longer the one the server opened (changed, replaced or gone).
    pub fn changed(&self) -> bool {
        FileIdentity::of(&self.path) != self.at_start
    }
}
