//! `/embed.js`: the script partners include to embed the widget in a frame that follows the
//! height of its content (the plain `<iframe>` snippet works without it). The file is static,
//! so its Subresource Integrity hash ([`integrity`]) and its version ([`version`], the `v`
//! parameter of its URL) change only when the script does.
//!
//! A pasted snippet never breaks: every script ever released is kept in the binary
//! ([`RELEASES`], from `assets/embed/releases/<version>.js`), and a `v` that names one answers
//! that release's own bytes, so that its SRI hash still matches (it keeps working, and gets no
//! fix). A `v` never released answers the current script, counted in
//! `embed_script_unknown_versions_total` (a partner's typo, or a version from another
//! deployment); never 404.

use axum::http::HeaderMap;
use std::sync::LazyLock;

use axum::body::Bytes;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde::Deserialize;
use sha2::{Digest, Sha256, Sha384};

use super::document::{Document, Params, Source};
use super::params::{self, Query};
use crate::error::Refusal;
use crate::metrics::Metrics;

/// The script.
const SCRIPT: &str = include_str!("../../assets/embed/loader.js");

/// Every released script, by version (the first 12 hex digits of its SHA-256), oldest first;
/// the current one is among them (a test checks that each name is its content's hash and that
/// the current script is released).
pub const RELEASES: &[(&str, &str)] = &[
    (
        "f9111eb26440",
        include_str!("../../assets/embed/releases/f9111eb26440.js"),
    ),
    (
        "a894dd0662db",
        include_str!("../../assets/embed/releases/a894dd0662db.js"),
    ),
    (
        "7efca53535d0",
        include_str!("../../assets/embed/releases/7efca53535d0.js"),
    ),
    (
        "c6762fb04518",
        include_str!("../../assets/embed/releases/c6762fb04518.js"),
    ),
];

/// `/embed.js[?v=<version>]`.
pub struct EmbedLoader;

impl Document for EmbedLoader {
    const PATH: &'static str = "/embed.js";
    const MEDIA_TYPE: &'static str = "text/javascript; charset=utf-8";
    type Params = Version;

    async fn render(_: &Source<'_>, requested: &Version) -> Result<Bytes, Refusal> {
        Ok(Bytes::from_static(
            script_for(requested.v.as_deref()).as_bytes(),
        ))
    }

    fn record(requested: &Version, metrics: &Metrics) {
        if let Some(v) = &requested.v
            && release(v).is_none()
        {
            metrics.embed_script_unknown_version();
        }
    }
}

/// The bytes that `v` names: its release, else the current script.
fn script_for(v: Option<&str>) -> &'static str {
    v.and_then(release).unwrap_or(SCRIPT)
}

/// The released script of version `v`.
fn release(v: &str) -> Option<&'static str> {
    RELEASES
        .iter()
        .find(|(version, _)| *version == v)
        .map(|(_, script)| *script)
}

/// The `v` parameter: the version a partner's URL pins.
#[derive(Debug, Deserialize)]
pub struct Version {
    #[serde(default, deserialize_with = "params::text")]
    v: Option<String>,
}

impl Params for Version {
    const NAMES: &'static [&'static str] = &["v"];

    fn read(_id: Option<&str>, query: Query, _: &HeaderMap) -> Result<Self, Refusal> {
        query.typed()
    }
}

/// The script's version: the first 12 hex digits of its SHA-256.
pub fn version() -> &'static str {
    static VERSION: LazyLock<String> = LazyLock::new(|| version_of(SCRIPT));
    &VERSION
}

/// The version of `script`: the first 12 hex digits of its SHA-256.
pub fn version_of(script: &str) -> String {
    Sha256::digest(script.as_bytes())
        .iter()
        .take(6)
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// The script's `integrity` attribute: `sha384-<base64>`.
pub fn integrity() -> String {
    integrity_of(SCRIPT)
}

/// The `integrity` attribute of `script`.
pub fn integrity_of(script: &str) -> String {
    format!(
        "sha384-{}",
        STANDARD.encode(Sha384::digest(script.as_bytes()))
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_release_is_named_by_its_hash_and_the_current_script_is_released() {
        for (name, script) in RELEASES {
            assert_eq!(*name, version_of(script), "releases/{name}.js");
        }
        assert_eq!(
            release(version()),
            Some(SCRIPT),
            "copy assets/embed/loader.js to assets/embed/releases/{}.js and list it in RELEASES",
            version()
        );
        // The scripts partners were given before releases were kept.
        for earlier in ["f9111eb26440", "a894dd0662db"] {
            assert!(release(earlier).is_some(), "{earlier}");
        }
    }

    #[test]
    fn a_version_names_its_own_bytes_and_an_unknown_one_the_current_script() {
        assert_eq!(script_for(Some("f9111eb26440")), RELEASES[0].1);
        assert_ne!(script_for(Some("f9111eb26440")), SCRIPT);
        assert_eq!(script_for(Some("000000000000")), SCRIPT);
        assert_eq!(script_for(None), SCRIPT);
    }
}
