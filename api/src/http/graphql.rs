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
    let transport = if method == Method::GET {
        Transport::Get
    } else {
        Transport::Post
    };
    match requests {
        Requests::Single(incoming) => single(&state, *incoming, transport, &headers, media).await,
        Requests::Batch(requests) => batch(&state, requests, transport, media).await,
    }
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

/// One operation. A GET answer that succeeds carries a strong ETag and `Cache-Control: public,
/// max-age`; a matching `If-None-Match` is a 304 without executing (the tag needs only the data
/// version, read outside any snapshot), unless it is `*`, which waits for the answer. A
/// successful answer is kept in the response cache. Everything else is `no-store`.
async fn single(
    state: &AppState,
    incoming: Incoming,
    transport: Transport,
    headers: &HeaderMap,
    media: MediaType,
) -> Response {
    let resolved = match state.pipeline.resolve(incoming) {
        Ok(resolved) => resolved,
        Err(refused) => return no_store(response_of(&refused.answer, media)),
    };
    let get = transport == Transport::Get;
    let cache = state.response_cache.as_deref();
    let representation = caching::Representation::of(
        caching::graphql_representation(&resolved.request, media),
        &state.schema_identity,
    );
    let key_of = |revision: &str| representation.key(revision);
    // A revalidation or a cache hit needs only the data's current revision (read at most once
    // per `--data-version-max-age`, outside any snapshot), no parsing; and only for a text
    // within the byte limit (longer ones are refused below, reading nothing).
    let keyed = (get || cache.is_some())
        && resolved.request.query.len() <= state.config.limits.max_query_bytes;
    let mut current_revision = None;
    if keyed && let Ok(Some(revision)) = state.programme.revision(&state.db).await {
        let key = key_of(&revision);
        current_revision = Some(revision);
        let operation = resolved.request.operation_name.as_deref();
        if get
            && !caching::names_any(headers)
            && let Some(tag) = caching::matching_tag(headers, &key)
        {
            state.metrics.graphql_request(operation, "not_modified");
            return not_modified(state, &tag);
        }
        if let Some(hit) = cache.and_then(|cache| cache.get(&key)) {
            state.metrics.graphql_request(operation, "cached");
            let answered = bytes_response(StatusCode::OK, media, hit.body);
            return keep_or_not(state, get, headers, answered, &key);
        }
    }
    let outcome = answered(state.pipeline.run(resolved, transport).await);
    let answered = response_of(&outcome.answer, media);
    let Answer::Executed { body, clean: true } = outcome.answer else {
        return no_store(answered);
    };
    // The answer's own key: the revision it was read at (a load may have come between); an
    // answer of the schema alone takes the revision read to look it up, as its hits do.
    let revision = if outcome.schema_only {
        current_revision
    } else {
        outcome.revision
    };
    match revision.filter(|_| keyed).map(|revision| key_of(&revision)) {
        Some(key) => {
            if let Some(cache) = cache
                && !outcome.schema_only
            {
                cache.put(key.clone(), CachedAnswer { body });
            }
            keep_or_not(state, get, headers, answered, &key)
        }
        None => no_store(answered),
    }
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

/// A successful answer's caching headers: a GET's validators and freshness, `no-store` for a
/// POST (which shared caches do not keep). A GET whose `If-None-Match` is `*` waited for the
/// answer (see `caching::names_any`): the answer exists, so it is a 304.
fn keep_or_not(
    state: &AppState,
    get: bool,
    headers: &HeaderMap,
    mut answered: Response,
    key: &str,
) -> Response {
    if !get {
        return no_store(answered);
    }
    if let Some(tag) = caching::matching_tag(headers, key) {
        return not_modified(state, &tag);
    }
    caching::cacheable(&mut answered, &caching::etag(key), &state.freshness, VARY);
    answered
}

/// What a GraphQL answer depends on besides the URL: the media type and the encoding.
const VARY: &str = "accept, accept-encoding";

/// 304: the client's copy (named by `tag`) is current.
fn not_modified(state: &AppState, tag: &str) -> Response {
    caching::not_modified(tag, &state.freshness, VARY)
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
