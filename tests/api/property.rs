//! Property: whatever document a client sends, valid or not, the answer is never a 5xx, never
//! a panic, and every error in it carries `extensions.code`.

use axum::http::StatusCode;
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use serde_json::json;

use crate::support::TestApp;

/// Field names of the schema, some wrong ones, and arbitrary short names.
fn field_name() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "name",
            "title",
            "id",
            "slug",
            "kind",
            "role",
            "code",
            "speakers",
            "sessions",
            "nodes",
            "edges",
            "node",
            "cursor",
            "city",
            "cities",
            "country",
            "countries",
            "organisation",
            "pairings",
            "euCity",
            "japanCity",
            "themes",
            "theme",
            "totalCount",
            "pageInfo",
            "hasNextPage",
            "endCursor",
            "startsAt",
            "endsAt",
            "day",
            "event",
            "organisers",
            "appearances",
            "coordinates",
            "__typename",
            "__schema",
            "cityPairings",
            "nameJa",
            "region",
            "durationMinutes",
        ])
        .prop_map(str::to_owned),
        "[a-zA-Z_][a-zA-Z0-9_]{0,8}",
    ]
}

/// An argument list: well-formed or not, with values of every kind.
fn arguments() -> impl Strategy<Value = String> {
    let value = prop_oneof![
        any::<i64>().prop_map(|n| n.to_string()),
        any::<i32>().prop_map(|n| n.to_string()),
        "[ -~]{0,20}".prop_map(|s| format!("{:?}", s)),
        prop::sample::select(vec![
            "true", "null", "PANEL", "EU", "JAPAN", "[]", "{}", "$v", "1.5e400"
        ])
        .prop_map(str::to_owned),
        prop::sample::select(vec![
            "\"Asia/Tokyo\"",
            "\"Mars/Base\"",
            "\"UTC\"",
            "\"2023-01-25\"",
            "\"JP\"",
            "\"jp\"",
            "\"Q2l0eTpreW90bw\""
        ])
        .prop_map(str::to_owned),
    ];
    let name = prop::sample::select(vec!["first", "after", "timeZone", "id", "filter", "x"]);
    prop_oneof![
        Just(String::new()),
        (name, value.clone()).prop_map(|(n, v)| format!("({n}: {v})")),
        (value.clone(), value).prop_map(|(a, b)| format!("(filter: {{ theme: {a}, day: {b} }})")),
        "[ -~]{0,12}".prop_map(|s| format!("({s})")),
    ]
}

/// A selection set of bounded depth.
fn selection() -> impl Strategy<Value = String> {
    let leaf = (field_name(), arguments()).prop_map(|(f, a)| format!("{f}{a}"));
    leaf.prop_recursive(6, 64, 5, |inner| {
        (
            field_name(),
            arguments(),
            prop::collection::vec(inner, 1..5),
            prop::option::of("[a-z]{1,4}"),
        )
            .prop_map(|(f, a, children, alias)| {
                let alias = alias.map(|a| format!("{a}: ")).unwrap_or_default();
                format!("{alias}{f}{a} {{ {} }}", children.join(" "))
            })
    })
}

/// Whole documents: grammar-shaped ones, fragments and directives, and raw noise.
fn document() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::collection::vec(selection(), 1..4).prop_map(|s| format!("{{ {} }}", s.join(" "))),
        1 => (selection(), selection()).prop_map(|(a, b)| format!("query Q($v: Int) {{ ...F {a} }} fragment F on Query {{ {b} }}")),
        1 => (selection(), "[a-z]{1,6}").prop_map(|(s, d)| format!("{{ {s} @{d}(if: true) @include(if: false) }}")),
        1 => "[{}()a-z :\"!$@.,#\\[\\]=\n]{0,300}",
        1 => any::<String>(),
    ]
}

#[test]
fn random_documents_never_cause_a_5xx_a_panic_or_an_uncoded_error() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let app = runtime.block_on(TestApp::new());
    let config = Config {
        cases: 400,
        failure_persistence: None,
        ..Config::default()
    };
    let mut runner =
        TestRunner::new_with_rng(config, TestRng::deterministic_rng(RngAlgorithm::ChaCha));
    let result = runner.run(
        &(document(), prop::option::of(any::<i64>())),
        |(query, variable)| {
            let body = json!({ "query": query, "variables": { "v": variable } }).to_string();
            let reply = runtime.block_on(app.post("/graphql", "application/json", body));
            prop_assert!(
                reply.status.as_u16() < 500,
                "{} for {query:?}: {}",
                reply.status,
                reply.body
            );
            prop_assert!(
                matches!(reply.status, StatusCode::OK | StatusCode::BAD_REQUEST),
                "{} for {query:?}",
                reply.status
            );
            if let Some(errors) = reply.body.get("errors").and_then(|e| e.as_array()) {
                for error in errors {
                    prop_assert!(
                        error["extensions"]["code"].is_string(),
                        "uncoded error for {query:?}: {error}"
                    );
                }
            } else {
                prop_assert!(
                    reply.body.get("data").is_some(),
                    "neither data nor errors for {query:?}"
                );
            }
            Ok(())
        },
    );
    if let Err(failure) = result {
        panic!("{failure}");
    }
    // And the service still answers.
    let normal = runtime.block_on(app.query("{ themes { slug } }"));
    assert_eq!(normal["data"]["themes"].as_array().map(Vec::len), Some(6));
}
