//! Exports for analysis tools: CSV (UTF-8 without BOM, a header row, RFC 4180 quoting, CRLF,
//! one row per entity) written with the `csv` crate, and GeoJSON (RFC 7946) written with the
//! `geojson` crate. Ids are the API's global ids; instants are UTC ISO 8601; a cell that holds
//! several values joins them with [`SEPARATOR`], in the order the README documents.

use std::collections::HashMap;

use entity::{Programme, local_government};
use geojson::{Feature, FeatureCollection, Geometry, JsonObject};
use sea_orm::ActiveEnum;
use serde_json::{Value, json};

use crate::dataset::sources::GEONAMES_ATTRIBUTION;
use crate::ids::{NodeType, encode};
use crate::store::export::ExportData;
use crate::store::schedule::ScheduledSession;

/// Joins the values of a multi-valued cell.
pub const SEPARATOR: &str = " | ";

/// The media type of the CSV exports.
pub const CSV_CONTENT_TYPE: &str = "text/csv; charset=utf-8; header=present";

/// The media type of the GeoJSON export.
pub const GEOJSON_CONTENT_TYPE: &str = "application/geo+json";

/// The export files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExportFile {
    /// `sessions.csv`.
    Sessions,
    /// `speakers.csv`.
    Speakers,
    /// `cities.csv`.
    Cities,
    /// `pairings.csv`.
    Pairings,
    /// `cities.geojson`.
    CitiesGeojson,
}

impl ExportFile {
    /// Every export, as its file name.
    pub const ALL: [(&'static str, Self); 5] = [
        ("sessions.csv", Self::Sessions),
        ("speakers.csv", Self::Speakers),
        ("cities.csv", Self::Cities),
        ("pairings.csv", Self::Pairings),
        ("cities.geojson", Self::CitiesGeojson),
    ];

    /// The export a file name names.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL
            .iter()
            .find(|(file, _)| *file == name)
            .map(|(_, export)| *export)
    }

    /// The media type.
    pub fn content_type(self) -> &'static str {
        match self {
            Self::CitiesGeojson => GEOJSON_CONTENT_TYPE,
            _ => CSV_CONTENT_TYPE,
        }
    }

    /// The document.
    pub fn render(self, data: &ExportData) -> String {
        match self {
            Self::Sessions => sessions_csv(data),
            Self::Speakers => speakers_csv(data),
            Self::Cities => cities_csv(data),
            Self::Pairings => pairings_csv(data),
            Self::CitiesGeojson => cities_geojson(data),
        }
    }
}

/// The local governments of `data` by id.
fn cities_by_id(data: &ExportData) -> HashMap<&str, &local_government::Model> {
    data.cities.iter().map(|c| (c.id.as_str(), c)).collect()
}

/// Each session's title by its key (the pairings export and the figure name sessions so).
pub(super) fn session_titles(data: &ExportData) -> HashMap<&str, &str> {
    data.schedule
        .sessions
        .iter()
        .map(|s| (s.session.id.as_str(), s.session.title.as_str()))
        .collect()
}

fn id(node: NodeType, key: &str) -> String {
    encode(node, key).0
}

fn joined<I: IntoIterator<Item = S>, S: AsRef<str>>(values: I) -> String {
    values
        .into_iter()
        .map(|value| value.as_ref().to_owned())
        .collect::<Vec<_>>()
        .join(SEPARATOR)
}

/// Writes `header` and `rows` as CSV.
fn csv_document(header: &[&str], rows: Vec<Vec<String>>) -> String {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    // Writing into memory fails only on a bug of the writer; the document then ends early
    // and its row count says so to the consumer.
    let _ = writer.write_record(header);
    for row in rows {
        if writer.write_record(&row).is_err() {
            break;
        }
    }
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

fn sessions_csv(data: &ExportData) -> String {
    let cities = cities_by_id(data);
    let rows = data
        .schedule
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
            vec![
                id(NodeType::Session, &session.id),
                session.title.clone(),
                session.kind.to_value(),
                scheduled
                    .theme
                    .as_ref()
                    .map(|t| t.id.clone())
                    .unwrap_or_default(),
                scheduled
                    .theme
                    .as_ref()
                    .map(|t| t.name.clone())
                    .unwrap_or_default(),
                session.day.to_string(),
                session.starts_at.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
                session.ends_at.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
                (session.ends_at - session.starts_at)
                    .num_minutes()
                    .to_string(),
                session.description.clone().unwrap_or_default(),
                joined(
                    scheduled
                        .appearances
                        .iter()
                        .map(|a| id(NodeType::Speaker, &a.speaker.id)),
                ),
                joined(scheduled.appearances.iter().map(|a| &a.speaker.name)),
                joined(represented.iter().map(|c| id(NodeType::City, c))),
                joined(
                    represented
                        .iter()
                        .filter_map(|c| cities.get(c).map(|city| &city.name)),
                ),
            ]
        })
        .collect();
    csv_document(
        &[
            "id",
            "title",
            "kind",
            "theme_slug",
            "theme",
            "day",
            "starts_at_utc",
            "ends_at_utc",
            "duration_minutes",
            "description",
            "speaker_ids",
            "speakers",
            "city_ids",
            "cities",
        ],
        rows,
    )
}

fn speakers_csv(data: &ExportData) -> String {
    let organisations: HashMap<&str, _> = data
        .organisations
        .iter()
        .map(|o| (o.id.as_str(), o))
        .collect();
    let cities = cities_by_id(data);
    // Each speaker's appearances in programme order, gathered in one pass.
    let mut appearances_of: HashMap<&str, Vec<_>> = HashMap::new();
    for session in &data.schedule.sessions {
        for appearance in &session.appearances {
            let list = appearances_of
                .entry(appearance.speaker.id.as_str())
                .or_default();
            if !list
                .iter()
                .any(|(s, _): &(&ScheduledSession, _)| s.session.id == session.session.id)
            {
                list.push((session, appearance));
            }
        }
    }
    let rows = data
        .speakers
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
            vec![
                id(NodeType::Speaker, &speaker.id),
                speaker.name.clone(),
                speaker.role.clone().unwrap_or_default(),
                organisation
                    .map(|o| id(NodeType::Organisation, &o.id))
                    .unwrap_or_default(),
                organisation.map(|o| o.name.clone()).unwrap_or_default(),
                organisation.map(|o| o.kind.to_value()).unwrap_or_default(),
                city.map(|c| id(NodeType::City, &c.id)).unwrap_or_default(),
                city.map(|c| c.name.clone()).unwrap_or_default(),
                speaker.country_code.clone().unwrap_or_default(),
                speaker.region.to_value(),
                appearances
                    .iter()
                    .any(|(_, a)| a.appearance.has_presentation)
                    .to_string(),
                joined(
                    appearances
                        .iter()
                        .map(|(s, _)| id(NodeType::Session, &s.session.id)),
                ),
                joined(appearances.iter().map(|(s, _)| &s.session.title)),
            ]
        })
        .collect();
    csv_document(
        &[
            "id",
            "name",
            "role",
            "organisation_id",
            "organisation",
            "organisation_kind",
            "city_id",
            "city",
            "country_code",
            "region",
            "has_presentation",
            "session_ids",
            "sessions",
        ],
        rows,
    )
}

/// A local government's programme memberships: (programme, round), by programme.
fn memberships_of(data: &ExportData, city: &str) -> Vec<(Programme, Option<i32>)> {
    let mut found: Vec<(Programme, Option<i32>)> = data
        .memberships
        .iter()
        .filter(|m| m.local_government_id == city)
        .map(|m| (m.programme, m.round))
        .collect();
    found.sort_by_key(|(programme, _)| programme.to_value());
    found
}

fn cities_csv(data: &ExportData) -> String {
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
    let rows = data
        .cities
        .iter()
        .map(|city| {
            let memberships = memberships_of(data, &city.id);
            let speakers = speakers_of
                .get(city.id.as_str())
                .cloned()
                .unwrap_or_default();
            let sessions = sessions_of
                .get(city.id.as_str())
                .cloned()
                .unwrap_or_default();
            vec![
                id(NodeType::City, &city.id),
                city.name.clone(),
                city.name_ja.clone().unwrap_or_default(),
                city.kind.to_value(),
                city.country_code.clone(),
                countries
                    .get(city.country_code.as_str())
                    .map(|n| n.to_string())
                    .unwrap_or_default(),
                city.region.to_value(),
                city.latitude.map(|v| v.to_string()).unwrap_or_default(),
                city.longitude.map(|v| v.to_string()).unwrap_or_default(),
                city.geonames_id.map(|v| v.to_string()).unwrap_or_default(),
                city.coordinates_note.clone().unwrap_or_default(),
                joined(memberships.iter().map(|(p, _)| programme_name(*p))),
                joined(
                    memberships
                        .iter()
                        .filter_map(|(_, round)| round.map(|r| r.to_string())),
                ),
                joined(speakers.iter().map(|s| id(NodeType::Speaker, s))),
                joined(sessions.iter().map(|s| id(NodeType::Session, s))),
            ]
        })
        .collect();
    csv_document(
        &[
            "id",
            "name",
            "name_ja",
            "kind",
            "country_code",
            "country",
            "region",
            "latitude",
            "longitude",
            "geonames_id",
            "coordinates_note",
            "programmes",
            "dla_round",
            "speaker_ids",
            "session_ids",
        ],
        rows,
    )
}

/// A programme as the API names it (the `NationalProgramme` enum).
fn programme_name(programme: Programme) -> &'static str {
    match programme {
        Programme::EuCitiesMission => "EU_CITIES_MISSION",
        Programme::JapanDecarbonizationLeadingArea => "JAPAN_DECARBONIZATION_LEADING_AREA",
    }
}

fn pairings_csv(data: &ExportData) -> String {
    let cities = cities_by_id(data);
    let titles = session_titles(data);
    let themes: HashMap<&str, &str> = data
        .schedule
        .themes
        .iter()
        .map(|t| (t.id.as_str(), t.name.as_str()))
        .collect();
    let name = |city: &str| cities.get(city).map(|c| c.name.clone()).unwrap_or_default();
    let rows = data
        .pairings
        .iter()
        .map(|pairing| {
            let sessions = pairing.session_ids();
            let pairing_themes = pairing.theme_ids();
            vec![
                id(NodeType::CityPairing, &pairing.id),
                id(NodeType::City, &pairing.japan_city),
                name(&pairing.japan_city),
                id(NodeType::City, &pairing.eu_city),
                name(&pairing.eu_city),
                joined(sessions.iter().map(|s| id(NodeType::Session, s))),
                joined(sessions.iter().filter_map(|s| titles.get(s.as_str()))),
                joined(&pairing_themes),
                joined(pairing_themes.iter().filter_map(|t| themes.get(t.as_str()))),
            ]
        })
        .collect();
    csv_document(
        &[
            "id",
            "japan_city_id",
            "japan_city",
            "eu_city_id",
            "eu_city",
            "session_ids",
            "sessions",
            "theme_slugs",
            "themes",
        ],
        rows,
    )
}

/// Participating local governments as Points, pairings as LineStrings (Japanese city to EU
/// city), coordinates as (longitude, latitude); the GeoNames attribution in the collection's
/// `properties` (a foreign member, which RFC 7946 allows).
fn cities_geojson(data: &ExportData) -> String {
    let cities = cities_by_id(data);
    let position = |city: &local_government::Model| Some([city.longitude?, city.latitude?]);
    let mut features = Vec::new();
    for city in &data.cities {
        let Some(point) = position(city) else {
            continue;
        };
        let memberships = memberships_of(data, &city.id);
        let properties = json!({
            "kind": "city",
            "name": city.name,
            "name_ja": city.name_ja,
            "city_kind": city.kind.to_value(),
            "country_code": city.country_code,
            "region": city.region.to_value(),
            "programmes": memberships.iter().map(|(p, _)| programme_name(*p)).collect::<Vec<_>>(),
            "dla_round": memberships.iter().find_map(|(_, round)| *round),
            "geonames_id": city.geonames_id,
            "coordinates_note": city.coordinates_note,
        });
        features.push(feature(
            id(NodeType::City, &city.id),
            Geometry::new_point(point),
            properties,
        ));
    }
    for pairing in &data.pairings {
        let (Some(japan), Some(eu)) = (
            cities.get(pairing.japan_city.as_str()),
            cities.get(pairing.eu_city.as_str()),
        ) else {
            continue;
        };
        let (Some(from), Some(to)) = (position(japan), position(eu)) else {
            continue;
        };
        let sessions = pairing.session_ids();
        let properties = json!({
            "kind": "pairing",
            "japan_city_id": id(NodeType::City, &japan.id),
            "japan_city": japan.name,
            "eu_city_id": id(NodeType::City, &eu.id),
            "eu_city": eu.name,
            "session_ids": sessions.iter().map(|s| id(NodeType::Session, s)).collect::<Vec<_>>(),
            "theme_slugs": pairing.theme_ids(),
        });
        features.push(feature(
            id(NodeType::CityPairing, &pairing.id),
            Geometry::new_line_string([from, to]),
            properties,
        ));
    }
    let mut members = JsonObject::new();
    members.insert(
        String::from("properties"),
        json!({
            "title": format!("Local governments and EU–Japan city pairings of the {}", data.schedule.event.name),
            "attribution": GEONAMES_ATTRIBUTION,
            "coordinates": "WGS84 longitude, latitude, from GeoNames; a prefecture or metropolitan authority is placed at its capital or core city (see coordinates_note)",
        }),
    );
    let collection = FeatureCollection {
        bbox: None,
        features,
        foreign_members: Some(members),
    };
    serde_json::to_string_pretty(&collection).unwrap_or_else(|_| String::from("{}"))
}

fn feature(id: String, geometry: Geometry, properties: Value) -> Feature {
    Feature {
        bbox: None,
        geometry: Some(geometry),
        id: Some(geojson::feature::Id::String(id)),
        properties: properties.as_object().cloned(),
        foreign_members: None,
    }
}
