//! The feed routes: `/schedule.ics`, `/sessions/{id}.ics`, `/speakers/{id}.ics`,
//! `/schedule.xml`, `/schedule.json` and `/embed`. Each is a GET with the caching of the
//! GraphQL GETs (strong ETag keyed like them, 304 on a match before any rendering,
//! `Cache-Control: public, max-age`; errors `no-store`), read in one snapshot.
//!
//! Parameters are checked strictly: an unknown or repeated one, or a malformed day, zone or id
//! is 400 `BAD_USER_INPUT` (the tracking parameters that links carry, `utm_*`, `fbclid`, ...,
//! are ignored); a well-formed day, theme, session or speaker that names nothing is
//! 404 `NOT_FOUND`; both in the API's JSON error shape.

use std::collections::BTreeMap;

use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use chrono_tz::Tz;

use super::AppState;
use super::caching;
use super::respond;
use crate::error::{ErrorCode, MediaType, Refusal, quoted};
use crate::feeds::export::ExportFile;
use crate::feeds::{Publication, embed, figure, frab, ical};
use crate::ids::{NodeType, decode_as};
use crate::store::export;
use crate::store::schedule::{self, Schedule, Selection};
use crate::store::snapshot::Snapshot;

/// What a feed answer depends on besides the URL: the encoding.
const VARY: &str = "accept-encoding";

/// The feeds, by what they are rendered from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Feed {
    /// From a selection of the programme (`store::schedule`).
    Programme(ProgrammeFeed),
    /// From the whole dataset (`store::export`).
    Export(ExportFile),
    /// From the whole dataset (`store::export`).
    PairingsFigure,
}

/// The feeds of a selection of the programme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ProgrammeFeed {
    Calendar,
    ScheduleXml,
    ScheduleJson,
    Embed,
}

const CALENDAR: Feed = Feed::Programme(ProgrammeFeed::Calendar);
const EMBED: Feed = Feed::Programme(ProgrammeFeed::Embed);

impl Feed {
    fn content_type(self) -> &'static str {
        match self {
            Self::Programme(ProgrammeFeed::Calendar) => ical::CONTENT_TYPE,
            Self::Programme(ProgrammeFeed::ScheduleXml) => frab::xml::CONTENT_TYPE,
            Self::Programme(ProgrammeFeed::ScheduleJson) => frab::json::CONTENT_TYPE,
            Self::Programme(ProgrammeFeed::Embed) => embed::CONTENT_TYPE,
            Self::Export(file) => file.content_type(),
            Self::PairingsFigure => figure::CONTENT_TYPE,
        }
    }
}

/// A refusal as a short HTML page in the widget's style (for `/embed`, which partners show in
/// an iframe), with the status of its code, the widget's security headers and `no-store`.
fn refusal_page(state: &AppState, refusal: Refusal) -> Response {
    let status = refusal.code.status(MediaType::GraphqlResponseJson);
    let title = status.canonical_reason().unwrap_or("Error");
    let page = embed::error_page(title, &refusal.message, "?");
    let mut response =
        (status, [(header::CONTENT_TYPE, embed::CONTENT_TYPE)], page).into_response();
    add_page_headers(state, EMBED, &mut response);
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// `GET /schedule.ics[?day=&theme=]`: the programme as an iCalendar feed.
pub async fn schedule_calendar(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let request = (|| {
        let params = Params::parse(query.as_deref(), &["day", "theme"])?;
        Ok(FeedRequest {
            feed: CALENDAR,
            selection: Selection::Programme {
                day: params.day()?,
                theme: params.theme()?,
            },
            zone: None,
        })
    })();
    answer(&state, &headers, "/schedule.ics", request).await
}

/// `GET /sessions/{id}.ics`: one session (its GraphQL id) as an iCalendar feed.
pub async fn session_calendar(
    State(state): State<AppState>,
    Path(segment): Path<String>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    node_calendar(
        &state,
        &segment,
        &headers,
        query.as_deref(),
        NodeType::Session,
    )
    .await
}

/// `GET /speakers/{id}.ics`: the sessions of one speaker (its GraphQL id) as an iCalendar feed.
pub async fn speaker_calendar(
    State(state): State<AppState>,
    Path(segment): Path<String>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    node_calendar(
        &state,
        &segment,
        &headers,
        query.as_deref(),
        NodeType::Speaker,
    )
    .await
}

/// The calendar of the session or speaker that the path segment `<id>.ics` names.
async fn node_calendar(
    state: &AppState,
    segment: &str,
    headers: &HeaderMap,
    query: Option<&str>,
    node: NodeType,
) -> Response {
    let request = (|| {
        Params::parse(query, &[])?;
        let slug = calendar_id(segment, node)?;
        let selection = match node {
            NodeType::Speaker => Selection::Speaker(slug),
            _ => Selection::Session(slug),
        };
        Ok(FeedRequest {
            feed: CALENDAR,
            selection,
            zone: None,
        })
    })();
    let path = format!("/{}s/{segment}", node.name().to_lowercase());
    answer(state, headers, &path, request).await
}

/// `GET /schedule.xml`: the frab/c3voc conference schedule in XML.
pub async fn schedule_xml(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let request = whole_programme(
        query.as_deref(),
        Feed::Programme(ProgrammeFeed::ScheduleXml),
    );
    answer(&state, &headers, "/schedule.xml", request).await
}

/// `GET /schedule.json`: the frab/c3voc conference schedule in JSON.
pub async fn schedule_json(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let request = whole_programme(
        query.as_deref(),
        Feed::Programme(ProgrammeFeed::ScheduleJson),
    );
    answer(&state, &headers, "/schedule.json", request).await
}

/// `GET /embed[?tz=&day=&theme=]`: the widget page.
pub async fn embed_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let request = (|| {
        let params = Params::parse(query.as_deref(), &["tz", "day", "theme"])?;
        Ok(FeedRequest {
            feed: EMBED,
            selection: Selection::Programme {
                day: params.day()?,
                theme: params.theme()?,
            },
            zone: Some(params.zone()?.unwrap_or(embed::DEFAULT_ZONE)),
        })
    })();
    answer_with(&state, &headers, "/embed", request, |refusal| {
        refusal_page(&state, refusal)
    })
    .await
}

/// `GET /export/{file}`: `sessions.csv`, `speakers.csv`, `cities.csv`, `pairings.csv` or
/// `cities.geojson`.
pub async fn export_file(
    State(state): State<AppState>,
    Path(file): Path<String>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let request = match ExportFile::from_name(&file) {
        Some(export) => whole_programme(query.as_deref(), Feed::Export(export)),
        None => {
            let names: Vec<&str> = ExportFile::ALL.iter().map(|(name, _)| *name).collect();
            Err(Refusal::not_found(format!(
                "no export {}: the exports are {}",
                quoted(&file),
                names.join(", ")
            )))
        }
    };
    answer(&state, &headers, &format!("/export/{file}"), request).await
}

/// `GET /figures/{file}`: `pairings.svg`, the figure of the EU–Japan city pairings.
pub async fn figure_file(
    State(state): State<AppState>,
    Path(file): Path<String>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let request = if file == "pairings.svg" {
        whole_programme(query.as_deref(), Feed::PairingsFigure)
    } else {
        Err(Refusal::not_found(format!(
            "no figure {}: the figures are pairings.svg",
            quoted(&file)
        )))
    };
    answer(&state, &headers, &format!("/figures/{file}"), request).await
}

fn whole_programme(query: Option<&str>, feed: Feed) -> Result<FeedRequest, Refusal> {
    Params::parse(query, &[])?;
    Ok(FeedRequest {
        feed,
        selection: Selection::Programme {
            day: None,
            theme: None,
        },
        zone: None,
    })
}

/// A checked feed request.
struct FeedRequest {
    feed: Feed,
    selection: Selection,
    /// The zone of the widget's times.
    zone: Option<Tz>,
}

impl FeedRequest {
    /// What names the representation in its ETag key: every input of the rendering.
    fn representation(&self, path: &str, public_url: &str) -> [String; 4] {
        [
            path.to_owned(),
            format!(
                "{:?} {:?}",
                self.selection,
                self.zone.map(|zone| zone.name())
            ),
            self.feed.content_type().to_owned(),
            public_url.to_owned(),
        ]
    }
}

/// Runs a checked request: version and tag in a snapshot, 304 on a match, else the rendering.
async fn answer(
    state: &AppState,
    headers: &HeaderMap,
    path: &str,
    request: Result<FeedRequest, Refusal>,
) -> Response {
    answer_with(state, headers, path, request, Refusal::into_response).await
}

/// [`answer`], with refusals answered by `refuse`.
async fn answer_with(
    state: &AppState,
    headers: &HeaderMap,
    path: &str,
    request: Result<FeedRequest, Refusal>,
    refuse: impl Fn(Refusal) -> Response,
) -> Response {
    let request = match request {
        Ok(request) => request,
        Err(refusal) => return refuse(refusal),
    };
    let snapshot = match Snapshot::admitted(&state.gate, &state.db).await {
        Ok(snapshot) => snapshot,
        Err(shed) => return respond::database_busy(&state.metrics, shed),
    };
    let response = render(state, headers, path, &request, &snapshot)
        .await
        .unwrap_or_else(refuse);
    Snapshot::finish(snapshot).await;
    response
}

async fn render(
    state: &AppState,
    headers: &HeaderMap,
    path: &str,
    request: &FeedRequest,
    snapshot: &Snapshot,
) -> Result<Response, Refusal> {
    let Some(version) = snapshot.version().await?.map(str::to_owned) else {
        return Err(not_loaded());
    };
    // Set by every load and by the migration that added it; the epoch only for a row that
    // someone edited by hand.
    let revised_at = snapshot.loaded_at().await?.unwrap_or_default();
    let public_url = state.config.public_url();
    let Some(revision) = snapshot.revision().await? else {
        return Err(not_loaded());
    };
    let key = caching::response_key(
        &revision,
        request.representation(path, &public_url),
        &state.schema_identity,
    );
    let max_age = state.config.http.cache_max_age;
    let revalidated = caching::matching_tag(headers, &key);
    // `If-None-Match: *` matches only a representation that exists: it waits for the rendering
    // (a day, theme or id of nothing is still a 404). A named tag was issued for a 200.
    if let Some(tag) = revalidated.as_ref().filter(|_| !names_any(headers)) {
        return Ok(not_modified(state, request.feed, tag));
    }
    let db = snapshot.connection().await?;
    let publication = Publication {
        public_url: &public_url,
        revised_at,
        version: &version,
    };
    let body = match request.feed {
        Feed::Programme(feed) => render_schedule(db, feed, request, &publication).await?,
        Feed::Export(file) => file.render(&export_data(db).await?),
        Feed::PairingsFigure => figure::pairings_svg(&export_data(db).await?),
    };
    if let Some(tag) = &revalidated {
        return Ok(not_modified(state, request.feed, tag));
    }
    let mut response =
        ([(header::CONTENT_TYPE, request.feed.content_type())], body).into_response();
    caching::cacheable(&mut response, &caching::etag(&key), max_age, VARY);
    add_page_headers(state, request.feed, &mut response);
    Ok(response)
}

/// What the exports and the figure are rendered from.
async fn export_data(db: &impl sea_orm::ConnectionTrait) -> Result<export::ExportData, Refusal> {
    export::read(db).await?.ok_or_else(not_loaded)
}

/// The body of a feed of the programme.
async fn render_schedule(
    db: &impl sea_orm::ConnectionTrait,
    feed: ProgrammeFeed,
    request: &FeedRequest,
    publication: &Publication<'_>,
) -> Result<String, Refusal> {
    let Some(schedule) = schedule::read(db, &request.selection).await? else {
        return Err(not_loaded());
    };
    let name = check_selection(db, &schedule, &request.selection).await?;
    Ok(match feed {
        ProgrammeFeed::Calendar => ical::calendar(&schedule, publication, &name),
        ProgrammeFeed::ScheduleXml => {
            frab::xml::document(&frab::conference(&schedule, publication))
        }
        ProgrammeFeed::ScheduleJson => {
            frab::json::document(&frab::conference(&schedule, publication))
        }
        ProgrammeFeed::Embed => {
            let (day, theme) = match &request.selection {
                Selection::Programme { day, theme } => (*day, theme.clone()),
                _ => (None, None),
            };
            let view = embed::View {
                zone: request.zone.unwrap_or(embed::DEFAULT_ZONE),
                day,
                theme,
            };
            embed::page(&schedule, &view, publication)
        }
    })
}

/// 304 with the validators and headers of the answer it stands for.
fn not_modified(state: &AppState, feed: Feed, tag: &str) -> Response {
    let mut response = caching::not_modified(tag, state.config.http.cache_max_age, VARY);
    add_page_headers(state, feed, &mut response);
    response
}

/// True when `If-None-Match` is `*` (any representation).
fn names_any(headers: &HeaderMap) -> bool {
    headers
        .get(header::IF_NONE_MATCH)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.split(',').any(|tag| tag.trim() == "*"))
}

/// 503 for a database that holds no programme yet.
fn not_loaded() -> Refusal {
    Refusal::new(ErrorCode::ServiceUnavailable, "no programme is loaded yet")
}

/// The widget's Content-Security-Policy and its companions; an export's file name.
fn add_page_headers(state: &AppState, feed: Feed, response: &mut Response) {
    if let Feed::Export(file) = feed {
        if let Some((name, _)) = ExportFile::ALL.iter().find(|(_, f)| *f == file)
            && let Ok(value) = HeaderValue::from_str(&format!("inline; filename=\"{name}\""))
        {
            response
                .headers_mut()
                .insert(header::CONTENT_DISPOSITION, value);
        }
        return;
    }
    if feed != EMBED {
        return;
    }
    let policy = embed::content_security_policy(&state.config.feeds.embed_frame_ancestors);
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&policy) {
        headers.insert(header::CONTENT_SECURITY_POLICY, value);
    }
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers.insert(
        HeaderName::from_static("cross-origin-resource-policy"),
        HeaderValue::from_static("cross-origin"),
    );
}

/// 404 where the selection names nothing; otherwise the calendar's name.
async fn check_selection(
    db: &impl sea_orm::ConnectionTrait,
    schedule: &Schedule,
    selection: &Selection,
) -> Result<String, Refusal> {
    let event = &schedule.event;
    match selection {
        Selection::Programme { day, theme } => {
            let mut name = event.name.clone();
            if let Some(theme) = theme {
                let Some(found) = schedule.themes.iter().find(|t| &t.id == theme) else {
                    return Err(Refusal::not_found(format!(
                        "{} is not a theme slug (the `themes` query lists them)",
                        quoted(theme)
                    )));
                };
                name.push_str(&format!(": {}", found.name));
            }
            if let Some(day) = day {
                if *day < event.start_date || *day > event.end_date {
                    return Err(Refusal::not_found(format!(
                        "the programme has no day {day}: its days are {} to {}",
                        event.start_date, event.end_date
                    )));
                }
                name.push_str(&format!(" ({})", day.format("%-d %B %Y")));
            }
            Ok(name)
        }
        Selection::Session(_) => match schedule.sessions.first() {
            Some(found) => Ok(format!("{}: {}", event.name, found.session.title)),
            None => Err(Refusal::not_found(String::from("no session has this id"))),
        },
        Selection::Speaker(id) => match schedule::speaker(db, id).await? {
            Some(speaker) => Ok(format!("{}: sessions of {}", event.name, speaker.name)),
            None => Err(Refusal::not_found(String::from("no speaker has this id"))),
        },
    }
}

/// The slug that a `{id}.ics` path segment names; 404 for a segment without `.ics`, 400 for a
/// malformed id or an id of another type.
fn calendar_id(segment: &str, expected: NodeType) -> Result<String, Refusal> {
    let Some(id) = segment.strip_suffix(".ics") else {
        return Err(Refusal::not_found(format!(
            "no such path: calendar feeds end in `.ics`, e.g. /{}s/<id>.ics",
            expected.name().to_lowercase()
        )));
    };
    decode_as("id", expected, id).map_err(|error| Refusal::bad_input(error.to_string()))
}

/// The parameters that newsletters, social networks and analytics add to links
/// (`utm_source`, `fbclid`, ...): ignored on every document, and so kept out of its ETag key.
fn is_tracking(name: &str) -> bool {
    const TRACKING: [&str; 8] = [
        "fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "_ga", "ref",
    ];
    name.starts_with("utm_") || TRACKING.contains(&name)
}

/// A query string's parameters, each at most once, each one the route takes (tracking
/// parameters aside: [`is_tracking`]); an empty value counts as absent.
struct Params(BTreeMap<String, String>);

impl Params {
    fn parse(query: Option<&str>, allowed: &[&str]) -> Result<Self, Refusal> {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query.unwrap_or(""))
            .map_err(|_| Refusal::bad_input(String::from("the query string is malformed")))?;
        let mut params = BTreeMap::new();
        for (name, value) in pairs {
            if is_tracking(&name) {
                continue;
            }
            if !allowed.contains(&name.as_str()) {
                let takes = if allowed.is_empty() {
                    String::from("this path takes no parameter")
                } else {
                    format!("this path takes {}", allowed.join(", "))
                };
                return Err(Refusal::bad_input(format!(
                    "unknown parameter {}: {takes}",
                    quoted(&name)
                )));
            }
            // An empty value is no filter: what a form's "All days" option sends.
            if value.is_empty() {
                continue;
            }
            if params.insert(name.clone(), value).is_some() {
                return Err(Refusal::bad_input(format!(
                    "parameter {} is given more than once",
                    quoted(&name)
                )));
            }
        }
        Ok(Self(params))
    }

    /// `day`: an ISO 8601 date.
    fn day(&self) -> Result<Option<NaiveDate>, Refusal> {
        self.0
            .get("day")
            .map(|day| {
                NaiveDate::parse_from_str(day, "%Y-%m-%d").map_err(|_| {
                    Refusal::bad_input(format!(
                        "day {} is not a date such as 2023-01-25",
                        quoted(day)
                    ))
                })
            })
            .transpose()
    }

    /// `theme`: a slug (lower-case letters, digits and hyphens).
    fn theme(&self) -> Result<Option<String>, Refusal> {
        self.0
            .get("theme")
            .map(|theme| {
                let well_formed = !theme.is_empty()
                    && theme.len() <= 100
                    && theme
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
                if well_formed {
                    Ok(theme.clone())
                } else {
                    Err(Refusal::bad_input(format!(
                        "theme {} is not a theme slug (lower-case letters, digits and hyphens, e.g. energy-security-and-resilience)",
                        quoted(theme)
                    )))
                }
            })
            .transpose()
    }

    /// `tz`: an IANA time zone name, in any case.
    fn zone(&self) -> Result<Option<Tz>, Refusal> {
        self.0
            .get("tz")
            .map(|name| {
                Tz::from_str_insensitive(name).map_err(|_| {
                    Refusal::bad_input(format!(
                        "tz {} is not an IANA time zone name such as Asia/Tokyo",
                        quoted(name)
                    ))
                })
            })
            .transpose()
    }
}
