//! The rejection vocabulary: every `extensions.code` the service sends, and every limit name
//! (`extensions.limit`, and the `limit` label of `limit_rejections_total`), in one place.
//!
//! The README's error table is this file in prose: keep them together.

use axum::http::StatusCode;

/// The media type a GraphQL answer is sent as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MediaType {
    /// `application/json`: GraphQL errors travel in a 200 answer.
    Json,
    /// `application/graphql-response+json` (GraphQL over HTTP): a request error is a 4xx.
    GraphqlResponseJson,
}

/// `extensions.code` of an error. No answer carrying one of these may be cached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    /// A document that is not GraphQL.
    GraphqlParseFailed,
    /// A document that does not fit the schema.
    GraphqlValidationFailed,
    /// A bad argument or variable value: a page size, id, cursor, zone or country code.
    BadUserInput,
    /// An operation limit was crossed (`extensions.limit` names it).
    OperationLimitExceeded,
    /// A body that is not a GraphQL request at all.
    BadRequest,
    /// A POST body that is not `application/json`.
    UnsupportedMediaType,
    /// An `Accept` header that admits neither media type of the endpoint.
    NotAcceptable,
    /// A mutation or subscription sent with GET (`Allow: POST`).
    MethodNotAllowed,
    /// A body over `--max-body-bytes`.
    PayloadTooLarge,
    /// A body that did not arrive in full within `--request-body-timeout`.
    BodyTimeout,
    /// Too many requests from one client (`Retry-After`).
    RateLimited,
    /// More requests than the service serves at once (`Retry-After`).
    ServiceOverloaded,
    /// The request ran past `--request-timeout`.
    RequestTimeout,
    /// The database did not answer; the cause is logged, not sent.
    ServiceUnavailable,
    /// Any other failure inside the service; the cause is logged, not sent.
    InternalServerError,
    /// A path or resource that does not exist (non-GraphQL routes).
    NotFound,
    /// A form of a document the service does not give (`/oembed?format=xml`, which the oEmbed
    /// specification answers with 501).
    NotImplemented,
    /// A WebSocket opened from a page whose origin is not allowed
    /// (`--websocket-allowed-origins`).
    Forbidden,
    /// An automatic persisted query whose hash the server does not know (the client retries
    /// with the text).
    PersistedQueryNotFound,
    /// A document outside the trusted documents, where only those run.
    PersistedQueryNotInList,
}

impl ErrorCode {
    /// Every code, in the README table's order.
    pub const ALL: [Self; 20] = [
        Self::GraphqlParseFailed,
        Self::GraphqlValidationFailed,
        Self::BadUserInput,
        Self::OperationLimitExceeded,
        Self::BadRequest,
        Self::UnsupportedMediaType,
        Self::NotAcceptable,
        Self::MethodNotAllowed,
        Self::PayloadTooLarge,
        Self::BodyTimeout,
        Self::RateLimited,
        Self::ServiceOverloaded,
        Self::RequestTimeout,
        Self::ServiceUnavailable,
        Self::InternalServerError,
        Self::NotFound,
        Self::NotImplemented,
        Self::Forbidden,
        Self::PersistedQueryNotFound,
        Self::PersistedQueryNotInList,
    ];

    /// The wire name, as `extensions.code`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::GraphqlParseFailed => "GRAPHQL_PARSE_FAILED",
            Self::GraphqlValidationFailed => "GRAPHQL_VALIDATION_FAILED",
            Self::BadUserInput => "BAD_USER_INPUT",
            Self::OperationLimitExceeded => "OPERATION_LIMIT_EXCEEDED",
            Self::BadRequest => "BAD_REQUEST",
            Self::UnsupportedMediaType => "UNSUPPORTED_MEDIA_TYPE",
            Self::NotAcceptable => "NOT_ACCEPTABLE",
            Self::MethodNotAllowed => "METHOD_NOT_ALLOWED",
            Self::PayloadTooLarge => "PAYLOAD_TOO_LARGE",
            Self::BodyTimeout => "BODY_TIMEOUT",
            Self::RateLimited => "RATE_LIMITED",
            Self::ServiceOverloaded => "SERVICE_OVERLOADED",
            Self::RequestTimeout => "REQUEST_TIMEOUT",
            Self::ServiceUnavailable => "SERVICE_UNAVAILABLE",
            Self::InternalServerError => "INTERNAL_SERVER_ERROR",
            Self::NotFound => "NOT_FOUND",
            Self::NotImplemented => "NOT_IMPLEMENTED",
            Self::Forbidden => "FORBIDDEN",
            Self::PersistedQueryNotFound => "PERSISTED_QUERY_NOT_FOUND",
            Self::PersistedQueryNotInList => "PERSISTED_QUERY_NOT_IN_LIST",
        }
    }

    /// The code of a wire name.
    pub fn from_wire(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|code| code.as_str() == name)
    }

    /// The HTTP status of an answer whose (first) error has this code, sent as `media`.
    ///
    /// Errors that the transport decides (body, rate, overload, timeout, routes) have their own
    /// status whatever the media type. GraphQL errors travel in a 200 under `application/json`;
    /// under `application/graphql-response+json` a request refused before execution is a 4xx,
    /// while an error met during execution (with partial data) stays 200.
    pub const fn status(self, media: MediaType) -> StatusCode {
        match (self, media) {
            (Self::BadRequest, _) => StatusCode::BAD_REQUEST,
            (Self::UnsupportedMediaType, _) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            (Self::NotAcceptable, _) => StatusCode::NOT_ACCEPTABLE,
            (Self::MethodNotAllowed, _) => StatusCode::METHOD_NOT_ALLOWED,
            (Self::PayloadTooLarge, _) => StatusCode::PAYLOAD_TOO_LARGE,
            (Self::BodyTimeout, _) => StatusCode::REQUEST_TIMEOUT,
            (Self::RateLimited, _) => StatusCode::TOO_MANY_REQUESTS,
            (Self::ServiceOverloaded | Self::RequestTimeout, _) => StatusCode::SERVICE_UNAVAILABLE,
            (Self::NotFound, _) => StatusCode::NOT_FOUND,
            (Self::NotImplemented, _) => StatusCode::NOT_IMPLEMENTED,
            (Self::Forbidden, _) => StatusCode::FORBIDDEN,
            (_, MediaType::Json) => StatusCode::OK,
            // Apollo's persisted-query link retries with the text on this answer: 200, as Apollo
            // Server and Router send it, whatever the media type.
            (Self::PersistedQueryNotFound, MediaType::GraphqlResponseJson) => StatusCode::OK,
            (
                Self::GraphqlParseFailed
                | Self::GraphqlValidationFailed
                | Self::BadUserInput
                | Self::OperationLimitExceeded
                | Self::PersistedQueryNotInList,
                MediaType::GraphqlResponseJson,
            ) => StatusCode::BAD_REQUEST,
            (Self::ServiceUnavailable, MediaType::GraphqlResponseJson) => {
                StatusCode::SERVICE_UNAVAILABLE
            }
            (Self::InternalServerError, MediaType::GraphqlResponseJson) => {
                StatusCode::INTERNAL_SERVER_ERROR
            }
        }
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A limit that refuses requests: its name is `extensions.limit` and the `limit` label of
/// `limit_rejections_total`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Limit {
    /// `--max-query-bytes`, before parsing.
    QueryBytes,
    /// `--max-query-tokens`, before parsing.
    QueryTokens,
    /// Bracket nesting of the text (`--max-recursion-depth`), before parsing.
    Nesting,
    /// `--max-aliases`.
    Aliases,
    /// `--max-root-fields`.
    RootFields,
    /// `--max-complexity`.
    Complexity,
    /// `--max-depth`.
    Depth,
    /// `--max-introspection-depth`.
    IntrospectionDepth,
    /// The introspection budget: list fields nested under `__schema` / `__type`
    /// (graphql-js's `MaxIntrospectionDepthRule`).
    IntrospectionLists,
    /// `--max-directives-per-field`.
    Directives,
    /// Recursion of the document (`--max-recursion-depth`).
    Recursion,
    /// `--max-batch-size`.
    Batch,
    /// `--max-response-bytes`: an answer's size, met while it executes.
    ResponseBytes,
    /// `--max-body-bytes` (code `PAYLOAD_TOO_LARGE`).
    Body,
    /// `--request-body-timeout` (code `BODY_TIMEOUT`).
    BodyTimeout,
    /// `--rate-limit-per-second` (code `RATE_LIMITED`).
    Rate,
    /// `--max-concurrent-requests` (code `SERVICE_OVERLOADED`).
    Concurrency,
    /// `--request-timeout` (code `REQUEST_TIMEOUT`).
    Timeout,
    /// `--db-queue-timeout`: the wait for a database connection (code `SERVICE_OVERLOADED`).
    DatabaseQueue,
    /// `--websocket-max-sockets` (code `SERVICE_OVERLOADED`).
    Sockets,
    /// `--websocket-max-subscriptions`, on one socket.
    Subscriptions,
    /// `--websocket-max-message-bytes` (the socket is closed with 1009).
    MessageBytes,
}

impl Limit {
    /// The wire name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::QueryBytes => "queryBytes",
            Self::QueryTokens => "queryTokens",
            Self::Nesting => "nesting",
            Self::Aliases => "aliases",
            Self::RootFields => "rootFields",
            Self::Complexity => "complexity",
            Self::Depth => "depth",
            Self::IntrospectionDepth => "introspectionDepth",
            Self::IntrospectionLists => "introspectionLists",
            Self::Directives => "directives",
            Self::Recursion => "recursion",
            Self::Batch => "batch",
            Self::ResponseBytes => "responseBytes",
            Self::Body => "body",
            Self::BodyTimeout => "bodyTimeout",
            Self::Rate => "rate",
            Self::Concurrency => "concurrency",
            Self::Timeout => "timeout",
            Self::DatabaseQueue => "databaseQueue",
            Self::Sockets => "sockets",
            Self::Subscriptions => "subscriptions",
            Self::MessageBytes => "messageBytes",
        }
    }
}

impl std::fmt::Display for Limit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_names_are_distinct_and_read_back() {
        for code in ErrorCode::ALL {
            assert_eq!(ErrorCode::from_wire(code.as_str()), Some(code));
        }
        assert_eq!(ErrorCode::from_wire("SOMETHING_ELSE"), None);
    }

    #[test]
    fn request_errors_are_4xx_only_under_the_graphql_response_media_type() {
        use MediaType::*;
        assert_eq!(ErrorCode::BadUserInput.status(Json), StatusCode::OK);
        assert_eq!(
            ErrorCode::BadUserInput.status(GraphqlResponseJson),
            StatusCode::BAD_REQUEST
        );
        assert_eq!(
            ErrorCode::RateLimited.status(Json),
            StatusCode::TOO_MANY_REQUESTS
        );
        assert_eq!(
            ErrorCode::NotFound.status(GraphqlResponseJson),
            StatusCode::NOT_FOUND
        );
    }
}
