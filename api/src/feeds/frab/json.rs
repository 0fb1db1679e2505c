//! `schedule.json`, as `data/schedule-format/schedule.schema.json` (draft-06) defines it.

use axum::body::Bytes;
use serde::Serialize;
use serde_json::Value;

use super::{Conference, GENERATOR, ROOM, hours_minutes};
use crate::error::Refusal;
use crate::feeds::document::{Document, NoParams, Source};

/// `/schedule.json`: the whole programme as a frab/c3voc conference schedule.
pub struct ScheduleJson;

impl Document for ScheduleJson {
    const PATH: &'static str = "/schedule.json";
    const MEDIA_TYPE: &'static str = CONTENT_TYPE;
    type Params = NoParams;

    async fn render(source: &Source<'_>, _: &NoParams) -> Result<Bytes, Refusal> {
        let conference = super::read(source).await?;
        Ok(document(&conference).into())
    }
}

/// The media type of the document.
pub const CONTENT_TYPE: &str = "application/json";

/// The schema that the document declares in `$schema`.
const SCHEMA: &str = "https://c3voc.de/schedule/schema.json";

/// The JSON document of `conference`.
pub fn document(conference: &Conference) -> String {
    let root = Root {
        schema: SCHEMA,
        generator: Generator {
            name: GENERATOR,
            version: env!("CARGO_PKG_VERSION"),
        },
        schedule: Schedule {
            version: &conference.version,
            base_url: &conference.base_url,
            conference: body(conference),
        },
    };
    serde_json::to_string_pretty(&root).unwrap_or_else(|_| String::from("{}"))
}

#[derive(Serialize)]
struct Root<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    generator: Generator,
    schedule: Schedule<'a>,
}

#[derive(Serialize)]
struct Generator {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct Schedule<'a> {
    version: &'a str,
    base_url: &'a str,
    conference: Value,
}

/// The `conference` object: built as a value so that its days' `rooms` (an object keyed by
/// room name) keep their order.
fn body(conference: &Conference) -> Value {
    let days: Vec<Value> = conference
        .days
        .iter()
        .map(|day| {
            let events: Vec<Value> = day.events.iter().map(event).collect();
            serde_json::json!({
                "index": day.index,
                "date": day.date.to_string(),
                "day_start": day.start.to_rfc3339(),
                "day_end": day.end.to_rfc3339(),
                "rooms": { ROOM: events },
            })
        })
        .collect();
    serde_json::json!({
        "acronym": conference.acronym,
        "title": conference.title,
        "start": conference.start.to_string(),
        "end": conference.end.to_string(),
        "daysCount": days.len(),
        "timeslot_duration": hours_minutes(i64::from(conference.timeslot_minutes)),
        "time_zone_name": conference.zone.name(),
        "tracks": conference.tracks.iter().map(|track| serde_json::json!({
            "name": track.name,
            "slug": track.slug,
        })).collect::<Vec<_>>(),
        "rooms": [{
            "name": ROOM,
            "guid": conference.room_guid.to_string(),
            "type": "other",
        }],
        "days": days,
    })
}

fn event(event: &super::Event) -> Value {
    serde_json::json!({
        "guid": event.guid.to_string(),
        "id": event.id,
        "date": event.date.to_rfc3339(),
        "start": event.date.format("%H:%M").to_string(),
        "duration": hours_minutes(event.duration_minutes),
        "room": ROOM,
        "slug": event.slug,
        "url": event.url,
        "title": event.title,
        "subtitle": null,
        "track": event.track,
        "type": event.kind,
        "language": null,
        "abstract": event.abstract_text,
        "description": event.description,
        "persons": event.persons.iter().map(|person| serde_json::json!({
            // `name` without `id` matches exactly one branch of the schema's `oneOf` (pretalx's
            // person); `public_name` is kept for readers that predate `name`.
            "guid": person.guid.to_string(),
            "name": person.name,
            "public_name": person.name,
        })).collect::<Vec<_>>(),
        "links": [{
            "url": event.calendar_url,
            "title": "This session in iCalendar",
            "type": "related",
        }],
    })
}
