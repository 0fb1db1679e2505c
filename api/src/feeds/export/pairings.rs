//! `/export/pairings.csv`: one row per EU–Japan city pairing, in pairing order.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::http::{HeaderName, HeaderValue};
use serde::Serialize;

use super::{CSV_CONTENT_TYPE, cities_by_id, csv_document, file_name, id, joined, session_titles};
use crate::config::Config;
use crate::error::Refusal;
use crate::feeds::document::{Document, NoParams, Source};
use crate::feeds::programme;
use crate::ids::NodeType;
use crate::store::export::ExportData;

/// The pairings export.
pub struct PairingsCsv;

impl Document for PairingsCsv {
    const PATH: &'static str = "/export/pairings.csv";
    const MEDIA_TYPE: &'static str = CSV_CONTENT_TYPE;
    type Params = NoParams;

    async fn render(source: &Source<'_>, _: &NoParams) -> Result<Bytes, Refusal> {
        Ok(csv_document(rows(&programme::whole(source).await?)))
    }

    fn headers(_: &Config) -> Vec<(HeaderName, HeaderValue)> {
        file_name(Self::PATH)
    }
}

/// One pairing.
#[derive(Debug, Default, Serialize)]
struct Row {
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
