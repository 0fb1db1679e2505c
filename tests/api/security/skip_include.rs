//! Finding 10: `@skip`/`@include` with variables and their defaults. async-graphql 7.2.1
//! ignores a variable's default when it decides skipping, and reports a variable used only in
//! a directive on `__typename` as unused. `operation::compile` decides the directives itself
//! and builds the document async-graphql runs without them, and `graphql::validity` drops the
//! false "not used" when it validates the client's own document. The last test pins
//! upstream's behaviour: when it fails, upstream is fixed and both corrections can go.

use serde_json::json;

use crate::support::{TestApp, error_codes};

#[tokio::test]
async fn defaults_decide_skip_and_include_on_fields_fragments_and_inline_fragments() {
    let app = TestApp::new().await;
    // The review's cases.
    let both = app
        .query("query($v: Boolean = true) { themes @include(if: $v) { slug } event { name } }")
        .await;
    assert!(both["errors"].is_null(), "{both}");
    assert_eq!(both["data"]["themes"].as_array().map(Vec::len), Some(6));
    assert!(both["data"]["event"]["name"].is_string());
    let alone = app
        .query("query($v: Boolean = true) { themes @include(if: $v) { slug } }")
        .await;
    assert_eq!(
        alone["data"]["themes"].as_array().map(Vec::len),
        Some(6),
        "{alone}"
    );
    let typename = app
        .query_with(
            "query($v: Boolean!) { __typename @include(if: $v) }",
            json!({ "v": true }),
        )
        .await;
    assert_eq!(typename, json!({ "data": { "__typename": "Query" } }));
    let skipped = app
        .query_with(
            "query($v: Boolean!) { __typename @include(if: $v) }",
            json!({ "v": false }),
        )
        .await;
    assert_eq!(skipped, json!({ "data": {} }));
    // A given value overrides the default.
    let given = app
        .query_with(
            "query($v: Boolean = true) { themes @include(if: $v) { slug } event { name } }",
            json!({ "v": false }),
        )
        .await;
    assert!(given["data"].get("themes").is_none(), "{given}");
    // Defaults on a fragment spread and an inline fragment, skip and include.
    let fragments = app
        .query(
            "query($yes: Boolean = true, $no: Boolean = false) {
               ...E @include(if: $yes)
               ... on Query @skip(if: $no) { themes { slug } }
               ... on Query @skip(if: $yes) { sessions { totalCount } }
               ...S @include(if: $no)
             }
             fragment E on Query { event { name } }
             fragment S on Query { speakers { totalCount } }",
        )
        .await;
    assert!(fragments["errors"].is_null(), "{fragments}");
    let keys: Vec<&String> = fragments["data"].as_object().unwrap().keys().collect();
    assert_eq!(keys, ["event", "themes"]);
    // A variable that is still used elsewhere keeps its definition and its value.
    let reused = app
        .query("query($n: Int = 2, $v: Boolean = true) { sessions(first: $n) @include(if: $v) { nodes { title } } }")
        .await;
    assert_eq!(
        reused["data"]["sessions"]["nodes"].as_array().map(Vec::len),
        Some(2),
        "{reused}"
    );
    // A missing required value is a request error (it silently skipped the field before).
    let missing = app
        .query("query($v: Boolean!) { themes @include(if: $v) { slug } }")
        .await;
    assert_eq!(error_codes(&missing), ["BAD_USER_INPUT"], "{missing}");
    assert!(missing.get("data").is_none(), "{missing}");
}

/// Upstream's behaviour, through async-graphql alone (our schema, without our correction).
/// When this fails, async-graphql has fixed the bugs: decide no directive in
/// `operation::compile`, and drop the filter of `graphql::validity`.
#[tokio::test]
async fn upstream_async_graphql_still_ignores_defaults_and_typename_directives() {
    let config = api::config::Config::default();
    let served = api::graphql::Served {
        build: "test".into(),
        public_url: config.public_url().into(),
    };
    let schemas = api::graphql::schema(&config.limits, &config.surface, &served);
    let schema = schemas.data();
    let ignored_default = schema
        .execute(
            "query($v: Boolean = true) { __schema @include(if: $v) { queryType { name } } __typename }",
        )
        .await;
    let answer = serde_json::to_value(&ignored_default).unwrap();
    assert!(
        answer["data"].get("__schema").is_none(),
        "upstream now honours the default: {answer}"
    );
    let unused = schema
        .execute(
            async_graphql::Request::new("query($v: Boolean!) { __typename @include(if: $v) }")
                .variables(async_graphql::Variables::from_json(json!({ "v": true }))),
        )
        .await;
    assert!(
        unused
            .errors
            .iter()
            .any(|e| e.message.contains("is not used")),
        "upstream now sees directives on __typename: {:?}",
        unused.errors
    );
    // And an operation whose every root field is skipped answers `data: null`, where the
    // specification's answer is an empty object (`graphql::answer` writes it).
    let all_skipped = schema.execute("{ __typename @skip(if: true) }").await;
    assert_eq!(
        serde_json::to_value(&all_skipped).unwrap(),
        json!({ "data": null }),
        "upstream now answers an empty selection with an empty object"
    );
}
