//! What the `<cities-programme>` element (defined by `/embed.js`) reads from the service: the
//! widget as an HTML fragment (`/embed/fragment`, the same markup `/embed` renders, for the
//! element's shadow root) and the widget's style sheet (`/embed.css`, the same sheet `/embed`
//! inlines). One renderer and one style for the frame and the element.

use axum::body::Bytes;
use axum::http::{HeaderMap, HeaderName, HeaderValue, header};

use super::document::{Document, NoParams, Source};
use super::embed::{self, View};
use super::programme;
use crate::config::Config;
use crate::error::Refusal;

/// `/embed/fragment[?tz=&day=&theme=&scheme=&lang=]`: the widget without its page.
pub struct EmbedFragment;

impl Document for EmbedFragment {
    const PATH: &'static str = "/embed/fragment";
    const MEDIA_TYPE: &'static str = embed::CONTENT_TYPE;
    type Params = View;
    const VARY: &'static str = "accept-encoding, accept-language";

    async fn render(source: &Source<'_>, view: &View) -> Result<Bytes, Refusal> {
        let (schedule, _) = programme::read(source, &view.selection())?;
        Ok(embed::fragment(&schedule, view, &source.publication).into())
    }

    /// Read by script from other origins; opened on its own, nothing in it may run or load.
    fn headers(_: &Config) -> Vec<(HeaderName, HeaderValue)> {
        vec![
            (
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static(
                    "default-src 'none'; base-uri 'none'; frame-ancestors 'none'",
                ),
            ),
            (
                HeaderName::from_static("cross-origin-resource-policy"),
                HeaderValue::from_static("cross-origin"),
            ),
        ]
    }

    /// A refused selection is the visitor's refusal, as a fragment the element shows.
    fn refusal_page(refusal: &Refusal, query: Option<&str>, headers: &HeaderMap) -> Option<String> {
        Some(super::embed_refusal::fragment(refusal, query, headers))
    }
}

/// `/embed.css`: the widget's style sheet, which the element's shadow root links (a partner's
/// `style-src` names the API's origin for it; no inline style is needed).
pub struct EmbedStyle;

impl Document for EmbedStyle {
    const PATH: &'static str = "/embed.css";
    const MEDIA_TYPE: &'static str = "text/css; charset=utf-8";
    type Params = NoParams;

    async fn render(_: &Source<'_>, _: &NoParams) -> Result<Bytes, Refusal> {
        Ok(Bytes::from_static(embed::style().as_bytes()))
    }

    fn headers(_: &Config) -> Vec<(HeaderName, HeaderValue)> {
        vec![(
            HeaderName::from_static("cross-origin-resource-policy"),
            HeaderValue::from_static("cross-origin"),
        )]
    }
}
