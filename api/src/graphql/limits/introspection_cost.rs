//! The exact cost of an introspection subtree: the number of fields its answer holds for the
//! served schema, counted without executing it.
//!
//! The schema is fixed when the process starts, so what every introspection list returns is
//! known: the types of `__schema { types }`, each type's fields, arguments, enum values,
//! input fields, interfaces and possible types, the directives. [`Model::served`] reads them
//! once, by running an introspection query on the served schema (async-graphql keeps its
//! registry private; its introspection answer is the public form of it), and
//! [`Costing::subtree`] walks a compiled `__schema` or `__type` field over that model: a field
//! costs 1, a list the sum of its items' selections, per item (a type with 40 fields counts its
//! 40, a scalar none), a list of scalars (`locations`) 1 per item. Aliases and fragments are
//! already expanded in the compiled operation, so each copy counts. The walk stops as soon as
//! the cost passes the cap it is given, so it is never longer than the limit it enforces.
//!
//! A maximum list length would be a poor bound: it gives about 378,000 for the standard
//! introspection query, whose answer holds about 5,500 fields.

use std::collections::HashMap;
use std::sync::OnceLock;

use async_graphql::Value;

use crate::graphql::compiled::Field;

/// The query that reads the model: every list of the introspection schema, deprecated entries
/// included (each is marked), with type references seven levels deep (deeper than any type of
/// the served schema).
const MODEL_QUERY: &str = r#"{ __schema {
  queryType { name } mutationType { name } subscriptionType { name }
  types { name
    fields(includeDeprecated: true) { isDeprecated args(includeDeprecated: true) { ...V } type { ...R } }
    inputFields(includeDeprecated: true) { ...V }
    enumValues(includeDeprecated: true) { isDeprecated }
    interfaces { name } possibleTypes { name } }
  directives { locations args(includeDeprecated: true) { ...V } } } }
fragment V on __InputValue { isDeprecated type { ...R } }
fragment R on __Type { kind name ofType { kind name ofType { kind name ofType { kind name
  ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } } }"#;

/// A type reference: a named type (its index in [`Model::types`], `None` where the model does
/// not hold it), or a list or non-null wrapper of another reference.
#[derive(Debug, Clone, PartialEq)]
enum TypeRef {
    Named(Option<usize>),
    Wrapped(Box<TypeRef>),
}

/// An argument or input field.
#[derive(Debug, Clone, PartialEq)]
struct InputValue {
    deprecated: bool,
    ty: TypeRef,
}

/// An output field.
#[derive(Debug, Clone, PartialEq)]
struct OutputField {
    deprecated: bool,
    args: Vec<InputValue>,
    ty: TypeRef,
}

/// A named type: each list is `None` where introspection answers null for this kind of type.
#[derive(Debug, Clone, Default, PartialEq)]
struct NamedType {
    fields: Option<Vec<OutputField>>,
    input_fields: Option<Vec<InputValue>>,
    /// Whether each enum value is deprecated.
    enum_values: Option<Vec<bool>>,
    interfaces: Option<Vec<usize>>,
    possible_types: Option<Vec<usize>>,
}

/// A directive.
#[derive(Debug, Clone, PartialEq)]
struct Directive {
    locations: usize,
    args: Vec<InputValue>,
}

/// What introspection answers for the served schema, as counts and references.
#[derive(Debug, Default)]
pub struct Model {
    types: Vec<NamedType>,
    names: HashMap<String, usize>,
    roots: [Option<usize>; 3],
    directives: Vec<Directive>,
}

impl Model {
    /// The model of the served schema, read once per process. Empty (and every introspection
    /// field then costs [`UNKNOWN`]: refused) where the schema could not be read.
    pub fn served() -> &'static Self {
        static MODEL: OnceLock<Model> = OnceLock::new();
        MODEL.get_or_init(|| match read_served() {
            Some(model) => model,
            None => {
                tracing::error!(
                    "the introspection model could not be read: introspection is refused"
                );
                Self::default()
            }
        })
    }

    /// The model described by an answer to [`MODEL_QUERY`] (its `data`).
    fn from_answer(data: &serde_json::Value) -> Option<Self> {
        let schema = data.get("__schema")?;
        let listed = schema.get("types")?.as_array()?;
        let names: HashMap<String, usize> = listed
            .iter()
            .enumerate()
            .filter_map(|(index, ty)| Some((ty.get("name")?.as_str()?.to_owned(), index)))
            .collect();
        let index_of = |ty: &serde_json::Value| -> Option<usize> {
            names.get(ty.get("name")?.as_str()?).copied()
        };
        let list = |value: Option<&serde_json::Value>| -> Option<Vec<serde_json::Value>> {
            value?.as_array().cloned()
        };
        let types = listed
            .iter()
            .map(|ty| NamedType {
                fields: list(ty.get("fields")).map(|fields| {
                    fields
                        .iter()
                        .map(|field| OutputField {
                            deprecated: is_deprecated(field),
                            args: input_values(field.get("args"), &names),
                            ty: type_ref(field.get("type"), &names),
                        })
                        .collect()
                }),
                input_fields: list(ty.get("inputFields"))
                    .map(|fields| input_values(Some(&serde_json::Value::Array(fields)), &names)),
                enum_values: list(ty.get("enumValues"))
                    .map(|values| values.iter().map(is_deprecated).collect()),
                interfaces: list(ty.get("interfaces"))
                    .map(|types| types.iter().filter_map(index_of).collect()),
                possible_types: list(ty.get("possibleTypes"))
                    .map(|types| types.iter().filter_map(index_of).collect()),
            })
            .collect();
        let root = |key: &str| schema.get(key).and_then(index_of);
        let directives = schema
            .get("directives")?
            .as_array()?
            .iter()
            .map(|directive| Directive {
                locations: directive
                    .get("locations")
                    .and_then(serde_json::Value::as_array)
                    .map_or(0, Vec::len),
                args: input_values(directive.get("args"), &names),
            })
            .collect();
        Some(Self {
            types,
            roots: [
                root("queryType"),
                root("mutationType"),
                root("subscriptionType"),
            ],
            names,
            directives,
        })
    }
}

fn is_deprecated(value: &serde_json::Value) -> bool {
    value
        .get("isDeprecated")
        .and_then(serde_json::Value::as_bool)
        .unwrap_or(false)
}

fn input_values(
    value: Option<&serde_json::Value>,
    names: &HashMap<String, usize>,
) -> Vec<InputValue> {
    value
        .and_then(serde_json::Value::as_array)
        .map(|values| {
            values
                .iter()
                .map(|value| InputValue {
                    deprecated: is_deprecated(value),
                    ty: type_ref(value.get("type"), names),
                })
                .collect()
        })
        .unwrap_or_default()
}

fn type_ref(value: Option<&serde_json::Value>, names: &HashMap<String, usize>) -> TypeRef {
    let Some(value) = value else {
        return TypeRef::Named(None);
    };
    match value.get("kind").and_then(serde_json::Value::as_str) {
        Some("LIST" | "NON_NULL") => {
            TypeRef::Wrapped(Box::new(type_ref(value.get("ofType"), names)))
        }
        _ => TypeRef::Named(
            value
                .get("name")
                .and_then(serde_json::Value::as_str)
                .and_then(|name| names.get(name).copied()),
        ),
    }
}

/// Runs [`MODEL_QUERY`] on the served schema, on a thread of its own (the caller may be inside
/// the runtime, where no runtime can be blocked on).
fn read_served() -> Option<Model> {
    let answer = std::thread::spawn(|| {
        let runtime = tokio::runtime::Builder::new_current_thread().build().ok()?;
        let schema = crate::graphql::unrestricted();
        let response = runtime.block_on(schema.execute(MODEL_QUERY));
        response
            .errors
            .is_empty()
            .then(|| response.data.into_json().ok())
            .flatten()
    })
    .join()
    .ok()
    .flatten()?;
    Model::from_answer(&answer)
}

/// The cost of an introspection field where the model knows nothing: above every limit.
pub const UNKNOWN: usize = crate::graphql::args::COST_CAP;

/// What an introspection field's value is, to know what its selection can ask for.
#[derive(Clone, Copy)]
enum Node<'m> {
    Schema,
    Named(usize),
    Wrapped(&'m TypeRef),
    Field(&'m OutputField),
    Input(&'m InputValue),
    EnumValue,
    Directive(&'m Directive),
}

impl<'m> Node<'m> {
    fn of_type(ty: &'m TypeRef) -> Option<Self> {
        match ty {
            TypeRef::Named(index) => index.map(Node::Named),
            TypeRef::Wrapped(inner) => Some(Node::Wrapped(inner)),
        }
    }
}

/// A count of answer fields that stops once it passes its cap.
pub struct Costing<'m> {
    model: &'m Model,
    spent: usize,
    cap: usize,
}

impl<'m> Costing<'m> {
    /// The cost of the introspection field `field` (`__schema` or `__type`, at the root of
    /// an operation), counted up to just past `cap`.
    pub fn subtree(model: &'m Model, field: &Field, cap: usize) -> usize {
        if model.types.is_empty() {
            return UNKNOWN;
        }
        let mut costing = Self {
            model,
            spent: 1,
            cap,
        };
        let node = match field.name.as_str() {
            "__schema" => Some(Node::Schema),
            _ => match field.argument("name") {
                Some(Value::String(name)) => model.names.get(name).copied().map(Node::Named),
                _ => None,
            },
        };
        if let Some(node) = node {
            costing.selection(&field.children, node);
        }
        costing.spent
    }

    fn selection(&mut self, fields: &[Field], node: Node<'m>) {
        for field in fields {
            if self.spent > self.cap {
                return;
            }
            self.spent = self.spent.saturating_add(1);
            self.value(field, node);
        }
    }

    /// The items of a list, each with `field`'s selection.
    fn items(&mut self, field: &Field, items: impl Iterator<Item = Node<'m>>) {
        for item in items {
            if self.spent > self.cap {
                return;
            }
            self.selection(&field.children, item);
        }
    }

    /// What `field`'s value adds beyond the field itself.
    fn value(&mut self, field: &Field, node: Node<'m>) {
        let model = self.model;
        let deprecated_too = matches!(
            field.argument("includeDeprecated"),
            Some(Value::Boolean(true))
        );
        let shown = move |deprecated: bool| deprecated_too || !deprecated;
        match (node, field.name.as_str()) {
            (Node::Schema, "types") => self.items(field, (0..model.types.len()).map(Node::Named)),
            (Node::Schema, "queryType") => self.one(field, model.roots[0].map(Node::Named)),
            (Node::Schema, "mutationType") => self.one(field, model.roots[1].map(Node::Named)),
            (Node::Schema, "subscriptionType") => {
                self.one(field, model.roots[2].map(Node::Named));
            }
            (Node::Schema, "directives") => {
                self.items(field, model.directives.iter().map(Node::Directive));
            }
            (Node::Named(index), name) => {
                let Some(ty) = model.types.get(index) else {
                    return;
                };
                match name {
                    "fields" => self.items(
                        field,
                        ty.fields
                            .iter()
                            .flatten()
                            .filter(|f| shown(f.deprecated))
                            .map(Node::Field),
                    ),
                    "inputFields" => self.items(
                        field,
                        ty.input_fields
                            .iter()
                            .flatten()
                            .filter(|v| shown(v.deprecated))
                            .map(Node::Input),
                    ),
                    "enumValues" => self.items(
                        field,
                        ty.enum_values
                            .iter()
                            .flatten()
                            .filter(|&&deprecated| shown(deprecated))
                            .map(|_| Node::EnumValue),
                    ),
                    "interfaces" => {
                        self.items(
                            field,
                            ty.interfaces.iter().flatten().map(|&i| Node::Named(i)),
                        );
                    }
                    "possibleTypes" => self.items(
                        field,
                        ty.possible_types.iter().flatten().map(|&i| Node::Named(i)),
                    ),
                    _ => {}
                }
            }
            (Node::Wrapped(inner), "ofType") => self.one(field, Node::of_type(inner)),
            (Node::Field(output), "args") => self.items(
                field,
                output
                    .args
                    .iter()
                    .filter(|v| shown(v.deprecated))
                    .map(Node::Input),
            ),
            (Node::Field(output), "type") => self.one(field, Node::of_type(&output.ty)),
            (Node::Input(input), "type") => self.one(field, Node::of_type(&input.ty)),
            (Node::Directive(directive), "args") => self.items(
                field,
                directive
                    .args
                    .iter()
                    .filter(|v| shown(v.deprecated))
                    .map(Node::Input),
            ),
            (Node::Directive(directive), "locations") => {
                self.spent = self.spent.saturating_add(directive.locations);
            }
            // Scalars, nulls, and fields the validator will refuse.
            _ => {}
        }
    }

    /// An object value (or null).
    fn one(&mut self, field: &Field, node: Option<Node<'m>>) {
        if let Some(node) = node {
            self.selection(&field.children, node);
        }
    }
}
