//! `/embed.js`: the script partners include to embed the widget in a frame that follows the
//! height of its content (the plain `<iframe>` snippet works without it). The file is static,
//! so its Subresource Integrity hash ([`integrity`]) and its version ([`version`], the `v`
//! parameter of its URL) change only when the script does; a `v` of another version is 404.

use axum::http::HeaderMap;
use std::sync::LazyLock;

use axum::body::Bytes;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde::Deserialize;
use sha2::{Digest, Sha256, Sha384};

use super::document::{Document, Params, Source};
use super::params::{self, Query};
use crate::error::{Refusal, quoted};

/// The script.
const SCRIPT: &str = include_str!("../../assets/embed/loader.js");

/// `/embed.js[?v=<version>]`.
pub struct EmbedLoader;

impl Document for EmbedLoader {
    const PATH: &'static str = "/embed.js";
    const MEDIA_TYPE: &'static str = "text/javascript; charset=utf-8";
    type Params = Version;

    async fn render(_: &Source<'_>, requested: &Version) -> Result<Bytes, Refusal> {
        match &requested.v {
            Some(v) if v != version() => Err(Refusal::not_found(format!(
                "embed.js version {} is not served; the current one is /embed.js?v={}",
                quoted(v),
                version()
            ))),
            _ => Ok(Bytes::from_static(SCRIPT.as_bytes())),
        }
    }
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
    static VERSION: LazyLock<String> = LazyLock::new(|| {
        Sha256::digest(SCRIPT.as_bytes())
            .iter()
            .take(6)
            .map(|byte| format!("{byte:02x}"))
            .collect()
    });
    &VERSION
}

/// The script's `integrity` attribute: `sha384-<base64>`.
pub fn integrity() -> String {
    format!(
        "sha384-{}",
        STANDARD.encode(Sha384::digest(SCRIPT.as_bytes()))
    )
}
