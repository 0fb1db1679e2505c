//! Every document the service publishes, in the order the README's endpoint table lists them.
//! Adding a document: its own file (a type that implements [`Document`]), one line here, and
//! its test; the router, the caching, the tests' list of documents and the README's table
//! follow from this list (the README is checked against [`listings`] by a test).

use super::document::{Listing, Visit};
use super::embed::Embed;
use super::embed_element::{EmbedFragment, EmbedStyle};
use super::embed_loader::EmbedLoader;
use super::export::{
    AppearancesCsv, CitiesCsv, CitiesGeojson, DataPackage, DatasetArchive, Geojson,
    LeadingAreasCsv, MissionCitiesCsv, OrganisationsCsv, PairingsCsv, PairingsGeojson,
    ProvenanceCsv, SessionsCsv, SpeakersCsv,
};
use super::figure::PairingsFigure;
use super::frab::json::ScheduleJson;
use super::frab::xml::ScheduleXml;
use super::ical::{ScheduleCalendar, SessionCalendar, SpeakerCalendar};
use super::jsonld::ScheduleJsonLd;
use super::oembed::OEmbed;

#[cfg(doc)]
use super::document::Document;

/// Calls `visitor` once per document.
pub fn each(visitor: &mut impl Visit) {
    visitor.document::<ScheduleCalendar>();
    visitor.document::<SessionCalendar>();
    visitor.document::<SpeakerCalendar>();
    visitor.document::<ScheduleXml>();
    visitor.document::<ScheduleJson>();
    visitor.document::<ScheduleJsonLd>();
    visitor.document::<Embed>();
    visitor.document::<EmbedLoader>();
    visitor.document::<EmbedFragment>();
    visitor.document::<EmbedStyle>();
    visitor.document::<OEmbed>();
    visitor.document::<SessionsCsv>();
    visitor.document::<SpeakersCsv>();
    visitor.document::<CitiesCsv>();
    visitor.document::<PairingsCsv>();
    visitor.document::<AppearancesCsv>();
    visitor.document::<OrganisationsCsv>();
    visitor.document::<MissionCitiesCsv>();
    visitor.document::<LeadingAreasCsv>();
    visitor.document::<ProvenanceCsv>();
    visitor.document::<Geojson<CitiesGeojson>>();
    visitor.document::<Geojson<PairingsGeojson>>();
    visitor.document::<DataPackage>();
    visitor.document::<DatasetArchive>();
    visitor.document::<PairingsFigure>();
}

/// Every document's path, media type and parameters.
pub fn listings() -> Vec<Listing> {
    struct Collect(Vec<Listing>);
    impl Visit for Collect {
        fn document<D: super::document::Document>(&mut self) {
            self.0.push(Listing::of::<D>());
        }
    }
    let mut collect = Collect(Vec::new());
    each(&mut collect);
    collect.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_unique_and_media_types_named() {
        let listings = listings();
        for (index, listing) in listings.iter().enumerate() {
            assert!(listing.path.starts_with('/'), "{listing:?}");
            assert!(!listing.media_type.is_empty(), "{listing:?}");
            assert!(
                listings[..index].iter().all(|l| l.path != listing.path),
                "{} is listed twice",
                listing.path
            );
        }
    }
}
