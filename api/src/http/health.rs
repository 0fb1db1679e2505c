//! `/healthz`, `/readyz` and `/metrics`.

use std::time::Duration;

use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::AppState;

/// 200 while the process can answer at all.
pub async fn alive() -> Json<serde_json::Value> {
    Json(json!({ "status": "ok" }))
}

/// How long readiness waits for the database: a probe must get its answer before the
/// orchestrator's own timeout (Kubernetes' default is one second; `deploy/` sets three).
const READINESS_TIMEOUT: Duration = Duration::from_secs(2);

/// 200 when the database answers within [`READINESS_TIMEOUT`], 503 otherwise.
pub async fn ready(State(state): State<AppState>) -> Response {
    let answered = tokio::time::timeout(READINESS_TIMEOUT, state.db.ping())
        .await
        .unwrap_or_else(|_| Err(sea_orm::DbErr::Custom("no answer in time".to_owned())));
    match answered {
        Ok(()) => Json(json!({ "status": "ready" })).into_response(),
        Err(error) => {
            tracing::warn!(%error, "readiness check: the database does not answer");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({ "status": "unavailable" })),
            )
                .into_response()
        }
    }
}

/// The Prometheus text exposition.
pub async fn metrics(State(state): State<AppState>) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        state.metrics.render(),
    )
        .into_response()
}
