//! `/export/mission-cities.csv`: the EU Cities Mission list as this dataset knows it (111 of
//! the 112 cities: see `referenceLists`), in list order, with GeoNames coordinates and their
//! attribution, and the local government of the event where the city took part.

use entity::Programme;
use serde::Serialize;

use super::{CsvExport, display, id, list_participant};
use crate::dataset::sources::GEONAMES_ATTRIBUTION;
use crate::ids::NodeType;
use crate::store::export::ExportData;

/// The Mission cities export.
pub struct MissionCitiesCsv;

impl CsvExport for MissionCitiesCsv {
    const READS_LISTS: bool = true;
    const PATH: &'static str = "/export/mission-cities.csv";
    type Row = Row;

    fn rows(data: &ExportData) -> Vec<Row> {
        data.lists
            .mission_cities
            .iter()
            .map(|city| {
                let participant = list_participant(data, Programme::EuCitiesMission, city.row);
                let located = city.latitude.is_some() && city.longitude.is_some();
                Row {
                    id: id(
                        NodeType::MissionCity,
                        &format!("{}/{}", city.country_code, city.name),
                    ),
                    row: city.row,
                    name: city.name.clone(),
                    country_code: city.country_code.clone(),
                    country: city.country_name.clone(),
                    latitude: city.latitude,
                    longitude: city.longitude,
                    geonames_id: city.geonames_id,
                    geonames_name: city.geonames_name.clone(),
                    geonames_match: city.geonames_match.clone(),
                    population: city.population,
                    coordinates_attribution: located.then(|| GEONAMES_ATTRIBUTION.to_owned()),
                    took_part: participant.is_some(),
                    city_id: participant.map(|city| id(NodeType::City, city)),
                }
            })
            .collect()
    }
}

/// One city of the list.
#[derive(Debug, Default, Serialize)]
pub struct Row {
    id: String,
    row: i32,
    name: String,
    country_code: String,
    country: String,
    #[serde(serialize_with = "display")]
    latitude: Option<f64>,
    #[serde(serialize_with = "display")]
    longitude: Option<f64>,
    geonames_id: Option<i64>,
    geonames_name: Option<String>,
    geonames_match: Option<String>,
    population: Option<i64>,
    coordinates_attribution: Option<String>,
    took_part: bool,
    city_id: Option<String>,
}
