//! `/export/datapackage.json`: the Frictionless data package descriptor of the exports (every
//! CSV with its schema, types, keys and foreign keys; the GeoJSON files; the dataset's licence
//! and the sources' terms), kept in the repository beside this file as `descriptor.json` (not
//! in `data/`, where its relative paths would name files that are not there). Its resources'
//! paths are relative, so they resolve to the exports beside it, under `/export/` and inside
//! `/export/dataset.zip`. It is served with `version` set
//! to the version of the data loaded (which a test keeps equal to the repository's copy for the
//! built-in dataset) and `created` to when that version was loaded.

use axum::body::Bytes;
use axum::http::{HeaderName, HeaderValue};
use chrono::SecondsFormat;
use serde_json::Value;

use super::file_name;
use crate::config::Config;
use crate::error::Refusal;
use crate::feeds::document::{Document, NoParams, Source};

/// The descriptor as the repository keeps it.
pub const DESCRIPTOR: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/src/feeds/export/descriptor.json"
));

/// The data package descriptor.
pub struct DataPackage;

impl Document for DataPackage {
    const PATH: &'static str = "/export/datapackage.json";
    const MEDIA_TYPE: &'static str = "application/json";
    type Params = NoParams;

    async fn render(source: &Source<'_>, _: &NoParams) -> Result<Bytes, Refusal> {
        let mut descriptor: Value = serde_json::from_str(DESCRIPTOR).map_err(|error| {
            Refusal::from(crate::error::ApiError::Internal {
                cause: format!("the data package descriptor is not JSON: {error}").into(),
            })
        })?;
        if let Some(object) = descriptor.as_object_mut() {
            let publication = &source.publication;
            object.insert("version".into(), publication.version.into());
            object.insert(
                "created".into(),
                publication
                    .revised_at
                    .to_rfc3339_opts(SecondsFormat::Secs, true)
                    .into(),
            );
        }
        Ok(serde_json::to_vec_pretty(&descriptor)
            .unwrap_or_default()
            .into())
    }

    fn headers(_: &Config) -> Vec<(HeaderName, HeaderValue)> {
        file_name(Self::PATH)
    }
}
