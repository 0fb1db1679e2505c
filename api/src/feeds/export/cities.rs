//! `/export/cities.csv`: one row per local government, by name, with its GeoNames coordinates
//! and the attribution GeoNames' licence requires beside them.

use std::collections::HashMap;

use sea_orm::ActiveEnum;
use serde::Serialize;

use super::{CsvExport, display, id, joined, memberships_of, programme_name};
use crate::dataset::sources::GEONAMES_ATTRIBUTION;
use crate::ids::NodeType;
use crate::store::export::ExportData;

/// The local governments export.
pub struct CitiesCsv;

impl CsvExport for CitiesCsv {
    const PATH: &'static str = "/export/cities.csv";
    type Row = Row;

    fn rows(data: &ExportData) -> Vec<Row> {
        rows(data)
    }
}

/// One local government.
#[derive(Debug, Default, Serialize)]
pub struct Row {
    id: String,
    /// The dataset's key: the slug of the API, of the calendar paths and of provenance.csv.
    slug: String,
    name: String,
    name_ja: Option<String>,
    kind: String,
    country_code: String,
    country: Option<String>,
    region: String,
    #[serde(serialize_with = "display")]
    latitude: Option<f64>,
    #[serde(serialize_with = "display")]
    longitude: Option<f64>,
    geonames_id: Option<i64>,
    coordinates_note: Option<String>,
    coordinates_attribution: Option<String>,
    programmes: String,
    dla_round: String,
    speaker_ids: String,
    session_ids: String,
}

fn rows(data: &ExportData) -> Vec<Row> {
    let countries: HashMap<&str, &str> = data
        .countries
        .iter()
        .map(|c| (c.code.as_str(), c.name.as_str()))
        .collect();
    // Each local government's speakers (by name) and sessions (in programme order), gathered
    // in one pass each.
    let mut speakers_of: HashMap<&str, Vec<&str>> = HashMap::new();
    for speaker in &data.speakers {
        if let Some(city) = &speaker.local_government_id {
            speakers_of
                .entry(city.as_str())
                .or_default()
                .push(speaker.id.as_str());
        }
    }
    let mut sessions_of: HashMap<&str, Vec<&str>> = HashMap::new();
    for session in &data.schedule.sessions {
        for appearance in &session.appearances {
            if let Some(city) = &appearance.speaker.local_government_id {
                let list = sessions_of.entry(city.as_str()).or_default();
                if list.last() != Some(&session.session.id.as_str()) {
                    list.push(session.session.id.as_str());
                }
            }
        }
    }
    data.cities
        .iter()
        .map(|city| {
            let memberships = memberships_of(data, &city.id);
            let speakers = speakers_of.get(city.id.as_str());
            let sessions = sessions_of.get(city.id.as_str());
            Row {
                id: id(NodeType::City, &city.id),
                slug: city.id.clone(),
                name: city.name.clone(),
                name_ja: city.name_ja.clone(),
                kind: city.kind.to_value(),
                country_code: city.country_code.clone(),
                country: countries
                    .get(city.country_code.as_str())
                    .map(|n| n.to_string()),
                region: city.region.to_value(),
                latitude: city.latitude,
                longitude: city.longitude,
                geonames_id: city.geonames_id,
                coordinates_note: city.coordinates_note.clone(),
                coordinates_attribution: city
                    .latitude
                    .and(city.longitude)
                    .map(|_| GEONAMES_ATTRIBUTION.to_owned()),
                programmes: joined(memberships.iter().map(|(p, _)| programme_name(*p))),
                dla_round: joined(
                    memberships
                        .iter()
                        .filter_map(|(_, round)| round.map(|r| r.to_string())),
                ),
                speaker_ids: joined(
                    speakers
                        .into_iter()
                        .flatten()
                        .map(|s| id(NodeType::Speaker, s)),
                ),
                session_ids: joined(
                    sessions
                        .into_iter()
                        .flatten()
                        .map(|s| id(NodeType::Session, s)),
                ),
            }
        })
        .collect()
}
