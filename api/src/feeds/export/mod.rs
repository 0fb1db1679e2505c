//! Exports for analysis tools: CSV (UTF-8 without BOM, a header row, RFC 4180 quoting, CRLF,
//! one row per entity: a `#[derive(Serialize)]` struct whose field names are the header)
//! written with the `csv` crate, and GeoJSON (RFC 7946) written with the `geojson` crate. Ids
//! are the API's global ids; instants are UTC ISO 8601; a cell that holds several values joins
//! them with [`SEPARATOR`], in the order the README documents. One document per file.

mod appearances;
mod archive;
mod cities;
mod cities_geojson;
mod datapackage;
mod geojson;
mod leading_areas;
mod mission_cities;
mod organisations;
mod pairings;
mod pairings_geojson;
mod provenance;
mod sessions;
mod speakers;

pub use appearances::AppearancesCsv;
pub use archive::{DatasetArchive, archive_of};
pub use cities::CitiesCsv;
pub use cities_geojson::CitiesGeojson;
pub use datapackage::DataPackage;
pub use geojson::Geojson;
pub use leading_areas::LeadingAreasCsv;
pub use mission_cities::MissionCitiesCsv;
pub use organisations::OrganisationsCsv;
pub use pairings::PairingsCsv;
pub use pairings_geojson::PairingsGeojson;
pub use provenance::ProvenanceCsv;
pub use sessions::SessionsCsv;
pub use speakers::SpeakersCsv;

use std::collections::HashMap;

use axum::body::Bytes;
use axum::http::{HeaderName, HeaderValue, header};
use entity::{Programme, local_government};
use sea_orm::ActiveEnum;
use serde::{Serialize, Serializer};

use super::document::{Document, NoParams, Source};
use super::programme;
use crate::config::Config;
use crate::error::Refusal;
use crate::ids::{NodeType, encode};
use crate::store::export::ExportData;

/// Joins the values of a multi-valued cell.
pub const SEPARATOR: &str = " | ";

/// The media type of the CSV exports.
pub const CSV_CONTENT_TYPE: &str = "text/csv; charset=utf-8; header=present";

/// The media type of the GeoJSON export.
pub const GEOJSON_CONTENT_TYPE: &str = "application/geo+json";

/// A CSV export: its path and its rows, read from the whole dataset. Every one is a
/// [`Document`] of the media type [`CSV_CONTENT_TYPE`], without parameters, named by its file.
pub trait CsvExport: 'static {
    /// The path, `/export/<file>.csv`.
    const PATH: &'static str;
    /// True for an export of the reference lists, sources or provenance (read from the
    /// database); the others are rendered from the programme in memory.
    const READS_LISTS: bool = false;
    /// One row: its field names are the header.
    type Row: Serialize + Default + Send;
    /// The rows, in the export's order.
    fn rows(data: &ExportData) -> Vec<Self::Row>;
}

impl<T: CsvExport> Document for T {
    const PATH: &'static str = T::PATH;
    const MEDIA_TYPE: &'static str = CSV_CONTENT_TYPE;
    type Params = NoParams;
    const READS_DATABASE: bool = T::READS_LISTS;

    async fn render(source: &Source<'_>, _: &NoParams) -> Result<Bytes, Refusal> {
        Ok(csv_document(T::rows(
            &programme::whole(source, T::READS_LISTS).await?,
        )))
    }

    fn headers(_: &Config) -> Vec<(HeaderName, HeaderValue)> {
        file_name(T::PATH)
    }
}

/// The local governments of `data` by id.
fn cities_by_id(data: &ExportData) -> HashMap<&str, &local_government::Model> {
    data.cities
        .iter()
        .map(|c| (c.id.as_str(), c.as_ref()))
        .collect()
}

/// Each session's title by its key (the pairings export and the figure name sessions so).
pub(crate) fn session_titles(data: &ExportData) -> HashMap<&str, &str> {
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

/// Writes `rows` as CSV, under the header that `R`'s field names make (written from a
/// default row where there is no row, so that an empty export still names its columns).
fn csv_document<R: Serialize + Default>(rows: impl IntoIterator<Item = R>) -> Bytes {
    let mut writer = csv_writer();
    let mut written = 0usize;
    // Writing into memory fails only on a bug of the writer; the document then ends early
    // and its row count says so to the consumer.
    for row in rows {
        if writer.serialize(row).is_err() {
            break;
        }
        written += 1;
    }
    if written == 0 {
        let mut header_only = csv_writer();
        let _ = header_only.serialize(R::default());
        let bytes = header_only.into_inner().unwrap_or_default();
        let end = bytes
            .windows(2)
            .position(|pair| pair == b"\r\n")
            .map_or(bytes.len(), |at| at + 2);
        return Bytes::copy_from_slice(&bytes[..end]);
    }
    Bytes::from(writer.into_inner().unwrap_or_default())
}

fn csv_writer() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new())
}

/// Writes an optional number as `Display` does (`139` stays `139`, where serde's CSV writer
/// would write `139.0`), and nothing for `None`.
fn display<T: std::fmt::Display, S: Serializer>(
    value: &Option<T>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match value {
        Some(value) => serializer.collect_str(value),
        None => serializer.serialize_none(),
    }
}

/// `Content-Disposition: inline; filename="<the last segment of path>"`.
fn file_name(path: &str) -> Vec<(HeaderName, HeaderValue)> {
    let name = path.rsplit('/').next().unwrap_or(path);
    HeaderValue::from_str(&format!("inline; filename=\"{name}\""))
        .map(|value| vec![(header::CONTENT_DISPOSITION, value)])
        .unwrap_or_default()
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

/// The local government of the event that row `row` of `programme`'s list names (matched when
/// the dataset was loaded), if any.
fn list_participant(data: &ExportData, programme: Programme, row: i32) -> Option<&str> {
    data.memberships
        .iter()
        .find(|m| m.programme == programme && m.list_row == Some(row))
        .map(|m| m.local_government_id.as_str())
}

/// An instant as people read it: UTC, and the event page's two zones (CET and JST: the zones
/// `crate::zones::EVENT_ZONES` names), each RFC 3339 with its offset.
struct LocalTimes {
    utc: String,
    cet: String,
    jst: String,
}

fn local_times(instant: chrono::DateTime<chrono::Utc>) -> LocalTimes {
    let [(_, cet), (_, jst)] = crate::zones::EVENT_ZONES;
    let format = |zone: chrono_tz::Tz| {
        instant
            .with_timezone(&zone)
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
    };
    LocalTimes {
        utc: format(chrono_tz::UTC),
        cet: format(cet),
        jst: format(jst),
    }
}

/// A programme as the API names it (the `NationalProgramme` enum).
fn programme_name(programme: Programme) -> &'static str {
    match programme {
        Programme::EuCitiesMission => "EU_CITIES_MISSION",
        Programme::JapanDecarbonizationLeadingArea => "JAPAN_DECARBONIZATION_LEADING_AREA",
    }
}
