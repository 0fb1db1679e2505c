//! The reference CSV files of `data/reference/` (see its README for sources and licences).

use chrono::NaiveDate;
use serde::Deserialize;

use super::error::DatasetError;

/// A row of `participants.csv`.
#[derive(Debug, Clone, Deserialize)]
pub struct ParticipantRow {
    pub seed_name: String,
    pub name_en: String,
    pub name_ja: Option<String>,
    pub iso2: String,
    pub programme: String,
    pub programme_round: Option<i32>,
    pub programme_announced: Option<NaiveDate>,
    pub geonames_id: Option<i64>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub coords_note: Option<String>,
}

/// A row of `eu-cities-mission.csv`.
#[derive(Debug, Clone, Deserialize)]
pub struct MissionCityRow {
    pub city: String,
    pub country: String,
    pub iso2: String,
    pub geonames_id: Option<i64>,
    pub geonames_name: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub population: Option<i64>,
    #[serde(rename = "match")]
    pub geonames_match: Option<String>,
}

/// A row of `japan-decarbonization-leading-areas.csv`.
#[derive(Debug, Clone, Deserialize)]
pub struct LeadingAreaRow {
    pub round: i32,
    pub announced: Option<NaiveDate>,
    pub prefecture: String,
    pub lead_municipality: String,
    pub note: Option<String>,
    pub source_url: String,
}

/// A row of `organisations.csv`: where a company on the programme has its seat (its `name` and
/// `name_ja` columns are not served: the programme serves the published name).
#[derive(Debug, Clone, Deserialize)]
pub struct OrganisationSeatRow {
    pub seed_name: String,
    pub name_ja: Option<String>,
    pub country_code: String,
    pub seat: String,
    pub source: String,
    pub source_url: String,
    pub note: Option<String>,
}

impl OrganisationSeatRow {
    /// The provenance note: the source's address, and the row's note where it has one.
    pub fn provenance_note(&self) -> String {
        match &self.note {
            Some(note) => format!("{} ({note})", self.source_url),
            None => self.source_url.clone(),
        }
    }
}

/// Reads every row of a CSV file with a header line; an empty cell is `None`.
pub fn read_rows<T: for<'de> Deserialize<'de>>(
    file: &str,
    text: &str,
) -> Result<Vec<T>, DatasetError> {
    csv::Reader::from_reader(text.as_bytes())
        .deserialize()
        .enumerate()
        .map(|(index, row)| {
            row.map_err(|error| DatasetError::Unreadable {
                file: file.to_owned(),
                message: format!("row {}: {error}", index + 1),
            })
        })
        .collect()
}

/// A row of `event-pages.csv`: one of the event's own pages (see `event-pages.md`; its
/// `organisers` column is not read: the seed gives the organisers).
#[derive(Debug, Clone, Deserialize)]
pub struct EventPageRow {
    /// BCP 47 language of the page (`en`, `ja`).
    pub lang: String,
    /// The page.
    pub url: String,
    /// The title printed at the top of the page.
    pub title: String,
    /// The dates and times printed under it.
    pub time_line: String,
    /// The date a stored copy of the page was read for the file.
    pub consulted: NaiveDate,
}
