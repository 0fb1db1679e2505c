//! `schedule.xml`, as `data/schedule-format/schedule.xml.xsd` defines it, written with
//! `quick-xml` (text and attributes escaped by the writer).

use axum::body::Bytes;
use std::io;

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event as XmlEvent};

use super::{Conference, Day, Event, GENERATOR, ROOM, hours_minutes};
use crate::error::Refusal;
use crate::feeds::document::{Document, NoParams, Source};

/// `/schedule.xml`: the whole programme as a frab/c3voc conference schedule.
pub struct ScheduleXml;

impl Document for ScheduleXml {
    const PATH: &'static str = "/schedule.xml";
    const MEDIA_TYPE: &'static str = CONTENT_TYPE;
    type Params = NoParams;

    async fn render(source: &Source<'_>, _: &NoParams) -> Result<Bytes, Refusal> {
        let conference = super::read(source).await?;
        Ok(document(&conference).into())
    }
}

/// The media type of the document.
pub const CONTENT_TYPE: &str = "application/xml; charset=utf-8";

/// The XML document of `conference`.
pub fn document(conference: &Conference) -> String {
    let mut writer = Writer::new_with_indent(Vec::new(), b' ', 2);
    // Writing into memory fails only on a bug of the writer; an empty document then says so
    // to the consumer's parser rather than serving half a schedule.
    if write(&mut writer, conference).is_err() {
        return String::new();
    }
    String::from_utf8(writer.into_inner()).unwrap_or_default()
}

type Out = Writer<Vec<u8>>;

fn write(writer: &mut Out, conference: &Conference) -> io::Result<()> {
    writer.write_event(XmlEvent::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    writer.create_element("schedule").write_inner_content(|w| {
        w.create_element("generator")
            .with_attribute(("name", GENERATOR))
            .with_attribute(("version", env!("CARGO_PKG_VERSION")))
            .write_empty()?;
        text(w, "url", &conference.xml_url)?;
        text(w, "version", &conference.version)?;
        w.create_element("conference")
            .write_inner_content(|w| conference_body(w, conference))?;
        for day in &conference.days {
            write_day(w, conference, day)?;
        }
        Ok(())
    })?;
    Ok(())
}

fn conference_body(w: &mut Out, conference: &Conference) -> io::Result<()> {
    text(w, "title", &conference.title)?;
    text(w, "acronym", &conference.acronym)?;
    text(w, "start", &conference.start.to_string())?;
    text(w, "end", &conference.end.to_string())?;
    text(w, "days", &conference.days.len().to_string())?;
    text(
        w,
        "timeslot_duration",
        &hours_minutes(i64::from(conference.timeslot_minutes)),
    )?;
    text(w, "base_url", &conference.base_url)?;
    text(w, "time_zone_name", conference.zone.name())?;
    for track in &conference.tracks {
        w.create_element("track")
            .with_attribute(("name", track.name.as_str()))
            .with_attribute(("slug", track.slug.as_str()))
            .write_empty()?;
    }
    Ok(())
}

fn write_day(w: &mut Out, conference: &Conference, day: &Day) -> io::Result<()> {
    w.create_element("day")
        .with_attribute(("index", day.index.to_string().as_str()))
        .with_attribute(("date", day.date.to_string().as_str()))
        .with_attribute(("start", day.start.to_rfc3339().as_str()))
        .with_attribute(("end", day.end.to_rfc3339().as_str()))
        .write_inner_content(|w| {
            w.create_element("room")
                .with_attribute(("name", ROOM))
                .with_attribute(("guid", conference.room_guid.to_string().as_str()))
                .write_inner_content(|w| {
                    for event in &day.events {
                        write_event(w, event)?;
                    }
                    Ok(())
                })?;
            Ok(())
        })?;
    Ok(())
}

fn write_event(w: &mut Out, event: &Event) -> io::Result<()> {
    w.create_element("event")
        .with_attribute(("id", event.id.to_string().as_str()))
        .with_attribute(("guid", event.guid.to_string().as_str()))
        .write_inner_content(|w| {
            text(w, "date", &event.date.to_rfc3339())?;
            text(w, "start", &event.date.format("%H:%M").to_string())?;
            text(w, "duration", &hours_minutes(event.duration_minutes))?;
            text(w, "room", ROOM)?;
            text(w, "slug", &event.slug)?;
            text(w, "url", &event.url)?;
            text(w, "title", &event.title)?;
            text(w, "track", event.track.as_deref().unwrap_or(""))?;
            text(w, "type", event.kind)?;
            text(w, "abstract", event.abstract_text.as_deref().unwrap_or(""))?;
            if let Some(description) = &event.description {
                text(w, "description", description)?;
            }
            w.create_element("persons").write_inner_content(|w| {
                for person in &event.persons {
                    w.create_element("person")
                        .with_attribute(("id", person.id.to_string().as_str()))
                        .with_attribute(("guid", person.guid.to_string().as_str()))
                        .write_text_content(BytesText::new(&person.name))?;
                }
                Ok(())
            })?;
            w.create_element("links").write_inner_content(|w| {
                w.create_element("link")
                    .with_attribute(("href", event.calendar_url.as_str()))
                    .with_attribute(("type", "related"))
                    .write_text_content(BytesText::new("This session in iCalendar"))?;
                Ok(())
            })?;
            Ok(())
        })?;
    Ok(())
}

/// `<name>value</name>`.
fn text(w: &mut Out, name: &str, value: &str) -> io::Result<()> {
    w.create_element(name)
        .write_text_content(BytesText::new(value))?;
    Ok(())
}
