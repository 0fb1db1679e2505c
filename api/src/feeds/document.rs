//! [`Document`]: what every published document owns — its path, its media type, its typed
//! parameters, the data it reads and its rendering — so that the HTTP layer serves any of them
//! with transport alone (negotiation, caching, compression, CORS). The list of documents is
//! [`super::registry`].

use std::fmt::Debug;
use std::future::Future;

use axum::body::Bytes;
use axum::http::{HeaderMap, HeaderName, HeaderValue};
use sea_orm::DatabaseTransaction;

use super::Publication;
use super::params::Query;
use crate::config::Config;
use crate::error::{ApiError, Refusal};
use crate::store::programme::Programme;

/// What a rendering reads: the programme of one revision in memory (as GraphQL answers read
/// it), the request's snapshot of the database of that same revision for a document that
/// reads what memory does not hold ([`Document::READS_DATABASE`]), and where and when the
/// service publishes.
pub struct Source<'a> {
    /// The programme of the revision served.
    pub programme: &'a Programme,
    /// The request's read transaction, of the programme's revision, where the document
    /// reads the database.
    pub db: Option<&'a DatabaseTransaction>,
    /// The public URL, the revision time and the dataset version.
    pub publication: Publication<'a>,
}

impl Source<'_> {
    /// The request's read transaction (a document that reads it says so in
    /// [`Document::READS_DATABASE`]).
    pub fn database(&self) -> Result<&DatabaseTransaction, Refusal> {
        self.db.ok_or_else(|| {
            Refusal::from(ApiError::Internal {
                cause: "a document read the database without saying it does".into(),
            })
        })
    }
}

/// A document the service publishes at a path of its own.
///
/// Every item without a default is required, so a document without a media type or a path
/// does not compile.
pub trait Document: 'static {
    /// The path as the README's endpoint table writes it, e.g. `/schedule.ics`; a `{id}`
    /// segment takes a GraphQL id, and may end in a suffix (`/sessions/{id}.ics`).
    const PATH: &'static str;

    /// The `Content-Type` of the document.
    const MEDIA_TYPE: &'static str;

    /// The parameters, typed.
    type Params: Params;

    /// The request headers the answer depends on (`Vary`), besides the encoding.
    const VARY: &'static str = "accept-encoding";

    /// True for a document that reads what the programme in memory does not hold (reference
    /// lists, sources, provenance): it is rendered in a snapshot of the database. Every other
    /// document is rendered from memory, with no statement.
    const READS_DATABASE: bool = false;

    /// The document for `params`, read from `source`: `NOT_FOUND` where a well-formed
    /// parameter names nothing.
    fn render(
        source: &Source<'_>,
        params: &Self::Params,
    ) -> impl Future<Output = Result<Bytes, Refusal>> + Send;

    /// Counts what `params` say about the request in `metrics` (the embed script counts the
    /// versions it never released); nothing by default.
    fn record(_params: &Self::Params, _metrics: &crate::metrics::Metrics) {}

    /// The name a download of the answer for `params` takes (`Content-Disposition: inline;
    /// filename="…"`, ASCII; the dataset's short version is added before the extension);
    /// `None`: no name beyond what [`Document::headers`] gives.
    fn file_name(_params: &Self::Params) -> Option<String> {
        None
    }

    /// Headers the document adds to its answers (200, 304 and refusals) besides its type and
    /// the caching headers: the widget's security policy, an export's file name.
    fn headers(_config: &Config) -> Vec<(HeaderName, HeaderValue)> {
        Vec::new()
    }

    /// The body of a refusal, for a document that answers refusals in its own form (an HTML
    /// page shown in a partner's iframe); `None`: the API's JSON error shape.
    /// `query` and `headers` are the refused request's (its language, say).
    fn refusal_page(
        _refusal: &Refusal,
        _query: Option<&str>,
        _headers: &HeaderMap,
    ) -> Option<String> {
        None
    }
}

/// The typed parameters of a document.
pub trait Params: Debug + Send + Sync + Sized {
    /// The query parameters the document takes (any other is `BAD_USER_INPUT`, the tracking
    /// parameters aside: see [`super::params`]).
    const NAMES: &'static [&'static str];

    /// The parameters of a request: the `{id}` of the path (without its suffix) where the
    /// path has one, the checked query parameters, and the request's headers (for a document
    /// that negotiates, e.g. its language: see [`Document::VARY`]).
    fn read(id: Option<&str>, query: Query, headers: &HeaderMap) -> Result<Self, Refusal>;
}

/// No parameter.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoParams;

impl Params for NoParams {
    const NAMES: &'static [&'static str] = &[];

    fn read(_id: Option<&str>, _query: Query, _headers: &HeaderMap) -> Result<Self, Refusal> {
        Ok(Self)
    }
}

/// What the registry shows of a document: enough to route, list and test it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Listing {
    /// [`Document::PATH`].
    pub path: &'static str,
    /// [`Document::MEDIA_TYPE`].
    pub media_type: &'static str,
    /// [`Params::NAMES`].
    pub parameters: &'static [&'static str],
}

impl Listing {
    /// The listing of `D`.
    pub fn of<D: Document>() -> Self {
        Self {
            path: D::PATH,
            media_type: D::MEDIA_TYPE,
            parameters: <D::Params as Params>::NAMES,
        }
    }
}

/// What walks the registry: called once per document, in the registry's order.
pub trait Visit {
    /// One document.
    fn document<D: Document>(&mut self);
}
