//! Where everything of the pairings figure goes: the rows of local governments, the lines of
//! the pairings, the legend and the footer, measured from the data. No drawing here.

use std::collections::HashMap;

use entity::{Region, local_government};

use super::{LEFT_NODE, NO_THEME, RIGHT_NODE, ROW, THEME_COLOURS, TOP};
use crate::dataset::publication::{EVENT_PAGE_URL, short_version};
use crate::feeds::Publication;
use crate::feeds::export::session_titles;
use crate::store::export::ExportData;

/// The figure, placed.
#[derive(Debug)]
pub struct Layout {
    /// Height in pixels (the width is fixed).
    pub height: i32,
    /// The event's name and its dates, under the title.
    pub event_line: String,
    /// The accessible title (`<title>`).
    pub title: String,
    /// The pairings' lines, drawn first.
    pub lines: Vec<Stroke>,
    /// The local governments, Japanese ones then EU ones.
    pub nodes: Vec<Node>,
    /// The top of the legend.
    pub legend_top: i32,
    /// The legend's entries, by theme position (no theme last).
    pub legend: Vec<LegendEntry>,
    /// The footer's lines.
    pub footer: Vec<String>,
}

/// A coloured line.
#[derive(Debug)]
pub struct Stroke {
    /// Start.
    pub from: (i32, i32),
    /// End.
    pub to: (i32, i32),
    /// The theme's colour.
    pub colour: &'static str,
    /// Dashed: a session without a theme.
    pub dashed: bool,
}

/// A local government: a circle and its label.
#[derive(Debug)]
pub struct Node {
    /// The circle's centre.
    pub at: (i32, i32),
    /// The label and where it starts or ends.
    pub label: String,
    /// The label's x.
    pub label_x: i32,
    /// `end` (left column) or `start` (right column).
    pub anchor: &'static str,
    /// Filled when it has a pairing, hollow otherwise.
    pub paired: bool,
}

/// A line of the legend.
#[derive(Debug)]
pub struct LegendEntry {
    /// The baseline of its text.
    pub y: i32,
    /// Its sample line's colour.
    pub colour: &'static str,
    /// Dashed sample: no theme.
    pub dashed: bool,
    /// The theme's name, or "No theme (sessions)".
    pub name: String,
}

/// The layout of the figure of `data`.
pub fn layout(data: &ExportData, publication: &Publication<'_>) -> Layout {
    let event = &data.schedule.event;
    let japan = in_region(data, Region::Japan);
    let eu = in_region(data, Region::Eu);
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

    let mut lines = Vec::new();
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
            lines.push(Stroke {
                from: (LEFT_NODE + 8, from + shift),
                to: (RIGHT_NODE - 8, to + shift),
                colour: colour(*theme),
                dashed: theme.is_none(),
            });
        }
    }

    let mut nodes = Vec::new();
    for (list, node_x, anchor, label_x) in [
        (&japan, LEFT_NODE, "end", LEFT_NODE - 14),
        (&eu, RIGHT_NODE, "start", RIGHT_NODE + 14),
    ] {
        for city in list.iter() {
            let Some(y) = y_of(list, &city.id) else {
                continue;
            };
            nodes.push(Node {
                at: (node_x, y),
                label: city_label(city),
                label_x,
                anchor,
                paired: paired.contains(&city.id.as_str()),
            });
        }
    }

    let legend_top = TOP + rows_height + 40;
    let legend: Vec<LegendEntry> = legend_themes(data, &themes)
        .into_iter()
        .enumerate()
        .map(|(index, (theme, name))| LegendEntry {
            y: legend_top + 26 + i32::try_from(index).unwrap_or(0) * 26,
            colour: colour(theme),
            dashed: theme.is_none(),
            name,
        })
        .collect();
    let legend_rows = i32::try_from(legend.len()).unwrap_or(0);
    let height = legend_top + 30 + legend_rows * 26 + 90;

    let unpaired = data
        .cities
        .iter()
        .filter(|c| !paired.contains(&c.id.as_str()))
        .count();
    let footer = vec![
        format!(
            "{} pairings among {} local governments; a hollow circle: no pairing ({unpaired}).",
            data.pairings.len(),
            data.cities.len(),
        ),
        String::from("Japanese names as printed in the Decarbonization Leading Area sources."),
        format!("Source: the event page {EVENT_PAGE_URL} (programme of 25–26 January 2023);"),
        format!(
            "dataset version {}, loaded {}, CC BY 4.0; pairings derived by the EU–Japan 100 Cities API.",
            short_version(publication.version),
            publication.revised_at.format("%Y-%m-%d"),
        ),
    ];
    Layout {
        height,
        event_line: format!(
            "{}, {} to {}",
            event.name,
            event.start_date.format("%-d"),
            event.end_date.format("%-d %B %Y")
        ),
        title: format!(
            "EU–Japan pairs of local governments whose speakers shared a session, {}",
            event.name
        ),
        lines,
        nodes,
        legend_top,
        legend,
        footer,
    }
}

/// The local governments of `region`, in the data's order (by name).
fn in_region(data: &ExportData, region: Region) -> Vec<&local_government::Model> {
    data.cities
        .iter()
        .filter(|c| c.region == region)
        .map(AsRef::as_ref)
        .collect()
}

/// The themes of the sessions that made pairings, by theme position, each with its name; the
/// sessions without a theme share one entry that names them.
fn legend_themes<'a>(
    data: &'a ExportData,
    themes: &HashMap<&str, (usize, &'a str)>,
) -> Vec<(Option<&'a str>, String)> {
    let titles = session_titles(data);
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
    let mut legend: Vec<(Option<&str>, String)> = Vec::new();
    for pairing in &data.pairings {
        for (_, theme) in &pairing.sessions {
            let theme = theme.as_deref();
            if legend.iter().any(|(t, _)| *t == theme) {
                continue;
            }
            let name = theme
                .and_then(|t| themes.get(t))
                .map_or(no_theme.clone(), |(_, name)| (*name).to_owned());
            legend.push((theme, name));
        }
    }
    legend.sort_by_key(|(theme, _)| {
        theme
            .and_then(|t| themes.get(t))
            .map_or(usize::MAX, |(i, _)| *i)
    });
    legend
}

/// `Kyoto 京都市` for a Japanese local government with a Japanese name; the English name
/// otherwise.
fn city_label(city: &local_government::Model) -> String {
    match &city.name_ja {
        Some(name_ja) => format!("{} {name_ja}", city.name),
        None => city.name.clone(),
    }
}
