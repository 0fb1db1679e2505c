//! Sessions in programme order (start instant, then id), filtered.

use chrono::{DateTime, NaiveDate, Utc};
use entity::{SessionKind, appearance, session, speaker};
use sea_orm::sea_query::{Expr, ExprTrait, Query, SelectStatement};
use sea_orm::{ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};

use super::{Page, fetch_page, strictly_after};
use crate::error::{ApiError, ApiResult};
use crate::graphql::cursor::Cursor;

const LIST: &str = "sessions";

/// What `sessions(filter:)` asks for, already validated.
#[derive(Debug, Clone, Default)]
pub struct SessionFilter {
    /// Theme slug.
    pub theme: Option<String>,
    /// Programme day.
    pub day: Option<NaiveDate>,
    /// Kind of slot.
    pub kind: Option<SessionKind>,
    /// Upper-case country code of at least one speaker.
    pub speaker_country: Option<String>,
    /// Local government represented by at least one speaker.
    pub city: Option<String>,
}

/// One page of sessions.
pub async fn page(
    db: &DatabaseConnection,
    filter: &SessionFilter,
    first: u64,
    after: Option<&str>,
) -> ApiResult<Page<session::Model>> {
    let condition = condition(filter);
    let filtered = session::Entity::find().filter(condition.clone());
    let mut ordered = session::Entity::find().filter(condition);
    if let Some(after) = after {
        let cursor = Cursor::decode(LIST, after)?;
        let starts_at: DateTime<Utc> = DateTime::parse_from_rfc3339(&cursor.key)
            .map_err(|_| {
                ApiError::bad_input("after", format!("`{after}` is not a cursor of this list"))
            })?
            .with_timezone(&Utc);
        ordered = ordered.filter(strictly_after(
            session::Column::StartsAt,
            session::Column::Id,
            starts_at.into(),
            cursor.id,
        ));
    }
    let ordered = ordered
        .order_by_asc(session::Column::StartsAt)
        .order_by_asc(session::Column::Id);
    fetch_page(db, filtered, ordered, first, after.is_some(), cursor).await
}

fn cursor(row: &session::Model) -> Cursor {
    Cursor {
        list: LIST,
        key: row.starts_at.to_rfc3339(),
        id: row.id.clone(),
    }
}

fn condition(filter: &SessionFilter) -> Condition {
    let mut condition = Condition::all();
    if let Some(theme) = &filter.theme {
        condition = condition.add(session::Column::ThemeId.eq(theme.as_str()));
    }
    if let Some(day) = filter.day {
        condition = condition.add(session::Column::Day.eq(day));
    }
    if let Some(kind) = filter.kind {
        condition = condition.add(session::Column::Kind.eq(kind));
    }
    if let Some(code) = &filter.speaker_country {
        condition = condition.add(session::Column::Id.in_subquery(sessions_with_speakers(
            speaker::Column::CountryCode.eq(code.as_str()),
        )));
    }
    if let Some(city) = &filter.city {
        condition = condition.add(session::Column::Id.in_subquery(sessions_with_speakers(
            speaker::Column::LocalGovernmentId.eq(city.as_str()),
        )));
    }
    condition
}

/// `SELECT session_id FROM appearance JOIN speaker ... WHERE <about the speaker>`.
fn sessions_with_speakers(about_speaker: Expr) -> SelectStatement {
    Query::select()
        .column((appearance::Entity, appearance::Column::SessionId))
        .from(appearance::Entity)
        .inner_join(
            speaker::Entity,
            Expr::col((speaker::Entity, speaker::Column::Id))
                .equals((appearance::Entity, appearance::Column::SpeakerId)),
        )
        .and_where(about_speaker)
        .to_owned()
}
