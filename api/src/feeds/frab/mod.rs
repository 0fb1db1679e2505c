//! The frab/c3voc conference schedule (`schedule.xml`, `schedule.json`), the format that
//! Giggity, EventFahrplan, pretalx and the c3voc tools exchange. The schemas in
//! `data/schedule-format/` decide the fields; [`Conference`] holds them once, and [`xml`] and
//! [`json`] write it.
//!
//! Editorial rules (see README "Subscribe in your calendar"):
//! - local times are in the event's first published zone (Europe/Brussels, "CET");
//! - one room, named [`ROOM`]: the programme's sessions follow one another and the page names
//!   no room; it does not say whether the event was online or on site, so the room says neither;
//! - `language` and `subtitle` are null: the page gives two working languages with
//!   simultaneous interpretation, not a language per session, and no subtitles;
//! - ids: UUID v5 from the slugs, integers from those UUIDs (`feeds::identity`).

pub mod json;
pub mod xml;

use chrono::{DateTime, FixedOffset, NaiveDate, Timelike};
use chrono_tz::Tz;
use entity::SessionKind;
use uuid::Uuid;

use super::document::Source;
use super::{
    Publication, home_zone, integer_id, programme, session_guid, speaker_guid, speakers_text,
};
use crate::error::Refusal;
use crate::store::schedule::{Schedule, ScheduledSession, Selection};

/// The software named as the documents' generator.
pub const GENERATOR: &str = "cities-api";

/// The name of the programme's one room.
pub const ROOM: &str = "Plenary";

/// The whole programme as a conference, read from `source`.
async fn read(source: &Source<'_>) -> Result<Conference, Refusal> {
    let selection = Selection::Programme {
        day: None,
        theme: None,
    };
    let (schedule, _) = programme::read(source, &selection)?;
    Ok(conference(&schedule, &source.publication))
}

/// The schedule of a conference.
#[derive(Debug, Clone)]
pub struct Conference {
    /// Short name: the event's slug with `_` for `-` (the JSON schema allows no inner hyphen).
    pub acronym: String,
    /// Name as published.
    pub title: String,
    /// First day.
    pub start: NaiveDate,
    /// Last day.
    pub end: NaiveDate,
    /// The zone of local times.
    pub zone: Tz,
    /// The greatest common divisor of every start time and length, in minutes.
    pub timeslot_minutes: u32,
    /// Base of every relative URL: the public URL with a trailing slash.
    pub base_url: String,
    /// Where the XML document itself is published.
    pub xml_url: String,
    /// The dataset version.
    pub version: String,
    /// The themes, in programme order.
    pub tracks: Vec<Track>,
    /// The one room's UUID.
    pub room_guid: Uuid,
    /// The days, each with its sessions in order.
    pub days: Vec<Day>,
}

/// A theme, as a track.
#[derive(Debug, Clone)]
pub struct Track {
    /// Name as published.
    pub name: String,
    /// The theme's slug.
    pub slug: String,
}

/// A day of the programme.
#[derive(Debug, Clone)]
pub struct Day {
    /// 1 for the first day.
    pub index: u32,
    /// The date.
    pub date: NaiveDate,
    /// Start of the first session.
    pub start: DateTime<FixedOffset>,
    /// End of the last session.
    pub end: DateTime<FixedOffset>,
    /// The sessions.
    pub events: Vec<Event>,
}

/// A session, as an event.
#[derive(Debug, Clone)]
pub struct Event {
    /// Integer id (from the UUID).
    pub id: u32,
    /// UUID v5 of the session slug.
    pub guid: Uuid,
    /// `<acronym>-<session slug>`.
    pub slug: String,
    /// Start, in the conference zone.
    pub date: DateTime<FixedOffset>,
    /// End, in the conference zone.
    pub end: DateTime<FixedOffset>,
    /// Length in minutes.
    pub duration_minutes: i64,
    /// The session's entry in the widget.
    pub url: String,
    /// The session's calendar feed.
    pub calendar_url: String,
    /// Title as served.
    pub title: String,
    /// The kind of slot, lower case with hyphens, e.g. `panel`, `break`.
    pub kind: &'static str,
    /// The theme's name.
    pub track: Option<String>,
    /// The session's description.
    pub abstract_text: Option<String>,
    /// Its speakers, one line each, with their bodies and cities.
    pub description: Option<String>,
    /// Its speakers.
    pub persons: Vec<Person>,
}

/// A speaker, as a person.
#[derive(Debug, Clone)]
pub struct Person {
    /// Integer id (from the UUID).
    pub id: u32,
    /// UUID v5 of the speaker slug.
    pub guid: Uuid,
    /// Name as published.
    pub name: String,
}

/// The conference schedule of `schedule` (the whole programme).
pub fn conference(schedule: &Schedule, publication: &Publication<'_>) -> Conference {
    let zone = home_zone(schedule);
    let event = &schedule.event;
    let acronym = event.id.replace('-', "_");
    let mut days: Vec<Day> = Vec::new();
    let mut date = event.start_date;
    let mut index = 1;
    while date <= event.end_date {
        let events: Vec<Event> = schedule
            .sessions
            .iter()
            .filter(|s| s.session.day == date)
            .map(|s| session_event(schedule, s, publication, &acronym, zone))
            .collect();
        if let (Some(first), Some(last)) = (events.first(), events.last()) {
            days.push(Day {
                index,
                date,
                start: first.date,
                end: last.end,
                events,
            });
        }
        index += 1;
        let Some(next) = date.succ_opt() else { break };
        date = next;
    }
    Conference {
        acronym,
        title: event.name.clone(),
        start: event.start_date,
        end: event.end_date,
        zone,
        timeslot_minutes: timeslot_minutes(&days),
        base_url: publication.url("/"),
        xml_url: publication.url("/schedule.xml"),
        version: publication.version.to_owned(),
        tracks: schedule
            .themes
            .iter()
            .map(|theme| Track {
                name: theme.name.clone(),
                slug: theme.id.clone(),
            })
            .collect(),
        room_guid: Uuid::new_v5(
            &Uuid::NAMESPACE_URL,
            format!("urn:cities-api:{}:room:{ROOM}", event.id).as_bytes(),
        ),
        days,
    }
}

fn session_event(
    schedule: &Schedule,
    scheduled: &ScheduledSession,
    publication: &Publication<'_>,
    acronym: &str,
    zone: Tz,
) -> Event {
    let session = &scheduled.session;
    let guid = session_guid(&schedule.event.id, &session.id);
    let speakers = speakers_text(&scheduled.appearances);
    Event {
        id: integer_id(guid),
        guid,
        slug: format!("{acronym}-{}", session.id),
        date: session.starts_at.with_timezone(&zone).fixed_offset(),
        end: session.ends_at.with_timezone(&zone).fixed_offset(),
        duration_minutes: (session.ends_at - session.starts_at).num_minutes(),
        url: publication.session_url(&session.id),
        calendar_url: publication.session_calendar_url(&session.id),
        title: session.title.clone(),
        kind: kind_name(session.kind),
        track: scheduled.theme.as_ref().map(|t| t.name.clone()),
        abstract_text: session.description.clone(),
        description: (!speakers.is_empty()).then_some(speakers),
        persons: scheduled
            .appearances
            .iter()
            .map(|entry| {
                let guid = speaker_guid(&schedule.event.id, &entry.speaker.id);
                Person {
                    id: integer_id(guid),
                    guid,
                    name: entry.speaker.name.clone(),
                }
            })
            .collect(),
    }
}

/// The event `type` of a kind of slot.
fn kind_name(kind: SessionKind) -> &'static str {
    match kind {
        SessionKind::Opening => "opening",
        SessionKind::SceneSetting => "scene-setting",
        SessionKind::Panel => "panel",
        SessionKind::TopicPresentation => "topic-presentation",
        SessionKind::Break => "break",
        SessionKind::Summary => "summary",
        SessionKind::Closing => "closing",
    }
}

/// The greatest common divisor of every session's local start minute and length (60 where
/// there is none): the grid that apps draw the schedule on.
fn timeslot_minutes(days: &[Day]) -> u32 {
    let gcd = |mut a: u32, mut b: u32| {
        while b != 0 {
            (a, b) = (b, a % b);
        }
        a
    };
    let mut slot = 60;
    for event in days.iter().flat_map(|day| &day.events) {
        let start = event.date.hour() * 60 + event.date.minute();
        let length = u32::try_from(event.duration_minutes).unwrap_or(0);
        slot = gcd(gcd(slot, start), length);
    }
    slot.max(1)
}

/// `HH:MM` of a number of minutes.
pub fn hours_minutes(minutes: i64) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}
