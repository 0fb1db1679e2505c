//! What front-end teams meet on day one: introspection, null propagation, CORS for GraphQL
//! clients, ids on every cached object, closed filter vocabularies and the smaller rules.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use serde_json::{Value, json};

use crate::support::{TestApp, error_codes, global_id};

/// graphql-js 16.15.0's `getIntrospectionQuery` with the options GraphiQL turns on
/// (descriptions, specifiedByUrl, directiveIsRepeatable, schemaDescription,
/// inputValueDeprecation), as written by `clients/` (its test sends the live one too).
const STANDARD_INTROSPECTION: &str = include_str!("fixtures/introspection-graphql-js-16.graphql");

#[tokio::test]
async fn the_standard_introspection_query_passes_under_the_default_limits() {
    let app = TestApp::new().await;
    let body = app.query(STANDARD_INTROSPECTION).await;
    assert!(body.get("errors").is_none(), "{}", body["errors"]);
    assert!(body["data"]["__schema"]["types"].as_array().unwrap().len() > 20);
}

#[tokio::test]
async fn circular_introspection_and_deep_data_queries_are_still_refused() {
    let app = TestApp::new().await;
    let mut selection = "name".to_owned();
    for _ in 0..12 {
        selection = format!("fields {{ type {{ {selection} }} }}");
    }
    let body = app
        .query(&format!(
            r#"{{ __type(name: "Session") {{ {selection} }} }}"#
        ))
        .await;
    assert_eq!(
        body["errors"][0]["extensions"],
        json!({ "code": "OPERATION_LIMIT_EXCEEDED", "limit": "introspectionDepth" })
    );
    let body = app.query("{ sessions { nodes { speakers { city { country { cities { speakers { organisation { city { country { name } } } } } } } } } } }").await;
    assert_eq!(
        body["errors"][0]["extensions"],
        json!({ "code": "OPERATION_LIMIT_EXCEEDED", "limit": "depth" })
    );
    // Introspection switched off stays off.
    let closed = TestApp::with_config(|c| c.surface.introspection = Some(false)).await;
    let body = closed.query(STANDARD_INTROSPECTION).await;
    assert_eq!(body["data"]["__schema"], Value::Null, "{body}");
}

#[tokio::test]
async fn a_complexity_refusal_states_its_cost_and_maximum() {
    let app = TestApp::with_config(|c| c.limits.max_complexity = 100).await;
    // A connection costs 1 + its page size × its selection: `first: 100` over the programme's
    // 13 sessions is 13 rows, of nodes 1 + title 1 + speakers, a list, 1 + 10 × name 1.
    let cost = 1 + 13 * 13;
    let body = app
        .query("{ sessions(first: 100) { nodes { title speakers { name } } } }")
        .await;
    assert_eq!(
        body["errors"][0]["extensions"],
        json!({ "code": "OPERATION_LIMIT_EXCEEDED", "limit": "complexity", "cost": cost, "maximum": 100 })
    );
    assert_eq!(
        body["errors"][0]["message"],
        format!("the query costs {cost}; the limit is 100")
    );
}

#[tokio::test]
async fn a_field_error_nulls_the_nearest_nullable_ancestor() {
    let app = TestApp::rereading_the_data_version().await;
    // A data fault at one level: a speaker whose body is gone (the loader would refuse it),
    // seen as a new revision (the programme is read once per revision).
    app.tamper("UPDATE speaker SET organisation_id = NULL WHERE id = 'caroline-bouvard'")
        .await;
    let bouvard = global_id("Speaker", "caroline-bouvard");
    // node is nullable: it becomes null, nothing else changes, and keys keep their places.
    let body = app
        .query_with(
            "query($id: ID!) { node(id: $id) { id ... on Speaker { name organisation { name } } } themes { slug } }",
            json!({ "id": bouvard }),
        )
        .await;
    assert_eq!(body["data"]["node"], Value::Null, "{body}");
    let keys: Vec<&String> = body["data"].as_object().unwrap().keys().collect();
    assert_eq!(keys, ["node", "themes"]);
    assert_eq!(body["data"]["themes"].as_array().unwrap().len(), 6);
    assert_eq!(error_codes(&body), ["INTERNAL_SERVER_ERROR"]);
    assert_eq!(body["errors"][0]["path"], json!(["node", "organisation"]));
    // Organisation! → Speaker! in [Speaker!]! → nodes! → SpeakerConnection!: data is null.
    let body = app
        .query("{ speakers(first: 100) { nodes { name organisation { name } } } }")
        .await;
    assert_eq!(body["data"], Value::Null, "{body}");
    // Speaker.city is nullable: the null stops there, for the two speakers whose city's
    // speakers include the faulty one (both from Grenoble); every other speaker is intact.
    let body = app
        .query("{ speakers(first: 100) { nodes { name city { name speakers { name organisation { name } } } } } }")
        .await;
    let nodes = body["data"]["speakers"]["nodes"].as_array().unwrap();
    assert_eq!(nodes.len(), 29, "{body}");
    let nulled: Vec<&str> = nodes
        .iter()
        .filter(|n| n["city"].is_null())
        .map(|n| n["name"].as_str().unwrap())
        .collect();
    let without_city = app
        .query("{ speakers(first: 100) { nodes { name city { name } } } }")
        .await["data"]["speakers"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["city"].is_null())
        .count();
    assert_eq!(nulled.len(), without_city + 2, "{nulled:?}");
    assert!(nulled.contains(&"Caroline Bouvard") && nulled.contains(&"Christophe Ferrari"));
    // One error per faulty position, each with its path; no null inside a non-null list.
    assert_eq!(
        error_codes(&body),
        ["INTERNAL_SERVER_ERROR", "INTERNAL_SERVER_ERROR"]
    );
    assert!(!has_null_item(&body["data"]), "{body}");
}

/// True when a list inside `value` holds a null (none of the lists queried above allow one).
fn has_null_item(value: &Value) -> bool {
    match value {
        Value::Array(items) => items.iter().any(|i| i.is_null() || has_null_item(i)),
        Value::Object(map) => map.values().any(has_null_item),
        _ => false,
    }
}

/// A CORS preflight for a POST to /graphql asking for `headers`; the allowed headers answered.
async fn preflight(app: &TestApp, headers: &str) -> (StatusCode, String) {
    let request = Request::builder()
        .method("OPTIONS")
        .uri("/graphql")
        .header(header::ORIGIN, "https://partner.example")
        .header(header::ACCESS_CONTROL_REQUEST_METHOD, "POST")
        .header(header::ACCESS_CONTROL_REQUEST_HEADERS, headers)
        .body(Body::empty())
        .unwrap();
    let reply = app.send(request).await;
    let allowed = reply
        .headers
        .get(header::ACCESS_CONTROL_ALLOW_HEADERS)
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (reply.status, allowed)
}

#[tokio::test]
async fn a_preflight_with_client_awareness_and_tracing_headers_is_allowed() {
    let app = TestApp::new().await;
    let headers = "content-type,apollographql-client-name,apollographql-client-version,traceparent,baggage,sentry-trace,authorization";
    let (status, allowed) = preflight(&app, headers).await;
    assert_eq!(status, StatusCode::OK);
    for name in headers.split(',') {
        assert!(
            allowed.split(',').any(|a| a.trim() == name),
            "{name} not in {allowed}"
        );
    }
    // `*` reflects whatever a preflight asks for.
    let open =
        TestApp::with_config(|c| c.surface.cors_allowed_headers = vec!["*".to_owned()]).await;
    assert_eq!(preflight(&open, "x-custom-trace").await.1, "x-custom-trace");
}

#[tokio::test]
async fn countries_and_pairings_have_ids_that_node_resolves() {
    let app = TestApp::new().await;
    let body = app
        .query(r#"{ countries { id code } cityPairings(filter: { city: "Q2l0eTpreW90bw" }) { id japanCity { name } euCity { name } sessions { title } } }"#)
        .await;
    assert!(body.get("errors").is_none(), "{body}");
    let japan = body["data"]["countries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["code"] == "JP")
        .unwrap()["id"]
        .clone();
    assert_eq!(japan, json!(global_id("Country", "JP")));
    let kyoto_grenoble = global_id("CityPairing", "kyoto--grenoble-alpes-metropole");
    let pairing = body["data"]["cityPairings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == json!(kyoto_grenoble))
        .unwrap()
        .clone();
    let body = app
        .query_with(
            "query($c: ID!, $p: ID!) { c: node(id: $c) { id ... on Country { name } } p: node(id: $p) { id ... on CityPairing { japanCity { name } euCity { name } sessions { title } } } }",
            json!({ "c": japan, "p": kyoto_grenoble }),
        )
        .await;
    assert_eq!(body["data"]["c"], json!({ "id": japan, "name": "Japan" }));
    assert_eq!(body["data"]["p"], pairing);
    // A well-formed id of no pairing is null.
    let none = global_id("CityPairing", "kyoto--nowhere");
    let body = app
        .query_with(
            "query($p: ID!) { node(id: $p) { id } }",
            json!({ "p": none }),
        )
        .await;
    assert_eq!(body, json!({ "data": { "node": null } }));
}

#[tokio::test]
async fn a_theme_filter_selects_pairings_whose_sessions_stay_complete() {
    let app = TestApp::new().await;
    let query =
        r#"query($t: String) { cityPairings(filter: { theme: $t }) { id sessions { title } } }"#;
    let all = app.query_with(query, json!({ "t": null })).await;
    let by_id: std::collections::HashMap<String, Value> = all["data"]["cityPairings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["id"].as_str().unwrap().to_owned(), p["sessions"].clone()))
        .collect();
    let themed = app
        .query_with(query, json!({ "t": "energy-security-and-resilience" }))
        .await;
    let themed = themed["data"]["cityPairings"].as_array().unwrap();
    assert!(!themed.is_empty());
    for pairing in themed {
        assert_eq!(pairing["sessions"], by_id[pairing["id"].as_str().unwrap()]);
    }
    // Kyoto–Zagreb met in Panel 1 and, with Kyoto's mayor, not again: but a pair that met in
    // two sessions keeps both under a theme filter.
    let kyoto_grenoble = global_id("CityPairing", "kyoto--grenoble-alpes-metropole");
    assert_eq!(
        by_id[&kyoto_grenoble],
        json!([{ "title": "Closing Session" }])
    );
}

#[tokio::test]
async fn theme_filters_take_a_slug_or_a_theme_id_and_refuse_unknown_slugs() {
    let app = TestApp::new().await;
    // Sessions of the theme given (as a slug or an id) in a variable.
    let count = |theme: String| {
        let app = &app;
        async move {
            app.query_with(
                "query($t: String) { sessions(filter: { theme: $t }) { totalCount } }",
                json!({ "t": theme }),
            )
            .await["data"]["sessions"]["totalCount"]
                .clone()
        }
    };
    assert_eq!(count("energy-security-and-resilience".to_owned()).await, 1);
    assert_eq!(
        count(global_id("Theme", "energy-security-and-resilience")).await,
        1
    );
    assert_eq!(count(global_id("Theme", "no-such-theme")).await, 0);
    for (query, argument) in [
        (
            r#"{ sessions(filter: { theme: "energy" }) { totalCount } }"#,
            "filter.theme",
        ),
        (
            r#"{ cityPairings(filter: { theme: "energy" }) { id } }"#,
            "filter.theme",
        ),
    ] {
        let body = app.query(query).await;
        assert_eq!(error_codes(&body), ["BAD_USER_INPUT"], "{body}");
        assert_eq!(body["errors"][0]["extensions"]["argument"], argument);
        assert!(
            body["errors"][0]["message"]
                .as_str()
                .unwrap()
                .contains("`energy` is not a theme slug")
        );
    }
    let session = global_id("Session", "day1-opening");
    let body = app
        .query_with(
            "query($t: String) { sessions(filter: { theme: $t }) { totalCount } }",
            json!({ "t": session }),
        )
        .await;
    assert_eq!(error_codes(&body), ["BAD_USER_INPUT"]);
}

#[tokio::test]
async fn smaller_rules_for_generated_clients() {
    let app = TestApp::new().await;
    // Zone names in any case, as the IANA database allows.
    let body = app
        .query(r#"{ sessions(first: 1) { nodes { a: startsAt(timeZone: "asia/tokyo") b: startsAt(timeZone: "utc") } } }"#)
        .await;
    assert_eq!(
        body["data"]["sessions"]["nodes"][0],
        json!({ "a": "2023-01-25T17:00:00+09:00", "b": "2023-01-25T08:00:00+00:00" })
    );
    // A parse error is one line, with its place in `locations`.
    let body = app.query("{ sessions { ").await;
    let message = body["errors"][0]["message"].as_str().unwrap();
    assert_eq!(message.lines().count(), 1, "{message}");
    assert!(message.starts_with("syntax error: expected"), "{message}");
    assert_eq!(
        body["errors"][0]["locations"],
        json!([{ "line": 1, "column": 14 }])
    );
    // Scalars say what they follow, so that codegen can map them.
    let sdl = api::graphql::sdl();
    assert!(sdl.contains(r#"scalar DateTime @specifiedBy(url: "https://datatracker.ietf.org/doc/html/rfc3339#section-5.6")"#), "{sdl}");
    assert!(sdl.contains(
        r#"scalar Date @specifiedBy(url: "https://www.iso.org/iso-8601-date-and-time-format.html")"#
    ));
    // Every speaker represents a body: the field is non-null.
    let speaker = &sdl[sdl.find("type Speaker implements Node").unwrap()..];
    let speaker = &speaker[..speaker.find("\n}").unwrap()];
    assert!(
        speaker.contains("\torganisation: Organisation!\n"),
        "{speaker}"
    );
}
