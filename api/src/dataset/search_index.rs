//! The search index a load derives: one entry per session, speaker, organisation (other than a
//! local government, which is its city's entry) and city, with its text folded, and the
//! character bigrams of that text (see `crate::text`). The same rows on every backend.
//!
//! What an entry is found by: its name (and Japanese name), and its description: everything
//! else the page publishes about it — a session's description, theme, and its speakers' talk
//! titles and remarks ("video message"); a speaker's role, body, local government, talk titles
//! and remarks; an organisation's abbreviation; a city's name as the page prints it — and the
//! page's own spellings where the served text corrects or completes them (the published
//! texts of its provenance: "Exective", "Climate Police Department", "Kyoto City"); and, for a
//! local government, its name written without hyphens or spaces (`Higashimatsushima`, the
//! city's own romanisation) and the seed's "<name> City" where a quote of the page writes it.
//!
//! The reference lists are entries of their own: a Mission city by its name as the list gives
//! it and the GeoNames name the data holds for it (`Torino`, `Turin`), with its country; a
//! Leading Area by its lead municipality and prefecture, in Japanese as transcribed.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use entity::{OrganisationKind, search_entry, search_gram, search_gram_frequency};

use super::Dataset;
use crate::text::{bigrams, fold};

/// The kinds of entry, as `search_entry.kind` stores them.
pub const SESSION: &str = "session";
/// A speaker.
pub const SPEAKER: &str = "speaker";
/// An organisation that is not a local government.
pub const ORGANISATION: &str = "organisation";
/// A local government.
pub const CITY: &str = "city";
/// A city of the EU Cities Mission list (keyed by its row).
pub const MISSION_CITY: &str = "mission_city";
/// A lead municipality of Japan's Decarbonization Leading Areas (keyed by its row).
pub const LEADING_AREA: &str = "leading_area";

/// What an entry is made of: kind, entity id, name, Japanese name, and the texts about it.
type Searchable<'a> = (
    &'static str,
    &'a str,
    &'a str,
    Option<&'a str>,
    Vec<&'a str>,
);

/// The entries and their bigrams.
pub fn build(dataset: &Dataset) -> (Vec<search_entry::Model>, Vec<search_gram::Model>) {
    let themes: HashMap<&str, &str> = dataset
        .themes
        .iter()
        .map(|t| (t.id.as_str(), t.name.as_str()))
        .collect();
    let organisations: HashMap<&str, &str> = dataset
        .organisations
        .iter()
        .map(|o| (o.id.as_str(), o.name.as_str()))
        .collect();
    let cities: HashMap<&str, &str> = dataset
        .local_governments
        .iter()
        .map(|c| (c.id.as_str(), c.name.as_str()))
        .collect();
    // What the page publishes about each appearance, by session and by speaker.
    let mut said_in: HashMap<&str, Vec<&str>> = HashMap::new();
    let mut said_by: HashMap<&str, Vec<&str>> = HashMap::new();
    for appearance in &dataset.appearances {
        for text in [&appearance.talk_title, &appearance.note]
            .into_iter()
            .flatten()
        {
            said_in
                .entry(appearance.session_id.as_str())
                .or_default()
                .push(text);
            said_by
                .entry(appearance.speaker_id.as_str())
                .or_default()
                .push(text);
        }
    }
    // The page's own spellings: the published texts of each record's provenance.
    let mut published: HashMap<(&str, &str), Vec<&str>> = HashMap::new();
    for record in &dataset.provenance {
        if let Some(quote) = &record.quote {
            published
                .entry((record.entity.as_str(), record.entity_id.as_str()))
                .or_default()
                .push(quote);
        }
    }
    let also = |entity: &str, id: &str| published.get(&(entity, id)).cloned().unwrap_or_default();
    let mut rows: Vec<Searchable<'_>> = Vec::new();
    for session in &dataset.sessions {
        let mut about = vec![session.description.as_deref().unwrap_or("")];
        if let Some(theme) = session.theme_id.as_deref().and_then(|t| themes.get(t)) {
            about.push(theme);
        }
        about.extend(said_in.get(session.id.as_str()).into_iter().flatten());
        about.extend(also("session", &session.id));
        rows.push((SESSION, &session.id, &session.title, None, about));
    }
    for speaker in &dataset.speakers {
        let mut about = vec![speaker.role.as_deref().unwrap_or("")];
        about.extend(said_by.get(speaker.id.as_str()).into_iter().flatten());
        about.extend(also("speaker", &speaker.id));
        if let Some(name) = speaker
            .organisation_id
            .as_deref()
            .and_then(|o| organisations.get(o))
        {
            about.push(name);
        }
        if let Some(name) = speaker
            .local_government_id
            .as_deref()
            .and_then(|c| cities.get(c))
        {
            about.push(name);
        }
        rows.push((SPEAKER, &speaker.id, &speaker.name, None, about));
    }
    for organisation in &dataset.organisations {
        if organisation.kind == OrganisationKind::LocalGovernment {
            continue;
        }
        let mut about = vec![organisation.short_name.as_deref().unwrap_or("")];
        about.extend(also("organisation", &organisation.id));
        rows.push((
            ORGANISATION,
            &organisation.id,
            &organisation.name,
            organisation.name_ja.as_deref(),
            about,
        ));
    }
    // The page's texts as the provenance quotes them: where "<name> City" is among them, the
    // seed writes the local government so.
    let quoted: Vec<&str> = dataset
        .provenance
        .iter()
        .filter_map(|record| record.quote.as_deref())
        .collect();
    let joined_names: Vec<String> = dataset
        .local_governments
        .iter()
        .map(|city| city.name.replace(['-', ' '], ""))
        .collect();
    let city_forms: Vec<String> = dataset
        .local_governments
        .iter()
        .map(|city| format!("{} City", city.name.replace('-', " ")))
        .collect();
    for (index, city) in dataset.local_governments.iter().enumerate() {
        let mut about = vec![city.seed_name.as_str()];
        about.extend(also("local_government", &city.id));
        if joined_names[index] != city.name {
            about.push(&joined_names[index]);
        }
        if quoted.iter().any(|text| text.contains(&city_forms[index])) {
            about.push(&city_forms[index]);
        }
        rows.push((CITY, &city.id, &city.name, city.name_ja.as_deref(), about));
    }
    // The lists' entries are keyed by their rows, as text like every other key.
    let mission_rows: Vec<String> = dataset
        .mission_cities
        .iter()
        .map(|m| m.row.to_string())
        .collect();
    let leading_rows: Vec<String> = dataset
        .leading_areas
        .iter()
        .map(|a| a.row.to_string())
        .collect();
    for (city, row) in dataset.mission_cities.iter().zip(&mission_rows) {
        let mut about = vec![city.country_name.as_str()];
        about.extend(city.geonames_name.as_deref());
        rows.push((MISSION_CITY, row, &city.name, None, about));
    }
    for (area, row) in dataset.leading_areas.iter().zip(&leading_rows) {
        rows.push((
            LEADING_AREA,
            row,
            &area.lead_municipality,
            None,
            vec![area.prefecture.as_str()],
        ));
    }
    let mut entries = Vec::with_capacity(rows.len());
    let mut grams = Vec::new();
    for (index, (kind, id, name, name_ja, about)) in rows.into_iter().enumerate() {
        let entry_id = i32::try_from(index + 1).unwrap_or(i32::MAX);
        let name_folded = fold(name);
        let name_ja = name_ja.map(fold);
        let description_folded = fold(
            &about
                .into_iter()
                .filter(|text| !text.is_empty())
                .collect::<Vec<_>>()
                .join(" · "),
        );
        let mut entry_grams: BTreeSet<String> = bigrams(&name_folded);
        entry_grams.extend(bigrams(&description_folded));
        if let Some(name_ja) = &name_ja {
            entry_grams.extend(bigrams(name_ja));
        }
        grams.extend(
            entry_grams
                .into_iter()
                .map(|gram| search_gram::Model { gram, entry_id }),
        );
        entries.push(search_entry::Model {
            id: entry_id,
            kind: kind.to_owned(),
            entity_id: id.to_owned(),
            name: name.to_owned(),
            name_folded,
            name_ja,
            description_folded,
        });
    }
    (entries, grams)
}

/// How many entries hold each bigram of `grams` (one row per entry and bigram), by bigram.
pub fn frequencies(grams: &[search_gram::Model]) -> Vec<search_gram_frequency::Model> {
    let mut counts: BTreeMap<&str, i32> = BTreeMap::new();
    for gram in grams {
        *counts.entry(gram.gram.as_str()).or_default() += 1;
    }
    counts
        .into_iter()
        .map(|(gram, entries)| search_gram_frequency::Model {
            gram: gram.to_owned(),
            entries,
        })
        .collect()
}
