//! The page a visitor sees in a partner's frame when `/embed` refuses its link (a theme or day
//! of nothing, a mistyped zone, the programme not loaded): in the widget's language and
//! colours, with a heading, the widget's height script, and a link back to the whole programme
//! that keeps the language, the zone and the colours the link asked for. What exactly was
//! wrong, in a developer's words, stays in the JSON API (the same URL without the frame shows
//! the same page; the GraphQL queries and the feeds answer the developer's message).

use axum::http::{HeaderMap, header};
use maud::{DOCTYPE, Markup, PreEscaped, html};

use super::embed::{Scheme, head, script};
use super::language::Lang;
use crate::error::{ErrorCode, Refusal};

/// What a visitor can read of a refusal: a heading and a sentence, by language.
struct Words {
    heading: &'static str,
    message: &'static str,
    whole_programme: &'static str,
}

/// The words for `refusal` in `lang`.
fn words(refusal: &Refusal, lang: Lang) -> Words {
    let unavailable = !matches!(refusal.code, ErrorCode::NotFound | ErrorCode::BadUserInput);
    match (lang, unavailable) {
        (Lang::En, false) => Words {
            heading: "This part of the programme cannot be shown",
            message: "The link asks for a day, theme or time zone that is not in the programme.",
            whole_programme: "Show the whole programme",
        },
        (Lang::En, true) => Words {
            heading: "The programme cannot be shown right now",
            message: "Please try again in a few minutes.",
            whole_programme: "Try again with the whole programme",
        },
        (Lang::Ja, false) => Words {
            heading: "このプログラムは表示できません",
            message: "リンクで指定された開催日、テーマまたは時間帯はプログラムにありません。",
            whole_programme: "プログラム全体を表示",
        },
        (Lang::Ja, true) => Words {
            heading: "現在プログラムを表示できません",
            message: "しばらくしてからもう一度お試しください。",
            whole_programme: "プログラム全体でもう一度試す",
        },
    }
}

/// What the refused link asked for that is valid on its own: its language (else the
/// visitor's), its zone and its colours.
struct Kept {
    lang: Lang,
    zone: Option<String>,
    scheme: Scheme,
}

fn kept(query: Option<&str>, headers: &HeaderMap) -> Kept {
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(query.unwrap_or_default()).unwrap_or_default();
    let value = |name: &str| {
        pairs
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    };
    let lang = match value("lang") {
        Some("ja") => Lang::Ja,
        Some("en") => Lang::En,
        _ => Lang::negotiate(
            headers
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|value| value.to_str().ok()),
        ),
    };
    let zone = value("tz")
        .and_then(crate::zones::by_name)
        .map(|zone| zone.name().to_owned());
    let scheme = match value("scheme") {
        Some("light") => Scheme::Light,
        Some("dark") => Scheme::Dark,
        _ => Scheme::Auto,
    };
    Kept { lang, zone, scheme }
}

/// The visitor's page for `refusal` of the link `query`, with its request's `headers`.
pub fn page(refusal: &Refusal, query: Option<&str>, headers: &HeaderMap) -> String {
    let kept = kept(query, headers);
    let words = words(refusal, kept.lang);
    html! {
        (DOCTYPE)
        html lang=(kept.lang.tag()) data-scheme=(kept.scheme.as_str()) {
            (head(kept.lang.labels().programme, words.heading, kept.scheme))
            body.cities-programme data-scheme=(kept.scheme.as_str()) {
                (message(refusal, &kept))
                script { (PreEscaped(script())) }
            }
        }
    }
    .into_string()
}

/// The same, as a fragment for the `<cities-programme>` element.
pub fn fragment(refusal: &Refusal, query: Option<&str>, headers: &HeaderMap) -> String {
    let kept = kept(query, headers);
    html! {
        div.cities-programme lang=(kept.lang.tag()) data-scheme=(kept.scheme.as_str()) {
            (message(refusal, &kept))
        }
    }
    .into_string()
}

/// The heading, the sentence and the link back.
fn message(refusal: &Refusal, kept: &Kept) -> Markup {
    let words = words(refusal, kept.lang);
    let mut back = Vec::new();
    if let Some(zone) = &kept.zone {
        back.push(("tz", zone.as_str()));
    }
    if kept.scheme != Scheme::Auto {
        back.push(("scheme", kept.scheme.as_str()));
    }
    back.push(("lang", kept.lang.tag()));
    let back = format!("?{}", serde_urlencoded::to_string(back).unwrap_or_default());
    html! {
        main.refusal data-code=(refusal.code.as_str()) {
            h1 { (words.heading) }
            p.empty role="alert" { (words.message) }
            p { a href=(back) { (words.whole_programme) } }
        }
    }
}
