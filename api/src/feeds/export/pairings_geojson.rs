//! `/export/pairings.geojson`: the EU–Japan pairings as LineStrings, from the Japanese local
//! government to the EU one, with the sessions (ids and titles) they were paired in. A pairing
//! is two local governments, one EU and one Japanese, whose speakers shared a session: not a
//! partnership of theirs.

use geojson::{Feature, Geometry};
use serde_json::json;

use super::cities_geojson::position;
use super::geojson::{GeojsonExport, feature};
use super::{cities_by_id, id, joined, session_titles};
use crate::dataset::sources::GEONAMES_ATTRIBUTION;
use crate::ids::NodeType;
use crate::store::export::ExportData;

/// The pairings as lines.
pub struct PairingsGeojson;

impl GeojsonExport for PairingsGeojson {
    const PATH: &'static str = "/export/pairings.geojson";

    fn title(data: &ExportData) -> String {
        format!(
            "EU–Japan pairs of local governments whose speakers shared a session of the {}",
            data.schedule.event.name
        )
    }

    fn features(data: &ExportData) -> Vec<Feature> {
        let cities = cities_by_id(data);
        let titles = session_titles(data);
        data.pairings
            .iter()
            .filter_map(|pairing| {
                let japan = cities.get(pairing.japan_city.as_str())?;
                let eu = cities.get(pairing.eu_city.as_str())?;
                let (from, to) = (position(japan)?, position(eu)?);
                let sessions = pairing.session_ids();
                let properties = json!({
                    "jp_city_id": id(NodeType::City, &japan.id),
                    "jp_city": japan.name,
                    "eu_city_id": id(NodeType::City, &eu.id),
                    "eu_city": eu.name,
                    "session_ids": joined(sessions.iter().map(|s| id(NodeType::Session, s))),
                    "session_titles": joined(sessions.iter().filter_map(|s| titles.get(s.as_str()))),
                    "theme_slugs": joined(pairing.theme_ids()),
                    "attribution": GEONAMES_ATTRIBUTION,
                });
                Some(feature(
                    id(NodeType::CityPairing, &pairing.id),
                    Geometry::new_line_string(vec![from, to]),
                    properties,
                ))
            })
            .collect()
    }
}
