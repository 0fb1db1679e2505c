//! The operation a request executes, compiled once per request for everything that looks at
//! it: which operation `operationName` selects (one rule, [`selected`]), and its selection with
//! fragments expanded where they stand (each field keeps the type conditions it was selected
//! under), `@skip`/`@include` decided with the request's variables and their defaults, and
//! argument values resolved ([`compile`]). The limits (`limits`), the time-zone check and the
//! answer writer (`answer`) read the compiled operation; none walks the document again.

use async_graphql::parser::types::{
    Directive, ExecutableDocument, OperationDefinition, OperationType, Selection, SelectionSet,
};
use async_graphql::{Name, Pos, Positioned, Value, Variables};

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
    /// The field's own selection, compiled alike.
    pub children: Vec<Field>,
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

/// Compiles `operation` of `document` with the request's `variables`. Fragments must be known
/// acyclic (`limits::check_document` runs first); an unknown fragment selects nothing (the
/// validator reports it).
pub fn compile(
    document: &ExecutableDocument,
    operation: &OperationDefinition,
    variables: &Variables,
) -> Compiled {
    // Variables as execution sees them: as sent, else their default.
    let mut values = variables.clone();
    for definition in &operation.variable_definitions {
        let name = &definition.node.name.node;
        if let (false, Some(default)) = (values.contains_key(name), &definition.node.default_value)
        {
            values.insert(name.clone(), default.node.clone());
        }
    }
    let compiler = Compiler {
        document,
        variables: &values,
    };
    let mut fields = Vec::new();
    compiler.set(&operation.selection_set, &mut Vec::new(), &mut fields);
    Compiled {
        ty: operation.ty,
        fields,
    }
}

struct Compiler<'a> {
    document: &'a ExecutableDocument,
    variables: &'a Variables,
}

impl Compiler<'_> {
    fn set(
        &self,
        set: &Positioned<SelectionSet>,
        conditions: &mut Vec<Name>,
        out: &mut Vec<Field>,
    ) {
        for selection in &set.node.items {
            match &selection.node {
                Selection::Field(field) => {
                    if !self.included(&field.node.directives) {
                        continue;
                    }
                    let field = &field.node;
                    let mut children = Vec::new();
                    self.set(&field.selection_set, &mut Vec::new(), &mut children);
                    out.push(Field {
                        key: field.alias.as_ref().unwrap_or(&field.name).node.clone(),
                        name: field.name.node.clone(),
                        conditions: conditions.clone(),
                        arguments: field
                            .arguments
                            .iter()
                            .filter_map(|(name, value)| {
                                let resolved = value.node.clone().into_const_with(|variable| {
                                    self.variables.get(&variable).cloned().ok_or(())
                                });
                                let resolved = Positioned::new(resolved.ok()?, value.pos);
                                Some((name.node.clone(), resolved))
                            })
                            .collect(),
                        pos: field.name.pos,
                        children,
                    });
                }
                Selection::InlineFragment(inline) => {
                    if !self.included(&inline.node.directives) {
                        continue;
                    }
                    let condition = inline.node.type_condition.as_ref();
                    self.under(
                        condition.map(|c| &c.node.on.node),
                        conditions,
                        |conditions| {
                            self.set(&inline.node.selection_set, conditions, out);
                        },
                    );
                }
                Selection::FragmentSpread(spread) => {
                    if !self.included(&spread.node.directives) {
                        continue;
                    }
                    let Some(fragment) =
                        self.document.fragments.get(&spread.node.fragment_name.node)
                    else {
                        continue;
                    };
                    let condition = &fragment.node.type_condition.node.on.node;
                    self.under(Some(condition), conditions, |conditions| {
                        self.set(&fragment.node.selection_set, conditions, out);
                    });
                }
            }
        }
    }

    /// Runs `compile` with `condition` added to `conditions`.
    fn under(
        &self,
        condition: Option<&Name>,
        conditions: &mut Vec<Name>,
        compile: impl FnOnce(&mut Vec<Name>),
    ) {
        match condition {
            Some(condition) => {
                conditions.push(condition.clone());
                compile(conditions);
                conditions.pop();
            }
            None => compile(conditions),
        }
    }

    /// False where `@skip(if: true)` or `@include(if: false)` leaves the selection out. A
    /// condition that is not a Boolean is the validator's to refuse; it leaves it in.
    fn included(&self, directives: &[Positioned<Directive>]) -> bool {
        directives.iter().all(|directive| {
            let skip = match directive.node.name.node.as_str() {
                "skip" => true,
                "include" => false,
                _ => return true,
            };
            let condition = directive.node.get_argument("if").map(|value| {
                value
                    .node
                    .clone()
                    .into_const_with(|variable| self.variables.get(&variable).cloned().ok_or(()))
            });
            match condition {
                Some(Ok(Value::Boolean(condition))) => condition != skip,
                _ => true,
            }
        })
    }
}

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
    fn a_subscription_selects_one_root_field_whatever_the_fragments() {
        let single = |query: &str| {
            let doc = parse(query);
            selected(&doc, None)
                .map(|op| compile(&doc, op, &Variables::default()).single_root_field())
                .is_some_and(|checked| checked.is_ok())
        };
        assert!(single("subscription { dataRevision { version } }"));
        // Two selections of one response key are one field.
        assert!(single(
            "subscription { dataRevision { version } ...F } fragment F on Subscription { dataRevision { loadedAt } }"
        ));
        assert!(!single(
            "subscription { a: dataRevision { version } b: dataRevision { version } }"
        ));
        assert!(!single(
            "subscription { dataRevision { version } ...F } fragment F on Subscription { again: dataRevision { version } }"
        ));
        assert!(!single("subscription { __typename }"));
        assert!(!single(
            "subscription { dataRevision @skip(if: true) { version } }"
        ));
        // Queries may select many.
        assert!(single("{ event { name } __typename }"));
    }

    #[test]
    fn introspection_only_operations_are_recognised_through_fragments() {
        let only = |query: &str, name: Option<&str>| {
            let doc = parse(query);
            selected(&doc, name)
                .is_some_and(|op| compile(&doc, op, &Variables::default()).is_introspection_only())
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
        assert!(only(
            "{ __schema { queryType { name } } event @skip(if: true) { name } }",
            None
        ));
    }
}
