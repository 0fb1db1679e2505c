//! Prometheus metrics, one registry per application (no process-wide state, so that tests and
//! several apps in one process never share counters). Served as text at `GET /metrics`.

use std::collections::HashSet;
use std::sync::Mutex;
use std::sync::atomic::AtomicU64;

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

use crate::error::Limit;

/// Operation names are chosen by clients: beyond this many distinct ones, new names are
/// counted as `other`, so that no client can grow the metrics without bound.
const MAX_OPERATION_NAMES: usize = 200;

/// Labels of an HTTP request.
#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
pub struct HttpLabels {
    /// HTTP method.
    pub method: String,
    /// The route that matched (`unmatched` otherwise), never the raw path.
    pub route: String,
    /// Response status code.
    pub status: u16,
}

/// Labels of a route.
#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
pub struct RouteLabels {
    /// The route that matched (`unmatched` otherwise).
    pub route: String,
}

/// Labels of a GraphQL operation.
#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
pub struct OperationLabels {
    /// The operation name (`anonymous` without one, `other` past the cap).
    pub operation: String,
    /// `ok`, `error` (the response has errors) or `rejected` (refused before execution).
    pub outcome: String,
}

/// Labels of a connection the server refused or closed on its own.
#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
pub struct ConnectionLabels {
    /// Why (a fixed set: see [`ConnectionError`] and `Metrics::connection_refused`).
    pub reason: String,
}

/// Why hyper (or the accept loop) ended a connection with an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConnectionError {
    /// The request's head did not arrive within `--header-read-timeout` (or nothing did).
    HeaderTimeout,
    /// The head was malformed (hyper answered 400).
    Malformed,
    /// The head or URI was too long (hyper answered 431 or 414).
    TooLarge,
    /// The client went away mid-request.
    Incomplete,
    /// No request in flight for `--header-read-timeout` (an HTTP/2 connection, or an HTTP/1
    /// one between requests): closed gracefully.
    Idle,
    /// Anything else (I/O errors, HTTP/2 protocol errors).
    Other,
}

impl ConnectionError {
    /// Classifies the error a connection ended with (typed: hyper's own predicates).
    pub fn classify(error: &(dyn std::error::Error + 'static)) -> Self {
        let Some(error) = error.downcast_ref::<hyper::Error>() else {
            return Self::Other;
        };
        if error.is_timeout() {
            Self::HeaderTimeout
        } else if error.is_parse_too_large() {
            Self::TooLarge
        } else if error.is_parse() || error.is_parse_status() {
            Self::Malformed
        } else if error.is_incomplete_message() {
            Self::Incomplete
        } else {
            Self::Other
        }
    }

    /// The label value.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::HeaderTimeout => "header_timeout",
            Self::Malformed => "malformed",
            Self::TooLarge => "too_large",
            Self::Incomplete => "incomplete",
            Self::Idle => "idle",
            Self::Other => "other",
        }
    }
}

/// The methods counted under their own name; any other is counted as `other`, so that no
/// client can grow the metrics without bound (a method is any token a client sends).
const KNOWN_METHODS: [&str; 9] = [
    "GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH",
];

/// The label of a request's method: its name if it is a standard one, else `other`.
pub fn method_label(method: &str) -> &'static str {
    KNOWN_METHODS
        .iter()
        .find(|known| **known == method)
        .copied()
        .unwrap_or("other")
}

/// Labels of a coded refusal.
#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
pub struct CodeLabels {
    /// The `extensions.code` of the refusal.
    pub code: String,
}

/// Labels of a limit rejection.
#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
pub struct LimitLabels {
    /// The limit, as in `extensions.limit` (or `concurrency`, `timeout`, `rate`, `body`).
    pub limit: String,
}

/// Every metric of the service.
pub struct Metrics {
    registry: Registry,
    http_requests: Family<HttpLabels, Counter>,
    http_duration: Family<RouteLabels, Histogram>,
    in_flight: Gauge,
    graphql_requests: Family<OperationLabels, Counter>,
    db_statements: Counter,
    db_statement_failures: Counter,
    limit_rejections: Family<LimitLabels, Counter>,
    persisted_query_refusals: Family<CodeLabels, Counter>,
    connections_open: Gauge,
    connections_refused: Family<ConnectionLabels, Counter>,
    connection_errors: Family<ConnectionLabels, Counter>,
    programme_builds: Counter,
    programme_build_seconds: Gauge<f64, AtomicU64>,
    answers_read_again: Counter,
    sockets_open: Gauge,
    subscriptions_active: Gauge,
    sockets_closed: Family<ConnectionLabels, Counter>,
    upgrades_refused: Family<ConnectionLabels, Counter>,
    revisions_pushed: Counter,
    embed_script_unknown_versions: Counter,
    operation_names: Mutex<HashSet<String>>,
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Metrics").finish_non_exhaustive()
    }
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::default();
        let http_requests = Family::<HttpLabels, Counter>::default();
        registry.register(
            "http_requests",
            "HTTP requests answered, by route and status",
            http_requests.clone(),
        );
        let http_duration = Family::<RouteLabels, Histogram>::new_with_constructor(|| {
            Histogram::new(exponential_buckets(0.0005, 2.0, 16))
        });
        registry.register(
            "http_request_duration_seconds",
            "Time to answer an HTTP request",
            http_duration.clone(),
        );
        let in_flight = Gauge::default();
        registry.register(
            "http_requests_in_flight",
            "HTTP requests being answered now",
            in_flight.clone(),
        );
        let graphql_requests = Family::<OperationLabels, Counter>::default();
        registry.register(
            "graphql_requests",
            "GraphQL operations, by operation name and outcome",
            graphql_requests.clone(),
        );
        let db_statements = Counter::default();
        registry.register(
            "db_statements",
            "Data queries executed: every SQL statement of requests and loads, except BEGIN/COMMIT/ROLLBACK and the version read that opens a request's snapshot",
            db_statements.clone(),
        );
        let db_statement_failures = Counter::default();
        registry.register(
            "db_statement_failures",
            "SQL statements that failed",
            db_statement_failures.clone(),
        );
        let limit_rejections = Family::<LimitLabels, Counter>::default();
        registry.register(
            "limit_rejections",
            "Requests refused by a limit, by limit",
            limit_rejections.clone(),
        );
        let persisted_query_refusals = Family::<CodeLabels, Counter>::default();
        registry.register(
            "persisted_query_refusals",
            "Requests refused while their document was looked up (APQ and trusted documents), by code",
            persisted_query_refusals.clone(),
        );
        let connections_open = Gauge::default();
        registry.register(
            "http_connections_open",
            "HTTP connections open now (upgraded ones included)",
            connections_open.clone(),
        );
        let connections_refused = Family::<ConnectionLabels, Counter>::default();
        registry.register(
            "http_connections_refused",
            "Connections closed at accept: max_connections (--max-connections) or accept_error (the system refused, e.g. out of file descriptors)",
            connections_refused.clone(),
        );
        let connection_errors = Family::<ConnectionLabels, Counter>::default();
        registry.register(
            "http_connection_errors",
            "Connections the HTTP server ended itself: header_timeout (--header-read-timeout), idle (no request for --header-read-timeout), malformed (400), too_large (414, 431), incomplete, other",
            connection_errors.clone(),
        );
        let programme_builds = Counter::default();
        registry.register(
            "programme_builds",
            "Programmes read into memory (one per data revision the process served)",
            programme_builds.clone(),
        );
        let programme_build_seconds = Gauge::<f64, AtomicU64>::default();
        registry.register(
            "programme_build_seconds",
            "Time the last programme build took, from its read transaction to its index",
            programme_build_seconds.clone(),
        );
        let answers_read_again = Counter::default();
        registry.register(
            "graphql_answers_read_again",
            "Answers executed a second time because their SQL transaction saw another revision than their programme (a reload came between)",
            answers_read_again.clone(),
        );
        let sockets_open = Gauge::default();
        registry.register(
            "websocket_sockets_open",
            "WebSockets open now (GraphQL over WebSocket)",
            sockets_open.clone(),
        );
        let subscriptions_active = Gauge::default();
        registry.register(
            "websocket_subscriptions_active",
            "Operations running now on WebSockets",
            subscriptions_active.clone(),
        );
        let sockets_closed = Family::<ConnectionLabels, Counter>::default();
        registry.register(
            "websocket_sockets_closed",
            "WebSockets closed, by reason: client (closed or went away), init_timeout (4408), ping_timeout (3008), message_too_big (1009), shutdown (1001), protocol (a protocol error)",
            sockets_closed.clone(),
        );
        let upgrades_refused = Family::<ConnectionLabels, Counter>::default();
        registry.register(
            "websocket_upgrades_refused",
            "WebSocket upgrades refused, by reason: sockets (--websocket-max-sockets), origin (--websocket-allowed-origins), protocol (no subprotocol the service speaks), shutdown",
            upgrades_refused.clone(),
        );
        let revisions_pushed = Counter::default();
        registry.register(
            "websocket_revisions_pushed",
            "New data revisions pushed to the dataRevision subscriptions of this process (one per revision, whatever the number of subscribers)",
            revisions_pushed.clone(),
        );
        let embed_script_unknown_versions = Counter::default();
        registry.register(
            "embed_script_unknown_versions",
            "Requests of /embed.js with a `v` the service never released, answered the current script",
            embed_script_unknown_versions.clone(),
        );
        Self {
            registry,
            embed_script_unknown_versions,
            sockets_open,
            subscriptions_active,
            sockets_closed,
            upgrades_refused,
            revisions_pushed,
            programme_builds,
            programme_build_seconds,
            answers_read_again,
            persisted_query_refusals,
            connections_open,
            connections_refused,
            connection_errors,
            http_requests,
            http_duration,
            in_flight,
            graphql_requests,
            db_statements,
            db_statement_failures,
            limit_rejections,
            operation_names: Mutex::new(HashSet::new()),
        }
    }
}

impl Metrics {
    /// A programme was read into memory in `seconds`.
    pub fn programme_built(&self, seconds: f64) {
        self.programme_builds.inc();
        self.programme_build_seconds.set(seconds);
    }

    /// An answer was executed again with the programme of its transaction's revision.
    pub fn answer_read_again(&self) {
        self.answers_read_again.inc();
    }

    /// `/embed.js` was asked for a version never released.
    pub fn embed_script_unknown_version(&self) {
        self.embed_script_unknown_versions.inc();
    }

    /// The text exposition format.
    pub fn render(&self) -> String {
        let mut text = String::new();
        // Writing into a String cannot fail.
        let _ = prometheus_client::encoding::text::encode(&mut text, &self.registry);
        text
    }

    /// An HTTP request was answered.
    pub fn http_request(&self, labels: HttpLabels, seconds: f64) {
        self.http_duration
            .get_or_create(&RouteLabels {
                route: labels.route.clone(),
            })
            .observe(seconds);
        self.http_requests.get_or_create(&labels).inc();
    }

    /// A request started: counted in `http_requests_in_flight` until the guard drops (a
    /// guard, not a decrement after the await: a request whose future is dropped, client gone
    /// or timed out, must leave the gauge too).
    pub fn request_started(&self) -> Held {
        Held::enter(&self.in_flight)
    }

    /// A GraphQL operation was answered (or refused).
    pub fn graphql_request(&self, operation: Option<&str>, outcome: &str) {
        let operation = self.operation_label(operation);
        self.graphql_requests
            .get_or_create(&OperationLabels {
                operation,
                outcome: outcome.to_owned(),
            })
            .inc();
    }

    /// A request was refused by `limit` (counted where the refusal is decided).
    pub fn limit_rejection(&self, limit: Limit) {
        self.limit_rejections
            .get_or_create(&LimitLabels {
                limit: limit.as_str().to_owned(),
            })
            .inc();
    }

    /// A request was refused while its document was looked up (persisted queries).
    pub fn persisted_query_refusal(&self, code: crate::error::ErrorCode) {
        self.persisted_query_refusals
            .get_or_create(&CodeLabels {
                code: code.as_str().to_owned(),
            })
            .inc();
    }

    /// A connection was closed at accept (`max_connections` or `accept_error`).
    pub fn connection_refused(&self, reason: &'static str) {
        self.connections_refused
            .get_or_create(&ConnectionLabels {
                reason: reason.to_owned(),
            })
            .inc();
    }

    /// A connection ended with an error of the HTTP server's own.
    pub fn connection_error(&self, error: ConnectionError) {
        self.connection_errors
            .get_or_create(&ConnectionLabels {
                reason: error.as_str().to_owned(),
            })
            .inc();
    }

    /// A connection opened: counted in `http_connections_open` until the guard drops.
    pub fn connection_opened(&self) -> Held {
        Held::enter(&self.connections_open)
    }

    /// A WebSocket opened: counted in `websocket_sockets_open` until the guard drops.
    pub fn socket_opened(&self) -> Held {
        Held::enter(&self.sockets_open)
    }

    /// An operation started on a WebSocket: counted until the guard drops.
    pub fn subscription_started(&self) -> Held {
        Held::enter(&self.subscriptions_active)
    }

    /// A WebSocket closed, for `reason` (a fixed set: see the metric's help).
    pub fn socket_closed(&self, reason: &'static str) {
        self.sockets_closed
            .get_or_create(&ConnectionLabels {
                reason: reason.to_owned(),
            })
            .inc();
    }

    /// A WebSocket upgrade was refused, for `reason` (a fixed set: see the metric's help).
    pub fn upgrade_refused(&self, reason: &'static str) {
        self.upgrades_refused
            .get_or_create(&ConnectionLabels {
                reason: reason.to_owned(),
            })
            .inc();
    }

    /// A new data revision reached this process's `dataRevision` subscriptions.
    pub fn revision_pushed(&self) {
        self.revisions_pushed.inc();
    }

    /// A SQL statement ran.
    pub fn db_statement(&self, failed: bool) {
        self.db_statements.inc();
        if failed {
            self.db_statement_failures.inc();
        }
    }

    /// SQL statements run so far.
    pub fn db_statements(&self) -> u64 {
        self.db_statements.get()
    }

    fn operation_label(&self, operation: Option<&str>) -> String {
        let Some(name) = operation else {
            return "anonymous".to_owned();
        };
        let valid = !name.is_empty()
            && name.len() <= 64
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !valid {
            return "other".to_owned();
        }
        let Ok(mut known) = self.operation_names.lock() else {
            return "other".to_owned();
        };
        if known.contains(name)
            || (known.len() < MAX_OPERATION_NAMES && known.insert(name.to_owned()))
        {
            name.to_owned()
        } else {
            "other".to_owned()
        }
    }
}

/// One unit of a gauge (a request in flight, an open connection), held for as long as the
/// guard lives.
#[derive(Debug)]
pub struct Held(Gauge);

impl Held {
    fn enter(gauge: &Gauge) -> Self {
        gauge.inc();
        Self(gauge.clone())
    }
}

impl Drop for Held {
    fn drop(&mut self) {
        self.0.dec();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operation_names_are_capped_and_sanitised() {
        let metrics = Metrics::default();
        assert_eq!(metrics.operation_label(None), "anonymous");
        assert_eq!(metrics.operation_label(Some("Programme")), "Programme");
        assert_eq!(metrics.operation_label(Some("bad name\n")), "other");
        for i in 0..MAX_OPERATION_NAMES {
            metrics.operation_label(Some(&format!("Op{i}")));
        }
        assert_eq!(metrics.operation_label(Some("OneTooMany")), "other");
        assert_eq!(metrics.operation_label(Some("Programme")), "Programme");
    }

    #[test]
    fn methods_outside_the_standard_set_are_other() {
        assert_eq!(method_label("GET"), "GET");
        assert_eq!(method_label("PATCH"), "PATCH");
        assert_eq!(method_label("EVILMETHOD123"), "other");
        assert_eq!(method_label("get"), "other");
    }
}
