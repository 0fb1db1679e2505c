//! One consistent view of the data per request.
//!
//! A request's statements all run in one read transaction, so an answer never mixes two
//! versions of the dataset while `load-data` replaces it (the load is one write transaction).
//! The transaction opens lazily, when the request's first query runs: a request refused before
//! execution costs no statement. Its first statement reads the dataset version, inside the same
//! snapshot, so that what is keyed on the version (HTTP tags, caches) describes exactly the data
//! the answer was read from.
//!
//! - SQLite (WAL): a deferred `BEGIN`; the snapshot is fixed by the first read (the version).
//! - PostgreSQL: `REPEATABLE READ, READ ONLY`: one snapshot for the whole transaction.
//!
//! Cost: the request holds one pooled connection from its first query to its end, instead of
//! one per statement; so a snapshot is made only with an [`Admission`] of the connection
//! gate (`store::admission`), which it keeps until it ends.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use sea_orm::{
    AccessMode, ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr,
    IsolationLevel, Statement, TransactionTrait,
};
use tokio::sync::OnceCell;

use super::admission::{Admission, ConnectionGate, Shed};

/// The statement that reads the dataset version (and when it was loaded). The statement counter leaves it out
/// (see [`counts_as_data_query`]): it is bookkeeping of the snapshot, not a data query.
const VERSION_QUERY: &str = "SELECT version, loaded_at FROM dataset_version WHERE id = 1";

/// True for the statements that `db_statements_total` counts: every statement a request or a
/// load sends, except the snapshot's version read. `BEGIN`, `COMMIT` and `ROLLBACK` never reach
/// the counter (SeaORM does not report them).
pub fn counts_as_data_query(sql: &str) -> bool {
    sql != VERSION_QUERY
}

/// The dataset's version row, decoded in this one place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionRow {
    /// The dataset version: a SHA-256 over the dataset files (`DatasetFiles::version`).
    pub version: String,
    /// When that version was loaded (null only in a row edited by hand).
    pub loaded_at: Option<DateTime<Utc>>,
}

impl VersionRow {
    /// Reads the row through `db` (`None`: the database holds no data).
    pub async fn read(db: &impl ConnectionTrait) -> Result<Option<Self>, DbErr> {
        let row = db
            .query_one_raw(Statement::from_string(
                db.get_database_backend(),
                VERSION_QUERY,
            ))
            .await?;
        Ok(row.and_then(|row| {
            Some(Self {
                version: row.try_get_by_index::<String>(0).ok()?,
                loaded_at: row
                    .try_get_by_index::<Option<DateTime<Utc>>>(1)
                    .ok()
                    .flatten(),
            })
        }))
    }

    /// `<version> <load time>`: changes with every load that rewrote rows (a new version, or
    /// the same files in a newer format).
    pub fn revision(&self) -> String {
        match self.loaded_at {
            Some(loaded_at) => format!("{} {}", self.version, loaded_at.to_rfc3339()),
            None => self.version.clone(),
        }
    }
}

/// The version and load time a revision (`VersionRow::revision`) names.
pub fn revision_parts(revision: &str) -> (&str, Option<DateTime<Utc>>) {
    match revision.split_once(' ') {
        Some((version, loaded_at)) => (
            version,
            DateTime::parse_from_rfc3339(loaded_at)
                .ok()
                .map(|at| at.with_timezone(&Utc)),
        ),
        None => (revision, None),
    }
}

/// The revision (see [`Snapshot::revision`]) that `db` sees, in one statement: outside any
/// snapshot, what the database holds now, for what needs no consistent read (looking up a
/// cached answer); inside a read transaction, the revision of what it reads.
pub async fn read_revision(db: &impl ConnectionTrait) -> Result<Option<String>, DbErr> {
    Ok(VersionRow::read(db).await?.map(|row| row.revision()))
}

/// A read transaction that sees one version of the data throughout.
pub async fn begin_read(db: &DatabaseConnection) -> Result<DatabaseTransaction, DbErr> {
    match db.get_database_backend() {
        DbBackend::Postgres => {
            db.begin_with_config(
                Some(IsolationLevel::RepeatableRead),
                Some(AccessMode::ReadOnly),
            )
            .await
        }
        // SQLite has one isolation level (serializable snapshots under WAL) and no access
        // modes; SeaORM warns if asked for either.
        _ => db.begin().await,
    }
}

/// A request's view of the data, opened on first use.
pub struct Snapshot {
    db: DatabaseConnection,
    opened: OnceCell<Opened>,
    admission: Admission,
}

struct Opened {
    transaction: DatabaseTransaction,
    version: Option<VersionRow>,
}

impl Snapshot {
    /// The one way a request gets its snapshot: once the connection gate admits it (at most
    /// `--db-queue-timeout`), a snapshot of `db`, not yet opened. It keeps its admission until
    /// it ends: at [`Snapshot::finish`], or when the last holder lets go of it.
    pub async fn admitted(
        gate: &ConnectionGate,
        db: &DatabaseConnection,
    ) -> Result<Arc<Self>, Shed> {
        let admission = gate.admit().await?;
        Ok(Arc::new(Self::new(db.clone(), admission)))
    }

    fn new(db: DatabaseConnection, admission: Admission) -> Self {
        Self {
            db,
            opened: OnceCell::new(),
            admission,
        }
    }

    /// The connection to run the request's statements on (opening the snapshot if needed).
    pub async fn connection(&self) -> Result<&DatabaseTransaction, DbErr> {
        Ok(&self.open().await?.transaction)
    }

    /// The version of the dataset this snapshot sees; `None` in a database that holds none.
    pub async fn version(&self) -> Result<Option<&str>, DbErr> {
        Ok(self
            .open()
            .await?
            .version
            .as_ref()
            .map(|row| row.version.as_str()))
    }

    /// What names the data this snapshot sees, for keys of answers derived from it (HTTP tags,
    /// the response cache): the dataset version and the time it was loaded, which changes with
    /// every load that rewrote rows (a new version, or the same files in a newer format);
    /// `None` in a database that holds none.
    pub async fn revision(&self) -> Result<Option<String>, DbErr> {
        Ok(self
            .open()
            .await?
            .version
            .as_ref()
            .map(VersionRow::revision))
    }

    /// When the version this snapshot sees was loaded; `None` in a database that holds none.
    pub async fn loaded_at(&self) -> Result<Option<DateTime<Utc>>, DbErr> {
        Ok(self
            .open()
            .await?
            .version
            .as_ref()
            .and_then(|row| row.loaded_at))
    }

    /// The revision this snapshot read, if it was opened: `None` when no statement ran.
    pub fn opened_revision(&self) -> Option<Option<String>> {
        let opened = self.opened.get()?;
        Some(opened.version.as_ref().map(VersionRow::revision))
    }

    /// Ends the request's read transaction now, where no one else holds the snapshot any more
    /// (otherwise the last holder's drop ends it).
    pub async fn finish(snapshot: Arc<Self>) {
        if let Ok(snapshot) = Arc::try_unwrap(snapshot) {
            snapshot.close().await;
        }
    }

    /// Ends the read transaction, returning its connection to the pool at once.
    async fn close(self) {
        if let Some(opened) = self.opened.into_inner()
            && let Err(error) = opened.transaction.rollback().await
        {
            tracing::warn!(%error, "ending a request's read transaction");
        }
    }

    async fn open(&self) -> Result<&Opened, DbErr> {
        self.opened
            .get_or_try_init(|| async {
                let began = begin_read(&self.db).await;
                // Whether the database answered: tells the gate an outage from an overload.
                self.admission.reached_database(!matches!(
                    began.as_ref().map_err(crate::error::classify_db_error),
                    Err(crate::error::DbFailure::Unavailable)
                ));
                let transaction = began?;
                let version = VersionRow::read(&transaction).await?;
                Ok(Opened {
                    transaction,
                    version,
                })
            })
            .await
    }
}
