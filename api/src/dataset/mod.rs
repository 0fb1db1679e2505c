//! The programme dataset: the human-edited files of `data/`, their validation, and their
//! loading into the database in one transaction.
//!
//! Files: `programme.toml` (event, sessions, speakers, bodies), `seed/` (the event page that
//! every quote is checked against), and `reference/` (CSV lists with their provenance note and
//! `completeness.toml`). See `data/README.md` for the rules.

mod derive;
mod error;
mod file;
mod fingerprint;
pub mod publication;
mod reference;
mod replicate;
pub mod search_index;
mod seed;
pub mod sources;
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

pub use derive::Derived;
pub use error::{DatasetError, Problem};
pub use validate::sort_key;
pub use write::{LOAD_FORMAT, LoadOutcome, dump, load, replace};

/// Declares the dataset's files once: each with its path under the data folder. The enum,
/// its list, the paths and the copies built into the binary all come from this one table.
macro_rules! data_files {
    ($($(#[$doc:meta])* $file:ident => $path:literal,)+) => {
        /// A file of the dataset.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum DataFile {
            $($(#[$doc])* $file,)+
        }

        impl DataFile {
            /// Every file, in the order the dataset version hashes them.
            pub const ALL: &[Self] = &[$(Self::$file,)+];

            /// The path under the data folder.
            pub const fn path(self) -> &'static str {
                match self {
                    $(Self::$file => $path,)+
                }
            }

            /// The repository's copy, as it was when the binary was built.
            fn embedded(self) -> &'static str {
                match self {
                    $(Self::$file => include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../data/", $path)),)+
                }
            }
        }
    };
}

data_files! {
    /// The event, sessions, speakers and bodies.
    Programme => "programme.toml",
    /// How complete each reference list is.
    Completeness => "reference/completeness.toml",
    /// The local governments on the programme.
    Participants => "reference/participants.csv",
    /// The EU Cities Mission list.
    Mission => "reference/eu-cities-mission.csv",
    /// The Japan DLA list.
    JapanDla => "reference/japan-decarbonization-leading-areas.csv",
    /// The seats of the Panel 4 companies.
    Organisations => "reference/organisations.csv",
    /// The event's own pages in English and Japanese: URLs, titles, time lines.
    EventPages => "reference/event-pages.csv",
    /// The event page every quote is checked against.
    Seed => "seed/000_2d6dab4a56c5c350.txt",
}

/// How the dataset's files are named in problems and in the `source` table: their path
/// under the folder they were read from.
#[derive(Debug, Clone)]
pub struct FileNames {
    folder: String,
}

impl FileNames {
    /// The name of `file`.
    pub fn of(&self, file: DataFile) -> String {
        format!("{}/{}", self.folder, file.path())
    }
}

/// The text of every dataset file.
#[derive(Debug, Clone)]
pub struct DatasetFiles {
    /// Their names.
    pub names: FileNames,
    texts: Vec<String>,
}

impl DatasetFiles {
    /// The files of the repository's `data/` folder as they were when the binary was built:
    /// what a first start on an empty database loads.
    pub fn embedded() -> Self {
        Self {
            names: FileNames {
                folder: "data".to_owned(),
            },
            texts: DataFile::ALL
                .iter()
                .map(|file| file.embedded().to_owned())
                .collect(),
        }
    }

    /// The files of a data folder on disk (laid out like the repository's `data/`).
    pub fn from_dir(folder: &Path) -> Result<Self, DatasetError> {
        let names = FileNames {
            folder: folder.display().to_string(),
        };
        let texts = DataFile::ALL
            .iter()
            .map(|&file| {
                let name = names.of(file);
                std::fs::read_to_string(&name).map_err(|error| DatasetError::Unreadable {
                    file: name,
                    message: format!("cannot be read: {error}"),
                })
            })
            .collect::<Result<_, _>>()?;
        Ok(Self { names, texts })
    }

    /// The text of `file`.
    fn text(&self, file: DataFile) -> &str {
        DataFile::ALL
            .iter()
            .position(|&f| f == file)
            .and_then(|i| self.texts.get(i))
            .map_or("", String::as_str)
    }

    /// The rows of the CSV file `file`.
    fn rows<T: for<'de> Deserialize<'de>>(&self, file: DataFile) -> Result<Vec<T>, DatasetError> {
        reference::read_rows(&self.names.of(file), self.text(file))
    }

    /// The dataset's version: a SHA-256 over what every file says (see `fingerprint.rs`), so
    /// that a comment or a file's layout does not make a new version.
    pub fn version(&self) -> String {
        fingerprint::version(DataFile::ALL.iter().map(|&file| {
            (
                file.path(),
                fingerprint::Content::of_path(file.path()),
                self.text(file),
            )
        }))
    }

    /// Parses and validates every file: the rows to write, or every problem found.
    pub fn validate(&self) -> Result<Dataset, DatasetError> {
        let names = &self.names;
        let read = |file: DataFile| (names.of(file), self.text(file));
        let (programme_name, programme_text) = read(DataFile::Programme);
        let (completeness_name, completeness_text) = read(DataFile::Completeness);
        let inputs = validate::Inputs {
            names,
            programme: parse_toml(&programme_name, programme_text)?,
            completeness: parse_toml(&completeness_name, completeness_text)?,
            participants: self.rows(DataFile::Participants)?,
            mission_cities: self.rows(DataFile::Mission)?,
            leading_areas: self.rows(DataFile::JapanDla)?,
            organisation_seats: self.rows(DataFile::Organisations)?,
            event_pages: self.rows(DataFile::EventPages)?,
            seed: seed::SeedText::new(self.text(DataFile::Seed)),
        };
        let mut dataset =
            validate::validate(inputs, self.version()).map_err(DatasetError::Invalid)?;
        dataset.derived = derive::derive(&dataset);
        Ok(dataset)
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
    /// The dataset version: a SHA-256 of the files' content.
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
    /// What the load derives from the rest (the city pairings).
    pub derived: Derived,
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
