//! The programme as the feeds render it (calendar, conference-app schedule, embeddable widget):
//! the event, its themes, and a selection of sessions with every appearance, speaker, body,
//! local government and country they show. A fixed number of statements whatever the number
//! of sessions, all in the request's snapshot like every GraphQL answer.

use std::collections::HashMap;

use chrono::NaiveDate;
use entity::{
    appearance, country, event, event_organiser, local_government, organisation, session, speaker,
    theme,
};
use sea_orm::sea_query::Query;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
};

use super::batch;

/// Which sessions a feed shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    /// The programme, narrowed to one day and/or one theme (by slug).
    Programme {
        /// Programme day.
        day: Option<NaiveDate>,
        /// Theme slug.
        theme: Option<String>,
    },
    /// One session, by its slug.
    Session(String),
    /// The sessions of one speaker, by the speaker's slug.
    Speaker(String),
}

/// The organisers of the event `event_id`, in published order.
pub async fn organisers(
    db: &impl ConnectionTrait,
    event_id: &str,
) -> Result<Vec<organisation::Model>, DbErr> {
    let links = event_organiser::Entity::find()
        .filter(event_organiser::Column::EventId.eq(event_id))
        .order_by_asc(event_organiser::Column::Position)
        .all(db)
        .await?;
    let bodies = by_id(
        batch::by_keys::<organisation::Entity>(
            db,
            organisation::Column::Id,
            links.iter().map(|l| l.organisation_id.clone()),
        )
        .await?,
        |o| o.id.clone(),
    );
    Ok(links
        .iter()
        .filter_map(|link| bodies.get(&link.organisation_id).cloned())
        .collect())
}

/// A speaker, by slug.
pub async fn speaker(db: &impl ConnectionTrait, id: &str) -> Result<Option<speaker::Model>, DbErr> {
    speaker::Entity::find_by_id(id).one(db).await
}

/// What a feed renders.
#[derive(Debug, Clone)]
pub struct Schedule {
    /// The event.
    pub event: event::Model,
    /// Every theme of the programme, in programme order (also those no selected session has).
    pub themes: Vec<theme::Model>,
    /// The selected sessions, in programme order (start instant, then id).
    pub sessions: Vec<ScheduledSession>,
}

/// A session with what the feeds show of it.
#[derive(Debug, Clone)]
pub struct ScheduledSession {
    /// The session.
    pub session: session::Model,
    /// Its theme, if any.
    pub theme: Option<theme::Model>,
    /// Its appearances, in published order.
    pub appearances: Vec<Appearance>,
}

/// One speaker's appearance in a session, with the speaker's body and place.
#[derive(Debug, Clone)]
pub struct Appearance {
    /// The appearance (presentation mark, talk title, remark).
    pub appearance: appearance::Model,
    /// The speaker.
    pub speaker: speaker::Model,
    /// The body the speaker represents.
    pub organisation: Option<organisation::Model>,
    /// The local government the speaker represents, if any.
    pub city: Option<local_government::Model>,
    /// The country of the speaker's body, if the sources give one.
    pub country: Option<country::Model>,
}

/// The schedule of `selection`; `None` when the database holds no event.
pub async fn read(
    db: &impl ConnectionTrait,
    selection: &Selection,
) -> Result<Option<Schedule>, DbErr> {
    let Some(event) = event::Entity::find().one(db).await? else {
        return Ok(None);
    };
    let themes = theme::Entity::find()
        .order_by_asc(theme::Column::Position)
        .all(db)
        .await?;
    let sessions = session::Entity::find()
        .filter(condition(selection))
        .order_by_asc(session::Column::StartsAt)
        .order_by_asc(session::Column::Id)
        .all(db)
        .await?;
    let appearances = batch::ordered_by_keys::<appearance::Entity>(
        db,
        appearance::Column::SessionId,
        sessions.iter().map(|s| s.id.clone()),
        &[appearance::Column::SessionId, appearance::Column::Position],
    )
    .await?;
    let speakers = by_id(
        batch::by_keys::<speaker::Entity>(
            db,
            speaker::Column::Id,
            appearances.iter().map(|a| a.speaker_id.clone()),
        )
        .await?,
        |s| s.id.clone(),
    );
    let organisations = by_id(
        batch::by_keys::<organisation::Entity>(
            db,
            organisation::Column::Id,
            speakers.values().filter_map(|s| s.organisation_id.clone()),
        )
        .await?,
        |o| o.id.clone(),
    );
    let cities = by_id(
        batch::by_keys::<local_government::Entity>(
            db,
            local_government::Column::Id,
            speakers
                .values()
                .filter_map(|s| s.local_government_id.clone()),
        )
        .await?,
        |c| c.id.clone(),
    );
    let countries = by_id(
        batch::by_keys::<country::Entity>(
            db,
            country::Column::Code,
            speakers.values().filter_map(|s| s.country_code.clone()),
        )
        .await?,
        |c| c.code.clone(),
    );
    let mut appearances_of: HashMap<String, Vec<Appearance>> = HashMap::new();
    for appearance in appearances {
        let Some(speaker) = speakers.get(&appearance.speaker_id).cloned() else {
            continue;
        };
        let entry = Appearance {
            organisation: lookup(&organisations, &speaker.organisation_id),
            city: lookup(&cities, &speaker.local_government_id),
            country: lookup(&countries, &speaker.country_code),
            speaker,
            appearance,
        };
        appearances_of
            .entry(entry.appearance.session_id.clone())
            .or_default()
            .push(entry);
    }
    let sessions = sessions
        .into_iter()
        .map(|session| ScheduledSession {
            theme: session
                .theme_id
                .as_ref()
                .and_then(|id| themes.iter().find(|t| &t.id == id))
                .cloned(),
            appearances: appearances_of.remove(&session.id).unwrap_or_default(),
            session,
        })
        .collect();
    Ok(Some(Schedule {
        event,
        themes,
        sessions,
    }))
}

fn condition(selection: &Selection) -> Condition {
    match selection {
        Selection::Programme { day, theme } => {
            let mut condition = Condition::all();
            if let Some(day) = day {
                condition = condition.add(session::Column::Day.eq(*day));
            }
            if let Some(theme) = theme {
                condition = condition.add(session::Column::ThemeId.eq(theme.as_str()));
            }
            condition
        }
        Selection::Session(id) => Condition::all().add(session::Column::Id.eq(id.as_str())),
        Selection::Speaker(id) => Condition::all().add(
            session::Column::Id.in_subquery(
                Query::select()
                    .column(appearance::Column::SessionId)
                    .from(appearance::Entity)
                    .and_where(appearance::Column::SpeakerId.eq(id.as_str()))
                    .to_owned(),
            ),
        ),
    }
}

/// The row of `map` that `key` names, if any.
fn lookup<T: Clone>(map: &HashMap<String, T>, key: &Option<String>) -> Option<T> {
    key.as_ref().and_then(|key| map.get(key)).cloned()
}

fn by_id<T>(rows: Vec<T>, key: impl Fn(&T) -> String) -> HashMap<String, T> {
    rows.into_iter().map(|row| (key(&row), row)).collect()
}
