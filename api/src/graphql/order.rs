//! Response keys in the order of the selection set, as the GraphQL specification asks
//! ("Serialized Map Ordering"). async-graphql 7.2.1 inserts each object's fields as their
//! resolvers finish (a `FuturesUnordered`), so an answer's key order could change from one
//! request to the next; this pass restores the selection's order.

use async_graphql::parser::types::{ExecutableDocument, Selection, SelectionSet};
use async_graphql::{Name, Positioned, Value};

/// Reorders every object of `data` to follow the selection of the operation `operation_name`.
pub fn reorder(data: &mut Value, document: &ExecutableDocument, operation_name: Option<&str>) {
    if let Some(operation) = super::operation::selected(document, operation_name) {
        apply(data, document, &[&operation.selection_set]);
    }
}

fn apply(value: &mut Value, document: &ExecutableDocument, sets: &[&Positioned<SelectionSet>]) {
    match value {
        Value::List(items) => {
            for item in items {
                apply(item, document, sets);
            }
        }
        Value::Object(map) => {
            let mut keys: Vec<(Name, Vec<&Positioned<SelectionSet>>)> = Vec::new();
            for set in sets {
                collect(document, set, &mut keys);
            }
            let mut ordered = async_graphql::indexmap::IndexMap::with_capacity(map.len());
            for (key, children) in &keys {
                if let Some(mut child) = map.shift_remove(key) {
                    apply(&mut child, document, children);
                    ordered.insert(key.clone(), child);
                }
            }
            // Anything not named by the selection (none expected) keeps its place after.
            ordered.extend(std::mem::take(map));
            *map = ordered;
        }
        _ => {}
    }
}

/// The response keys of `set` in order (fragments expanded where they stand), each with the
/// selections of all the fields answered under it.
fn collect<'a>(
    document: &'a ExecutableDocument,
    set: &'a Positioned<SelectionSet>,
    keys: &mut Vec<(Name, Vec<&'a Positioned<SelectionSet>>)>,
) {
    for selection in &set.node.items {
        match &selection.node {
            Selection::Field(field) => {
                let key = field
                    .node
                    .alias
                    .as_ref()
                    .map_or(&field.node.name.node, |alias| &alias.node);
                match keys.iter_mut().find(|(k, _)| k == key) {
                    Some((_, children)) => children.push(&field.node.selection_set),
                    None => keys.push((key.clone(), vec![&field.node.selection_set])),
                }
            }
            Selection::InlineFragment(inline) => {
                collect(document, &inline.node.selection_set, keys)
            }
            Selection::FragmentSpread(spread) => {
                if let Some(fragment) = document.fragments.get(&spread.node.fragment_name.node) {
                    collect(document, &fragment.node.selection_set, keys);
                }
            }
        }
    }
}
