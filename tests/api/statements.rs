//! What an answer costs in SQL statements.
//!
//! The programme (event, themes, sessions, appearances, speakers, organisations, cities,
//! countries, pairings) is read once per data revision into memory: once it is built, a
//! programme answer costs no statement at all, whatever it selects. What stays SQL
//! (provenance, sources, reference lists, research lists) reads through batched loaders in
//! the request's transaction: a small number of statements whatever the page size (no N+1).

use crate::support::{TestApp, data_dir_without_the_first_break, load_data};

/// Sessions → speakers → city / country / organisation.
const FULL_PROGRAMME: &str = "query($first: Int) { sessions(filter: { kind: PANEL }, first: $first) { totalCount nodes {
    title speakers { name role city { name nameJa } country { code name } organisation { name kind } } } } }";

/// Every relation of the programme, several of them at more than one depth.
const DEEP: &str = "query($first: Int) { sessions(first: $first) { totalCount nodes {
    title theme { name sessions { title } } startsAt(timeZone: \"Asia/Tokyo\")
    appearances { note speaker { name } }
    speakers { name role hasPresentation sessions { title }
      city { name country { code cities { name } speakers { name } }
        pairings { euCity { name } japanCity { name } themes { slug } sessions { title } } }
      country { code name }
      organisation { name kind country { code } city { name } } }
    cities { name speakers { name } sessions { title } programmeMemberships { programme } } } }
  event { name organisers { name } contact { organisation { name } } }
  themes { slug } countries { code } cityPairings { id }
  speakers(first: 100) { totalCount } cities(first: 100) { totalCount } }";

/// Provenance (SQL) at two depths below the programme (memory).
const PROVENANCE: &str = "query($first: Int) { sessions(first: $first) { totalCount nodes {
    provenance { locator source { title } }
    speakers { provenance { locator source { title } } } } } }";

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
async fn programme_answers_cost_no_statement_once_the_revision_is_in_memory() {
    // This query is costly on purpose: the complexity limit would refuse it by default.
    let app = TestApp::with_config(|c| c.limits.max_complexity = 100_000_000).await;
    assert_eq!(statements_for(&app, FULL_PROGRAMME, 1, 1).await, 0);
    assert_eq!(statements_for(&app, FULL_PROGRAMME, 100, 4).await, 0);
    assert_eq!(statements_for(&app, DEEP, 1, 1).await, 0);
    assert_eq!(statements_for(&app, DEEP, 100, 13).await, 0);
}

#[tokio::test]
async fn what_stays_sql_costs_the_same_few_statements_for_one_or_a_hundred_sessions() {
    let app = TestApp::with_config(|c| c.limits.max_complexity = 100_000_000).await;
    let one = statements_for(&app, PROVENANCE, 1, 1).await;
    let all = statements_for(&app, PROVENANCE, 100, 13).await;
    // Provenance at each of two depths, and the sources of both (which may share a batch).
    assert!(
        (2..=4).contains(&all),
        "{all} statements for the provenance of 13 sessions and their speakers"
    );
    assert!(one <= all, "{one} for one session, {all} for thirteen");
}

#[tokio::test]
async fn a_reload_is_read_once_into_memory_and_then_costs_nothing() {
    let app = TestApp::rereading_the_data_version().await;
    assert_eq!(statements_for(&app, FULL_PROGRAMME, 100, 4).await, 0);
    // Another process loads other data (a new revision).
    load_data(
        app.database_url(),
        data_dir_without_the_first_break().path(),
    );
    // The first answer of the new revision reads the programme (one statement per table)...
    let built = statements_for(&app, FULL_PROGRAMME, 100, 4).await;
    assert!((10..=20).contains(&built), "{built} statements to build");
    // ...and the next ones read nothing.
    assert_eq!(statements_for(&app, FULL_PROGRAMME, 100, 4).await, 0);
}
