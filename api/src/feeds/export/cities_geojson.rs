//! `/export/cities.geojson`: participating local governments as Points and pairings as
//! LineStrings, for GIS tools.

use axum::body::Bytes;
use axum::http::{HeaderName, HeaderValue};
use entity::local_government;
use geojson::{Feature, FeatureCollection, Geometry, JsonObject};
use sea_orm::ActiveEnum;
use serde_json::{Value, json};

use super::{GEOJSON_CONTENT_TYPE, cities_by_id, file_name, id, memberships_of, programme_name};
use crate::config::Config;
use crate::dataset::sources::GEONAMES_ATTRIBUTION;
use crate::error::Refusal;
use crate::feeds::document::{Document, NoParams, Source};
use crate::feeds::programme;
use crate::ids::NodeType;
use crate::store::export::ExportData;

/// The GeoJSON export.
pub struct CitiesGeojson;

impl Document for CitiesGeojson {
    const PATH: &'static str = "/export/cities.geojson";
    const MEDIA_TYPE: &'static str = GEOJSON_CONTENT_TYPE;
    type Params = NoParams;

    async fn render(source: &Source<'_>, _: &NoParams) -> Result<Bytes, Refusal> {
        Ok(cities_geojson(&programme::whole(source).await?).into())
    }

    fn headers(_: &Config) -> Vec<(HeaderName, HeaderValue)> {
        file_name(Self::PATH)
    }
}

/// Participating local governments as Points, pairings as LineStrings (Japanese city to EU
/// city), coordinates as (longitude, latitude); the GeoNames attribution in the collection's
/// `properties` (a foreign member, which RFC 7946 allows).
fn cities_geojson(data: &ExportData) -> String {
    let cities = cities_by_id(data);
    let position = |city: &local_government::Model| Some([city.longitude?, city.latitude?]);
    let mut features = Vec::new();
    for city in &data.cities {
        let Some(point) = position(city) else {
            continue;
        };
        let memberships = memberships_of(data, &city.id);
        let properties = json!({
            "kind": "city",
            "name": city.name,
            "name_ja": city.name_ja,
            "city_kind": city.kind.to_value(),
            "country_code": city.country_code,
            "region": city.region.to_value(),
            "programmes": memberships.iter().map(|(p, _)| programme_name(*p)).collect::<Vec<_>>(),
            "dla_round": memberships.iter().find_map(|(_, round)| *round),
            "geonames_id": city.geonames_id,
            "coordinates_note": city.coordinates_note,
        });
        features.push(feature(
            id(NodeType::City, &city.id),
            Geometry::new_point(point),
            properties,
        ));
    }
    for pairing in &data.pairings {
        let (Some(japan), Some(eu)) = (
            cities.get(pairing.japan_city.as_str()),
            cities.get(pairing.eu_city.as_str()),
        ) else {
            continue;
        };
        let (Some(from), Some(to)) = (position(japan), position(eu)) else {
            continue;
        };
        let sessions = pairing.session_ids();
        let properties = json!({
            "kind": "pairing",
            "japan_city_id": id(NodeType::City, &japan.id),
            "japan_city": japan.name,
            "eu_city_id": id(NodeType::City, &eu.id),
            "eu_city": eu.name,
            "session_ids": sessions.iter().map(|s| id(NodeType::Session, s)).collect::<Vec<_>>(),
            "theme_slugs": pairing.theme_ids(),
        });
        features.push(feature(
            id(NodeType::CityPairing, &pairing.id),
            Geometry::new_line_string([from, to]),
            properties,
        ));
    }
    let mut members = JsonObject::new();
    members.insert(
        String::from("properties"),
        json!({
            "title": format!("Local governments and EU–Japan city pairings of the {}", data.schedule.event.name),
            "attribution": GEONAMES_ATTRIBUTION,
            "coordinates": "WGS84 longitude, latitude, from GeoNames; a prefecture or metropolitan authority is placed at its capital or core city (see coordinates_note)",
        }),
    );
    let collection = FeatureCollection {
        bbox: None,
        features,
        foreign_members: Some(members),
    };
    serde_json::to_string_pretty(&collection).unwrap_or_else(|_| String::from("{}"))
}

fn feature(id: String, geometry: Geometry, properties: Value) -> Feature {
    Feature {
        bbox: None,
        geometry: Some(geometry),
        id: Some(geojson::feature::Id::String(id)),
        properties: properties.as_object().cloned(),
        foreign_members: None,
    }
}
