//! What every request handler shares.

use std::sync::Arc;

use sea_orm::DatabaseConnection;

use super::middleware::{ClientRateLimiter, RateLimit, rate_limiter};
use super::respond::BodyLimit;
use super::response_cache::ResponseCache;
use crate::config::Config;
use crate::graphql::persisted::TrustedDocuments;
use crate::graphql::pipeline::{Parts, Pipeline};
use crate::metrics::Metrics;
use crate::store::admission::ConnectionGate;
use crate::store::programme_watch::ProgrammeWatch;
use crate::store::revision_feed::RevisionFeed;

/// The application state: database pool, pipeline, settings, metrics and rate limiter. One
/// shared allocation: a handler's or a middleware's copy is one reference count.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

/// What [`AppState`] shares.
pub struct Shared {
    /// The database connection pool (counting its statements into `metrics`).
    pub db: DatabaseConnection,
    /// The GraphQL pipeline: schemas, documents, execution (see `graphql::pipeline`).
    pub pipeline: Arc<Pipeline>,
    /// The settings.
    pub config: Arc<Config>,
    /// The metrics.
    pub metrics: Arc<Metrics>,
    /// Per-client rate limiter, when rate limiting is on.
    pub rate_limiter: Option<Arc<ClientRateLimiter>>,
    /// The build's identity (`graphql::identity`), which HTTP tags and revision tokens include.
    pub schema_identity: Arc<str>,
    /// `Cache-Control` of a successful GET answer (`--cache-max-age`).
    pub freshness: axum::http::HeaderValue,
    /// Successful answers by response key; `None` when the cache is off.
    pub response_cache: Option<Arc<ResponseCache>>,
    /// The programme of the current data revision, in memory, and the revision that cache
    /// hits and revalidations are keyed on, re-read at most once per `--data-version-max-age`.
    pub programme: Arc<ProgrammeWatch>,
    /// The queue in front of the pool's connections (`--db-queue-timeout`).
    pub gate: Arc<ConnectionGate>,
    /// The open WebSockets: their cap, and their end when the service stops.
    pub sockets: Arc<super::websocket::Sockets>,
    /// The data revisions, pushed to `dataRevision` subscriptions.
    pub revisions: Arc<RevisionFeed>,
    /// The SQLite file of a `--read-only` server, watched for changes.
    pub immutable_file: Option<Arc<crate::db::ImmutableFile>>,
}

impl AppState {
    /// The state serving from `db` with `config`.
    pub fn new(mut db: DatabaseConnection, config: Config) -> Self {
        let metrics = Arc::new(Metrics::default());
        let counter = metrics.clone();
        db.set_metric_callback(move |info| {
            if crate::store::snapshot::counts_as_data_query(&info.statement.sql) {
                counter.db_statement(info.failed);
            }
        });
        let config = Arc::new(config);
        let programme = Arc::new(ProgrammeWatch::new(
            config.http.data_version_max_age,
            metrics.clone(),
        ));
        let revisions = Arc::new(RevisionFeed::new(
            programme.clone(),
            db.clone(),
            metrics.clone(),
        ));
        let gate = Arc::new(ConnectionGate::new(
            config.db_max_connections,
            config.db_queue_timeout,
        ));
        let pipeline = Pipeline::new(
            config.clone(),
            Parts {
                db: db.clone(),
                gate: gate.clone(),
                programme: programme.clone(),
                revisions: revisions.clone(),
                metrics: metrics.clone(),
            },
        );
        Self(Arc::new(Shared {
            schema_identity: pipeline.identity.clone(),
            pipeline: Arc::new(pipeline),
            freshness: super::caching::freshness(config.http.cache_max_age),
            revisions,
            sockets: Arc::new(super::websocket::Sockets::new(
                config.websocket.websocket_max_sockets,
                metrics.clone(),
            )),
            programme,
            response_cache: ResponseCache::new(
                config.http.response_cache_size,
                config.http.response_cache_bytes,
            )
            .map(Arc::new),
            gate,
            rate_limiter: rate_limiter(
                config.http.rate_limit_per_second,
                config.http.rate_limit_burst,
            ),
            immutable_file: config
                .read_only
                .then(|| crate::db::ImmutableFile::of(&config.database_url))
                .flatten()
                .map(Arc::new),
            db,
            config,
            metrics,
        }))
    }
}

impl AppState {
    /// Builds the programme of the data revision now, so that the first request does not wait
    /// for it; a failure is logged (requests then build it, or answer that the database is
    /// unavailable).
    pub async fn warm(&self) {
        if let Err(error) = self.programme.current(&self.db).await {
            tracing::warn!(%error, "building the programme at start");
        }
    }

    /// This state with the trusted documents of `--trusted-documents` (loaded by the caller,
    /// which reports a bad manifest at start).
    pub fn with_trusted_documents(self, documents: Option<TrustedDocuments>) -> Self {
        if let Some(documents) = documents {
            self.pipeline.trust(documents);
        }
        self
    }

    /// The state of the rate-limiting middleware.
    pub fn rate_limit(&self) -> RateLimit {
        RateLimit {
            limiter: self.rate_limiter.clone(),
            trusted_proxies: self.config.http.trusted_proxies,
            metrics: self.metrics.clone(),
        }
    }

    /// The state of the body limit's answers.
    pub fn body_limit(&self) -> BodyLimit {
        BodyLimit {
            max_bytes: self.config.http.max_body_bytes,
            metrics: self.metrics.clone(),
        }
    }
}
