//! The GraphQL endpoint: limits before parsing, our own parse and document checks, then
//! execution with per-request loaders.

use async_graphql::http::GraphiQLSource;
use async_graphql::parser::types::{ExecutableDocument, OperationType};
use async_graphql::{Request, Response as GraphqlResponse};
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};

use super::graphql_http::{self, Requests};

use super::AppState;
use super::respond;
use crate::error::{ErrorCode, Limit, MediaType};
use crate::graphql::error_codes::{code_of, ensure_codes, parse_failed};
use crate::graphql::limits::{self, LimitExceeded};
use crate::graphql::time_zones;

/// The path of the GraphQL endpoint.
pub const GRAPHQL_PATH: &str = "/graphql";

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
        return respond::error(
            ErrorCode::NotAcceptable,
            "this endpoint answers in application/graphql-response+json or application/json",
        );
    };
    let body = match body {
        Ok(body) => body,
        // tower-http's body limit, as axum reports it (typed: no message text is read).
        Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            return respond::payload_too_large(&state.body_limit());
        }
        Err(_) => {
            return respond::error(ErrorCode::BadRequest, "the request body could not be read");
        }
    };
    let requests = match graphql_http::read(&method, &headers, query_string.as_deref(), &body) {
        Ok(requests) => requests,
        Err(refusal) => return respond::error(refusal.code, &refusal.message),
    };
    match requests {
        Requests::Single(request) => match execute(&state, *request, &method).await {
            Ok(response) => answer(media, &response),
            Err(refused) => refused,
        },
        Requests::Batch(requests) => {
            let max = state.config.limits.max_batch_size;
            if max == 0 {
                state.metrics.limit_rejection(Limit::Batch);
                return respond::limit_error(
                    Limit::Batch,
                    "batched requests are not enabled on this server",
                );
            }
            if requests.len() > max {
                state.metrics.limit_rejection(Limit::Batch);
                let message = format!(
                    "the batch has {} operations; the limit is {max}",
                    requests.len()
                );
                return respond::limit_error(Limit::Batch, &message);
            }
            let mut bodies = Vec::with_capacity(requests.len());
            for request in requests {
                match execute(&state, request, &method).await {
                    Ok(response) => bodies.push(body_of(&response)),
                    Err(refused) => return refused,
                }
            }
            json_response(StatusCode::OK, media, &serde_json::Value::Array(bodies))
        }
    }
}

/// A request error: refused before execution (no `data` at all), every error without a path.
fn is_request_error(response: &GraphqlResponse) -> bool {
    !response.errors.is_empty()
        && response.data == async_graphql::Value::Null
        && response.errors.iter().all(|e| e.path.is_empty())
}

/// The JSON of an answer: a request error carries no `data` entry.
fn body_of(response: &GraphqlResponse) -> serde_json::Value {
    let mut body = serde_json::to_value(response).unwrap_or_else(|_| {
        serde_json::json!({ "errors": [{ "message": "internal error",
            "extensions": { "code": ErrorCode::InternalServerError.as_str() } }] })
    });
    if is_request_error(response)
        && let Some(object) = body.as_object_mut()
    {
        object.remove("data");
    }
    body
}

/// The HTTP answer of one executed (or refused) operation in `media`: 200, unless the request
/// was refused before execution and the media type is `application/graphql-response+json`,
/// where the first error's code says the status.
fn answer(media: MediaType, response: &GraphqlResponse) -> Response {
    let status = if is_request_error(response) {
        response
            .errors
            .first()
            .and_then(code_of)
            .map_or(StatusCode::OK, |code| code.status(media))
    } else {
        StatusCode::OK
    };
    json_response(status, media, &body_of(response))
}

fn json_response(status: StatusCode, media: MediaType, body: &serde_json::Value) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, graphql_http::content_type(media))],
        body.to_string(),
    )
        .into_response()
}

/// One operation: text limits, parse, the method (GET runs queries only), document limits,
/// then execution. `Err` is an HTTP answer of its own (405).
async fn execute(
    state: &AppState,
    mut request: Request,
    method: &Method,
) -> Result<GraphqlResponse, Response> {
    let limits = &state.config.limits;
    if let Err(exceeded) = limits::check_text(&request.query, limits) {
        return Ok(refused(state, request.operation_name.as_deref(), exceeded));
    }
    let document = match async_graphql::parser::parse_query(&request.query) {
        Ok(document) => document,
        Err(error) => {
            state
                .metrics
                .graphql_request(request.operation_name.as_deref(), "rejected");
            return Ok(GraphqlResponse::from_errors(vec![parse_failed(error)]));
        }
    };
    if method == Method::GET && !selects_a_query(&document, request.operation_name.as_deref()) {
        let mut refused = respond::error(
            ErrorCode::MethodNotAllowed,
            "GET runs queries only; send mutations and subscriptions with POST",
        );
        refused
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("POST"));
        return Err(refused);
    }
    let operation = request
        .operation_name
        .clone()
        .or_else(|| first_operation_name(&document));
    if let Err(refusal) = limits::check_document(&document, limits) {
        if let Some(limit) = refusal.limit() {
            state.metrics.limit_rejection(limit);
        }
        state
            .metrics
            .graphql_request(operation.as_deref(), "rejected");
        return Ok(GraphqlResponse::from_errors(vec![
            refusal.into_server_error(),
        ]));
    }
    if let Err(error) = time_zones::check(&document, &request.variables) {
        state
            .metrics
            .graphql_request(operation.as_deref(), "rejected");
        return Ok(GraphqlResponse::from_errors(vec![error]));
    }
    request.set_parsed_query(document);
    let mut response = crate::graphql::execute(&state.schema, &state.db, request).await;
    ensure_codes(&mut response);
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
    Ok(response)
}

/// False when the operation the request selects is a mutation or a subscription (an unknown
/// or ambiguous selection is left to execution to report).
fn selects_a_query(document: &ExecutableDocument, operation_name: Option<&str>) -> bool {
    let selected = document.operations.iter().find(|(name, _)| {
        operation_name.is_none_or(|wanted| name.is_some_and(|n| n.as_str() == wanted))
    });
    selected.is_none_or(|(_, op)| op.node.ty == OperationType::Query)
}

fn refused(state: &AppState, operation: Option<&str>, exceeded: LimitExceeded) -> GraphqlResponse {
    state.metrics.limit_rejection(exceeded.limit);
    state.metrics.graphql_request(operation, "rejected");
    GraphqlResponse::from_errors(vec![exceeded.into_server_error()])
}

/// The name of the document's first named operation.
fn first_operation_name(document: &ExecutableDocument) -> Option<String> {
    document
        .operations
        .iter()
        .find_map(|(name, _)| name.map(ToString::to_string))
}

/// The GraphiQL playground.
pub async fn graphiql() -> Html<String> {
    Html(
        GraphiQLSource::build()
            .endpoint(GRAPHQL_PATH)
            .title("EU-Japan 100 Cities API")
            .finish(),
    )
}
