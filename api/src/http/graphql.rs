//! The GraphQL endpoint: limits before parsing, our own parse and document checks, then
//! execution with per-request loaders.

use async_graphql::http::GraphiQLSource;
use async_graphql::parser::types::ExecutableDocument;
use async_graphql::{
    BatchRequest, BatchResponse, ParseRequestError, Request, Response as GraphqlResponse,
};
use async_graphql_axum::rejection::GraphQLRejection;
use async_graphql_axum::{GraphQLBatchRequest, GraphQLResponse};
use axum::extract::State;
use axum::response::{Html, IntoResponse, Response};

use super::AppState;
use super::respond;
use crate::error::{ErrorCode, Limit};
use crate::graphql::error_codes::{code_of, ensure_codes, parse_failed};
use crate::graphql::limits::{self, LimitExceeded};
use crate::graphql::time_zones;

/// The path of the GraphQL endpoint.
pub const GRAPHQL_PATH: &str = "/graphql";

/// Answers a GraphQL request, or a batch of them where batching is on.
pub async fn endpoint(
    State(state): State<AppState>,
    request: Result<GraphQLBatchRequest, GraphQLRejection>,
) -> Response {
    let batch = match request {
        Ok(batch) => batch.into_inner(),
        Err(rejection) => return bad_request(&state, &rejection),
    };
    match batch {
        BatchRequest::Single(request) => {
            GraphQLResponse::from(execute(&state, request).await).into_response()
        }
        BatchRequest::Batch(requests) => {
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
            let mut responses = Vec::with_capacity(requests.len());
            for request in requests {
                responses.push(execute(&state, request).await);
            }
            GraphQLResponse::from(BatchResponse::Batch(responses)).into_response()
        }
    }
}

/// One operation: text limits, parse, document limits, then execution.
async fn execute(state: &AppState, mut request: Request) -> GraphqlResponse {
    let limits = &state.config.limits;
    if let Err(exceeded) = limits::check_text(&request.query, limits) {
        return refused(state, request.operation_name.as_deref(), exceeded);
    }
    let document = match async_graphql::parser::parse_query(&request.query) {
        Ok(document) => document,
        Err(error) => {
            state
                .metrics
                .graphql_request(request.operation_name.as_deref(), "rejected");
            return GraphqlResponse::from_errors(vec![parse_failed(error)]);
        }
    };
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
        return GraphqlResponse::from_errors(vec![refusal.into_server_error()]);
    }
    if let Err(error) = time_zones::check(&document, &request.variables) {
        state
            .metrics
            .graphql_request(operation.as_deref(), "rejected");
        return GraphqlResponse::from_errors(vec![error]);
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
    response
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

/// A request that is not a GraphQL request at all: 4xx with a GraphQL-shaped error body.
fn bad_request(state: &AppState, rejection: &GraphQLRejection) -> Response {
    let message = match &rejection.0 {
        ParseRequestError::Io(error) if is_body_limit(error) => {
            return respond::payload_too_large(&state.body_limit());
        }
        ParseRequestError::PayloadTooLarge => {
            return respond::payload_too_large(&state.body_limit());
        }
        ParseRequestError::Io(_) => "the request body could not be read",
        ParseRequestError::InvalidRequest(_) => {
            "the request is not a valid GraphQL request (JSON with a `query` string, or `?query=` on GET)"
        }
        ParseRequestError::UnsupportedBatch => "batched requests are not enabled on this server",
        _ => "multipart requests are not supported",
    };
    respond::error(ErrorCode::BadRequest, message)
}

/// True when reading the body failed because it passed the body limit. async-graphql-axum
/// turns the body error into a plain `io::Error` carrying only the text of tower-http's
/// `LengthLimitError`, so the text is what can be recognised (a test pins it).
fn is_body_limit(error: &std::io::Error) -> bool {
    error
        .get_ref()
        .is_some_and(|inner| inner.to_string() == "length limit exceeded")
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

#[cfg(test)]
mod tests {
    use http_body_util::{BodyExt, Limited};

    /// Pins the upstream text that [`super::is_body_limit`] recognises: tower-http's body limit
    /// is http-body-util's `Limited`, whose error reads "length limit exceeded".
    #[tokio::test]
    async fn the_body_limit_error_text_is_pinned() {
        let body = Limited::new(http_body_util::Full::new(&b"0123456789"[..]), 4);
        let error = body.collect().await.err().map(|e| e.to_string());
        let wrapped = error.map(std::io::Error::other);
        assert!(
            wrapped.as_ref().is_some_and(super::is_body_limit),
            "{wrapped:?}"
        );
    }
}
