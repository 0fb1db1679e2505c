//! The compiled operation: what a request executes, as `operation::compile` gives it (its
//! fragments expanded where they stand, `@skip`/`@include` decided, argument values resolved,
//! each field's cost). The limits, the answer writer and the executor read it.

use async_graphql::parser::types::OperationType;
use async_graphql::{Name, Pos, Positioned, Value};

/// The response key under which the compiled operation (and the document async-graphql runs)
/// selects `__typename` where an object's runtime type is needed (an interface or union
/// position): the answer writer reads it, and writes it only where the client selected
/// `__typename` itself. A client alias of this name is refused.
pub const RUNTIME_TYPE: &str = "__runtimeType";

/// One field of a compiled operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The response key: the alias, else the field's name.
    pub key: Name,
    /// The field's name.
    pub name: Name,
    /// The type conditions the field was selected under (fragments and inline fragments),
    /// outermost first; empty where none.
    pub conditions: Vec<Name>,
    /// The arguments given, with variables replaced by their values (an argument whose
    /// variable has no value is left out: the argument's default applies).
    pub arguments: Vec<(Name, Positioned<Value>)>,
    /// Where the field is written.
    pub pos: Pos,
    /// The field's own selection, compiled alike (with the runtime type first, under
    /// [`RUNTIME_TYPE`], where the field's type is an interface or a union).
    pub children: Vec<Field>,
    /// The field's cost (`limits::complexity`), its selection's included.
    pub cost: usize,
}

impl Field {
    /// The value of argument `name`, if given.
    pub fn argument(&self, name: &str) -> Option<&Value> {
        self.arguments
            .iter()
            .find(|(argument, _)| argument.as_str() == name)
            .map(|(_, value)| &value.node)
    }

    /// The type the field is selected on: its innermost type condition, else `parent` (the
    /// type of the selection it is written in).
    pub fn selected_on<'a>(&'a self, parent: &'a str) -> &'a str {
        self.conditions.last().map_or(parent, Name::as_str)
    }

    /// True for `__schema` and `__type`, whose subtrees describe the schema.
    pub fn is_introspection(&self) -> bool {
        matches!(self.name.as_str(), "__schema" | "__type")
    }

    /// True for the `__typename` the compilation added under [`RUNTIME_TYPE`].
    pub fn is_runtime_type(&self) -> bool {
        self.key.as_str() == RUNTIME_TYPE
    }
}

/// The selected operation of a request, compiled.
#[derive(Debug, Clone, PartialEq)]
pub struct Compiled {
    /// Query, mutation or subscription.
    pub ty: OperationType,
    /// The root selection.
    pub fields: Vec<Field>,
}

impl Compiled {
    /// The name of the root type.
    pub fn root_type(&self) -> &'static str {
        match self.ty {
            OperationType::Query => "Query",
            OperationType::Mutation => "Mutation",
            OperationType::Subscription => "Subscription",
        }
    }

    /// The specification's "Single Root Field" rule: a subscription selects exactly one root
    /// field (fields of one response key count once), and not an introspection field.
    /// async-graphql 7.2.1 does not check it (it merges the streams of several root fields).
    /// The refusal, where it breaks the rule, names where.
    pub fn single_root_field(&self) -> Result<(), crate::error::Refusal> {
        if self.ty != OperationType::Subscription {
            return Ok(());
        }
        let keys = self
            .fields
            .iter()
            .map(|field| field.key.as_str())
            .collect::<std::collections::HashSet<_>>();
        match (keys.len(), self.fields.first()) {
            (1, Some(field)) if !field.name.starts_with("__") => Ok(()),
            (1, Some(field)) => Err(crate::error::Refusal::invalid_at(
                field.pos,
                format!("a subscription's root field cannot be `{}`", field.name),
            )),
            (_, first) => Err(crate::error::Refusal::invalid_at(
                first.map(|field| field.pos).unwrap_or_default(),
                "a subscription selects exactly one root field",
            )),
        }
    }

    /// Whether the operation is introspection: every root field it selects (through fragments
    /// and inline fragments, `@skip`/`@include` decided) is `__schema`, `__type` or
    /// `__typename`, and one of them is not `__typename`. Its answer depends on the schema
    /// alone.
    pub fn is_introspection_only(&self) -> bool {
        self.fields.iter().all(|field| field.name.starts_with("__"))
            && self
                .fields
                .iter()
                .any(|field| field.name.as_str() != "__typename")
    }

    /// The root fields the client selected (the runtime `__typename` of an operation whose
    /// every root field was skipped is not one).
    pub fn root_fields(&self) -> usize {
        self.fields
            .iter()
            .filter(|field| !field.is_runtime_type())
            .count()
    }

    /// Whether any root field is `__schema` or `__type` (beside data fields or not).
    pub fn selects_introspection(&self) -> bool {
        self.fields.iter().any(Field::is_introspection)
    }

    /// Every field, depth first, in selection order.
    pub fn walk(&self) -> impl Iterator<Item = &Field> {
        let mut stack: Vec<&Field> = self.fields.iter().rev().collect();
        std::iter::from_fn(move || {
            let field = stack.pop()?;
            stack.extend(field.children.iter().rev());
            Some(field)
        })
    }
}
