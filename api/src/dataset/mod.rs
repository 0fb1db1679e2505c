//! The programme dataset: the human-edited files of `data/`, their validation, and their
//! loading into the database in one transaction.
//!
//! Files: `programme.toml` (event, sessions, speakers, bodies), `seed/` (the event page that
//! every quote is checked against), and `reference/` (CSV lists with their provenance note and
//! `completeness.toml`). See `data/README.md` for the rules.

mod error;
mod file;
mod reference;
mod seed;
mod sources;
mod times;
mod validate;
mod write;

use std::path::Path;

use entity::{
    appearance, country, event, event_organiser, leading_area, leading_area_round,
    local_government, mission_city, organisation, programme_membership, provenance, reference_list,
    session, source, speaker, theme,
};
use serde::Deserialize;
use sha2::{Digest, Sha256};

pub use error::{DatasetError, Problem};
pub use validate::sort_key;
pub use write::{LoadOutcome, load, replace};

/// Paths of the dataset files, relative to the data folder, as problems name them.
const PROGRAMME: &str = "programme.toml";
const COMPLETENESS: &str = "reference/completeness.toml";
const PARTICIPANTS: &str = "reference/participants.csv";
const MISSION: &str = "reference/eu-cities-mission.csv";
const JAPAN_DLA: &str = "reference/japan-decarbonization-leading-areas.csv";
const SEED: &str = "seed/000_2d6dab4a56c5c350.txt";

/// How each dataset file is named in problems and in the `source` table.
#[derive(Debug, Clone)]
pub struct FileNames {
    /// The programme file.
    pub programme: String,
    /// The completeness statement of the reference lists.
    pub completeness: String,
    /// The participating local governments.
    pub participants: String,
    /// The EU Cities Mission list.
    pub mission: String,
    /// The Japan DLA list.
    pub japan_dla: String,
    /// The seed text.
    pub seed: String,
}

impl FileNames {
    fn under(folder: &str) -> Self {
        let name = |file: &str| format!("{folder}/{file}");
        Self {
            programme: name(PROGRAMME),
            completeness: name(COMPLETENESS),
            participants: name(PARTICIPANTS),
            mission: name(MISSION),
            japan_dla: name(JAPAN_DLA),
            seed: name(SEED),
        }
    }
}

/// The text of every dataset file.
#[derive(Debug, Clone)]
pub struct DatasetFiles {
    /// Their names.
    pub names: FileNames,
    /// `programme.toml`.
    pub programme: String,
    /// `reference/completeness.toml`.
    pub completeness: String,
    /// `reference/participants.csv`.
    pub participants: String,
    /// `reference/eu-cities-mission.csv`.
    pub mission: String,
    /// `reference/japan-decarbonization-leading-areas.csv`.
    pub japan_dla: String,
    /// The seed text.
    pub seed: String,
}

impl DatasetFiles {
    /// The files of the repository's `data/` folder as they were when the binary was built:
    /// what a first start on an empty database loads.
    pub fn embedded() -> Self {
        macro_rules! data {
            ($file:literal) => {
                include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../data/", $file)).to_owned()
            };
        }
        Self {
            names: FileNames::under("data"),
            programme: data!("programme.toml"),
            completeness: data!("reference/completeness.toml"),
            participants: data!("reference/participants.csv"),
            mission: data!("reference/eu-cities-mission.csv"),
            japan_dla: data!("reference/japan-decarbonization-leading-areas.csv"),
            seed: data!("seed/000_2d6dab4a56c5c350.txt"),
        }
    }

    /// The files of a data folder on disk (laid out like the repository's `data/`).
    pub fn from_dir(folder: &Path) -> Result<Self, DatasetError> {
        let names = FileNames::under(&folder.display().to_string());
        let read = |name: &String| {
            std::fs::read_to_string(name).map_err(|error| DatasetError::Unreadable {
                file: name.clone(),
                message: format!("cannot be read: {error}"),
            })
        };
        Ok(Self {
            programme: read(&names.programme)?,
            completeness: read(&names.completeness)?,
            participants: read(&names.participants)?,
            mission: read(&names.mission)?,
            japan_dla: read(&names.japan_dla)?,
            seed: read(&names.seed)?,
            names,
        })
    }

    /// A SHA-256 over every file's content: the dataset's version.
    pub fn version(&self) -> String {
        let mut hash = Sha256::new();
        for text in [
            &self.programme,
            &self.completeness,
            &self.participants,
            &self.mission,
            &self.japan_dla,
            &self.seed,
        ] {
            hash.update(text.len().to_le_bytes());
            hash.update(text.as_bytes());
        }
        hash.finalize()
            .iter()
            .map(|byte| format!("{byte:02x}"))
            .collect()
    }

    /// Parses and validates every file: the rows to write, or every problem found.
    pub fn validate(&self) -> Result<Dataset, DatasetError> {
        let names = &self.names;
        let programme = parse_toml(&names.programme, &self.programme)?;
        let completeness = parse_toml(&names.completeness, &self.completeness)?;
        let inputs = validate::Inputs {
            names,
            programme,
            completeness,
            participants: reference::read_rows(&names.participants, &self.participants)?,
            mission_cities: reference::read_rows(&names.mission, &self.mission)?,
            leading_areas: reference::read_rows(&names.japan_dla, &self.japan_dla)?,
            seed: seed::SeedText::new(&self.seed),
        };
        validate::validate(inputs, self.version()).map_err(DatasetError::Invalid)
    }
}

fn parse_toml<T: for<'de> Deserialize<'de>>(file: &str, text: &str) -> Result<T, DatasetError> {
    toml::from_str(text).map_err(|error| DatasetError::Unreadable {
        file: file.to_owned(),
        message: error.to_string().trim_end().to_owned(),
    })
}

/// `reference/completeness.toml`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Completeness {
    eu_cities_mission: ListCompleteness,
    japan_dla: RoundsCompleteness,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ListCompleteness {
    name: String,
    expected_count: i32,
    note: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RoundsCompleteness {
    name: String,
    note: String,
    rounds: Vec<RoundCompleteness>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RoundCompleteness {
    round: i32,
    expected_count: i32,
}

/// A valid dataset: every row to write, parents before children.
#[derive(Debug, Default, Clone)]
pub struct Dataset {
    /// SHA-256 of the input files.
    pub version: String,
    /// Source documents.
    pub sources: Vec<source::Model>,
    /// Countries.
    pub countries: Vec<country::Model>,
    /// Local governments.
    pub local_governments: Vec<local_government::Model>,
    /// Organisations, local governments included.
    pub organisations: Vec<organisation::Model>,
    /// National programme memberships.
    pub memberships: Vec<programme_membership::Model>,
    /// Reference lists with their completeness.
    pub reference_lists: Vec<reference_list::Model>,
    /// EU Cities Mission cities known.
    pub mission_cities: Vec<mission_city::Model>,
    /// DLA rounds with their completeness.
    pub leading_area_rounds: Vec<leading_area_round::Model>,
    /// DLA lead municipalities known.
    pub leading_areas: Vec<leading_area::Model>,
    /// The event.
    pub event: Option<event::Model>,
    /// Its organisers.
    pub organisers: Vec<event_organiser::Model>,
    /// Themes.
    pub themes: Vec<theme::Model>,
    /// Speakers.
    pub speakers: Vec<speaker::Model>,
    /// Sessions.
    pub sessions: Vec<session::Model>,
    /// Appearances of speakers in sessions.
    pub appearances: Vec<appearance::Model>,
    /// Where each fact comes from.
    pub provenance: Vec<provenance::Model>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_repository_dataset_is_valid() {
        let dataset = DatasetFiles::embedded()
            .validate()
            .unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(dataset.sessions.len(), 13);
        assert_eq!(dataset.speakers.len(), 29);
        assert_eq!(dataset.appearances.len(), 29);
        assert_eq!(dataset.local_governments.len(), 16);
        assert_eq!(dataset.mission_cities.len(), 111);
        assert_eq!(dataset.leading_areas.len(), 67);
    }
}
