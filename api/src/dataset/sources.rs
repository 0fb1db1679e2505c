//! The sources that facts are traced to (rows of the `source` table).

use crate::dataset::DataFile;
use crate::dataset::reference::EventPageRow;
use entity::source;

use super::FileNames;

/// Attribution that the GeoNames licence (CC BY 4.0) requires wherever coordinates are served:
/// in GraphQL answers and in every export that carries them.
pub const GEONAMES_ATTRIBUTION: &str = "GeoNames, geonames.org (CC BY 4.0)";

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
    /// `organisations.csv`: the seats of the Panel 4 companies, each row with its public source.
    OrganisationSeats,
    /// `event-pages.csv`: the event's own pages in English and Japanese.
    EventPages,
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
            Self::OrganisationSeats => "organisation-seats",
            Self::EventPages => "event-pages",
        }
    }
}

/// Every source, with where it is and its licence terms; the event's pages (`event_pages`,
/// from `event-pages.csv`) give the seed's public address and when it was consulted.
pub fn all(names: &FileNames, event_pages: &[EventPageRow]) -> Vec<source::Model> {
    let row = |id: SourceId, title: &str, location: &str, licence: Option<&str>| source::Model {
        id: id.id().to_owned(),
        title: title.to_owned(),
        location: location.to_owned(),
        licence: licence.map(str::to_owned),
        url: location
            .starts_with("https://")
            .then(|| location.to_owned()),
        retrieved: None,
    };
    let english = event_pages.iter().find(|page| page.lang == "en");
    let page = |mut source: source::Model| {
        if let Some(page) = english {
            source.url = Some(page.url.clone());
            source.retrieved = Some(format!(
                "the page was consulted on {} ({}); the date of the copy transcribed is not recorded",
                page.consulted,
                names.of(DataFile::EventPages)
            ));
        }
        source
    };
    vec![
        page(row(
            SourceId::Seed,
            "EU-Japan 100 Cities Event on Climate Action: the public event page (text)",
            &names.of(DataFile::Seed),
            Some(
                "no licence stated on the page (https://www.iges.or.jp/en/events/20230126); its facts are cited with their line",
            ),
        )),
        row(
            SourceId::Editorial,
            "Editorial decisions of this dataset, each with its reason",
            &names.of(DataFile::Programme),
            Some("CC BY 4.0, as the whole dataset"),
        ),
        row(
            SourceId::Participants,
            "Local governments on the programme: programme membership, Japanese names, coordinates",
            &names.of(DataFile::Participants),
            Some("coordinates from GeoNames, CC BY 4.0 (attribution: GeoNames, geonames.org)"),
        ),
        row(
            SourceId::EuCitiesMission,
            "EU Cities Mission cities (Open-Earth-Foundation/Quartz_project NZC.json, commit 3ea28a5d5d10d3f2e2099da3ecf488c5063e9965)",
            &names.of(DataFile::Mission),
            Some(
                "no licence stated at the source; the names are the public list of the European Commission / NetZeroCities; coordinates from GeoNames, CC BY 4.0",
            ),
        ),
        row(
            SourceId::JapanDla,
            "Japan Decarbonization Leading Areas, transcribed from the news and agency pages named per row",
            &names.of(DataFile::JapanDla),
            Some("no licence stated; each row cites the page it is transcribed from (source_url)"),
        ),
        row(
            SourceId::OrganisationSeats,
            "Seats and countries of the companies on the programme, each row citing a named public source (company filings, a newspaper)",
            &names.of(DataFile::Organisations),
            Some("no licence stated; each row cites a public filing or report with its address"),
        ),
        page(row(
            SourceId::EventPages,
            "The event's own pages in English and Japanese (IGES): their URLs, titles and time lines as printed",
            &names.of(DataFile::EventPages),
            Some(
                "no licence stated on the pages; titles and dates are facts cited with their URLs",
            ),
        )),
        row(
            SourceId::GeoNames,
            "GeoNames geographical database",
            "https://www.geonames.org/",
            Some("CC BY 4.0; attribution required: GeoNames, geonames.org"),
        ),
    ]
}
