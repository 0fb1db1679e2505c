//! The same answers on SQLite and PostgreSQL, however the PostgreSQL server was set up: text
//! compares by code point on both (on PostgreSQL every text column has the `"C"` collation),
//! so orderings and keyset cursors do not follow a server's language collation. These tests
//! need `TEST_DATABASE_URL` (see `postgres`).

use sea_orm::{ConnectionTrait, Database, Statement};

use crate::postgres::TestDatabase;
use std::net::SocketAddr;

use crate::support::{
    cli, data_dir_with, get_text, graphql_post_text, raw_http, sqlite_url, start_binary,
    status_and_body,
};

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
    let listing = Ask::query("{ speakers(first: 100) { edges { cursor } } }").of(sqlite_addr);
    let listing: serde_json::Value = serde_json::from_str(&listing).unwrap();
    let edges = listing["data"]["speakers"]["edges"].as_array().unwrap();
    let cursor = edges[edges.len() - 2]["cursor"].as_str().unwrap();
    let requests = [
        Ask::query("{ speakers(first: 100) { nodes { id name } } }"),
        Ask::Query(format!(
            "{{ speakers(first: 3, after: \"{cursor}\") {{ edges {{ cursor node {{ id }} }} }} }}"
        )),
        Ask::query(
            "{ cities(first: 100) { nodes { id name } } countries { code name } missionCities(first: 100) { nodes { name } } }",
        ),
        Ask::query("{ search(text: \"an\", first: 50) { edges { rank node { __typename } } } }"),
        Ask::query(include_str!("../../bench/ops/programme.graphql")),
        Ask::query(
            "{ cityPairings { japanCity { name nameJa } euCity { name } sessions { title } } }",
        ),
        Ask::query(
            "{ participation(by: COUNTRY) { key label speakerCount sessionCount cityCount } }",
        ),
        Ask::query(
            "{ search(text: \"京都\", first: 10) { totalCount edges { rank node { __typename } } } }",
        ),
        Ask::Get("/export/speakers.csv"),
        Ask::Get("/export/cities.csv"),
        Ask::query(
            "{ participation(by: ORGANISATION_KIND) { key speakers(first: 50) { nodes { id } } } }",
        ),
    ];
    let mut differences = Vec::new();
    let mut first_speaker = String::new();
    for request in &requests {
        let on_sqlite = request.of(sqlite_addr);
        let on_postgres = request.of(postgres_addr);
        assert!(!on_sqlite.contains("\"errors\""), "{on_sqlite}");
        if first_speaker.is_empty() {
            first_speaker = on_sqlite.clone();
        }
        if on_sqlite != on_postgres {
            differences.push(format!(
                "{request:?}\nSQLite: {on_sqlite}\nPostgreSQL: {on_postgres}"
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

/// What the comparison asks each server.
#[derive(Debug)]
enum Ask {
    /// POST of a GraphQL query.
    Query(String),
    /// GET of a path.
    Get(&'static str),
}

impl Ask {
    fn query(text: &str) -> Self {
        Self::Query(text.to_owned())
    }

    /// The body of the answer of the server at `addr`.
    fn of(&self, addr: SocketAddr) -> String {
        let request = match self {
            Self::Query(query) => {
                graphql_post_text(addr, &serde_json::json!({ "query": query }).to_string())
            }
            Self::Get(path) => get_text(addr, path),
        };
        status_and_body(&raw_http(addr, &request)).1
    }
}
