//! Unit tests of the compilation: selection, and what it measures for the limits (depths, the
//! introspection budget, aliases, cost, time zones).

use super::*;

use crate::graphql::limits::introspection_cost::{Costing, Model};
use crate::graphql::limits::{self, complexity::ListBounds};
use crate::graphql::shape::Shape;

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
        compiled(query, serde_json::json!({}))
            .operation
            .single_root_field()
            .is_ok()
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
        let document = parse(query);
        let rules = Rules {
            shape: crate::graphql::shape::Shape::served(),
            bounds: &crate::graphql::limits::complexity::ListBounds::default(),
            complexity_cap: usize::MAX,
        };
        compile(&document, name, &Default::default(), &rules).is_ok_and(|compilation| {
            compilation.is_some_and(|c| c.operation.is_introspection_only())
        })
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

fn limits() -> crate::config::Limits {
    crate::config::Config::default().limits
}

fn check(query: &str) -> Result<(), Option<String>> {
    let doc = async_graphql::parser::parse_query(query).map_err(|_| None)?;
    let code = |e: async_graphql::ServerError| {
        e.extensions
            .and_then(|x| x.get("limit").or(x.get("code")).map(ToString::to_string))
    };
    limits::check_document(&doc, &limits()).map_err(|e| code(e.into_server_error()))?;
    let compilation = crate::graphql::operation::compiled(query, serde_json::json!({}));
    limits::check_operation(&compilation.operation, &compilation.measures, &limits())
        .map_err(|e| code(e.into_server_error()))
}

#[test]
fn fragment_bombs_cycles_aliases_and_root_fields_are_refused_before_validation() {
    assert_eq!(check("{ event { name } }"), Ok(()));
    // 2^20 fields from 20 fragments of two spreads each: refused without expanding them.
    let mut bomb = String::from("{ ...F0 } ");
    for i in 0..20 {
        bomb.push_str(&format!(
            "fragment F{i} on Query {{ ...F{} ...F{} }} ",
            i + 1,
            i + 1
        ));
    }
    bomb.push_str("fragment F20 on Query { themes { slug } }");
    assert_eq!(check(&bomb), Err(Some("\"complexity\"".into())));
    assert_eq!(
        check("{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }"),
        Err(Some("\"GRAPHQL_VALIDATION_FAILED\"".into()))
    );
    let aliases: String = (0..31).map(|i| format!("a{i}: slug ")).collect();
    assert_eq!(
        check(&format!("{{ themes {{ {aliases} }} }}")),
        Err(Some("\"aliases\"".into()))
    );
    // Counted through every spread: 4 written, spread 8 times.
    let spread = "{ themes { ...A ...A ...A ...A ...A ...A ...A ...A } } fragment A on Theme { a: slug b: slug c: slug d: name }";
    assert_eq!(check(spread), Err(Some("\"aliases\"".into())));
    let roots = "themes { slug } ".repeat(21);
    assert_eq!(
        check(&format!("{{ {roots} }}")),
        Err(Some("\"rootFields\"".into()))
    );
}

// The cost (`limits::complexity`), as compiling counts it.

fn cost_with(query: &str, variables: serde_json::Value, bounds: &ListBounds) -> usize {
    let document = async_graphql::parser::parse_query(query).unwrap_or_else(|e| panic!("{e}"));
    let variables = async_graphql::Variables::from_json(variables);
    let rules = Rules {
        shape: Shape::served(),
        bounds,
        complexity_cap: usize::MAX,
    };
    compile(&document, None, &variables, &rules)
        .ok()
        .flatten()
        .map_or(0, |compilation| compilation.measures.cost.counted)
}

fn cost_of(query: &str, variables: serde_json::Value) -> usize {
    cost_with(query, variables, &ListBounds::default())
}

#[test]
fn a_page_counts_no_more_rows_than_its_list_holds() {
    let query = "{ cities(first: 100) { nodes { name } } }";
    let sixteen = ListBounds::of_cities(16);
    let unbounded = cost_of(query, serde_json::json!({}));
    let bounded = cost_with(query, serde_json::json!({}), &sixteen);
    assert!(bounded < unbounded, "{bounded} < {unbounded}");
    assert_eq!(unbounded - 1, (bounded - 1) / 16 * 100);
}

#[test]
fn connections_lists_fragments_and_skipped_fields_are_costed_by_one_rule() {
    let none = serde_json::json!({});
    // 1 (event) + 1 (name)
    assert_eq!(cost_of("{ event { name } }", none.clone()), 2);
    // sessions: 1 + 20 × (nodes 1 + title 1); themes: 1 + 10 × slug 1.
    assert_eq!(
        cost_of("{ sessions { nodes { title } } }", none.clone()),
        41
    );
    assert_eq!(cost_of("{ themes { slug } }", none.clone()), 11);
    // `first` from a variable, through a fragment; a skipped field costs nothing.
    let query = "query($n: Int, $no: Boolean = false) { ...F themes @include(if: $no) { slug } } fragment F on Query { sessions(first: $n) { nodes { title } } }";
    assert_eq!(cost_of(query, serde_json::json!({ "n": 100 })), 201);
    // A type condition on an interface: the fields of the concrete type (the runtime
    // `__typename` the compilation adds costs nothing).
    assert_eq!(
        cost_of(
            "{ node(id: \"x\") { ... on Session { speakers { name } } } }",
            none
        ),
        1 + 11
    );
}

// The introspection budget (`limits::introspection`), as compiling measures it.

fn nesting(query: &str) -> usize {
    crate::graphql::operation::compiled(query, serde_json::json!({}))
        .measures
        .introspection_lists
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
    // Data fields named like introspection lists are not introspection.
    assert!(!limits::introspection::is_list_field("name"));
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
    assert!(nesting(&doc) >= limits::introspection::MAX_LIST_DEPTH);
}

// The exact cost of introspection (`limits::introspection_cost`).

/// The fields of an answer under its root keys (each key counts 1, each scalar of a list
/// 1): what [`Costing`] promises to count.
fn fields_in(value: &serde_json::Value) -> usize {
    match value {
        serde_json::Value::Object(object) => {
            object.values().map(|value| 1 + fields_in(value)).sum()
        }
        serde_json::Value::Array(items) => items
            .iter()
            .map(|item| match item {
                serde_json::Value::Object(_) | serde_json::Value::Array(_) => fields_in(item),
                _ => 1,
            })
            .sum(),
        _ => 0,
    }
}

fn cost(query: &str) -> usize {
    let compiled = crate::graphql::operation::compiled(query, serde_json::json!({}));
    compiled
        .operation
        .fields
        .iter()
        .map(|field| Costing::subtree(Model::served(), field, usize::MAX))
        .sum()
}

async fn answered(query: &str) -> usize {
    let response = crate::graphql::unrestricted().execute(query).await;
    assert!(response.errors.is_empty(), "{:?}", response.errors);
    fields_in(&response.data.into_json().unwrap_or_default())
}

#[tokio::test]
async fn the_cost_is_the_number_of_fields_the_answer_holds() {
    let standard =
        include_str!("../../../../tests/api/fixtures/introspection-graphql-js-16.graphql");
    for query in [
        standard,
        "{ __schema { types { name fields(includeDeprecated: true) { name args { name type { name ofType { name } } } } } } }",
        "{ __type(name: \"Session\") { name fields { name type { kind ofType { kind name } } } interfaces { name } } }",
        "{ __type(name: \"NoSuchType\") { name } }",
        "{ __schema { directives { name locations args { name } } queryType { name fields { name } } } }",
        "{ a: __type(name: \"SessionKind\") { enumValues { name } } b: __type(name: \"Node\") { possibleTypes { name } } }",
        "{ __schema { types { inputFields { name type { name } } } } }",
    ] {
        assert_eq!(cost(query), answered(query).await, "{query}");
    }
}

#[test]
fn aliases_multiply_through_fragments_and_the_count_stops_at_its_cap() {
    let once = cost("{ __schema { types { fields { name } } } }");
    let eight = cost(
        "{ ...S a: __schema { ...T } } fragment S on Query { __schema { ...T } } fragment T on __Schema { types { fields { name } } b: types { fields { name } } c: types { fields { name } } d: types { fields { name } } }",
    );
    // Two `__schema` fields of four `types` lists each: eight lists, two root fields.
    assert_eq!(eight - 2, 8 * (once - 1));
    let compiled = crate::graphql::operation::compiled(
        "{ __schema { types { fields { name } } } }",
        serde_json::json!({}),
    );
    let capped = Costing::subtree(Model::served(), &compiled.operation.fields[0], 100);
    assert!((101..110).contains(&capped), "{capped}");
}

// Every time zone, checked while compiling.

fn check_text(query: &str, variables: serde_json::Value) -> Result<(), String> {
    let compilation = crate::graphql::operation::compiled(query, variables);
    match compilation.measures.time_zone {
        Some(error) => Err(error.message),
        None => Ok(()),
    }
}

#[test]
fn literals_variables_defaults_and_fragments_are_all_checked() {
    let ok = serde_json::json!({});
    assert!(
        check_text(
            "{ sessions { nodes { startsAt(timeZone: \"Asia/Tokyo\") } } }",
            ok.clone()
        )
        .is_ok()
    );
    assert!(
        check_text(
            "{ sessions { nodes { startsAt(timeZone: \"Mars/Base\") } } }",
            ok.clone()
        )
        .is_err()
    );
    assert!(
            check_text(
                "query Q($z: String) { sessions { nodes { ...F } } } fragment F on Session { endsAt(timeZone: $z) }",
                serde_json::json!({ "z": "Nowhere/Town" })
            )
            .is_err()
        );
    assert!(
            check_text(
                "query Q($z: String = \"Nowhere/Town\") { sessions { nodes { endsAt(timeZone: $z) } } }",
                ok.clone()
            )
            .is_err()
        );
    // A default that the sent value replaces is not used.
    assert!(
            check_text(
                "query Q($z: String = \"Nowhere/Town\") { sessions { nodes { endsAt(timeZone: $z) } } }",
                serde_json::json!({ "z": "Europe/Brussels" })
            )
            .is_ok()
        );
    assert!(check_text("{ sessions { nodes { startsAt(timeZone: null) } } }", ok).is_ok());
}
