//! What only PostgreSQL needs. Several replicas may start at once against one database: the
//! migrations and the first load must then run once, in one of them, while the others wait.

use sea_orm::{
    ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr, Statement,
    TransactionTrait,
};

/// How long a connection may take to come from the pool. A request is admitted only when a
/// connection is free (`store::admission`), so this is the time to (re)connect: a reachable
/// server gives one in milliseconds; one that gives none in a second does not answer, and the
/// request fails `SERVICE_UNAVAILABLE` before `--db-queue-timeout` (2 s by default) sheds those
/// queued behind it (as unavailable too: the gate learns the database is gone).
pub const ACQUIRE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(1);

/// The advisory-lock key of the start-up work ("cities" in ASCII): any value no other
/// application on the same server uses.
const STARTUP_LOCK_KEY: i64 = 0x6369_7469_6573;

/// The start-up lock, held from [`StartupLock::acquire`] until [`StartupLock::release`]: a
/// transaction-level advisory lock on a transaction that does nothing else, so it blocks no
/// table, and it is released by PostgreSQL if the process dies while holding it. It takes one
/// connection of the pool for as long as it is held (the pool needs at least two).
#[derive(Debug)]
pub struct StartupLock(DatabaseTransaction);

impl StartupLock {
    /// Waits for the lock and holds it; `None` on any other backend (SQLite serialises its
    /// writers itself: each migration and the load are transactions on one file).
    pub async fn acquire(db: &DatabaseConnection) -> Result<Option<Self>, DbErr> {
        if db.get_database_backend() != DbBackend::Postgres {
            return Ok(None);
        }
        let transaction = db.begin().await?;
        transaction
            .execute_raw(Statement::from_sql_and_values(
                DbBackend::Postgres,
                "SELECT pg_advisory_xact_lock($1)",
                [STARTUP_LOCK_KEY.into()],
            ))
            .await?;
        Ok(Some(Self(transaction)))
    }

    /// Lets the next waiting replica go.
    pub async fn release(self) -> Result<(), DbErr> {
        self.0.commit().await
    }
}
