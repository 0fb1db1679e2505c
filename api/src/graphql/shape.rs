//! What the compiled operation and the answer writer need to know of the served schema: each
//! output field's type (its nullability and list levels), whether it is a connection (it takes
//! `first`), and which object types an interface or a union stands for.
//!
//! Read once per process from the schema's own SDL (async-graphql keeps its registry private to
//! the crate; the SDL is the public form of the same registry), never per request.

use foldhash::{HashMap, HashSet};
use std::sync::OnceLock;

use async_graphql::parser::types::{BaseType, Type, TypeKind, TypeSystemDefinition};

/// An output field of an object or interface type.
#[derive(Debug, Clone)]
pub struct FieldShape {
    /// The field's type as declared (nullability and list levels).
    pub ty: Type,
    /// True for a connection: the field takes `first`.
    pub paged: bool,
    /// The field's arguments and their types.
    pub arguments: Vec<(String, Type)>,
}

impl FieldShape {
    /// The name of the type the field's values are of, under its list levels.
    pub fn named_type(&self) -> &str {
        named(&self.ty)
    }

    /// True when the field returns a list (of anything).
    pub fn is_list(&self) -> bool {
        matches!(self.ty.base, BaseType::List(_))
    }
}

fn named(ty: &Type) -> &str {
    match &ty.base {
        BaseType::Named(name) => name.as_str(),
        BaseType::List(inner) => named(inner),
    }
}

/// The served schema's output types.
#[derive(Debug, Default)]
pub struct Shape {
    fields: HashMap<String, HashMap<String, FieldShape>>,
    possible: HashMap<String, HashSet<String>>,
    composite: HashSet<String>,
    connections: HashSet<String>,
}

impl Shape {
    /// The shape of the served schema, read once.
    pub fn served() -> &'static Self {
        static SHAPE: OnceLock<Shape> = OnceLock::new();
        SHAPE.get_or_init(|| Self::from_sdl(&super::sdl()))
    }

    /// The shape described by `sdl` (empty where it does not parse: every lookup then misses,
    /// and nothing is refused or reordered on its account).
    pub fn from_sdl(sdl: &str) -> Self {
        let mut shape = Self::default();
        let Ok(document) = async_graphql::parser::parse_schema(sdl) else {
            return shape;
        };
        let mut implementers: Vec<(String, Vec<String>)> = Vec::new();
        for definition in document.definitions {
            let TypeSystemDefinition::Type(ty) = definition else {
                continue;
            };
            let name = ty.node.name.node.to_string();
            let fields = match &ty.node.kind {
                TypeKind::Object(object) => {
                    implementers.push((
                        name.clone(),
                        object
                            .implements
                            .iter()
                            .map(|i| i.node.to_string())
                            .collect(),
                    ));
                    shape
                        .possible
                        .insert(name.clone(), std::iter::once(name.clone()).collect());
                    &object.fields
                }
                TypeKind::Interface(interface) => &interface.fields,
                TypeKind::Union(union) => {
                    shape.composite.insert(name.clone());
                    shape.possible.insert(
                        name,
                        union.members.iter().map(|m| m.node.to_string()).collect(),
                    );
                    continue;
                }
                _ => continue,
            };
            shape.composite.insert(name.clone());
            shape.fields.insert(
                name,
                fields
                    .iter()
                    .map(|field| {
                        let field = &field.node;
                        let paged = field
                            .arguments
                            .iter()
                            .any(|argument| argument.node.name.node.as_str() == "first");
                        let shape = FieldShape {
                            ty: field.ty.node.clone(),
                            paged,
                            arguments: field
                                .arguments
                                .iter()
                                .map(|argument| {
                                    let argument = &argument.node;
                                    (argument.name.node.to_string(), argument.ty.node.clone())
                                })
                                .collect(),
                        };
                        (field.name.node.to_string(), shape)
                    })
                    .collect(),
            );
        }
        shape.connections = shape
            .fields
            .values()
            .flat_map(HashMap::values)
            .filter(|field| field.paged)
            .map(|field| field.named_type().to_owned())
            .collect();
        for (object, interfaces) in implementers {
            for interface in interfaces {
                shape
                    .possible
                    .entry(interface)
                    .or_default()
                    .insert(object.clone());
            }
        }
        shape
    }

    /// The field `field` of the object or interface type `parent`.
    pub fn field(&self, parent: &str, field: &str) -> Option<&FieldShape> {
        self.fields.get(parent)?.get(field)
    }

    /// True for an object, interface or union type (one with a selection).
    pub fn is_composite(&self, ty: &str) -> bool {
        self.composite.contains(ty)
    }

    /// True for a connection type (the type of a field that takes `first`): its lists are the
    /// page.
    pub fn is_connection(&self, ty: &str) -> bool {
        self.connections.contains(ty)
    }

    /// True when a value of object type `object` matches the type condition `condition` (the
    /// object itself, an interface it implements, or a union it is a member of).
    pub fn applies(&self, condition: &str, object: &str) -> bool {
        self.possible
            .get(condition)
            .is_some_and(|objects| objects.contains(object))
    }

    /// The object types a value of type `ty` can be of.
    pub fn possible_types(&self, ty: &str) -> impl Iterator<Item = &str> {
        self.possible
            .get(ty)
            .into_iter()
            .flatten()
            .map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_served_schema_is_read_with_lists_connections_and_abstract_types() {
        let shape = Shape::served();
        let sessions = shape
            .field("Query", "sessions")
            .map(|f| (f.paged, f.is_list()));
        assert_eq!(sessions, Some((true, false)));
        let speakers = shape.field("Session", "speakers");
        assert_eq!(
            speakers.map(|f| (f.paged, f.is_list())),
            Some((false, true))
        );
        assert_eq!(speakers.map(FieldShape::named_type), Some("Speaker"));
        assert!(shape.applies("Node", "Session"));
        assert!(shape.applies("SearchResult", "City"));
        assert!(!shape.applies("SearchResult", "Theme"));
        assert!(shape.applies("Theme", "Theme"));
        assert!(shape.is_composite("Node") && !shape.is_composite("String"));
    }
}
