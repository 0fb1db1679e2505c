//! `/export/cities.geojson`: the local governments on the programme as Points.

use entity::local_government;
use geojson::{Feature, Geometry};
use sea_orm::ActiveEnum;
use serde_json::json;

use super::geojson::{GeojsonExport, feature};
use super::{id, joined, memberships_of, programme_name};
use crate::dataset::sources::GEONAMES_ATTRIBUTION;
use crate::ids::NodeType;
use crate::store::export::ExportData;

/// The local governments as points.
pub struct CitiesGeojson;

/// A local government's position, (longitude, latitude), where GeoNames gave one.
pub(super) fn position(city: &local_government::Model) -> Option<[f64; 2]> {
    Some([city.longitude?, city.latitude?])
}

impl GeojsonExport for CitiesGeojson {
    const PATH: &'static str = "/export/cities.geojson";

    fn title(data: &ExportData) -> String {
        format!(
            "Local governments on the programme of the {}",
            data.schedule.event.name
        )
    }

    fn features(data: &ExportData) -> Vec<Feature> {
        data.cities
            .iter()
            .filter_map(|city| {
                let point = position(city)?;
                let memberships = memberships_of(data, &city.id);
                let properties = json!({
                    "name": city.name,
                    "name_ja": city.name_ja,
                    "city_kind": city.kind.to_value(),
                    "country_code": city.country_code,
                    "region": city.region.to_value(),
                    "programmes": joined(memberships.iter().map(|(p, _)| programme_name(*p))),
                    "dla_round": memberships.iter().find_map(|(_, round)| *round),
                    "geonames_id": city.geonames_id,
                    "coordinates_note": city.coordinates_note,
                    "attribution": GEONAMES_ATTRIBUTION,
                });
                Some(feature(
                    id(NodeType::City, &city.id),
                    Geometry::new_point(point),
                    properties,
                ))
            })
            .collect()
    }
}
