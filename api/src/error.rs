//! The one error type of the service, and how it reaches a client.
//!
//! Client mistakes carry a precise message and `extensions.code`; internal causes (SQL text,
//! driver messages) are logged here with context and replaced by a generic message.

use std::sync::Arc;

use async_graphql::{ErrorExtensions, Value};
use sea_orm::DbErr;

/// `extensions.code` of a client mistake (bad argument, id, cursor, time zone...).
pub const BAD_USER_INPUT: &str = "BAD_USER_INPUT";
/// `extensions.code` when the database cannot be reached.
pub const SERVICE_UNAVAILABLE: &str = "SERVICE_UNAVAILABLE";
/// `extensions.code` of any other failure inside the service.
pub const INTERNAL_SERVER_ERROR: &str = "INTERNAL_SERVER_ERROR";

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
    pub fn code(&self) -> &'static str {
        match self {
            Self::BadUserInput { .. } => BAD_USER_INPUT,
            Self::Unavailable { .. } => SERVICE_UNAVAILABLE,
            Self::Internal { .. } => INTERNAL_SERVER_ERROR,
        }
    }
}

impl From<&DbErr> for ApiError {
    fn from(error: &DbErr) -> Self {
        let cause: Arc<str> = error.to_string().into();
        match error {
            DbErr::ConnectionAcquire(_) | DbErr::Conn(_) => Self::Unavailable { cause },
            _ => Self::Internal { cause },
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
            extensions.set("code", self.code());
            if let Self::BadUserInput { argument, .. } = self {
                extensions.set("argument", Value::from(*argument));
            }
        })
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
