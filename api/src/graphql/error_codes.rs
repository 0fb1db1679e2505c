//! Gives every error that async-graphql raises itself an `extensions.code`, as the contract
//! requires, once an operation has run (no extension sits on the execution path): validation
//! errors (and the one limit async-graphql checks then, recursion), operation names that
//! select nothing, and input-coercion errors of arguments. async-graphql reports these as bare
//! messages, so two functions here read its words ([`limit_of_message`], the prefixes of
//! [`is_request_mistake`] and [`names_no_operation`]); tests pin the upstream texts, so an
//! upgrade that rewords them fails loudly. Parse errors never reach async-graphql: the
//! endpoint parses the document itself ([`parse_failed`]).

use async_graphql::{ServerError, Value};

use crate::error::{ErrorCode, Limit};
use crate::metrics::Metrics;

/// `error` as an `OPERATION_LIMIT_EXCEEDED` refusal by `limit`.
pub fn with_limit(error: ServerError, limit: Limit) -> ServerError {
    let mut error = with_code(error, ErrorCode::OperationLimitExceeded);
    error
        .extensions
        .get_or_insert_with(Default::default)
        .set("limit", limit.as_str());
    error
}

/// `error` with `extensions.code = code`, unless it has a code already.
pub fn with_code(mut error: ServerError, code: ErrorCode) -> ServerError {
    let extensions = error.extensions.get_or_insert_with(Default::default);
    if extensions.get("code").is_none() {
        extensions.set("code", code.as_str());
    }
    error
}

/// The code of `error`, if it carries one of ours.
pub fn code_of(error: &ServerError) -> Option<ErrorCode> {
    match error.extensions.as_ref()?.get("code")? {
        async_graphql::Value::String(code) => ErrorCode::from_wire(code),
        _ => None,
    }
}

/// Most errors one answer lists, as graphql-js's `maxErrors`: beyond them, one error says how
/// many more there were (1,900 unknown fields would otherwise answer 1,900 errors).
pub const MAX_ERRORS: usize = 100;

/// Codes every error of an executed response. A request error (no data, no error with a
/// path: async-graphql refused the operation before running it) is a validation failure,
/// unless it names a limit or an operation name that selects nothing. A field error without a
/// code is either async-graphql's refusal of an argument value (`BAD_USER_INPUT`) or a fault of
/// ours, which is logged and sent as a generic `INTERNAL_SERVER_ERROR`: no uncoded message
/// reaches a client. Identical errors (async-graphql reports some rules twice) are listed once,
/// at most [`MAX_ERRORS`] of them, and every name async-graphql quotes is cut as values are
/// (`error::quoted`).
pub fn ensure_codes(response: &mut async_graphql::Response, metrics: &Metrics) {
    let refused = response.data == Value::Null && response.errors.iter().all(|e| e.path.is_empty());
    let errors = std::mem::take(&mut response.errors);
    let mut unlisted = 0usize;
    for mut error in errors {
        if code_of(&error).is_none() {
            error.message = cut_quoted_names(&error.message);
        }
        let error = if code_of(&error).is_some() {
            error
        } else if refused {
            if let Some(limit) = limit_of_message(&error.message) {
                metrics.limit_rejection(limit);
                with_limit(error, limit)
            } else if names_no_operation(&error.message) {
                with_code(error, ErrorCode::BadUserInput)
            } else {
                with_code(error, ErrorCode::GraphqlValidationFailed)
            }
        } else if is_request_mistake(&error.message) {
            with_code(error, ErrorCode::BadUserInput)
        } else {
            tracing::error!(message = %error.message, path = ?error.path, "an error without a code");
            let mut internal = ServerError::new("internal error", None);
            internal.locations = error.locations;
            internal.path = error.path;
            with_code(internal, ErrorCode::InternalServerError)
        };
        if response.errors.contains(&error) {
            continue;
        }
        if response.errors.len() < MAX_ERRORS {
            response.errors.push(error);
        } else {
            unlisted += 1;
        }
    }
    if unlisted > 0 {
        let code = response
            .errors
            .last()
            .and_then(code_of)
            .unwrap_or(ErrorCode::GraphqlValidationFailed);
        let more = ServerError::new(
            format!(
                "{unlisted} more errors are not listed: an answer lists the first {MAX_ERRORS}"
            ),
            None,
        );
        response.errors.push(with_code(more, code));
    }
}

/// `message` with every double-quoted name longer than 60 characters cut as
/// `error::quoted` cuts values: `"xxx…" (15000 characters)`.
fn cut_quoted_names(message: &str) -> String {
    const SHOWN: usize = 60;
    let mut out = String::with_capacity(message.len().min(1024));
    let mut cut_length = None;
    for (index, part) in message.split('"').enumerate() {
        if index > 0 {
            out.push('"');
        }
        if let Some(length) = cut_length.take() {
            out.push_str(&format!(" ({length} characters)"));
        }
        let inside = index % 2 == 1;
        match part.char_indices().nth(SHOWN) {
            Some((cut, _)) if inside => {
                out.push_str(&part[..cut]);
                out.push('…');
                cut_length = Some(part.chars().count());
            }
            _ => out.push_str(part),
        }
    }
    if let Some(length) = cut_length {
        out.push_str(&format!(" ({length} characters)"));
    }
    out
}

/// A document that does not parse, as one `GRAPHQL_PARSE_FAILED` error: a one-line message
/// (the parser's own is a multi-line text diagram) and the position in `locations`.
pub fn parse_failed(error: async_graphql::parser::Error) -> ServerError {
    let positions: Vec<async_graphql::Pos> = error.positions().collect();
    let message = match &error {
        async_graphql::parser::Error::Syntax { message, .. } => {
            // pest's diagram ends with `= expected ...` lines: they are the message.
            let said: Vec<&str> = message
                .lines()
                .filter_map(|line| line.trim_start().strip_prefix("= "))
                .collect();
            if said.is_empty() {
                "syntax error".to_owned()
            } else {
                format!("syntax error: {}", said.join("; "))
            }
        }
        other => other.to_string().lines().next().unwrap_or("").to_owned(),
    };
    let mut server_error = ServerError::new(message, positions.first().copied());
    server_error.locations = positions;
    with_code(server_error, ErrorCode::GraphqlParseFailed)
}

/// True for async-graphql's words when it refuses an argument or variable value while
/// resolving a field (`InputValueError`: `Failed to parse "Int": ...`, `Invalid value for
/// argument ...`).
fn is_request_mistake(message: &str) -> bool {
    ["Failed to parse ", "Invalid value for argument"]
        .iter()
        .any(|prefix| message.starts_with(prefix))
}

/// True for async-graphql's words when `operationName` selects no operation of the document.
fn names_no_operation(message: &str) -> bool {
    ["Unknown operation named", "Operation name required"]
        .iter()
        .any(|prefix| message.starts_with(prefix))
}

/// The limit that an async-graphql error message reports, if it is one of its limits.
pub fn limit_of_message(message: &str) -> Option<Limit> {
    if message.starts_with("The recursion depth of the query cannot be greater than")
        || message.contains("recursion limit exceeded")
    {
        Some(Limit::Recursion)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use async_graphql::{EmptyMutation, EmptySubscription, Object, Schema};

    struct Root;

    #[Object]
    impl Root {
        async fn value(&self, number: i32) -> i32 {
            number
        }
        async fn root(&self) -> Root {
            Root
        }
    }

    #[tokio::test]
    async fn the_upstream_texts_that_are_read_are_pinned() {
        let recursion = Schema::build(Root, EmptyMutation, EmptySubscription)
            .limit_recursive_depth(4)
            .finish();
        let response = recursion
            .execute("{ root { root { root { root { root { value(number: 1) } } } } } }")
            .await;
        let message = response
            .errors
            .first()
            .map(|e| e.message.clone())
            .unwrap_or_default();
        assert_eq!(
            limit_of_message(&message),
            Some(Limit::Recursion),
            "{message}"
        );
        assert_eq!(limit_of_message("Unknown field \"x\""), None);
        assert!(is_request_mistake(
            "Failed to parse \"Int\": Only integers from -2^31 to 2^31-1 are supported."
        ));
        let schema = Schema::new(Root, EmptyMutation, EmptySubscription);
        let two = "query A { value(number: 1) } query B { value(number: 2) }";
        for request in [
            async_graphql::Request::new(two).operation_name("C"),
            async_graphql::Request::new(two),
        ] {
            let response = schema.execute(request).await;
            let message = &response.errors[0].message;
            assert!(names_no_operation(message), "{message}");
        }
    }

    #[test]
    fn an_error_without_a_code_reaches_the_client_only_as_a_generic_internal_error() {
        let at = |mut error: ServerError| {
            error.path = vec![async_graphql::PathSegment::Field("sessions".into())];
            error
        };
        let mut response = async_graphql::Response::from_errors(vec![
            at(ServerError::new(
                "no such table: session (SELECT * FROM ...)",
                None,
            )),
            at(ServerError::new(
                "Failed to parse \"Int\": not an integer",
                None,
            )),
        ]);
        response.data = Value::Object(Default::default());
        ensure_codes(&mut response, &Metrics::default());
        let shown: Vec<(String, Option<ErrorCode>)> = response
            .errors
            .iter()
            .map(|e| (e.message.clone(), code_of(e)))
            .collect();
        assert_eq!(
            shown,
            [
                (
                    "internal error".to_owned(),
                    Some(ErrorCode::InternalServerError)
                ),
                (
                    "Failed to parse \"Int\": not an integer".to_owned(),
                    Some(ErrorCode::BadUserInput)
                ),
            ]
        );
    }

    #[test]
    fn long_quoted_names_are_cut_and_short_ones_kept() {
        let long = "x".repeat(15_000);
        assert_eq!(
            cut_quoted_names(&format!("Unknown field \"{long}\" on type \"Theme\".")),
            format!(
                "Unknown field \"{}…\" (15000 characters) on type \"Theme\".",
                "x".repeat(60)
            )
        );
        let kept = "Unknown field \"nmae\" on type \"Theme\". Did you mean \"name\"?";
        assert_eq!(cut_quoted_names(kept), kept);
        assert_eq!(
            cut_quoted_names(&format!("open \"{long}")),
            format!("open \"{}… (15000 characters)", "x".repeat(60))
        );
    }

    #[test]
    fn parse_errors_are_one_line_with_their_location() {
        let error = async_graphql::parser::parse_query("{ sessions { ")
            .err()
            .map(parse_failed);
        let (message, line, column) = error
            .map(|e| {
                let at = e.locations.first().copied().unwrap_or_default();
                (e.message, at.line, at.column)
            })
            .unwrap_or_default();
        assert_eq!(
            (message.lines().count(), line, column),
            (1, 1, 14),
            "{message}"
        );
        assert!(message.starts_with("syntax error: expected "), "{message}");
    }
}
