//! EU-Japan city pairings, computed from the programme: each pair of one EU and one Japanese
//! local government that were both represented by a speaker in the same session.

use std::collections::{BTreeMap, HashMap};

use entity::{Region, appearance, local_government, session, speaker};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, JoinType, QueryFilter, QueryOrder, QuerySelect,
    RelationTrait,
};

use sea_orm::DbErr;

/// One pairing, with the sessions (in programme order) where it happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pairing {
    /// The EU local government's id.
    pub eu_city: String,
    /// The Japanese local government's id.
    pub japan_city: String,
    /// Sessions in which both were represented, as (session id, theme id).
    pub sessions: Vec<(String, Option<String>)>,
}

impl Pairing {
    /// Ids of the sessions, in programme order.
    pub fn session_ids(&self) -> Vec<String> {
        self.sessions.iter().map(|(id, _)| id.clone()).collect()
    }

    /// Distinct themes of the sessions, in order of first appearance.
    pub fn theme_ids(&self) -> Vec<String> {
        let mut themes: Vec<String> = Vec::new();
        for theme in self.sessions.iter().filter_map(|(_, theme)| theme.as_ref()) {
            if !themes.contains(theme) {
                themes.push(theme.clone());
            }
        }
        themes
    }
}

/// Every pairing, ordered by Japanese city name, then EU city name. Three statements.
pub async fn all(db: &impl ConnectionTrait) -> Result<Vec<Pairing>, DbErr> {
    let represented: Vec<(String, String)> = appearance::Entity::find()
        .select_only()
        .column(appearance::Column::SessionId)
        .column(speaker::Column::LocalGovernmentId)
        .join(JoinType::InnerJoin, appearance::Relation::Speaker.def())
        .filter(speaker::Column::LocalGovernmentId.is_not_null())
        .into_tuple()
        .all(db)
        .await?;
    let sessions: HashMap<String, session::Model> = session::Entity::find()
        .order_by_asc(session::Column::StartsAt)
        .all(db)
        .await?
        .into_iter()
        .map(|s| (s.id.clone(), s))
        .collect();
    let cities: HashMap<String, local_government::Model> = local_government::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id.clone(), c))
        .collect();
    Ok(compute(&represented, &sessions, &cities))
}

/// The pairings of `represented` ((session, local government) rows); pure, unit-tested below.
pub fn compute(
    represented: &[(String, String)],
    sessions: &HashMap<String, session::Model>,
    cities: &HashMap<String, local_government::Model>,
) -> Vec<Pairing> {
    let mut by_session: BTreeMap<
        &str,
        (Vec<&local_government::Model>, Vec<&local_government::Model>),
    > = BTreeMap::new();
    for (session_id, city_id) in represented {
        let Some(city) = cities.get(city_id) else {
            continue;
        };
        let sides = by_session.entry(session_id).or_default();
        let side = match city.region {
            Region::Eu => &mut sides.0,
            Region::Japan => &mut sides.1,
            Region::International => continue,
        };
        if !side.iter().any(|c| c.id == city.id) {
            side.push(city);
        }
    }
    let mut pairs: BTreeMap<(String, String), Vec<&session::Model>> = BTreeMap::new();
    for (session_id, (eu, japan)) in &by_session {
        let Some(session) = sessions.get(*session_id) else {
            continue;
        };
        for eu_city in eu {
            for japan_city in japan {
                pairs
                    .entry((eu_city.id.clone(), japan_city.id.clone()))
                    .or_default()
                    .push(session);
            }
        }
    }
    let mut pairings: Vec<Pairing> = pairs
        .into_iter()
        .map(|((eu_city, japan_city), mut in_sessions)| {
            in_sessions.sort_by(|a, b| (a.starts_at, &a.id).cmp(&(b.starts_at, &b.id)));
            Pairing {
                eu_city,
                japan_city,
                sessions: in_sessions
                    .iter()
                    .map(|s| (s.id.clone(), s.theme_id.clone()))
                    .collect(),
            }
        })
        .collect();
    let name = |id: &str| {
        cities
            .get(id)
            .map(|c| c.sort_name.clone())
            .unwrap_or_default()
    };
    pairings.sort_by_key(|p| {
        (
            name(&p.japan_city),
            name(&p.eu_city),
            p.japan_city.clone(),
            p.eu_city.clone(),
        )
    });
    pairings
}

/// Keeps the pairings that involve `city` (if given) and, if `theme` is given, only their
/// sessions of that theme (dropping pairings left with none).
pub fn filter(pairings: Vec<Pairing>, city: Option<&str>, theme: Option<&str>) -> Vec<Pairing> {
    pairings
        .into_iter()
        .filter(|p| city.is_none_or(|c| p.eu_city == c || p.japan_city == c))
        .filter_map(|mut p| {
            if let Some(theme) = theme {
                p.sessions.retain(|(_, t)| t.as_deref() == Some(theme));
            }
            (!p.sessions.is_empty()).then_some(p)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};
    use entity::{LocalGovernmentKind, SessionKind};

    use super::*;

    fn city(id: &str, region: Region) -> (String, local_government::Model) {
        let model = local_government::Model {
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
        };
        (id.to_owned(), model)
    }

    fn session(id: &str, hour: u32, theme: Option<&str>) -> (String, session::Model) {
        let starts_at = Utc
            .with_ymd_and_hms(2023, 1, 25, hour, 0, 0)
            .single()
            .unwrap_or_default();
        let model = session::Model {
            id: id.to_owned(),
            event_id: "e".to_owned(),
            title: id.to_owned(),
            kind: SessionKind::Panel,
            theme_id: theme.map(str::to_owned),
            description: None,
            day: starts_at.date_naive(),
            starts_at,
            ends_at: starts_at + chrono::Duration::minutes(30),
        };
        (id.to_owned(), model)
    }

    fn rows(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(s, c)| ((*s).to_owned(), (*c).to_owned()))
            .collect()
    }

    #[test]
    fn pairs_each_eu_with_each_japanese_city_of_a_session_once() {
        let cities: HashMap<_, _> = [
            city("kyoto", Region::Japan),
            city("akita", Region::Japan),
            city("turku", Region::Eu),
            city("network", Region::International),
        ]
        .into_iter()
        .collect();
        let sessions: HashMap<_, _> = [
            session("late", 10, Some("t2")),
            session("early", 8, Some("t1")),
        ]
        .into_iter()
        .collect();
        // Kyoto has two speakers in "late"; the network pairs with nobody.
        let represented = rows(&[
            ("late", "kyoto"),
            ("late", "kyoto"),
            ("late", "turku"),
            ("late", "network"),
            ("early", "kyoto"),
            ("early", "turku"),
            ("early", "akita"),
        ]);
        let pairings = compute(&represented, &sessions, &cities);
        let summary: Vec<(&str, &str, Vec<String>, Vec<String>)> = pairings
            .iter()
            .map(|p| {
                (
                    p.japan_city.as_str(),
                    p.eu_city.as_str(),
                    p.session_ids(),
                    p.theme_ids(),
                )
            })
            .collect();
        assert_eq!(
            summary,
            vec![
                (
                    "akita",
                    "turku",
                    vec!["early".to_owned()],
                    vec!["t1".to_owned()]
                ),
                (
                    "kyoto",
                    "turku",
                    vec!["early".to_owned(), "late".to_owned()],
                    vec!["t1".to_owned(), "t2".to_owned()]
                ),
            ]
        );
        let of_theme = filter(pairings, Some("kyoto"), Some("t2"));
        assert_eq!(of_theme.len(), 1);
        assert_eq!(of_theme[0].session_ids(), vec!["late".to_owned()]);
    }
}
