//! Variables the selected operation requires: a variable of a non-null type without a default
//! must be given, and not as null ("Coercing Variable Values" in the specification).
//! async-graphql 7.2.1 reports a missing one only where a field argument reads it; where only
//! `@skip`/`@include` reads it, the selection was silently skipped.

use async_graphql::parser::types::ExecutableDocument;
use async_graphql::{ServerError, Value, Variables};

use super::error_codes::with_code;
use super::operation;
use crate::error::ErrorCode;

/// The first required variable of the operation `operation_name` selects that `variables`
/// lacks (or gives as null), as a `BAD_USER_INPUT` request error.
pub fn check_required(
    document: &ExecutableDocument,
    operation_name: Option<&str>,
    variables: &Variables,
) -> Result<(), ServerError> {
    let Some(operation) = operation::selected(document, operation_name) else {
        return Ok(());
    };
    for definition in &operation.variable_definitions {
        let definition = &definition.node;
        let required = !definition.var_type.node.nullable && definition.default_value.is_none();
        let given = variables
            .get(&definition.name.node)
            .is_some_and(|value| *value != Value::Null);
        if required && !given {
            let error = ServerError::new(
                format!(
                    "Variable \"${}\" of required type \"{}\" was not provided.",
                    definition.name.node, definition.var_type.node
                ),
                Some(definition.name.pos),
            );
            return Err(with_code(error, ErrorCode::BadUserInput));
        }
    }
    Ok(())
}
