//! Error responses that are not GraphQL executions (bad requests, limits, overload), in the
//! GraphQL response shape so that clients read every error the same way.

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::error::{ErrorCode, Limit, Refusal};
use std::sync::Arc;

use crate::metrics::Metrics;
use crate::store::admission::Shed;

/// The body limit, and where its refusals are counted.
#[derive(Clone)]
pub struct BodyLimit {
    /// `--max-body-bytes`.
    pub max_bytes: usize,
    /// Where refusals are counted.
    pub metrics: Arc<Metrics>,
}

/// 413 for a body over `--max-body-bytes`, counted as a `body` limit rejection.
pub fn payload_too_large(limit: &BodyLimit) -> Response {
    limit.metrics.limit_rejection(Limit::Body);
    let message = format!("the request body is larger than {} bytes", limit.max_bytes);
    Refusal::new(ErrorCode::PayloadTooLarge, message).into_response()
}

/// 408 for a body that did not arrive in full within `--request-body-timeout`, counted as a
/// `bodyTimeout` limit rejection.
pub fn body_timeout(metrics: &Metrics, within: std::time::Duration) -> Response {
    metrics.limit_rejection(Limit::BodyTimeout);
    let message = format!(
        "the request body did not arrive in full within {} (--request-body-timeout)",
        humantime::format_duration(within)
    );
    Refusal::new(ErrorCode::BodyTimeout, message).into_response()
}

/// 503 with `Retry-After` for a request that waited `--db-queue-timeout` for a database
/// connection: `SERVICE_OVERLOADED` (counted as a `databaseQueue` limit rejection), or
/// `SERVICE_UNAVAILABLE` when the queue is stuck behind a database that does not answer.
pub fn database_busy(metrics: &Metrics, shed: Shed) -> Response {
    match shed {
        Shed::Overloaded => busy(metrics, Limit::DatabaseQueue),
        Shed::DatabaseUnreachable => retry_later(
            ErrorCode::ServiceUnavailable,
            "the service is temporarily unavailable",
            1,
        ),
    }
}

/// 503 `SERVICE_OVERLOADED` with `Retry-After: 1`, counted as a rejection by `limit`: more
/// requests than the service serves at once (`concurrency`) or than the database's connections
/// (`databaseQueue`).
pub fn busy(metrics: &Metrics, limit: Limit) -> Response {
    metrics.limit_rejection(limit);
    retry_later(
        ErrorCode::ServiceOverloaded,
        "the service is busy; retry shortly",
        1,
    )
}

/// A refusal with `code` and `Retry-After: seconds`.
pub fn retry_later(code: ErrorCode, message: &str, seconds: u64) -> Response {
    Refusal::new(code, message)
        .retry_after(seconds)
        .into_response()
}

/// The framework's own refusals (a path no route serves: 404 with an empty body; a method a
/// route does not take: 405; an extractor's plain-text rejection) in the JSON error shape,
/// with their status and headers (`Allow`) kept. Answers that already have a body type of
/// their own (JSON, HTML, calendars) pass unchanged.
pub fn framework_refusal_as_json(response: Response) -> Response {
    let status = response.status();
    let plain = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_none_or(|value| value.starts_with("text/plain"));
    if !status.is_client_error() || !plain {
        return response;
    }
    let (code, message) = match status {
        StatusCode::NOT_FOUND => (ErrorCode::NotFound, "no such path"),
        StatusCode::METHOD_NOT_ALLOWED => (
            ErrorCode::MethodNotAllowed,
            "this path does not take that method",
        ),
        StatusCode::PAYLOAD_TOO_LARGE => {
            (ErrorCode::PayloadTooLarge, "the request body is too large")
        }
        StatusCode::UNSUPPORTED_MEDIA_TYPE => (
            ErrorCode::UnsupportedMediaType,
            "the request's content type is not supported here",
        ),
        _ => (ErrorCode::BadRequest, "the request is malformed"),
    };
    // The one JSON error writer's answer, under the framework's status and headers.
    let (mut parts, _) = response.into_parts();
    let (refusal, body) = Refusal::new(code, message).into_response().into_parts();
    parts.headers.remove(header::CONTENT_LENGTH);
    if let Some(content_type) = refusal.headers.get(header::CONTENT_TYPE) {
        parts
            .headers
            .insert(header::CONTENT_TYPE, content_type.clone());
    }
    Response::from_parts(parts, body)
}
