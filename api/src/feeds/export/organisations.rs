//! `/export/organisations.csv`: one row per body a speaker represents, by name, with its kind,
//! country or region, and its speakers.

use std::collections::HashMap;

use sea_orm::ActiveEnum;
use serde::Serialize;

use super::{CsvExport, id, joined};
use crate::ids::NodeType;
use crate::store::export::ExportData;

/// The organisations export.
pub struct OrganisationsCsv;

impl CsvExport for OrganisationsCsv {
    const PATH: &'static str = "/export/organisations.csv";
    type Row = Row;

    fn rows(data: &ExportData) -> Vec<Row> {
        let mut speakers_of: HashMap<&str, Vec<&str>> = HashMap::new();
        for speaker in &data.speakers {
            if let Some(organisation) = &speaker.organisation_id {
                speakers_of
                    .entry(organisation.as_str())
                    .or_default()
                    .push(speaker.id.as_str());
            }
        }
        let mut organisations: Vec<_> = data.organisations.iter().collect();
        organisations.sort_by_cached_key(|o| (o.name.to_lowercase(), o.id.clone()));
        organisations
            .into_iter()
            .map(|organisation| Row {
                id: id(NodeType::Organisation, &organisation.id),
                slug: organisation.id.clone(),
                name: organisation.name.clone(),
                short_name: organisation.short_name.clone(),
                kind: organisation.kind.to_value(),
                country_code: organisation.country_code.clone(),
                region: organisation.region.to_value(),
                city_id: organisation
                    .local_government_id
                    .as_deref()
                    .map(|city| id(NodeType::City, city)),
                speaker_ids: joined(
                    speakers_of
                        .get(organisation.id.as_str())
                        .into_iter()
                        .flatten()
                        .map(|s| id(NodeType::Speaker, s)),
                ),
            })
            .collect()
    }
}

/// One body.
#[derive(Debug, Default, Serialize)]
pub struct Row {
    id: String,
    slug: String,
    name: String,
    short_name: Option<String>,
    kind: String,
    country_code: Option<String>,
    region: String,
    city_id: Option<String>,
    speaker_ids: String,
}
