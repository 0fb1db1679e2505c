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

/// Thirteen relations, each loader at one depth only, so that batching cannot vary.
const EVERY_LOADER_ONCE: &str = "query($first: Int) { sessions(filter: { kind: PANEL }, first: $first) { totalCount nodes {
    appearances { note speaker {
      sessions { title }
      country { code cities { name } }
      organisation { kind }
      city { programmeMemberships { programme } speakers { name } pairings { themes { slug } } } } } } } }";

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
async fn thirteen_relations_each_at_one_depth_cost_exactly_one_statement_a_level() {
    let app = TestApp::with_config(|c| c.limits.max_complexity = 10_000_000).await;
    let one = statements_for(&app, EVERY_LOADER_ONCE, 1, 1).await;
    let all = statements_for(&app, EVERY_LOADER_ONCE, 100, 4).await;
    assert_eq!(one, all, "statements for first: 1 vs first: 100");
    // count + page; appearances, speakers; a speaker's appearances and their sessions; country
    // and its cities; organisation; city, its memberships, its speakers, its pairings (pairings
    // and their sessions: two) and the pairings' themes.
    assert_eq!(all, 2 + 2 + 2 + 2 + 1 + 1 + 1 + 1 + 2 + 1);
}

#[tokio::test]
async fn a_query_through_every_relation_costs_at_most_one_statement_per_relation_level() {
    // This query is costly on purpose: the complexity limit would refuse it by default.
    let app = TestApp::with_config(|c| c.limits.max_complexity = 10_000_000).await;
    // Each (relation, depth) of DEEP costs one statement at most; the same loader at two
    // depths may share a batch, so the count can only be lower. One statement per row of any
    // relation would add at least 13.
    let levels = [
        "sessions: count and page (2)",
        "session.theme",
        "session.speakers: appearances",
        "session.speakers: speakers",
        "speaker.sessions: appearances",
        "speaker.sessions: sessions",
        "speaker.city",
        "city.country",
        "city.pairings: pairings",
        "city.pairings: their sessions",
        "pairing.euCity",
        "pairing.japanCity",
        "pairing.themes",
        "speaker.country",
        "speaker.organisation",
        "organisation.country",
        "organisation.city",
        "session.cities: appearances",
        "session.cities: speakers",
        "session.cities: cities",
        "city.speakers",
        "city.sessions: ids",
        "city.sessions: sessions",
        "city.programmeMemberships",
    ];
    let statements = statements_for(&app, DEEP, 100, 13).await;
    assert!(
        statements <= levels.len() + 1,
        "{statements} statements for the whole programme; relation levels: {}",
        levels.len() + 1
    );
    assert!(statements_for(&app, DEEP, 1, 1).await <= levels.len() + 1);
}
