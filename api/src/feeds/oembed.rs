//! `/oembed`: the widget as an oEmbed `rich` type (oEmbed 1.0), so that an editor who pastes a
//! widget URL into WordPress (or any consumer) gets the programme, not a plain link. `/embed`
//! names this endpoint in a discovery link.
//!
//! The `html` is an iframe of `/embed` for the pasted URL's parameters: WordPress keeps only
//! `a`, `blockquote` and `iframe` from a provider it does not know, and sandboxes the iframe
//! (`sandbox="allow-scripts"`), which the widget works in (its filters navigate the frame
//! itself; it posts WordPress's height message as well as its own). Only a URL of the widget
//! under `PUBLIC_URL` is embedded: any other is 404, as the specification says; `format=xml`
//! is 501.

use axum::body::Bytes;
use axum::http::HeaderMap;
use maud::html;
use serde::Deserialize;
use serde_json::json;

use super::document::{Document, Params, Source};
use super::embed::View;
use super::params::{self, Query};
use super::programme;
use crate::error::{ErrorCode, Refusal, quoted};

/// The frame's width where the consumer sets no `maxwidth`, in CSS pixels.
const WIDTH: u32 = 800;

/// The frame's height where the consumer sets no `maxheight`: the widget sizes itself after.
const HEIGHT: u32 = 900;

/// How long a consumer may keep the answer, in seconds (the programme changes rarely; the
/// frame always shows the current one).
const CACHE_AGE: u32 = 86_400;

/// `/oembed?url=…[&format=json][&maxwidth=][&maxheight=]`.
pub struct OEmbed;

impl Document for OEmbed {
    const PATH: &'static str = "/oembed";
    const MEDIA_TYPE: &'static str = "application/json; charset=utf-8";
    type Params = Request;

    async fn render(source: &Source<'_>, request: &Request) -> Result<Bytes, Refusal> {
        let public_url = source.publication.public_url;
        let view = widget_view(&request.url, public_url)?;
        // The selection must name something, as the widget would show it.
        let (schedule, _) = programme::read(source, &view.selection())
            .map_err(|_| Refusal::not_found("the URL's selection names nothing to embed"))?;
        let lang = view.language();
        let words = lang.labels();
        let name = lang.event_name(&schedule.event);
        let title = format!("{} · {name}", words.programme);
        let width = request.maxwidth.map_or(WIDTH, |max| max.min(WIDTH));
        let height = request.maxheight.map_or(HEIGHT, |max| max.min(HEIGHT));
        let src = embed_src(&request.url);
        let markup = html! {
            iframe src=(src) width=(width) height=(height) title=(title)
                style="border:0;max-width:100%" loading="lazy" {}
        };
        let answer = json!({
            "type": "rich",
            "version": "1.0",
            "title": title,
            "provider_name": words.api_name,
            "provider_url": format!("{public_url}/"),
            "cache_age": CACHE_AGE,
            "width": width,
            "height": height,
            "html": markup.into_string(),
        });
        Ok(serde_json::to_vec(&answer).unwrap_or_default().into())
    }
}

/// The widget URL's parameters, read by the widget's own rules; 404 for any URL that is not the
/// widget under `public_url`.
fn widget_view(url: &str, public_url: &str) -> Result<View, Refusal> {
    let outside = || {
        Refusal::not_found(format!(
            "{} is not a URL of this service's widget ({public_url}/embed)",
            quoted(url)
        ))
    };
    let rest = url.strip_prefix(public_url).ok_or_else(outside)?;
    let rest = rest.split('#').next().unwrap_or_default();
    let query = match rest.split_once('?') {
        Some(("/embed", query)) => Some(query),
        None if rest == "/embed" => None,
        _ => return Err(outside()),
    };
    let parsed = Query::parse(query, <View as Params>::NAMES).map_err(|_| outside())?;
    <View as Params>::read(None, parsed, &HeaderMap::new()).map_err(|_| outside())
}

/// The frame's address: the pasted URL, without a fragment.
fn embed_src(url: &str) -> &str {
    url.split('#').next().unwrap_or(url)
}

/// The parameters of an oEmbed request.
#[derive(Debug, Clone)]
pub struct Request {
    url: String,
    maxwidth: Option<u32>,
    maxheight: Option<u32>,
}

/// As read from the query, before the checks.
#[derive(Deserialize)]
struct Raw {
    #[serde(default, deserialize_with = "params::text")]
    url: Option<String>,
    #[serde(default, deserialize_with = "params::text")]
    format: Option<String>,
    #[serde(default, deserialize_with = "params::text")]
    maxwidth: Option<String>,
    #[serde(default, deserialize_with = "params::text")]
    maxheight: Option<String>,
}

impl Params for Request {
    const NAMES: &'static [&'static str] = &["url", "format", "maxwidth", "maxheight"];

    fn read(_id: Option<&str>, query: Query, _: &HeaderMap) -> Result<Self, Refusal> {
        let raw: Raw = query.typed()?;
        match raw.format.as_deref() {
            None | Some("json") => {}
            Some("xml") => {
                return Err(Refusal::new(
                    ErrorCode::NotImplemented,
                    "format xml is not given: this provider answers format=json",
                ));
            }
            Some(other) => {
                return Err(Refusal::bad_input(format!(
                    "format {} is not an oEmbed format (json)",
                    quoted(other)
                )));
            }
        }
        let url = raw
            .url
            .ok_or_else(|| Refusal::bad_input("url is missing: the widget URL to embed"))?;
        Ok(Self {
            url,
            maxwidth: dimension("maxwidth", raw.maxwidth)?,
            maxheight: dimension("maxheight", raw.maxheight)?,
        })
    }
}

/// `maxwidth` or `maxheight`: a positive whole number of pixels.
fn dimension(name: &str, value: Option<String>) -> Result<Option<u32>, Refusal> {
    value
        .map(|text| {
            text.parse::<u32>()
                .ok()
                .filter(|pixels| *pixels > 0)
                .ok_or_else(|| {
                    Refusal::bad_input(format!(
                        "{name} {} is not a positive whole number of pixels",
                        quoted(&text)
                    ))
                })
        })
        .transpose()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_widget_under_the_public_url_is_embedded() {
        let base = "https://programme.example.org";
        assert!(widget_view("https://programme.example.org/embed", base).is_ok());
        let view = widget_view(
            "https://programme.example.org/embed?lang=ja&day=2023-01-26#day2-panel-3",
            base,
        );
        assert!(view.is_ok_and(|v| v.day.is_some()));
        for outside in [
            "https://other.example/embed",
            "https://programme.example.org.evil.example/embed",
            "https://programme.example.org/graphql",
            "https://programme.example.org/embed.js",
            "https://programme.example.org/embed?tz=Mars",
            "https://programme.example.org/embed?nope=1",
        ] {
            assert_eq!(
                widget_view(outside, base).map(|_| ()).map_err(|r| r.code),
                Err(ErrorCode::NotFound),
                "{outside}"
            );
        }
    }
}
