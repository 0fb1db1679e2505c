//! `GET /figures/pairings.svg`: the EU–Japan city pairings as a picture for a slide. Japanese
//! local governments on the left (English and Japanese names), EU ones on the right, a line
//! per pairing coloured by the theme of the session that made it (grey and dashed where the
//! session had no theme), a legend, a title and the source line; 800 px wide. Drawn with the
//! `svg` crate (text escaped by it), in two steps: [`layout`] places, [`drawing`] draws.

mod drawing;
mod layout;

use axum::body::Bytes;

use super::document::{Document, NoParams, Source};
use super::{Publication, programme};
use crate::error::Refusal;
use crate::store::export::ExportData;

/// The media type of the figure.
pub const CONTENT_TYPE: &str = "image/svg+xml; charset=utf-8";

const WIDTH: i32 = 800;
const FONT: &str =
    "'Noto Sans', 'Noto Sans CJK JP', 'Hiragino Sans', 'Yu Gothic', Arial, sans-serif";
const INK: &str = "#1b1f24";
const MUTED: &str = "#57606a";
/// Okabe–Ito colours (distinguishable with the common colour-vision deficiencies), by theme
/// position in the programme.
const THEME_COLOURS: [&str; 6] = [
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00",
];
/// The line of a pairing made in a session without a theme.
const NO_THEME: &str = "#8C8C8C";
const LEFT_NODE: i32 = 300;
const RIGHT_NODE: i32 = 500;
const TOP: i32 = 150;
const ROW: i32 = 38;

/// `/figures/pairings.svg`.
pub struct PairingsFigure;

impl Document for PairingsFigure {
    const PATH: &'static str = "/figures/pairings.svg";
    const MEDIA_TYPE: &'static str = CONTENT_TYPE;
    type Params = NoParams;

    async fn render(source: &Source<'_>, _: &NoParams) -> Result<Bytes, Refusal> {
        Ok(pairings_svg(&programme::whole(source, false).await?, &source.publication).into())
    }
}

/// The figure of the pairings in `data`, its source line naming `publication`'s version.
pub fn pairings_svg(data: &ExportData, publication: &Publication<'_>) -> String {
    drawing::draw(&layout::layout(data, publication))
}
