//! The pairings figure drawn from its [`Layout`], with the `svg` crate (text escaped by it):
//! background, headings, lines, then nodes over them, legend and footer.

use svg::Document;
use svg::node::element::{Circle, Line, Rectangle, Text, Title};

use super::layout::{Layout, Stroke};
use super::{FONT, INK, LEFT_NODE, MUTED, RIGHT_NODE, TOP, WIDTH};

/// The SVG text of `layout`.
pub fn draw(layout: &Layout) -> String {
    let height = layout.height;
    let mut document = Document::new()
        .set("xmlns", "http://www.w3.org/2000/svg")
        .set("width", WIDTH)
        .set("height", height)
        .set("viewBox", (0, 0, WIDTH, height))
        .set("role", "img")
        .set("font-family", FONT)
        .add(Title::new(layout.title.as_str()))
        .add(
            Rectangle::new()
                .set("width", WIDTH)
                .set("height", height)
                .set("fill", "#ffffff"),
        );
    let headings = [
        (
            WIDTH / 2,
            40,
            "EU–Japan local-government pairs",
            24,
            "700",
            INK,
            "middle",
        ),
        (
            WIDTH / 2,
            68,
            layout.event_line.as_str(),
            14,
            "400",
            MUTED,
            "middle",
        ),
        (
            WIDTH / 2,
            92,
            "A line joins a Japanese and an EU local government whose speakers shared a session,",
            13,
            "400",
            MUTED,
            "middle",
        ),
        (
            WIDTH / 2,
            112,
            "coloured by the theme of that session: a shared session, not a partnership.",
            13,
            "400",
            MUTED,
            "middle",
        ),
        (LEFT_NODE, TOP - 12, "Japan", 15, "700", INK, "end"),
        (
            RIGHT_NODE,
            TOP - 12,
            "European Union",
            15,
            "700",
            INK,
            "start",
        ),
    ];
    for (x, y, content, size, weight, fill, anchor) in headings {
        document = document.add(text(x, y, content, size, weight, fill, anchor));
    }
    // Lines first, so that nodes and labels sit on top of them.
    for stroke in &layout.lines {
        document = document.add(line(stroke, 3));
    }
    for node in &layout.nodes {
        let shade = if node.paired { INK } else { MUTED };
        document = document
            .add(
                Circle::new()
                    .set("cx", node.at.0)
                    .set("cy", node.at.1)
                    .set("r", 6)
                    .set("fill", if node.paired { INK } else { "#ffffff" })
                    .set("stroke", shade)
                    .set("stroke-width", 2),
            )
            .add(text(
                node.label_x,
                node.at.1 + 5,
                &node.label,
                14,
                "400",
                shade,
                node.anchor,
            ));
    }
    document = document.add(text(
        LEFT_NODE - 200,
        layout.legend_top,
        "Theme of the session",
        14,
        "700",
        INK,
        "start",
    ));
    for entry in &layout.legend {
        let sample = Stroke {
            from: (LEFT_NODE - 200, entry.y - 5),
            to: (LEFT_NODE - 160, entry.y - 5),
            colour: entry.colour,
            dashed: entry.dashed,
        };
        document = document.add(line(&sample, 4)).add(text(
            LEFT_NODE - 150,
            entry.y,
            &entry.name,
            13,
            "400",
            INK,
            "start",
        ));
    }
    for (index, footer) in layout.footer.iter().enumerate() {
        let y = height - 76 + i32::try_from(index).unwrap_or(0) * 18;
        document = document.add(text(20, y, footer, 11, "400", MUTED, "start"));
    }
    document.to_string()
}

/// A round-capped line, dashed where it stands for no theme.
fn line(stroke: &Stroke, width: i32) -> Line {
    let line = Line::new()
        .set("x1", stroke.from.0)
        .set("y1", stroke.from.1)
        .set("x2", stroke.to.0)
        .set("y2", stroke.to.1)
        .set("stroke", stroke.colour)
        .set("stroke-width", width)
        .set("stroke-linecap", "round");
    if stroke.dashed {
        line.set("stroke-dasharray", "7 5")
    } else {
        line
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
