//! Argument values that async-graphql's validation lets through although the specification's
//! "Values of Correct Type" refuses them: an `Int` outside 32 bits (async-graphql then fails the
//! field with a path, after the request was admitted). Read on the compiled operation's
//! resolved values, so a value sent in a variable is refused alike.

use async_graphql::parser::types::BaseType;
use async_graphql::{Name, Positioned, Value};

use crate::error::Refusal;
use crate::graphql::shape::FieldShape;

/// The refusal of the first `Int` argument of a field (declared by `meta`) whose value does
/// not fit 32 bits.
pub fn refusal(arguments: &[(Name, Positioned<Value>)], meta: &FieldShape) -> Option<Refusal> {
    arguments.iter().find_map(|(name, value)| {
        let declared = meta
            .arguments
            .iter()
            .find(|(argument, _)| argument == name.as_str())
            .map(|(_, ty)| &ty.base);
        match (declared, &value.node) {
            (Some(BaseType::Named(ty)), Value::Number(number))
                if ty.as_str() == "Int"
                    && number.as_i64().is_none_or(|n| i32::try_from(n).is_err()) =>
            {
                let message = format!(
                    "Invalid value for argument \"{name}\", expected type \"Int\": {number} does not fit 32 bits"
                );
                Some(Refusal::invalid_at(value.pos, message))
            }
            _ => None,
        }
    })
}
