//! The feeds through HTTP: calendar (`/schedule.ics`, `/sessions/{id}.ics`,
//! `/speakers/{id}.ics`), conference schedule (`/schedule.xml`, `/schedule.json`) and the
//! widget (`/embed`): their media types, the caching of GraphQL GETs, their errors, their
//! instants against the API's, stable identities, and absolute URLs from `--public-url` only.
//! (Real consumers read them in `consumers/` and `clients/test/embed.test.js`.)

use std::collections::BTreeMap;

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::support::{TestApp, data_dir_without_the_first_break, error_codes, global_id};

/// Every document of the registry at an example URL (an `{id}` filled with a real id), and
/// the filtered variants that are representations of their own.
fn documents(public_url: &str) -> Vec<(String, &'static str)> {
    let mut uris = Vec::new();
    for listing in api::feeds::registry::listings() {
        let id = match listing.path {
            path if path.starts_with("/sessions/") => global_id("Session", "day1-panel-1"),
            path if path.starts_with("/speakers/") => global_id("Speaker", "risto-veivo"),
            path if path.contains("{id}") => panic!("{path}: give this test an example id"),
            _ => String::new(),
        };
        let uri = match listing.path {
            // oEmbed embeds a widget URL of the service only.
            "/oembed" => format!(
                "/oembed?{}",
                serde_urlencoded::to_string([("url", format!("{public_url}/embed?lang=ja"))])
                    .unwrap_or_default()
            ),
            path => path.replace("{id}", &id),
        };
        uris.push((uri, listing.media_type));
        match listing.path {
            "/schedule.ics" => uris.push((
                "/schedule.ics?day=2023-01-25&theme=energy-security-and-resilience".to_owned(),
                listing.media_type,
            )),
            "/embed" => uris.push(("/embed?tz=Asia/Tokyo".to_owned(), listing.media_type)),
            _ => {}
        }
    }
    uris
}

#[test]
fn the_readmes_endpoint_table_lists_exactly_the_registrys_documents() {
    let readme = std::fs::read_to_string(crate::support::repo_path("README.md")).unwrap();
    let table = readme
        .split("## Endpoints")
        .nth(1)
        .and_then(|rest| rest.split("\n\n").nth(1))
        .expect("the README has an endpoint table");
    let documented: Vec<&str> = table
        .lines()
        .flat_map(|line| line.split("`GET ").skip(1))
        .filter_map(|cell| cell.split(['`', '?']).next())
        .filter(|path| {
            ![
                "/graphql",
                "/graphiql",
                "/",
                "/healthz",
                "/readyz",
                "/metrics",
            ]
            .contains(path)
                && !path.starts_with("/graphiql/")
        })
        .collect();
    let registered: Vec<&str> = api::feeds::registry::listings()
        .iter()
        .map(|listing| listing.path)
        .collect();
    assert_eq!(documented, registered);
}

async fn get(
    app: &TestApp,
    uri: &str,
    headers: &[(header::HeaderName, &str)],
) -> (StatusCode, HeaderMap, String) {
    let mut request = Request::get(uri);
    for (name, value) in headers {
        request = request.header(name, *value);
    }
    let reply = app.send(request.body(Body::empty()).unwrap()).await;
    let body = match reply.body {
        Value::String(text) => text,
        other => serde_json::to_string_pretty(&other).unwrap(),
    };
    (reply.status, reply.headers, body)
}

async fn text(app: &TestApp, uri: &str) -> String {
    let (status, _, body) = get(app, uri, &[]).await;
    assert_eq!(status, StatusCode::OK, "{uri}: {body}");
    body
}

fn header_of(headers: &HeaderMap, name: header::HeaderName) -> String {
    headers
        .get(name)
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default()
}

/// The calendar's content lines, unfolded (RFC 5545 §3.1), asserting CRLF and line lengths.
fn unfolded_lines(calendar: &str) -> Vec<String> {
    assert!(calendar.ends_with("\r\n"));
    let mut lines: Vec<String> = Vec::new();
    for physical in calendar.trim_end_matches("\r\n").split("\r\n") {
        assert!(!physical.contains('\n'), "a bare LF: {physical:?}");
        assert!(physical.len() <= 75, "longer than 75 octets: {physical:?}");
        match physical.strip_prefix(' ') {
            Some(continuation) => lines.last_mut().unwrap().push_str(continuation),
            None => lines.push(physical.to_owned()),
        }
    }
    lines
}

/// Each VEVENT as its properties (name without parameters → value).
fn events(calendar: &str) -> Vec<BTreeMap<String, String>> {
    let mut events = Vec::new();
    let mut current: Option<BTreeMap<String, String>> = None;
    for line in unfolded_lines(calendar) {
        match line.as_str() {
            "BEGIN:VEVENT" => current = Some(BTreeMap::new()),
            "END:VEVENT" => events.push(current.take().unwrap()),
            _ => {
                if let Some(event) = current.as_mut() {
                    let (name, value) = line.split_once(':').unwrap();
                    let name = name.split(';').next().unwrap().to_owned();
                    event.insert(name, value.to_owned());
                }
            }
        }
    }
    events
}

/// `20230125T084500Z` of an RFC 3339 instant in UTC.
fn ical_utc(instant: &str) -> String {
    instant.replace(['-', ':'], "").replace("+0000", "Z")
}

/// The API's sessions: id, title, UTC start and end.
async fn api_sessions(app: &TestApp) -> Vec<(String, String, String, String)> {
    let body = app
        .query("{ sessions(first: 100) { nodes { id title startsAt endsAt } } }")
        .await;
    body["data"]["sessions"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let text = |k: &str| s[k].as_str().unwrap().to_owned();
            (text("id"), text("title"), text("startsAt"), text("endsAt"))
        })
        .collect()
}

#[tokio::test]
async fn every_feed_has_its_media_type_and_the_caching_cors_and_compression_of_graphql_gets() {
    let app = TestApp::new().await;
    let documents = documents(&api::config::Config::default().public_url());
    for (uri, media) in &documents {
        let uri = uri.as_str();
        let origin = (header::ORIGIN, "https://partner.example");
        let (status, headers, body) = get(&app, uri, std::slice::from_ref(&origin)).await;
        assert_eq!(status, StatusCode::OK, "{uri}: {body}");
        assert_eq!(header_of(&headers, header::CONTENT_TYPE), *media, "{uri}");
        assert_eq!(
            header_of(&headers, header::CACHE_CONTROL),
            "public, no-cache",
            "{uri}"
        );
        // The widget's language is negotiated too.
        let vary = if uri.starts_with("/embed?")
            || uri == "/embed"
            || uri.starts_with("/embed/fragment")
        {
            "accept-encoding, accept-language"
        } else {
            "accept-encoding"
        };
        assert_eq!(header_of(&headers, header::VARY), vary, "{uri}");
        assert_eq!(
            header_of(&headers, header::ACCESS_CONTROL_ALLOW_ORIGIN),
            "*",
            "{uri}"
        );
        assert!(
            headers.get(header::SET_COOKIE).is_none(),
            "{uri}: no cookie"
        );
        let tag = header_of(&headers, header::ETAG);
        assert!(
            tag.starts_with('"') && tag.len() == 66,
            "{uri}: strong tag {tag}"
        );

        // The same request again: the same bytes and tag (no clock in the output).
        let (_, again, same) = get(&app, uri, &[]).await;
        assert_eq!((header_of(&again, header::ETAG), same), (tag.clone(), body));

        // Revalidation: 304 without reading the programme (the tag needs only the version).
        app.reset_statements();
        let (status, headers, body) = get(&app, uri, &[(header::IF_NONE_MATCH, &tag)]).await;
        assert_eq!(status, StatusCode::NOT_MODIFIED, "{uri}");
        assert_eq!((body.as_str(), app.statements()), ("", 0), "{uri}");
        assert_eq!(header_of(&headers, header::ETAG), tag);

        // Compressed: another representation, another strong tag, still revalidated.
        let (status, headers, _) = get(&app, uri, &[(header::ACCEPT_ENCODING, "gzip")]).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(
            header_of(&headers, header::CONTENT_ENCODING),
            "gzip",
            "{uri}"
        );
        let gzip_tag = header_of(&headers, header::ETAG);
        assert_eq!(gzip_tag, format!("{}-gzip\"", tag.trim_end_matches('"')));
        let (status, _, _) = get(
            &app,
            uri,
            &[
                (header::ACCEPT_ENCODING, "gzip"),
                (header::IF_NONE_MATCH, &gzip_tag),
            ],
        )
        .await;
        assert_eq!(status, StatusCode::NOT_MODIFIED, "{uri}");
    }
    // Each feed, each filter and each zone is its own representation.
    let mut tags = std::collections::BTreeSet::new();
    for (uri, _) in &documents {
        tags.insert(header_of(&get(&app, uri, &[]).await.1, header::ETAG));
    }
    assert_eq!(tags.len(), documents.len());
}

#[tokio::test]
async fn a_programme_document_reads_no_statement_once_warm() {
    let app = TestApp::new().await;
    let mut counts = Vec::new();
    let documents = [
        "/schedule.ics".to_owned(),
        "/schedule.ics?day=2023-01-26".to_owned(),
        format!("/sessions/{}.ics", global_id("Session", "day1-panel-1")),
        "/speakers/risto-veivo.ics".to_owned(),
        "/schedule.xml".to_owned(),
        "/schedule.json".to_owned(),
        "/schedule.jsonld".to_owned(),
        "/embed".to_owned(),
        "/export/sessions.csv".to_owned(),
        "/export/speakers.csv".to_owned(),
        "/export/cities.geojson".to_owned(),
        "/figures/pairings.svg".to_owned(),
    ];
    for uri in &documents {
        app.reset_statements();
        assert_eq!(app.get(uri).await.status, StatusCode::OK, "{uri}");
        counts.push((uri.as_str(), app.statements()));
    }
    // Rendered from the programme of the revision in memory, as GraphQL answers are.
    let expected: Vec<(&str, usize)> = documents.iter().map(|uri| (uri.as_str(), 0)).collect();
    assert_eq!(counts, expected);
    // The reference lists and provenance stay SQL, read in a snapshot of the same revision.
    app.reset_statements();
    assert_eq!(
        app.get("/export/provenance.csv").await.status,
        StatusCode::OK
    );
    assert!(app.statements() > 0);
}

#[tokio::test]
async fn a_reload_changes_the_feeds_and_their_tags() {
    let app = TestApp::rereading_the_data_version().await;
    let (_, headers, before) = get(&app, "/schedule.ics", &[]).await;
    let tag = header_of(&headers, header::ETAG);
    assert_eq!(events(&before).len(), 13);
    let smaller = data_dir_without_the_first_break();
    let dataset = api::dataset::DatasetFiles::from_dir(smaller.path())
        .and_then(|files| files.validate())
        .unwrap();
    api::dataset::load(&app.db, &dataset).await.unwrap();
    let (status, headers, after) =
        get(&app, "/schedule.ics", &[(header::IF_NONE_MATCH, &tag)]).await;
    assert_eq!(status, StatusCode::OK, "the old tag no longer matches");
    assert_ne!(header_of(&headers, header::ETAG), tag);
    assert_eq!(events(&after).len(), 12);
}

#[tokio::test]
async fn the_calendar_holds_every_session_at_the_apis_instants_with_stable_uids() {
    let app = TestApp::new().await;
    let calendar = text(&app, "/schedule.ics").await;
    let lines = unfolded_lines(&calendar);
    assert_eq!(lines.first().map(String::as_str), Some("BEGIN:VCALENDAR"));
    assert_eq!(lines.last().map(String::as_str), Some("END:VCALENDAR"));
    for required in [
        "VERSION:2.0",
        "METHOD:PUBLISH",
        "NAME:EU-Japan 100 Cities Event on Climate Action",
        "X-WR-CALNAME:EU-Japan 100 Cities Event on Climate Action",
    ] {
        assert!(lines.iter().any(|l| l == required), "{required}");
    }
    assert!(lines.iter().any(|l| l.starts_with("PRODID:")));
    let events = events(&calendar);
    let sessions = api_sessions(&app).await;
    assert_eq!(events.len(), sessions.len());
    assert_eq!(sessions.len(), 13);
    let stamp = &events[0]["DTSTAMP"];
    for (event, (id, title, starts, ends)) in events.iter().zip(&sessions) {
        assert_eq!(event["SUMMARY"], *title);
        assert_eq!(event["DTSTART"], ical_utc(starts), "{title}");
        assert_eq!(event["DTEND"], ical_utc(ends), "{title}");
        assert_eq!(
            &event["DTSTAMP"], stamp,
            "one revision time for the whole dataset"
        );
        // The UID is a UUID (RFC 9562 v5), and the session's own feed carries the same one.
        let uid = &event["UID"];
        assert!(uid.len() == 36 && uid.chars().nth(14) == Some('5'), "{uid}");
        let own = events_of(&app, &format!("/sessions/{id}.ics")).await;
        assert_eq!(own.len(), 1);
        assert_eq!(
            (&own[0]["UID"], &own[0]["DTSTART"]),
            (uid, &event["DTSTART"])
        );
        // The session's entry in the widget, in the calendar's language and its zone, the
        // fragment last.
        assert!(
            event["URL"]
                .starts_with("http://127.0.0.1:8000/embed?tz=Europe%2FBrussels&lang=en#day"),
            "{}",
            event["URL"]
        );
    }
    let panel = &events[2];
    assert_eq!(panel["SUMMARY"], "Panel 1 Energy Security and Resilience");
    assert_eq!(panel["DTSTART"], "20230125T084500Z");
    assert_eq!(panel["CATEGORIES"], "Energy Security and Resilience");
    // Speakers with their bodies and cities, escaped as TEXT (commas, new lines).
    assert!(
        panel["DESCRIPTION"].contains(
            "\\n- Ivan Ivankovic\\, Head of Environmental Sustainability\\, Zagreb (Croatia) [presentation material]"
        ),
        "{}",
        panel["DESCRIPTION"]
    );

    // Stable across a restart on another database file: the same UIDs.
    let other = TestApp::new().await;
    let uids = |events: &[BTreeMap<String, String>]| {
        events.iter().map(|e| e["UID"].clone()).collect::<Vec<_>>()
    };
    assert_eq!(
        uids(&events_of(&other, "/schedule.ics").await),
        uids(&events)
    );
}

async fn events_of(app: &TestApp, uri: &str) -> Vec<BTreeMap<String, String>> {
    events(&text(app, uri).await)
}

#[tokio::test]
async fn day_theme_and_speaker_calendars_hold_exactly_their_sessions() {
    let app = TestApp::new().await;
    let count = |uri: &'static str| {
        let app = &app;
        async move { events_of(app, uri).await.len() }
    };
    assert_eq!(count("/schedule.ics?day=2023-01-25").await, 7);
    assert_eq!(count("/schedule.ics?day=2023-01-26").await, 6);
    assert_eq!(
        count("/schedule.ics?theme=smart-city-and-innovation").await,
        1
    );
    // Nothing of that theme on that day: no empty calendar (see
    // `calendars_take_slugs_as_well_as_ids_and_are_never_empty`).
    assert_eq!(
        app.get("/schedule.ics?day=2023-01-25&theme=smart-city-and-innovation")
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let named = text(
        &app,
        "/schedule.ics?day=2023-01-26&theme=smart-city-and-innovation",
    )
    .await;
    assert!(unfolded_lines(&named).contains(
        &"NAME:EU-Japan 100 Cities Event on Climate Action: Smart City and Innovation (26 January 2023)".to_owned()
    ));

    // A speaker's calendar: the sessions GraphQL lists for that speaker.
    let body = app
        .query("{ speakers(first: 100) { nodes { id name sessions { title } } } }")
        .await;
    for speaker in body["data"]["speakers"]["nodes"].as_array().unwrap() {
        let id = speaker["id"].as_str().unwrap();
        let calendar = text(&app, &format!("/speakers/{id}.ics")).await;
        let titles: Vec<String> = events(&calendar)
            .iter()
            .map(|e| e["SUMMARY"].clone())
            .collect();
        let expected: Vec<String> = speaker["sessions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["title"].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(titles, expected, "{}", speaker["name"]);
        let name = format!(
            "NAME:EU-Japan 100 Cities Event on Climate Action: sessions of {}",
            speaker["name"].as_str().unwrap()
        );
        assert!(unfolded_lines(&calendar).contains(&name), "{name}");
    }
}

#[tokio::test]
async fn malformed_input_is_400_and_well_formed_names_of_nothing_are_404_never_cached() {
    let app = TestApp::new().await;
    let session = global_id("Session", "day1-panel-1");
    let speaker = global_id("Speaker", "risto-veivo");
    let cases = [
        (
            "/schedule.ics?day=2023-13-01",
            StatusCode::BAD_REQUEST,
            "BAD_USER_INPUT",
        ),
        (
            "/schedule.ics?day=yesterday",
            StatusCode::BAD_REQUEST,
            "BAD_USER_INPUT",
        ),
        (
            "/schedule.ics?theme=Not%20A%20Slug",
            StatusCode::BAD_REQUEST,
            "BAD_USER_INPUT",
        ),
        (
            "/schedule.ics?dya=2023-01-25",
            StatusCode::BAD_REQUEST,
            "BAD_USER_INPUT",
        ),
        (
            "/schedule.ics?day=2023-01-25&day=2023-01-26",
            StatusCode::BAD_REQUEST,
            "BAD_USER_INPUT",
        ),
        (
            "/schedule.xml?day=2023-01-25",
            StatusCode::BAD_REQUEST,
            "BAD_USER_INPUT",
        ),
        (
            "/sessions/Not%20an%20id.ics",
            StatusCode::BAD_REQUEST,
            "BAD_USER_INPUT",
        ),
        (
            "/sessions/not-a-session.ics",
            StatusCode::NOT_FOUND,
            "NOT_FOUND",
        ),
        (
            &format!("/sessions/{speaker}.ics"),
            StatusCode::BAD_REQUEST,
            "BAD_USER_INPUT",
        ),
        (
            &format!("/speakers/{session}.ics"),
            StatusCode::BAD_REQUEST,
            "BAD_USER_INPUT",
        ),
        (
            "/schedule.ics?day=2023-01-27",
            StatusCode::NOT_FOUND,
            "NOT_FOUND",
        ),
        (
            "/schedule.ics?theme=no-such-theme",
            StatusCode::NOT_FOUND,
            "NOT_FOUND",
        ),
        (
            &format!("/sessions/{}.ics", global_id("Session", "day9-nothing")),
            StatusCode::NOT_FOUND,
            "NOT_FOUND",
        ),
        (
            &format!("/speakers/{}.ics", global_id("Speaker", "nobody")),
            StatusCode::NOT_FOUND,
            "NOT_FOUND",
        ),
        (
            &format!("/sessions/{session}"),
            StatusCode::NOT_FOUND,
            "NOT_FOUND",
        ),
        ("/export/missing.csv", StatusCode::NOT_FOUND, "NOT_FOUND"),
        ("/figures/pairings.png", StatusCode::NOT_FOUND, "NOT_FOUND"),
        (
            "/export/sessions.csv?day=2023-01-25",
            StatusCode::BAD_REQUEST,
            "BAD_USER_INPUT",
        ),
    ];
    for (uri, status, code) in cases {
        let reply = app.get(uri).await;
        assert_eq!(reply.status, status, "{uri}: {}", reply.body);
        assert_eq!(error_codes(&reply.body), vec![code.to_owned()], "{uri}");
        assert_eq!(
            header_of(&reply.headers, header::CACHE_CONTROL),
            "no-store",
            "{uri}"
        );
        assert!(
            header_of(&reply.headers, header::CONTENT_TYPE).starts_with("application/json"),
            "{uri}"
        );
        assert!(reply.headers.get(header::ETAG).is_none(), "{uri}");
        let message = reply.body["errors"][0]["message"].as_str().unwrap();
        assert!(
            !message.contains("SELECT") && !message.contains("sqlite"),
            "{message}"
        );
    }
    // A folder of documents names what it holds.
    let reply = app.get("/export/missing.csv").await;
    let message = reply.body["errors"][0]["message"].as_str().unwrap();
    assert!(
        message.contains("sessions.csv") && message.contains("cities.geojson"),
        "{message}"
    );
    // `If-None-Match: *` is no way around a 404: only an existing representation matches it.
    let (status, _, _) = get(
        &app,
        "/embed?theme=no-such-theme",
        &[(header::IF_NONE_MATCH, "*")],
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _, _) = get(&app, "/embed", &[(header::IF_NONE_MATCH, "*")]).await;
    assert_eq!(status, StatusCode::NOT_MODIFIED);
    // Zones are IANA names in any case; an empty value is no filter.
    for uri in [
        "/embed?tz=asia/tokyo",
        "/embed?day=&theme=&tz=UTC",
        "/schedule.ics?day=",
    ] {
        assert_eq!(app.get(uri).await.status, StatusCode::OK, "{uri}");
    }
}

#[tokio::test]
async fn absolute_urls_come_from_the_public_url_never_from_the_host_header() {
    let app = TestApp::with_config(|config| {
        config.feeds.public_url = Some("https://programme.example.org/cities".to_owned());
    })
    .await;
    let forged = [
        (header::HOST, "attacker.example"),
        (
            header::HeaderName::from_static("x-forwarded-host"),
            "attacker.example",
        ),
    ];
    for (uri, _) in &documents("https://programme.example.org/cities") {
        let (status, _, body) = get(&app, uri, &forged).await;
        assert_eq!(status, StatusCode::OK);
        assert!(!body.contains("attacker.example"), "{uri}");
        assert!(!body.contains("127.0.0.1"), "{uri}");
        if uri.starts_with("/schedule") {
            assert!(
                body.contains("https://programme.example.org/cities/"),
                "{uri}"
            );
        }
    }
    let schedule: Value = serde_json::from_str(&text(&app, "/schedule.json").await).unwrap();
    assert_eq!(
        schedule["schedule"]["base_url"],
        "https://programme.example.org/cities/"
    );
    let ics = text(&app, "/schedule.ics").await;
    assert!(
        events(&ics)[0]["URL"].starts_with(
            "https://programme.example.org/cities/embed?tz=Europe%2FBrussels&lang=en#"
        )
    );
}

#[tokio::test]
async fn the_public_url_and_frame_ancestors_flags_refuse_what_would_break_a_feed_or_a_header() {
    use clap::Parser;
    let parse = |args: &[&str]| {
        api::config::Cli::try_parse_from([&["cities-api"], args].concat()).map(|cli| cli.config)
    };
    let config = parse(&["--public-url", "https://programme.example.org/"]).unwrap();
    assert_eq!(config.public_url(), "https://programme.example.org");
    assert_eq!(
        parse(&["--listen", "0.0.0.0:9000"]).unwrap().public_url(),
        "http://localhost:9000"
    );
    for bad in [
        "programme.example.org",
        "ftp://x",
        "https://",
        "https://x/?a=1",
        "https://x/#f",
    ] {
        assert!(parse(&["--public-url", bad]).is_err(), "{bad}");
    }
    for bad in ["", "https://a; script-src *", "https://a,https://b"] {
        assert!(parse(&["--embed-frame-ancestors", bad]).is_err(), "{bad:?}");
    }
    let app = TestApp::with_config(|config| {
        config.feeds.embed_frame_ancestors = "https://partner.example 'self'".to_owned();
    })
    .await;
    let (_, headers, _) = get(&app, "/embed", &[]).await;
    assert!(
        header_of(&headers, header::CONTENT_SECURITY_POLICY)
            .ends_with("; frame-ancestors https://partner.example 'self'")
    );
}

#[tokio::test]
async fn the_widget_is_self_contained_and_its_policy_allows_exactly_its_inline_style_and_script() {
    let app = TestApp::new().await;
    let (_, headers, page) = get(&app, "/embed?tz=Asia/Tokyo", &[]).await;
    let policy = header_of(&headers, header::CONTENT_SECURITY_POLICY);
    let inline = |open: &str, close: &str| {
        let start = page.find(open).unwrap() + open.len();
        let end = start + page[start..].find(close).unwrap();
        let digest = Sha256::digest(&page.as_bytes()[start..end]);
        use base64::Engine;
        format!(
            "'sha256-{}'",
            base64::engine::general_purpose::STANDARD.encode(digest)
        )
    };
    assert!(
        policy.contains(&format!("style-src {}", inline("<style>", "</style>"))),
        "{policy}"
    );
    assert!(
        policy.contains(&format!("script-src {}", inline("<script>", "</script>"))),
        "{policy}"
    );
    assert!(policy.starts_with("default-src 'none';") && policy.ends_with("frame-ancestors *"));
    assert_eq!(
        header_of(&headers, header::X_CONTENT_TYPE_OPTIONS),
        "nosniff"
    );
    for external in [" src=", "@import", "url("] {
        assert!(!page.contains(external), "no external asset: {external}");
    }
    // Its two <link>s are the canonical URL and the oEmbed discovery, which load nothing.
    assert_eq!(page.matches("<link").count(), 2);
    assert!(page.contains("<link rel=\"canonical\""));
    assert!(page.contains("<link rel=\"alternate\" type=\"application/json+oembed\""));
    assert!(page.starts_with("<!DOCTYPE html><html lang=\"en\" data-scheme=\"auto\">"));
    assert_eq!(page.matches("<li class=\"session").count(), 13);
    assert_eq!(page.matches("<li class=\"speaker\">").count(), 29);
    assert!(page.contains(r#"<time datetime="2023-01-25T17:45:00+09:00">17:45</time>–<time datetime="2023-01-25T18:40:00+09:00">18:40</time>"#));
    // A zone where the programme falls on the previous local date says so.
    let (_, _, page) = get(&app, "/embed?tz=Pacific/Honolulu&day=2023-01-25", &[]).await;
    assert!(
        page.contains(r#"<time datetime="2023-01-24T22:00:00-10:00"><span class="date">Tue 24 Jan</span>22:00</time>"#),
        "{page}"
    );
}

#[tokio::test]
async fn the_conference_schedule_matches_the_api_with_stable_distinct_identities() {
    let app = TestApp::new().await;
    let schedule: Value = serde_json::from_str(&text(&app, "/schedule.json").await).unwrap();
    let conference = &schedule["schedule"]["conference"];
    assert_eq!(conference["acronym"], "eu_japan_100_cities_2023");
    assert_eq!(conference["time_zone_name"], "Europe/Brussels");
    assert_eq!(conference["daysCount"], 2);
    assert_eq!(conference["timeslot_duration"], "00:05");
    let events: Vec<&Value> = conference["days"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|day| day["rooms"]["Plenary"].as_array().unwrap())
        .collect();
    let sessions = api_sessions(&app).await;
    assert_eq!(events.len(), sessions.len());
    let mut ids = std::collections::BTreeSet::new();
    let mut guids = std::collections::BTreeSet::new();
    let mut persons = 0;
    for (event, (_, title, starts, _)) in events.iter().zip(&sessions) {
        assert_eq!(event["title"], *title);
        let local = chrono::DateTime::parse_from_rfc3339(event["date"].as_str().unwrap()).unwrap();
        let utc = chrono::DateTime::parse_from_rfc3339(starts).unwrap();
        assert_eq!(local, utc, "{title}");
        assert_eq!(local.offset().local_minus_utc(), 3600, "CET in January");
        assert!(ids.insert(event["id"].as_u64().unwrap()));
        assert!(guids.insert(event["guid"].as_str().unwrap().to_owned()));
        persons += event["persons"].as_array().unwrap().len();
    }
    assert_eq!(persons, 29);
    let panel = events[2];
    assert_eq!(
        (
            &panel["start"],
            &panel["duration"],
            &panel["track"],
            &panel["type"]
        ),
        (
            &json!("09:45"),
            &json!("00:55"),
            &json!("Energy Security and Resilience"),
            &json!("panel")
        )
    );
    assert_eq!(
        panel["language"],
        Value::Null,
        "the page gives no language per session"
    );
    // The XML says the same about the same events.
    let xml = text(&app, "/schedule.xml").await;
    assert_eq!(xml.matches("<event id=").count(), 13);
    for guid in &guids {
        assert!(xml.contains(&format!("guid=\"{guid}\"")), "{guid}");
    }
    assert!(xml.contains("<date>2023-01-25T09:45:00+01:00</date>"));
    // Stable on another database file.
    let other = TestApp::new().await;
    let again: Value = serde_json::from_str(&text(&other, "/schedule.json").await).unwrap();
    assert_eq!(again["schedule"]["conference"]["days"], conference["days"]);
}

/// A CSV document as (header, rows).
fn read_csv(text: String) -> (Vec<String>, Vec<Vec<String>>) {
    let bytes = text.into_bytes();
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect();
    (header, rows)
}

/// The cell of column `name` in `row`.
fn cell<'r>(header: &[String], row: &'r [String], name: &str) -> &'r str {
    let at = header.iter().position(|h| h == name);
    at.and_then(|at| row.get(at)).map_or("", String::as_str)
}

#[tokio::test]
async fn exports_hold_one_row_per_entity_with_the_apis_ids() {
    let app = TestApp::new().await;
    let sessions = text(&app, "/export/sessions.csv").await;
    assert!(!sessions.starts_with('\u{feff}'), "no BOM");
    assert!(sessions.contains("\r\n"), "CRLF");
    let (header, rows) = read_csv(sessions);
    assert_eq!(header[..4], ["id", "slug", "title", "kind"]);
    let api: Vec<String> = api_sessions(&app).await.into_iter().map(|s| s.0).collect();
    assert_eq!(rows.iter().map(|r| r[0].clone()).collect::<Vec<_>>(), api);
    let panel = &rows[2];
    assert_eq!(cell(&header, panel, "slug"), "day1-panel-1");
    // Every table whose records have a slug carries it, joinable with provenance.csv's
    // `entity_key` without decoding a global id.
    let (_, provenance) = read_csv(text(&app, "/export/provenance.csv").await);
    for (file, entity) in [
        ("sessions", "session"),
        ("speakers", "speaker"),
        ("cities", "local_government"),
    ] {
        let (header, rows) = read_csv(text(&app, &format!("/export/{file}.csv")).await);
        assert_eq!(header[1], "slug", "{file}");
        for row in &rows {
            let slug = cell(&header, row, "slug");
            assert!(
                provenance.iter().any(|p| p[0] == entity && p[1] == slug),
                "{file}: {slug} has no provenance by its slug"
            );
        }
    }
    // Times in UTC, and as the page publishes them, in CET and JST.
    assert_eq!(
        cell(&header, panel, "starts_at_utc"),
        "2023-01-25T08:45:00Z"
    );
    assert_eq!(
        cell(&header, panel, "starts_at_cet"),
        "2023-01-25T09:45:00+01:00"
    );
    assert_eq!(
        cell(&header, panel, "ends_at_jst"),
        "2023-01-25T18:40:00+09:00"
    );
    assert_eq!(
        cell(&header, panel, "speakers"),
        "Atsushi Otsuki | Tomoaki Yoshida | Ivan Ivankovic | Jacek Kisiel"
    );
    for (file, count) in [("speakers", 29), ("cities", 16), ("pairings", 13)] {
        let (_, rows) = read_csv(text(&app, &format!("/export/{file}.csv")).await);
        assert_eq!(rows.len(), count, "{file}");
    }
    // Coordinates travel with their attribution.
    let (header, rows) = read_csv(text(&app, "/export/cities.csv").await);
    for row in &rows {
        let located = !cell(&header, row, "latitude").is_empty();
        let attribution = cell(&header, row, "coordinates_attribution");
        assert_eq!(
            attribution == "GeoNames, geonames.org (CC BY 4.0)",
            located,
            "{row:?}"
        );
    }
    let geojson: Value = serde_json::from_str(&text(&app, "/export/cities.geojson").await).unwrap();
    assert_eq!(geojson["type"], "FeatureCollection");
    assert_eq!(
        geojson["properties"]["attribution"],
        "GeoNames, geonames.org (CC BY 4.0)"
    );
    let points = geojson["features"].as_array().unwrap();
    assert_eq!(points.len(), 16);
    assert!(points.iter().all(|f| f["geometry"]["type"] == "Point"));
    let kyoto = points
        .iter()
        .find(|f| f["properties"]["name"] == "Kyoto")
        .unwrap();
    // RFC 7946: longitude first; a round is an integer, several programmes one string.
    assert_eq!(
        kyoto["geometry"]["coordinates"],
        json!([135.75385, 35.02107])
    );
    assert_eq!(kyoto["id"], global_id("City", "kyoto"));
    assert_eq!(kyoto["properties"]["dla_round"], 2);
    assert_eq!(
        kyoto["properties"]["programmes"],
        "JAPAN_DECARBONIZATION_LEADING_AREA"
    );
    let pairings: Value =
        serde_json::from_str(&text(&app, "/export/pairings.geojson").await).unwrap();
    assert_eq!(
        pairings["properties"]["attribution"],
        "GeoNames, geonames.org (CC BY 4.0)"
    );
    let lines = pairings["features"].as_array().unwrap();
    assert_eq!(lines.len(), 13);
    // Every feature carries the attribution of its coordinates, and no two property names of
    // a file share their first 10 characters (a Shapefile's field names).
    for collection in [&geojson, &pairings] {
        for feature in collection["features"].as_array().unwrap() {
            let properties = feature["properties"].as_object().unwrap();
            assert_eq!(
                properties["attribution"], "GeoNames, geonames.org (CC BY 4.0)",
                "{feature}"
            );
            let mut cut: Vec<String> = properties
                .keys()
                .map(|k| k.chars().take(10).collect())
                .collect();
            cut.sort();
            let before = cut.len();
            cut.dedup();
            assert_eq!(cut.len(), before, "{:?}", properties.keys());
        }
    }
    for line in lines {
        assert_eq!(line["geometry"]["type"], "LineString");
        let ids = line["properties"]["session_ids"]
            .as_str()
            .unwrap()
            .split(" | ")
            .count();
        let titles = line["properties"]["session_titles"]
            .as_str()
            .unwrap()
            .split(" | ")
            .count();
        assert_eq!(ids, titles, "{line}");
    }
}

#[tokio::test]
async fn the_research_exports_match_the_graphql_answers() {
    let app = TestApp::new().await;
    let api = app
        .query(
            r#"{ missionCities(first: 100) { totalCount } tookPart: missionCities(filter: { tookPart: true }) { totalCount nodes { id city { id } } }
                 leadingAreas(first: 100) { totalCount } dla: leadingAreas(filter: { tookPart: true }, first: 100) { totalCount nodes { id city { id } } }
                 sessions(first: 100) { nodes { id appearances { speaker { id } talkTitle note hasPresentation } } } }"#,
        )
        .await;
    assert!(api.get("errors").is_none(), "{api}");
    // The Mission list: every row, the GraphQL ids, the attribution, who took part.
    let (header, rows) = read_csv(text(&app, "/export/mission-cities.csv").await);
    assert_eq!(
        rows.len() as u64,
        api["data"]["missionCities"]["totalCount"].as_u64().unwrap()
    );
    assert_eq!(rows.len(), 111);
    let took_part: Vec<(String, String)> = rows
        .iter()
        .filter(|row| cell(&header, row, "took_part") == "true")
        .map(|row| {
            (
                cell(&header, row, "id").to_owned(),
                cell(&header, row, "city_id").to_owned(),
            )
        })
        .collect();
    let expected: Vec<(String, String)> = api["data"]["tookPart"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            (
                n["id"].as_str().unwrap().to_owned(),
                n["city"]["id"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(took_part, expected);
    for row in &rows {
        let located = !cell(&header, row, "latitude").is_empty();
        assert_eq!(
            cell(&header, row, "coordinates_attribution") == "GeoNames, geonames.org (CC BY 4.0)",
            located
        );
    }
    // The Decarbonization Leading Areas, the same way.
    let (header, rows) = read_csv(text(&app, "/export/leading-areas.csv").await);
    assert_eq!(
        rows.len() as u64,
        api["data"]["leadingAreas"]["totalCount"].as_u64().unwrap()
    );
    let took_part = rows
        .iter()
        .filter(|row| cell(&header, row, "took_part") == "true")
        .count();
    assert_eq!(
        took_part as u64,
        api["data"]["dla"]["totalCount"].as_u64().unwrap()
    );
    assert!(
        rows.iter()
            .all(|row| cell(&header, row, "source_url").starts_with("https://"))
    );
    assert!(
        rows.iter()
            .all(|row| cell(&header, row, "round").parse::<i32>().is_ok())
    );
    // One row per speaker per session, as published.
    let (header, rows) = read_csv(text(&app, "/export/appearances.csv").await);
    let appearances: Vec<(String, String, String, String)> = api["data"]["sessions"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| {
            s["appearances"].as_array().unwrap().iter().map(move |a| {
                (
                    s["id"].as_str().unwrap().to_owned(),
                    a["speaker"]["id"].as_str().unwrap().to_owned(),
                    a["talkTitle"].as_str().unwrap_or_default().to_owned(),
                    a["note"].as_str().unwrap_or_default().to_owned(),
                )
            })
        })
        .collect();
    let exported: Vec<(String, String, String, String)> = rows
        .iter()
        .map(|row| {
            (
                cell(&header, row, "session_id").to_owned(),
                cell(&header, row, "speaker_id").to_owned(),
                cell(&header, row, "talk_title").to_owned(),
                cell(&header, row, "note").to_owned(),
            )
        })
        .collect();
    assert_eq!(exported, appearances);
    assert!(
        rows.iter()
            .any(|row| cell(&header, row, "note") == "video message")
    );
    let marks = rows
        .iter()
        .filter(|row| cell(&header, row, "has_presentation") == "true")
        .count();
    assert_eq!(marks, 16, "the page's 16 PDF marks");
    // Organisations: every body a speaker represents, each speaker once.
    let (header, rows) = read_csv(text(&app, "/export/organisations.csv").await);
    let speakers: usize = rows
        .iter()
        .map(|row| {
            cell(&header, row, "speaker_ids")
                .split(" | ")
                .filter(|s| !s.is_empty())
                .count()
        })
        .sum();
    assert_eq!(speakers, 29);
    // Provenance: every record, each naming its source's terms.
    let (header, rows) = read_csv(text(&app, "/export/provenance.csv").await);
    assert!(rows.len() > 100, "{}", rows.len());
    assert!(
        rows.iter()
            .all(|row| !cell(&header, row, "source_licence").is_empty())
    );
    assert!(
        rows.iter()
            .any(|row| cell(&header, row, "source") == "geonames"
                && cell(&header, row, "source_licence").contains("CC BY 4.0"))
    );
}

#[tokio::test]
async fn the_pairings_figure_names_every_local_government_and_draws_every_pairing() {
    let app = TestApp::new().await;
    let svg = text(&app, "/figures/pairings.svg").await;
    let mut reader = quick_xml::Reader::from_str(&svg);
    let (mut texts, mut lines, mut width) = (Vec::new(), 0, None);
    loop {
        match reader.read_event().unwrap() {
            quick_xml::events::Event::Eof => break,
            quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e) => {
                let name = e.name();
                if AsRef::<str>::as_ref(&name) == "line" {
                    lines += 1;
                }
                if AsRef::<str>::as_ref(&name) == "svg" {
                    width = e
                        .try_get_attribute("width")
                        .unwrap()
                        .map(|a| a.value.to_string());
                }
            }
            quick_xml::events::Event::Text(t) => {
                let text = t.xml10_content().trim().to_owned();
                if !text.is_empty() {
                    texts.push(text);
                }
            }
            _ => {}
        }
    }
    assert_eq!(width.as_deref(), Some("800"));
    let body = app
        .query(
            "{ cities(first: 100) { nodes { name nameJa } } cityPairings { id } themes { name } }",
        )
        .await;
    for city in body["data"]["cities"]["nodes"].as_array().unwrap() {
        let label = match city["nameJa"].as_str() {
            Some(ja) => format!("{} {ja}", city["name"].as_str().unwrap()),
            None => city["name"].as_str().unwrap().to_owned(),
        };
        assert!(texts.contains(&label), "{label} in {texts:?}");
    }
    let pairings = body["data"]["cityPairings"].as_array().unwrap().len();
    // One line per pairing, and one sample line per legend entry.
    let legend = texts
        .iter()
        .filter(|t| {
            body["data"]["themes"]
                .as_array()
                .unwrap()
                .iter()
                .any(|th| th["name"] == **t)
                || t.starts_with("No theme")
        })
        .count();
    assert_eq!(lines, pairings + legend);
    assert!(
        texts.contains(&"No theme (Closing Session)".to_owned()),
        "{texts:?}"
    );
    assert!(texts.iter().any(|t| {
        t.starts_with("Source: the event page https://www.iges.or.jp/en/events/20230126")
    }));
    // The source line names the dataset version, and the title says what a pairing is.
    let version = api::dataset::DatasetFiles::embedded().version();
    assert!(
        texts
            .iter()
            .any(|t| t.contains(&format!("dataset version {}", &version[..12]))),
        "{texts:?}"
    );
    assert!(
        texts.contains(&"EU–Japan local-government pairs".to_owned()),
        "{texts:?}"
    );
    assert!(
        texts.iter().any(|t| t.contains("not a partnership")),
        "{texts:?}"
    );
}

#[tokio::test]
async fn tracking_parameters_of_newsletter_links_are_ignored_and_kept_out_of_the_tag() {
    let app = TestApp::new().await;
    for path in ["/embed?tz=Asia/Tokyo", "/schedule.ics?day=2023-01-25"] {
        let plain = app.get(path).await;
        assert_eq!(plain.status, StatusCode::OK, "{path}");
        for tracking in [
            "utm_source=newsletter&utm_medium=email",
            "fbclid=abc",
            "gclid=x&dclid=y&msclkid=z",
            "mc_cid=1&mc_eid=2&_ga=3&ref=partner",
        ] {
            let tracked = app.get(&format!("{path}&{tracking}")).await;
            assert_eq!(tracked.status, StatusCode::OK, "{path}&{tracking}");
            assert_eq!(
                tracked.headers[header::ETAG],
                plain.headers[header::ETAG],
                "{path}&{tracking}: the same representation"
            );
            assert_eq!(tracked.body, plain.body);
        }
    }
    // Any other unknown parameter is still a mistake, not a silent "everything".
    let typo = app.get("/schedule.ics?dya=2023-01-25&utm_source=x").await;
    assert_eq!(typo.status, StatusCode::BAD_REQUEST);
    assert_eq!(error_codes(&typo.body), ["BAD_USER_INPUT"]);
}

#[tokio::test]
async fn a_script_on_another_origin_may_revalidate_with_if_none_match() {
    let app = TestApp::new().await;
    let preflight = Request::options("/schedule.json")
        .header(header::ORIGIN, "https://partner.example")
        .header(header::ACCESS_CONTROL_REQUEST_METHOD, "GET")
        .header(header::ACCESS_CONTROL_REQUEST_HEADERS, "if-none-match")
        .body(Body::empty())
        .unwrap();
    let reply = app.send(preflight).await;
    assert!(reply.status.is_success(), "{}", reply.status);
    let allowed = reply.headers[header::ACCESS_CONTROL_ALLOW_HEADERS]
        .to_str()
        .unwrap()
        .to_ascii_lowercase();
    assert!(allowed.contains("if-none-match"), "{allowed}");
    let first = app.get("/schedule.json").await;
    let tag = first.headers[header::ETAG].clone();
    let revalidation = Request::get("/schedule.json")
        .header(header::ORIGIN, "https://partner.example")
        .header(header::IF_NONE_MATCH, tag)
        .body(Body::empty())
        .unwrap();
    let reply = app.send(revalidation).await;
    assert_eq!(reply.status, StatusCode::NOT_MODIFIED);
    assert_eq!(reply.headers[header::ACCESS_CONTROL_ALLOW_ORIGIN], "*");
    let exposed = reply.headers[header::ACCESS_CONTROL_EXPOSE_HEADERS]
        .to_str()
        .unwrap()
        .to_ascii_lowercase();
    assert!(exposed.contains("etag"), "{exposed}");
}

#[tokio::test]
async fn the_widget_answers_its_own_errors_as_a_page_for_the_visitor_never_json() {
    let app = TestApp::new().await;
    for (uri, status, heading, back) in [
        (
            "/embed?tz=Mars/Olympus_Mons",
            StatusCode::BAD_REQUEST,
            "<h1>This part of the programme cannot be shown</h1>",
            "?lang=en",
        ),
        (
            "/embed?day=2023-02-30&tz=JST&scheme=dark",
            StatusCode::BAD_REQUEST,
            "<h1>This part of the programme cannot be shown</h1>",
            "?tz=Asia%2FTokyo&amp;scheme=dark&amp;lang=en",
        ),
        (
            "/embed?theme=no-such-theme&lang=ja&tz=CET",
            StatusCode::NOT_FOUND,
            "<h1>このプログラムは表示できません</h1>",
            "?tz=Europe%2FBrussels&amp;lang=ja",
        ),
        (
            "/embed?dya=2023-01-25&lang=ja&scheme=light",
            StatusCode::BAD_REQUEST,
            "<h1>このプログラムは表示できません</h1>",
            "?scheme=light&amp;lang=ja",
        ),
    ] {
        let reply = app.get(uri).await;
        assert_eq!(reply.status, status, "{uri}");
        assert_eq!(
            reply.headers[header::CONTENT_TYPE],
            "text/html; charset=utf-8",
            "{uri}"
        );
        assert_eq!(reply.headers[header::CACHE_CONTROL], "no-store", "{uri}");
        assert_eq!(reply.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        let policy = reply.headers[header::CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap();
        assert!(policy.contains("frame-ancestors"), "{policy}");
        let page = reply.body.as_str().expect("an HTML page, not JSON");
        assert!(page.starts_with("<!DOCTYPE html>"), "{page}");
        // In the link's language, with a heading and the widget's height script, and none of
        // the developer's words (the parameter, the slug, the code's message).
        let lang = if uri.contains("lang=ja") { "ja" } else { "en" };
        assert!(page.contains(&format!("<html lang=\"{lang}\"")), "{page}");
        assert!(page.contains(heading), "{uri}: {page}");
        assert!(page.contains("role=\"alert\""), "{page}");
        assert!(
            page.contains("cities-api:embed-height"),
            "the height script"
        );
        for developer in [
            "Olympus",
            "2023-02-30",
            "no-such-theme",
            "dya",
            "\"errors\"",
        ] {
            assert!(!page.contains(developer), "{uri}: {developer} in {page}");
        }
        // A way back to the whole programme that keeps the language, the zone and colours.
        assert!(page.contains(&format!("href=\"{back}\"")), "{uri}: {page}");
    }
    // Without `lang`, the visitor's language.
    let (_, _, japanese) = get(
        &app,
        "/embed?theme=no-such-theme",
        &[(header::ACCEPT_LANGUAGE, "ja")],
    )
    .await;
    assert!(japanese.contains("<html lang=\"ja\""), "{japanese}");
    // The developer's detail stays in the JSON API.
    let reply = app.get("/schedule.ics?theme=no-such-theme").await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    let message = reply.body["errors"][0]["message"]
        .as_str()
        .unwrap_or_default();
    assert!(message.contains("no-such-theme"), "{message}");
}

#[tokio::test]
async fn the_structured_data_holds_every_session_but_breaks_at_the_apis_instants() {
    let app = TestApp::new().await;
    let document: Value = serde_json::from_str(&text(&app, "/schedule.jsonld").await).unwrap();
    assert_eq!(document["@context"], "https://schema.org");
    assert_eq!(document["@type"], "Event");
    assert_eq!(document["inLanguage"], json!(["en", "ja"]));
    let body = app
        .query(
            "{ sessions(first: 100) { nodes { title kind startsAt endsAt speakers { name } } } }",
        )
        .await;
    let api: Vec<&Value> = body["data"]["sessions"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["kind"] != "BREAK")
        .collect();
    let events = document["subEvent"].as_array().unwrap();
    assert_eq!(events.len(), api.len());
    let instant =
        |text: &Value| chrono::DateTime::parse_from_rfc3339(text.as_str().unwrap()).unwrap();
    for (event, session) in events.iter().zip(&api) {
        assert_eq!(event["name"], session["title"]);
        assert_eq!(instant(&event["startDate"]), instant(&session["startsAt"]));
        assert_eq!(instant(&event["endDate"]), instant(&session["endsAt"]));
        // Local times with the offset of CET, the first zone the page publishes.
        assert!(event["startDate"].as_str().unwrap().ends_with("+01:00"));
        let performers: Vec<&Value> = event["performer"]
            .as_array()
            .map(|list| list.iter().map(|p| &p["name"]).collect())
            .unwrap_or_default();
        let speakers: Vec<&Value> = session["speakers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| &s["name"])
            .collect();
        assert_eq!(performers, speakers, "{}", session["title"]);
    }
    // Nothing the page does not say.
    for absent in ["location", "eventAttendanceMode", "eventStatus"] {
        assert!(document.get(absent).is_none(), "{absent}");
        assert!(events.iter().all(|e| e.get(absent).is_none()), "{absent}");
    }
}

#[tokio::test]
async fn each_selection_of_the_structured_data_is_its_own_graph_the_widget_embeds() {
    let app = TestApp::with_config(|config| {
        config.feeds.public_url = Some("https://programme.example.org".to_owned());
    })
    .await;
    let whole: Value = serde_json::from_str(&text(&app, "/schedule.jsonld").await).unwrap();
    assert_eq!(
        whole["@id"],
        "https://programme.example.org/schedule.jsonld"
    );
    let uri = "/schedule.jsonld?day=2023-01-26&lang=ja";
    let selected: Value = serde_json::from_str(&text(&app, uri).await).unwrap();
    assert_eq!(
        selected["@id"],
        "https://programme.example.org/schedule.jsonld?day=2023-01-26&lang=ja"
    );
    assert_eq!(
        selected["name"],
        "気候変動アクションに関する日欧100都市対話"
    );
    assert_eq!(
        selected["url"],
        "https://programme.example.org/embed?day=2023-01-26&tz=Asia%2FTokyo&lang=ja"
    );
    // In Japan time, the language's zone; five sessions that day, breaks aside.
    assert_eq!(selected["startDate"], "2023-01-26T17:00:00+09:00");
    let sessions = selected["subEvent"].as_array().unwrap();
    assert_eq!(sessions.len(), 5);
    let url = sessions[0]["url"].as_str().unwrap_or_default();
    assert!(
        url.starts_with("https://programme.example.org/embed?tz=Asia%2FTokyo&lang=ja#day2-"),
        "{url}"
    );
    // A session keeps its identity across selections.
    assert!(
        sessions[0]["@id"]
            .as_str()
            .unwrap_or_default()
            .starts_with("https://programme.example.org/embed#day2-")
    );
    // The widget embeds exactly the document of what it shows.
    let page = text(&app, "/embed?day=2023-01-26&lang=ja").await;
    let block = page
        .split("<script type=\"application/ld+json\">")
        .nth(1)
        .and_then(|rest| rest.split("</script>").next())
        .expect("a JSON-LD block");
    let embedded: Value = serde_json::from_str(block).unwrap();
    assert_eq!(embedded, selected);
    // Another zone is another graph; a bad parameter is refused.
    let tokyo_english: Value =
        serde_json::from_str(&text(&app, "/schedule.jsonld?tz=JST").await).unwrap();
    assert_eq!(
        tokyo_english["@id"],
        "https://programme.example.org/schedule.jsonld?tz=Asia%2FTokyo"
    );
    assert_eq!(
        app.get("/schedule.jsonld?lang=fr").await.status,
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn calendars_take_slugs_as_well_as_ids_and_are_never_empty() {
    let app = TestApp::new().await;
    let session = global_id("Session", "day1-panel-1");
    let speaker = global_id("Speaker", "risto-veivo");
    for (by_id, by_slug) in [
        (
            format!("/sessions/{session}.ics"),
            "/sessions/day1-panel-1.ics",
        ),
        (
            format!("/speakers/{speaker}.ics"),
            "/speakers/risto-veivo.ics",
        ),
    ] {
        let expected = events_of(&app, &by_id).await;
        assert!(!expected.is_empty());
        assert_eq!(events_of(&app, by_slug).await, expected, "{by_slug}");
    }
    // A day and a theme that each exist but share no session: no VCALENDAR without a
    // component (RFC 5545), a 404 that says why.
    let body = app.query("{ themes { slug sessions { day } } }").await;
    let themes = body["data"]["themes"].as_array().unwrap();
    let (slug, day) = themes
        .iter()
        .find_map(|theme| {
            let days: Vec<&str> = theme["sessions"]
                .as_array()?
                .iter()
                .filter_map(|s| s["day"].as_str())
                .collect();
            let other = ["2023-01-25", "2023-01-26"]
                .into_iter()
                .find(|day| !days.contains(day))?;
            Some((theme["slug"].as_str()?.to_owned(), other))
        })
        .expect("a theme on one day only");
    let uri = format!("/schedule.ics?day={day}&theme={slug}");
    let reply = app.get(&uri).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND, "{uri}");
    let message = reply.body["errors"][0]["message"].as_str().unwrap();
    assert!(message.contains("no session matches"), "{message}");
    // The widget showing that selection offers no calendar.
    let page = text(&app, &format!("/embed?day={day}&theme={slug}")).await;
    assert!(page.contains("No session matches"), "{page}");
    assert!(!page.contains("schedule.ics"), "{page}");
}

#[tokio::test]
async fn the_widgets_own_zone_labels_are_accepted_as_tz() {
    let app = TestApp::new().await;
    for (label, zone) in [
        ("JST", "Asia/Tokyo"),
        ("jst", "Asia/Tokyo"),
        ("CET", "Europe/Brussels"),
    ] {
        let page = text(&app, &format!("/embed?tz={label}")).await;
        assert_eq!(
            page,
            text(&app, &format!("/embed?tz={zone}")).await,
            "{label}"
        );
    }
}

#[tokio::test]
async fn the_readmes_embed_snippet_names_the_served_script_and_its_integrity() {
    let app = TestApp::new().await;
    let readme = std::fs::read_to_string(crate::support::repo_path("README.md")).unwrap();
    let version = api::feeds::embed_loader::version();
    let integrity = api::feeds::embed_loader::integrity();
    assert!(
        readme.contains(&format!("/embed.js?v={version}\"")),
        "README's v"
    );
    assert!(
        readme.contains(&format!("integrity=\"{integrity}\"")),
        "README's SRI"
    );
    let reply = app.get(&format!("/embed.js?v={version}")).await;
    assert_eq!(reply.status, StatusCode::OK);
    let served = reply.body.as_str().unwrap().to_owned();
    use base64::Engine;
    let digest = <sha2::Sha384 as Digest>::digest(served.as_bytes());
    let computed = format!(
        "sha384-{}",
        base64::engine::general_purpose::STANDARD.encode(digest)
    );
    assert_eq!(computed, integrity);
}

#[tokio::test]
async fn a_pinned_script_keeps_its_own_bytes_and_an_unknown_version_gets_the_current_one() {
    let app = TestApp::new().await;
    let sri = |text: &str| {
        use base64::Engine;
        let digest = <sha2::Sha384 as Digest>::digest(text.as_bytes());
        format!(
            "sha384-{}",
            base64::engine::general_purpose::STANDARD.encode(digest)
        )
    };
    // The README's snippet of the earlier release, as partners pasted it: its SRI still holds.
    let reply = app.get("/embed.js?v=a894dd0662db").await;
    assert_eq!(reply.status, StatusCode::OK);
    let old = reply.body.as_str().unwrap_or_default().to_owned();
    assert_eq!(
        sri(&old),
        "sha384-fZwLApVnwlSviESOex4qOrBwQpqFLs1p3BCA0XZ+BoPiSnpmpTkeooH9PSGX9Ce9"
    );
    let current = text(&app, "/embed.js").await;
    assert_ne!(old, current);
    for (v, _) in api::feeds::embed_loader::RELEASES {
        let reply = app.get(&format!("/embed.js?v={v}")).await;
        assert_eq!(reply.status, StatusCode::OK, "{v}");
        assert_eq!(
            api::feeds::embed_loader::version_of(reply.body.as_str().unwrap_or_default()),
            *v
        );
    }
    // A version never released: the current script (no SRI to match without one), counted.
    let unknown = app.get("/embed.js?v=000000000000").await;
    assert_eq!(unknown.status, StatusCode::OK);
    assert_eq!(unknown.body.as_str().unwrap_or_default(), current);
    let _ = app.get("/embed.js?v=typo").await;
    let metrics = text(&app, "/metrics").await;
    assert!(
        metrics.contains("embed_script_unknown_versions_total 2"),
        "{metrics}"
    );
}

#[tokio::test]
async fn the_widget_takes_a_colour_scheme_and_keeps_it_across_its_links() {
    let app = TestApp::new().await;
    let page = text(&app, "/embed?scheme=dark&tz=JST").await;
    assert!(page.contains("data-scheme=\"dark\""), "{page}");
    assert!(page.contains("content=\"dark\""), "{page}");
    assert!(
        page.contains("name=\"scheme\" value=\"dark\""),
        "the form keeps it"
    );
    assert!(page.contains("scheme=dark"), "the zone links keep it");
    let auto = text(&app, "/embed").await;
    assert!(auto.contains("data-scheme=\"auto\""));
    assert!(!auto.contains("name=\"scheme\""));
    assert_eq!(
        app.get("/embed?scheme=purple").await.status,
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn the_widget_offers_subscriptions_per_selection_and_per_session_and_its_structured_data() {
    let app = TestApp::with_config(|config| {
        config.feeds.public_url = Some("https://programme.example.org".to_owned());
    })
    .await;
    let page = text(&app, "/embed?day=2023-01-26").await;
    assert!(
        page.contains("href=\"webcal://programme.example.org/schedule.ics?day=2023-01-26\""),
        "a webcal subscription of the selection"
    );
    assert!(page.contains(
        "https://calendar.google.com/calendar/render?cid=webcal%3A%2F%2Fprogramme.example.org%2Fschedule.ics%3Fday%3D2023-01-26"
    ));
    // One "add to calendar" per session (breaks aside), each a calendar that answers.
    let links: Vec<&str> = page
        .split("href=\"https://programme.example.org/sessions/")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .collect();
    assert_eq!(links.len(), 5, "6 sessions on day 2, one a break");
    for link in links {
        let reply = app.get(&format!("/sessions/{link}")).await;
        assert_eq!(reply.status, StatusCode::OK, "{link}");
    }
    // The structured data of what the page shows, in a data block.
    let block = page
        .split("<script type=\"application/ld+json\">")
        .nth(1)
        .and_then(|rest| rest.split("</script>").next())
        .expect("a JSON-LD block");
    let data: Value = serde_json::from_str(block).unwrap();
    assert_eq!(data["@type"], "Event");
    assert_eq!(data["subEvent"].as_array().unwrap().len(), 5);
    // A canonical URL and a description for search engines and link previews.
    let japanese = text(&app, "/embed?lang=ja&tz=JST").await;
    for expected in [
        "<link rel=\"canonical\" href=\"https://programme.example.org/embed?tz=Asia%2FTokyo&amp;lang=ja\">",
        "<meta property=\"og:title\" content=\"気候変動アクションに関する日欧100都市対話\">",
        "<meta name=\"description\" content=\"On 27 May 2021, the European Union (EU) and Japan announced a Green Alliance",
    ] {
        assert!(japanese.contains(expected), "{expected}");
    }
}

#[tokio::test]
async fn the_widget_speaks_japanese_by_parameter_or_accept_language() {
    let app = TestApp::new().await;
    let japanese = text(&app, "/embed?lang=ja&tz=JST").await;
    for expected in [
        "<html lang=\"ja\"",
        "<h1>気候変動アクションに関する日欧100都市対話</h1>",
        // The time line as the Japanese page prints it.
        "2023年1月25日、26日 午前9:00~12:00(中央ヨーロッパ標準時[CET])",
        "2023年1月25日水曜日",
        "1月26日(木)",
        // A local government's Japanese name from the dataset, with no country after a
        // Japanese one; a country's name from CLDR.
        "<span class=\"affiliation\">名古屋市</span>",
        "<span class=\"affiliation\"><span lang=\"en\">Turku</span> (フィンランド)</span>",
        ">表示</button>",
        // The zone in words, CLDR's, with its IANA id; the day filter's own word.
        "<strong title=\"Asia/Tokyo\">日本時間</strong>",
        "開催日<select name=\"day\">",
        // What only English sources give stays as published, marked as English: titles,
        // bodies.
        "<h3 lang=\"en\">Opening Remarks</h3>",
        "<span class=\"affiliation\"><span lang=\"en\">Delegation of the European Union to Japan</span></span>",
    ] {
        assert!(japanese.contains(expected), "{expected}");
    }
    for city in ["京都市", "名古屋市", "米子市"] {
        assert!(
            japanese.contains(city) && !japanese.contains(&format!("{city} (日本)")),
            "no country after {city}"
        );
    }
    // A Japanese page with no zone shows JST; an English one CET.
    let unzoned = text(&app, "/embed?lang=ja").await;
    assert!(unzoned.contains("<strong title=\"Asia/Tokyo\">日本時間</strong>"));
    assert!(unzoned.contains("<time datetime=\"2023-01-25T17:00:00+09:00\">17:00</time>"));
    let english = text(&app, "/embed?lang=en").await;
    assert!(english.contains("<strong title=\"Europe/Brussels\">Europe/Brussels (CET)</strong>"));
    let central = text(&app, "/embed?lang=ja&tz=CET").await;
    assert!(central.contains("<strong title=\"Europe/Brussels\">中央ヨーロッパ時間</strong>"));
    // Accept-Language chooses where the query does not; the answer varies by it.
    let (status, headers, negotiated) = get(
        &app,
        "/embed?tz=JST",
        &[(header::ACCEPT_LANGUAGE, "ja-JP,ja;q=0.9,en;q=0.8")],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(negotiated, japanese);
    assert!(header_of(&headers, header::VARY).contains("accept-language"));
    let (_, english_headers, english) = get(
        &app,
        "/embed?tz=JST&lang=en",
        &[(header::ACCEPT_LANGUAGE, "ja")],
    )
    .await;
    assert!(english.contains("<html lang=\"en\"") && english.contains("Wednesday 25 January 2023"));
    assert_ne!(
        header_of(&english_headers, header::ETAG),
        header_of(&headers, header::ETAG)
    );
    assert_eq!(
        app.get("/embed?lang=fr").await.status,
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn every_export_downloads_under_a_name_that_carries_its_short_version() {
    let app = TestApp::new().await;
    let body = app.query("{ dataset { shortVersion } }").await;
    let short = body["data"]["dataset"]["shortVersion"].as_str().unwrap();
    for (path, name) in [
        ("/export/sessions.csv", "sessions"),
        ("/export/provenance.csv", "provenance"),
        ("/export/pairings.geojson", "pairings"),
        ("/export/datapackage.json", "datapackage"),
    ] {
        let reply = app.get(path).await;
        assert_eq!(reply.status, StatusCode::OK, "{path}");
        let extension = path.rsplit('.').next().unwrap();
        assert_eq!(
            reply.headers["content-disposition"].to_str().unwrap(),
            format!("inline; filename=\"{name}-{short}.{extension}\""),
            "{path}"
        );
    }
}

#[tokio::test]
async fn published_text_is_empty_where_the_served_text_is_the_published_one() {
    let app = TestApp::new().await;
    let (header, rows) = read_csv(text(&app, "/export/provenance.csv").await);
    let served_as_published = |row: &[String]| {
        let (entity, field) = (cell(&header, row, "entity"), cell(&header, row, "field"));
        matches!(field, "talk_title" | "description" | "background")
            || (entity, field) == ("theme", "name")
    };
    let froissard = rows
        .iter()
        .find(|row| cell(&header, row, "entity_key") == "day1-scene-setting/philippe-froissard")
        .expect("Froissard's talk title has provenance");
    assert_eq!(cell(&header, froissard, "published_text"), "");
    for row in rows.iter().filter(|row| served_as_published(row)) {
        assert_eq!(cell(&header, row, "published_text"), "", "{row:?}");
    }
    // A line the served fields were read from still quotes the page.
    assert!(
        rows.iter()
            .any(|row| cell(&header, row, "entity") == "speaker"
                && !cell(&header, row, "published_text").is_empty())
    );
}

#[tokio::test]
async fn calendars_download_under_the_name_of_their_selection_and_read_in_japanese() {
    let app = TestApp::new().await;
    let body = app.query("{ dataset { shortVersion } }").await;
    let short = body["data"]["dataset"]["shortVersion"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    for (uri, name) in [
        ("/schedule.ics", "eu-japan-100-cities-programme"),
        (
            "/schedule.ics?day=2023-01-26",
            "eu-japan-100-cities-programme-2023-01-26",
        ),
        (
            "/schedule.ics?theme=smart-city-and-innovation&day=2023-01-26&lang=ja",
            "eu-japan-100-cities-programme-2023-01-26-smart-city-and-innovation-ja",
        ),
        (
            "/sessions/day1-panel-1.ics",
            "eu-japan-100-cities-day1-panel-1",
        ),
        (
            "/speakers/risto-veivo.ics?lang=ja",
            "eu-japan-100-cities-risto-veivo-ja",
        ),
    ] {
        let reply = app.get(uri).await;
        assert_eq!(reply.status, StatusCode::OK, "{uri}");
        assert_eq!(
            reply.headers[header::CONTENT_DISPOSITION],
            format!("inline; filename=\"{name}-{short}.ics\"").as_str(),
            "{uri}"
        );
    }
    // In Japanese: the event's Japanese name and the day as CLDR writes it; the sessions'
    // titles as published; each URL the widget in Japanese, Japan time.
    let japanese = text(&app, "/schedule.ics?day=2023-01-26&lang=ja").await;
    assert!(
        japanese
            .replace("\r\n ", "")
            .contains("NAME:気候変動アクションに関する日欧100都市対話 (2023年1月26日木曜日)"),
        "{japanese}"
    );
    let events = events(&japanese);
    assert!(
        events[0]["URL"].starts_with("http://127.0.0.1:8000/embed?tz=Asia%2FTokyo&lang=ja#day2-"),
        "{}",
        events[0]["URL"]
    );
    assert_eq!(events[0]["SUMMARY"], "Opening remarks");
    assert_eq!(
        app.get("/schedule.ics?lang=fr").await.status,
        StatusCode::BAD_REQUEST
    );
    // Breaks stay: they are on the published programme.
    assert_eq!(events.len(), 6);
    // The widget: each session's calendar in the page's language, and its Google Calendar
    // event with its title, its instants and its entry in the widget.
    let page = text(&app, "/embed?lang=ja&day=2023-01-25").await;
    assert!(
        page.contains("/sessions/day1-panel-1.ics?lang=ja\""),
        "per-session .ics"
    );
    assert!(page.contains(
        "https://calendar.google.com/calendar/render?action=TEMPLATE&amp;text=Panel+1+Energy+Security+and+Resilience&amp;dates=20230125T084500Z%2F20230125T094000Z&amp;details=http%3A%2F%2F127.0.0.1%3A8000%2Fembed%3Ftz%3DAsia%252FTokyo%26lang%3Dja%23day1-panel-1"
    ));
    assert!(page.contains("/schedule.ics?day=2023-01-25&amp;lang=ja"));
}

#[tokio::test]
async fn the_element_reads_the_widgets_own_markup_and_style() {
    let app = TestApp::new().await;
    // The fragment is the page's body, one renderer: the same widget markup.
    let page = text(&app, "/embed?lang=ja&day=2023-01-26&scheme=dark").await;
    let fragment = text(&app, "/embed/fragment?lang=ja&day=2023-01-26&scheme=dark").await;
    assert!(
        fragment.starts_with("<div class=\"cities-programme\" lang=\"ja\" data-scheme=\"dark\">"),
        "{fragment}"
    );
    assert!(!fragment.contains("<html") && !fragment.contains("<script"));
    let inner = fragment
        .strip_prefix("<div class=\"cities-programme\" lang=\"ja\" data-scheme=\"dark\">")
        .and_then(|rest| rest.strip_suffix("</div>"))
        .unwrap_or_default();
    assert!(inner.len() > 1000);
    assert!(
        page.contains(inner),
        "the page's body holds the fragment's markup"
    );
    // The page inlines the style sheet that /embed.css serves.
    let style = app.get("/embed.css").await;
    assert_eq!(style.status, StatusCode::OK);
    assert_eq!(
        style.headers[header::CONTENT_TYPE],
        "text/css; charset=utf-8"
    );
    let css = style.body.as_str().unwrap_or_default();
    assert!(css.contains(".cities-programme"));
    assert!(page.contains(css));
    // Read by script from another origin.
    let (_, headers, _) = get(
        &app,
        "/embed/fragment",
        &[(header::ORIGIN, "https://partner.example")],
    )
    .await;
    assert_eq!(
        header_of(&headers, header::ACCESS_CONTROL_ALLOW_ORIGIN),
        "*"
    );
    // A refused selection is the visitor's message, as a fragment.
    let refused = app.get("/embed/fragment?theme=no-such-theme&lang=ja").await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
    let body = refused.body.as_str().unwrap_or_default();
    assert!(body.starts_with("<div class=\"cities-programme\" lang=\"ja\""));
    assert!(
        body.contains("<h1>このプログラムは表示できません</h1>") && !body.contains("no-such-theme")
    );
}

#[tokio::test]
async fn oembed_gives_a_rich_frame_of_the_widget_for_a_widget_url_only() {
    let app = TestApp::with_config(|config| {
        config.feeds.public_url = Some("https://programme.example.org".to_owned());
    })
    .await;
    // Discovery: the widget names its oEmbed, for its own canonical URL.
    let page = text(&app, "/embed?lang=ja&day=2023-01-26").await;
    let discovery = "<link rel=\"alternate\" type=\"application/json+oembed\" title=\"気候変動アクションに関する日欧100都市対話\" href=\"https://programme.example.org/oembed?url=https%3A%2F%2Fprogramme.example.org%2Fembed%3Ftz%3DAsia%252FTokyo%26day%3D2023-01-26%26lang%3Dja&amp;format=json\">";
    assert!(page.contains(discovery), "{page}");
    let url = "https://programme.example.org/embed?tz=Asia%2FTokyo&day=2023-01-26&lang=ja";
    let query = serde_urlencoded::to_string([("url", url), ("format", "json")]).unwrap();
    let reply = app.get(&format!("/oembed?{query}")).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(
        reply.headers[header::CONTENT_TYPE],
        "application/json; charset=utf-8"
    );
    let answer = &reply.body;
    assert_eq!(answer["type"], "rich");
    assert_eq!(answer["version"], "1.0");
    assert_eq!(answer["provider_url"], "https://programme.example.org/");
    assert_eq!(
        (answer["width"].as_u64(), answer["height"].as_u64()),
        (Some(800), Some(900))
    );
    assert!(answer["cache_age"].as_u64().is_some());
    let html = answer["html"].as_str().unwrap_or_default();
    assert!(
        html.starts_with(
            "<iframe src=\"https://programme.example.org/embed?tz=Asia%2FTokyo&amp;day=2023-01-26&amp;lang=ja\" width=\"800\" height=\"900\""
        ),
        "{html}"
    );
    // maxwidth and maxheight are honoured.
    let small =
        serde_urlencoded::to_string([("url", url), ("maxwidth", "400"), ("maxheight", "300")])
            .unwrap();
    let reply = app.get(&format!("/oembed?{small}")).await;
    assert_eq!(
        (reply.body["width"].as_u64(), reply.body["height"].as_u64()),
        (Some(400), Some(300))
    );
    assert!(
        reply.body["html"]
            .as_str()
            .unwrap_or_default()
            .contains("width=\"400\" height=\"300\"")
    );
    // XML is not given (501); a URL outside the widget under PUBLIC_URL is not embedded (404).
    let xml = serde_urlencoded::to_string([("url", url), ("format", "xml")]).unwrap();
    let reply = app.get(&format!("/oembed?{xml}")).await;
    assert_eq!(reply.status, StatusCode::NOT_IMPLEMENTED);
    assert_eq!(
        reply.body["errors"][0]["extensions"]["code"],
        "NOT_IMPLEMENTED"
    );
    for outside in [
        "https://elsewhere.example/embed",
        "https://programme.example.org/schedule.ics",
        "https://programme.example.org/embed?theme=no-such-theme",
    ] {
        let query = serde_urlencoded::to_string([("url", outside)]).unwrap();
        let reply = app.get(&format!("/oembed?{query}")).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{outside}");
    }
    assert_eq!(
        app.get("/oembed?format=json").await.status,
        StatusCode::BAD_REQUEST
    );
}
