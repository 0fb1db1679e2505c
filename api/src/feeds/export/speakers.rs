//! `/export/speakers.csv`: one row per speaker, by name.

use std::collections::HashMap;

use sea_orm::ActiveEnum;
use serde::Serialize;

use super::{CsvExport, cities_by_id, id, joined};
use crate::ids::NodeType;
use crate::store::export::ExportData;
use crate::store::schedule::{Appearance, ScheduledSession};

/// The speakers export.
pub struct SpeakersCsv;

impl CsvExport for SpeakersCsv {
    const PATH: &'static str = "/export/speakers.csv";
    type Row = Row;

    fn rows(data: &ExportData) -> Vec<Row> {
        rows(data)
    }
}

/// One speaker.
#[derive(Debug, Default, Serialize)]
pub struct Row {
    id: String,
    /// The dataset's key: the slug of the API, of the calendar paths and of provenance.csv.
    slug: String,
    name: String,
    role: Option<String>,
    organisation_id: Option<String>,
    organisation: Option<String>,
    organisation_kind: Option<String>,
    city_id: Option<String>,
    city: Option<String>,
    country_code: Option<String>,
    region: String,
    has_presentation: bool,
    session_ids: String,
    sessions: String,
}

fn rows(data: &ExportData) -> Vec<Row> {
    let organisations: HashMap<&str, _> = data
        .organisations
        .iter()
        .map(|o| (o.id.as_str(), o))
        .collect();
    let cities = cities_by_id(data);
    // Each speaker's appearances in programme order, gathered in one pass.
    let mut appearances_of: HashMap<&str, Vec<(&ScheduledSession, &Appearance)>> = HashMap::new();
    for session in &data.schedule.sessions {
        for appearance in &session.appearances {
            let list = appearances_of
                .entry(appearance.speaker.id.as_str())
                .or_default();
            if !list.iter().any(|(s, _)| s.session.id == session.session.id) {
                list.push((session, appearance));
            }
        }
    }
    data.speakers
        .iter()
        .map(|speaker| {
            let appearances = appearances_of
                .get(speaker.id.as_str())
                .map(Vec::as_slice)
                .unwrap_or_default();
            let organisation = speaker
                .organisation_id
                .as_deref()
                .and_then(|o| organisations.get(o));
            let city = speaker
                .local_government_id
                .as_deref()
                .and_then(|c| cities.get(c));
            Row {
                id: id(NodeType::Speaker, &speaker.id),
                slug: speaker.id.clone(),
                name: speaker.name.clone(),
                role: speaker.role.clone(),
                organisation_id: organisation.map(|o| id(NodeType::Organisation, &o.id)),
                organisation: organisation.map(|o| o.name.clone()),
                organisation_kind: organisation.map(|o| o.kind.to_value()),
                city_id: city.map(|c| id(NodeType::City, &c.id)),
                city: city.map(|c| c.name.clone()),
                country_code: speaker.country_code.clone(),
                region: speaker.region.to_value(),
                has_presentation: appearances
                    .iter()
                    .any(|(_, a)| a.appearance.has_presentation),
                session_ids: joined(
                    appearances
                        .iter()
                        .map(|(s, _)| id(NodeType::Session, &s.session.id)),
                ),
                sessions: joined(appearances.iter().map(|(s, _)| &s.session.title)),
            }
        })
        .collect()
}
