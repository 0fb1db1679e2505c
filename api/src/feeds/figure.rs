//! `GET /figures/pairings.svg`: the EU–Japan city pairings as a picture for a slide. Japanese
//! local governments on the left (English and Japanese names), EU ones on the right, a line
//! per pairing coloured by the theme of the session that made it (grey and dashed where the
//! session had no theme), a legend, a title and the source line; 800 px wide. Drawn with the
//! `svg` crate (text escaped by it).

use std::collections::HashMap;

use entity::{Region, local_government};
use svg::Document;
use svg::node::element::{Circle, Line, Rectangle, Text, Title};

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

/// The figure of the pairings in `data`.
pub fn pairings_svg(data: &ExportData) -> String {
    let event = &data.schedule.event;
    let japan: Vec<&local_government::Model> = data
        .cities
        .iter()
        .filter(|c| c.region == Region::Japan)
        .collect();
    let eu: Vec<&local_government::Model> = data
        .cities
        .iter()
        .filter(|c| c.region == Region::Eu)
        .collect();
    let rows = japan.len().max(eu.len());
    let rows_height = i32::try_from(rows).unwrap_or(0) * ROW;
    let offset = |count: usize| (rows_height - i32::try_from(count).unwrap_or(0) * ROW) / 2;
    let y_of = |list: &[&local_government::Model], id: &str| -> Option<i32> {
        let index = list.iter().position(|c| c.id == id)?;
        Some(TOP + offset(list.len()) + i32::try_from(index).ok()? * ROW + ROW / 2)
    };
    let themes: HashMap<&str, (usize, &str)> = data
        .schedule
        .themes
        .iter()
        .enumerate()
        .map(|(index, t)| (t.id.as_str(), (index, t.name.as_str())))
        .collect();
    let colour = |theme: Option<&str>| {
        theme
            .and_then(|t| themes.get(t))
            .map_or(NO_THEME, |(index, _)| {
                THEME_COLOURS[index % THEME_COLOURS.len()]
            })
    };

    let paired: Vec<&str> = data
        .pairings
        .iter()
        .flat_map(|p| [p.japan_city.as_str(), p.eu_city.as_str()])
        .collect();
    let legend_top = TOP + rows_height + 40;
    let titles = super::export::session_titles(data);
    // The sessions without a theme that made a pairing, named in the legend.
    let mut untitled: Vec<&str> = Vec::new();
    for pairing in &data.pairings {
        for (session, theme) in &pairing.sessions {
            if theme.is_none()
                && let Some(title) = titles.get(session.as_str())
                && !untitled.contains(title)
            {
                untitled.push(title);
            }
        }
    }
    let no_theme = format!("No theme ({})", untitled.join(", "));
    let mut legend: Vec<(Option<&str>, &str)> = Vec::new();
    for pairing in &data.pairings {
        for (_, theme) in &pairing.sessions {
            let entry = (
                theme.as_deref(),
                theme
                    .as_deref()
                    .and_then(|t| themes.get(t))
                    .map_or(no_theme.as_str(), |(_, name)| name),
            );
            if !legend.iter().any(|(t, _)| *t == entry.0) {
                legend.push(entry);
            }
        }
    }
    legend.sort_by_key(|(theme, _)| {
        theme
            .and_then(|t| themes.get(t))
            .map_or(usize::MAX, |(i, _)| *i)
    });
    let legend_rows = i32::try_from(legend.len()).unwrap_or(0);
    let height = legend_top + 30 + legend_rows * 26 + 90;

    let mut document = Document::new()
        .set("xmlns", "http://www.w3.org/2000/svg")
        .set("width", WIDTH)
        .set("height", height)
        .set("viewBox", (0, 0, WIDTH, height))
        .set("role", "img")
        .set("font-family", FONT)
        .add(Title::new(format!(
            "EU–Japan city pairings, {}",
            event.name
        )))
        .add(
            Rectangle::new()
                .set("width", WIDTH)
                .set("height", height)
                .set("fill", "#ffffff"),
        )
        .add(text(
            WIDTH / 2,
            40,
            "EU–Japan city pairings",
            24,
            "700",
            INK,
            "middle",
        ))
        .add(text(
            WIDTH / 2,
            68,
            &format!(
                "{}, {} to {}",
                event.name,
                event.start_date.format("%-d"),
                event.end_date.format("%-d %B %Y")
            ),
            14,
            "400",
            MUTED,
            "middle",
        ))
        .add(text(
            WIDTH / 2,
            92,
            "A line joins a Japanese and an EU local government whose speakers shared a session,",
            13,
            "400",
            MUTED,
            "middle",
        ))
        .add(text(
            WIDTH / 2,
            112,
            "coloured by the theme of that session.",
            13,
            "400",
            MUTED,
            "middle",
        ))
        .add(text(LEFT_NODE, TOP - 12, "Japan", 15, "700", INK, "end"))
        .add(text(
            RIGHT_NODE,
            TOP - 12,
            "European Union",
            15,
            "700",
            INK,
            "start",
        ));

    // Lines first, so that nodes and labels sit on top of them.
    for pairing in &data.pairings {
        let (Some(from), Some(to)) = (
            y_of(&japan, &pairing.japan_city),
            y_of(&eu, &pairing.eu_city),
        ) else {
            continue;
        };
        let mut themes_drawn: Vec<Option<&str>> = Vec::new();
        for (_, theme) in &pairing.sessions {
            if !themes_drawn.contains(&theme.as_deref()) {
                themes_drawn.push(theme.as_deref());
            }
        }
        let count = i32::try_from(themes_drawn.len()).unwrap_or(1);
        for (index, theme) in themes_drawn.iter().enumerate() {
            // Several themes between one pair: parallel lines 4 px apart.
            let shift = (i32::try_from(index).unwrap_or(0) * 2 - (count - 1)) * 2;
            let mut line = Line::new()
                .set("x1", LEFT_NODE + 8)
                .set("y1", from + shift)
                .set("x2", RIGHT_NODE - 8)
                .set("y2", to + shift)
                .set("stroke", colour(*theme))
                .set("stroke-width", 3)
                .set("stroke-linecap", "round");
            if theme.is_none() {
                line = line.set("stroke-dasharray", "7 5");
            }
            document = document.add(line);
        }
    }
    for (list, node_x, anchor, label_x) in [
        (&japan, LEFT_NODE, "end", LEFT_NODE - 14),
        (&eu, RIGHT_NODE, "start", RIGHT_NODE + 14),
    ] {
        for city in list.iter() {
            let Some(y) = y_of(list, &city.id) else {
                continue;
            };
            let is_paired = paired.contains(&city.id.as_str());
            let shade = if is_paired { INK } else { MUTED };
            document = document
                .add(
                    Circle::new()
                        .set("cx", node_x)
                        .set("cy", y)
                        .set("r", 6)
                        .set("fill", if is_paired { INK } else { "#ffffff" })
                        .set("stroke", shade)
                        .set("stroke-width", 2),
                )
                .add(text(
                    label_x,
                    y + 5,
                    &city_label(city),
                    14,
                    "400",
                    shade,
                    anchor,
                ));
        }
    }

    document = document.add(text(
        LEFT_NODE - 200,
        legend_top,
        "Theme of the session",
        14,
        "700",
        INK,
        "start",
    ));
    for (index, (theme, name)) in legend.iter().enumerate() {
        let y = legend_top + 26 + i32::try_from(index).unwrap_or(0) * 26;
        let mut sample = Line::new()
            .set("x1", LEFT_NODE - 200)
            .set("y1", y - 5)
            .set("x2", LEFT_NODE - 160)
            .set("y2", y - 5)
            .set("stroke", colour(*theme))
            .set("stroke-width", 4)
            .set("stroke-linecap", "round");
        if theme.is_none() {
            sample = sample.set("stroke-dasharray", "7 5");
        }
        document =
            document
                .add(sample)
                .add(text(LEFT_NODE - 150, y, name, 13, "400", INK, "start"));
    }
    let unpaired = data
        .cities
        .iter()
        .filter(|c| !paired.contains(&c.id.as_str()))
        .count();
    let footer = [
        format!(
            "{} pairings among {} local governments; a hollow circle: no pairing ({unpaired}).",
            data.pairings.len(),
            data.cities.len(),
        ),
        String::from("Japanese names as printed in the Decarbonization Leading Area sources."),
        String::from(
            "Source: the event page (programme of 25–26 January 2023), via the EU–Japan 100 Cities API;",
        ),
        String::from("pairings derived from the programme by cities-api."),
    ];
    for (index, line) in footer.iter().enumerate() {
        let y = height - 76 + i32::try_from(index).unwrap_or(0) * 18;
        document = document.add(text(20, y, line, 11, "400", MUTED, "start"));
    }
    document.to_string()
}

/// `Kyoto 京都市` for a Japanese local government with a Japanese name; the English name
/// otherwise.
fn city_label(city: &local_government::Model) -> String {
    match &city.name_ja {
        Some(name_ja) => format!("{} {name_ja}", city.name),
        None => city.name.clone(),
    }
}

fn text(x: i32, y: i32, content: &str, size: i32, weight: &str, fill: &str, anchor: &str) -> Text {
    Text::new(content)
        .set("x", x)
        .set("y", y)
        .set("font-size", size)
        .set("font-weight", weight)
        .set("fill", fill)
        .set("text-anchor", anchor)
}
