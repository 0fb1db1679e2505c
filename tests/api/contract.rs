//! The served schema: `schema.graphql` is what the code generates, and it contains the client
//! contract (`contract/core.graphql`) with compatible types and a description on everything.

use std::collections::HashMap;

use async_graphql_parser::parse_schema;
use async_graphql_parser::types::{
    BaseType, FieldDefinition, InputValueDefinition, ServiceDocument, Type, TypeDefinition,
    TypeKind, TypeSystemDefinition,
};

use crate::support::repo_path;

#[test]
fn schema_graphql_is_generated_from_the_code() {
    let recorded = std::fs::read_to_string(repo_path("schema.graphql")).unwrap();
    assert!(
        recorded == api::graphql::sdl(),
        "schema.graphql differs from the code: run `cargo run -- print-schema > schema.graphql`"
    );
}

#[test]
fn the_served_schema_contains_the_client_contract() {
    let contract = types(
        &parse_schema(std::fs::read_to_string(repo_path("contract/core.graphql")).unwrap())
            .unwrap(),
    );
    let served = types(&parse_schema(api::graphql::sdl()).unwrap());
    let mut problems = Vec::new();
    for (name, wanted) in &contract {
        let Some(have) = served.get(name) else {
            problems.push(format!("type {name} is missing"));
            continue;
        };
        match (&wanted.kind, &have.kind) {
            (TypeKind::Scalar, TypeKind::Scalar) => {}
            (TypeKind::Object(w), TypeKind::Object(h)) => {
                for interface in &w.implements {
                    if !h.implements.iter().any(|i| i.node == interface.node) {
                        problems.push(format!("{name} does not implement {}", interface.node));
                    }
                }
                compare_fields(name, &w.fields, &h.fields, &mut problems);
            }
            (TypeKind::Interface(w), TypeKind::Interface(h)) => {
                compare_fields(name, &w.fields, &h.fields, &mut problems)
            }
            (TypeKind::Enum(w), TypeKind::Enum(h)) => {
                for value in &w.values {
                    if !h
                        .values
                        .iter()
                        .any(|v| v.node.value.node == value.node.value.node)
                    {
                        problems.push(format!("enum {name} lacks {}", value.node.value.node));
                    }
                }
            }
            (TypeKind::InputObject(w), TypeKind::InputObject(h)) => {
                for field in &w.fields {
                    match h
                        .fields
                        .iter()
                        .find(|f| f.node.name.node == field.node.name.node)
                    {
                        None => {
                            problems.push(format!("{name}.{} is missing", field.node.name.node))
                        }
                        Some(f) if f.node.ty.node != field.node.ty.node => problems.push(format!(
                            "{name}.{}: {} is not {}",
                            field.node.name.node, f.node.ty.node, field.node.ty.node
                        )),
                        Some(_) => {}
                    }
                }
            }
            _ => problems.push(format!("{name} is of another kind")),
        }
    }
    assert!(
        problems.is_empty(),
        "the served schema breaks the contract:\n{}",
        problems.join("\n")
    );
}

#[test]
fn everything_in_the_served_schema_has_a_description() {
    let served = types(&parse_schema(api::graphql::sdl()).unwrap());
    let mut missing = Vec::new();
    // async-graphql's `Connection` types (every `…Connection`) carry no type description of
    // their own (their fields do); the contract gives none either. Everything else is described.
    for (name, definition) in &served {
        if definition.description.is_none() && !name.ends_with("Connection") {
            missing.push(name.clone());
        }
        let fields: Vec<&FieldDefinition> = match &definition.kind {
            TypeKind::Object(o) => o.fields.iter().map(|f| &f.node).collect(),
            TypeKind::Interface(i) => i.fields.iter().map(|f| &f.node).collect(),
            _ => Vec::new(),
        };
        for field in fields {
            if field.description.is_none() {
                missing.push(format!("{name}.{}", field.name.node));
            }
            for argument in &field.arguments {
                if argument.node.description.is_none() {
                    missing.push(format!(
                        "{name}.{}({})",
                        field.name.node, argument.node.name.node
                    ));
                }
            }
        }
        if let TypeKind::InputObject(input) = &definition.kind {
            missing.extend(described(name, &input.fields));
        }
        if let TypeKind::Enum(e) = &definition.kind {
            for value in &e.values {
                if value.node.description.is_none() {
                    missing.push(format!("{name}.{}", value.node.value.node));
                }
            }
        }
    }
    assert!(
        missing.is_empty(),
        "without a description:\n{}",
        missing.join("\n")
    );
}

fn described(
    name: &str,
    fields: &[async_graphql_parser::Positioned<InputValueDefinition>],
) -> Vec<String> {
    fields
        .iter()
        .filter(|f| f.node.description.is_none())
        .map(|f| format!("{name}.{}", f.node.name.node))
        .collect()
}

fn types(document: &ServiceDocument) -> HashMap<String, TypeDefinition> {
    document
        .definitions
        .iter()
        .filter_map(|definition| match definition {
            TypeSystemDefinition::Type(t) => Some((t.node.name.node.to_string(), t.node.clone())),
            _ => None,
        })
        .collect()
}

fn compare_fields(
    type_name: &str,
    wanted: &[async_graphql_parser::Positioned<FieldDefinition>],
    have: &[async_graphql_parser::Positioned<FieldDefinition>],
    problems: &mut Vec<String>,
) {
    for field in wanted {
        let field = &field.node;
        let Some(served) = have.iter().find(|f| f.node.name.node == field.name.node) else {
            problems.push(format!("{type_name}.{} is missing", field.name.node));
            continue;
        };
        let served = &served.node;
        if !output_compatible(&field.ty.node, &served.ty.node) {
            problems.push(format!(
                "{type_name}.{}: {} is not compatible with {}",
                field.name.node, served.ty.node, field.ty.node
            ));
        }
        for argument in &field.arguments {
            match served
                .arguments
                .iter()
                .find(|a| a.node.name.node == argument.node.name.node)
            {
                None => problems.push(format!(
                    "{type_name}.{}({}) is missing",
                    field.name.node, argument.node.name.node
                )),
                // An argument keeps its type; it may gain a default.
                Some(a) if a.node.ty.node != argument.node.ty.node => problems.push(format!(
                    "{type_name}.{}({}): {} is not {}",
                    field.name.node, argument.node.name.node, a.node.ty.node, argument.node.ty.node
                )),
                Some(_) => {}
            }
        }
        for argument in &served.arguments {
            let in_contract = field
                .arguments
                .iter()
                .any(|a| a.node.name.node == argument.node.name.node);
            if !in_contract
                && !argument.node.ty.node.nullable
                && argument.node.default_value.is_none()
            {
                problems.push(format!(
                    "{type_name}.{} adds a required argument {}",
                    field.name.node, argument.node.name.node
                ));
            }
        }
    }
}

/// A served output type may be the contract's or stricter (non-null where it was nullable).
fn output_compatible(contract: &Type, served: &Type) -> bool {
    if !contract.nullable && served.nullable {
        return false;
    }
    match (&contract.base, &served.base) {
        (BaseType::Named(a), BaseType::Named(b)) => a == b,
        (BaseType::List(a), BaseType::List(b)) => output_compatible(a, b),
        _ => false,
    }
}

#[test]
fn the_compatibility_rule_itself_refuses_a_looser_or_different_type() {
    let parse = |text: &str| Type::new(text).unwrap();
    assert!(output_compatible(&parse("String"), &parse("String!")));
    assert!(output_compatible(
        &parse("[Session!]!"),
        &parse("[Session!]!")
    ));
    assert!(!output_compatible(&parse("String!"), &parse("String")));
    assert!(!output_compatible(
        &parse("[Session!]!"),
        &parse("[Session]!")
    ));
    assert!(!output_compatible(&parse("Int"), &parse("String")));
}
