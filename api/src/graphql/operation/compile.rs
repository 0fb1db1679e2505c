//! One walk over the selected operation, typed by the served schema's shape, that gives three
//! things at once:
//!
//! - the compiled operation ([`Compiled`]): fragments expanded where they stand (each field
//!   keeps its type conditions), `@skip`/`@include` decided with the request's variables and
//!   their defaults, argument values resolved, each field's cost, and `__typename` under
//!   [`RUNTIME_TYPE`] where an object's runtime type is needed;
//! - the document async-graphql runs: the same selection, with fragments written inline
//!   (`... on T`, positions kept), decided directives removed, the runtime `__typename` added,
//!   and the variable definitions of the variables it still uses. async-graphql decides
//!   `@skip`/`@include` from the request's variables alone, ignoring a variable's default, and
//!   never visits `__typename` in validation (a variable used only in a directive there was
//!   "unused"): with the directives decided here, neither happens;
//! - the measures the limits refuse (`limits::Measures`).
//!
//! Fragments must be known acyclic (`limits::check_document` runs first). An unknown fragment
//! selects nothing; the client's own document is validated too (`graphql::validity`), and
//! reports it.

use std::collections::{HashMap, HashSet};

use async_graphql::parser::types::{
    Directive, DocumentOperations, ExecutableDocument, Field as FieldNode, InlineFragment,
    OperationDefinition, OperationType, Selection, SelectionSet,
};
use async_graphql::{Name, Positioned, ServerError, Value, Variables};

use super::{Compiled, Field, RUNTIME_TYPE, selected_named};
use crate::error::{ErrorCode, Refusal};
use crate::graphql::error_codes::with_code;
use crate::graphql::limits::complexity::{self, ListBounds};
use crate::graphql::limits::{Measures, arguments, introspection, introspection_cost};
use crate::graphql::shape::Shape;
use crate::graphql::time_zones;

/// What compiling reads besides the request: the schema's shape and what bounds its lists.
pub struct Rules<'a> {
    /// The served schema's output types.
    pub shape: &'a Shape,
    /// The rows each connection holds in the programme served.
    pub bounds: &'a ListBounds,
    /// Introspection is counted until the operation's cost passes this (`--max-complexity`).
    pub complexity_cap: usize,
}

/// The outcome of compiling one operation.
pub struct Compilation {
    /// The operation, compiled.
    pub operation: Compiled,
    /// The document async-graphql runs (see the module's text).
    pub document: ExecutableDocument,
    /// What the limits refuse.
    pub measures: Measures,
}

/// Compiles the operation `operation_name` selects in `document`, with the request's
/// `variables`: `Ok(None)` where it selects none (execution reports it); `Err` where a
/// required variable has no value (`BAD_USER_INPUT`, before anything runs).
pub fn compile(
    document: &ExecutableDocument,
    operation_name: Option<&str>,
    variables: &Variables,
    rules: &Rules<'_>,
) -> Result<Option<Compilation>, ServerError> {
    let Some((name, operation)) = selected_named(document, operation_name) else {
        return Ok(None);
    };
    let values = with_defaults(&operation.node, variables)?;
    let mut walk = Walk {
        document,
        values,
        rules,
        measures: Measures::default(),
        used: HashSet::new(),
        introspection_spent: 0,
    };
    let operation_directives = walk.directives(&operation.node.directives);
    for definition in &operation.node.variable_definitions {
        walk.count_directives(definition.node.directives.len());
    }
    let compiled_root = Compiled {
        ty: operation.node.ty,
        fields: Vec::new(),
    };
    let root = compiled_root.root_type();
    let mut fields = Vec::new();
    let mut depths = Depths::default();
    let selection_set = walk.selections(
        &operation.node.selection_set,
        Parent {
            ty: root,
            lists: None,
        },
        &mut Vec::new(),
        &mut fields,
        &mut depths,
    );
    let mut selection_set = selection_set;
    if selection_set.node.items.is_empty() && operation.node.ty == OperationType::Query {
        // Every root field skipped: the answer is `{}`, and async-graphql needs a selection.
        let pos = operation.pos;
        fields.push(runtime_type_field(pos));
        selection_set.node.items.push(Positioned::new(
            Selection::Field(runtime_type_node(pos)),
            pos,
        ));
    }
    let cost = fields
        .iter()
        .fold(0usize, |sum, f| sum.saturating_add(f.cost));
    let Walk {
        mut measures, used, ..
    } = walk;
    measures.cost.counted = cost;
    measures.data_depth = depths.data;
    measures.introspection_depth = depths.introspection;
    let built = OperationDefinition {
        ty: operation.node.ty,
        variable_definitions: operation
            .node
            .variable_definitions
            .iter()
            .filter(|definition| used.contains(&definition.node.name.node))
            .cloned()
            .collect(),
        directives: operation_directives.unwrap_or_default(),
        selection_set,
    };
    let built = Positioned::new(built, operation.pos);
    let operations = match name {
        Some(name) => DocumentOperations::Multiple(HashMap::from([(name.clone(), built)])),
        None => DocumentOperations::Single(built),
    };
    Ok(Some(Compilation {
        operation: Compiled {
            ty: operation.node.ty,
            fields,
        },
        document: ExecutableDocument {
            operations,
            fragments: HashMap::new(),
        },
        measures,
    }))
}

/// The request's variables with each missing one's default, as execution reads them; a
/// required variable (non-null, no default) without a value is refused.
fn with_defaults(
    operation: &OperationDefinition,
    variables: &Variables,
) -> Result<Variables, ServerError> {
    let mut values = variables.clone();
    for definition in &operation.variable_definitions {
        let definition = &definition.node;
        let name = &definition.name.node;
        let given = values.get(name).is_some_and(|value| *value != Value::Null);
        match &definition.default_value {
            Some(default) if !values.contains_key(name) => {
                values.insert(name.clone(), default.node.clone());
            }
            None if !definition.var_type.node.nullable && !given => {
                let error = ServerError::new(
                    format!(
                        "Variable \"${}\" of required type \"{}\" was not provided.",
                        definition.name.node, definition.var_type.node
                    ),
                    Some(definition.name.pos),
                );
                return Err(with_code(error, ErrorCode::BadUserInput));
            }
            _ => {}
        }
    }
    Ok(values)
}

/// Levels of data fields and of introspection subtrees.
#[derive(Debug, Clone, Copy, Default)]
struct Depths {
    data: usize,
    introspection: usize,
}

impl Depths {
    fn max(self, other: Self) -> Self {
        Self {
            data: self.data.max(other.data),
            introspection: self.introspection.max(other.introspection),
        }
    }
}

/// Where a selection set stands: the type it selects on, and (under `__schema` or `__type`)
/// how many introspection lists enclose it.
#[derive(Clone, Copy)]
struct Parent<'t> {
    ty: &'t str,
    lists: Option<usize>,
}

struct Walk<'a> {
    document: &'a ExecutableDocument,
    values: Variables,
    rules: &'a Rules<'a>,
    measures: Measures,
    /// Variables the built document still uses.
    used: HashSet<Name>,
    /// The cost of the introspection subtrees counted so far.
    introspection_spent: usize,
}

impl<'a> Walk<'a> {
    /// Compiles the selections of `set` into `fields` (under `conditions`), measuring them
    /// into `depths`; returns the set as the built document writes it.
    fn selections(
        &mut self,
        set: &'a Positioned<SelectionSet>,
        parent: Parent<'a>,
        conditions: &mut Vec<Name>,
        fields: &mut Vec<Field>,
        depths: &mut Depths,
    ) -> Positioned<SelectionSet> {
        let mut built = Vec::with_capacity(set.node.items.len());
        for selection in &set.node.items {
            match &selection.node {
                Selection::Field(field) => {
                    let Some(directives) = self.directives(&field.node.directives) else {
                        continue;
                    };
                    let (compiled, node, here) = self.field(field, directives, conditions, parent);
                    *depths = depths.max(here);
                    fields.push(compiled);
                    built.push(Positioned::new(Selection::Field(node), selection.pos));
                }
                Selection::InlineFragment(inline) => {
                    let Some(directives) = self.directives(&inline.node.directives) else {
                        continue;
                    };
                    let condition = inline.node.type_condition.as_ref();
                    if let Some(condition) = condition {
                        conditions.push(condition.node.on.node.clone());
                    }
                    let inner = self.selections(
                        &inline.node.selection_set,
                        parent,
                        conditions,
                        fields,
                        depths,
                    );
                    if condition.is_some() {
                        conditions.pop();
                    }
                    let fragment = InlineFragment {
                        type_condition: condition.cloned(),
                        directives,
                        selection_set: inner,
                    };
                    built.push(Positioned::new(
                        Selection::InlineFragment(Positioned::new(fragment, inline.pos)),
                        selection.pos,
                    ));
                }
                Selection::FragmentSpread(spread) => {
                    let Some(directives) = self.directives(&spread.node.directives) else {
                        continue;
                    };
                    let document = self.document;
                    let Some(fragment) = document.fragments.get(&spread.node.fragment_name.node)
                    else {
                        continue;
                    };
                    self.count_directives(fragment.node.directives.len());
                    let condition = &fragment.node.type_condition;
                    conditions.push(condition.node.on.node.clone());
                    let inner = self.selections(
                        &fragment.node.selection_set,
                        parent,
                        conditions,
                        fields,
                        depths,
                    );
                    conditions.pop();
                    let inline = InlineFragment {
                        type_condition: Some(condition.clone()),
                        directives,
                        selection_set: inner,
                    };
                    built.push(Positioned::new(
                        Selection::InlineFragment(Positioned::new(inline, spread.pos)),
                        selection.pos,
                    ));
                }
            }
        }
        Positioned::new(SelectionSet { items: built }, set.pos)
    }

    /// One field selected under `conditions` in a selection of `parent`'s type: compiled,
    /// built, and measured.
    fn field(
        &mut self,
        field: &'a Positioned<FieldNode>,
        directives: Vec<Positioned<Directive>>,
        conditions: &[Name],
        parent: Parent<'a>,
    ) -> (Field, Positioned<FieldNode>, Depths) {
        let node = &field.node;
        let on = conditions.last().map_or(parent.ty, Name::as_str);
        let key = node.alias.as_ref().unwrap_or(&node.name).node.clone();
        if node.alias.is_some() {
            self.measures.aliases += 1;
        }
        if key.as_str() == RUNTIME_TYPE && self.measures.refused.is_none() {
            self.measures.refused = Some(Refusal::invalid_at(
                field.pos,
                format!("the response key `{RUNTIME_TYPE}` is reserved by this service"),
            ));
        }
        let shape = self.rules.shape;
        let meta = shape.field(on, &node.name.node);
        let entry = matches!(node.name.node.as_str(), "__schema" | "__type");
        let lists = if entry {
            Some(0)
        } else {
            parent
                .lists
                .map(|n| n + usize::from(introspection::is_list_field(&node.name.node)))
        };
        self.measures.introspection_lists =
            self.measures.introspection_lists.max(lists.unwrap_or(0));
        let arguments = self.arguments(node);
        if let Some(meta) = meta
            && self.measures.refused.is_none()
        {
            self.measures.refused = arguments::refusal(&arguments, meta);
        }
        if self.measures.time_zone.is_none() {
            self.measures.time_zone = time_zones::refusal(&arguments);
        }
        let child_type = meta.map_or("", |meta| meta.named_type());
        let mut children = Vec::new();
        let mut inner = Depths::default();
        let mut selection_set = self.selections(
            &node.selection_set,
            Parent {
                ty: child_type,
                lists,
            },
            &mut Vec::new(),
            &mut children,
            &mut inner,
        );
        // Where the field's type is abstract, its runtime type; where every selection of a
        // field was skipped, something to select (the answer is `{}`).
        let emptied =
            selection_set.node.items.is_empty() && !node.selection_set.node.items.is_empty();
        if emptied || (!selection_set.node.items.is_empty() && is_abstract(shape, child_type)) {
            children.insert(0, runtime_type_field(field.pos));
            selection_set.node.items.insert(
                0,
                Positioned::new(Selection::Field(runtime_type_node(field.pos)), field.pos),
            );
        }
        let depths = if entry {
            Depths {
                data: 1,
                introspection: 1 + inner.data.max(inner.introspection),
            }
        } else {
            Depths {
                data: 1 + inner.data,
                introspection: inner.introspection,
            }
        };
        let mut compiled = Field {
            key,
            name: node.name.node.clone(),
            conditions: conditions.to_vec(),
            arguments,
            pos: node.name.pos,
            children,
            cost: 0,
        };
        compiled.cost = if entry {
            let left = self
                .rules
                .complexity_cap
                .saturating_sub(self.introspection_spent);
            let cost = introspection_cost::Costing::subtree(
                introspection_cost::Model::served(),
                &compiled,
                left,
            );
            self.introspection_spent = self.introspection_spent.saturating_add(cost);
            if cost > left {
                self.measures.cost.stopped = true;
            }
            cost
        } else {
            complexity::field_cost(&compiled, meta, on, shape, self.rules.bounds)
        };
        let built = FieldNode {
            alias: node.alias.clone(),
            name: node.name.clone(),
            arguments: node.arguments.clone(),
            directives,
            selection_set,
        };
        for (_, value) in &node.arguments {
            mark_used(&value.node, &mut self.used);
        }
        (compiled, Positioned::new(built, field.pos), depths)
    }

    /// The field's arguments with variables replaced by their values (an argument whose
    /// variable has no value is left out: the argument's default applies).
    fn arguments(&self, node: &FieldNode) -> Vec<(Name, Positioned<Value>)> {
        node.arguments
            .iter()
            .filter_map(|(name, value)| {
                let resolved = value
                    .node
                    .clone()
                    .into_const_with(|variable| self.values.get(&variable).cloned().ok_or(()))
                    .ok()?;
                Some((name.node.clone(), Positioned::new(resolved, value.pos)))
            })
            .collect()
    }

    /// `None` where `@skip(if: true)` or `@include(if: false)` leaves the selection out;
    /// otherwise the directives the built document keeps: all but the decided `@skip` and
    /// `@include` (a condition that is not a known Boolean is left for validation to refuse).
    fn directives(
        &mut self,
        directives: &[Positioned<Directive>],
    ) -> Option<Vec<Positioned<Directive>>> {
        self.count_directives(directives.len());
        let mut kept = Vec::new();
        for directive in directives {
            let skip = match directive.node.name.node.as_str() {
                "skip" => true,
                "include" => false,
                _ => {
                    self.keep(directive, &mut kept);
                    continue;
                }
            };
            let condition = directive.node.get_argument("if").map(|value| {
                value
                    .node
                    .clone()
                    .into_const_with(|variable| self.values.get(&variable).cloned().ok_or(()))
            });
            match condition {
                Some(Ok(Value::Boolean(condition))) if condition == skip => return None,
                Some(Ok(Value::Boolean(_))) => {}
                _ => self.keep(directive, &mut kept),
            }
        }
        Some(kept)
    }

    fn keep(&mut self, directive: &Positioned<Directive>, kept: &mut Vec<Positioned<Directive>>) {
        for (_, value) in &directive.node.arguments {
            mark_used(&value.node, &mut self.used);
        }
        kept.push(directive.clone());
    }

    fn count_directives(&mut self, count: usize) {
        self.measures.directives = self.measures.directives.max(count);
    }
}

/// True for an interface or union type: its values' runtime type is one of several.
fn is_abstract(shape: &Shape, ty: &str) -> bool {
    let mut types = shape.possible_types(ty);
    matches!((types.next(), types.next()), (Some(_), Some(_)))
}

/// The compiled `__typename` under [`RUNTIME_TYPE`].
fn runtime_type_field(pos: async_graphql::Pos) -> Field {
    Field {
        key: Name::new(RUNTIME_TYPE),
        name: Name::new("__typename"),
        conditions: Vec::new(),
        arguments: Vec::new(),
        pos,
        children: Vec::new(),
        cost: 0,
    }
}

/// `__runtimeType: __typename`, as the built document selects it.
fn runtime_type_node(pos: async_graphql::Pos) -> Positioned<FieldNode> {
    Positioned::new(
        FieldNode {
            alias: Some(Positioned::new(Name::new(RUNTIME_TYPE), pos)),
            name: Positioned::new(Name::new("__typename"), pos),
            arguments: Vec::new(),
            directives: Vec::new(),
            selection_set: Positioned::new(SelectionSet::default(), pos),
        },
        pos,
    )
}

/// Adds the variables `value` refers to.
fn mark_used(value: &async_graphql_value::Value, used: &mut HashSet<Name>) {
    use async_graphql_value::Value as Written;
    match value {
        Written::Variable(name) => {
            used.insert(name.clone());
        }
        Written::List(items) => items.iter().for_each(|item| mark_used(item, used)),
        Written::Object(fields) => fields.values().for_each(|item| mark_used(item, used)),
        _ => {}
    }
}
