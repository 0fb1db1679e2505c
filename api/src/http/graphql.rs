//! The GraphQL endpoint: limits before parsing, our own parse and document checks, then
//! execution with per-request loaders.

use std::sync::Arc;

use async_graphql::parser::types::{ExecutableDocument, OperationType};
use async_graphql::{Request, Response as GraphqlResponse};
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{FromRequest, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::caching;
use super::graphql_http::{self, Incoming, Requests};
use super::persisted;
use super::response_cache::CachedAnswer;

use super::AppState;
use super::respond;
use crate::error::{ErrorCode, Limit, MediaType, Refusal};
use crate::graphql::answer;
use crate::graphql::error_codes::{code_of, ensure_codes, parse_failed};
use crate::graphql::limits;
use crate::graphql::limits::complexity::ListBounds;
use crate::graphql::operation::{self, Compilation, Compiled, Rules};
use crate::graphql::shape::Shape;
use crate::graphql::validity::{self, Validity};
use crate::store::programme::Programme;
use crate::store::snapshot::Snapshot;

/// The path of the GraphQL endpoint.
pub const GRAPHQL_PATH: &str = "/graphql";

/// A GET of the endpoint: a WebSocket upgrade (`Upgrade: websocket`, see `websocket`), else
/// a GraphQL request as [`endpoint`] answers it.
pub async fn get(State(state): State<AppState>, request: axum::extract::Request) -> Response {
    if super::websocket::is_upgrade(request.headers()) {
        return super::websocket::upgrade(state, request).await;
    }
    let (parts, body) = request.into_parts();
    let body = Bytes::from_request(axum::extract::Request::new(body), &state).await;
    let query = RawQuery(parts.uri.query().map(str::to_owned));
    endpoint(State(state), parts.method, parts.headers, query, body).await
}

/// Answers a GraphQL request (GET or POST), or a batch of them where batching is on, in the
/// media type the client accepts, with the statuses of the GraphQL-over-HTTP specification.
pub async fn endpoint(
    State(state): State<AppState>,
    method: Method,
    headers: HeaderMap,
    RawQuery(query_string): RawQuery,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let Some(media) = graphql_http::negotiate(&headers) else {
        return Refusal::new(
            ErrorCode::NotAcceptable,
            "this endpoint answers in application/graphql-response+json or application/json",
        )
        .into_response();
    };
    let body = match body {
        Ok(body) => body,
        // tower-http's body limit, as axum reports it (typed: no message text is read).
        Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            return respond::payload_too_large(&state.body_limit());
        }
        Err(rejection) if super::body_deadline::is_timed_out(&rejection) => {
            return respond::body_timeout(&state.metrics, state.config.http.request_body_timeout);
        }
        Err(_) => {
            return Refusal::bad_request("the request body could not be read").into_response();
        }
    };
    let requests = match graphql_http::read(&method, &headers, query_string.as_deref(), &body) {
        Ok(requests) => requests,
        Err(refusal) => return refusal.into_response(),
    };
    match requests {
        Requests::Single(incoming) => match resolve(&state, *incoming) {
            Ok(resolved) => single(&state, resolved, &method, &headers, media).await,
            Err(refused) => no_store(answer(&state, media, &refused)),
        },
        Requests::Batch(requests) => {
            let max = state.config.limits.max_batch_size;
            if max == 0 {
                state.metrics.limit_rejection(Limit::Batch);
                return Refusal::limit(
                    Limit::Batch,
                    "batched requests are not enabled on this server",
                )
                .into_response();
            }
            if requests.len() > max {
                state.metrics.limit_rejection(Limit::Batch);
                let message = format!(
                    "the batch has {} operations; the limit is {max}",
                    requests.len()
                );
                return Refusal::limit(Limit::Batch, message).into_response();
            }
            let mut bodies: Vec<Vec<u8>> = Vec::with_capacity(requests.len());
            for incoming in requests {
                let Resolved { request, apq_entry } = match resolve(&state, incoming) {
                    Ok(resolved) => resolved,
                    Err(refused) => {
                        bodies.push(body_of(&state, &refused, None));
                        continue;
                    }
                };
                let body = match prepare(&state, request, Transport::Http(&method)) {
                    Prepared::Ready(ready) => {
                        register(&state, apq_entry);
                        let compiled = ready.compiled.clone();
                        match execute_prepared(&state, *ready).await {
                            Ok((response, _)) => body_of(&state, &response, compiled.as_ref()),
                            Err(busy) => return busy,
                        }
                    }
                    Prepared::Answered(response) => body_of(&state, &response, None),
                    Prepared::Refused(refused) => return refused,
                };
                bodies.push(body);
            }
            let mut body = vec![b'['];
            for (index, answer) in bodies.iter().enumerate() {
                if index > 0 {
                    body.push(b',');
                }
                body.extend_from_slice(answer);
            }
            body.push(b']');
            no_store(bytes_response(StatusCode::OK, media, Bytes::from(body)))
        }
    }
}

/// A request with its document, and the APQ entry (hash and text) to register once the
/// document passes the limits.
pub(super) struct Resolved {
    pub(super) request: Request,
    pub(super) apq_entry: Option<(String, Arc<str>)>,
}

/// The document of a request: its text, a trusted document, or an APQ hash (see
/// `persisted`). A refusal is a GraphQL answer with its code, counted.
pub(super) fn resolve(
    state: &AppState,
    incoming: Incoming,
) -> Result<Resolved, Box<GraphqlResponse>> {
    let named = persisted::Named {
        query: incoming.query.as_deref(),
        id: incoming.id.as_deref(),
        apq: incoming.apq,
    };
    let surface = &state.config.surface;
    match persisted::resolve(
        &named,
        state.apq.as_deref(),
        state.trusted_documents.as_deref(),
        surface.trusted_documents_only,
    ) {
        Ok(resolved) => {
            let mut request = incoming.request;
            request.query = resolved.text.to_string();
            Ok(Resolved {
                request,
                apq_entry: resolved.register_as.map(|hash| (hash, resolved.text)),
            })
        }
        Err(refusal) => {
            state.metrics.persisted_query_refusal(refusal.code);
            state
                .metrics
                .graphql_request(incoming.request.operation_name.as_deref(), "rejected");
            Err(Box::new(GraphqlResponse::from_errors(vec![
                refusal.into_server_error(),
            ])))
        }
    }
}

/// Registers an APQ document that passed the limits (prepared for execution).
pub(super) fn register(state: &AppState, apq_entry: Option<(String, Arc<str>)>) {
    if let (Some((hash, text)), Some(store)) = (apq_entry, state.apq.as_deref()) {
        store.put(hash, text);
    }
}

/// One operation. A GET answer that succeeds carries a strong ETag and `Cache-Control: public,
/// max-age`; a matching `If-None-Match` is a 304 without executing (the tag needs only the data
/// version, read in the snapshot the execution would use). Everything else is `no-store`.
async fn single(
    state: &AppState,
    Resolved { request, apq_entry }: Resolved,
    method: &Method,
    headers: &HeaderMap,
    media: MediaType,
) -> Response {
    let cache = state.response_cache.as_deref();
    let representation = caching::graphql_representation(&request, media);
    let key_of = |revision: &str| {
        caching::response_key(revision, representation.iter(), &state.schema_identity)
    };
    // A revalidation or a cache hit needs only the data's current revision (read at most once
    // per `--data-version-max-age`, outside any snapshot), no parsing; and only for a text
    // within the byte limit (longer ones are refused below, reading nothing).
    let keyed = (method == Method::GET || cache.is_some())
        && request.query.len() <= state.config.limits.max_query_bytes;
    let mut current_revision = None;
    if keyed && let Ok(Some(revision)) = state.programme.revision(&state.db).await {
        let key = key_of(&revision);
        current_revision = Some(revision);
        if method == Method::GET
            && !caching::names_any(headers)
            && let Some(tag) = caching::matching_tag(headers, &key)
        {
            state
                .metrics
                .graphql_request(request.operation_name.as_deref(), "not_modified");
            return not_modified(state, &tag);
        }
        if let Some(hit) = cache.and_then(|cache| cache.get(&key)) {
            state
                .metrics
                .graphql_request(request.operation_name.as_deref(), "cached");
            let answered = bytes_response(StatusCode::OK, media, hit.body);
            return keep_or_not(state, method, headers, answered, &key);
        }
    }
    let ready = match prepare(state, request, Transport::Http(method)) {
        Prepared::Ready(ready) => {
            register(state, apq_entry);
            ready
        }
        Prepared::Answered(response) => return no_store(answer(state, media, &response)),
        Prepared::Refused(refused) => return refused,
    };
    // An answer that depends on the schema alone is computed once per representation.
    let compiled = ready.compiled.clone();
    let introspection_key = introspection_only(compiled.as_ref()).then(|| {
        caching::response_key(INTROSPECTION, representation.iter(), &state.schema_identity)
    });
    if let Some(hit) = introspection_key
        .as_deref()
        .and_then(|key| state.introspection_answers.get(key))
    {
        state
            .metrics
            .graphql_request(ready.operation.as_deref(), "cached");
        let answered = bytes_response(StatusCode::OK, media, hit.body);
        return match (method == Method::GET, current_revision) {
            (true, Some(revision)) => {
                keep_or_not(state, method, headers, answered, &key_of(&revision))
            }
            _ => no_store(answered),
        };
    }
    let introspective = introspection_key.is_some();
    let (response, programme) = match execute_prepared(state, *ready).await {
        Ok(executed) => executed,
        Err(busy) => return busy,
    };
    let (status, body, written_whole) = answer_bytes(state, media, &response, compiled.as_ref());
    let succeeded = status == StatusCode::OK && response.errors.is_empty() && written_whole;
    if let Some(key) = introspection_key
        && succeeded
    {
        state
            .introspection_answers
            .put(key, CachedAnswer { body: body.clone() });
    }
    let answered = bytes_response(status, media, body.clone());
    // The answer's own key: the revision it was read at (a load may have come between); an
    // introspection answer reads no data, and takes the revision read to look it up, as its
    // cache hits do.
    let revision = if introspective {
        current_revision
    } else {
        programme.and_then(|programme| programme.revision().cloned())
    };
    let key = revision
        .filter(|_| keyed && succeeded)
        .map(|revision| key_of(&revision));
    match key {
        Some(key) => {
            if let Some(cache) = cache {
                cache.put(key.clone(), CachedAnswer { body });
            }
            keep_or_not(state, method, headers, answered, &key)
        }
        None => no_store(answered),
    }
}

/// The part of the introspection answers' keys that a data revision has in the others': their
/// answers do not depend on the data.
const INTROSPECTION: &str = "introspection";

/// Whether the operation a prepared request selects asks for nothing but the schema.
pub(super) fn introspection_only(compiled: Option<&Compiled>) -> bool {
    compiled.is_some_and(Compiled::is_introspection_only)
}

/// A successful answer's caching headers: a GET's validators and freshness, `no-store` for a
/// POST (which shared caches do not keep). A GET whose `If-None-Match` is `*` waited for the
/// answer (see `caching::names_any`): the answer exists, so it is a 304.
fn keep_or_not(
    state: &AppState,
    method: &Method,
    headers: &HeaderMap,
    mut answered: Response,
    key: &str,
) -> Response {
    if method == Method::GET
        && let Some(tag) = caching::matching_tag(headers, key)
    {
        return not_modified(state, &tag);
    }
    if method == Method::GET {
        cacheable(state, &mut answered, &caching::etag(key));
        answered
    } else {
        no_store(answered)
    }
}

/// Executes a prepared request: asks whether the client's document is valid (once per
/// text: its errors are the answer where it is not), takes its programme and its admitted
/// snapshot, then runs it. An answer of `SERVICE_UNAVAILABLE` (and no programme) where the
/// database cannot tell its revision; an HTTP answer of its own where the connection gate
/// sheds the request.
pub(super) async fn execute_prepared(
    state: &AppState,
    ready: Ready,
) -> Result<(GraphqlResponse, Option<Arc<Programme>>), Response> {
    let Ready {
        request,
        operation,
        compiled,
        parsed,
    } = ready;
    if let Err(errors) = parsed.validity(state).await {
        let mut response = GraphqlResponse::from_errors(errors.clone());
        ensure_codes(&mut response, &state.metrics);
        state.metrics.graphql_request(operation.as_deref(), "error");
        return Ok((response, None));
    }
    let programme = match programme_for(state, introspection_only(compiled.as_ref())).await {
        Ok(programme) => programme,
        Err(unavailable) => return Ok((unavailable, None)),
    };
    let snapshot = admitted_snapshot(state).await?;
    let (response, programme) = run(
        state,
        request,
        operation,
        compiled.as_ref(),
        &parsed.document,
        programme,
        snapshot,
    )
    .await;
    Ok((response, Some(programme)))
}

/// The programme to answer from: the current revision's (see `store::programme_watch`); an
/// empty one for an answer that reads only the schema. An answer of `SERVICE_UNAVAILABLE`
/// when the database cannot tell its revision.
async fn programme_for(
    state: &AppState,
    introspective: bool,
) -> Result<Arc<Programme>, GraphqlResponse> {
    if introspective {
        return Ok(Arc::default());
    }
    state.programme.current(&state.db).await.map_err(|error| {
        let error = crate::error::ApiError::from(error);
        let error = async_graphql::ErrorExtensions::extend(&error);
        GraphqlResponse::from_errors(vec![error.into_server_error(Default::default())])
    })
}

/// A new, not yet opened, snapshot of the data, once the connection gate admits the request;
/// 503 with `Retry-After` when it waited `--db-queue-timeout` in vain (`SERVICE_OVERLOADED`,
/// or `SERVICE_UNAVAILABLE` when the queue waits on a database that does not answer).
async fn admitted_snapshot(state: &AppState) -> Result<Arc<Snapshot>, Response> {
    Snapshot::admitted(&state.gate, &state.db)
        .await
        .map_err(|shed| respond::database_busy(&state.metrics, shed))
}

/// The validators and freshness of a cacheable GET answer.
fn cacheable(state: &AppState, response: &mut Response, tag: &str) {
    caching::cacheable(response, tag, state.config.http.cache_max_age, VARY);
}

/// What a GraphQL answer depends on besides the URL: the media type and the encoding.
const VARY: &str = "accept, accept-encoding";

/// 304: the client's copy (named by `tag`) is current.
fn not_modified(state: &AppState, tag: &str) -> Response {
    caching::not_modified(tag, state.config.http.cache_max_age, VARY)
}

fn no_store(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::VARY, HeaderValue::from_static(VARY));
    response
}

/// The JSON body of an answer (see `graphql::answer`): a request error carries no `data`.
/// Longer than `--max-response-bytes`, it is the `responseBytes` refusal instead (counted).
pub(super) fn body_of(
    state: &AppState,
    response: &GraphqlResponse,
    compiled: Option<&Compiled>,
) -> Vec<u8> {
    written(state, response, compiled).unwrap_or_else(|refusal| refusal)
}

/// The JSON body of an answer, or (`Err`) the `responseBytes` refusal that replaces it,
/// counted.
pub(super) fn written(
    state: &AppState,
    response: &GraphqlResponse,
    compiled: Option<&Compiled>,
) -> Result<Vec<u8>, Vec<u8>> {
    let max = state.config.limits.max_response_bytes;
    answer::body_within(response, compiled, Shape::served(), max).inspect_err(|_| {
        state.metrics.limit_rejection(Limit::ResponseBytes);
    })
}

/// The HTTP answer of a refused operation in `media` (see [`answer_bytes`]).
fn answer(state: &AppState, media: MediaType, response: &GraphqlResponse) -> Response {
    let (status, body, _) = answer_bytes(state, media, response, None);
    bytes_response(status, media, body)
}

/// The status and body bytes of an answer, and whether the body is the answer's (not the
/// `responseBytes` refusal that replaced it): 200, unless the request was refused before
/// execution and the media type is `application/graphql-response+json`, where the first
/// error's code says the status.
fn answer_bytes(
    state: &AppState,
    media: MediaType,
    response: &GraphqlResponse,
    compiled: Option<&Compiled>,
) -> (StatusCode, Bytes, bool) {
    let status = if answer::is_request_error(response) {
        response
            .errors
            .first()
            .and_then(code_of)
            .map_or(StatusCode::OK, |code| code.status(media))
    } else {
        StatusCode::OK
    };
    match written(state, response, compiled) {
        Ok(body) => (status, Bytes::from(body), true),
        Err(refusal) => (StatusCode::OK, Bytes::from(refusal), false),
    }
}

fn bytes_response(status: StatusCode, media: MediaType, body: Bytes) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, graphql_http::content_type(media))],
        body,
    )
        .into_response()
}

/// A document that parsed and passed the document's limits, kept by its text
/// (`AppState::documents`): what preparing a request needs that its variables do not change,
/// and whether async-graphql finds it valid (asked once, see `graphql::validity`).
#[derive(Clone)]
pub struct ParsedDocument {
    document: Arc<ExecutableDocument>,
    validity: Arc<tokio::sync::OnceCell<Validity>>,
    weight: usize,
}

impl ParsedDocument {
    fn new(text: &str, document: ExecutableDocument) -> Self {
        Self {
            document: Arc::new(document),
            validity: Arc::default(),
            // The syntax tree takes several times the bytes of its text.
            weight: text.len().saturating_mul(8),
        }
    }

    /// Whether async-graphql finds the document valid (validated on first use).
    pub(super) async fn validity(&self, state: &AppState) -> &Validity {
        self.validity
            .get_or_init(|| validity::of(state.schema.data(), &self.document))
            .await
    }
}

impl super::bounded::Weighed for ParsedDocument {
    fn weight(&self) -> usize {
        self.weight
    }
}

/// What preparing an operation led to.
pub(super) enum Prepared {
    /// Parsed and checked: ready to execute.
    Ready(Box<Ready>),
    /// Refused with a GraphQL answer (limits, parse errors, bad time zones).
    Answered(GraphqlResponse),
    /// Refused with an HTTP answer of its own (405).
    Refused(Response),
}

/// A request ready to execute.
pub(super) struct Ready {
    /// The request, with the document built from its compiled operation.
    pub(super) request: Request,
    /// The operation's name, for the metrics.
    pub(super) operation: Option<String>,
    /// The operation compiled (`None` where `operationName` selects none: the client's own
    /// document then runs, for async-graphql to report it).
    pub(super) compiled: Option<Compiled>,
    /// The client's document.
    pub(super) parsed: ParsedDocument,
}

/// Where an operation comes from.
#[derive(Debug, Clone, Copy)]
pub(super) enum Transport<'a> {
    /// An HTTP request with this method: GET runs queries only, and neither runs
    /// subscriptions.
    Http(&'a Method),
    /// A WebSocket (`websocket`): every operation type.
    WebSocket,
}

/// Text limits, parse, the transport (GET runs queries only, subscriptions need a WebSocket),
/// the document's limits, the compilation and what it measured, time zones: everything that
/// can refuse an operation before any statement runs.
pub(super) fn prepare(
    state: &AppState,
    mut request: Request,
    transport: Transport<'_>,
) -> Prepared {
    let limits = &state.config.limits;
    // A document seen before was parsed and passed the document's limits then.
    let cached = (request.query.len() <= limits.max_query_bytes)
        .then(|| state.documents.get(&request.query))
        .flatten();
    let checked = cached.is_some();
    let parsed = match cached {
        Some(parsed) => parsed,
        None => {
            if let Err(refusal) = limits::check_text(&request.query, limits) {
                return Prepared::Answered(refused(
                    state,
                    request.operation_name.as_deref(),
                    refusal,
                ));
            }
            match async_graphql::parser::parse_query(&request.query) {
                Ok(document) => ParsedDocument::new(&request.query, document),
                Err(error) => {
                    state
                        .metrics
                        .graphql_request(request.operation_name.as_deref(), "rejected");
                    return Prepared::Answered(GraphqlResponse::from_errors(vec![parse_failed(
                        error,
                    )]));
                }
            }
        }
    };
    let document = &parsed.document;
    if matches!(transport, Transport::Http(&Method::GET))
        && !selects_a_query(document, request.operation_name.as_deref())
    {
        let mut refused = Refusal::new(
            ErrorCode::MethodNotAllowed,
            "GET runs queries only; send mutations and subscriptions with POST",
        )
        .into_response();
        refused
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("POST"));
        return Prepared::Refused(refused);
    }
    let operation = request
        .operation_name
        .clone()
        .or_else(|| first_operation_name(document));
    let reject = |error: async_graphql::ServerError| {
        state
            .metrics
            .graphql_request(operation.as_deref(), "rejected");
        Prepared::Answered(GraphqlResponse::from_errors(vec![error]))
    };
    if !checked {
        if let Err(refusal) = limits::check_document(document, limits) {
            if let Some(limit) = refusal.limit {
                state.metrics.limit_rejection(limit);
            }
            return reject(refusal.into_server_error());
        }
        state.documents.put(request.query.clone(), parsed.clone());
    }
    let bounds = state
        .programme
        .held()
        .map(|programme| ListBounds::of(&programme))
        .unwrap_or_default();
    let rules = Rules {
        shape: Shape::served(),
        bounds: &bounds,
        complexity_cap: limits.max_complexity,
    };
    let compilation = match operation::compile(
        document,
        request.operation_name.as_deref(),
        &request.variables,
        &rules,
    ) {
        Ok(compilation) => compilation,
        Err(error) => return reject(error),
    };
    let Some(Compilation {
        operation: compiled,
        document: built,
        measures,
    }) = compilation
    else {
        // An operation name that selects nothing is execution's to report.
        request.set_parsed_query(ExecutableDocument::clone(document));
        return Prepared::Ready(Box::new(Ready {
            request,
            operation,
            compiled: None,
            parsed,
        }));
    };
    if compiled.ty == OperationType::Subscription && matches!(transport, Transport::Http(_)) {
        return reject(
            Refusal::new(
                ErrorCode::GraphqlValidationFailed,
                "subscriptions run over WebSocket: GET /graphql with Upgrade: websocket (graphql-transport-ws)",
            )
            .into_server_error(),
        );
    }
    if let Err(refusal) = compiled.single_root_field() {
        return reject(refusal.into_server_error());
    }
    if let Err(refusal) = limits::check_operation(&compiled, &measures, limits) {
        if let Some(limit) = refusal.limit {
            state.metrics.limit_rejection(limit);
        }
        return reject(refusal.into_server_error());
    }
    if let Some(error) = measures.time_zone {
        return reject(error);
    }
    request.set_parsed_query(built);
    Prepared::Ready(Box::new(Ready {
        request,
        operation,
        compiled: Some(compiled),
        parsed,
    }))
}

/// Executes a prepared operation in `snapshot` on the schema that runs it (the counted one
/// where it selects introspection: see `graphql::answer_budget`, which also makes it yield,
/// so that a request that times out or whose client goes away stops there), codes its errors
/// and counts its outcome.
async fn run(
    state: &AppState,
    request: Request,
    operation: Option<String>,
    compiled: Option<&Compiled>,
    source: &Arc<ExecutableDocument>,
    programme: Arc<Programme>,
    snapshot: Arc<Snapshot>,
) -> (GraphqlResponse, Arc<Programme>) {
    let schema = state.schema.for_operation(compiled);
    let max_bytes = state.config.limits.max_response_bytes;
    let watch = &state.programme;
    let (mut response, programme) = crate::graphql::execute(
        schema, watch, programme, snapshot, request, source, max_bytes,
    )
    .await;
    ensure_codes(&mut response, &state.metrics);
    let limited = response
        .errors
        .iter()
        .any(|e| code_of(e) == Some(ErrorCode::OperationLimitExceeded));
    let outcome = match (limited, response.errors.is_empty()) {
        (true, _) => "rejected",
        (false, true) => "ok",
        (false, false) => "error",
    };
    state.metrics.graphql_request(operation.as_deref(), outcome);
    (response, programme)
}

/// False when the operation the request selects is a mutation or a subscription (an unknown
/// or ambiguous selection is left to execution to report).
fn selects_a_query(document: &ExecutableDocument, operation_name: Option<&str>) -> bool {
    operation::selected(document, operation_name).is_none_or(|op| op.ty == OperationType::Query)
}

/// The answer of an operation refused by a limit of its text, counted.
fn refused(state: &AppState, operation: Option<&str>, refusal: Refusal) -> GraphqlResponse {
    if let Some(limit) = refusal.limit {
        state.metrics.limit_rejection(limit);
    }
    state.metrics.graphql_request(operation, "rejected");
    GraphqlResponse::from_errors(vec![refusal.into_server_error()])
}

/// The name of the document's first named operation.
fn first_operation_name(document: &ExecutableDocument) -> Option<String> {
    document
        .operations
        .iter()
        .find_map(|(name, _)| name.map(ToString::to_string))
}
