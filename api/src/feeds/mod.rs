//! The programme as documents that other software consumes: iCalendar feeds ([`ical`]), the
//! frab/c3voc conference schedule in XML and JSON ([`frab`]), the embeddable widget page
//! ([`embed`]), the exports for analysis tools ([`export`]) and the pairings figure
//! ([`figure`]). Each is a [`Document`](document::Document), listed in [`registry`]; each reads
//! the request's snapshot, like every GraphQL answer.

pub mod document;
pub mod embed;
pub mod embed_element;
pub mod embed_loader;
mod embed_refusal;
pub mod export;
pub mod figure;
pub mod frab;
pub mod ical;
mod identity;
pub mod jsonld;
pub mod language;
pub mod oembed;
pub mod params;
mod programme;
pub mod reading;
pub mod registry;

use chrono::{DateTime, Utc};

pub use identity::{integer_id, session_guid, speaker_guid};
pub use programme::not_loaded;

use crate::ids::{NodeType, encode};
use crate::store::schedule::{Appearance, Schedule};
use language::Lang;

/// What every feed needs besides the data: where the service is published, and when the data
/// was revised.
#[derive(Debug, Clone)]
pub struct Publication<'a> {
    /// The service's public base URL (`--public-url`), without a trailing slash. Absolute URLs
    /// in feeds start with it, never with a request's `Host`.
    pub public_url: &'a str,
    /// When the served dataset was loaded: the revision time that feeds print.
    pub revised_at: DateTime<Utc>,
    /// The dataset version (a hash of its files).
    pub version: &'a str,
}

impl Publication<'_> {
    /// The public URL of `path` (which starts with `/`).
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.public_url)
    }

    /// The calendar feed of one session.
    pub fn session_calendar_url(&self, session_id: &str) -> String {
        let id = encode(NodeType::Session, session_id);
        format!("{}/sessions/{}.ics", self.public_url, id.0)
    }

    /// The page of a session: its entry in the widget.
    pub fn session_url(&self, session_id: &str) -> String {
        format!("{}/embed#{session_id}", self.public_url)
    }

    /// The page of a session read in `reading`: its entry in the widget in that language and
    /// zone (`/embed?tz=Asia%2FTokyo&lang=ja#day1-panel-1`), the fragment last.
    pub fn session_page_url(&self, session_id: &str, reading: reading::Reading) -> String {
        let query = serde_urlencoded::to_string(reading.pairs()).unwrap_or_default();
        format!("{}/embed?{query}#{session_id}", self.public_url)
    }
}

/// `Speakers:` and one line per appearance (see [`speaker_line`]); empty without speakers.
pub fn speakers_text(appearances: &[Appearance]) -> String {
    if appearances.is_empty() {
        return String::new();
    }
    let mut text = String::from("Speakers:");
    for entry in appearances {
        text.push_str("\n- ");
        text.push_str(&speaker_line(entry));
    }
    text
}

/// One line about a speaker's appearance, as the feeds print it: name, role, body, and the
/// local government and country where the body does not already say them, then the talk
/// title, the published remark and the presentation-material mark, e.g. `Risto Veivo, Climate
/// Director, City of Turku (Finland) [presentation material]`.
pub fn speaker_line(entry: &Appearance) -> String {
    let mut line = entry.speaker.name.clone();
    if let Some(role) = &entry.speaker.role {
        line.push_str(", ");
        line.push_str(role);
    }
    if let Some(body) = affiliation(entry) {
        line.push_str(", ");
        line.push_str(&body);
    }
    if let Some(title) = &entry.appearance.talk_title {
        line.push_str(&format!(": “{title}”"));
    }
    if let Some(note) = &entry.appearance.note {
        line.push_str(&format!(" ({note})"));
    }
    if entry.appearance.has_presentation {
        line.push_str(" [presentation material]");
    }
    line
}

/// The body a speaker represents, with its local government where that is another name, and
/// its country in parentheses where the name does not already say it, e.g. `City of Turku
/// (Finland)`; `None` without a body.
pub fn affiliation(entry: &Appearance) -> Option<String> {
    affiliation_in(entry, Lang::En)
}

/// [`affiliation`] in `lang`: in Japanese, the local government's Japanese name where the
/// dataset has one and the country's name from CLDR (`City of Turku (フィンランド)`), with no
/// country after a Japanese local government (`京都市`); the body's name stays as published.
pub fn affiliation_in(entry: &Appearance, lang: Lang) -> Option<String> {
    affiliation_parts(entry, lang).map(|parts| parts.into_iter().map(|part| part.text).collect())
}

/// A piece of an affiliation, and whether it is English text (marked `lang="en"` on a page in
/// another language).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AffiliationPart {
    /// The text.
    pub text: String,
    /// Whether the text is English (a name as published, or a name without a translation).
    pub english: bool,
}

/// [`affiliation_in`], piece by piece: names, and the punctuation between them.
pub fn affiliation_parts(entry: &Appearance, lang: Lang) -> Option<Vec<AffiliationPart>> {
    let organisation = entry.organisation.as_ref()?;
    let part = |text: &str, english: bool| AffiliationPart {
        text: text.to_owned(),
        english,
    };
    let mut parts = vec![part(&organisation.name, true)];
    if let Some(city) = &entry.city {
        let (name, english) = match (lang, &city.name_ja) {
            (Lang::Ja, Some(name_ja)) => (name_ja, false),
            _ => (&city.name, true),
        };
        if city.name == organisation.name {
            // The body is the local government itself: its name in the page's language.
            parts = vec![part(name, english)];
        } else {
            parts.push(part(", ", false));
            parts.push(part(name, english));
        }
    }
    let japanese_local_government = lang == Lang::Ja
        && entry.city.is_some()
        && entry.country.as_ref().is_some_and(|c| c.code == "JP");
    if let Some(country) = entry
        .country
        .as_ref()
        .filter(|_| !japanese_local_government)
    {
        let name = lang.country_name(&country.code, &country.name);
        let text: String = parts.iter().map(|p| p.text.as_str()).collect();
        if !text.contains(&name) && !text.contains(&country.name) {
            let english = lang == Lang::En || name == country.name;
            parts.push(part(" (", false));
            parts.push(part(&name, english));
            parts.push(part(")", false));
        }
    }
    Some(parts)
}

/// The zone that the conference-app schedule keeps its local times in: the first zone the
/// event page publishes (Europe/Brussels for CET).
pub fn home_zone(schedule: &Schedule) -> chrono_tz::Tz {
    schedule
        .event
        .time_zones
        .split(',')
        .next()
        .and_then(|name| name.trim().parse().ok())
        .unwrap_or(chrono_tz::UTC)
}
