//! The sources that facts are traced to (rows of the `source` table).

use entity::source;

use super::FileNames;

/// A source document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceId {
    /// The event page.
    Seed,
    /// Editorial decisions recorded in the programme file itself (with a note each).
    Editorial,
    /// `participants.csv`.
    Participants,
    /// `eu-cities-mission.csv`.
    EuCitiesMission,
    /// `japan-decarbonization-leading-areas.csv`.
    JapanDla,
    /// GeoNames, for coordinates.
    GeoNames,
}

impl SourceId {
    /// The key of the source's row.
    pub fn id(self) -> &'static str {
        match self {
            Self::Seed => "seed",
            Self::Editorial => "editorial",
            Self::Participants => "participants",
            Self::EuCitiesMission => "eu-cities-mission",
            Self::JapanDla => "japan-dla",
            Self::GeoNames => "geonames",
        }
    }
}

/// Every source, with where it is and its licence terms.
pub fn all(names: &FileNames) -> Vec<source::Model> {
    let row = |id: SourceId, title: &str, location: &str, licence: Option<&str>| source::Model {
        id: id.id().to_owned(),
        title: title.to_owned(),
        location: location.to_owned(),
        licence: licence.map(str::to_owned),
    };
    vec![
        row(
            SourceId::Seed,
            "EU-Japan 100 Cities Event on Climate Action: the public event page (text)",
            &names.seed,
            None,
        ),
        row(
            SourceId::Editorial,
            "Editorial decisions of this dataset, each with its reason",
            &names.programme,
            None,
        ),
        row(
            SourceId::Participants,
            "Local governments on the programme: programme membership, Japanese names, coordinates",
            &names.participants,
            Some("coordinates from GeoNames, CC BY 4.0 (attribution: GeoNames, geonames.org)"),
        ),
        row(
            SourceId::EuCitiesMission,
            "EU Cities Mission cities (Open-Earth-Foundation/Quartz_project NZC.json, commit 3ea28a5d5d10d3f2e2099da3ecf488c5063e9965)",
            &names.mission,
            Some(
                "no licence stated at the source; the names are the public list of the European Commission / NetZeroCities; coordinates from GeoNames, CC BY 4.0",
            ),
        ),
        row(
            SourceId::JapanDla,
            "Japan Decarbonization Leading Areas, transcribed from the news and agency pages named per row",
            &names.japan_dla,
            None,
        ),
        row(
            SourceId::GeoNames,
            "GeoNames geographical database",
            "https://www.geonames.org/",
            Some("CC BY 4.0; attribution required: GeoNames, geonames.org"),
        ),
    ]
}
