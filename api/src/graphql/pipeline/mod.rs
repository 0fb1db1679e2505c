//! The pipeline every transport wraps: a GraphQL request in (its text or persisted id, its
//! variables and operation name, the transport it came by), a transport-neutral outcome out
//! (the answer's bytes, what class of answer it is, what caching needs to know of it).
//!
//! One request goes: the document ([`persisted`]: text, APQ, trusted documents), then
//! [`prepare`] (the text's limits, the parse, kept per text, the document's limits, the one
//! compilation of the operation and the limits it measured, the transport's rules), then
//! [`execute`] (the client's document validated once per text, the programme of the revision,
//! a snapshot for what stays SQL, async-graphql running the built document, the error codes),
//! then the one answer writer (`answer`), whose bytes each transport sends as they are. HTTP
//! (`http::graphql`) wraps an outcome in statuses and caching headers; the WebSocket
//! (`http::websocket`) in its protocols' messages.

mod execute;
mod incoming;
mod prepare;

use std::sync::Arc;

use axum::body::Bytes;
use futures_util::stream::BoxStream;
use sea_orm::DatabaseConnection;

pub use incoming::Incoming;
pub use prepare::ParsedDocument;

use super::Schemas;
use super::persisted::{self, ApqStore, TrustedDocuments};
use crate::bounded::{BoundedLru, Weighed};
use crate::config::Config;
use crate::error::{ErrorCode, Refusal};
use crate::metrics::Metrics;
use crate::store::admission::ConnectionGate;
use crate::store::programme_watch::ProgrammeWatch;
use crate::store::revision_feed::RevisionFeed;

/// How a request came: what it may run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transport {
    /// `GET /graphql`: queries only.
    Get,
    /// `POST /graphql`: queries and mutations (subscriptions need a WebSocket).
    Post,
    /// A WebSocket: every operation type.
    WebSocket,
}

/// What a request led to, whatever carries it.
#[derive(Debug)]
pub struct Outcome {
    /// The answer.
    pub answer: Answer,
    /// The data revision the answer was read at; `None` for an answer that read no data (or
    /// none was run).
    pub revision: Option<Arc<str>>,
    /// True for an answer that depends on the schema alone (it selects only introspection):
    /// it holds for any revision.
    pub schema_only: bool,
}

/// An answer's bytes, by class.
#[derive(Debug)]
pub enum Answer {
    /// An executed answer: its whole JSON body (`data`, then `errors` where there are any);
    /// `clean` when it has no error (what caches may keep).
    Executed {
        /// The body.
        body: Bytes,
        /// No error in it.
        clean: bool,
    },
    /// A GraphQL request refused before execution: its errors (a JSON array), and the first
    /// one's code (what an HTTP status is chosen by).
    Refused {
        /// The errors, as a JSON array.
        errors: Bytes,
        /// The first error's code.
        code: Option<ErrorCode>,
    },
    /// Refused by the service's capacity or the transport's rules (no database connection
    /// came free in time, a mutation over GET): each transport answers it in its own form.
    Declined(Refusal),
}

impl Answer {
    /// The answer as an HTTP body or a legacy WebSocket payload: an executed answer as it is,
    /// a refusal as `{"errors": [...]}`.
    pub fn body(&self) -> Bytes {
        match self {
            Self::Executed { body, .. } => body.clone(),
            Self::Refused { errors, .. } => {
                let mut body = Vec::with_capacity(errors.len() + 12);
                body.extend_from_slice(b"{\"errors\":");
                body.extend_from_slice(errors);
                body.push(b'}');
                Bytes::from(body)
            }
            Self::Declined(refusal) => Bytes::from(refusal.body().to_string()),
        }
    }
}

/// What a request became: one answer, or (a subscription over a WebSocket) a stream of them.
pub enum Run {
    /// One answer.
    Answered(Outcome),
    /// A subscription's events, each an executed answer's bytes; the last one may be the
    /// refusal of an event over `--max-response-bytes`, which ends the stream.
    Subscribed(BoxStream<'static, Bytes>),
}

/// What the pipeline shares between requests: the schemas, the settings, the documents seen,
/// and the data a request reads.
pub struct Pipeline {
    /// The served schemas (`graphql::Schemas`).
    pub schemas: Schemas,
    /// The identity of this build and its settings (`graphql::identity`): part of every HTTP
    /// tag and every revision token.
    pub identity: Arc<str>,
    config: Arc<Config>,
    /// Documents registered by Automatic Persisted Queries; `None` when APQ is off.
    pub apq: Option<Arc<ApqStore>>,
    /// The trusted documents, when a manifest was loaded (set once, at start).
    trusted: std::sync::OnceLock<TrustedDocuments>,
    /// Documents that parsed and passed the document's limits, by text: a request repeating
    /// one is neither parsed nor checked again (its operation is still compiled with its own
    /// variables).
    pub documents: Arc<BoundedLru<ParsedDocument>>,
    /// Answers of operations that select only `__schema`, `__type` and `__typename`, by
    /// document, variables and operation name: computed once, whatever the data revision.
    introspection_answers: BoundedLru<CachedBody>,
    db: DatabaseConnection,
    gate: Arc<ConnectionGate>,
    programme: Arc<ProgrammeWatch>,
    revisions: Arc<RevisionFeed>,
    metrics: Arc<Metrics>,
}

/// Introspection answers kept (the standard query's variants by clients and options are few).
const INTROSPECTION_ANSWERS: std::num::NonZeroUsize = match std::num::NonZeroUsize::new(64) {
    Some(entries) => entries,
    None => std::num::NonZeroUsize::MIN,
};

/// Bytes of introspection answers kept at most (the standard query answers ~130 KB).
const INTROSPECTION_ANSWER_BYTES: usize = 4 * 1024 * 1024;

/// Parsed documents kept (the distinct documents of the clients of one service are few).
const DOCUMENTS: std::num::NonZeroUsize = match std::num::NonZeroUsize::new(512) {
    Some(entries) => entries,
    None => std::num::NonZeroUsize::MIN,
};

/// Bytes of parsed documents kept at most (estimated from their texts).
const DOCUMENT_BYTES: usize = 8 * 1024 * 1024;

/// An answer's body, kept.
#[derive(Clone, Debug)]
struct CachedBody(Bytes);

impl Weighed for CachedBody {
    fn weight(&self) -> usize {
        self.0.len()
    }
}

/// What the pipeline reads from the rest of the service.
pub struct Parts {
    /// The database pool.
    pub db: DatabaseConnection,
    /// The queue in front of the pool's connections.
    pub gate: Arc<ConnectionGate>,
    /// The programme of the current revision.
    pub programme: Arc<ProgrammeWatch>,
    /// The revisions pushed to `dataRevision` subscriptions.
    pub revisions: Arc<RevisionFeed>,
    /// The metrics.
    pub metrics: Arc<Metrics>,
}

impl Pipeline {
    /// The pipeline of a service configured by `config`, reading what `parts` give.
    pub fn new(config: Arc<Config>, parts: Parts) -> Self {
        let surface = &config.surface;
        let identity: Arc<str> =
            super::identity(&format!("{:?} {:?}", config.limits, config.surface)).into();
        let served = super::Served {
            build: identity.clone(),
            public_url: config.public_url().into(),
        };
        Self {
            schemas: super::schema(&config.limits, surface, &served),
            identity,
            apq: ApqStore::new(
                surface.persisted_query_cache_size,
                surface.persisted_query_cache_bytes,
            )
            .map(Arc::new),
            trusted: std::sync::OnceLock::new(),
            documents: Arc::new(BoundedLru::bounded(DOCUMENTS, DOCUMENT_BYTES)),
            introspection_answers: BoundedLru::bounded(
                INTROSPECTION_ANSWERS,
                INTROSPECTION_ANSWER_BYTES,
            ),
            config,
            db: parts.db,
            gate: parts.gate,
            programme: parts.programme,
            revisions: parts.revisions,
            metrics: parts.metrics,
        }
    }

    /// Serves the trusted documents of `--trusted-documents` (loaded by the caller, which
    /// reports a bad manifest at start); a second manifest is ignored.
    pub fn trust(&self, documents: TrustedDocuments) {
        let _ = self.trusted.set(documents);
    }

    /// The document `incoming` names (its text, a trusted document, an APQ hash): the request
    /// with its text, or the outcome that refuses it (counted).
    pub fn resolve(&self, incoming: Incoming) -> Result<Resolved, Box<Outcome>> {
        let named = persisted::Named {
            query: incoming.query.as_deref(),
            id: incoming.id.as_deref(),
            apq: incoming.apq,
        };
        let resolved = persisted::resolve(
            &named,
            self.apq.as_deref(),
            self.trusted.get(),
            self.config.surface.trusted_documents_only,
        );
        let mut request = incoming.request;
        match resolved {
            Ok(resolved) => {
                request.query = resolved.text.to_string();
                Ok(Resolved {
                    request,
                    register: resolved.register_as.map(|hash| (hash, resolved.text)),
                })
            }
            Err(refusal) => {
                self.metrics.persisted_query_refusal(refusal.code);
                self.metrics
                    .graphql_request(request.operation_name.as_deref(), "rejected");
                Err(Box::new(refused(&[refusal.into_server_error()])))
            }
        }
    }

    /// Runs a request (its document resolved) that came by `transport`.
    pub async fn run(&self, resolved: Resolved, transport: Transport) -> Run {
        let ready = match self.prepare(resolved.request, transport) {
            Ok(ready) => ready,
            Err(answer) => return Run::Answered(unread(answer)),
        };
        // An APQ document is kept once it has passed the limits.
        if let (Some((hash, text)), Some(store)) = (resolved.register, self.apq.as_deref()) {
            store.put(hash, text);
        }
        if ready.is_subscription() {
            return self.subscribe(*ready).await;
        }
        Run::Answered(self.answer(*ready).await)
    }
}

/// A request whose document is resolved.
pub struct Resolved {
    /// The request, its `query` the document's text.
    pub request: async_graphql::Request,
    /// The APQ hash and text to keep once the document passes the limits.
    register: Option<(String, Arc<str>)>,
}

/// The outcome of an answer that read no data.
fn unread(answer: Answer) -> Outcome {
    Outcome {
        answer,
        revision: None,
        schema_only: false,
    }
}

/// The outcome of a request refused with `errors`.
fn refused(errors: &[async_graphql::ServerError]) -> Outcome {
    unread(refusal_of(errors))
}

/// The answer refusing a request with `errors` (coded already).
fn refusal_of(errors: &[async_graphql::ServerError]) -> Answer {
    Answer::Refused {
        errors: Bytes::from(serde_json::to_vec(errors).unwrap_or_else(|_| b"[]".to_vec())),
        code: errors.first().and_then(super::error_codes::code_of),
    }
}
