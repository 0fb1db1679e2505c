//! Why a dataset was refused.

use std::fmt;

/// One thing wrong with the dataset: where (file, record, field) and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file, as a path relative to the data folder's parent, e.g. `data/programme.toml`.
    pub file: String,
    /// The record, e.g. `sessions[2] "day1-panel-1"`, or `row 7`.
    pub record: String,
    /// The field, where one is at fault.
    pub field: Option<String>,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.file, self.record)?;
        if let Some(field) = &self.field {
            write!(f, ": field `{field}`")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// The dataset could not be loaded; the database was left as it was.
#[derive(Debug, thiserror::Error)]
pub enum DatasetError {
    /// A file could not be read or parsed at all.
    #[error("{file}: {message}")]
    Unreadable {
        /// The file.
        file: String,
        /// The reader's or parser's message (with line and column where it has them).
        message: String,
    },
    /// The files parse, but their content breaks the rules.
    #[error("the dataset was refused ({} problem(s)):\n{}", .0.len(), list(.0))]
    Invalid(Vec<Problem>),
    /// The database refused the write (the transaction was rolled back).
    #[error("the database refused the dataset: {0}")]
    Database(#[from] sea_orm::DbErr),
}

fn list(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(|p| format!("  - {p}"))
        .collect::<Vec<_>>()
        .join("\n")
}
