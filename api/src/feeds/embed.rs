//! The embeddable widget (`/embed`): one self-contained HTML page of the programme, by day,
//! with times in a chosen zone, for partners to put in an `<iframe>`. Its style sheet and its
//! one script are inline and allowed by hash in its Content-Security-Policy; it loads nothing
//! else and sets no cookie. Markup by `maud` (every text escaped).

use std::sync::LazyLock;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use maud::{DOCTYPE, Markup, PreEscaped, html};
use sha2::{Digest, Sha256};

use axum::body::Bytes;
use axum::http::{HeaderMap, HeaderName, HeaderValue, header};
use serde::Deserialize;

use super::document::{Document, Params, Source};
use super::language::Lang;
use super::params::{self, Query};
use super::reading::Reading;
use super::{Publication, affiliation_parts, jsonld, programme};
use crate::config::Config;
use crate::error::Refusal;
use crate::store::schedule::{Appearance, Schedule, ScheduledSession, Selection};

/// The media type of the page.
pub const CONTENT_TYPE: &str = "text/html; charset=utf-8";

/// The page's style sheet.
const STYLE: &str = include_str!("../../assets/embed/embed.css");

/// The page's script: filters apply on change.
const SCRIPT: &str = include_str!("../../assets/embed/embed.js");

/// The zones of the page's switch: the two in which the programme was published.
const SWITCH: [(&str, Tz); 2] = crate::zones::EVENT_ZONES;

/// `/embed[?tz=&day=&theme=]`: the widget page.
pub struct Embed;

impl Document for Embed {
    const PATH: &'static str = "/embed";
    const MEDIA_TYPE: &'static str = CONTENT_TYPE;
    type Params = View;
    const VARY: &'static str = "accept-encoding, accept-language";

    async fn render(source: &Source<'_>, view: &View) -> Result<Bytes, Refusal> {
        let (schedule, _) = programme::read(source, &view.selection())?;
        let organisers = source.programme.organisers().to_vec();
        let names: Vec<&str> = organisers.iter().map(|o| o.name.as_str()).collect();
        let selection = jsonld::StructuredSelection {
            day: view.day,
            theme: view.theme.clone(),
            lang: Some(view.language()),
            zone: Some(view.zone()),
        };
        let structured =
            jsonld::structured_data(&schedule, &names, &source.publication, &selection);
        Ok(page(&schedule, view, &source.publication, &structured).into())
    }

    /// The page's Content-Security-Policy and its companions.
    fn headers(config: &Config) -> Vec<(HeaderName, HeaderValue)> {
        let policy = content_security_policy(&config.feeds.embed_frame_ancestors);
        let mut headers = vec![
            (
                header::REFERRER_POLICY,
                HeaderValue::from_static("no-referrer"),
            ),
            (
                HeaderName::from_static("cross-origin-resource-policy"),
                HeaderValue::from_static("cross-origin"),
            ),
        ];
        if let Ok(value) = HeaderValue::from_str(&policy) {
            headers.push((header::CONTENT_SECURITY_POLICY, value));
        }
        headers
    }

    /// Partners show the page in an iframe: a refusal is a page for the visitor, in the
    /// widget's language and style, never JSON ([`super::embed_refusal`]).
    fn refusal_page(refusal: &Refusal, query: Option<&str>, headers: &HeaderMap) -> Option<String> {
        Some(super::embed_refusal::page(refusal, query, headers))
    }
}

/// What the page shows: its parameters.
#[derive(Debug, Clone, Deserialize)]
pub struct View {
    /// `tz`: the zone of the times; where none is given, the zone of the page's language
    /// ([`View::zone`]).
    #[serde(rename = "tz", default, deserialize_with = "params::zone")]
    pub zone: Option<Tz>,
    /// `day`: only this programme day.
    #[serde(default, deserialize_with = "params::day")]
    pub day: Option<NaiveDate>,
    /// `theme`: only this theme (slug).
    #[serde(default, deserialize_with = "params::theme")]
    pub theme: Option<String>,
    /// `scheme`: light, dark, or as the visitor's system says (`auto`, the default).
    #[serde(default)]
    pub scheme: Scheme,
    /// `lang`: `en` or `ja`; without it, what `Accept-Language` prefers of the two.
    #[serde(default, deserialize_with = "params::language")]
    pub lang: Option<Lang>,
}

impl View {
    /// The page's language.
    pub fn language(&self) -> Lang {
        self.lang.unwrap_or_default()
    }

    /// The zone of the times: the one asked for, else the language's (JST for a Japanese
    /// page, [`super::reading::ENGLISH_ZONE`] for an English one).
    pub fn zone(&self) -> Tz {
        self.reading().zone
    }

    /// The part of the programme the page shows: its day and theme.
    pub fn selection(&self) -> Selection {
        Selection::Programme {
            day: self.day,
            theme: self.theme.clone(),
        }
    }

    /// The page's language and zone.
    pub fn reading(&self) -> Reading {
        Reading::new(self.lang, self.zone)
    }
}

/// The colours of the page, as the partner chooses them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Scheme {
    /// As the visitor's system says (`prefers-color-scheme`).
    #[default]
    Auto,
    /// Always light.
    Light,
    /// Always dark.
    Dark,
}

impl Scheme {
    /// The parameter's value, and `data-scheme` on `<html>`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Auto => "auto",
            Self::Light => "light",
            Self::Dark => "dark",
        }
    }

    /// The `color-scheme` the page declares.
    fn color_scheme(self) -> &'static str {
        match self {
            Self::Auto => "light dark",
            Self::Light => "light",
            Self::Dark => "dark",
        }
    }
}

impl Params for View {
    const NAMES: &'static [&'static str] = &["tz", "day", "theme", "scheme", "lang"];

    fn read(_id: Option<&str>, query: Query, headers: &HeaderMap) -> Result<Self, Refusal> {
        let mut view: Self = query.typed()?;
        if view.lang.is_none() {
            let accepted = headers
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|value| value.to_str().ok());
            view.lang = Some(Lang::negotiate(accepted));
        }
        Ok(view)
    }
}

/// `Content-Security-Policy` of the page: nothing but its own inline style and script (by
/// hash), forms back to itself, framed by `frame_ancestors` (`--embed-frame-ancestors`).
pub fn content_security_policy(frame_ancestors: &str) -> String {
    static HASHES: LazyLock<(String, String)> =
        LazyLock::new(|| (sha256_source(STYLE), sha256_source(SCRIPT)));
    let (style, script) = &*HASHES;
    format!(
        "default-src 'none'; style-src '{style}'; script-src '{script}'; form-action 'self'; \
         base-uri 'none'; frame-ancestors {frame_ancestors}"
    )
}

/// A CSP hash source: `sha256-<base64 of the SHA-256 of text>`.
fn sha256_source(text: &str) -> String {
    format!(
        "sha256-{}",
        STANDARD.encode(Sha256::digest(text.as_bytes()))
    )
}

/// The page of `schedule` (already narrowed to `view`'s day and theme), with its structured
/// data: the widget (`widget`) as the page's body, its script and its data block.
pub fn page(
    schedule: &Schedule,
    view: &View,
    publication: &Publication<'_>,
    structured_data: &serde_json::Value,
) -> String {
    // Inside <script>, `</` would end the element: JSON allows `<\/` for it.
    let structured_data = structured_data.to_string().replace("</", "<\\/");
    let event = &schedule.event;
    let lang = view.language();
    let words = lang.labels();
    let name = lang.event_name(&schedule.event);
    // The page of this selection, language and zone: what search engines index as one page.
    let canonical = publication.url(&format!(
        "/embed{}",
        query(view, Some(view.zone()), Some(lang))
    ));
    // The event page's introduction, as published (in English: no Japanese source gives it),
    // cut at its first sentence.
    let description = event.description.as_deref().map(|text| {
        let text = text.trim();
        match text.find(". ") {
            Some(end) => text[..=end].to_owned(),
            None => text.to_owned(),
        }
    });
    let markup = html! {
        (DOCTYPE)
        html lang=(lang.tag()) data-scheme=(view.scheme.as_str()) {
            (head_with(words.programme, name, view.scheme, html! {
                link rel="canonical" href=(canonical);
                @if let Some(description) = &description {
                    meta name="description" content=(description);
                    meta property="og:description" content=(description);
                }
                meta property="og:type" content="website";
                meta property="og:title" content=(name);
                meta property="og:url" content=(canonical);
                // oEmbed discovery: what a CMS fetches when an editor pastes this page's URL.
                link rel="alternate" type="application/json+oembed" title=(name)
                    href=(publication.url(&format!(
                        "/oembed?{}",
                        serde_urlencoded::to_string([("url", canonical.as_str()), ("format", "json")])
                            .unwrap_or_default()
                    )));
            }))
            body.cities-programme data-scheme=(view.scheme.as_str()) data-copy=(words.copy_address) {
                (widget(schedule, view, publication))
                script { (PreEscaped(SCRIPT)) }
                // What the page shows, as schema.org structured data (the same as
                // /schedule.jsonld for the page's selection); a data block, not a script.
                script type="application/ld+json" { (PreEscaped(structured_data)) }
            }
        }
    };
    markup.into_string()
}

/// The widget as an HTML fragment, for the `<cities-programme>` element: the same markup as the
/// page's body, in a `.cities-programme` element of the page's language and colours.
pub fn fragment(schedule: &Schedule, view: &View, publication: &Publication<'_>) -> String {
    html! {
        div.cities-programme lang=(view.language().tag()) data-scheme=(view.scheme.as_str()) {
            (widget(schedule, view, publication))
        }
    }
    .into_string()
}

/// The widget: its header (name, dates, zone and language switches, filters), the sessions by
/// day, and its footer (source, calendars).
fn widget(schedule: &Schedule, view: &View, publication: &Publication<'_>) -> Markup {
    let event = &schedule.event;
    let mut days: Vec<(NaiveDate, Vec<&ScheduledSession>)> = Vec::new();
    for session in &schedule.sessions {
        match days.last_mut() {
            Some((day, sessions)) if *day == session.session.day => sessions.push(session),
            _ => days.push((session.session.day, vec![session])),
        }
    }
    let zone = view.zone();
    let zone_label = zone_label(zone, schedule, view.language());
    let lang = view.language();
    let words = lang.labels();
    let name = lang.event_name(event);
    html! {
        header {
            h1 { (name) }
            p.lede {
                // In Japanese, the dates and times as the Japanese page prints them.
                @match (lang, &event.time_line_ja) {
                    (Lang::Ja, Some(time_line)) => { (time_line) }
                    _ => { (lang.date_range(event.start_date, event.end_date)) }
                }
                " · " (words.times_in) " " strong title=(zone.name()) { (zone_label) }
            }
            div.controls {
                nav.zones aria-label=(words.time_zone) {
                    @for (label, other) in SWITCH {
                        a href=(query(view, Some(other), Some(lang)))
                            aria-current=[(other == zone).then_some("true")]
                            title=(other.name()) { (label) }
                    }
                }
                nav.zones.languages aria-label=(words.language) {
                    @for (other, label) in [(Lang::En, "English"), (Lang::Ja, "日本語")] {
                        a href=(query(view, view.zone, Some(other))) lang=(other.tag())
                            aria-current=[(other == lang).then_some("true")] { (label) }
                    }
                }
                (filters(schedule, view))
            }
        }
        main {
            // Where a filter leaves the focus (the form's action ends in #results), and
            // what the live region announces after it.
            h2.visually-hidden #results tabindex="-1" {
                (words.sessions_shown(schedule.sessions.len()))
            }
            p.visually-hidden #announcement role="status" {}
            @if days.is_empty() {
                p.empty { (words.no_session) }
            }
            @for (day, sessions) in &days {
                section aria-labelledby=(format!("day-{day}")) {
                    h2 id=(format!("day-{day}")) { (lang.long_date(*day)) }
                    ol.sessions {
                        @for session in sessions {
                            (session_item(session, *day, view, publication))
                        }
                    }
                }
            }
        }
        footer {
            p {
                (words.published)
                a.away href=(publication.url("/graphiql")) target="_blank" rel="noopener" lang="en" { (words.api_name) }
                @if lang == Lang::En { "." }
            }
            @if !days.is_empty() {
                @let feed = publication.url(&calendar_path(view));
                @let webcal = webcal(&feed);
                p.subscribe {
                    (words.calendar_of_page)
                    a.away href=(webcal) { (words.subscribe) }
                    @if lang == Lang::En { ", " } @else { "、" }
                    a.away href=(google_by_url(&webcal)) target="_blank" rel="noopener" { (words.add_by_url) }
                    (words.or)
                    a.away href=(feed) target="_blank" rel="noopener" { (words.download) }
                    @if lang == Lang::En { "." }
                }
            }
        }
    }
}

/// The widget's style sheet (inline in the page, `/embed.css` for the element).
pub(super) fn style() -> &'static str {
    STYLE
}

/// The widget's script (allowed by its hash in the page's policy).
pub(super) fn script() -> &'static str {
    SCRIPT
}

/// The `head` of the widget's pages: the viewport, both colour schemes, no referrer, the
/// widget's style (allowed by its hash in the page's policy).
pub(super) fn head(prefix: &str, title: &str, scheme: Scheme) -> Markup {
    head_with(prefix, title, scheme, html! {})
}

/// [`head`] with `more` (the page's canonical link and its description for search engines
/// and link previews).
fn head_with(prefix: &str, title: &str, scheme: Scheme, more: Markup) -> Markup {
    html! {
        head {
            meta charset="utf-8";
            meta name="viewport" content="width=device-width, initial-scale=1";
            meta name="color-scheme" content=(scheme.color_scheme());
            meta name="referrer" content="no-referrer";
            title { (prefix) " · " (title) }
            (more)
            style { (PreEscaped(STYLE)) }
        }
    }
}

/// The filter form: day and theme, keeping the zone.
fn filters(schedule: &Schedule, view: &View) -> Markup {
    let event = &schedule.event;
    let lang = view.language();
    let words = lang.labels();
    let english = english_in(lang);
    let days: Vec<NaiveDate> = event
        .start_date
        .iter_days()
        .take_while(|day| *day <= event.end_date)
        .collect();
    html! {
        form.filters method="get" action="#results" {
            @if let Some(zone) = view.zone {
                input type="hidden" name="tz" value=(zone.name());
            }
            @if view.scheme != Scheme::Auto {
                input type="hidden" name="scheme" value=(view.scheme.as_str());
            }
            @if lang != Lang::En {
                input type="hidden" name="lang" value=(lang.tag());
            }
            label {
                (words.day)
                select name="day" {
                    option value="" selected[view.day.is_none()] { (words.all_days) }
                    @for day in &days {
                        option value=(day.to_string()) selected[view.day == Some(*day)] {
                            (lang.short_date(*day))
                        }
                    }
                }
            }
            label {
                (words.theme)
                select name="theme" {
                    option value="" selected[view.theme.is_none()] { (words.all_themes) }
                    @for theme in &schedule.themes {
                        option value=(theme.id) lang=[english] selected[view.theme.as_deref() == Some(theme.id.as_str())] {
                            (theme.name)
                        }
                    }
                }
            }
            button type="submit" { (words.show) }
        }
    }
}

/// `lang="en"` for text the sources give only in English, on a page in another language.
fn english_in(lang: Lang) -> Option<&'static str> {
    (lang != Lang::En).then_some("en")
}

/// One session: its times, title, theme, description and speakers; a break as a break.
fn session_item(
    scheduled: &ScheduledSession,
    day: NaiveDate,
    view: &View,
    publication: &Publication<'_>,
) -> Markup {
    let session = &scheduled.session;
    let is_break = session.kind == entity::SessionKind::Break;
    let lang = view.language();
    let words = lang.labels();
    let english = english_in(lang);
    html! {
        li.session.break[is_break] id=(session.id) {
            p.when {
                (time(session.starts_at, view.zone(), day, lang)) "–" (time(session.ends_at, view.zone(), day, lang))
            }
            div.what {
                h3 lang=[english] { (session.title) }
                @if let Some(theme) = &scheduled.theme {
                    p.theme lang=[english] { (theme.name) }
                }
                @if let Some(description) = &session.description {
                    p.description lang=[english] { (description) }
                }
                @if !scheduled.appearances.is_empty() {
                    ul.speakers aria-label=(words.speakers) {
                        @for entry in &scheduled.appearances {
                            (speaker_item(entry, lang))
                        }
                    }
                }
                @if !is_break {
                    p.add {
                        a.away href=(publication.url(&format!("/sessions/{}.ics{}", session.id, lang_query(lang))))
                            aria-label=(format!("{}: {}", words.add_to_calendar, session.title)) {
                            (words.add_to_calendar)
                        }
                        " · "
                        a.away href=(google_event(scheduled, publication, view.reading()))
                            target="_blank" rel="noopener"
                            aria-label=(format!("{}: {}", words.add_to_google, session.title)) {
                            (words.add_to_google)
                        }
                    }
                }
            }
        }
    }
}

fn speaker_item(entry: &Appearance, lang: Lang) -> Markup {
    let english = english_in(lang);
    html! {
        li.speaker {
            span.speaker-name lang=[english] { (entry.speaker.name) }
            @if let Some(role) = &entry.speaker.role {
                ", " span.role lang=[english] { (role) }
            }
            @if let Some(parts) = affiliation_parts(entry, lang) {
                ", " span.affiliation {
                    @for part in parts {
                        @if part.english && english.is_some() {
                            span lang="en" { (part.text) }
                        } @else {
                            (part.text)
                        }
                    }
                }
            }
            @if let Some(title) = &entry.appearance.talk_title {
                ": " span.talk lang=[english] { "“" (title) "”" }
            }
            @if let Some(note) = &entry.appearance.note {
                " " span.note lang=[english] { "(" (note) ")" }
            }
            @if entry.appearance.has_presentation {
                " " abbr.material title=(lang.labels().material) { "PDF" }
            }
        }
    }
}

/// A `<time>` of `instant` in `zone`, as `HH:MM`, with the local date where it is not the
/// programme day.
fn time(instant: DateTime<Utc>, zone: Tz, day: NaiveDate, lang: Lang) -> Markup {
    let local = instant.with_timezone(&zone);
    html! {
        time datetime=(local.to_rfc3339()) {
            @if local.date_naive() != day {
                span.date { (lang.short_date(local.date_naive())) }
            }
            (local.format("%H:%M").to_string())
        }
    }
}

/// The zone of the times in words: in Japanese its CLDR name (日本時間); else `Asia/Tokyo
/// (JST)`, the zone's name and its abbreviation during the event.
fn zone_label(zone: Tz, schedule: &Schedule, lang: Lang) -> String {
    if let Some(name) = schedule
        .sessions
        .first()
        .and_then(|first| lang.zone_name(zone, first.session.starts_at))
    {
        return name;
    }
    let abbreviation = schedule
        .sessions
        .first()
        .map(|s| {
            s.session
                .starts_at
                .with_timezone(&zone)
                .format("%Z")
                .to_string()
        })
        .filter(|abbreviation| !abbreviation.starts_with(['+', '-']));
    match abbreviation {
        Some(abbreviation) if abbreviation != zone.name() => {
            format!("{} ({abbreviation})", zone.name())
        }
        _ => zone.name().to_owned(),
    }
}

/// The query string of the page in `zone` (none: the language's) and `lang` (none: the
/// visitor's), keeping the filters and the colours.
fn query(view: &View, zone: Option<Tz>, lang: Option<Lang>) -> String {
    let mut pairs = Vec::new();
    if let Some(zone) = zone {
        pairs.push(("tz", zone.name().to_owned()));
    }
    if let Some(day) = view.day {
        pairs.push(("day", day.to_string()));
    }
    if let Some(theme) = &view.theme {
        pairs.push(("theme", theme.clone()));
    }
    if view.scheme != Scheme::Auto {
        pairs.push(("scheme", view.scheme.as_str().to_owned()));
    }
    if let Some(lang) = lang {
        pairs.push(("lang", lang.tag().to_owned()));
    }
    format!(
        "?{}",
        serde_urlencoded::to_string(pairs).unwrap_or_default()
    )
}

/// The `webcal://` form of a feed's `http(s)://` URL: calendar applications subscribe to it.
fn webcal(feed: &str) -> String {
    let rest = feed
        .strip_prefix("https://")
        .or_else(|| feed.strip_prefix("http://"))
        .unwrap_or(feed);
    format!("webcal://{rest}")
}

/// `?lang=ja` for a Japanese page's calendar links (an English calendar is the default).
fn lang_query(lang: Lang) -> &'static str {
    match lang {
        Lang::Ja => "?lang=ja",
        Lang::En => "",
    }
}

/// Google Calendar's page that adds one session as an event (`action=TEMPLATE`): its title,
/// its instants in UTC, and its entry in the widget as details.
fn google_event(
    scheduled: &ScheduledSession,
    publication: &Publication<'_>,
    reading: Reading,
) -> String {
    let session = &scheduled.session;
    let utc = |instant: DateTime<Utc>| instant.format("%Y%m%dT%H%M%SZ").to_string();
    let dates = format!("{}/{}", utc(session.starts_at), utc(session.ends_at));
    let details = publication.session_page_url(&session.id, reading);
    format!(
        "https://calendar.google.com/calendar/render?{}",
        serde_urlencoded::to_string([
            ("action", "TEMPLATE"),
            ("text", session.title.as_str()),
            ("dates", dates.as_str()),
            ("details", details.as_str()),
        ])
        .unwrap_or_default()
    )
}

/// Google Calendar's page that subscribes to a calendar by its URL (`cid`).
fn google_by_url(webcal: &str) -> String {
    format!(
        "https://calendar.google.com/calendar/render?{}",
        serde_urlencoded::to_string([("cid", webcal)]).unwrap_or_default()
    )
}

/// The calendar feed of what the page shows, in its language.
fn calendar_path(view: &View) -> String {
    let mut pairs = Vec::new();
    if let Some(day) = view.day {
        pairs.push(("day", day.to_string()));
    }
    if let Some(theme) = &view.theme {
        pairs.push(("theme", theme.clone()));
    }
    if view.language() == Lang::Ja {
        pairs.push(("lang", Lang::Ja.tag().to_owned()));
    }
    match serde_urlencoded::to_string(pairs) {
        Ok(query) if !query.is_empty() => format!("/schedule.ics?{query}"),
        _ => String::from("/schedule.ics"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_allows_exactly_the_inline_style_and_script() {
        let policy = content_security_policy("https://partner.example");
        assert!(policy.contains(&format!("style-src '{}'", sha256_source(STYLE))));
        assert!(policy.contains(&format!("script-src '{}'", sha256_source(SCRIPT))));
        assert!(policy.starts_with("default-src 'none';"));
        assert!(policy.ends_with("frame-ancestors https://partner.example"));
        // The known answer of the hash function, so that the encoding is the one CSP expects.
        assert_eq!(
            sha256_source(""),
            "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="
        );
    }

    #[test]
    fn date_ranges_fold_a_shared_month() {
        let day = |d| NaiveDate::from_ymd_opt(2023, 1, d).unwrap_or_default();
        assert_eq!(Lang::En.date_range(day(25), day(26)), "25–26 January 2023");
        assert_eq!(Lang::En.long_date(day(25)), "Wednesday 25 January 2023");
    }
}
