//! Every `timeZone` argument of an operation, checked once before execution.
//!
//! A bad zone is a bad argument value: one `BAD_USER_INPUT` for the request, not one error per
//! row that renders a time. The document's literals and the variables they name (as sent, or
//! their defaults) are all read here; the resolvers then only meet zones that parse.

use async_graphql::parser::types::{ExecutableDocument, Selection, SelectionSet};
use async_graphql::{ErrorExtensions, Pos, Positioned, ServerError, Value, Variables};

use crate::graphql::args::time_zone;

/// The argument's name in the schema.
pub const ARGUMENT: &str = "timeZone";

/// Checks every `timeZone` value that `doc` can pass with `variables`; the error of the first
/// unknown zone points at the argument that passes it.
pub fn check(doc: &ExecutableDocument, variables: &Variables) -> Result<(), ServerError> {
    // Variables as execution will see them: as sent, else their default.
    let mut resolved = variables.clone();
    for (_, operation) in doc.operations.iter() {
        for definition in &operation.node.variable_definitions {
            let name = &definition.node.name.node;
            if let (false, Some(default)) =
                (resolved.contains_key(name), &definition.node.default_value)
            {
                resolved.insert(name.clone(), default.node.clone());
            }
        }
    }
    let mut zones = Vec::new();
    let sets = doc
        .operations
        .iter()
        .map(|(_, operation)| &operation.node.selection_set)
        .chain(doc.fragments.values().map(|f| &f.node.selection_set));
    for set in sets {
        collect(set, &resolved, &mut zones);
    }
    for (zone, pos) in zones {
        time_zone(Some(&zone)).map_err(|error| error.extend().into_server_error(pos))?;
    }
    Ok(())
}

/// The `timeZone` strings passed anywhere in `set` (fragments are walked once each by
/// [`check`]). Null means the default (UTC), and other kinds are the validator's to refuse.
fn collect(set: &Positioned<SelectionSet>, variables: &Variables, out: &mut Vec<(String, Pos)>) {
    for selection in &set.node.items {
        match &selection.node {
            Selection::Field(field) => {
                let argument = field
                    .node
                    .arguments
                    .iter()
                    .find(|(name, _)| name.node.as_str() == ARGUMENT);
                if let Some((_, value)) = argument {
                    let value_pos = value.pos;
                    let value = value.node.clone().into_const_with(|name| {
                        Ok::<_, std::convert::Infallible>(
                            variables.get(&name).cloned().unwrap_or(Value::Null),
                        )
                    });
                    if let Ok(Value::String(zone)) = value {
                        out.push((zone, value_pos));
                    }
                }
                collect(&field.node.selection_set, variables, out);
            }
            Selection::InlineFragment(inline) => {
                collect(&inline.node.selection_set, variables, out)
            }
            Selection::FragmentSpread(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_text(query: &str, variables: serde_json::Value) -> Result<(), String> {
        let doc = async_graphql::parser::parse_query(query).map_err(|e| e.to_string())?;
        let variables = Variables::from_json(variables);
        check(&doc, &variables).map_err(|e| e.to_string())
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
