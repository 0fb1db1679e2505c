//! The GeoJSON exports (RFC 7946, `application/geo+json`): one geometry type per file, so
//! that GIS tools (a Shapefile, a geopandas frame) read every feature with the same columns.
//! Coordinates are WGS84 (longitude, latitude) from GeoNames, whose attribution the
//! collection's `properties` carry (a foreign member, which RFC 7946 allows) and every
//! feature's `attribution` too, so that it survives a conversion that keeps features only; a
//! property that holds several values joins them with [`SEPARATOR`](super::SEPARATOR), as the
//! CSVs do. Property names differ in their first 10 characters, so a Shapefile (whose field
//! names are cut to 10) keeps each one apart.

use axum::body::Bytes;
use axum::http::{HeaderName, HeaderValue};
use geojson::{Feature, FeatureCollection, Geometry, JsonObject};
use serde_json::{Value, json};

use super::{GEOJSON_CONTENT_TYPE, file_name};
use crate::config::Config;
use crate::dataset::sources::GEONAMES_ATTRIBUTION;
use crate::error::Refusal;
use crate::feeds::document::{Document, NoParams, Source};
use crate::feeds::programme;
use crate::store::export::ExportData;

/// A GeoJSON export: its path, its title and its features, read from the whole dataset.
pub trait GeojsonExport: 'static {
    /// The path, `/export/<file>.geojson`.
    const PATH: &'static str;
    /// What the collection holds, for its `properties.title`.
    fn title(data: &ExportData) -> String;
    /// The features, in the export's order.
    fn features(data: &ExportData) -> Vec<Feature>;
}

impl<T: GeojsonExport> Document for Geojson<T> {
    const PATH: &'static str = T::PATH;
    const MEDIA_TYPE: &'static str = GEOJSON_CONTENT_TYPE;
    type Params = NoParams;

    async fn render(source: &Source<'_>, _: &NoParams) -> Result<Bytes, Refusal> {
        let data = programme::whole(source, false).await?;
        let mut members = JsonObject::new();
        members.insert(
            String::from("properties"),
            json!({
                "title": T::title(&data),
                "attribution": GEONAMES_ATTRIBUTION,
                "coordinates": "WGS84 longitude, latitude, from GeoNames; a prefecture or metropolitan authority is placed at its capital or core city (see coordinates_note)",
            }),
        );
        let collection = FeatureCollection {
            bbox: None,
            features: T::features(&data),
            foreign_members: Some(members),
        };
        Ok(serde_json::to_string_pretty(&collection)
            .unwrap_or_else(|_| String::from("{}"))
            .into())
    }

    fn headers(_: &Config) -> Vec<(HeaderName, HeaderValue)> {
        file_name(T::PATH)
    }
}

/// The document of a [`GeojsonExport`].
pub struct Geojson<T>(std::marker::PhantomData<T>);

/// A feature with its id.
pub fn feature(id: String, geometry: Geometry, properties: Value) -> Feature {
    Feature {
        bbox: None,
        geometry: Some(geometry),
        id: Some(geojson::feature::Id::String(id)),
        properties: properties.as_object().cloned(),
        foreign_members: None,
    }
}
