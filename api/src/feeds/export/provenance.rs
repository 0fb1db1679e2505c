//! `/export/provenance.csv`: every provenance record, by entity, key and record: which fact
//! (the entity, its key and the field; no field where the record vouches for the whole row),
//! from which source (with its address and licence), where in it, the text as published where
//! the served text differs, and the correction or inference applied.

use std::collections::HashMap;

use serde::Serialize;

use super::CsvExport;
use crate::store::export::ExportData;

/// The provenance export.
pub struct ProvenanceCsv;

impl CsvExport for ProvenanceCsv {
    const READS_LISTS: bool = true;
    const PATH: &'static str = "/export/provenance.csv";
    type Row = Row;

    fn rows(data: &ExportData) -> Vec<Row> {
        let sources: HashMap<&str, _> = data
            .lists
            .sources
            .iter()
            .map(|s| (s.id.as_str(), s))
            .collect();
        data.lists
            .provenance
            .iter()
            .map(|record| {
                let source = sources.get(record.source_id.as_str());
                Row {
                    entity: record.entity.clone(),
                    entity_key: record.entity_id.clone(),
                    field: record.field.clone(),
                    source: record.source_id.clone(),
                    source_location: source.map(|s| s.location.clone()),
                    source_url: source.and_then(|s| s.url.clone()),
                    source_licence: source.and_then(|s| s.licence.clone()),
                    locator: record.locator.clone(),
                    published_text: record.quote.clone(),
                    note: record.note.clone(),
                    url: record.url.clone(),
                }
            })
            .collect()
    }
}

/// One provenance record.
#[derive(Debug, Default, Serialize)]
pub struct Row {
    entity: String,
    entity_key: String,
    field: Option<String>,
    source: String,
    source_location: Option<String>,
    source_url: Option<String>,
    source_licence: Option<String>,
    locator: String,
    published_text: Option<String>,
    note: Option<String>,
    url: Option<String>,
}
