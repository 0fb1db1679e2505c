//! `@skip(if: $v)` and `@include(if: $v)` with the request's variables *and their defaults*,
//! made constant before async-graphql sees the document.
//!
//! async-graphql 7.2.1 gets two things wrong here (pinned by
//! `tests/api/security/skip_include.rs`, so that this can go when upstream fixes them):
//! - it decides skipping from the request's variables only, ignoring a variable's default:
//!   `query($v: Boolean = true) { themes @include(if: $v) { slug } }` answered without `themes`;
//! - its validation never visits `__typename`, so a variable used only in a directive there is
//!   "not used": `query($v: Boolean!) { __typename @include(if: $v) }` failed.
//!
//! Each `if: $v` whose value is known (a Boolean given by the request, else the variable's
//! Boolean default) becomes that constant; a variable whose every use was such a directive is
//! then dropped from the operation's definitions, as it is now unused. Anything else (a
//! missing, null or mistyped value) is left as written, for validation to report. Documents of
//! several operations are left as written: their fragments are shared, and rewriting them for
//! one operation would change another's validation.

use async_graphql::parser::types::{
    Directive, DocumentOperations, ExecutableDocument, Selection, SelectionSet,
};
use async_graphql::{Name, Positioned, Value as ConstValue, Variables};
use async_graphql_value::Value;

/// Makes every `@skip`/`@include` condition of `document` whose variable has a known Boolean
/// value constant, and drops the definitions of the variables that were used only there.
pub fn apply(document: &mut ExecutableDocument, variables: &Variables) {
    let DocumentOperations::Single(operation) = &mut document.operations else {
        return;
    };
    let known: Vec<(Name, bool)> = operation
        .node
        .variable_definitions
        .iter()
        .filter_map(|definition| {
            let name = &definition.node.name.node;
            let value = match variables.get(name) {
                Some(value) => Some(value),
                None => definition.node.default_value.as_ref().map(|d| &d.node),
            };
            match value {
                Some(ConstValue::Boolean(b)) => Some((name.clone(), *b)),
                _ => None,
            }
        })
        .collect();
    if known.is_empty() {
        return;
    }
    let mut replaced: Vec<Name> = Vec::new();
    let mut rewrite = |set: &mut Positioned<SelectionSet>| {
        rewrite_set(set, &known, &mut replaced);
    };
    rewrite(&mut operation.node.selection_set);
    for fragment in document.fragments.values_mut() {
        rewrite(&mut fragment.node.selection_set);
    }
    if replaced.is_empty() {
        return;
    }
    let mut used: Vec<Name> = Vec::new();
    for directive in &operation.node.directives {
        uses_in_directive(&directive.node, &mut used);
    }
    uses_in_set(&operation.node.selection_set, &mut used);
    for fragment in document.fragments.values() {
        uses_in_set(&fragment.node.selection_set, &mut used);
    }
    operation.node.variable_definitions.retain(|definition| {
        let name = &definition.node.name.node;
        !replaced.contains(name) || used.contains(name)
    });
}

fn rewrite_set(
    set: &mut Positioned<SelectionSet>,
    known: &[(Name, bool)],
    replaced: &mut Vec<Name>,
) {
    for selection in &mut set.node.items {
        let (directives, inner) = match &mut selection.node {
            Selection::Field(field) => (
                &mut field.node.directives,
                Some(&mut field.node.selection_set),
            ),
            Selection::InlineFragment(inline) => (
                &mut inline.node.directives,
                Some(&mut inline.node.selection_set),
            ),
            Selection::FragmentSpread(spread) => (&mut spread.node.directives, None),
        };
        for directive in directives.iter_mut() {
            if !matches!(directive.node.name.node.as_str(), "skip" | "include") {
                continue;
            }
            for (argument, value) in &mut directive.node.arguments {
                if argument.node.as_str() != "if" {
                    continue;
                }
                let Value::Variable(variable) = &value.node else {
                    continue;
                };
                if let Some((name, constant)) = known.iter().find(|(name, _)| name == variable) {
                    replaced.push(name.clone());
                    value.node = Value::Boolean(*constant);
                }
            }
        }
        if let Some(inner) = inner {
            rewrite_set(inner, known, replaced);
        }
    }
}

fn uses_in_set(set: &Positioned<SelectionSet>, used: &mut Vec<Name>) {
    for selection in &set.node.items {
        match &selection.node {
            Selection::Field(field) => {
                for (_, value) in &field.node.arguments {
                    uses_in_value(&value.node, used);
                }
                for directive in &field.node.directives {
                    uses_in_directive(&directive.node, used);
                }
                uses_in_set(&field.node.selection_set, used);
            }
            Selection::InlineFragment(inline) => {
                for directive in &inline.node.directives {
                    uses_in_directive(&directive.node, used);
                }
                uses_in_set(&inline.node.selection_set, used);
            }
            Selection::FragmentSpread(spread) => {
                for directive in &spread.node.directives {
                    uses_in_directive(&directive.node, used);
                }
            }
        }
    }
}

fn uses_in_directive(directive: &Directive, used: &mut Vec<Name>) {
    for (_, value) in &directive.arguments {
        uses_in_value(&value.node, used);
    }
}

fn uses_in_value(value: &Value, used: &mut Vec<Name>) {
    match value {
        Value::Variable(name) => used.push(name.clone()),
        Value::List(items) => items.iter().for_each(|item| uses_in_value(item, used)),
        Value::Object(fields) => fields.values().for_each(|item| uses_in_value(item, used)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn applied(query: &str, variables: serde_json::Value) -> String {
        let mut document =
            async_graphql::parser::parse_query(query).unwrap_or_else(|e| panic!("{e}"));
        apply(&mut document, &Variables::from_json(variables));
        let DocumentOperations::Single(operation) = &document.operations else {
            return "several operations".into();
        };
        let definitions: Vec<String> = operation
            .node
            .variable_definitions
            .iter()
            .map(|d| d.node.name.node.to_string())
            .collect();
        let mut conditions = Vec::new();
        collect_conditions(&operation.node.selection_set, &mut conditions);
        for fragment in document.fragments.values() {
            collect_conditions(&fragment.node.selection_set, &mut conditions);
        }
        format!(
            "vars [{}] ifs [{}]",
            definitions.join(" "),
            conditions.join(" ")
        )
    }

    fn collect_conditions(set: &Positioned<SelectionSet>, out: &mut Vec<String>) {
        for selection in &set.node.items {
            let (directives, inner) = match &selection.node {
                Selection::Field(f) => (&f.node.directives, Some(&f.node.selection_set)),
                Selection::InlineFragment(i) => (&i.node.directives, Some(&i.node.selection_set)),
                Selection::FragmentSpread(s) => (&s.node.directives, None),
            };
            for directive in directives {
                for (_, value) in &directive.node.arguments {
                    out.push(format!("{}:{}", directive.node.name.node, value.node));
                }
            }
            if let Some(inner) = inner {
                collect_conditions(inner, out);
            }
        }
    }

    #[test]
    fn known_conditions_become_constants_and_their_only_variables_go() {
        assert_eq!(
            applied(
                "query($v: Boolean = true) { themes @include(if: $v) { slug } }",
                serde_json::json!({})
            ),
            "vars [] ifs [include:true]"
        );
        assert_eq!(
            applied(
                "query($v: Boolean = true) { themes @include(if: $v) { slug } }",
                serde_json::json!({ "v": false })
            ),
            "vars [] ifs [include:false]"
        );
        // Still used elsewhere: the definition stays.
        assert_eq!(
            applied(
                "query($v: Boolean = false, $n: Int) { ...F sessions(first: $n) @skip(if: $v) { totalCount } } fragment F on Query { ... on Query @include(if: $v) { __typename } }",
                serde_json::json!({ "n": 1 })
            ),
            "vars [n] ifs [skip:false include:false]"
        );
        // Unknown values are left for validation: missing without default, null, not Boolean.
        assert_eq!(
            applied(
                "query($v: Boolean!) { __typename @include(if: $v) }",
                serde_json::json!({})
            ),
            "vars [v] ifs [include:$v]"
        );
        assert_eq!(
            applied(
                "query($v: Boolean) { __typename @include(if: $v) }",
                serde_json::json!({ "v": "yes" })
            ),
            "vars [v] ifs [include:$v]"
        );
    }
}
