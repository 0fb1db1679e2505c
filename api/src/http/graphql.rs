//! The GraphQL endpoint over HTTP: the GraphQL-over-HTTP specification's negotiation and
//! statuses, and HTTP caching (ETags, 304, the response cache), around the transport-neutral
//! pipeline (`graphql::pipeline`) that resolves, prepares, executes and writes each request.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{FromRequest, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::AppState;
use super::caching;
use super::graphql_http::{self, Requests};
use super::respond;
use super::response_cache::CachedAnswer;
use crate::error::{ErrorCode, Limit, MediaType, Refusal};
use crate::graphql::pipeline::{Answer, Incoming, Outcome, Run, Transport};
use crate::graphql::types::revision_token;

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
    let transport = if graphql_http::reads_the_query_string(&method) {
        Transport::Get
    } else {
        Transport::Post
    };
    let mut response = match requests {
        Requests::Single(incoming, revision) => {
            let asked = Asked {
                transport,
                headers: &headers,
                media,
                revision: revision.as_deref(),
            };
            single(&state, *incoming, &asked).await
        }
        Requests::Batch(requests) => batch(&state, requests, transport, media).await,
    };
    // Every answer names the data version it was read at; one that read none (a refusal, a
    // batch) names the revision of the programme held in memory: no reading, so an outage of
    // the database costs no second wait here.
    if !response
        .headers()
        .contains_key(super::documents::DATASET_VERSION)
        && let Some(programme) = state.programme.held()
        && let Some(revision) = programme.revision()
    {
        super::documents::name_version(&mut response, revision);
    }
    response
}

/// What a single request asked for besides its operation.
struct Asked<'a> {
    transport: Transport,
    headers: &'a HeaderMap,
    media: MediaType,
    /// The revision token of a content-addressed GET (`revision=`).
    revision: Option<&'a str>,
}

/// A batch (a JSON array body), where `--max-batch-size` allows it: each operation answered in
/// turn, the answers in one array, never cached. A refusal of the service's capacity answers
/// for the whole batch.
async fn batch(
    state: &AppState,
    requests: Vec<Incoming>,
    transport: Transport,
    media: MediaType,
) -> Response {
    let max = state.config.limits.max_batch_size;
    if max == 0 || requests.len() > max {
        state.metrics.limit_rejection(Limit::Batch);
        let message = if max == 0 {
            "batched requests are not enabled on this server".to_owned()
        } else {
            format!(
                "the batch has {} operations; the limit is {max}",
                requests.len()
            )
        };
        return Refusal::limit(Limit::Batch, message).into_response();
    }
    let mut body = vec![b'['];
    for (index, incoming) in requests.into_iter().enumerate() {
        let outcome = match state.pipeline.resolve(incoming) {
            Ok(resolved) => answered(state.pipeline.run(resolved, transport).await),
            Err(refused) => *refused,
        };
        if let Answer::Declined(refusal) = outcome.answer {
            return refusal.into_response();
        }
        if index > 0 {
            body.push(b',');
        }
        body.extend_from_slice(&outcome.answer.body());
    }
    body.push(b']');
    no_store(bytes_response(StatusCode::OK, media, Bytes::from(body)))
}

/// The outcome of a run over HTTP, where a subscription is refused before it runs.
fn answered(run: Run) -> Outcome {
    match run {
        Run::Answered(outcome) => outcome,
        Run::Subscribed(_) => Outcome {
            answer: Answer::Declined(Refusal::new(
                ErrorCode::InternalServerError,
                "internal error",
            )),
            revision: None,
            schema_only: false,
        },
    }
}

/// One operation. A GET answer that succeeds carries a strong ETag and the freshness of
/// [`Freshness::of`]; a matching `If-None-Match` is a 304 without executing (the tag needs
/// only the data revision, read outside any snapshot, at most once per
/// `--data-version-max-age`: the 304 costs no statement), unless it is `*`, which waits for
/// the answer. A successful answer is kept in the response cache. Everything else is
/// `no-store`. Each answer names the data version it was read at.
async fn single(state: &AppState, incoming: Incoming, asked: &Asked<'_>) -> Response {
    let resolved = match state.pipeline.resolve(incoming) {
        Ok(resolved) => resolved,
        Err(refused) => return no_store(response_of(&refused.answer, asked.media)),
    };
    let get = asked.transport == Transport::Get;
    let cache = state.response_cache.as_deref();
    let representation = caching::Representation::of(
        caching::graphql_representation(&resolved.request, asked.media),
        &state.schema_identity,
    );
    let key_of = |revision: &str| representation.key(revision);
    // A revalidation or a cache hit needs only the data's current revision, no parsing; and
    // only for a text within the byte limit (longer ones are refused below, reading nothing).
    let keyed = (get || cache.is_some())
        && resolved.request.query.len() <= state.config.limits.max_query_bytes;
    // Read at most once per `--data-version-max-age`, outside any snapshot.
    let current = match keyed {
        true => state.programme.revision(&state.db).await.ok().flatten(),
        false => None,
    };
    if keyed && let Some(revision) = &current {
        let key = key_of(revision);
        let operation = resolved.request.operation_name.as_deref();
        if get
            && !caching::names_any(asked.headers)
            && let Some(tag) = caching::matching_tag(asked.headers, &key)
        {
            state.metrics.graphql_request(operation, "not_modified");
            let freshness = Freshness::of(state, asked.revision, revision);
            return versioned(not_modified(state, &tag, &freshness), revision);
        }
        if let Some(hit) = cache.and_then(|cache| cache.get(&key)) {
            state.metrics.graphql_request(operation, "cached");
            let answered = bytes_response(StatusCode::OK, asked.media, hit.body);
            return versioned(
                keep_or_not(state, asked, answered, &key, revision),
                revision,
            );
        }
    }
    let outcome = answered(state.pipeline.run(resolved, asked.transport).await);
    let answered = response_of(&outcome.answer, asked.media);
    // The answer's own revision: the one it was read at (a load may have come between); an
    // answer of the schema alone takes the revision served, as its cache hits do.
    let revision = if outcome.schema_only {
        current
    } else {
        outcome.revision
    };
    let Answer::Executed { body, clean: true } = outcome.answer else {
        let answered = no_store(answered);
        return match &revision {
            Some(revision) => versioned(answered, revision),
            None => answered,
        };
    };
    match revision.filter(|_| keyed) {
        Some(revision) => {
            let key = key_of(&revision);
            if let Some(cache) = cache
                && !outcome.schema_only
            {
                cache.put(key.clone(), CachedAnswer { body });
            }
            versioned(
                keep_or_not(state, asked, answered, &key, &revision),
                &revision,
            )
        }
        None => no_store(answered),
    }
}

/// How long caches may keep a successful GET answer.
enum Freshness {
    /// `--cache-max-age`: `public, no-cache` by default (every use revalidates), or
    /// `public, max-age=N`.
    Configured,
    /// A content-addressed GET whose `revision` names the revision served: for good.
    Immutable,
    /// A content-addressed GET whose `revision` names another revision (a client or replica
    /// ahead or behind): the answer is this replica's data, and no cache may keep it.
    NoStore,
}

impl Freshness {
    /// The freshness of an answer read at `revision` for a GET that named `asked` (its
    /// `revision` parameter, if any).
    fn of(state: &AppState, asked: Option<&str>, revision: &str) -> Self {
        match asked {
            None => Self::Configured,
            Some(token) if token == revision_token(revision, &state.schema_identity).as_str() => {
                Self::Immutable
            }
            Some(_) => Self::NoStore,
        }
    }

    fn header(&self, state: &AppState) -> HeaderValue {
        match self {
            Self::Configured => state.freshness.clone(),
            Self::Immutable => HeaderValue::from_static(IMMUTABLE),
            Self::NoStore => HeaderValue::from_static("no-store"),
        }
    }
}

/// The `Cache-Control` of a content-addressed answer.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// `response` with the version of `revision` in `Dataset-Version` and `Dataset-Loaded-At`.
fn versioned(mut response: Response, revision: &str) -> Response {
    super::documents::name_version(&mut response, revision);
    response
}

/// The HTTP answer of an outcome in `media`: an executed answer is a 200; a request refused
/// before execution is a 200 under `application/json` and, under
/// `application/graphql-response+json`, the status its first error's code says; the
/// transport's own refusals (405 with `Allow: POST`, 503 with `Retry-After`) are theirs.
fn response_of(answer: &Answer, media: MediaType) -> Response {
    match answer {
        Answer::Executed { body, .. } => bytes_response(StatusCode::OK, media, body.clone()),
        Answer::Refused { code, .. } => {
            let status = code.map_or(StatusCode::OK, |code| code.status(media));
            bytes_response(status, media, answer.body())
        }
        Answer::Declined(refusal) => {
            let mut response = refusal.clone().into_response();
            if refusal.code == ErrorCode::MethodNotAllowed {
                response
                    .headers_mut()
                    .insert(header::ALLOW, HeaderValue::from_static("POST"));
            }
            response
        }
    }
}

/// A successful answer's caching headers: a GET's validators and freshness (see
/// [`Freshness`]), `no-store` for a POST (which shared caches do not keep). A GET whose
/// `If-None-Match` is `*` waited for the answer (see `caching::names_any`): the answer exists,
/// so it is a 304.
fn keep_or_not(
    state: &AppState,
    asked: &Asked<'_>,
    mut answered: Response,
    key: &str,
    revision: &str,
) -> Response {
    if asked.transport != Transport::Get {
        return no_store(answered);
    }
    let freshness = Freshness::of(state, asked.revision, revision);
    if let Some(tag) = caching::matching_tag(asked.headers, key) {
        return not_modified(state, &tag, &freshness);
    }
    if matches!(freshness, Freshness::NoStore) {
        return no_store(answered);
    }
    caching::cacheable(
        &mut answered,
        &caching::etag(key),
        &freshness.header(state),
        VARY,
    );
    answered
}

/// What a GraphQL answer depends on besides the URL: the media type and the encoding.
const VARY: &str = "accept, accept-encoding";

/// 304: the client's copy (named by `tag`) is current.
fn not_modified(state: &AppState, tag: &str, freshness: &Freshness) -> Response {
    caching::not_modified(tag, &freshness.header(state), VARY)
}

fn no_store(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::VARY, HeaderValue::from_static(VARY));
    response
}

fn bytes_response(status: StatusCode, media: MediaType, body: Bytes) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, graphql_http::content_type(media))],
        body,
    )
        .into_response()
}
