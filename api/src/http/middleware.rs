//! The service's own middleware, in two layers around the framework's (tracing, panics, CORS,
//! the body limit, compression):
//!
//! - [`outer`], around everything: the request id (an incoming one kept, else a UUID; returned
//!   in the answer), `X-Content-Type-Options: nosniff`, the request metrics, and every refusal
//!   of the framework in the JSON error shape and `no-store`;
//! - [`inner`], around the routes: a `--read-only` server's changed file, the client's rate,
//!   the requests served at once (more are shed with 503), the request's and its body's
//!   deadlines, the body limit's 413 in the JSON error shape, and each content coding's own
//!   ETag.
//!
//! One layer each, so that a request pays for two boxed futures of ours, not one per concern.

use std::any::Any;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::{ConnectInfo, MatchedPath, Request, State};
use axum::http::{Extensions, HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use tokio::sync::Semaphore;

use super::{HEALTHZ_PATH, METRICS_PATH, READYZ_PATH, REQUEST_ID, caching, respond};
use crate::error::{ErrorCode, Limit, Refusal};
use crate::metrics::{HttpLabels, Metrics};

/// The outermost layer (see the module's documentation).
pub async fn outer(
    State(metrics): State<Arc<Metrics>>,
    mut request: Request,
    next: Next,
) -> Response {
    let started = Instant::now();
    let id = match request.headers().get(REQUEST_ID) {
        Some(id) => id.clone(),
        None => {
            let made = new_request_id();
            request.headers_mut().insert(REQUEST_ID, made.clone());
            made
        }
    };
    let method = crate::metrics::method_label(request.method().as_str());
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |path| path.as_str().to_owned());
    let in_flight = metrics.request_started();
    let response = next.run(request).await;
    drop(in_flight);
    let mut response =
        caching::no_store_unless_success(respond::framework_refusal_as_json(response));
    let headers = response.headers_mut();
    headers.insert(REQUEST_ID, id);
    // Every answer, errors included: browsers must not sniff a type other than the one said.
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    let labels = HttpLabels {
        method: method.to_owned(),
        route,
        status: response.status().as_u16(),
    };
    metrics.http_request(labels, started.elapsed().as_secs_f64());
    response
}

/// A new request id: a UUID (version 4 in form) whose 122 bits come from a SplitMix64 sequence
/// seeded once per process from the system's randomness, so that making one costs no system
/// call and no allocation. Unique within a process, unpredictable across processes; an id,
/// not a secret.
fn new_request_id() -> HeaderValue {
    use std::sync::OnceLock;
    use std::sync::atomic::{AtomicU64, Ordering};
    static SEED: OnceLock<u64> = OnceLock::new();
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let seed = *SEED.get_or_init(|| uuid::Uuid::new_v4().as_u64_pair().0);
    let split_mix = |mut z: u64| {
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    };
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let high = split_mix(seed.wrapping_add(n.wrapping_mul(0x9e37_79b9_7f4a_7c15)));
    let low = split_mix(high ^ seed.rotate_left(17));
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(&high.to_be_bytes());
    bytes[8..].copy_from_slice(&low.to_be_bytes());
    let id = uuid::Builder::from_random_bytes(bytes).into_uuid();
    let mut text = [0u8; uuid::fmt::Hyphenated::LENGTH];
    let text = id.hyphenated().encode_lower(&mut text);
    HeaderValue::from_str(text).unwrap_or(HeaderValue::from_static("-"))
}

/// What the inner layer needs (shared: a request's copy is one reference count).
#[derive(Clone)]
pub struct Guard(pub Arc<Guarded>);

/// What [`Guard`] shares.
pub struct Guarded {
    /// The rate limit.
    pub rate: RateLimit,
    /// `--max-concurrent-requests` places.
    pub places: Arc<Semaphore>,
    /// `--request-timeout`.
    pub request_timeout: Duration,
    /// `--request-body-timeout` (see `body_deadline`).
    pub body_timeout: Duration,
    /// The body limit, for its 413 answer.
    pub body_limit: respond::BodyLimit,
    /// The SQLite file of a `--read-only` server, watched for changes.
    pub immutable_file: Option<Arc<crate::db::ImmutableFile>>,
}

/// The inner layer (see the module's documentation).
pub async fn inner(State(Guard(guard)): State<Guard>, request: Request, next: Next) -> Response {
    let metrics = &guard.rate.metrics;
    let path = request.uri().path();
    if let Some(file) = &guard.immutable_file
        && path != HEALTHZ_PATH
        && path != METRICS_PATH
        && file.changed()
    {
        return changed_file();
    }
    if guard.rate.limiter.is_some() && !NOT_RATE_LIMITED.contains(&path) {
        let client = guard
            .rate
            .client_of(request.headers(), request.extensions());
        if let Err(seconds) = guard.rate.check(client) {
            return respond::retry_later(
                ErrorCode::RateLimited,
                "too many requests from this client",
                seconds,
            );
        }
    }
    let Ok(_place) = guard.places.clone().try_acquire_owned() else {
        return respond::busy(metrics, Limit::Concurrency);
    };
    let (parts, body) = request.into_parts();
    let body = super::body_deadline::with_deadline(body, guard.body_timeout);
    let request = Request::from_parts(parts, body);
    // tokio's timeout, not tower's: when the request's own work spent the task's cooperative
    // budget (resolvers yield through `graphql::context::cooperate`), tokio's still looks at
    // the clock, where tower's would wait for a budget the work always takes first.
    let response = match tokio::time::timeout(guard.request_timeout, next.run(request)).await {
        Ok(response) => response,
        Err(_) => {
            metrics.limit_rejection(Limit::Timeout);
            return respond::retry_later(
                ErrorCode::RequestTimeout,
                "the request took too long and was stopped",
                1,
            );
        }
    };
    if response.status() == StatusCode::PAYLOAD_TOO_LARGE && !is_json(&response) {
        return respond::payload_too_large(&guard.body_limit);
    }
    caching::tag_encoding(response)
}

/// A `--read-only` server whose file changed under it (see `db::ImmutableFile`) answers
/// `SERVICE_UNAVAILABLE` for everything but `/healthz` and `/metrics` (so `/readyz` is 503 and
/// the orchestrator restarts it), rather than serve answers read from two versions of a file
/// SQLite was told never changes.
fn changed_file() -> Response {
    tracing::warn!(
        "the read-only database file changed since start: restart the service to serve it"
    );
    Refusal::new(
        ErrorCode::ServiceUnavailable,
        "the database file changed since this read-only server started; it serves again once restarted",
    )
    .into_response()
}

/// Per-client-address rate limiter.
pub type ClientRateLimiter = DefaultKeyedRateLimiter<IpAddr>;

/// A limiter allowing `per_second` requests a second and bursts of `burst` per client; `None`
/// when `per_second` is 0 (off).
pub fn rate_limiter(per_second: u32, burst: u32) -> Option<Arc<ClientRateLimiter>> {
    let per_second = NonZeroU32::new(per_second)?;
    let burst = NonZeroU32::new(burst).unwrap_or(per_second);
    Some(Arc::new(RateLimiter::keyed(
        Quota::per_second(per_second).allow_burst(burst),
    )))
}

/// What the rate-limiting middleware needs.
#[derive(Clone)]
pub struct RateLimit {
    /// The limiter; `None` when rate limiting is off.
    pub limiter: Option<Arc<ClientRateLimiter>>,
    /// `--trusted-proxies`: how many proxies append to `X-Forwarded-For`.
    pub trusted_proxies: usize,
    /// Where refusals are counted.
    pub metrics: Arc<Metrics>,
}

/// The operational endpoints, never rate-limited: a probe or a scrape that gets 429 would
/// take a healthy replica out of service or lose its figures.
const NOT_RATE_LIMITED: [&str; 3] = [HEALTHZ_PATH, READYZ_PATH, METRICS_PATH];

impl RateLimit {
    /// The address a request (its headers and extensions) is counted against (see
    /// [`client_address`]).
    pub fn client_of(&self, headers: &HeaderMap, extensions: &Extensions) -> IpAddr {
        let peer = extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |info| info.0.ip());
        let forwarded = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|value| value.to_str().ok());
        client_address(peer, forwarded, self.trusted_proxies)
    }

    /// Counts one request of `client`: `Err` with the seconds to wait where it is over its
    /// rate (counted in `limit_rejections_total{limit="rate"}`). Always `Ok` when rate
    /// limiting is off. Each operation on a WebSocket counts as a request.
    pub fn check(&self, client: IpAddr) -> Result<(), u64> {
        let Some(limiter) = &self.limiter else {
            return Ok(());
        };
        // Forget idle clients now and then, so that the table stays small.
        if limiter.len() > 100_000 {
            limiter.retain_recent();
        }
        limiter.check_key(&client).map_err(|not_until| {
            self.metrics.limit_rejection(Limit::Rate);
            let wait = not_until.wait_time_from(DefaultClock::default().now());
            wait.as_secs().saturating_add(1)
        })
    }
}

/// The address a request is counted against. With no trusted proxy, the peer. Behind
/// `trusted_proxies` proxies that each append the address they received from, the last
/// `trusted_proxies` entries of `X-Forwarded-For` (its header lines read as one list) were
/// written by them, and the first of those, the N-th from the right, is the client's address
/// as the outermost proxy saw it: what a client writes itself stands further left and is never
/// read. With fewer entries than that (a request that bypassed a proxy), the leftmost entry
/// there is; with none, or one that is not an address, the peer.
fn client_address<'a>(
    peer: IpAddr,
    forwarded: impl Iterator<Item = &'a str>,
    trusted_proxies: usize,
) -> IpAddr {
    if trusted_proxies == 0 {
        return peer;
    }
    let entries: Vec<&str> = forwarded.flat_map(|line| line.split(',')).collect();
    entries
        .get(entries.len().saturating_sub(trusted_proxies))
        .and_then(|entry| entry.trim().parse::<IpAddr>().ok())
        .unwrap_or(peer)
}

fn is_json(response: &Response) -> bool {
    response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"))
}

/// The answer to a panic: the panic is logged (inside the request's span), the client gets a
/// generic 500.
pub fn panicked(panic: Box<dyn Any + Send + 'static>) -> Response {
    let detail = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("a panic with no message");
    tracing::error!(panic = detail, "a request handler panicked");
    Refusal::new(ErrorCode::InternalServerError, "internal error").into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn client(forwarded: &[&str], trusted_proxies: usize) -> String {
        let peer = IpAddr::V4(Ipv4Addr::new(10, 0, 0, 1));
        client_address(peer, forwarded.iter().copied(), trusted_proxies).to_string()
    }

    #[test]
    fn the_client_is_the_nth_address_from_the_right() {
        // No trusted proxy: the header is the client's own words.
        assert_eq!(client(&["198.51.100.7"], 0), "10.0.0.1");
        // One proxy that appends: what the client wrote stays on the left.
        assert_eq!(client(&["198.51.100.7, 203.0.113.9"], 1), "203.0.113.9");
        assert_eq!(client(&["198.51.100.7", "203.0.113.9"], 1), "203.0.113.9");
        // Two proxies: the outer one's view of the client.
        assert_eq!(
            client(&["1.1.1.1, 203.0.113.9, 192.0.2.3"], 2),
            "203.0.113.9"
        );
        // Fewer entries than proxies: the leftmost there is.
        assert_eq!(client(&["203.0.113.9"], 2), "203.0.113.9");
        // Nothing usable: the peer.
        assert_eq!(client(&[], 1), "10.0.0.1");
        assert_eq!(client(&["1.1.1.1, not-an-address"], 1), "10.0.0.1");
    }
}
