//! Error responses that are not GraphQL executions (bad requests, limits, overload), in the
//! GraphQL response shape so that clients read every error the same way.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::state::AppState;

/// `{"errors":[{"message":..., "extensions":{"code":...}}]}` with `status`.
pub fn error(status: StatusCode, code: &str, message: &str) -> Response {
    let body = json!({ "errors": [{ "message": message, "extensions": { "code": code } }] });
    (status, Json(body)).into_response()
}

/// 413 for a body over `--max-body-bytes`, counted as a `body` limit rejection.
pub fn payload_too_large(state: &AppState) -> Response {
    state.metrics.limit_rejection("body");
    let message = format!(
        "the request body is larger than {} bytes",
        state.config.http.max_body_bytes
    );
    error(StatusCode::PAYLOAD_TOO_LARGE, "PAYLOAD_TOO_LARGE", &message)
}

/// As [`error`], naming the limit that was crossed.
pub fn limit_error(status: StatusCode, limit: &str, message: &str) -> Response {
    let body = json!({ "errors": [{ "message": message, "extensions": {
        "code": crate::graphql::limits::OPERATION_LIMIT_EXCEEDED, "limit": limit } }] });
    (status, Json(body)).into_response()
}

/// As [`error`], with `Retry-After: seconds`.
pub fn retry_later(status: StatusCode, code: &str, message: &str, seconds: u64) -> Response {
    let mut response = error(status, code, message);
    if let Ok(value) = HeaderValue::from_str(&seconds.max(1).to_string()) {
        response.headers_mut().insert(header::RETRY_AFTER, value);
    }
    response
}
