//! Database errors classified by their typed code (never by message text).

use sea_orm::{DbErr, RuntimeErr};

/// What a database error means for the client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DbFailure {
    /// The database cannot be reached or used now (connection, busy, I/O, file gone): retry.
    Unavailable,
    /// The file is not a database, or is damaged (SQLite `SQLITE_CORRUPT`, `SQLITE_NOTADB`).
    Corrupt,
    /// Anything else: a bug of ours.
    Other,
}

/// The driver's error code of `error`, when the database reported one.
fn driver_code(error: &DbErr) -> Option<String> {
    let runtime = match error {
        DbErr::Conn(runtime) | DbErr::Exec(runtime) | DbErr::Query(runtime) => runtime,
        _ => return None,
    };
    match runtime {
        RuntimeErr::SqlxError(error) => error
            .as_database_error()
            .and_then(|database| database.code())
            .map(|code| code.into_owned()),
        _ => None,
    }
}

/// Classifies `error`. SQLite codes are numbers (primary code in the low byte); PostgreSQL
/// codes are SQLSTATEs.
pub fn classify(error: &DbErr) -> DbFailure {
    if matches!(error, DbErr::ConnectionAcquire(_)) {
        return DbFailure::Unavailable;
    }
    if let Some(code) = driver_code(error) {
        if let Ok(extended) = code.parse::<i32>() {
            return match extended & 0xff {
                11 | 26 => DbFailure::Corrupt,
                // BUSY, LOCKED, IOERR, CANTOPEN, READONLY (e.g. the file replaced under us).
                5 | 6 | 8 | 10 | 14 => DbFailure::Unavailable,
                _ => DbFailure::Other,
            };
        }
        // SQLSTATE class 08 (connection exception), 57 (operator intervention: shutdown,
        // cannot connect now), 53 (insufficient resources).
        return match code.get(..2) {
            Some("08" | "57" | "53") => DbFailure::Unavailable,
            _ => DbFailure::Other,
        };
    }
    match error {
        DbErr::Conn(_) => DbFailure::Unavailable,
        // The connection broke under a statement (the server went away), or the pool could
        // not hand one out.
        DbErr::Exec(RuntimeErr::SqlxError(sqlx)) | DbErr::Query(RuntimeErr::SqlxError(sqlx))
            if lost_connection(sqlx) =>
        {
            DbFailure::Unavailable
        }
        _ => DbFailure::Other,
    }
}

/// True for a driver error that says the database could not be reached, not that a statement
/// was wrong.
fn lost_connection(error: &sea_orm::sqlx::Error) -> bool {
    use sea_orm::sqlx::Error;
    matches!(
        error,
        Error::Io(_)
            | Error::Tls(_)
            | Error::PoolTimedOut
            | Error::PoolClosed
            | Error::WorkerCrashed
            | Error::Protocol(_)
    )
}
