//! The introspection budget: graphql-js's `MaxIntrospectionDepthRule` (graphql 16.9+), so that
//! a document of a few hundred bytes cannot make the schema describe itself millions of times.
//!
//! Under `__schema` or `__type`, the list fields that lead from a type back to types
//! (`fields`, `interfaces`, `possibleTypes`, `inputFields`) may nest at most
//! [`MAX_LIST_DEPTH`]` - 1` deep, counted through every fragment use: the third nested one is
//! refused, as graphql-js refuses it. The standard introspection query (graphql-js's, with
//! GraphiQL's options) nests two.
//!
//! graphql-js walks every fragment use again (exponential in a document's fragments, which
//! its other rules bound); here a fragment's deepest nesting is computed once and reused, so
//! the walk is linear in the document. Fragments must be acyclic (checked before).

use std::collections::HashMap;

use async_graphql::Name;
use async_graphql::Positioned;
use async_graphql::parser::types::{ExecutableDocument, Field, Selection, SelectionSet};

/// The nesting of introspection list fields that graphql-js refuses (its `MAX_LISTS_DEPTH`).
pub const MAX_LIST_DEPTH: usize = 3;

/// The introspection fields whose lists lead back to types.
const LIST_FIELDS: [&str; 4] = ["fields", "interfaces", "possibleTypes", "inputFields"];

/// The deepest nesting of introspection list fields under any `__schema` or `__type` of the
/// document, in its operations and its fragments alike (graphql-js checks both).
pub fn deepest_list_nesting(doc: &ExecutableDocument) -> usize {
    let mut walk = Walk {
        doc,
        memo: HashMap::new(),
    };
    let operations = doc.operations.iter().map(|(_, op)| &op.node.selection_set);
    let fragments = doc.fragments.values().map(|f| &f.node.selection_set);
    operations
        .chain(fragments)
        .map(|set| walk.under_entry_points(set))
        .max()
        .unwrap_or(0)
}

struct Walk<'a> {
    doc: &'a ExecutableDocument,
    /// The deepest list nesting inside each fragment, relative to where it is spread.
    memo: HashMap<Name, usize>,
}

impl Walk<'_> {
    /// The deepest nesting under the `__schema` / `__type` fields written in `set` (fragment
    /// spreads are not followed here: each fragment is visited as a definition of its own).
    fn under_entry_points(&mut self, set: &Positioned<SelectionSet>) -> usize {
        let mut deepest = 0;
        for selection in &set.node.items {
            let depth = match &selection.node {
                Selection::Field(field) if is_entry_point(&field.node) => {
                    self.lists_in(&field.node.selection_set)
                }
                Selection::Field(field) => self.under_entry_points(&field.node.selection_set),
                Selection::InlineFragment(inline) => {
                    self.under_entry_points(&inline.node.selection_set)
                }
                Selection::FragmentSpread(_) => 0,
            };
            deepest = deepest.max(depth);
        }
        deepest
    }

    /// The deepest nesting of list fields in `set`, through fragments.
    fn lists_in(&mut self, set: &Positioned<SelectionSet>) -> usize {
        let mut deepest = 0;
        for selection in &set.node.items {
            let depth = match &selection.node {
                Selection::Field(field) => {
                    let own = usize::from(LIST_FIELDS.contains(&field.node.name.node.as_str()));
                    own + self.lists_in(&field.node.selection_set)
                }
                Selection::InlineFragment(inline) => self.lists_in(&inline.node.selection_set),
                Selection::FragmentSpread(spread) => self.fragment(&spread.node.fragment_name.node),
            };
            deepest = deepest.max(depth);
        }
        deepest
    }

    fn fragment(&mut self, name: &Name) -> usize {
        if let Some(&depth) = self.memo.get(name) {
            return depth;
        }
        let Some(fragment) = self.doc.fragments.get(name) else {
            // Unknown fragments are the validator's to report.
            return 0;
        };
        let depth = self.lists_in(&fragment.node.selection_set);
        self.memo.insert(name.clone(), depth);
        depth
    }
}

fn is_entry_point(field: &Field) -> bool {
    matches!(field.name.node.as_str(), "__schema" | "__type")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nesting(query: &str) -> usize {
        async_graphql::parser::parse_query(query)
            .map(|doc| deepest_list_nesting(&doc))
            .unwrap_or(usize::MAX)
    }

    #[test]
    fn lists_are_counted_through_fragments_and_only_under_introspection() {
        assert_eq!(nesting("{ __schema { types { name } } }"), 0);
        assert_eq!(
            nesting("{ __schema { types { fields { type { fields { name } } } } } }"),
            2
        );
        assert_eq!(
            nesting(
                "{ __type(name: \"Query\") { ...F } } fragment F on __Type { fields { type { ...G } } } fragment G on __Type { interfaces { possibleTypes { name } } }"
            ),
            3
        );
        // A fragment that is spread nowhere is checked as written.
        assert_eq!(
            nesting(
                "{ __typename } fragment F on Query { __schema { types { inputFields { type { inputFields { type { inputFields { name } } } } } } } }"
            ),
            3
        );
        // Data fields named like introspection lists are not introspection.
        assert_eq!(
            nesting("{ fields { fields { fields { fields { name } } } } }"),
            0
        );
    }

    #[test]
    fn the_amplification_of_the_security_review_is_over_budget() {
        // T1 .. T4 as reported: each fragment spreads the previous one inside `fields`.
        let mut doc = String::from(
            "{ __schema { types { ...T4 } } } fragment T1 on __Type { fields { type { name ofType { name ofType { name } } } } }",
        );
        for n in 2..=4 {
            let inner = format!(
                "...T{} ofType {{ ...T{} ofType {{ ...T{} }} }}",
                n - 1,
                n - 1,
                n - 1
            );
            doc.push_str(&format!(
                " fragment T{n} on __Type {{ fields {{ type {{ {inner} }} }} x{n}_0: fields {{ type {{ {inner} }} }} }}"
            ));
        }
        assert!(nesting(&doc) >= MAX_LIST_DEPTH);
    }
}
