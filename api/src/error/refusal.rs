//! [`Refusal`]: a coded client refusal, the one answer of every surface (GraphQL, persisted
//! documents, limits, feeds, exports) that will not serve a request, and the one JSON error
//! writer.

use async_graphql::{Pos, ServerError};
use axum::Json;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use sea_orm::DbErr;
use serde_json::{Map, Value, json};

use super::{ApiError, ErrorCode, Limit, MediaType};

/// Why a request is not served: its code (which says the HTTP status), the message the client
/// reads, and what the code's extensions add (the limit crossed with its figures, the argument
/// at fault, where in the document).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// `extensions.code`.
    pub code: ErrorCode,
    /// What is wrong, in words a client developer can act on.
    pub message: String,
    /// The limit crossed (`extensions.limit`), for `OPERATION_LIMIT_EXCEEDED`.
    pub limit: Option<Limit>,
    /// The cost and the maximum of a refusal by cost (`extensions.cost`, `.maximum`).
    pub figures: Option<(usize, usize)>,
    /// The argument at fault (`extensions.argument`).
    pub argument: Option<&'static str>,
    /// Where in the document (`locations`).
    pub locations: Vec<Pos>,
    /// Seconds after which to retry (`Retry-After`).
    pub retry_after: Option<u64>,
}

impl Refusal {
    /// A refusal with `code` and `message` and nothing else.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            limit: None,
            figures: None,
            argument: None,
            locations: Vec::new(),
            retry_after: None,
        }
    }

    /// `BAD_REQUEST`: not a request this surface reads at all.
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::BadRequest, message)
    }

    /// `BAD_USER_INPUT`: a parameter or argument value the contract does not allow.
    pub fn bad_input(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::BadUserInput, message)
    }

    /// `NOT_FOUND`: a well-formed request that names nothing.
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::NotFound, message)
    }

    /// `OPERATION_LIMIT_EXCEEDED` by `limit`.
    pub fn limit(limit: Limit, message: impl Into<String>) -> Self {
        Self {
            limit: Some(limit),
            ..Self::new(ErrorCode::OperationLimitExceeded, message)
        }
    }

    /// `GRAPHQL_VALIDATION_FAILED` at `pos` in the document.
    pub fn invalid_at(pos: Pos, message: impl Into<String>) -> Self {
        Self {
            locations: vec![pos],
            ..Self::new(ErrorCode::GraphqlValidationFailed, message)
        }
    }

    /// With the cost and the maximum of a refusal by cost.
    pub fn with_figures(mut self, cost: usize, maximum: usize) -> Self {
        self.figures = Some((cost, maximum));
        self
    }

    /// With `Retry-After: seconds` (at least 1).
    pub fn retry_after(mut self, seconds: u64) -> Self {
        self.retry_after = Some(seconds.max(1));
        self
    }

    /// The `extensions` object: the code, then what it carries.
    fn extensions(&self) -> Map<String, Value> {
        let mut extensions = Map::new();
        extensions.insert("code".into(), self.code.as_str().into());
        if let Some(limit) = self.limit {
            extensions.insert("limit".into(), limit.as_str().into());
        }
        if let Some((cost, maximum)) = self.figures {
            extensions.insert("cost".into(), cost.into());
            extensions.insert("maximum".into(), maximum.into());
        }
        if let Some(argument) = self.argument {
            extensions.insert("argument".into(), argument.into());
        }
        extensions
    }

    /// As a GraphQL error, for an answer that GraphQL execution writes.
    pub fn into_server_error(self) -> ServerError {
        let mut error = ServerError::new(self.message.clone(), None);
        error.locations = self.locations.clone();
        let extensions = error.extensions.get_or_insert_with(Default::default);
        for (name, value) in self.extensions() {
            if let Ok(value) = async_graphql::Value::from_json(value) {
                extensions.set(name, value);
            }
        }
        error
    }

    /// The JSON error body: `{"errors":[{"message", "locations"?, "extensions"}]}`.
    pub fn body(&self) -> Value {
        let mut error = Map::new();
        error.insert("message".into(), self.message.clone().into());
        if !self.locations.is_empty() {
            let locations = self
                .locations
                .iter()
                .map(|pos| json!({ "line": pos.line, "column": pos.column }))
                .collect();
            error.insert("locations".into(), Value::Array(locations));
        }
        error.insert("extensions".into(), Value::Object(self.extensions()));
        json!({ "errors": [error] })
    }
}

/// The one JSON error writer: the body of [`Refusal::body`] with the status GraphQL over HTTP
/// gives the code (no refusal reached execution, so none of them is a 200), and `Retry-After`
/// where the refusal carries one.
impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        let status = self.code.status(MediaType::GraphqlResponseJson);
        let mut response = (status, Json(self.body())).into_response();
        if let Some(seconds) = self.retry_after
            && let Ok(value) = HeaderValue::from_str(&seconds.to_string())
        {
            response.headers_mut().insert(header::RETRY_AFTER, value);
        }
        response
    }
}

/// A client mistake keeps its message and argument; an internal cause is logged here and
/// replaced by the generic message of its code.
impl From<ApiError> for Refusal {
    fn from(error: ApiError) -> Self {
        match &error {
            ApiError::Unavailable { cause } => {
                tracing::error!(%cause, "database unavailable while answering a request");
            }
            ApiError::Internal { cause } => {
                tracing::error!(%cause, "internal error while answering a request");
            }
            ApiError::BadUserInput { .. } => {}
        }
        let argument = match &error {
            ApiError::BadUserInput { argument, .. } => Some(*argument),
            _ => None,
        };
        Self {
            argument,
            ..Self::new(error.code(), error.to_string())
        }
    }
}

impl From<DbErr> for Refusal {
    fn from(error: DbErr) -> Self {
        Self::from(ApiError::from(error))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_body_carries_the_code_and_what_the_code_adds() {
        let refusal = Refusal::limit(Limit::Complexity, "too costly").with_figures(900, 500);
        assert_eq!(
            refusal.body(),
            json!({ "errors": [{ "message": "too costly", "extensions": {
                "code": "OPERATION_LIMIT_EXCEEDED", "limit": "complexity",
                "cost": 900, "maximum": 500 } }] })
        );
        let invalid = Refusal::invalid_at(Pos { line: 2, column: 5 }, "bad");
        assert_eq!(invalid.body()["errors"][0]["locations"][0]["column"], 5);
    }

    #[test]
    fn internal_causes_never_reach_the_message() {
        let refusal = Refusal::from(ApiError::Internal {
            cause: "SELECT secret FROM table".into(),
        });
        assert_eq!(refusal.code, ErrorCode::InternalServerError);
        assert!(!refusal.message.contains("SELECT"));
        let response = refusal.into_response();
        assert_eq!(response.status(), 500);
    }

    #[test]
    fn a_graphql_error_keeps_the_extensions_and_locations() {
        let error = Refusal::invalid_at(Pos { line: 1, column: 3 }, "no").into_server_error();
        assert_eq!(error.locations, vec![Pos { line: 1, column: 3 }]);
        let code = error.extensions.as_ref().and_then(|e| e.get("code"));
        assert_eq!(
            code,
            Some(&async_graphql::Value::from("GRAPHQL_VALIDATION_FAILED"))
        );
    }
}
