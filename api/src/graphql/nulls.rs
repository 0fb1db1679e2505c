//! Null propagation after execution, as the GraphQL specification prescribes ("Handling Field
//! Errors"): when a field errors, its position becomes null; if its type is non-null, the null
//! moves to the nearest enclosing position whose type is nullable (a field or a list item), and
//! to `data` itself when there is none.
//!
//! async-graphql 7.2.1 drops the key of an errored non-null field instead (and can leave null
//! items in a list of non-null items), which breaks generated client types. Resolvers cannot
//! fix that, so this pass walks each error's path through the operation (for the response keys'
//! field names and fragments' type conditions) and the schema's types (for nullability).

use std::collections::HashMap;
use std::sync::OnceLock;

use async_graphql::parser::types::{
    BaseType, ExecutableDocument, Selection, SelectionSet, Type, TypeKind,
};
use async_graphql::{PathSegment, Positioned, Response, Value};

/// Field types by type name and field name, read from the served SDL.
struct SchemaTypes {
    fields: HashMap<String, HashMap<String, Type>>,
}

fn schema_types() -> &'static SchemaTypes {
    static TYPES: OnceLock<SchemaTypes> = OnceLock::new();
    TYPES.get_or_init(|| {
        let mut fields: HashMap<String, HashMap<String, Type>> = HashMap::new();
        if let Ok(document) = async_graphql::parser::parse_schema(super::sdl()) {
            for definition in document.definitions {
                if let async_graphql::parser::types::TypeSystemDefinition::Type(ty) = definition {
                    let own = match &ty.node.kind {
                        TypeKind::Object(object) => &object.fields,
                        TypeKind::Interface(interface) => &interface.fields,
                        _ => continue,
                    };
                    fields.insert(
                        ty.node.name.node.to_string(),
                        own.iter()
                            .map(|f| (f.node.name.node.to_string(), f.node.ty.node.clone()))
                            .collect(),
                    );
                }
            }
        }
        SchemaTypes { fields }
    })
}

/// Applies null propagation to `response` for each of its errors with a path, reading the
/// operation from `document` (the one the request executed).
pub fn propagate(
    response: &mut Response,
    document: &ExecutableDocument,
    operation_name: Option<&str>,
) {
    if response.errors.iter().all(|e| e.path.is_empty()) {
        return;
    }
    let Some(operation) = super::operation::selected(document, operation_name) else {
        return;
    };
    let operation = &operation.selection_set;
    let paths: Vec<Vec<PathSegment>> = response
        .errors
        .iter()
        .filter(|e| !e.path.is_empty())
        .map(|e| e.path.clone())
        .collect();
    for path in paths {
        let nullable = nullability(document, operation, &path);
        // The deepest nullable position at or above the errored field; none: `data` itself.
        match nullable.iter().rposition(|&n| n) {
            Some(at) => set_null(&mut response.data, &path[..=at]),
            None => {
                response.data = Value::Null;
                return;
            }
        }
    }
}

/// For each segment of `path`: is the position it names nullable? A field segment names the
/// field's value; an index segment names a list item.
fn nullability(
    document: &ExecutableDocument,
    root: &Positioned<SelectionSet>,
    path: &[PathSegment],
) -> Vec<bool> {
    let types = schema_types();
    let mut out = Vec::with_capacity(path.len());
    let mut parent = "Query".to_owned();
    let mut selections: Vec<&Positioned<SelectionSet>> = vec![root];
    let mut current: Option<Type> = None;
    for segment in path {
        match segment {
            PathSegment::Field(key) => {
                let Some((field, owner, set)) = find_field(document, &selections, key, &parent)
                else {
                    // Unknown (e.g. `__typename`): treat as nullable, never widen the null.
                    out.push(true);
                    return out;
                };
                let ty = types
                    .fields
                    .get(&owner)
                    .and_then(|f| f.get(&field))
                    .or_else(|| types.fields.get(&parent).and_then(|f| f.get(&field)))
                    .cloned();
                let Some(ty) = ty else {
                    out.push(true);
                    return out;
                };
                out.push(ty.nullable);
                parent = named(&ty).to_owned();
                selections = set;
                current = Some(ty);
            }
            PathSegment::Index(_) => {
                let item = match current.as_ref().map(|t| &t.base) {
                    Some(BaseType::List(item)) => (**item).clone(),
                    _ => {
                        out.push(true);
                        return out;
                    }
                };
                out.push(item.nullable);
                current = Some(item);
            }
        }
    }
    out
}

/// The innermost named type of `ty`.
fn named(ty: &Type) -> &str {
    match &ty.base {
        BaseType::Named(name) => name.as_str(),
        BaseType::List(item) => named(item),
    }
}

/// The field answered under response key `key` in `sets` (fragments expanded): its name, the
/// type that declares it (a fragment's type condition, else `parent`), and its selections.
fn find_field<'a>(
    document: &'a ExecutableDocument,
    sets: &[&'a Positioned<SelectionSet>],
    key: &str,
    parent: &str,
) -> Option<(String, String, Vec<&'a Positioned<SelectionSet>>)> {
    let mut found: Option<(String, String)> = None;
    let mut children = Vec::new();
    let mut stack: Vec<(&'a Positioned<SelectionSet>, String)> =
        sets.iter().map(|s| (*s, parent.to_owned())).collect();
    while let Some((set, owner)) = stack.pop() {
        for selection in &set.node.items {
            match &selection.node {
                Selection::Field(field) => {
                    let response_key = field
                        .node
                        .alias
                        .as_ref()
                        .map_or(field.node.name.node.as_str(), |a| a.node.as_str());
                    if response_key == key {
                        found.get_or_insert((field.node.name.node.to_string(), owner.clone()));
                        children.push(&field.node.selection_set);
                    }
                }
                Selection::InlineFragment(inline) => {
                    let owner = inline
                        .node
                        .type_condition
                        .as_ref()
                        .map_or(owner.clone(), |c| c.node.on.node.to_string());
                    stack.push((&inline.node.selection_set, owner));
                }
                Selection::FragmentSpread(spread) => {
                    if let Some(fragment) = document.fragments.get(&spread.node.fragment_name.node)
                    {
                        let owner = fragment.node.type_condition.node.on.node.to_string();
                        stack.push((&fragment.node.selection_set, owner));
                    }
                }
            }
        }
    }
    found.map(|(name, owner)| (name, owner, children))
}

/// Sets the position `path` of `data` to null, if it exists.
fn set_null(data: &mut Value, path: &[PathSegment]) {
    let Some((last, parents)) = path.split_last() else {
        return;
    };
    let mut at = data;
    for segment in parents {
        at = match (segment, at) {
            (PathSegment::Field(key), Value::Object(map)) => match map.get_mut(key.as_str()) {
                Some(value) => value,
                None => return,
            },
            (PathSegment::Index(index), Value::List(items)) => match items.get_mut(*index) {
                Some(value) => value,
                None => return,
            },
            _ => return,
        };
    }
    match (last, at) {
        (PathSegment::Field(key), Value::Object(map)) => {
            map.insert(async_graphql::Name::new(key), Value::Null);
        }
        (PathSegment::Index(index), Value::List(items)) => {
            if let Some(item) = items.get_mut(*index) {
                *item = Value::Null;
            }
        }
        _ => {}
    }
}
