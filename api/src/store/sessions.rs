//! Sessions in programme order (start instant, then id), filtered.

use chrono::{DateTime, NaiveDate, Utc};
use entity::{SessionKind, appearance, session, speaker};
use sea_orm::sea_query::{Expr, ExprTrait, Query, SelectStatement};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait};

use super::{KeysetOrder, Page};
use crate::error::ApiResult;

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
    db: &impl ConnectionTrait,
    filter: &SessionFilter,
    first: u64,
    after: Option<&str>,
) -> ApiResult<Page<session::Model>> {
    page_where(db, condition(filter), first, after).await
}

/// One page of the sessions matching `condition`, in programme order.
pub async fn page_where(
    db: &impl ConnectionTrait,
    condition: Condition,
    first: u64,
    after: Option<&str>,
) -> ApiResult<Page<session::Model>> {
    let order = KeysetOrder::<session::Entity> {
        list: LIST,
        key: session::Column::StartsAt,
        id: session::Column::Id,
        parse_key: |key: &str| {
            DateTime::parse_from_rfc3339(key)
                .ok()
                .map(|instant| instant.with_timezone(&Utc).into())
        },
        parse_id: super::text_value,
        key_of: |row: &session::Model| (row.starts_at.to_rfc3339(), row.id.clone()),
    };
    super::keyset_page(db, condition, order, first, after).await
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
