//! Argument values that async-graphql's validation lets through although the specification's
//! "Values of Correct Type" refuses them: an `Int` outside 32 bits (async-graphql then fails the
//! field with a path, after the request was admitted). Checked on the compiled operation, so a
//! value sent in a variable is refused alike.

use async_graphql::Value;
use async_graphql::parser::types::BaseType;

use crate::error::Refusal;
use crate::graphql::operation::{Compiled, Field};
use crate::graphql::shape::Shape;

/// Refuses the first `Int` argument whose value does not fit 32 bits.
pub fn check(operation: &Compiled, shape: &Shape) -> Result<(), Refusal> {
    in_selection(&operation.fields, operation.root_type(), shape)
}

fn in_selection(fields: &[Field], parent: &str, shape: &Shape) -> Result<(), Refusal> {
    for field in fields {
        let on = field.selected_on(parent);
        let Some(meta) = shape.field(on, &field.name) else {
            continue;
        };
        for (name, value) in &field.arguments {
            let declared = meta
                .arguments
                .iter()
                .find(|(argument, _)| argument == name.as_str())
                .map(|(_, ty)| &ty.base);
            if let (Some(BaseType::Named(ty)), Value::Number(number)) = (declared, &value.node)
                && ty.as_str() == "Int"
                && number.as_i64().is_none_or(|n| i32::try_from(n).is_err())
            {
                let message = format!(
                    "Invalid value for argument \"{name}\", expected type \"Int\": {number} does not fit 32 bits"
                );
                return Err(Refusal::invalid_at(value.pos, message));
            }
        }
        in_selection(&field.children, meta.named_type(), shape)?;
    }
    Ok(())
}
