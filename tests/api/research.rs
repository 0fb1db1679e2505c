//! The research features through GraphQL: participation analytics checked against counts
//! computed here from the dataset files (not from the database), the reference lists and
//! their completeness, provenance, and search.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Value, json};

use crate::support::{TestApp, error_codes, repo_path};

type Key = Option<String>;

/// What the dataset files say about one speaker.
struct SpeakerFacts {
    id: String,
    organisation_kind: String,
    country: Option<String>,
    region: String,
    city: Option<String>,
}

/// What the dataset files say about one local government.
struct CityFacts {
    id: String,
    kind: String,
    country: String,
    region: String,
    programme: String,
    round: Option<String>,
}

/// The programme as the files give it, read without the service.
struct Files {
    speakers: Vec<SpeakerFacts>,
    sessions: Vec<(String, Option<String>, Vec<String>)>,
    cities: Vec<CityFacts>,
}

fn files() -> Files {
    let programme: toml::Value =
        toml::from_str(&std::fs::read_to_string(repo_path("data/programme.toml")).unwrap())
            .unwrap();
    let table = |name: &str| programme[name].as_array().unwrap().clone();
    let text = |v: &toml::Value, k: &str| v.get(k).and_then(|x| x.as_str()).map(str::to_owned);
    let region_of: BTreeMap<String, String> = table("countries")
        .iter()
        .map(|c| (text(c, "code").unwrap(), text(c, "region").unwrap()))
        .collect();
    let mut participants =
        csv::Reader::from_path(repo_path("data/reference/participants.csv")).unwrap();
    let rows: Vec<BTreeMap<String, String>> =
        participants.deserialize().map(Result::unwrap).collect();
    let cities: Vec<CityFacts> = table("local_governments")
        .iter()
        .map(|lg| {
            let seed = text(lg, "participant").unwrap();
            let row = rows.iter().find(|r| r["seed_name"] == seed).unwrap();
            let programme = match row["programme"].as_str() {
                "JAPAN_DLA" => "JAPAN_DECARBONIZATION_LEADING_AREA".to_owned(),
                other => other.to_owned(),
            };
            CityFacts {
                id: text(lg, "id").unwrap(),
                kind: text(lg, "kind").unwrap(),
                country: row["iso2"].clone(),
                region: region_of[&row["iso2"]].clone(),
                round: Some(row["programme_round"].clone()).filter(|r| !r.is_empty()),
                programme,
            }
        })
        .collect();
    let organisations = table("organisations");
    let speakers = table("speakers")
        .iter()
        .map(|s| {
            let id = text(s, "id").unwrap();
            match text(s, "local_government") {
                Some(city) => {
                    let facts = cities.iter().find(|c| c.id == city).unwrap();
                    SpeakerFacts {
                        id,
                        organisation_kind: "LOCAL_GOVERNMENT".to_owned(),
                        country: Some(facts.country.clone()),
                        region: facts.region.clone(),
                        city: Some(city),
                    }
                }
                None => {
                    let body = text(s, "organisation").unwrap();
                    let o = organisations
                        .iter()
                        .find(|o| text(o, "id").as_deref() == Some(&body))
                        .unwrap();
                    SpeakerFacts {
                        id,
                        organisation_kind: text(o, "kind").unwrap(),
                        country: text(o, "country"),
                        region: text(o, "region").unwrap(),
                        city: None,
                    }
                }
            }
        })
        .collect();
    let sessions = table("sessions")
        .iter()
        .map(|s| {
            let speakers = s
                .get("speakers")
                .and_then(|l| l.as_array())
                .map(|l| l.iter().map(|a| text(a, "speaker").unwrap()).collect())
                .unwrap_or_default();
            (text(s, "id").unwrap(), text(s, "theme"), speakers)
        })
        .collect();
    Files {
        speakers,
        sessions,
        cities,
    }
}

/// The groups a dimension makes, computed from the files: key → (speakers, sessions, cities).
fn expected(files: &Files, dimension: &str) -> BTreeMap<Key, [BTreeSet<String>; 3]> {
    let city = |id: &Option<String>| {
        id.as_ref()
            .and_then(|id| files.cities.iter().find(|c| &c.id == id))
    };
    let speaker_keys = |s: &SpeakerFacts| -> Vec<Key> {
        match dimension {
            "COUNTRY" => vec![s.country.clone()],
            "REGION" => vec![Some(s.region.clone())],
            "ORGANISATION_KIND" => vec![Some(s.organisation_kind.clone())],
            "CITY_KIND" => vec![city(&s.city).map(|c| c.kind.clone())],
            "NATIONAL_PROGRAMME" => vec![city(&s.city).map(|c| c.programme.clone())],
            "DLA_ROUND" => vec![city(&s.city).and_then(|c| c.round.clone())],
            _ => files
                .sessions
                .iter()
                .filter(|(_, _, speakers)| speakers.contains(&s.id))
                .map(|(_, theme, _)| theme.clone())
                .collect(),
        }
    };
    let mut groups: BTreeMap<Key, [BTreeSet<String>; 3]> = BTreeMap::new();
    for speaker in &files.speakers {
        for key in speaker_keys(speaker) {
            groups.entry(key).or_default()[0].insert(speaker.id.clone());
        }
    }
    for (id, theme, speakers) in &files.sessions {
        let keys: Vec<Key> = if dimension == "THEME" {
            vec![theme.clone()]
        } else {
            speakers
                .iter()
                .flat_map(|s| speaker_keys(files.speakers.iter().find(|f| &f.id == s).unwrap()))
                .collect()
        };
        for key in keys {
            groups.entry(key).or_default()[1].insert(id.clone());
        }
    }
    for c in &files.cities {
        let keys: Vec<Key> = match dimension {
            "COUNTRY" => vec![Some(c.country.clone())],
            "REGION" => vec![Some(c.region.clone())],
            "ORGANISATION_KIND" => vec![Some("LOCAL_GOVERNMENT".to_owned())],
            "CITY_KIND" => vec![Some(c.kind.clone())],
            "NATIONAL_PROGRAMME" => vec![Some(c.programme.clone())],
            "DLA_ROUND" => vec![c.round.clone()],
            _ => files
                .sessions
                .iter()
                .filter(|(_, _, speakers)| {
                    speakers.iter().any(|s| {
                        files
                            .speakers
                            .iter()
                            .any(|f| &f.id == s && f.city.as_deref() == Some(c.id.as_str()))
                    })
                })
                .map(|(_, theme, _)| theme.clone())
                .collect(),
        };
        for key in keys {
            groups.entry(key).or_default()[2].insert(c.id.clone());
        }
    }
    groups
}

/// The dataset key inside a global id.
fn key_of(id: &str) -> String {
    use base64::Engine;
    let text = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(id)
        .unwrap();
    String::from_utf8(text)
        .unwrap()
        .split_once(':')
        .unwrap()
        .1
        .to_owned()
}

#[tokio::test]
async fn every_participation_count_and_member_list_matches_the_dataset_files() {
    let app = TestApp::new().await;
    let files = files();
    assert_eq!(
        (
            files.speakers.len(),
            files.sessions.len(),
            files.cities.len()
        ),
        (29, 13, 16)
    );
    for dimension in [
        "COUNTRY",
        "REGION",
        "ORGANISATION_KIND",
        "CITY_KIND",
        "NATIONAL_PROGRAMME",
        "DLA_ROUND",
        "THEME",
    ] {
        let query = format!(
            "{{ participation(by: {dimension}) {{ key label speakerCount sessionCount cityCount
                speakers(first: 100) {{ totalCount nodes {{ id }} }}
                sessions(first: 100) {{ totalCount nodes {{ id }} }}
                cities(first: 100) {{ totalCount nodes {{ id }} }} }} }}"
        );
        let body = app.query(&query).await;
        assert!(body.get("errors").is_none(), "{body}");
        let want = expected(&files, dimension);
        let groups = body["data"]["participation"].as_array().unwrap();
        let keys: Vec<Key> = groups
            .iter()
            .map(|g| g["key"].as_str().map(str::to_owned))
            .collect();
        let mut ordered: Vec<Key> = want.keys().filter(|k| k.is_some()).cloned().collect();
        if want.contains_key(&None) {
            ordered.push(None);
        }
        assert_eq!(
            keys, ordered,
            "{dimension}: groups by key, the null group last"
        );
        for group in groups {
            let key = group["key"].as_str().map(str::to_owned);
            let [speakers, sessions, cities] = &want[&key];
            let counted = [
                &group["speakerCount"],
                &group["sessionCount"],
                &group["cityCount"],
            ];
            assert_eq!(
                counted,
                [
                    &json!(speakers.len()),
                    &json!(sessions.len()),
                    &json!(cities.len())
                ],
                "{dimension} {key:?}"
            );
            for (field, members) in [
                ("speakers", speakers),
                ("sessions", sessions),
                ("cities", cities),
            ] {
                let listed: BTreeSet<String> = group[field]["nodes"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|n| key_of(n["id"].as_str().unwrap()))
                    .collect();
                assert_eq!(&listed, members, "{dimension} {key:?} {field}");
                assert_eq!(group[field]["totalCount"], json!(members.len()));
            }
            assert!(!group["label"].as_str().unwrap().is_empty());
        }
    }
}

#[tokio::test]
async fn a_groups_members_page_with_cursors_and_its_labels_read_as_words() {
    let app = TestApp::new().await;
    let page = |after: Value| {
        let app = &app;
        async move {
            app.query_with(
                r#"query($after: String) { participation(by: COUNTRY) { key label
                    speakers(first: 4, after: $after) { pageInfo { hasNextPage endCursor } nodes { name } } } }"#,
                json!({ "after": after }),
            )
            .await
        }
    };
    let japan = |body: &Value| {
        body["data"]["participation"]
            .as_array()
            .unwrap()
            .iter()
            .find(|g| g["key"] == "JP")
            .unwrap()
            .clone()
    };
    assert_eq!(japan(&page(Value::Null).await)["label"], "Japan");
    let mut names: Vec<Value> = Vec::new();
    let mut cursor = Value::Null;
    loop {
        let group = japan(&page(cursor).await);
        names.extend(group["speakers"]["nodes"].as_array().unwrap().clone());
        if group["speakers"]["pageInfo"]["hasNextPage"] != json!(true) {
            break;
        }
        cursor = group["speakers"]["pageInfo"]["endCursor"].clone();
    }
    let distinct: BTreeSet<String> = names.iter().map(|n| n["name"].to_string()).collect();
    assert_eq!(distinct.len(), names.len(), "no speaker twice");
    assert_eq!(names.len(), 15, "every Japanese speaker once: {names:?}");
    let body = app.query("{ participation(by: ORGANISATION_KIND) { key label } theme: participation(by: THEME) { key label } }").await;
    let labels: Vec<&str> = body["data"]["participation"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["label"].as_str().unwrap())
        .collect();
    assert!(
        labels.contains(&"EU institution") && labels.contains(&"Local government"),
        "{labels:?}"
    );
    assert_eq!(
        body["data"]["theme"].as_array().unwrap().last().unwrap()["label"],
        "No theme"
    );
}

#[tokio::test]
async fn reference_lists_always_carry_their_completeness() {
    let app = TestApp::new().await;
    let body = app
        .query(
            r#"{ referenceLists { slug name completeness { known expected complete note } source { slug location } }
                took: missionCities(filter: { tookPart: true }) { totalCount completeness { known expected complete }
                  nodes { name countryCode city { name } coordinates { geonamesId attribution } } }
                others: missionCities(filter: { tookPart: false }, first: 0) { totalCount completeness { complete } }
                de: missionCities(filter: { country: "de" }, first: 0) { totalCount completeness { known } }
                leadingAreaRounds { round completeness { known expected complete } }
                round1: leadingAreas(filter: { round: 1, tookPart: true }) { totalCount completeness { known expected complete note }
                  nodes { leadMunicipality city { name nameJa } } }
                all: leadingAreas(first: 0) { totalCount completeness { known expected complete } } }"#,
        )
        .await;
    let data = &body["data"];
    let lists = data["referenceLists"].as_array().unwrap();
    assert_eq!(lists[0]["slug"], "eu-cities-mission");
    assert_eq!(lists[0]["completeness"]["known"], 111);
    assert_eq!(lists[0]["completeness"]["expected"], 112);
    assert_eq!(lists[0]["completeness"]["complete"], false);
    assert!(
        lists[0]["completeness"]["note"]
            .as_str()
            .unwrap()
            .contains("Frankfurt")
    );
    assert_eq!(lists[1]["slug"], "japan-dla");
    assert_eq!(lists[1]["completeness"]["complete"], false);
    assert_eq!(data["took"]["totalCount"], 7);
    assert_eq!(
        data["took"]["completeness"],
        json!({ "known": 111, "expected": 112, "complete": false })
    );
    for city in data["took"]["nodes"].as_array().unwrap() {
        assert!(city["city"]["name"].is_string(), "{city}");
        assert_eq!(
            city["coordinates"]["attribution"],
            "GeoNames, geonames.org (CC BY 4.0)"
        );
    }
    assert_eq!(data["others"]["totalCount"], 104);
    assert_eq!(
        data["others"]["completeness"]["complete"], false,
        "a filter narrows the items, not the completeness"
    );
    assert!(data["de"]["totalCount"].as_i64().unwrap() > 0);
    let rounds: Vec<(i64, i64, i64, bool)> = data["leadingAreaRounds"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let c = &r["completeness"];
            (
                r["round"].as_i64().unwrap(),
                c["known"].as_i64().unwrap(),
                c["expected"].as_i64().unwrap(),
                c["complete"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        rounds,
        vec![
            (1, 26, 26, true),
            (2, 20, 20, true),
            (3, 5, 16, false),
            (4, 6, 12, false),
            (5, 9, 9, true),
            (6, 1, 7, false)
        ]
    );
    assert_eq!(data["round1"]["completeness"]["complete"], true);
    let spoke: BTreeSet<&str> = data["round1"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["city"]["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        spoke,
        BTreeSet::from([
            "Akita Prefecture",
            "Higashi-Matsushima",
            "Kamishihoro",
            "Kawasaki",
            "Nagoya",
            "Saitama",
            "Yokohama",
            "Yonago"
        ])
    );
    assert_eq!(data["all"]["totalCount"], 67);
    assert_eq!(data["all"]["completeness"]["complete"], false);

    // A partial round says so in its answer.
    let round3 = app.query("{ leadingAreas(filter: { round: 3 }) { completeness { known expected complete note } } }").await;
    let completeness = &round3["data"]["leadingAreas"]["completeness"];
    assert_eq!(
        (
            completeness["known"].as_i64(),
            completeness["expected"].as_i64(),
            completeness["complete"].as_bool()
        ),
        (Some(5), Some(16), Some(false))
    );
    assert!(
        completeness["note"]
            .as_str()
            .unwrap()
            .starts_with("round 3: 5 of 16")
    );
    let bad = app
        .query("{ leadingAreas(filter: { round: 9 }) { totalCount } }")
        .await;
    assert_eq!(error_codes(&bad), vec!["BAD_USER_INPUT"]);
}

#[tokio::test]
async fn the_mission_list_pages_through_all_its_rows_once() {
    let app = TestApp::new().await;
    let mut rows = Vec::new();
    let mut after = Value::Null;
    loop {
        let body = app
            .query_with(
                "query($after: String) { missionCities(first: 40, after: $after) { pageInfo { hasNextPage endCursor } nodes { row } } }",
                json!({ "after": after }),
            )
            .await;
        let page = &body["data"]["missionCities"];
        rows.extend(
            page["nodes"]
                .as_array()
                .unwrap()
                .iter()
                .map(|n| n["row"].as_i64().unwrap()),
        );
        if page["pageInfo"]["hasNextPage"] != json!(true) {
            break;
        }
        after = page["pageInfo"]["endCursor"].clone();
    }
    assert_eq!(rows, (1..=111).collect::<Vec<i64>>());
    let bad = app
        .query(r#"{ missionCities(after: "nope") { totalCount } }"#)
        .await;
    assert_eq!(error_codes(&bad), vec!["BAD_USER_INPUT"]);
}

#[tokio::test]
async fn every_entity_answers_where_its_facts_come_from() {
    let app = TestApp::new().await;
    let body = app
        .query(
            r#"{ sessions(filter: { kind: TOPIC_PRESENTATION }, first: 1) { nodes { title provenance { field locator publishedText note source { slug } } } }
                cities(filter: { country: "FR" }) { nodes { provenance { field locator note source { slug url licence } }
                  programmeMemberships { provenance { locator source { slug } } } } }
                countries { code provenance { locator publishedText note source { slug title } } }
                event { provenance { field source { slug } } }
                speakers(first: 100) { nodes { provenance { source { slug } } } } }"#,
        )
        .await;
    assert!(body.get("errors").is_none(), "{body}");
    let topic = &body["data"]["sessions"]["nodes"][0];
    assert_eq!(
        topic["title"],
        "Topic presentation (1) Gender aspects in climate actions and urban planning"
    );
    let quoted = topic["provenance"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| {
            p["publishedText"]
                .as_str()
                .is_some_and(|t| t.contains("presentaion"))
        })
        .expect("the published text with its typo");
    assert!(quoted["note"].as_str().unwrap().contains("corrected"));
    assert_eq!(quoted["source"]["slug"], "seed");
    assert!(quoted["locator"].as_str().unwrap().starts_with("line "));
    let grenoble = &body["data"]["cities"]["nodes"][0];
    let geonames = grenoble["provenance"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["field"] == "coordinates")
        .unwrap();
    assert_eq!(geonames["source"]["slug"], "geonames");
    assert_eq!(geonames["source"]["url"], "https://www.geonames.org/");
    assert!(
        geonames["source"]["licence"]
            .as_str()
            .unwrap()
            .contains("CC BY 4.0")
    );
    assert_eq!(geonames["locator"], "geonameId 3014728");
    let membership: Vec<&str> = grenoble["programmeMemberships"][0]["provenance"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["source"]["slug"].as_str().unwrap())
        .collect();
    assert_eq!(membership, vec!["participants", "eu-cities-mission"]);
    let netherlands = body["data"]["countries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["code"] == "NL")
        .unwrap();
    assert!(
        netherlands["provenance"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["source"]["slug"] == "organisation-seats")
    );
    assert!(
        !body["data"]["event"]["provenance"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    for speaker in body["data"]["speakers"]["nodes"].as_array().unwrap() {
        assert!(
            speaker["provenance"]
                .as_array()
                .unwrap()
                .iter()
                .any(|p| p["source"]["slug"] == "seed"),
            "every speaker traces to the event page"
        );
    }
}

async fn search(app: &TestApp, text: &str) -> Value {
    app.query_with(
        r#"query($text: String!) { search(text: $text, first: 10) { totalCount edges { rank node { __typename
            ... on City { name } ... on Session { title } ... on Speaker { name } ... on Organisation { name }
            ... on MissionCity { name } } } } }"#,
        json!({ "text": text }),
    )
    .await
}

fn first_hit(body: &Value) -> (String, String, String) {
    let edge = &body["data"]["search"]["edges"][0];
    let node = &edge["node"];
    let name = node
        .get("name")
        .or_else(|| node.get("title"))
        .and_then(Value::as_str)
        .unwrap_or_default();
    (
        node["__typename"].as_str().unwrap_or_default().to_owned(),
        name.to_owned(),
        edge["rank"].as_str().unwrap_or_default().to_owned(),
    )
}

#[tokio::test]
async fn search_folds_case_and_accents_and_finds_japanese_names_by_substring() {
    let app = TestApp::new().await;
    let cases = [
        ("umea", ("City", "Umeå", "EXACT_NAME")),
        ("Umeå", ("City", "Umeå", "EXACT_NAME")),
        (
            "GRENOBLE",
            ("City", "Grenoble-Alpes Métropole", "NAME_PREFIX"),
        ),
        // Mission cities named "… Métropole" come first by name; the local government before
        // the Mission list's entry of the same name (by kind).
        (
            "alpes metropole",
            ("City", "Grenoble-Alpes Métropole", "NAME_CONTAINS"),
        ),
        ("京都", ("City", "Kyoto", "NAME_PREFIX")),
        ("名古屋", ("City", "Nagoya", "NAME_PREFIX")),
        ("京都市", ("City", "Kyoto", "EXACT_NAME")),
        ("dalen", ("Speaker", "Annika Dalén", "NAME_CONTAINS")),
        (
            "IGES",
            (
                "Organisation",
                "Institute for Global Environmental Strategies",
                "DESCRIPTION",
            ),
        ),
    ];
    for (text, (kind, name, rank)) in cases {
        let body = search(&app, text).await;
        assert_eq!(
            first_hit(&body),
            (kind.to_owned(), name.to_owned(), rank.to_owned()),
            "{text}: {body}"
        );
    }
    // Tiers in order: Kyoto itself before the speakers who represent it.
    let kyoto = search(&app, "kyoto").await;
    let ranks: Vec<&str> = kyoto["data"]["search"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["rank"].as_str().unwrap())
        .collect();
    assert_eq!(ranks.first(), Some(&"EXACT_NAME"));
    assert!(ranks[1..].iter().all(|r| *r == "DESCRIPTION"), "{ranks:?}");
    // Nonsense finds nothing; syntax of full-text engines is text.
    for text in [
        "xyzzyq",
        "\"",
        "*",
        "NEAR",
        "-",
        "\" OR 1=1 --",
        "a*",
        "名古屋 NEAR/2 京都",
        "100%",
        "_x",
    ] {
        let body = search(&app, text).await;
        assert!(body.get("errors").is_none(), "{text}: {body}");
        let found = body["data"]["search"]["totalCount"].as_i64().unwrap();
        if [
            "xyzzyq",
            "\"",
            "*",
            "NEAR",
            "\" OR 1=1 --",
            "a*",
            "名古屋 NEAR/2 京都",
            "100%",
            "_x",
        ]
        .contains(&text)
        {
            assert_eq!(found, 0, "{text}");
        }
    }
    // A hyphen between words is folded like a space on both sides (`Grenoble-Alpes` is found by
    // `grenoble alpes`); a dash on its own is text, and no name holds one.
    let hyphenated = search(&app, "grenoble-alpes").await;
    assert_eq!(hyphenated, search(&app, "Grenoble Alpes").await);
    assert!(hyphenated["data"]["search"]["totalCount"].as_i64() > Some(0));
    let dash = search(&app, "-").await;
    assert!(dash.get("errors").is_none(), "{dash}");
    assert_eq!(dash["data"]["search"]["totalCount"], 0);
    for text in ["", "   ", "a", "É", &"x".repeat(101)] {
        assert_eq!(
            error_codes(&search(&app, text).await),
            vec!["BAD_USER_INPUT"],
            "{text:?}"
        );
    }
    assert_eq!(
        first_hit(&search(&app, "市").await).0,
        "City",
        "one Japanese character is a query"
    );
}

#[tokio::test]
async fn search_pages_never_overlap_and_stay_bounded() {
    let app = TestApp::new().await;
    let page = |after: Value, first: i64| {
        let app = &app;
        async move {
            app.query_with(
                "query($after: String, $first: Int) { search(text: \"an\", first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor rank } } }",
                json!({ "after": after, "first": first }),
            )
            .await
        }
    };
    let all = page(Value::Null, 100).await;
    let total = all["data"]["search"]["totalCount"].as_i64().unwrap();
    assert!(total > 10, "{all}");
    let every: Vec<Value> = all["data"]["search"]["edges"].as_array().unwrap().clone();
    let mut walked = Vec::new();
    let mut after = Value::Null;
    loop {
        let body = page(after, 4).await;
        let search = &body["data"]["search"];
        walked.extend(search["edges"].as_array().unwrap().clone());
        if search["pageInfo"]["hasNextPage"] != json!(true) {
            break;
        }
        after = search["pageInfo"]["endCursor"].clone();
    }
    assert_eq!(
        walked, every,
        "the pages of 4 are the page of 100, in order, without overlap"
    );
    assert_eq!(i64::try_from(walked.len()).unwrap(), total);
    assert_eq!(
        error_codes(&page(Value::Null, 101).await),
        vec!["BAD_USER_INPUT"]
    );
    assert_eq!(
        error_codes(&page(json!("bm90IGEgY3Vyc29y"), 4).await),
        vec!["BAD_USER_INPUT"]
    );
}

#[tokio::test]
async fn a_database_loaded_by_an_older_release_is_rewritten_at_start() {
    use sea_orm::ConnectionTrait;
    let app = TestApp::rereading_the_data_version().await;
    // What a release before the search index and the list links left behind.
    for statement in [
        "DELETE FROM search_gram",
        "DELETE FROM search_entry",
        "UPDATE programme_membership SET list_row = NULL",
        "UPDATE dataset_version SET format = NULL",
    ] {
        app.db.execute_unprepared(statement).await.unwrap();
    }
    assert_eq!(
        search(&app, "kyoto").await["data"]["search"]["totalCount"],
        0
    );
    api::bootstrap::prepare(&app.db).await.unwrap();
    assert_eq!(first_hit(&search(&app, "kyoto").await).1, "Kyoto");
    let took = app.query("{ missionCities(filter: { tookPart: true }) { totalCount nodes { provenance { locator source { slug } } } } }").await;
    assert_eq!(took["data"]["missionCities"]["totalCount"], 7);
    let provenance = &took["data"]["missionCities"]["nodes"][0]["provenance"];
    assert_eq!(provenance[0]["source"]["slug"], "eu-cities-mission");
    assert_eq!(provenance[1]["source"]["slug"], "geonames");
}

/// Each speaker's (region, organisation kind), and each session's kind and day, read from the
/// plain lists: what the cross-tabulations must add up to.
async fn flat(app: &TestApp) -> Value {
    app.query(
        "{ speakers(first: 100) { nodes { id region organisation { kind } sessions { id kind day } } }
           sessions(first: 100) { nodes { id kind day speakers { id region } } } }",
    )
    .await["data"]
        .clone()
}

#[tokio::test]
async fn a_cross_tabulation_counts_each_pair_of_values_by_the_same_rules() {
    let app = TestApp::new().await;
    let data = flat(&app).await;
    let body = app
        .query(
            "{ participation(by: REGION, across: ORGANISATION_KIND) {
                 dimension across key acrossKey label acrossLabel speakerCount sessionCount
                 speakers(first: 100) { totalCount nodes { id } } sessions(first: 100) { totalCount } } }",
        )
        .await;
    assert!(body.get("errors").is_none(), "{body}");
    let cells = body["data"]["participation"].as_array().unwrap();
    // Speakers: each in exactly the cell of their own two values.
    let mut expected: std::collections::BTreeMap<(String, String), usize> = Default::default();
    for speaker in data["speakers"]["nodes"].as_array().unwrap() {
        let key = (
            speaker["region"].as_str().unwrap().to_owned(),
            speaker["organisation"]["kind"].as_str().unwrap().to_owned(),
        );
        *expected.entry(key).or_default() += 1;
    }
    let counted: std::collections::BTreeMap<(String, String), usize> = cells
        .iter()
        .filter(|c| c["speakerCount"].as_u64() > Some(0))
        .map(|c| {
            (
                (
                    c["key"].as_str().unwrap().to_owned(),
                    c["acrossKey"].as_str().unwrap().to_owned(),
                ),
                c["speakerCount"].as_u64().unwrap() as usize,
            )
        })
        .collect();
    assert_eq!(counted, expected);
    for cell in cells {
        assert_eq!(cell["dimension"], "REGION");
        assert_eq!(cell["across"], "ORGANISATION_KIND");
        // The counts are the member lists' sizes, and a session needs one speaker with both.
        assert_eq!(
            cell["speakerCount"], cell["speakers"]["totalCount"],
            "{cell}"
        );
        assert_eq!(
            cell["sessionCount"], cell["sessions"]["totalCount"],
            "{cell}"
        );
        assert!(
            cell["sessionCount"].as_u64() <= cell["speakerCount"].as_u64(),
            "{cell}"
        );
    }
    let eu_companies = cells
        .iter()
        .find(|c| c["key"] == "EU" && c["acrossKey"] == "COMPANY");
    assert!(
        eu_companies.is_none(),
        "no EU speaker represents a company: {eu_companies:?}"
    );
    // The same dimension twice is refused.
    let refused = app
        .query("{ participation(by: THEME, across: THEME) { key } }")
        .await;
    assert_eq!(crate::support::error_codes(&refused), ["BAD_USER_INPUT"]);
}

#[tokio::test]
async fn days_and_session_kinds_group_like_themes() {
    let app = TestApp::new().await;
    let data = flat(&app).await;
    let body = app
        .query(
            "{ days: participation(by: DAY) { key label sessionCount speakerCount }
               panels: participation(by: REGION, sessionKind: PANEL) { key speakerCount sessionCount }
               byDay: participation(by: THEME, across: DAY, sessionKind: PANEL) { key acrossKey sessionCount } }",
        )
        .await;
    assert!(body.get("errors").is_none(), "{body}");
    let sessions = data["sessions"]["nodes"].as_array().unwrap();
    for group in body["data"]["days"].as_array().unwrap() {
        let day = group["key"].as_str().unwrap();
        let on_day = sessions.iter().filter(|s| s["day"] == day).count();
        assert_eq!(
            group["sessionCount"].as_u64(),
            Some(on_day as u64),
            "{group}"
        );
        let label = group["label"].as_str().unwrap();
        assert!(
            label.starts_with("Day ") && label.ends_with(&format!("({day})")),
            "{label}"
        );
    }
    // Only panels: each region's speakers of panels, and the panels they spoke in.
    for group in body["data"]["panels"].as_array().unwrap() {
        let region = group["key"].as_str();
        let panel_speakers = data["speakers"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["region"].as_str() == region)
            .filter(|s| {
                s["sessions"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|x| x["kind"] == "PANEL")
            })
            .count();
        assert_eq!(
            group["speakerCount"].as_u64(),
            Some(panel_speakers as u64),
            "{group}"
        );
        let panels = sessions
            .iter()
            .filter(|s| s["kind"] == "PANEL")
            .filter(|s| {
                s["speakers"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|x| x["region"].as_str() == region)
            })
            .count();
        assert_eq!(
            group["sessionCount"].as_u64(),
            Some(panels as u64),
            "{group}"
        );
    }
    let by_day = body["data"]["byDay"].as_array().unwrap();
    let panels = sessions.iter().filter(|s| s["kind"] == "PANEL").count();
    assert_eq!(
        by_day
            .iter()
            .map(|g| g["sessionCount"].as_u64().unwrap())
            .sum::<u64>(),
        panels as u64
    );
}

#[tokio::test]
async fn organisations_mission_populations_and_pairing_provenance_are_served() {
    let app = TestApp::new().await;
    let body = app
        .query(
            r#"{ organisations(first: 100) { totalCount nodes { slug name kind } }
                 companies: organisations(filter: { kind: COMPANY }) { nodes { slug country { code } } }
                 missionCities(first: 1) { nodes { name population } }
                 cityPairings { japanCity { name } euCity { name } sessions { title } provenance { field locator note source { slug } } } }"#,
        )
        .await;
    assert!(body.get("errors").is_none(), "{body}");
    let organisations = &body["data"]["organisations"];
    let names: Vec<String> = organisations["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["name"].as_str().unwrap().to_lowercase())
        .collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);
    assert_eq!(
        organisations["totalCount"].as_u64(),
        Some(names.len() as u64)
    );
    let companies = organisations["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["kind"] == "COMPANY")
        .count();
    assert!(companies > 0);
    assert_eq!(
        body["data"]["companies"]["nodes"].as_array().map(Vec::len),
        Some(companies)
    );
    assert_eq!(
        body["data"]["missionCities"]["nodes"][0]["population"],
        265208
    );
    // The closing session's pair: Kyoto's mayor on line 112, Grenoble's president on 114 (the
    // session's own heading is on line 110).
    let closing = body["data"]["cityPairings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| {
            p["japanCity"]["name"] == "Kyoto" && p["euCity"]["name"] == "Grenoble-Alpes Métropole"
        })
        .expect("Kyoto and Grenoble shared the closing session");
    let at_closing = closing["provenance"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["note"].as_str().unwrap().contains("Closing"))
        .expect("a record for the closing session");
    assert_eq!(at_closing["locator"], "lines 112, 114");
    for pairing in body["data"]["cityPairings"].as_array().unwrap() {
        let records = pairing["provenance"].as_array().unwrap();
        let sessions = pairing["sessions"].as_array().unwrap();
        assert_eq!(records.len(), sessions.len(), "{pairing}");
        for (record, session) in records.iter().zip(sessions) {
            assert_eq!(record["field"], "sessions");
            assert_eq!(record["source"]["slug"], "seed");
            // The speakers' own lines, one per speaker of the two local governments.
            let locator = record["locator"].as_str().unwrap();
            assert!(locator.starts_with("lines "), "{record}");
            let note = record["note"].as_str().unwrap();
            assert!(note.contains(session["title"].as_str().unwrap()), "{note}");
            assert!(
                note.contains(pairing["japanCity"]["name"].as_str().unwrap()),
                "{note}"
            );
            assert!(
                note.contains(pairing["euCity"]["name"].as_str().unwrap()),
                "{note}"
            );
        }
    }
}

#[tokio::test]
async fn a_page_of_every_local_government_is_answered_whatever_first_says() {
    let app = TestApp::new().await;
    // 100 × the selection would pass the limit no more; 16 rows do.
    let body = app
        .query(
            "{ cities(first: 100) { nodes { name speakers { name sessions { title speakers { name } } } provenance { locator } } } }",
        )
        .await;
    assert!(body.get("errors").is_none(), "{body}");
    assert_eq!(
        body["data"]["cities"]["nodes"].as_array().map(Vec::len),
        Some(16)
    );
}

#[tokio::test]
async fn search_finds_everything_the_page_publishes_in_its_own_spellings_too() {
    let app = TestApp::new().await;
    // Each query with a name it must find (a session title, a speaker or an organisation).
    let expectations = [
        ("Roadmap", "Scene Setting"),
        ("100 Climate-Neutral", "Philippe Froissard"),
        ("Decarbonization Leading", "Yu Kawata"),
        ("video message", "Closing Session"),
        ("山陰", "San-in Godo Bank Ltd."),
        ("ごうぎん", "Gogin Energy Co., Ltd."),
        ("Kyoto City", "Daisaku Kadokawa"),
        ("climate police", "Jacek Kisiel"),
        ("Exective", "Yasuo Takahashi"),
        ("jean eric", "Jean-Eric Paquet"),
        ("Jean-Eric", "Jean-Eric Paquet"),
        ("Grenoble Alpes", "Grenoble-Alpes Métropole"),
    ];
    for (text, wanted) in expectations {
        let body = app
            .query(&format!(
                r#"{{ search(text: "{text}", first: 100) {{ nodes {{ ... on Session {{ title }} ... on Speaker {{ name }} ... on Organisation {{ name }} ... on City {{ name }} }} }} }}"#
            ))
            .await;
        let found: Vec<&str> = body["data"]["search"]["nodes"]
            .as_array()
            .unwrap_or_else(|| panic!("{text}: {body}"))
            .iter()
            .filter_map(|n| n["title"].as_str().or(n["name"].as_str()))
            .collect();
        assert!(found.contains(&wanted), "{text}: {found:?}");
    }
    // The Japanese names come from the companies' filings, with their provenance.
    let body = app
        .query(r#"{ organisation(slug: "san-in-godo-bank") { nameJa provenance { field locator source { slug } } } }"#)
        .await;
    let organisation = &body["data"]["organisation"];
    assert_eq!(organisation["nameJa"], "株式会社山陰合同銀行");
    assert!(
        organisation["provenance"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["field"] == "name_ja" && p["source"]["slug"] == "organisation-seats"),
        "{organisation}"
    );
}

/// The `__typename` and name of every hit for `text` (its first page of 10).
async fn hits(app: &TestApp, text: &str) -> Vec<(String, String)> {
    let body = app
        .query_with(
            r#"query($text: String!) { search(text: $text, first: 10) { nodes { __typename
                ... on City { name } ... on Speaker { name } ... on Organisation { name }
                ... on Session { name: title } ... on MissionCity { name }
                ... on LeadingArea { name: leadMunicipality } } } }"#,
            json!({ "text": text }),
        )
        .await;
    assert!(body.get("errors").is_none(), "{body}");
    body["data"]["search"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            (
                n["__typename"].as_str().unwrap().to_owned(),
                n["name"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

#[tokio::test]
async fn search_finds_the_lists_the_sources_spellings_and_the_page_s_city_form() {
    let app = TestApp::new().await;
    let has = |found: &[(String, String)], kind: &str, name: &str| {
        found.iter().any(|(k, n)| k == kind && n == name)
    };
    // A Mission city by the GeoNames name the data holds for it (the list says Torino).
    let turin = hits(&app, "Turin").await;
    assert!(has(&turin, "MissionCity", "Torino"), "{turin:?}");
    // A Mission city that did not take part.
    let antwerp = hits(&app, "Antwerp").await;
    assert!(has(&antwerp, "MissionCity", "Antwerp"), "{antwerp:?}");
    // The city's own romanisation, without the hyphen the API writes.
    let higashi = hits(&app, "Higashimatsushima").await;
    assert!(has(&higashi, "City", "Higashi-Matsushima"), "{higashi:?}");
    // The page's "Kyoto City" finds the local government, not only the speaker.
    let kyoto = hits(&app, "Kyoto City").await;
    assert!(has(&kyoto, "City", "Kyoto"), "{kyoto:?}");
    // San'in, as researchers write it; the data writes San-in.
    let sanin = hits(&app, "San'in").await;
    assert!(
        has(&sanin, "Organisation", "San-in Godo Bank Ltd."),
        "{sanin:?}"
    );
    // A Leading Area by its municipality, in Japanese as transcribed.
    let ishikari = hits(&app, "石狩市").await;
    assert!(has(&ishikari, "LeadingArea", "石狩市"), "{ishikari:?}");
    // Forms no source gives stay unfound.
    for unsourced in ["Warszawa", "Saitama-shi", "Kamishihoro-cho", "EIB"] {
        assert_eq!(hits(&app, unsourced).await, [], "{unsourced}");
    }
}
