//! The one error type of the service, and how it reaches a client.
//!
//! Client mistakes carry a precise message and `extensions.code`; internal causes (SQL text,
//! driver messages) are logged here with context and replaced by a generic message.

mod code;
mod database;
mod refusal;

use std::sync::Arc;

use async_graphql::{ErrorExtensions, Value};
use sea_orm::DbErr;

pub use code::{ErrorCode, Limit, MediaType};
pub use database::{DbFailure, classify as classify_db_error};
pub use refusal::Refusal;

/// What went wrong while answering a request.
#[derive(Debug, Clone, thiserror::Error)]
pub enum ApiError {
    /// The client sent something the contract does not allow.
    #[error("{message}")]
    BadUserInput {
        /// The argument at fault, e.g. `first`, `timeZone`.
        argument: &'static str,
        /// What is wrong, in words a client developer can act on.
        message: String,
    },
    /// The database did not answer; the cause is logged, not sent.
    #[error("the service is temporarily unavailable")]
    Unavailable {
        /// The internal cause, for the log.
        cause: Arc<str>,
    },
    /// Anything else; the cause is logged, not sent.
    #[error("internal error")]
    Internal {
        /// The internal cause, for the log.
        cause: Arc<str>,
    },
}

impl ApiError {
    /// A client mistake in `argument`.
    pub fn bad_input(argument: &'static str, message: impl Into<String>) -> Self {
        Self::BadUserInput {
            argument,
            message: message.into(),
        }
    }

    /// The `extensions.code` of this error.
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::BadUserInput { .. } => ErrorCode::BadUserInput,
            Self::Unavailable { .. } => ErrorCode::ServiceUnavailable,
            Self::Internal { .. } => ErrorCode::InternalServerError,
        }
    }
}

impl From<&DbErr> for ApiError {
    fn from(error: &DbErr) -> Self {
        let cause: Arc<str> = error.to_string().into();
        match classify_db_error(error) {
            DbFailure::Unavailable => Self::Unavailable { cause },
            DbFailure::Corrupt | DbFailure::Other => Self::Internal { cause },
        }
    }
}

impl From<DbErr> for ApiError {
    fn from(error: DbErr) -> Self {
        Self::from(&error)
    }
}

impl From<Arc<DbErr>> for ApiError {
    fn from(error: Arc<DbErr>) -> Self {
        Self::from(error.as_ref())
    }
}

impl ErrorExtensions for ApiError {
    fn extend(&self) -> async_graphql::Error {
        match self {
            Self::Unavailable { cause } => {
                tracing::error!(%cause, "database unavailable while answering a query");
            }
            Self::Internal { cause } => {
                tracing::error!(%cause, "internal error while answering a query")
            }
            Self::BadUserInput { .. } => {}
        }
        async_graphql::Error::new(self.to_string()).extend_with(|_, extensions| {
            extensions.set("code", self.code().as_str());
            if let Self::BadUserInput { argument, .. } = self {
                extensions.set("argument", Value::from(*argument));
            }
        })
    }
}

/// A client's value as an error message quotes it: whole up to 60 characters, else its start
/// and a count, so that an oversized argument never comes back in full.
pub fn quoted(value: &str) -> String {
    const SHOWN: usize = 60;
    match value.char_indices().nth(SHOWN) {
        None => format!("`{value}`"),
        Some((cut, _)) => format!(
            "`{}…` ({} characters)",
            &value[..cut],
            value.chars().count()
        ),
    }
}

/// `Result` of the data-access and argument layers.
pub type ApiResult<T> = Result<T, ApiError>;

/// Turns an [`ApiResult`] into what a resolver returns, with `extensions.code` attached.
pub trait IntoGraphql<T> {
    /// The resolver's result.
    fn gql(self) -> async_graphql::Result<T>;
}

impl<T, E: Into<ApiError>> IntoGraphql<T> for Result<T, E> {
    fn gql(self) -> async_graphql::Result<T> {
        self.map_err(|error| error.into().extend())
    }
}
