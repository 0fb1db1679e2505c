//! EU-Japan city pairings, as the load derived and stored them (`city_pairing` and
//! `city_pairing_session`): each pair of one EU and one Japanese local government that were
//! both represented by a speaker in the same session, read by SQL for the exports (two
//! statements); the GraphQL answers read them from the programme in memory (`store::programme`).

use std::collections::HashMap;

use entity::{city_pairing, city_pairing_session, session};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, JoinType, QueryFilter, QueryOrder,
    QuerySelect, RelationTrait,
};

/// One pairing, with the sessions (in programme order) where it happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pairing {
    /// The pairing's stable slug.
    pub id: String,
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

/// The pairings that involve `city` (all when `None`) and, with `theme`, that were made in at
/// least one session of that theme; ordered by Japanese city name, then EU city name. A
/// pairing always carries every session the pair shared, however it was found.
pub async fn matching(
    db: &impl ConnectionTrait,
    city: Option<&str>,
    theme: Option<&str>,
) -> Result<Vec<Pairing>, DbErr> {
    let mut condition = Condition::all();
    if let Some(city) = city {
        condition = condition.add(
            Condition::any()
                .add(city_pairing::Column::JapanCityId.eq(city))
                .add(city_pairing::Column::EuCityId.eq(city)),
        );
    }
    if let Some(theme) = theme {
        condition = condition.add(
            city_pairing::Column::Id.in_subquery(
                Query::select()
                    .column((
                        city_pairing_session::Entity,
                        city_pairing_session::Column::PairingId,
                    ))
                    .from(city_pairing_session::Entity)
                    .inner_join(
                        session::Entity,
                        Expr::col((session::Entity, session::Column::Id)).equals((
                            city_pairing_session::Entity,
                            city_pairing_session::Column::SessionId,
                        )),
                    )
                    .and_where(session::Column::ThemeId.eq(theme))
                    .to_owned(),
            ),
        );
    }
    read(db, condition).await
}

/// The pairings matching `condition` (on `city_pairing`), in list order, each with all its
/// sessions. Two statements.
async fn read(db: &impl ConnectionTrait, condition: Condition) -> Result<Vec<Pairing>, DbErr> {
    let pairings = city_pairing::Entity::find()
        .filter(condition.clone())
        .order_by_asc(city_pairing::Column::Position)
        .all(db)
        .await?;
    let of_sessions = city_pairing_session::Column::PairingId.in_subquery(
        Query::select()
            .column(city_pairing::Column::Id)
            .from(city_pairing::Entity)
            .cond_where(condition)
            .to_owned(),
    );
    let sessions: Vec<(String, String, Option<String>)> = city_pairing_session::Entity::find()
        .select_only()
        .column(city_pairing_session::Column::PairingId)
        .column(city_pairing_session::Column::SessionId)
        .column(session::Column::ThemeId)
        .join(
            JoinType::InnerJoin,
            city_pairing_session::Relation::Session.def(),
        )
        .filter(of_sessions)
        .order_by_asc(city_pairing_session::Column::PairingId)
        .order_by_asc(city_pairing_session::Column::Position)
        .into_tuple()
        .all(db)
        .await?;
    let mut by_pairing: HashMap<String, Vec<(String, Option<String>)>> = HashMap::new();
    for (pairing, session, theme) in sessions {
        by_pairing
            .entry(pairing)
            .or_default()
            .push((session, theme));
    }
    Ok(pairings
        .into_iter()
        .filter_map(|row| {
            let sessions = by_pairing.remove(&row.id)?;
            Some(Pairing {
                id: row.id,
                eu_city: row.eu_city_id,
                japan_city: row.japan_city_id,
                sessions,
            })
        })
        .collect())
}
