//! The same answers on SQLite and PostgreSQL, however the PostgreSQL server was set up: text
//! compares by code point on both (on PostgreSQL every text column has the `"C"` collation),
//! so orderings and keyset cursors do not follow a server's language collation. These tests
//! need `TEST_DATABASE_URL` (see `postgres`).

use sea_orm::{ConnectionTrait, Database, Statement};

use crate::postgres::TestDatabase;
use crate::support::{cli, data_dir_with, raw_http, sqlite_url, start_binary};

/// A database whose default collation is a language's (ICU, American English), where `Å`
/// sorts with `A`, not after `z` as in code-point order.
const LANGUAGE_COLLATION: &str =
    "TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C.UTF-8'";

#[tokio::test]
async fn every_text_column_compares_by_code_point() {
    let Some(database) = TestDatabase::create_with(
        "backends::every_text_column_compares_by_code_point",
        LANGUAGE_COLLATION,
    )
    .await
    else {
        return;
    };
    let db = api::db::connect(&database.url).await.unwrap();
    api::bootstrap::prepare(&db).await.unwrap();
    let rows = db
        .query_all_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT table_name::text AS table_name, column_name::text AS column_name, \
                    coalesce(collation_name::text, '(default)') AS collation \
             FROM information_schema.columns \
             WHERE table_schema = current_schema() AND table_name <> 'seaql_migrations' \
               AND data_type IN ('text', 'character varying') \
             ORDER BY table_name, column_name",
        ))
        .await
        .unwrap();
    let columns: Vec<(String, String, String)> = rows
        .iter()
        .map(|row| {
            (
                row.try_get("", "table_name").unwrap(),
                row.try_get("", "column_name").unwrap(),
                row.try_get("", "collation").unwrap(),
            )
        })
        .collect();
    assert!(columns.len() > 40, "the schema's text columns: {columns:?}");
    let unpinned: Vec<_> = columns
        .iter()
        .filter(|(_, _, collation)| collation != "C")
        .collect();
    assert!(unpinned.is_empty(), "not in code-point order: {unpinned:?}");
    db.close().await.unwrap();
}

#[tokio::test]
async fn a_server_with_a_language_collation_answers_byte_for_byte_as_sqlite() {
    let Some(postgres) = TestDatabase::create_with(
        "backends::a_server_with_a_language_collation_answers_byte_for_byte_as_sqlite",
        LANGUAGE_COLLATION,
    )
    .await
    else {
        return;
    };
    // Check that the server really orders by language here, or the test would prove nothing.
    let admin = Database::connect(postgres.url.as_str()).await.unwrap();
    let ordered = admin
        .query_one_raw(Statement::from_string(
            admin.get_database_backend(),
            "SELECT 'å' < 'b' AS language_order",
        ))
        .await
        .unwrap()
        .unwrap();
    assert!(ordered.try_get::<bool>("", "language_order").unwrap());
    admin.close().await.unwrap();

    // A fixture, not a fact: the dataset with one speaker's name given an accented initial,
    // which code-point order puts after every ASCII name, and English order first.
    let data = data_dir_with(|programme| {
        programme.replacen(
            "name = \"Alexandrina Boyanova\"",
            "name = \"Ålexandrina Boyanova\"",
            1,
        )
    });
    let sqlite_dir = tempfile::tempdir().unwrap();
    let sqlite = sqlite_url(&sqlite_dir.path().join("test.sqlite"));
    for url in [&sqlite, &postgres.url] {
        let output = cli(&[
            "load-data",
            "--database-url",
            url,
            "--data-dir",
            data.path().to_str().unwrap(),
        ]);
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }

    let (mut sqlite_child, sqlite_addr) = start_binary(&sqlite, &[]);
    let (mut postgres_child, postgres_addr) = start_binary(&postgres.url, &[]);
    // A keyset page after the cursor of the speaker before the accented one in code-point order.
    let listing = body(&raw_http(
        sqlite_addr,
        &graphql("{ speakers(first: 100) { edges { cursor } } }")
            .replace("{addr}", &sqlite_addr.to_string()),
    ));
    let listing: serde_json::Value = serde_json::from_str(&listing).unwrap();
    let edges = listing["data"]["speakers"]["edges"].as_array().unwrap();
    let cursor = edges[edges.len() - 2]["cursor"].as_str().unwrap();
    let requests = [
        graphql("{ speakers(first: 100) { nodes { id name } } }"),
        graphql(&format!(
            "{{ speakers(first: 3, after: \"{cursor}\") {{ edges {{ cursor node {{ id }} }} }} }}"
        )),
        graphql(
            "{ cities(first: 100) { nodes { id name } } countries { code name } missionCities(first: 100) { nodes { name } } }",
        ),
        graphql("{ search(text: \"an\", first: 50) { edges { rank node { __typename } } } }"),
        graphql(include_str!("../../bench/ops/programme.graphql")),
        graphql(
            "{ cityPairings { japanCity { name nameJa } euCity { name } sessions { title } } }",
        ),
        graphql("{ participation(by: COUNTRY) { key label speakerCount sessionCount cityCount } }"),
        graphql(
            "{ search(text: \"京都\", first: 10) { totalCount edges { rank node { __typename } } } }",
        ),
        get("/export/speakers.csv"),
        get("/export/cities.csv"),
        graphql(
            "{ participation(by: ORGANISATION_KIND) { key speakers(first: 50) { nodes { id } } } }",
        ),
    ];
    let mut differences = Vec::new();
    let mut first_speaker = String::new();
    for request in &requests {
        let on_sqlite = body(&raw_http(
            sqlite_addr,
            &request.replace("{addr}", &sqlite_addr.to_string()),
        ));
        let on_postgres = body(&raw_http(
            postgres_addr,
            &request.replace("{addr}", &postgres_addr.to_string()),
        ));
        assert!(!on_sqlite.contains("\"errors\""), "{on_sqlite}");
        if first_speaker.is_empty() {
            first_speaker = on_sqlite.clone();
        }
        if on_sqlite != on_postgres {
            differences.push(format!(
                "{request}\nSQLite: {on_sqlite}\nPostgreSQL: {on_postgres}"
            ));
        }
    }
    for child in [&mut sqlite_child, &mut postgres_child] {
        child.kill().unwrap();
        child.wait().unwrap();
    }
    // Code-point order: the accented name comes after every ASCII one.
    assert!(
        first_speaker.ends_with("\"name\":\"Ålexandrina Boyanova\"}]}}}"),
        "{first_speaker}"
    );
    assert!(differences.is_empty(), "{}", differences.join("\n\n"));
}

/// A raw HTTP POST of a GraphQL query (the `{addr}` in it becomes the server's address).
fn graphql(query: &str) -> String {
    let body = serde_json::json!({ "query": query }).to_string();
    format!(
        "POST /graphql HTTP/1.1\r\nHost: {{addr}}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
}

/// A raw HTTP GET of `path`.
fn get(path: &str) -> String {
    format!("GET {path} HTTP/1.1\r\nHost: {{addr}}\r\nConnection: close\r\n\r\n")
}

/// The body of a raw HTTP response (chunked bodies are not expected: every answer has a length).
fn body(response: &str) -> String {
    response
        .split_once("\r\n\r\n")
        .map(|(_, body)| body.to_owned())
        .unwrap_or_default()
}
