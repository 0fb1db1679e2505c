//! `/schedule.jsonld`: the programme as schema.org structured data (JSON-LD), for partner
//! pages that want search engines to see the sessions. One `Event` with a `subEvent` per
//! session (breaks aside), each with its `performer`s (`Person`, `jobTitle`, `affiliation`),
//! the organisers (`organizer`), the working languages (`inLanguage`) and instants with the
//! offset of the reading's zone.
//!
//! It takes the widget's selection (`day`, `theme`) and reading (`lang`, `tz`): each selection
//! is its own graph, with its own `@id` (`/schedule.jsonld?day=2023-01-26&lang=ja`) and the
//! widget page of that selection as its `url`; `/embed` embeds exactly this document for what
//! it shows.
//!
//! Nothing is asserted that no source says: no `location`, `eventAttendanceMode` or
//! `eventStatus` (the page gives none); a role or a body the page does not give is left out.

use axum::body::Bytes;
use axum::http::HeaderMap;
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use entity::SessionKind;
use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::document::{Document, Params, Source};
use super::language::Lang;
use super::params::{self, Query};
use super::reading::Reading;
use super::{Publication, programme};
use crate::error::Refusal;
use crate::store::schedule::{Appearance, Schedule, ScheduledSession, Selection};

/// The media type of the document.
pub const CONTENT_TYPE: &str = "application/ld+json";

/// `/schedule.jsonld`.
pub struct ScheduleJsonLd;

impl Document for ScheduleJsonLd {
    const PATH: &'static str = "/schedule.jsonld";
    const MEDIA_TYPE: &'static str = CONTENT_TYPE;
    type Params = StructuredSelection;

    async fn render(
        source: &Source<'_>,
        selection: &StructuredSelection,
    ) -> Result<Bytes, Refusal> {
        let programme_selection = Selection::Programme {
            day: selection.day,
            theme: selection.theme.clone(),
        };
        let (schedule, _) = programme::read(source, &programme_selection)?;
        let organisers = source.programme.organisers().to_vec();
        let names: Vec<&str> = organisers.iter().map(|o| o.name.as_str()).collect();
        let document = structured_data(&schedule, &names, &source.publication, selection);
        Ok(serde_json::to_vec_pretty(&document)
            .unwrap_or_default()
            .into())
    }
}

/// What the structured data describes: a selection of the programme, read in a language and a
/// zone (`day`, `theme`, `lang`, `tz`; none: the whole programme in English, CET).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct StructuredSelection {
    /// `day`: only this programme day.
    #[serde(default, deserialize_with = "params::day")]
    pub day: Option<NaiveDate>,
    /// `theme`: only this theme (slug).
    #[serde(default, deserialize_with = "params::theme")]
    pub theme: Option<String>,
    /// `lang`: `en` (the default) or `ja`: the event's name in that language where a source
    /// gives it.
    #[serde(default, deserialize_with = "params::language")]
    pub lang: Option<Lang>,
    /// `tz`: the zone whose offsets the instants carry (the language's without one).
    #[serde(rename = "tz", default, deserialize_with = "params::zone")]
    pub zone: Option<Tz>,
}

impl StructuredSelection {
    /// Its language and zone.
    pub fn reading(&self) -> Reading {
        Reading::new(self.lang, self.zone)
    }

    /// Its query string (`?day=…&lang=ja`, or empty for the whole programme in English, CET):
    /// the parameters that differ from the defaults, in a fixed order.
    fn query(&self) -> String {
        let mut pairs = self.filter_pairs();
        pairs.extend(self.reading().distinct_pairs());
        match serde_urlencoded::to_string(pairs) {
            Ok(query) if !query.is_empty() => format!("?{query}"),
            _ => String::new(),
        }
    }

    fn filter_pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::new();
        if let Some(day) = self.day {
            pairs.push(("day", day.to_string()));
        }
        if let Some(theme) = &self.theme {
            pairs.push(("theme", theme.clone()));
        }
        pairs
    }

    /// The widget page of this selection and reading.
    fn page(&self) -> String {
        let mut pairs = self.filter_pairs();
        pairs.extend(self.reading().pairs());
        format!(
            "/embed?{}",
            serde_urlencoded::to_string(pairs).unwrap_or_default()
        )
    }
}

impl Params for StructuredSelection {
    const NAMES: &'static [&'static str] = &["day", "theme", "lang", "tz"];

    fn read(_id: Option<&str>, query: Query, _: &HeaderMap) -> Result<Self, Refusal> {
        query.typed()
    }
}

/// The schema.org `Event` of `schedule` (already narrowed to `selection`), organised by
/// `organisers`.
pub fn structured_data(
    schedule: &Schedule,
    organisers: &[&str],
    publication: &Publication<'_>,
    selection: &StructuredSelection,
) -> Value {
    let reading = selection.reading();
    let zone = reading.zone;
    let event = &schedule.event;
    let sessions: Vec<&ScheduledSession> = schedule
        .sessions
        .iter()
        .filter(|s| s.session.kind != SessionKind::Break)
        .collect();
    let mut root = Map::new();
    root.insert("@context".into(), "https://schema.org".into());
    root.insert("@type".into(), "Event".into());
    root.insert(
        "@id".into(),
        publication
            .url(&format!("{}{}", ScheduleJsonLd::PATH, selection.query()))
            .into(),
    );
    root.insert("name".into(), reading.lang.event_name(event).into());
    if let Some(description) = &event.description {
        root.insert("description".into(), description.trim().into());
    }
    root.insert("url".into(), publication.url(&selection.page()).into());
    if let (Some(first), Some(last)) = (
        schedule.sessions.first(),
        schedule.sessions.iter().map(|s| s.session.ends_at).max(),
    ) {
        root.insert(
            "startDate".into(),
            local(first.session.starts_at, zone).into(),
        );
        root.insert("endDate".into(), local(last, zone).into());
    }
    let languages = languages(event.languages.as_deref());
    if !languages.is_empty() {
        root.insert("inLanguage".into(), json!(languages));
    }
    if !organisers.is_empty() {
        let bodies: Vec<Value> = organisers
            .iter()
            .map(|name| json!({ "@type": "Organization", "name": name }))
            .collect();
        root.insert("organizer".into(), Value::Array(bodies));
    }
    let sub_events: Vec<Value> = sessions
        .iter()
        .map(|session| sub_event(session, reading, publication))
        .collect();
    root.insert("subEvent".into(), Value::Array(sub_events));
    Value::Object(root)
}

/// One session as an `Event`.
fn sub_event(
    scheduled: &ScheduledSession,
    reading: Reading,
    publication: &Publication<'_>,
) -> Value {
    let zone = reading.zone;
    let session = &scheduled.session;
    let mut event = Map::new();
    event.insert("@type".into(), "Event".into());
    event.insert("@id".into(), publication.session_url(&session.id).into());
    event.insert("name".into(), session.title.clone().into());
    if let Some(description) = &session.description {
        event.insert("description".into(), description.trim().into());
    }
    event.insert(
        "url".into(),
        publication.session_page_url(&session.id, reading).into(),
    );
    event.insert("startDate".into(), local(session.starts_at, zone).into());
    event.insert("endDate".into(), local(session.ends_at, zone).into());
    if let Some(theme) = &scheduled.theme {
        event.insert(
            "about".into(),
            json!({ "@type": "Thing", "name": theme.name }),
        );
    }
    let performers: Vec<Value> = scheduled.appearances.iter().map(performer).collect();
    if !performers.is_empty() {
        event.insert("performer".into(), Value::Array(performers));
    }
    Value::Object(event)
}

/// A speaker as a `Person`: name, role as `jobTitle`, body as `affiliation`.
fn performer(entry: &Appearance) -> Value {
    let mut person = Map::new();
    person.insert("@type".into(), "Person".into());
    person.insert("name".into(), entry.speaker.name.clone().into());
    if let Some(role) = &entry.speaker.role {
        person.insert("jobTitle".into(), role.clone().into());
    }
    if let Some(body) = &entry.organisation {
        person.insert(
            "affiliation".into(),
            json!({ "@type": "Organization", "name": body.name }),
        );
    }
    Value::Object(person)
}

/// An instant in `zone`, with its offset (`2023-01-25T09:45:00+01:00`).
fn local(instant: DateTime<Utc>, zone: Tz) -> String {
    instant.with_timezone(&zone).to_rfc3339()
}

/// The BCP 47 tags of the languages the event page names (`English / Japanese (...)`).
fn languages(published: Option<&str>) -> Vec<&'static str> {
    let text = published.unwrap_or_default();
    [("English", "en"), ("Japanese", "ja")]
        .into_iter()
        .filter(|(name, _)| text.contains(name))
        .map(|(_, tag)| tag)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::languages;

    #[test]
    fn languages_are_those_the_page_names() {
        assert_eq!(
            languages(Some("English / Japanese (Simultaneous interpretation)")),
            vec!["en", "ja"]
        );
        assert!(languages(None).is_empty());
    }
}
