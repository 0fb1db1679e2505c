//! What a front-end needs without computing it: slugs and lookups by slug, local times in
//! parts, day numbers, kind labels, countries by name, ids on every node of an edge.

use serde_json::{Value, json};

use crate::support::{TestApp, error_codes};

#[tokio::test]
async fn every_entity_has_its_slug_and_a_lookup_finds_it_by_it() {
    let app = TestApp::new().await;
    let body = app
        .query(
            "{ sessions(first: 100) { nodes { id slug } } speakers(first: 100) { nodes { id slug } }
               cities(first: 100) { nodes { id slug } } countries { id slug code } themes { id slug } }",
        )
        .await;
    assert!(body.get("errors").is_none(), "{body}");
    let banks = app
        .query(r#"{ search(text: "bank") { nodes { ... on Organisation { id slug } } } }"#)
        .await;
    let lists = [
        ("session", &body["data"]["sessions"]["nodes"]),
        ("speaker", &body["data"]["speakers"]["nodes"]),
        ("city", &body["data"]["cities"]["nodes"]),
        ("theme", &body["data"]["themes"]),
        ("organisation", &banks["data"]["search"]["nodes"]),
    ];
    let mut looked_up = 0;
    for (lookup, nodes) in lists {
        let nodes = nodes.as_array().unwrap();
        assert!(!nodes.is_empty(), "{lookup}");
        for node in nodes.iter().filter(|n| n.get("slug").is_some()) {
            let slug = node["slug"].as_str().unwrap();
            assert!(
                slug.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{slug}"
            );
            let found = app
                .query(&format!(r#"{{ {lookup}(slug: "{slug}") {{ id }} }}"#))
                .await;
            assert_eq!(found["data"][lookup]["id"], node["id"], "{lookup} {slug}");
            looked_up += 1;
        }
    }
    assert!(looked_up > 60, "{looked_up}");
    // The widget's anchors and the calendar paths use the same slugs.
    let widget = app.get("/embed").await;
    assert!(
        widget
            .body
            .as_str()
            .unwrap_or_default()
            .contains(r#"id="day1-panel-1""#)
    );
    let found = app
        .query(r#"{ session(slug: "day1-panel-1") { title slug dayNumber } }"#)
        .await;
    assert_eq!(found["data"]["session"]["slug"], "day1-panel-1");
    assert_eq!(found["data"]["session"]["dayNumber"], 1);
    // Countries: the lower-case code, looked up in either case.
    for country in body["data"]["countries"].as_array().unwrap() {
        let slug = country["slug"].as_str().unwrap();
        assert_eq!(slug, country["code"].as_str().unwrap().to_ascii_lowercase());
        for code in [slug.to_owned(), slug.to_ascii_uppercase()] {
            let found = app
                .query(&format!(r#"{{ country(code: "{code}") {{ id }} }}"#))
                .await;
            assert_eq!(found["data"]["country"]["id"], country["id"]);
        }
    }
    // A well-formed slug of nothing is null; a malformed one is refused.
    let missing = app
        .query(r#"{ session(slug: "day9-panel-9") { id } theme(slug: "energy") { id } country(code: "BR") { id } }"#)
        .await;
    assert_eq!(
        missing,
        json!({ "data": { "session": null, "theme": null, "country": null } })
    );
    for query in [
        r#"{ session(slug: "Day1 Panel 1") { id } }"#,
        r#"{ city(slug: "") { id } }"#,
        r#"{ country(code: "XX") { id } }"#,
    ] {
        let refused = app.query(query).await;
        assert_eq!(
            error_codes(&refused),
            ["BAD_USER_INPUT"],
            "{query}: {refused}"
        );
    }
}

#[tokio::test]
async fn a_stale_theme_slug_is_refused_and_theme_lookup_lets_a_page_recover() {
    let app = TestApp::new().await;
    // The contract keeps `sessions` non-null: a stale filter blanks the whole answer...
    let stale = app
        .query(r#"{ themes { slug } sessions(filter: { theme: "energy" }) { totalCount } }"#)
        .await;
    assert_eq!(stale["data"], Value::Null);
    assert_eq!(error_codes(&stale), ["BAD_USER_INPUT"]);
    // ...so a page checks the slug first: null for a stale one, with the themes alongside.
    let check = app
        .query(r#"{ theme(slug: "energy") { slug } themes { slug } }"#)
        .await;
    assert_eq!(check["data"]["theme"], Value::Null);
    assert_eq!(check["data"]["themes"].as_array().map(Vec::len), Some(6));
}

#[tokio::test]
async fn local_times_come_in_parts_in_any_zone_and_in_the_event_labels() {
    let app = TestApp::new().await;
    let body = app
        .query(
            r#"{ session(slug: "day1-panel-1") {
                 startsAt(timeZone: "JST")
                 cet: localStart(timeZone: "CET") { dateTime date time offset abbreviation daylightSaving timeZone dayOfEvent }
                 jst: localStart(timeZone: "jst") { time abbreviation timeZone dayOfEvent }
                 ny: localEnd(timeZone: "America/New_York") { date time abbreviation dayOfEvent }
                 utc: localStart { time offset abbreviation timeZone }
                 honolulu: localStart(timeZone: "Pacific/Honolulu") { date dayOfEvent }
                 dubai: localStart(timeZone: "Asia/Dubai") { abbreviation } } }"#,
        )
        .await;
    assert!(body.get("errors").is_none(), "{body}");
    let session = &body["data"]["session"];
    let starts_at = session["startsAt"].as_str().unwrap();
    assert!(starts_at.ends_with("+09:00"), "{starts_at}");
    let cet = &session["cet"];
    assert_eq!(cet["date"], "2023-01-25");
    assert_eq!(cet["offset"], "+01:00");
    assert_eq!(cet["abbreviation"], "CET");
    assert_eq!(cet["daylightSaving"], false);
    assert_eq!(cet["timeZone"], "Europe/Brussels");
    assert_eq!(cet["dayOfEvent"], 1);
    let time = cet["time"].as_str().unwrap();
    assert_eq!(&cet["dateTime"].as_str().unwrap()[11..16], time);
    assert_eq!(&starts_at[11..16], session["jst"]["time"].as_str().unwrap());
    assert_eq!(session["jst"]["abbreviation"], "JST");
    assert_eq!(session["jst"]["timeZone"], "Asia/Tokyo");
    assert_eq!(session["ny"]["abbreviation"], "EST");
    assert_eq!(session["utc"]["abbreviation"], "UTC");
    assert_eq!(session["utc"]["offset"], "+00:00");
    // Before the event's first date in Honolulu: no day of the event there.
    assert_eq!(session["honolulu"]["date"], "2023-01-24");
    assert_eq!(session["honolulu"]["dayOfEvent"], Value::Null);
    assert_eq!(session["dubai"]["abbreviation"], "+04");
    // Day 2's sessions are day 2 in the event's zones.
    let day2 = app
        .query(r#"{ sessions(filter: { day: "2023-01-26" }) { nodes { dayNumber localStart(timeZone: "JST") { dayOfEvent } } } }"#)
        .await;
    for node in day2["data"]["sessions"]["nodes"].as_array().unwrap() {
        assert_eq!(node["dayNumber"], 2);
        assert_eq!(node["localStart"]["dayOfEvent"], 2);
    }
    let refused = app
        .query(r#"{ sessions { nodes { localStart(timeZone: "EST+5") { time } } } }"#)
        .await;
    assert_eq!(error_codes(&refused), ["BAD_USER_INPUT"]);
}

#[tokio::test]
async fn kinds_have_labels_and_countries_sort_by_name() {
    let app = TestApp::new().await;
    let body = app
        .query(
            r#"{ sessionKinds { kind en: label ja: label(language: JA) }
                 sessions(filter: { kind: TOPIC_PRESENTATION }, first: 1) { nodes { kind kindLabel ja: kindLabel(language: JA) } }
                 byName: countries(orderBy: NAME) { name code }
                 byCode: countries { code } }"#,
        )
        .await;
    assert!(body.get("errors").is_none(), "{body}");
    let kinds = body["data"]["sessionKinds"].as_array().unwrap();
    assert_eq!(kinds.len(), 7);
    assert_eq!(
        kinds[3],
        json!({ "kind": "TOPIC_PRESENTATION", "en": "Topic presentation", "ja": "トピック発表" })
    );
    assert_eq!(
        body["data"]["sessions"]["nodes"][0],
        json!({ "kind": "TOPIC_PRESENTATION", "kindLabel": "Topic presentation", "ja": "トピック発表" })
    );
    let names: Vec<&str> = body["data"]["byName"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    let mut sorted = names.clone();
    sorted.sort_by_key(|name| name.to_lowercase());
    assert_eq!(names, sorted);
    let codes: Vec<&str> = body["data"]["byCode"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["code"].as_str().unwrap())
        .collect();
    let mut sorted = codes.clone();
    sorted.sort_unstable();
    assert_eq!(codes, sorted);
    let position = |list: &[&str], item: &str| list.iter().position(|x| *x == item);
    assert!(position(&names, "Finland") < position(&names, "Spain"));
    assert!(position(&codes, "ES") < position(&codes, "FI"));
}

#[tokio::test]
async fn reference_list_entries_are_nodes_that_node_resolves() {
    let app = TestApp::new().await;
    let body = app
        .query(
            "{ missionCities(last: 2) { nodes { id name } edges { node { id } } }
               leadingAreas(first: 2) { nodes { id leadMunicipality } } }",
        )
        .await;
    assert!(body.get("errors").is_none(), "{body}");
    let mut resolved = 0;
    for list in ["missionCities", "leadingAreas"] {
        for node in body["data"][list]["nodes"].as_array().unwrap() {
            let id = node["id"].as_str().unwrap();
            let found = app
                .query(&format!(
                    r#"{{ node(id: "{id}") {{ __typename id ... on MissionCity {{ name }} ... on LeadingArea {{ leadMunicipality }} }} }}"#
                ))
                .await;
            assert_eq!(found["data"]["node"]["id"], id);
            for field in ["name", "leadMunicipality"] {
                if node.get(field).is_some() {
                    assert_eq!(found["data"]["node"][field], node[field]);
                }
            }
            resolved += 1;
        }
    }
    assert_eq!(resolved, 4);
    let missing = app
        .query(&format!(
            r#"{{ node(id: "{}") {{ id }} }}"#,
            crate::support::global_id("MissionCity", "ZZ/Nowhere")
        ))
        .await;
    assert_eq!(missing, json!({ "data": { "node": null } }));
}
