//! Every `timeZone` argument of an operation, checked once before execution.
//!
//! A bad zone is a bad argument value: one `BAD_USER_INPUT` for the request, not one error per
//! row that renders a time. The document's literals and the variables they name (as sent, or
//! their defaults) are all read here; the resolvers then only meet zones that parse.

use async_graphql::{ErrorExtensions, ServerError, Value};

use crate::graphql::args::time_zone;
use crate::graphql::operation::Compiled;

/// The argument's name in the schema.
pub const ARGUMENT: &str = "timeZone";

/// Checks every `timeZone` value of `operation` (its variables resolved); the error of the
/// first unknown zone points at the argument that passes it. Null means the default (UTC), and
/// other kinds are the validator's to refuse.
pub fn check(operation: &Compiled) -> Result<(), ServerError> {
    for field in operation.walk() {
        let zone = field
            .arguments
            .iter()
            .find(|(name, _)| name.as_str() == ARGUMENT);
        if let Some((_, value)) = zone
            && let Value::String(zone) = &value.node
        {
            time_zone(Some(zone)).map_err(|error| error.extend().into_server_error(value.pos))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_text(query: &str, variables: serde_json::Value) -> Result<(), String> {
        let doc = async_graphql::parser::parse_query(query).map_err(|e| e.to_string())?;
        let variables = async_graphql::Variables::from_json(variables);
        let operation = crate::graphql::operation::selected(&doc, None).ok_or("no operation")?;
        let compiled = crate::graphql::operation::compile(&doc, operation, &variables);
        check(&compiled).map_err(|e| e.to_string())
    }

    #[test]
    fn literals_variables_defaults_and_fragments_are_all_checked() {
        let ok = serde_json::json!({});
        assert!(
            check_text(
                "{ sessions { nodes { startsAt(timeZone: \"Asia/Tokyo\") } } }",
                ok.clone()
            )
            .is_ok()
        );
        assert!(
            check_text(
                "{ sessions { nodes { startsAt(timeZone: \"Mars/Base\") } } }",
                ok.clone()
            )
            .is_err()
        );
        assert!(
            check_text(
                "query Q($z: String) { sessions { nodes { ...F } } } fragment F on Session { endsAt(timeZone: $z) }",
                serde_json::json!({ "z": "Nowhere/Town" })
            )
            .is_err()
        );
        assert!(
            check_text(
                "query Q($z: String = \"Nowhere/Town\") { sessions { nodes { endsAt(timeZone: $z) } } }",
                ok.clone()
            )
            .is_err()
        );
        // A default that the sent value replaces is not used.
        assert!(
            check_text(
                "query Q($z: String = \"Nowhere/Town\") { sessions { nodes { endsAt(timeZone: $z) } } }",
                serde_json::json!({ "z": "Europe/Brussels" })
            )
            .is_ok()
        );
        assert!(check_text("{ sessions { nodes { startsAt(timeZone: null) } } }", ok).is_ok());
    }
}
