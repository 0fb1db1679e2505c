//! HTTP routes: the GraphQL endpoint (GET and POST), GraphiQL, and health checks.

use async_graphql::http::GraphiQLSource;
use async_graphql_axum::rejection::GraphQLRejection;
use async_graphql_axum::{GraphQLRequest, GraphQLResponse};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::json;
use tower_http::cors::CorsLayer;
use tower_http::trace::TraceLayer;

use crate::graphql::error_codes::ensure_codes;
use crate::graphql::loaders;
use crate::state::AppState;

/// The path of the GraphQL endpoint.
pub const GRAPHQL_PATH: &str = "/graphql";

/// The application: every route with its layers.
pub fn app(state: AppState) -> Router {
    Router::new()
        .route("/", get(|| async { Redirect::to("/graphiql") }))
        .route(GRAPHQL_PATH, get(graphql).post(graphql))
        .route("/graphiql", get(graphiql))
        .route(
            "/healthz",
            get(|| async { Json(json!({ "status": "ok" })) }),
        )
        .route("/readyz", get(ready))
        .layer(TraceLayer::new_for_http())
        // Partner sites embed the data: any origin may read.
        .layer(CorsLayer::permissive())
        .with_state(state)
}

/// Runs one GraphQL request (queries only: the schema has no mutations).
async fn graphql(
    State(state): State<AppState>,
    request: Result<GraphQLRequest, GraphQLRejection>,
) -> Response {
    let request = match request {
        Ok(request) => request.into_inner(),
        Err(rejection) => return bad_request(&rejection),
    };
    let request = request.data(loaders::for_request(state.db.clone()));
    let mut response = state.schema.execute(request).await;
    ensure_codes(&mut response);
    GraphQLResponse::from(response).into_response()
}

/// A request that is not a GraphQL request at all: 400 with a GraphQL-shaped error body.
fn bad_request(rejection: &GraphQLRejection) -> Response {
    let message = match &rejection.0 {
        async_graphql::ParseRequestError::Io(_) => "the request body could not be read",
        async_graphql::ParseRequestError::InvalidRequest(_) => {
            "the request is not a valid GraphQL request (JSON with a `query` string, or `?query=` on GET)"
        }
        async_graphql::ParseRequestError::InvalidFilesMap(_)
        | async_graphql::ParseRequestError::InvalidMultipart(_)
        | async_graphql::ParseRequestError::MissingOperatorsPart
        | async_graphql::ParseRequestError::MissingMapPart
        | async_graphql::ParseRequestError::NotUpload
        | async_graphql::ParseRequestError::MissingFiles => "multipart requests are not supported",
        async_graphql::ParseRequestError::PayloadTooLarge => "the request body is too large",
        async_graphql::ParseRequestError::UnsupportedBatch => "batched requests are not supported",
        _ => "the request is not a valid GraphQL request",
    };
    let body =
        json!({ "errors": [{ "message": message, "extensions": { "code": "BAD_REQUEST" } }] });
    (StatusCode::BAD_REQUEST, Json(body)).into_response()
}

/// The GraphiQL playground.
async fn graphiql() -> Html<String> {
    Html(
        GraphiQLSource::build()
            .endpoint(GRAPHQL_PATH)
            .title("EU-Japan 100 Cities API")
            .finish(),
    )
}

/// 200 when the database answers, 503 otherwise.
async fn ready(State(state): State<AppState>) -> Response {
    match state.db.ping().await {
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
