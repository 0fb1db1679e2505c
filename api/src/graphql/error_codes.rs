//! Gives every error that async-graphql raises itself an `extensions.code`, as the contract
//! requires: parse errors, validation errors, and input-coercion errors of arguments.

use std::sync::Arc;

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextParseQuery, NextValidation,
};
use async_graphql::parser::types::ExecutableDocument;
use async_graphql::{ServerError, ServerResult, ValidationResult, Variables};

use crate::error::BAD_USER_INPUT;
use crate::graphql::limits::{OPERATION_LIMIT_EXCEEDED, limit_of_message};

/// `extensions.code` of a document that is not GraphQL.
pub const GRAPHQL_PARSE_FAILED: &str = "GRAPHQL_PARSE_FAILED";
/// `extensions.code` of a document that does not fit the schema.
pub const GRAPHQL_VALIDATION_FAILED: &str = "GRAPHQL_VALIDATION_FAILED";

/// The extension (add it to the schema).
pub struct ErrorCodes;

impl ExtensionFactory for ErrorCodes {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(ErrorCodesExtension)
    }
}

struct ErrorCodesExtension;

#[async_graphql::async_trait::async_trait]
impl Extension for ErrorCodesExtension {
    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        next.run(ctx, query, variables)
            .await
            .map_err(|error| classify(error, GRAPHQL_PARSE_FAILED))
    }

    async fn validation(
        &self,
        ctx: &ExtensionContext<'_>,
        next: NextValidation<'_>,
    ) -> Result<ValidationResult, Vec<ServerError>> {
        next.run(ctx).await.map_err(|errors| {
            errors
                .into_iter()
                .map(|error| classify(error, GRAPHQL_VALIDATION_FAILED))
                .collect()
        })
    }
}

/// `error` with the code of the async-graphql limit it reports, or else `code`.
fn classify(error: ServerError, code: &str) -> ServerError {
    match limit_of_message(&error.message) {
        Some(limit) => {
            let mut error = with_code(error, OPERATION_LIMIT_EXCEEDED);
            error
                .extensions
                .get_or_insert_with(Default::default)
                .set("limit", limit);
            error
        }
        None => with_code(error, code),
    }
}

/// `error` with `extensions.code = code`, unless it has a code already.
pub fn with_code(mut error: ServerError, code: &str) -> ServerError {
    let extensions = error.extensions.get_or_insert_with(Default::default);
    if extensions.get("code").is_none() {
        extensions.set("code", code);
    }
    error
}

/// Any error still without a code comes from coercing a client's argument or variable.
/// Identical errors (async-graphql reports some rules twice) are listed once.
pub fn ensure_codes(response: &mut async_graphql::Response) {
    let errors = std::mem::take(&mut response.errors);
    for error in errors.into_iter().map(|e| with_code(e, BAD_USER_INPUT)) {
        if !response.errors.contains(&error) {
            response.errors.push(error);
        }
    }
}
