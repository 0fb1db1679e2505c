//! Every contract field and filter, against the real dataset.

use serde_json::json;

use crate::support::{TestApp, global_id};

#[tokio::test]
async fn the_event_as_published() {
    let app = TestApp::new().await;
    let body = app
        .query("{ event { id name startDate endDate timeZones languages organisers { name shortName kind country { code } region } contact { name address email organisation { shortName } } } }")
        .await;
    assert_eq!(
        body,
        json!({ "data": { "event": {
            "id": global_id("Event", "eu-japan-100-cities-2023"),
            "name": "EU-Japan 100 Cities Event on Climate Action",
            "startDate": "2023-01-25",
            "endDate": "2023-01-26",
            "timeZones": ["Europe/Brussels", "Asia/Tokyo"],
            "languages": "English / Japanese (Simultaneous interpretation)",
            "organisers": [
                { "name": "Delegation of the European Union to Japan", "shortName": "EUD", "kind": "EU_INSTITUTION", "country": null, "region": "EU" },
                { "name": "Institute for Global Environmental Strategies", "shortName": "IGES", "kind": "RESEARCH_INSTITUTE", "country": { "code": "JP" }, "region": "JAPAN" },
            ],
            "contact": {
                "name": "City Taskforce",
                "address": "2108-11, Kamiyamaguchi, Hayama, Kanagawa, 240-0115, Japan",
                "email": null,
                "organisation": { "shortName": "IGES" },
            },
        }}})
    );
    // The background paragraphs, as the page prints them (white space folded).
    let body = app.query("{ event { background } }").await;
    let background = body["data"]["event"]["background"].as_str().unwrap();
    let paragraphs: Vec<&str> = background.split("\n\n").collect();
    assert_eq!(paragraphs.len(), 5, "{background}");
    assert!(paragraphs[0].starts_with("The threats posed by climate change"));
    assert!(
        paragraphs[2].starts_with(
            "On 28 April 2022, the European Commission (EC) announced the 100 EU cities"
        )
    );
    assert!(paragraphs[3].contains("selected the first 26 Decarbonization Leading Areas (DLAs)"));
    let seed = std::fs::read_to_string(crate::support::repo_path(
        "data/seed/000_2d6dab4a56c5c350.txt",
    ))
    .unwrap();
    let folded_seed = seed.split_whitespace().collect::<Vec<_>>().join(" ");
    for paragraph in paragraphs {
        assert!(
            folded_seed.contains(paragraph),
            "not in the seed: {paragraph}"
        );
    }
}

#[tokio::test]
async fn the_programme_of_a_theme_in_jst() {
    let app = TestApp::new().await;
    let body = app
        .query(
            r#"{ sessions(filter: { theme: "energy-security-and-resilience" }) { totalCount nodes {
            title kind theme { slug name } durationMinutes
            startsAt(timeZone: "Asia/Tokyo") endsAt(timeZone: "Asia/Tokyo")
            speakers { name hasPresentation city { name } } cities { name region } } } }"#,
        )
        .await;
    assert_eq!(
        body,
        json!({ "data": { "sessions": { "totalCount": 1, "nodes": [{
            "title": "Panel 1 Energy Security and Resilience",
            "kind": "PANEL",
            "theme": { "slug": "energy-security-and-resilience", "name": "Energy Security and Resilience" },
            "durationMinutes": 55,
            "startsAt": "2023-01-25T17:45:00+09:00",
            "endsAt": "2023-01-25T18:40:00+09:00",
            "speakers": [
                { "name": "Atsushi Otsuki", "hasPresentation": true, "city": { "name": "Higashi-Matsushima" } },
                { "name": "Tomoaki Yoshida", "hasPresentation": true, "city": { "name": "Kyoto" } },
                { "name": "Ivan Ivankovic", "hasPresentation": true, "city": { "name": "Zagreb" } },
                { "name": "Jacek Kisiel", "hasPresentation": true, "city": { "name": "Warsaw" } },
            ],
            "cities": [
                { "name": "Higashi-Matsushima", "region": "JAPAN" },
                { "name": "Kyoto", "region": "JAPAN" },
                { "name": "Zagreb", "region": "EU" },
                { "name": "Warsaw", "region": "EU" },
            ],
        }]}}})
    );
}

/// Titles of the sessions that `filter` selects.
async fn session_titles(app: &TestApp, filter: &str) -> serde_json::Value {
    let body = app
        .query(&format!(
            "{{ sessions(filter: {filter}, first: 100) {{ totalCount nodes {{ title }} }} }}"
        ))
        .await;
    assert!(body.get("errors").is_none(), "{body}");
    let titles: Vec<_> = body["data"]["sessions"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["title"].clone())
        .collect();
    json!({ "count": body["data"]["sessions"]["totalCount"], "titles": titles })
}

#[tokio::test]
async fn sessions_filter_by_day_kind_speaker_country_and_city() {
    let app = TestApp::new().await;
    assert_eq!(
        session_titles(&app, r#"{ day: "2023-01-26" }"#).await,
        json!({ "count": 6, "titles": ["Opening remarks", "Panel 3 Smart City and Innovation",
            "Topic presentation (2) Decarbonisation efforts beyond administrative boundaries", "Break",
            "Panel 4 Financing decarbonisation initiatives at local level", "Closing Session"] })
    );
    assert_eq!(
        session_titles(&app, "{ kind: BREAK }").await,
        json!({ "count": 2, "titles": ["Break", "Break"] })
    );
    assert_eq!(
        session_titles(&app, r#"{ speakerCountry: "fr" }"#).await,
        json!({ "count": 2, "titles": ["Panel 2 Local decarbonisation contributing local economies", "Closing Session"] })
    );
    let kyoto = global_id("City", "kyoto");
    assert_eq!(
        session_titles(&app, &format!(r#"{{ city: "{kyoto}" }}"#)).await,
        json!({ "count": 2, "titles": ["Panel 1 Energy Security and Resilience", "Closing Session"] })
    );
    assert_eq!(
        session_titles(
            &app,
            &format!(r#"{{ city: "{kyoto}", kind: CLOSING, day: "2023-01-26" }}"#)
        )
        .await,
        json!({ "count": 1, "titles": ["Closing Session"] })
    );
    assert_eq!(
        session_titles(&app, r#"{ speakerCountry: "NL" }"#).await,
        json!({ "count": 1, "titles": ["Panel 4 Financing decarbonisation initiatives at local level"] })
    );
    assert_eq!(
        session_titles(&app, r#"{ speakerCountry: "DE" }"#).await,
        json!({ "count": 0, "titles": [] })
    );
}

#[tokio::test]
async fn themes_in_programme_order_with_their_sessions() {
    let app = TestApp::new().await;
    let body = app
        .query("{ themes { slug description sessions { title } } }")
        .await;
    let themes: Vec<_> = body["data"]["themes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            json!([
                t["slug"],
                t["description"],
                t["sessions"].as_array().unwrap().len()
            ])
        })
        .collect();
    assert_eq!(
        themes,
        vec![
            json!(["energy-security-and-resilience", null, 1]),
            json!(["gender-aspects-in-climate-action", null, 1]),
            json!(["local-decarbonisation-and-local-economies", null, 1]),
            json!(["smart-city-and-innovation", null, 1]),
            json!(["decarbonisation-beyond-boundaries", null, 1]),
            json!(["financing-local-decarbonisation", null, 1]),
        ]
    );
}

/// Names of the speakers that `filter` selects.
async fn speaker_names(app: &TestApp, filter: &str) -> Vec<String> {
    let body = app
        .query(&format!(
            "{{ speakers(filter: {filter}, first: 100) {{ totalCount nodes {{ name }} }} }}"
        ))
        .await;
    assert!(body.get("errors").is_none(), "{body}");
    let names: Vec<String> = body["data"]["speakers"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["name"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(body["data"]["speakers"]["totalCount"], names.len());
    names
}

#[tokio::test]
async fn speakers_by_country_region_city_and_organisation_kind() {
    let app = TestApp::new().await;
    assert_eq!(
        speaker_names(&app, r#"{ country: "jp" }"#).await,
        [
            "Atsushi Ida",
            "Atsushi Otsuki",
            "Daisaku Kadokawa",
            "Hiroshi Ono",
            "Kazuaki Takahashi",
            "Kei Onoue",
            "Mitsuaki Takamoto",
            "Mitsugi Takenaka",
            "Mitsunobu Inoue",
            "Osamu Kanda",
            "Ryo Inoue",
            "Tomoaki Yoshida",
            "Tomomichi Takahashi",
            "Yasuo Takahashi",
            "Yu Kawata"
        ]
    );
    assert_eq!(
        speaker_names(&app, "{ region: INTERNATIONAL }").await,
        ["Giorgia Rambelli"]
    );
    assert_eq!(
        speaker_names(&app, "{ organisationKind: EU_INSTITUTION }").await,
        [
            "Alexandrina Boyanova",
            "Haitze Siemers",
            "Jean-Eric Paquet",
            "Philippe Froissard"
        ]
    );
    assert_eq!(
        speaker_names(
            &app,
            "{ organisationKind: FINANCIAL_INSTITUTION, region: JAPAN }"
        )
        .await,
        ["Ryo Inoue"]
    );
    let grenoble = global_id("City", "grenoble-alpes-metropole");
    assert_eq!(
        speaker_names(&app, &format!(r#"{{ city: "{grenoble}" }}"#)).await,
        ["Caroline Bouvard", "Christophe Ferrari"]
    );
}

#[tokio::test]
async fn a_speaker_s_body_country_and_region_follow_the_honesty_rules() {
    let app = TestApp::new().await;
    let boyanova = global_id("Speaker", "alexandrina-boyanova");
    let inoue = global_id("Speaker", "ryo-inoue");
    let body = app
        .query_with(
            "query($a: ID!, $b: ID!) { a: node(id: $a) { ...S } b: node(id: $b) { ...S } }
             fragment S on Speaker { name role region hasPresentation country { code } city { name }
               organisation { name kind region country { code } city { name } } sessions { title } }",
            json!({ "a": boyanova, "b": inoue }),
        )
        .await;
    assert_eq!(
        body,
        json!({ "data": {
            "a": { "name": "Alexandrina Boyanova", "role": "Head of Climate Office", "region": "EU", "hasPresentation": true,
                   "country": null, "city": null,
                   "organisation": { "name": "European Investment Bank", "kind": "EU_INSTITUTION", "region": "EU", "country": null, "city": null },
                   "sessions": [{ "title": "Panel 4 Financing decarbonisation initiatives at local level" }] },
            "b": { "name": "Ryo Inoue", "role": "Director, Regional Development Dept.", "region": "JAPAN", "hasPresentation": false,
                   "country": { "code": "JP" }, "city": null,
                   "organisation": { "name": "San-in Godo Bank Ltd.", "kind": "FINANCIAL_INSTITUTION", "region": "JAPAN", "country": { "code": "JP" }, "city": null },
                   "sessions": [{ "title": "Panel 4 Financing decarbonisation initiatives at local level" }] },
        }})
    );
}

#[tokio::test]
async fn a_city_with_its_names_programme_coordinates_sessions_speakers_and_pairings() {
    let app = TestApp::new().await;
    let body = app
        .query_with(
            "query($id: ID!) { node(id: $id) { ... on City { name nameJa kind region country { code name }
               coordinates { latitude longitude geonamesId note attribution }
               programmeMemberships { programme round announced }
               sessions { title } speakers { name }
               pairings { euCity { name } japanCity { name } sessions { title } themes { slug } } } } }",
            json!({ "id": global_id("City", "kyoto") }),
        )
        .await;
    assert_eq!(
        body,
        json!({ "data": { "node": {
            "name": "Kyoto", "nameJa": "京都市", "kind": "CITY", "region": "JAPAN",
            "country": { "code": "JP", "name": "Japan" },
            "coordinates": { "latitude": 35.02107, "longitude": 135.75385, "geonamesId": "1857910", "note": null,
                             "attribution": "GeoNames, geonames.org (CC BY 4.0)" },
            "programmeMemberships": [{ "programme": "JAPAN_DECARBONIZATION_LEADING_AREA", "round": 2, "announced": "2022-11-01" }],
            "sessions": [{ "title": "Panel 1 Energy Security and Resilience" }, { "title": "Closing Session" }],
            "speakers": [{ "name": "Daisaku Kadokawa" }, { "name": "Tomoaki Yoshida" }],
            "pairings": [
                { "euCity": { "name": "Grenoble-Alpes Métropole" }, "japanCity": { "name": "Kyoto" },
                  "sessions": [{ "title": "Closing Session" }], "themes": [] },
                { "euCity": { "name": "Warsaw" }, "japanCity": { "name": "Kyoto" },
                  "sessions": [{ "title": "Panel 1 Energy Security and Resilience" }], "themes": [{ "slug": "energy-security-and-resilience" }] },
                { "euCity": { "name": "Zagreb" }, "japanCity": { "name": "Kyoto" },
                  "sessions": [{ "title": "Panel 1 Energy Security and Resilience" }], "themes": [{ "slug": "energy-security-and-resilience" }] },
            ],
        }}})
    );
}

/// Names of the cities that `filter` selects.
async fn city_names(app: &TestApp, filter: &str) -> Vec<String> {
    let body = app
        .query(&format!(
            "{{ cities(filter: {filter}, first: 100) {{ totalCount nodes {{ name }} }} }}"
        ))
        .await;
    assert!(body.get("errors").is_none(), "{body}");
    body["data"]["cities"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["name"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn cities_by_name_filtered_by_country_and_region() {
    let app = TestApp::new().await;
    assert_eq!(
        city_names(&app, "{}").await,
        [
            "Akita Prefecture",
            "Grenoble-Alpes Métropole",
            "Higashi-Matsushima",
            "Kamishihoro",
            "Kawasaki",
            "Kyoto",
            "Nagoya",
            "Saitama",
            "Torino",
            "Turku",
            "Umeå",
            "Valencia",
            "Warsaw",
            "Yokohama",
            "Yonago",
            "Zagreb"
        ]
    );
    assert_eq!(
        city_names(&app, r#"{ country: "Fr" }"#).await,
        ["Grenoble-Alpes Métropole"]
    );
    assert_eq!(
        city_names(&app, "{ region: EU }").await,
        [
            "Grenoble-Alpes Métropole",
            "Torino",
            "Turku",
            "Umeå",
            "Valencia",
            "Warsaw",
            "Zagreb"
        ]
    );
}

#[tokio::test]
async fn countries_by_code_with_their_speakers_and_cities() {
    let app = TestApp::new().await;
    let body = app
        .query("{ countries { code name region speakers { name } cities { name } } }")
        .await;
    let summary: Vec<_> = body["data"]["countries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            json!([
                c["code"],
                c["name"],
                c["region"],
                c["speakers"].as_array().unwrap().len(),
                c["cities"].as_array().unwrap().len()
            ])
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            json!(["ES", "Spain", "EU", 1, 1]),
            json!(["FI", "Finland", "EU", 1, 1]),
            json!(["FR", "France", "EU", 2, 1]),
            json!(["HR", "Croatia", "EU", 1, 1]),
            json!(["IT", "Italy", "EU", 1, 1]),
            json!(["JP", "Japan", "JAPAN", 15, 9]),
            // From the seat of ABN AMRO Bank N.V. (organisations.csv), not from the seed.
            json!(["NL", "Netherlands", "EU", 1, 0]),
            json!(["PL", "Poland", "EU", 1, 1]),
            json!(["SE", "Sweden", "EU", 1, 1]),
        ]
    );
}

#[tokio::test]
async fn city_pairings_are_computed_from_shared_sessions_in_contract_order() {
    let app = TestApp::new().await;
    let pairs = |body: serde_json::Value| -> Vec<String> {
        body["data"]["cityPairings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                format!(
                    "{} + {} ({})",
                    p["japanCity"]["name"].as_str().unwrap(),
                    p["euCity"]["name"].as_str().unwrap(),
                    p["sessions"].as_array().unwrap().len()
                )
            })
            .collect()
    };
    let all = app
        .query("{ cityPairings { euCity { name } japanCity { name } sessions { title } } }")
        .await;
    assert_eq!(
        pairs(all),
        [
            "Akita Prefecture + Grenoble-Alpes Métropole (1)",
            "Akita Prefecture + Turku (1)",
            "Higashi-Matsushima + Warsaw (1)",
            "Higashi-Matsushima + Zagreb (1)",
            "Kamishihoro + Grenoble-Alpes Métropole (1)",
            "Kamishihoro + Turku (1)",
            "Kyoto + Grenoble-Alpes Métropole (1)",
            "Kyoto + Warsaw (1)",
            "Kyoto + Zagreb (1)",
            "Nagoya + Torino (1)",
            "Nagoya + Valencia (1)",
            "Saitama + Torino (1)",
            "Saitama + Valencia (1)",
        ]
    );
    let by_theme = app
        .query(r#"{ cityPairings(filter: { theme: "energy-security-and-resilience" }) { euCity { name } japanCity { name } sessions { title } } }"#)
        .await;
    assert_eq!(
        pairs(by_theme),
        [
            "Higashi-Matsushima + Warsaw (1)",
            "Higashi-Matsushima + Zagreb (1)",
            "Kyoto + Warsaw (1)",
            "Kyoto + Zagreb (1)"
        ]
    );
    let grenoble = global_id("City", "grenoble-alpes-metropole");
    let by_city = app
        .query(&format!(r#"{{ cityPairings(filter: {{ city: "{grenoble}" }}) {{ euCity {{ name }} japanCity {{ name }} sessions {{ title }} }} }}"#))
        .await;
    assert_eq!(
        pairs(by_city),
        [
            "Akita Prefecture + Grenoble-Alpes Métropole (1)",
            "Kamishihoro + Grenoble-Alpes Métropole (1)",
            "Kyoto + Grenoble-Alpes Métropole (1)"
        ]
    );
    let none = app.query(r#"{ cityPairings(filter: { theme: "financing-local-decarbonisation" }) { euCity { name } } }"#).await;
    assert_eq!(none, json!({ "data": { "cityPairings": [] } }));
}

#[tokio::test]
async fn node_resolves_every_kind_of_id_and_gives_null_for_a_missing_one() {
    let app = TestApp::new().await;
    for (type_name, key, field) in [
        ("Event", "eu-japan-100-cities-2023", "name"),
        ("Theme", "smart-city-and-innovation", "name"),
        ("Session", "day2-closing", "title"),
        ("Speaker", "risto-veivo", "name"),
        ("Organisation", "iges", "name"),
        ("Organisation", "turku", "name"),
        ("City", "turku", "name"),
    ] {
        let id = global_id(type_name, key);
        let body = app
            .query_with(
                &format!("query($id: ID!) {{ node(id: $id) {{ __typename id ... on {type_name} {{ {field} }} }} }}"),
                json!({ "id": id }),
            )
            .await;
        assert_eq!(body["data"]["node"]["__typename"], type_name, "{body}");
        assert_eq!(body["data"]["node"]["id"], id.as_str());
        assert!(body["data"]["node"][field].is_string(), "{body}");
    }
    let missing = app
        .query_with(
            "query($id: ID!) { node(id: $id) { id } }",
            json!({ "id": global_id("Speaker", "nobody") }),
        )
        .await;
    assert_eq!(missing, json!({ "data": { "node": null } }));
}

#[tokio::test]
async fn appearances_carry_talk_titles_remarks_and_presentation_material() {
    let app = TestApp::new().await;
    let body = app
        .query(r#"{ sessions(filter: { kind: SCENE_SETTING }) { nodes { appearances { speaker { name } talkTitle note hasPresentation } } }
                    closing: sessions(filter: { kind: CLOSING }) { nodes { appearances { speaker { name } note } } } }"#)
        .await;
    assert_eq!(
        body["data"],
        json!({
            "sessions": { "nodes": [{ "appearances": [
                { "speaker": { "name": "Philippe Froissard" }, "talkTitle": "100 Climate-Neutral and Smart Cities", "note": null, "hasPresentation": false },
                { "speaker": { "name": "Yu Kawata" }, "talkTitle": "Regional Decarbonization Roadmap and 100 Decarbonization Leading Areas in Japan", "note": null, "hasPresentation": false },
            ]}]},
            "closing": { "nodes": [{ "appearances": [
                { "speaker": { "name": "Daisaku Kadokawa" }, "note": "video message" },
                { "speaker": { "name": "Christophe Ferrari" }, "note": "video message" },
                { "speaker": { "name": "Haitze Siemers" }, "note": null },
            ]}]},
        })
    );
}

#[tokio::test]
async fn times_render_in_any_iana_zone_with_that_zone_s_offset_at_the_instant() {
    let app = TestApp::new().await;
    let body = app
        .query(r#"{ sessions(filter: { theme: "energy-security-and-resilience" }) { nodes {
            utc: startsAt ny: startsAt(timeZone: "America/New_York") brussels: startsAt(timeZone: "Europe/Brussels")
            explicitUtc: endsAt(timeZone: "UTC") kolkata: endsAt(timeZone: "Asia/Kolkata") } } }"#)
        .await;
    assert_eq!(
        body["data"]["sessions"]["nodes"][0],
        json!({
            "utc": "2023-01-25T08:45:00+00:00",
            "ny": "2023-01-25T03:45:00-05:00",
            "brussels": "2023-01-25T09:45:00+01:00",
            "explicitUtc": "2023-01-25T09:40:00+00:00",
            "kolkata": "2023-01-25T15:10:00+05:30",
        })
    );
}
