//! HTTP: the routes and the middleware around them.

mod body_deadline;
mod caching;
mod documents;
mod graphiql;
mod graphql;
mod graphql_http;
mod health;
pub mod middleware;
mod respond;
pub mod response_cache;
pub mod server;
mod state;
pub mod websocket;

use std::time::Duration;

use std::sync::Arc;

use axum::Router;
use axum::http::{HeaderName, HeaderValue, Method, header};
use axum::response::Redirect;
use axum::routing::get;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::cors::{AllowHeaders, AllowOrigin, CorsLayer};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};

use crate::config::MetricsListen;

pub use graphql::GRAPHQL_PATH;

pub use state::AppState;

/// The header that carries the request id (an incoming one is kept and returned).
pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The application: every route with every layer.
pub fn app(state: AppState) -> Router {
    with_middleware(routes(&state), state)
}

/// The path of the Prometheus metrics.
pub const METRICS_PATH: &str = "/metrics";

/// The path of the liveness probe.
pub const HEALTHZ_PATH: &str = "/healthz";

/// The path of the readiness probe.
pub const READYZ_PATH: &str = "/readyz";

/// The metrics alone, for `--metrics-listen ADDRESS`: `/metrics`, and the JSON error shape
/// for anything else.
pub fn metrics_app(state: AppState) -> Router {
    Router::new()
        .route(METRICS_PATH, get(health::metrics))
        .layer(axum::middleware::map_response(|response| async move {
            respond::framework_refusal_as_json(response)
        }))
        .with_state(state)
}

/// The routes alone, without middleware.
pub fn routes(state: &AppState) -> Router<AppState> {
    let mut router = Router::new()
        .route(GRAPHQL_PATH, get(graphql::get).post(graphql::endpoint))
        .route(HEALTHZ_PATH, get(health::alive))
        .route(READYZ_PATH, get(health::ready));
    router = documents::routes(router);
    if state.config.http.metrics_listen == MetricsListen::Service {
        router = router.route(METRICS_PATH, get(health::metrics));
    }
    if state.config.surface.graphiql_enabled() {
        router = router
            .route("/", get(|| async { Redirect::to("/graphiql") }))
            .route("/graphiql", get(graphiql::playground))
            .route(&graphiql::asset_route(), get(graphiql::asset));
    }
    router
}

/// `router` wrapped in the service's middleware, outermost first: ours (request id, metrics,
/// refusals in the JSON shape), tracing, panic catching, CORS, ours again (read-only file,
/// rate limit, load shedding, timeouts, 413 in the JSON shape, ETag per coding: see
/// `middleware`), the body limit and compression.
pub fn with_middleware(router: Router<AppState>, state: AppState) -> Router {
    let http = &state.config.http;
    let guard = middleware::Guard(Arc::new(middleware::Guarded {
        rate: state.rate_limit(),
        places: Arc::new(tokio::sync::Semaphore::new(http.max_concurrent_requests)),
        request_timeout: http.request_timeout,
        body_timeout: http.request_body_timeout,
        body_limit: state.body_limit(),
        immutable_file: state.immutable_file.clone(),
    }));
    router
        .layer(CompressionLayer::new())
        .layer(RequestBodyLimitLayer::new(http.max_body_bytes))
        .layer(axum::middleware::from_fn_with_state(guard, middleware::inner))
        .layer(cors(&state.config.surface))
        .layer(CatchPanicLayer::custom(middleware::panicked))
        .layer(
            TraceLayer::new_for_http()
                .on_response(DefaultOnResponse::new().level(tracing::Level::INFO))
                .make_span_with(|request: &axum::http::Request<_>| {
            let request_id = request.headers().get(REQUEST_ID).and_then(|v| v.to_str().ok()).unwrap_or("-");
            tracing::info_span!("request", method = %request.method(), path = %request.uri().path(), request_id)
        }))
        .layer(axum::middleware::from_fn_with_state(
            state.metrics.clone(),
            middleware::outer,
        ))
        .with_state(state)
}

/// CORS: read-only access for the configured origins (`*`: any) and request headers (`*`:
/// those the preflight asks for), preflight cached an hour.
fn cors(surface: &crate::config::Surface) -> CorsLayer {
    let any = |list: &[String]| list.iter().any(|item| item.trim() == "*");
    let values = |list: &[String]| {
        list.iter()
            .filter_map(|item| HeaderValue::from_str(item.trim()).ok())
            .collect::<Vec<_>>()
    };
    let allow_origin = if any(&surface.cors_allowed_origins) {
        AllowOrigin::any()
    } else {
        AllowOrigin::list(values(&surface.cors_allowed_origins))
    };
    let allow_headers = if any(&surface.cors_allowed_headers) {
        AllowHeaders::mirror_request()
    } else {
        AllowHeaders::list(
            surface
                .cors_allowed_headers
                .iter()
                .filter_map(|name| HeaderName::from_bytes(name.trim().as_bytes()).ok()),
        )
    };
    // Vary exactly by what the CORS answers depend on: the origin only where origins are
    // listed, the requested headers only where they are reflected.
    let mut vary = Vec::new();
    if !any(&surface.cors_allowed_origins) {
        vary.push(header::ORIGIN);
    }
    if any(&surface.cors_allowed_headers) {
        vary.push(header::ACCESS_CONTROL_REQUEST_HEADERS);
    }
    CorsLayer::new()
        .allow_origin(allow_origin)
        .allow_methods([Method::GET, Method::POST, Method::OPTIONS])
        .allow_headers(allow_headers)
        .expose_headers([
            header::ETAG,
            header::RETRY_AFTER,
            REQUEST_ID,
            documents::DATASET_VERSION,
            documents::DATASET_LOADED_AT,
        ])
        .vary(vary)
        .max_age(Duration::from_secs(3600))
}
