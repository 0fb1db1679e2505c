//! `/schedule.jsonld`: the programme as schema.org structured data (JSON-LD), for partner
//! pages that want search engines to see the sessions. One `Event` with a `subEvent` per
//! session (breaks aside), each with its `performer`s (`Person`, `jobTitle`, `affiliation`),
//! the organisers (`organizer`), the working languages (`inLanguage`) and instants with the
//! offset of the event's first published zone.
//!
//! Nothing is asserted that no source says: no `location`, `eventAttendanceMode` or
//! `eventStatus` (the page gives none); a role or a body the page does not give is left out.

use axum::body::Bytes;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use entity::SessionKind;
use serde_json::{Map, Value, json};

use super::document::{Document, NoParams, Source};
use super::{Publication, home_zone, programme};
use crate::error::Refusal;
use crate::store::schedule::{Appearance, Schedule, ScheduledSession, Selection};

/// The media type of the document.
pub const CONTENT_TYPE: &str = "application/ld+json";

/// `/schedule.jsonld`.
pub struct ScheduleJsonLd;

impl Document for ScheduleJsonLd {
    const PATH: &'static str = "/schedule.jsonld";
    const MEDIA_TYPE: &'static str = CONTENT_TYPE;
    type Params = NoParams;

    async fn render(source: &Source<'_>, _: &NoParams) -> Result<Bytes, Refusal> {
        let selection = Selection::Programme {
            day: None,
            theme: None,
        };
        let (schedule, _) = programme::read(source, &selection)?;
        let organisers = source.programme.organisers().to_vec();
        let names: Vec<&str> = organisers.iter().map(|o| o.name.as_str()).collect();
        let document = structured_data(&schedule, &names, &source.publication);
        Ok(serde_json::to_vec_pretty(&document)
            .unwrap_or_default()
            .into())
    }
}

/// The schema.org `Event` of `schedule`, organised by `organisers`.
pub fn structured_data(
    schedule: &Schedule,
    organisers: &[&str],
    publication: &Publication<'_>,
) -> Value {
    let zone = home_zone(schedule);
    let event = &schedule.event;
    let sessions: Vec<&ScheduledSession> = schedule
        .sessions
        .iter()
        .filter(|s| s.session.kind != SessionKind::Break)
        .collect();
    let mut root = Map::new();
    root.insert("@context".into(), "https://schema.org".into());
    root.insert("@type".into(), "Event".into());
    root.insert("@id".into(), publication.url(ScheduleJsonLd::PATH).into());
    root.insert("name".into(), event.name.clone().into());
    if let Some(description) = &event.description {
        root.insert("description".into(), description.trim().into());
    }
    root.insert("url".into(), publication.url("/embed").into());
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
        .map(|session| sub_event(session, zone, publication))
        .collect();
    root.insert("subEvent".into(), Value::Array(sub_events));
    Value::Object(root)
}

/// One session as an `Event`.
fn sub_event(scheduled: &ScheduledSession, zone: Tz, publication: &Publication<'_>) -> Value {
    let session = &scheduled.session;
    let mut event = Map::new();
    event.insert("@type".into(), "Event".into());
    event.insert("@id".into(), publication.session_url(&session.id).into());
    event.insert("name".into(), session.title.clone().into());
    if let Some(description) = &session.description {
        event.insert("description".into(), description.trim().into());
    }
    event.insert("url".into(), publication.session_url(&session.id).into());
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
