//! No N+1: a request costs a small number of SQL statements whatever the page size.
//!
//! Loaders batch on a short timer (async-graphql's DataLoader), so the same loader reached at
//! two depths of one query may or may not share a batch, depending on how fast the database
//! answered. The exact-equality test therefore uses the issue's full-programme query, where
//! each loader sits at one depth only; the deep query checks a bound independent of the page.
//! The exact test lists panels, so that even one session reaches every relation.

use crate::support::TestApp;

/// Sessions → speakers → city / country / organisation.
const FULL_PROGRAMME: &str = "query($first: Int) { sessions(filter: { kind: PANEL }, first: $first) { totalCount nodes {
    title speakers { name role city { name nameJa } country { code name } organisation { name kind } } } } }";

/// Every relation, several of them at more than one depth.
const DEEP: &str = "query($first: Int) { sessions(first: $first) { totalCount nodes {
    title theme { name } startsAt(timeZone: \"Asia/Tokyo\")
    speakers { name role hasPresentation sessions { title }
      city { name country { code } pairings { euCity { name } japanCity { name } themes { slug } } }
      country { code name }
      organisation { name kind country { code } city { name } } }
    cities { name speakers { name } sessions { title } programmeMemberships { programme } } } } }";

/// Statements for `query` with `first`; asserts that `expected` sessions came back.
async fn statements_for(app: &TestApp, query: &str, first: i32, expected: usize) -> usize {
    app.reset_statements();
    let body = app
        .query_with(query, serde_json::json!({ "first": first }))
        .await;
    assert!(body.get("errors").is_none(), "{body}");
    assert_eq!(
        body["data"]["sessions"]["nodes"].as_array().unwrap().len(),
        expected
    );
    app.statements()
}

#[tokio::test]
async fn the_full_programme_query_issues_the_same_few_statements_for_one_or_a_hundred_sessions() {
    let app = TestApp::new().await;
    let one = statements_for(&app, FULL_PROGRAMME, 1, 1).await;
    let hundred = statements_for(&app, FULL_PROGRAMME, 100, 4).await;
    assert_eq!(one, hundred, "statements for first: 1 vs first: 100");
    // count + page, appearances, speakers, then cities, countries and organisations.
    assert_eq!(hundred, 7);
}

#[tokio::test]
async fn a_query_through_every_relation_stays_within_a_bound_that_ignores_the_page_size() {
    // This query is costly on purpose: the complexity limit would refuse it by default.
    let app = TestApp::with_config(|c| c.limits.max_complexity = 10_000_000).await;
    // 13 sessions, 29 speakers, 16 cities: one statement per row anywhere would pass 30.
    let statements = statements_for(&app, DEEP, 100, 13).await;
    assert!(
        statements <= 30,
        "{statements} statements for the whole programme"
    );
}
