//! Whether the client's own document is valid, as async-graphql validates it: asked once per
//! document text, and kept with the parsed document.
//!
//! async-graphql runs the document built from the compiled operation (`operation::compile`),
//! and validates exactly that document with the request's variables. What only the client's
//! document can show is validated here: fragments (unknown, unused, spread where they cannot
//! apply), the other operations of the document, selections that `@skip` leaves out, and every
//! error's message and location as the client wrote it. The document is validated without
//! variables (their values are the built document's to check), and nothing runs: the request
//! names an operation no document holds ([`VALIDATION_ONLY`]), which async-graphql reports
//! only after its validation passed.
//!
//! One correction, pinned by `tests/api/security/skip_include.rs`: async-graphql's validation
//! never visits `__typename`, so a variable used only in a directive there is reported as not
//! used. Such reports are dropped for every variable a directive of the document uses.

use std::collections::HashSet;

use async_graphql::parser::types::{ExecutableDocument, Selection, SelectionSet};
use async_graphql::{Name, Positioned, ServerError};

use super::ApiSchema;

/// The operation name a validation-only request asks for.
pub const VALIDATION_ONLY: &str = "__validationOnly";

/// The outcome of validating a client's document: its errors, if any.
pub type Validity = Result<(), Vec<ServerError>>;

/// Validates `document` with `schema`, running nothing.
pub async fn of(schema: &ApiSchema, document: &ExecutableDocument) -> Validity {
    let mut request = async_graphql::Request::new("");
    request.operation_name = Some(VALIDATION_ONLY.to_owned());
    request.set_parsed_query(document.clone());
    let response = schema.execute(request).await;
    let unknown = format!("Unknown operation named \"{VALIDATION_ONLY}\"");
    let in_directives = variables_in_directives(document);
    let errors: Vec<ServerError> = response
        .errors
        .into_iter()
        .filter(|error| error.message != unknown)
        .filter(|error| !unused_but_in_a_directive(&error.message, &in_directives))
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// True for async-graphql's "Variable "$v" is not used" (by an operation or not) naming a
/// variable that a directive uses.
fn unused_but_in_a_directive(message: &str, in_directives: &HashSet<Name>) -> bool {
    let Some(rest) = message.strip_prefix("Variable \"$") else {
        return false;
    };
    let Some((name, tail)) = rest.split_once('"') else {
        return false;
    };
    tail.starts_with(" is not used") && in_directives.contains(name)
}

/// The variables the directives of `document` (on its selections, anywhere) refer to.
fn variables_in_directives(document: &ExecutableDocument) -> HashSet<Name> {
    fn in_set(set: &Positioned<SelectionSet>, out: &mut HashSet<Name>) {
        for selection in &set.node.items {
            let (directives, inner) = match &selection.node {
                Selection::Field(field) => {
                    (&field.node.directives, Some(&field.node.selection_set))
                }
                Selection::InlineFragment(inline) => {
                    (&inline.node.directives, Some(&inline.node.selection_set))
                }
                Selection::FragmentSpread(spread) => (&spread.node.directives, None),
            };
            for directive in directives {
                for (_, value) in &directive.node.arguments {
                    collect(&value.node, out);
                }
            }
            if let Some(inner) = inner {
                in_set(inner, out);
            }
        }
    }
    fn collect(value: &async_graphql_value::Value, out: &mut HashSet<Name>) {
        use async_graphql_value::Value as Written;
        match value {
            Written::Variable(name) => {
                out.insert(name.clone());
            }
            Written::List(items) => items.iter().for_each(|item| collect(item, out)),
            Written::Object(fields) => fields.values().for_each(|item| collect(item, out)),
            _ => {}
        }
    }
    let mut out = HashSet::new();
    for (_, operation) in document.operations.iter() {
        in_set(&operation.node.selection_set, &mut out);
    }
    for fragment in document.fragments.values() {
        in_set(&fragment.node.selection_set, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn validity(query: &str) -> Validity {
        let document = async_graphql::parser::parse_query(query).unwrap_or_else(|e| panic!("{e}"));
        of(&super::super::unrestricted(), &document).await
    }

    fn messages(validity: Validity) -> Vec<String> {
        validity
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|error| error.message)
            .collect()
    }

    #[tokio::test]
    async fn the_clients_document_is_validated_without_running_it() {
        assert!(validity("{ themes { slug } }").await.is_ok());
        assert!(
            validity("query A { themes { slug } } query B { event { name } }")
                .await
                .is_ok()
        );
        // What only the client's document shows.
        let unused =
            messages(validity("{ themes { slug } } fragment F on Query { event { name } }").await);
        assert_eq!(unused, ["Fragment \"F\" is never used"]);
        let unknown = messages(validity("{ ...G }").await);
        assert_eq!(unknown, ["Unknown fragment: \"G\""]);
        let skipped = messages(validity("{ themes @skip(if: true) { nope } }").await);
        assert_eq!(skipped, ["Unknown field \"nope\" on type \"Theme\"."]);
        let other = messages(validity("query A { themes { slug } } query B { nope }").await);
        assert_eq!(
            other,
            ["Unknown field \"nope\" on type \"Query\". Did you mean \"node\"?"]
        );
        // A variable used only in a directive on `__typename` is used.
        assert!(
            validity("query($v: Boolean!) { __typename @include(if: $v) }")
                .await
                .is_ok()
        );
        let unused = messages(validity("query($v: Boolean!) { __typename }").await);
        assert_eq!(unused, ["Variable \"$v\" is not used"]);
    }
}
