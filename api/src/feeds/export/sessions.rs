//! `/export/sessions.csv`: one row per session, in programme order.

use sea_orm::ActiveEnum;
use serde::Serialize;

use super::{CsvExport, cities_by_id, id, joined};
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
    title: String,
    kind: String,
    theme_slug: Option<String>,
    theme: Option<String>,
    day: String,
    starts_at_utc: String,
    ends_at_utc: String,
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
            Row {
                id: id(NodeType::Session, &session.id),
                title: session.title.clone(),
                kind: session.kind.to_value(),
                theme_slug: scheduled.theme.as_ref().map(|t| t.id.clone()),
                theme: scheduled.theme.as_ref().map(|t| t.name.clone()),
                day: session.day.to_string(),
                starts_at_utc: session.starts_at.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
                ends_at_utc: session.ends_at.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
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
