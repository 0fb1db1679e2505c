//! `/export/appearances.csv`: one row per speaker per session, in programme order and then in
//! the page's order of speakers, with what the page prints for each: the talk title, the
//! remark ("video message") and the mark of presentation material; times in UTC and in the
//! event's two zones (CET and JST, as the page publishes them).

use serde::Serialize;

use super::{CsvExport, id, local_times};
use crate::ids::NodeType;
use crate::store::export::ExportData;

/// The appearances export.
pub struct AppearancesCsv;

impl CsvExport for AppearancesCsv {
    const PATH: &'static str = "/export/appearances.csv";
    type Row = Row;

    fn rows(data: &ExportData) -> Vec<Row> {
        data.schedule
            .sessions
            .iter()
            .flat_map(|scheduled| {
                let session = &scheduled.session;
                let times = local_times(session.starts_at);
                scheduled.appearances.iter().map(move |entry| Row {
                    session_id: id(NodeType::Session, &session.id),
                    session_title: session.title.clone(),
                    speaker_id: id(NodeType::Speaker, &entry.speaker.id),
                    speaker: entry.speaker.name.clone(),
                    position: entry.appearance.position,
                    talk_title: entry.appearance.talk_title.clone(),
                    note: entry.appearance.note.clone(),
                    has_presentation: entry.appearance.has_presentation,
                    organisation_id: entry
                        .organisation
                        .as_ref()
                        .map(|o| id(NodeType::Organisation, &o.id)),
                    city_id: entry.city.as_ref().map(|c| id(NodeType::City, &c.id)),
                    country_code: entry.country.as_ref().map(|c| c.code.clone()),
                    starts_at_utc: times.utc.clone(),
                    starts_at_cet: times.cet.clone(),
                    starts_at_jst: times.jst.clone(),
                })
            })
            .collect()
    }
}

/// One speaker in one session.
#[derive(Debug, Default, Serialize)]
pub struct Row {
    session_id: String,
    session_title: String,
    speaker_id: String,
    speaker: String,
    position: i32,
    talk_title: Option<String>,
    note: Option<String>,
    has_presentation: bool,
    organisation_id: Option<String>,
    city_id: Option<String>,
    country_code: Option<String>,
    starts_at_utc: String,
    starts_at_cet: String,
    starts_at_jst: String,
}
