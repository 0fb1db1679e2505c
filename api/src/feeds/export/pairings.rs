//! `/export/pairings.csv`: one row per EU–Japan city pairing, in pairing order.

use std::collections::HashMap;

use serde::Serialize;

use super::{CsvExport, cities_by_id, id, joined, session_titles};
use crate::ids::NodeType;
use crate::store::export::ExportData;

/// The pairings export.
pub struct PairingsCsv;

impl CsvExport for PairingsCsv {
    const PATH: &'static str = "/export/pairings.csv";
    type Row = Row;

    fn rows(data: &ExportData) -> Vec<Row> {
        rows(data)
    }
}

/// One pairing.
#[derive(Debug, Default, Serialize)]
pub struct Row {
    id: String,
    japan_city_id: String,
    japan_city: Option<String>,
    eu_city_id: String,
    eu_city: Option<String>,
    session_ids: String,
    sessions: String,
    theme_slugs: String,
    themes: String,
}

fn rows(data: &ExportData) -> Vec<Row> {
    let cities = cities_by_id(data);
    let titles = session_titles(data);
    let themes: HashMap<&str, &str> = data
        .schedule
        .themes
        .iter()
        .map(|t| (t.id.as_str(), t.name.as_str()))
        .collect();
    let name = |city: &str| cities.get(city).map(|c| c.name.clone());
    data.pairings
        .iter()
        .map(|pairing| {
            let sessions = pairing.session_ids();
            let pairing_themes = pairing.theme_ids();
            Row {
                id: id(NodeType::CityPairing, &pairing.id),
                japan_city_id: id(NodeType::City, &pairing.japan_city),
                japan_city: name(&pairing.japan_city),
                eu_city_id: id(NodeType::City, &pairing.eu_city),
                eu_city: name(&pairing.eu_city),
                session_ids: joined(sessions.iter().map(|s| id(NodeType::Session, s))),
                sessions: joined(sessions.iter().filter_map(|s| titles.get(s.as_str()))),
                theme_slugs: joined(&pairing_themes),
                themes: joined(pairing_themes.iter().filter_map(|t| themes.get(t.as_str()))),
            }
        })
        .collect()
}
