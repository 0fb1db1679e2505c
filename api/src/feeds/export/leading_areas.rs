//! `/export/leading-areas.csv`: Japan's Decarbonization Leading Areas as this dataset knows
//! them (rounds 3, 4 and 6 partial: see `leadingAreaRounds`), in list order, each with the page
//! it is transcribed from and the local government of the event where the area took part.

use entity::Programme;
use serde::Serialize;

use super::{CsvExport, id, list_participant};
use crate::ids::NodeType;
use crate::store::export::ExportData;

/// The Decarbonization Leading Areas export.
pub struct LeadingAreasCsv;

impl CsvExport for LeadingAreasCsv {
    const READS_LISTS: bool = true;
    const PATH: &'static str = "/export/leading-areas.csv";
    type Row = Row;

    fn rows(data: &ExportData) -> Vec<Row> {
        data.lists
            .leading_areas
            .iter()
            .map(|area| {
                let participant =
                    list_participant(data, Programme::JapanDecarbonizationLeadingArea, area.row);
                let round = data.lists.rounds.iter().find(|r| r.round == area.round);
                Row {
                    id: id(
                        NodeType::LeadingArea,
                        &format!("{}/{}", area.prefecture, area.lead_municipality),
                    ),
                    row: area.row,
                    round: area.round,
                    announced: round.and_then(|r| r.announced).map(|d| d.to_string()),
                    prefecture: area.prefecture.clone(),
                    lead_municipality: area.lead_municipality.clone(),
                    note: area.note.clone(),
                    source_url: area.source_url.clone(),
                    took_part: participant.is_some(),
                    city_id: participant.map(|city| id(NodeType::City, city)),
                }
            })
            .collect()
    }
}

/// One lead municipality of the list.
#[derive(Debug, Default, Serialize)]
pub struct Row {
    id: String,
    row: i32,
    round: i32,
    announced: Option<String>,
    prefecture: String,
    lead_municipality: String,
    note: Option<String>,
    source_url: String,
    took_part: bool,
    city_id: Option<String>,
}
