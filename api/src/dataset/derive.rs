//! What only a load changes, derived from a valid dataset and written in the same transaction:
//! the EU–Japan city pairings (each pair of one EU and one Japanese local government whose
//! speakers shared a session), with their sessions in programme order; and the search index
//! (`search_index`), with how many entries hold each bigram.

use std::collections::{BTreeMap, HashMap};

use entity::{
    Region, city_pairing, city_pairing_session, local_government, search_entry, search_gram,
    search_gram_frequency, session,
};

use super::Dataset;

/// The derived rows of `dataset`.
#[derive(Debug, Default, Clone)]
pub struct Derived {
    /// The pairings, in list order.
    pub pairings: Vec<city_pairing::Model>,
    /// Their sessions.
    pub pairing_sessions: Vec<city_pairing_session::Model>,
    /// The search index's entries.
    pub search_entries: Vec<search_entry::Model>,
    /// The bigrams of each entry.
    pub search_grams: Vec<search_gram::Model>,
    /// How many entries hold each bigram.
    pub search_gram_frequencies: Vec<search_gram_frequency::Model>,
}

/// Derives the pairings and the search index of `dataset`.
pub fn derive(dataset: &Dataset) -> Derived {
    let speakers: HashMap<&str, &str> = dataset
        .speakers
        .iter()
        .filter_map(|s| Some((s.id.as_str(), s.local_government_id.as_deref()?)))
        .collect();
    let represented: Vec<(&str, &str)> = dataset
        .appearances
        .iter()
        .filter_map(|a| Some((a.session_id.as_str(), *speakers.get(a.speaker_id.as_str())?)))
        .collect();
    let sessions: HashMap<&str, &session::Model> = dataset
        .sessions
        .iter()
        .map(|s| (s.id.as_str(), s))
        .collect();
    let cities: HashMap<&str, &local_government::Model> = dataset
        .local_governments
        .iter()
        .map(|c| (c.id.as_str(), c))
        .collect();
    let (search_entries, search_grams) = super::search_index::build(dataset);
    Derived {
        search_gram_frequencies: super::search_index::frequencies(&search_grams),
        search_entries,
        search_grams,
        ..pairings(&represented, &sessions, &cities)
    }
}

/// The pairings of `represented` ((session, local government) rows).
fn pairings(
    represented: &[(&str, &str)],
    sessions: &HashMap<&str, &session::Model>,
    cities: &HashMap<&str, &local_government::Model>,
) -> Derived {
    // Per session: its EU and its Japanese local governments, each once.
    let mut sides: BTreeMap<&str, (Vec<&local_government::Model>, Vec<&local_government::Model>)> =
        BTreeMap::new();
    for &(session_id, city_id) in represented {
        let Some(city) = cities.get(city_id) else {
            continue;
        };
        let (eu, japan) = sides.entry(session_id).or_default();
        let side = match city.region {
            Region::Eu => eu,
            Region::Japan => japan,
            Region::International => continue,
        };
        if !side.iter().any(|c| c.id == city.id) {
            side.push(city);
        }
    }
    let mut pairs: BTreeMap<(&str, &str), Vec<&session::Model>> = BTreeMap::new();
    for (session_id, (eu, japan)) in &sides {
        let Some(session) = sessions.get(session_id) else {
            continue;
        };
        for japan_city in japan {
            for eu_city in eu {
                pairs
                    .entry((japan_city.id.as_str(), eu_city.id.as_str()))
                    .or_default()
                    .push(session);
            }
        }
    }
    let sort_name = |id: &str| {
        cities
            .get(id)
            .map(|c| c.sort_name.as_str())
            .unwrap_or_default()
    };
    let mut ordered: Vec<_> = pairs.into_iter().collect();
    ordered.sort_by_key(|((japan, eu), _)| (sort_name(japan), sort_name(eu), *japan, *eu));
    let mut derived = Derived::default();
    for (position, ((japan, eu), mut in_sessions)) in ordered.into_iter().enumerate() {
        let id = format!("{japan}--{eu}");
        in_sessions.sort_by(|a, b| (a.starts_at, &a.id).cmp(&(b.starts_at, &b.id)));
        for (place, session) in in_sessions.into_iter().enumerate() {
            derived.pairing_sessions.push(city_pairing_session::Model {
                pairing_id: id.clone(),
                session_id: session.id.clone(),
                position: i32::try_from(place).unwrap_or(i32::MAX),
            });
        }
        derived.pairings.push(city_pairing::Model {
            id,
            japan_city_id: japan.to_owned(),
            eu_city_id: eu.to_owned(),
            position: i32::try_from(position).unwrap_or(i32::MAX),
        });
    }
    derived
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};
    use entity::{LocalGovernmentKind, SessionKind};

    use super::*;

    fn city(id: &str, region: Region) -> local_government::Model {
        local_government::Model {
            id: id.to_owned(),
            name: id.to_owned(),
            sort_name: id.to_owned(),
            name_ja: None,
            kind: LocalGovernmentKind::City,
            country_code: "XX".to_owned(),
            region,
            seed_name: id.to_owned(),
            geonames_id: None,
            latitude: None,
            longitude: None,
            coordinates_note: None,
        }
    }

    fn session(id: &str, hour: u32) -> session::Model {
        let starts_at = Utc
            .with_ymd_and_hms(2023, 1, 25, hour, 0, 0)
            .single()
            .unwrap_or_default();
        session::Model {
            id: id.to_owned(),
            event_id: "e".to_owned(),
            title: id.to_owned(),
            kind: SessionKind::Panel,
            theme_id: None,
            description: None,
            day: starts_at.date_naive(),
            starts_at,
            ends_at: starts_at + chrono::Duration::minutes(30),
        }
    }

    #[test]
    fn pairs_each_eu_with_each_japanese_city_of_a_session_once() {
        let city_rows = [
            city("kyoto", Region::Japan),
            city("akita", Region::Japan),
            city("turku", Region::Eu),
            city("network", Region::International),
        ];
        let cities = city_rows.iter().map(|c| (c.id.as_str(), c)).collect();
        let session_rows = [session("late", 10), session("early", 8)];
        let sessions = session_rows.iter().map(|s| (s.id.as_str(), s)).collect();
        // Kyoto has two speakers in "late"; the network pairs with nobody.
        let represented = [
            ("late", "kyoto"),
            ("late", "kyoto"),
            ("late", "turku"),
            ("late", "network"),
            ("early", "kyoto"),
            ("early", "turku"),
            ("early", "akita"),
        ];
        let derived = pairings(&represented, &sessions, &cities);
        let summary: Vec<(String, i32)> = derived
            .pairings
            .iter()
            .map(|p| (p.id.clone(), p.position))
            .collect();
        assert_eq!(
            summary,
            [
                ("akita--turku".to_owned(), 0),
                ("kyoto--turku".to_owned(), 1)
            ]
        );
        let sessions: Vec<(&str, &str, i32)> = derived
            .pairing_sessions
            .iter()
            .map(|s| (s.pairing_id.as_str(), s.session_id.as_str(), s.position))
            .collect();
        assert_eq!(
            sessions,
            [
                ("akita--turku", "early", 0),
                ("kyoto--turku", "early", 0),
                ("kyoto--turku", "late", 1)
            ]
        );
    }
}
