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

use axum::Router;
use axum::error_handling::HandleErrorLayer;
use axum::http::{HeaderName, HeaderValue, Method, header};
use axum::response::Redirect;
use axum::routing::get;
use tower::ServiceBuilder;
use tower::limit::GlobalConcurrencyLimitLayer;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::cors::{AllowHeaders, AllowOrigin, CorsLayer};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
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

/// `router` wrapped in the service's middleware, outermost first: request id, tracing,
/// metrics, panic catching, CORS, load shedding / concurrency / timeout, rate limiting and the
/// body limit.
pub fn with_middleware(router: Router<AppState>, state: AppState) -> Router {
    let http = &state.config.http;
    let metrics = state.metrics.clone();
    let protection = ServiceBuilder::new()
        .layer(HandleErrorLayer::new(move |error: tower::BoxError| {
            let metrics = metrics.clone();
            async move { middleware::overloaded(&metrics, &error) }
        }))
        .load_shed()
        .layer(GlobalConcurrencyLimitLayer::new(
            http.max_concurrent_requests,
        ));
    router
        .layer(CompressionLayer::new())
        .layer(axum::middleware::map_response(|response| async move {
            caching::tag_encoding(response)
        }))
        .layer(RequestBodyLimitLayer::new(http.max_body_bytes))
        .layer(axum::middleware::from_fn_with_state(
            state.body_limit(),
            middleware::json_payload_too_large,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.rate_limit(),
            middleware::rate_limit,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.immutable_file.clone(),
            middleware::unchanged_file,
        ))
        .layer(axum::middleware::from_fn_with_state(
            middleware::Deadline {
                after: http.request_timeout,
                body_within: http.request_body_timeout,
                metrics: state.metrics.clone(),
            },
            middleware::deadline,
        ))
        .layer(protection)
        .layer(cors(&state.config.surface))
        .layer(axum::middleware::map_response(|response| async move {
            caching::no_store_unless_success(respond::framework_refusal_as_json(response))
        }))
        .layer(CatchPanicLayer::custom(middleware::panicked))
        .layer(axum::middleware::from_fn_with_state(
            state.metrics.clone(),
            middleware::track,
        ))
        .layer(
            TraceLayer::new_for_http()
                .on_response(DefaultOnResponse::new().level(tracing::Level::INFO))
                .make_span_with(|request: &axum::http::Request<_>| {
            let request_id = request.headers().get(REQUEST_ID).and_then(|v| v.to_str().ok()).unwrap_or("-");
            tracing::info_span!("request", method = %request.method(), path = %request.uri().path(), request_id)
        }))
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        // Every answer, errors included: browsers must not sniff a type other than the one said.
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
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
