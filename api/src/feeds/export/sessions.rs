//! `/export/sessions.csv`: one row per session, in programme order, with its times in UTC and
//! in the event's two zones (CET and JST, as the page publishes them).

use sea_orm::ActiveEnum;
use serde::Serialize;

use super::{CsvExport, cities_by_id, id, joined, local_times};
use crate::ids::NodeType;
use crate::store::export::ExportData;

/// The sessions export.
pub struct SessionsCsv;

impl CsvExport for SessionsCsv {
    const PATH: &'static str = "/export/sessions.csv";
    type Row = Row;

    fn rows(data: &ExportData) -> Vec<Row> {
        rows(data)
    }
}

/// One session.
#[derive(Debug, Default, Serialize)]
pub struct Row {
    id: String,
    /// The dataset's key: the slug of the API, of the calendar paths and of provenance.csv.
    slug: String,
    title: String,
    kind: String,
    theme_slug: Option<String>,
    theme: Option<String>,
    day: String,
    starts_at_utc: String,
    ends_at_utc: String,
    starts_at_cet: String,
    ends_at_cet: String,
    starts_at_jst: String,
    ends_at_jst: String,
    duration_minutes: i64,
    description: Option<String>,
    speaker_ids: String,
    speakers: String,
    city_ids: String,
    cities: String,
}

fn rows(data: &ExportData) -> Vec<Row> {
    let cities = cities_by_id(data);
    data.schedule
        .sessions
        .iter()
        .map(|scheduled| {
            let session = &scheduled.session;
            let mut represented: Vec<&str> = Vec::new();
            for entry in &scheduled.appearances {
                if let Some(city) = &entry.speaker.local_government_id
                    && !represented.contains(&city.as_str())
                {
                    represented.push(city);
                }
            }
            let (starts, ends) = (local_times(session.starts_at), local_times(session.ends_at));
            Row {
                id: id(NodeType::Session, &session.id),
                slug: session.id.clone(),
                title: session.title.clone(),
                kind: session.kind.to_value(),
                theme_slug: scheduled.theme.as_ref().map(|t| t.id.clone()),
                theme: scheduled.theme.as_ref().map(|t| t.name.clone()),
                day: session.day.to_string(),
                starts_at_utc: starts.utc,
                ends_at_utc: ends.utc,
                starts_at_cet: starts.cet,
                ends_at_cet: ends.cet,
                starts_at_jst: starts.jst,
                ends_at_jst: ends.jst,
                duration_minutes: (session.ends_at - session.starts_at).num_minutes(),
                description: session.description.clone(),
                speaker_ids: joined(
                    scheduled
                        .appearances
                        .iter()
                        .map(|a| id(NodeType::Speaker, &a.speaker.id)),
                ),
                speakers: joined(scheduled.appearances.iter().map(|a| &a.speaker.name)),
                city_ids: joined(represented.iter().map(|c| id(NodeType::City, c))),
                cities: joined(
                    represented
                        .iter()
                        .filter_map(|c| cities.get(c).map(|city| &city.name)),
                ),
            }
        })
        .collect()
}
