//! The data layer: what the loaded database holds, reloads, refusals and migrations.

use api::dataset::{DatasetError, DatasetFiles, LoadOutcome};
use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectionTrait, EntityTrait, Statement};
use serde_json::{Value, json};

use crate::support::{EmptyDatabase, TestApp, data_dir_with, dump, repo_path};

#[tokio::test]
async fn sessions_are_the_thirteen_published_slots_in_programme_order_with_their_utc_instants() {
    let app = TestApp::new().await;
    let body = app
        .query("{ sessions(first: 100) { totalCount nodes { title kind day startsAt endsAt } } }")
        .await;
    let slot = |title: &str, kind: &str, day: &str, start: &str, end: &str| {
        json!({ "title": title, "kind": kind, "day": day,
                "startsAt": format!("{day}T{start}:00+00:00"), "endsAt": format!("{day}T{end}:00+00:00") })
    };
    let d1 = "2023-01-25";
    let d2 = "2023-01-26";
    assert_eq!(
        body["data"]["sessions"],
        json!({ "totalCount": 13, "nodes": [
            slot("Opening Remarks", "OPENING", d1, "08:00", "08:15"),
            slot("Scene Setting", "SCENE_SETTING", d1, "08:15", "08:45"),
            slot("Panel 1 Energy Security and Resilience", "PANEL", d1, "08:45", "09:40"),
            slot("Topic presentation (1) Gender aspects in climate actions and urban planning", "TOPIC_PRESENTATION", d1, "09:40", "09:50"),
            slot("Break", "BREAK", d1, "09:50", "10:10"),
            slot("Panel 2 Local decarbonisation contributing local economies", "PANEL", d1, "10:10", "10:55"),
            slot("Summary of the Day 1", "SUMMARY", d1, "10:55", "11:00"),
            slot("Opening remarks", "OPENING", d2, "08:00", "08:10"),
            slot("Panel 3 Smart City and Innovation", "PANEL", d2, "08:10", "09:05"),
            slot("Topic presentation (2) Decarbonisation efforts beyond administrative boundaries", "TOPIC_PRESENTATION", d2, "09:05", "09:15"),
            slot("Break", "BREAK", d2, "09:15", "09:35"),
            slot("Panel 4 Financing decarbonisation initiatives at local level", "PANEL", d2, "09:35", "10:45"),
            slot("Closing Session", "CLOSING", d2, "10:45", "11:00"),
        ]})
    );
}

#[tokio::test]
async fn both_published_zones_reproduce_the_seed_cet_and_jst_strings_for_every_slot() {
    let app = TestApp::new().await;
    let body = app
        .query(r#"{ sessions(first: 100) { nodes {
            cetStart: startsAt(timeZone: "Europe/Brussels") cetEnd: endsAt(timeZone: "Europe/Brussels")
            jstStart: startsAt(timeZone: "Asia/Tokyo") jstEnd: endsAt(timeZone: "Asia/Tokyo") } } }"#)
        .await;
    let seed = std::fs::read_to_string(repo_path("data/seed/000_2d6dab4a56c5c350.txt")).unwrap();
    let clock = |v: &Value, offset: &str| {
        let text = v.as_str().unwrap();
        assert!(
            text.ends_with(offset),
            "{text} should carry offset {offset}"
        );
        text[11..16].to_owned()
    };
    let nodes = body["data"]["sessions"]["nodes"].as_array().unwrap();
    assert_eq!(nodes.len(), 13);
    for node in nodes {
        let published = format!(
            "CET: {}-{}\nJST: {}-{}",
            clock(&node["cetStart"], "+01:00"),
            clock(&node["cetEnd"], "+01:00"),
            clock(&node["jstStart"], "+09:00"),
            clock(&node["jstEnd"], "+09:00"),
        );
        assert!(
            seed.contains(&published),
            "the seed does not print:\n{published}"
        );
    }
}

#[tokio::test]
async fn all_twenty_nine_speakers_appear_in_published_order() {
    let app = TestApp::new().await;
    let body = app
        .query("{ sessions(first: 100) { nodes { speakers { name } } } speakers(first: 100) { totalCount } }")
        .await;
    let order: Vec<Vec<&str>> = body["data"]["sessions"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            s["speakers"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p["name"].as_str().unwrap())
                .collect()
        })
        .collect();
    assert_eq!(
        order,
        vec![
            vec!["Jean-Eric Paquet", "Hiroshi Ono", "Yasuo Takahashi"],
            vec!["Philippe Froissard", "Yu Kawata"],
            vec![
                "Atsushi Otsuki",
                "Tomoaki Yoshida",
                "Ivan Ivankovic",
                "Jacek Kisiel"
            ],
            vec!["Annika Dalén"],
            vec![],
            vec![
                "Mitsugi Takenaka",
                "Tomomichi Takahashi",
                "Risto Veivo",
                "Caroline Bouvard"
            ],
            vec![],
            vec!["Giorgia Rambelli"],
            vec![
                "Kei Onoue",
                "Osamu Kanda",
                "Elena Deambrogio",
                "Jordi Peris Blanes"
            ],
            vec!["Kazuaki Takahashi"],
            vec![],
            vec![
                "Jan Raes",
                "Mitsuaki Takamoto",
                "Ryo Inoue",
                "Mitsunobu Inoue",
                "Atsushi Ida",
                "Alexandrina Boyanova"
            ],
            vec!["Daisaku Kadokawa", "Christophe Ferrari", "Haitze Siemers"],
        ]
    );
    assert_eq!(body["data"]["speakers"]["totalCount"], 29);
}

#[tokio::test]
async fn typo_corrections_keep_the_original_text_in_provenance() {
    let app = TestApp::new().await;
    let rows = entity::provenance::Entity::find()
        .all(&app.db)
        .await
        .unwrap();
    let speaker = rows
        .iter()
        .find(|p| p.entity == "speaker" && p.entity_id == "jacek-kisiel")
        .expect("provenance of Jacek Kisiel");
    assert_eq!(speaker.source_id, "seed");
    assert!(
        speaker
            .quote
            .as_deref()
            .unwrap()
            .contains("Climate Police Department")
    );
    assert!(
        speaker
            .note
            .as_deref()
            .unwrap()
            .contains("Climate Policy Department")
    );
    assert!(speaker.locator.starts_with("line "));
    let coordinates = rows
        .iter()
        .find(|p| {
            p.entity == "local_government"
                && p.entity_id == "kyoto"
                && p.field.as_deref() == Some("coordinates")
        })
        .expect("coordinates of Kyoto are sourced");
    assert_eq!(
        (coordinates.source_id.as_str(), coordinates.locator.as_str()),
        ("geonames", "geonameId 1857910")
    );
}

#[tokio::test]
async fn editorial_classifications_and_outside_sources_are_recorded_in_provenance() {
    let app = TestApp::new().await;
    let rows = entity::provenance::Entity::find()
        .all(&app.db)
        .await
        .unwrap();
    let find = |entity: &str, id: &str, field: Option<&str>, source: &str| {
        rows.iter()
            .find(|p| {
                p.entity == entity
                    && p.entity_id == id
                    && p.field.as_deref() == field
                    && p.source_id == source
            })
            .unwrap_or_else(|| panic!("no {source} provenance of {entity} {id} {field:?}"))
    };
    // Every organisation's kind is editorial, with its reason.
    for id in [
        "eud",
        "iges",
        "moe-japan",
        "dg-rtd",
        "gcom",
        "abn-amro",
        "san-in-godo-bank",
        "gogin-energy",
        "eib",
    ] {
        assert!(
            find("organisation", id, Some("kind"), "editorial")
                .note
                .is_some()
        );
    }
    for id in ["eud", "dg-rtd", "gcom", "eib"] {
        assert!(
            find("organisation", id, Some("region"), "editorial")
                .note
                .is_some()
        );
    }
    let valencia = find("local_government", "valencia", Some("kind"), "editorial");
    assert!(
        valencia
            .note
            .as_deref()
            .unwrap()
            .contains("Valencia (Spain)")
    );
    let zones = find(
        "event",
        "eu-japan-100-cities-2023",
        Some("time_zones"),
        "editorial",
    );
    assert!(zones.note.as_deref().unwrap().contains("Europe/Brussels"));
    // The companies' countries come from organisations.csv, row by row, with the source.
    for (id, row, place) in [
        ("abn-amro", "row 1", "Amsterdam"),
        ("san-in-godo-bank", "row 2", "島根県松江市"),
        ("gogin-energy", "row 3", "Matsue"),
    ] {
        let seat = find("organisation", id, Some("country"), "organisation-seats");
        assert_eq!(seat.locator, row);
        assert!(seat.quote.as_deref().unwrap().contains(place), "{seat:?}");
        assert!(
            seat.note.as_deref().unwrap().starts_with("https://"),
            "{seat:?}"
        );
    }
    let netherlands = find("country", "NL", None, "organisation-seats");
    assert!(
        netherlands
            .quote
            .as_deref()
            .unwrap()
            .contains("The Netherlands")
    );
    // Every background paragraph is quoted from the seed.
    let background: Vec<_> = rows
        .iter()
        .filter(|p| p.entity == "event" && p.field.as_deref() == Some("background"))
        .collect();
    assert_eq!(background.len(), 5);
    assert!(
        background
            .iter()
            .all(|p| p.source_id == "seed" && p.locator.starts_with("line "))
    );
}

#[tokio::test]
async fn reference_lists_are_never_presented_as_complete() {
    let app = TestApp::new().await;
    let lists = entity::reference_list::Entity::find()
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(lists.len(), 2);
    assert!(lists.iter().all(|l| !l.complete));
    let mission = lists.iter().find(|l| l.id == "eu-cities-mission").unwrap();
    assert_eq!(
        (mission.known_count, mission.expected_count),
        (111, Some(112))
    );
    let rounds = entity::leading_area_round::Entity::find()
        .all(&app.db)
        .await
        .unwrap();
    let summary: Vec<(i32, i32, Option<i32>, bool)> = rounds
        .iter()
        .map(|r| (r.round, r.known_count, r.expected_count, r.complete))
        .collect();
    assert_eq!(
        summary,
        vec![
            (1, 26, Some(26), true),
            (2, 20, Some(20), true),
            (3, 5, Some(16), false),
            (4, 6, Some(12), false),
            (5, 9, Some(9), true),
            (6, 1, Some(7), false),
        ]
    );
}

#[tokio::test]
async fn foreign_keys_are_enforced() {
    let app = TestApp::new().await;
    let orphan = app
        .db
        .execute_raw(Statement::from_string(
            app.db.get_database_backend(),
            "INSERT INTO appearance (session_id, speaker_id, position, has_presentation) VALUES ('no-such-session', 'risto-veivo', 9, false)",
        ))
        .await;
    assert!(
        orphan.is_err(),
        "an appearance in a missing session must be refused"
    );
    let backwards = app
        .db
        .execute_raw(Statement::from_string(
            app.db.get_database_backend(),
            "UPDATE session SET ends_at = starts_at WHERE id = 'day1-panel-1'",
        ))
        .await;
    assert!(backwards.is_err(), "a session may not end when it starts");
}

#[tokio::test]
async fn reloading_the_same_files_changes_nothing() {
    let app = TestApp::new().await;
    let before = dump(&app.db).await;
    let dataset = DatasetFiles::embedded().validate().unwrap();
    let outcome = api::dataset::load(&app.db, &dataset).await.unwrap();
    assert!(
        matches!(outcome, LoadOutcome::Unchanged { .. }),
        "{outcome:?}"
    );
    assert_eq!(dump(&app.db).await, before);
    // Even a forced rewrite of the same dataset yields the same rows.
    let outcome = api::dataset::replace(&app.db, &dataset).await.unwrap();
    assert!(matches!(
        outcome,
        LoadOutcome::Replaced {
            sessions: 13,
            speakers: 29,
            ..
        }
    ));
    assert_eq!(dump(&app.db).await, before);
}

/// The problems the edited files are refused with.
fn refusal(edit: impl Fn(String) -> String) -> String {
    let dir = data_dir_with(edit);
    match DatasetFiles::from_dir(dir.path()).and_then(|f| f.validate()) {
        Ok(_) => panic!("the edited dataset was accepted"),
        Err(error) => error.to_string(),
    }
}

#[test]
fn each_kind_of_bad_file_is_refused_naming_file_record_and_field() {
    // (what, text replaced in programme.toml, its replacement, expected message)
    let cases = [
        (
            "missing field",
            "title = \"Scene Setting\"\n",
            "",
            "programme.toml: sessions[1] \"day1-scene-setting\": field `title`: is missing",
        ),
        (
            "unknown reference",
            "{ speaker = \"yu-kawata\"",
            "{ speaker = \"yu-kawada\"",
            "sessions[1] \"day1-scene-setting\" speakers[1]: field `speaker`: `yu-kawada` is not an id of [[speakers]]",
        ),
        (
            "end before start",
            "cet = \"09:45-10:40\"\njst = \"17:45-18:40\"",
            "cet = \"10:40-09:45\"\njst = \"18:40-17:45\"",
            "sessions[2] \"day1-panel-1\": field `cet`: `10:40-09:45` ends before it starts",
        ),
        (
            "CET/JST mismatch",
            "jst = \"17:45-18:40\"",
            "jst = \"17:50-18:40\"",
            "sessions[2] \"day1-panel-1\": field `jst`: 17:50-18:40 JST is not the same slot as 09:45-10:40 CET",
        ),
        (
            "duplicate id",
            "id = \"day1-break\"",
            "id = \"day1-topic-1\"",
            "sessions[4] \"day1-topic-1\": field `id`: `day1-topic-1` is used by an earlier record",
        ),
        (
            "a quote the seed does not have",
            "source_text = \"Risto Veivo, Climate Director",
            "source_text = \"Risto Veivo, Chief Climate Director",
            "speakers[12] \"risto-veivo\": field `source_text`: `Risto Veivo, Chief Climate Director, City of Turku (Finland)` is not in the seed text",
        ),
        (
            "a value outside the vocabulary",
            "kind = \"SUMMARY\"",
            "kind = \"RECAP\"",
            "sessions[6] \"day1-summary\": field `kind`: `RECAP` is not one of",
        ),
        (
            "an editorial kind without its note",
            "kind = \"NETWORK\"\nkind_note",
            "kind = \"NETWORK\"\nkind_notes",
            "programme.toml: TOML parse error at line",
        ),
        (
            "a local government kind the wording does not give, without a note",
            "kind = \"CITY\"\nkind_note = \"the page prints only 'Valencia (Spain)'",
            "kind = \"CITY\"\nsomething_else = \"",
            "programme.toml: TOML parse error at line",
        ),
        (
            "an organisation without a country and without a region note",
            "region_note = \"a global alliance: neither EU nor Japanese, no country\"\n",
            "",
            "organisations[4] \"gcom\": field `region_note`: is missing",
        ),
        (
            "a seat whose country differs",
            "country = \"NL\"\nseat = \"ABN AMRO bank N.V.\"",
            "country = \"NL\"\nseat = \"San-in Godo Bank Ltd.\"",
            "organisations[5] \"abn-amro\": field `country`: differs from the seat's country",
        ),
        (
            "a missing kind note",
            "kind_note = \"a bank (its name), on the panel of 'financial institutions': classified as a financial institution\"\ncountry = \"NL\"",
            "country = \"NL\"",
            "organisations[5] \"abn-amro\": field `kind_note`: is missing",
        ),
        (
            "a background paragraph the seed does not have",
            "The selected cities/areas are expected",
            "The chosen cities/areas are expected",
            "[event]: field `background`: `The chosen cities/areas",
        ),
        (
            "a role and body the seed does not separate, without the note on the split",
            "organisation_note = \"the page prints the role and the organisation on two lines",
            "# organisation_note = \"",
            "\"giorgia-rambelli\": field `organisation_note`: is missing: the seed does not separate the role from the body",
        ),
        (
            "a served name that differs from the Mission list's, without its note",
            "name_note = \"served as participants.csv names it",
            "# name_note = \"",
            "\"grenoble-alpes-metropole\": field `name_note`: is missing: the served name `Grenoble-Alpes Métropole` differs from the reference list's `Grenoble-Alpes Metropole`",
        ),
        (
            "a cited address without the note that cites it",
            "programme_note = \"Round 2 rests",
            "# programme_note = \"",
            "\"kyoto\": field `programme_note_url`: is given without the `programme_note` that cites it",
        ),
        (
            "a misspelt key",
            "title = \"Closing Session\"",
            "titel = \"Closing Session\"",
            "programme.toml: TOML parse error at line",
        ),
    ];
    for (what, from, to, expected) in cases {
        let message = refusal(|text| {
            assert!(
                text.contains(from),
                "{what}: the data file no longer has `{from}`"
            );
            text.replacen(from, to, 1)
        });
        assert!(
            message.contains(expected),
            "{what}: expected `{expected}` in:\n{message}"
        );
    }
}

#[tokio::test]
async fn a_refused_write_leaves_the_database_exactly_as_it_was() {
    let app = TestApp::new().await;
    let before = dump(&app.db).await;
    // A dataset that slipped past validation: the database's own constraints must stop it,
    // and the transaction must roll back everything written before.
    let mut dataset = DatasetFiles::embedded().validate().unwrap();
    dataset.version = "tampered".to_owned();
    let last = dataset.sessions.last_mut().unwrap();
    last.ends_at = last.starts_at;
    let error = api::dataset::replace(&app.db, &dataset).await.unwrap_err();
    assert!(matches!(error, DatasetError::Database(_)), "{error}");
    assert_eq!(dump(&app.db).await, before);
}

#[tokio::test]
async fn the_load_data_command_refuses_a_bad_file_and_leaves_the_database_unchanged() {
    let app = TestApp::new().await;
    let before = dump(&app.db).await;
    let bad = data_dir_with(|t| t.replacen("jst = \"17:45-18:40\"", "jst = \"17:50-18:40\"", 1));
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_cities-api"))
        .arg("load-data")
        .arg("--data-dir")
        .arg(bad.path())
        .env("DATABASE_URL", app.database_url())
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("programme.toml: sessions[2] \"day1-panel-1\": field `jst`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("refused (1 problem(s))"),
        "only the root cause is reported: {stderr}"
    );
    assert_eq!(dump(&app.db).await, before);

    // And the good files load (unchanged: the database already holds them).
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_cities-api"))
        .args(["load-data", "--data-dir"])
        .arg(repo_path("data"))
        .env("DATABASE_URL", app.database_url())
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(String::from_utf8_lossy(&output.stderr).contains("unchanged"));
}

#[tokio::test]
async fn migrations_go_up_down_and_up_again() {
    let database = EmptyDatabase::new().await;
    let db = api::db::connect(&database.url).await.unwrap();
    let tables = |db: sea_orm::DatabaseConnection| async move {
        let listing = match db.get_database_backend() {
            sea_orm::DbBackend::Postgres => {
                "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' \
                 UNION SELECT indexname FROM pg_indexes WHERE schemaname = 'public' \
                 AND indexname NOT LIKE '%_pkey' ORDER BY name"
            }
            _ => {
                "SELECT name FROM sqlite_master WHERE type IN ('table', 'index') \
                 AND name NOT LIKE 'sqlite_%' ORDER BY name"
            }
        };
        let rows = db
            .query_all_raw(Statement::from_string(db.get_database_backend(), listing))
            .await
            .unwrap();
        rows.iter()
            .map(|r| r.try_get::<String>("", "name").unwrap())
            .collect::<Vec<_>>()
    };
    let empty = tables(db.clone()).await;
    Migrator::up(&db, None).await.unwrap();
    let migrated = tables(db.clone()).await;
    assert!(
        migrated.contains(&"session".to_owned())
            && migrated.contains(&"idx_speaker_country".to_owned())
    );
    Migrator::down(&db, None).await.unwrap();
    let after_down = tables(db.clone()).await;
    assert_eq!(
        after_down,
        [empty, vec!["seaql_migrations".to_owned()]].concat()
    );
    Migrator::up(&db, None).await.unwrap();
    assert_eq!(tables(db.clone()).await, migrated);
}

#[tokio::test]
async fn the_events_japanese_name_comes_from_its_japanese_page_with_provenance() {
    let app = crate::support::TestApp::new().await;
    let body = app
        .query(
            "{ event { name nameJa timeLineJa provenance { field source { slug } locator publishedText } } }",
        )
        .await;
    let event = &body["data"]["event"];
    assert_eq!(event["name"], "EU-Japan 100 Cities Event on Climate Action");
    assert_eq!(event["nameJa"], "気候変動アクションに関する日欧100都市対話");
    assert!(
        event["timeLineJa"]
            .as_str()
            .unwrap()
            .starts_with("2023年1月25日、26日 午前9:00~12:00"),
        "{}",
        event["timeLineJa"]
    );
    let traced = event["provenance"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["field"] == "nameJa" || p["field"] == "name_ja")
        .expect("nameJa has provenance");
    assert_eq!(traced["source"]["slug"], "event-pages");
    let locator = traced["locator"].as_str().unwrap();
    assert!(
        locator.contains("https://www.iges.or.jp/jp/events/20230126")
            && locator.contains("2026-12-02"),
        "{locator}"
    );
}

#[test]
fn an_english_page_title_that_is_not_the_events_name_is_refused() {
    let dir = crate::support::data_dir_with(|programme| programme);
    let pages = dir.path().join("reference/event-pages.csv");
    let text = std::fs::read_to_string(&pages).unwrap();
    std::fs::write(
        &pages,
        text.replace(
            ",EU-Japan 100 Cities Event on Climate Action,",
            ",EU-Japan Cities Event,",
        ),
    )
    .unwrap();
    let error = DatasetFiles::from_dir(dir.path())
        .and_then(|files| files.validate())
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("reference/event-pages.csv: lang=en: field `title`: `EU-Japan Cities Event` is not the event's name"),
        "{error}"
    );
}

/// The provenance `(field, note, url)` of `node`, whose field is `field`.
fn provenance_of<'a>(node: &'a Value, field: &str) -> &'a Value {
    node["provenance"]
        .as_array()
        .and_then(|rows| rows.iter().find(|p| p["field"] == field))
        .unwrap_or_else(|| panic!("no `{field}` provenance in {node}"))
}

#[tokio::test]
async fn what_the_sources_leave_open_is_said_in_the_served_provenance() {
    let app = TestApp::new().await;
    let body = app
        .query(
            r#"{
              raes: speaker(slug: "jan-raes") {
                country { code } provenance { field publishedText note url source { slug } } }
              rambelli: speaker(slug: "giorgia-rambelli") {
                role organisation { name } provenance { field note source { slug } } }
              grenoble: city(slug: "grenoble-alpes-metropole") {
                name provenance { field note source { slug } } }
              kyoto: city(slug: "kyoto") {
                programmeMemberships { round provenance { field note url source { slug } } } }
            }"#,
        )
        .await;
    assert!(body.get("errors").is_none(), "{body}");
    let data = &body["data"];
    // Jan Raes's country is the seat of ABN AMRO, from a 2007 filing of its holding company.
    assert_eq!(data["raes"]["country"]["code"], "NL");
    let country = provenance_of(&data["raes"], "country");
    assert_eq!(country["source"]["slug"], "organisation-seats");
    let filing = country["publishedText"].as_str().unwrap_or_default();
    assert!(
        filing.contains("ABN AMRO Holding N.V., SEC Form 20-F for 2007"),
        "{filing}"
    );
    assert!(
        country["note"].as_str().unwrap_or_default().starts_with(
            "the country of the seat of the speaker's organisation, ABN AMRO Bank N.V."
        )
    );
    assert!(
        country["url"]
            .as_str()
            .unwrap_or_default()
            .starts_with("https://www.sec.gov/")
    );
    // Giorgia Rambelli's role and organisation: a split of two unpunctuated lines, said so.
    assert_eq!(
        data["rambelli"]["organisation"]["name"],
        "Global Covenant of Mayors for Climate & Energy"
    );
    let split = provenance_of(&data["rambelli"], "organisation");
    assert_eq!(split["source"]["slug"], "editorial");
    assert!(
        split["note"]
            .as_str()
            .unwrap_or_default()
            .contains("the split is this dataset's reading")
    );
    // Grenoble's accent: why the served name differs from the Mission list's.
    assert_eq!(data["grenoble"]["name"], "Grenoble-Alpes Métropole");
    let spelling = provenance_of(&data["grenoble"], "name");
    let note = spelling["note"].as_str().unwrap_or_default();
    assert!(
        note.contains("Christophe Ferrari") && note.contains("EU Cities Mission list"),
        "{note}"
    );
    // Kyoto's round 2: the ministry's own list was not found; the city's own page is cited.
    let membership = &data["kyoto"]["programmeMemberships"][0];
    assert_eq!(membership["round"], 2);
    let round = provenance_of(membership, "round");
    assert!(round["note"].as_str().unwrap_or_default().contains(
        "The Ministry of the Environment's own list of round 2 was looked for and not found"
    ));
    assert_eq!(
        round["url"],
        "https://www.city.kyoto.lg.jp/kankyo/page/0000305694.html"
    );
}
