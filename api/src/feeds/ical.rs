//! iCalendar (RFC 5545, with RFC 7986's calendar name): one `VEVENT` per session, instants in
//! UTC, written by the `icalendar` crate (CRLF line ends, lines folded at 75 octets, text
//! escaped).

use axum::body::Bytes;
use axum::http::HeaderMap;
use chrono::{Duration, NaiveDate};
use icalendar::{Calendar, Component, EventLike, Property};
use serde::Deserialize;

use super::document::{Document, Params, Source};
use super::language::Lang;
use super::params::{self, Query, is_slug};
use super::reading::Reading;
use super::{Publication, programme, session_guid, speakers_text};
use crate::error::{Refusal, quoted};
use crate::ids::{NodeType, decode, decode_as};
use crate::store::schedule::{Schedule, ScheduledSession, Selection};

/// The media type of the feed.
pub const CONTENT_TYPE: &str = "text/calendar; charset=utf-8";

/// The product that writes the feeds (`PRODID`).
const PRODUCT: &str = "-//cities-api//EU-Japan 100 Cities programme//EN";

/// How often a subscribed calendar should fetch the feed again.
const REFRESH_INTERVAL_HOURS: i64 = 24;

/// The first part of every calendar's file name.
const FILE_PREFIX: &str = "eu-japan-100-cities";

/// `/schedule.ics[?day=&theme=&lang=]`: the programme, or a day or theme of it.
pub struct ScheduleCalendar;

impl Document for ScheduleCalendar {
    const PATH: &'static str = "/schedule.ics";
    const MEDIA_TYPE: &'static str = CONTENT_TYPE;
    type Params = CalendarSelection;

    async fn render(source: &Source<'_>, filter: &CalendarSelection) -> Result<Bytes, Refusal> {
        let selection = Selection::Programme {
            day: filter.day,
            theme: filter.theme.clone(),
        };
        selection_calendar(source, &selection, filter.lang).await
    }

    /// `eu-japan-100-cities-programme-2023-01-26-<theme>[-ja].ics`.
    fn file_name(filter: &CalendarSelection) -> Option<String> {
        let mut parts = vec![format!("{FILE_PREFIX}-programme")];
        parts.extend(filter.day.map(|day| day.to_string()));
        parts.extend(filter.theme.clone());
        Some(file_name(parts, filter.lang))
    }
}

/// `/schedule.ics`'s parameters: a selection of the programme, and the calendar's language.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct CalendarSelection {
    /// `day`: only this programme day.
    #[serde(default, deserialize_with = "params::day")]
    pub day: Option<NaiveDate>,
    /// `theme`: only this theme (slug).
    #[serde(default, deserialize_with = "params::theme")]
    pub theme: Option<String>,
    /// `lang`: `en` (the default) or `ja`.
    #[serde(default, deserialize_with = "params::language")]
    pub lang: Option<Lang>,
}

impl Params for CalendarSelection {
    const NAMES: &'static [&'static str] = &["day", "theme", "lang"];

    fn read(_id: Option<&str>, query: Query, _: &HeaderMap) -> Result<Self, Refusal> {
        query.typed()
    }
}

/// `lang` alone: the parameter of a session's or a speaker's calendar.
#[derive(Debug, Clone, Default, Deserialize)]
struct CalendarLanguage {
    #[serde(default, deserialize_with = "params::language")]
    lang: Option<Lang>,
}

/// A calendar's file name: `parts` joined by hyphens, `-ja` for a Japanese calendar, `.ics`.
/// Every part is ASCII (the prefix, dates, slugs).
fn file_name(mut parts: Vec<String>, lang: Option<Lang>) -> String {
    if lang == Some(Lang::Ja) {
        parts.push("ja".to_owned());
    }
    format!("{}.ics", parts.join("-"))
}

/// `/sessions/{id}.ics`: one session (its GraphQL id, or its slug).
pub struct SessionCalendar;

impl Document for SessionCalendar {
    const PATH: &'static str = "/sessions/{id}.ics";
    const MEDIA_TYPE: &'static str = CONTENT_TYPE;
    type Params = SessionKey;

    async fn render(source: &Source<'_>, key: &SessionKey) -> Result<Bytes, Refusal> {
        selection_calendar(source, &Selection::Session(key.key.clone()), key.lang).await
    }

    /// `eu-japan-100-cities-<session slug>[-ja].ics`.
    fn file_name(key: &SessionKey) -> Option<String> {
        Some(file_name(
            vec![FILE_PREFIX.to_owned(), key.key.clone()],
            key.lang,
        ))
    }
}

/// `/speakers/{id}.ics`: the sessions of one speaker (its GraphQL id, or its slug).
pub struct SpeakerCalendar;

impl Document for SpeakerCalendar {
    const PATH: &'static str = "/speakers/{id}.ics";
    const MEDIA_TYPE: &'static str = CONTENT_TYPE;
    type Params = SpeakerKey;

    async fn render(source: &Source<'_>, key: &SpeakerKey) -> Result<Bytes, Refusal> {
        selection_calendar(source, &Selection::Speaker(key.key.clone()), key.lang).await
    }

    /// `eu-japan-100-cities-<speaker slug>[-ja].ics`.
    fn file_name(key: &SpeakerKey) -> Option<String> {
        Some(file_name(
            vec![FILE_PREFIX.to_owned(), key.key.clone()],
            key.lang,
        ))
    }
}

/// The key of the session a GraphQL id names, and the calendar's language.
#[derive(Debug)]
pub struct SessionKey {
    key: String,
    lang: Option<Lang>,
}

impl Params for SessionKey {
    const NAMES: &'static [&'static str] = &["lang"];

    fn read(id: Option<&str>, query: Query, _: &HeaderMap) -> Result<Self, Refusal> {
        let key = node_key(id, NodeType::Session)?;
        let CalendarLanguage { lang } = query.typed()?;
        Ok(Self { key, lang })
    }
}

/// The key of the speaker a GraphQL id names, and the calendar's language.
#[derive(Debug)]
pub struct SpeakerKey {
    key: String,
    lang: Option<Lang>,
}

impl Params for SpeakerKey {
    const NAMES: &'static [&'static str] = &["lang"];

    fn read(id: Option<&str>, query: Query, _: &HeaderMap) -> Result<Self, Refusal> {
        let key = node_key(id, NodeType::Speaker)?;
        let CalendarLanguage { lang } = query.typed()?;
        Ok(Self { key, lang })
    }
}

/// The key that a path's `{id}` names: a GraphQL id of type `node` (tried first), else a
/// slug as the widget's anchors and the exports use (`day1-panel-1`), which names nothing
/// (404) when no such key exists. `BAD_USER_INPUT` for an id of another type, or for text that
/// is neither an id nor a slug.
fn node_key(id: Option<&str>, node: NodeType) -> Result<String, Refusal> {
    let id = id.unwrap_or_default();
    if decode("id", id).is_ok() {
        return Ok(decode_as("id", node, id)?);
    }
    if is_slug(id) {
        return Ok(id.to_owned());
    }
    Err(Refusal::bad_input(format!(
        "{} is neither a {} id nor a slug (lower-case letters, digits and hyphens, e.g. day1-panel-1)",
        quoted(id),
        node.name()
    )))
}

/// The calendar of a checked selection, in `lang` (English without one).
async fn selection_calendar(
    source: &Source<'_>,
    selection: &Selection,
    lang: Option<Lang>,
) -> Result<Bytes, Refusal> {
    let (schedule, name) = programme::read_in(source, selection, lang.unwrap_or_default())?;
    // RFC 5545 wants at least one component: a filter that matches nothing has no calendar.
    if schedule.sessions.is_empty() {
        return Err(Refusal::not_found(
            "no session matches this selection, so there is no calendar to give: each filter names something, but together they match no session",
        ));
    }
    let reading = Reading::new(lang, None);
    Ok(calendar(&schedule, &source.publication, &name, reading).into())
}

/// The calendar of `schedule`'s sessions, named `name`, each event's `URL` its entry in the
/// widget read in `reading`.
pub fn calendar(
    schedule: &Schedule,
    publication: &Publication<'_>,
    name: &str,
    reading: Reading,
) -> String {
    let mut calendar = Calendar::empty();
    for (key, value) in [
        ("VERSION", "2.0"),
        ("PRODID", PRODUCT),
        ("CALSCALE", "GREGORIAN"),
        ("METHOD", "PUBLISH"),
    ] {
        calendar.append_property(Property::new(key, value));
    }
    calendar
        .name(name)
        .ttl(&Duration::hours(REFRESH_INTERVAL_HOURS));
    if let Some(description) = &schedule.event.description {
        calendar.description(description.trim());
    }
    for session in &schedule.sessions {
        calendar.push(event(schedule, session, publication, reading));
    }
    fold(&calendar.done().to_string())
}

/// The longest content line, in octets (RFC 5545 §3.1).
const LINE_OCTETS: usize = 75;

/// Folds `text`'s content lines at 75 octets, on character boundaries. The crate folds too,
/// but icalendar 0.17.17 lets a line's last continuation reach 76 octets (one leading space
/// plus 75), so its lines are unfolded and folded again here.
fn fold(text: &str) -> String {
    let unfolded = text.replace("\r\n ", "");
    let mut out = String::with_capacity(text.len() + text.len() / LINE_OCTETS * 3);
    for line in unfolded.split_terminator("\r\n") {
        let mut budget = LINE_OCTETS;
        let mut used = 0;
        for character in line.chars() {
            if used + character.len_utf8() > budget {
                out.push_str("\r\n ");
                // A continuation line starts with the space, which counts.
                budget = LINE_OCTETS - 1;
                used = 0;
            }
            out.push(character);
            used += character.len_utf8();
        }
        out.push_str("\r\n");
    }
    out
}

/// The `VEVENT` of one session.
fn event(
    schedule: &Schedule,
    scheduled: &ScheduledSession,
    publication: &Publication<'_>,
    reading: Reading,
) -> icalendar::Event {
    let session = &scheduled.session;
    let mut event = icalendar::Event::new();
    event
        .uid(&session_guid(&schedule.event.id, &session.id).to_string())
        .timestamp(publication.revised_at)
        .last_modified(publication.revised_at)
        .starts(session.starts_at)
        .ends(session.ends_at)
        .summary(&session.title)
        .url(&publication.session_page_url(&session.id, reading));
    let description = description(scheduled);
    if !description.is_empty() {
        event.description(&description);
    }
    if let Some(theme) = &scheduled.theme {
        event.categories([theme.name.as_str()]);
    }
    event.done()
}

/// The session's description, then its speakers, one line each.
fn description(scheduled: &ScheduledSession) -> String {
    let parts = [
        scheduled.session.description.clone().unwrap_or_default(),
        speakers_text(&scheduled.appearances),
    ];
    parts
        .into_iter()
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_keeps_every_line_within_75_octets_and_unfolds_to_the_original() {
        let long = format!("DESCRIPTION:{}", "Kyōto “quoted” text, ".repeat(20));
        let folded = fold(&format!("BEGIN:VEVENT\r\n{long}\r\nEND:VEVENT\r\n"));
        assert!(folded.split("\r\n").all(|line| line.len() <= LINE_OCTETS));
        assert_eq!(
            folded.replace("\r\n ", ""),
            format!("BEGIN:VEVENT\r\n{long}\r\nEND:VEVENT\r\n")
        );
        // A short line is left alone; a line of exactly 75 octets is not folded.
        let exact = "X".repeat(LINE_OCTETS);
        assert_eq!(fold(&format!("{exact}\r\n")), format!("{exact}\r\n"));
        assert_eq!(fold(&format!("{exact}Y\r\n")), format!("{exact}\r\n Y\r\n"));
    }
}
