//! Which operation of a document a request selects, by one rule for every part of the service
//! that looks at it: the operation named `operationName`, or the only operation of the
//! document when no name is given. Any other case (no such name, several operations and no
//! name) selects nothing; execution reports it.

use async_graphql::parser::types::{
    ExecutableDocument, OperationDefinition, Selection, SelectionSet,
};
use async_graphql::{Name, Positioned};

/// The operation `operation_name` selects in `document`, if exactly one does.
pub fn selected<'a>(
    document: &'a ExecutableDocument,
    operation_name: Option<&str>,
) -> Option<&'a OperationDefinition> {
    let mut operations = document.operations.iter();
    match operation_name {
        Some(wanted) => operations
            .find(|(name, _)| name.is_some_and(|n| n.as_str() == wanted))
            .map(|(_, op)| &op.node),
        None => {
            let (_, only) = operations.next()?;
            operations.next().is_none().then_some(&only.node)
        }
    }
}

/// Whether the operation is introspection: every root field it selects (through fragments
/// and inline fragments) is `__schema`, `__type` or `__typename`, and one of them is not
/// `__typename`. Its answer depends on the schema alone.
pub fn is_introspection_only(
    document: &ExecutableDocument,
    operation: &OperationDefinition,
) -> bool {
    let mut roots = Vec::new();
    root_field_names(
        document,
        &operation.selection_set,
        &mut Vec::new(),
        &mut roots,
    );
    roots.iter().all(|name| name.starts_with("__"))
        && roots.iter().any(|name| name.as_str() != "__typename")
}

/// The names of the root fields of `set`, through fragments (each fragment once).
fn root_field_names(
    document: &ExecutableDocument,
    set: &Positioned<SelectionSet>,
    seen: &mut Vec<Name>,
    names: &mut Vec<Name>,
) {
    for selection in &set.node.items {
        match &selection.node {
            Selection::Field(field) => names.push(field.node.name.node.clone()),
            Selection::InlineFragment(inline) => {
                root_field_names(document, &inline.node.selection_set, seen, names);
            }
            Selection::FragmentSpread(spread) => {
                let name = &spread.node.fragment_name.node;
                if seen.contains(name) {
                    continue;
                }
                seen.push(name.clone());
                if let Some(fragment) = document.fragments.get(name) {
                    root_field_names(document, &fragment.node.selection_set, seen, names);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(query: &str) -> ExecutableDocument {
        async_graphql::parser::parse_query(query).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn one_rule_selects_the_operation() {
        let doc = parse("query A { event { name } } query B { __typename }");
        assert!(selected(&doc, None).is_none());
        assert!(selected(&doc, Some("C")).is_none());
        let b = selected(&doc, Some("B")).map(|op| op.selection_set.node.items.len());
        assert_eq!(b, Some(1));
        assert!(selected(&parse("{ __typename }"), None).is_some());
        assert!(selected(&parse("{ __typename }"), Some("A")).is_none());
    }

    #[test]
    fn introspection_only_operations_are_recognised_through_fragments() {
        let only = |query: &str, name: Option<&str>| {
            let doc = parse(query);
            selected(&doc, name).is_some_and(|op| is_introspection_only(&doc, op))
        };
        assert!(only("{ __schema { types { name } } __typename }", None));
        assert!(only(
            "query Q { ...F ... on Query { __type(name: \"Session\") { name } } } fragment F on Query { __schema { queryType { name } } }",
            None
        ));
        assert!(!only("{ __typename event { name } }", None));
        assert!(!only("{ __typename }", None));
        assert!(!only(
            "{ ...F } fragment F on Query { event { name } }",
            None
        ));
        assert!(!only(
            "query A { __typename } query B { event { name } }",
            Some("B")
        ));
        assert!(only(
            "query A { __schema { queryType { name } } } query B { event { name } }",
            Some("A")
        ));
    }
}
