//! Sessions in programme order (start instant, then id): the root list's filter (applied in
//! memory, `store::programme`) and pages of SQL-selected sessions (the research lists).

use chrono::{DateTime, NaiveDate, Utc};
use entity::{SessionKind, session};
use sea_orm::{Condition, ConnectionTrait};

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

/// One page of the sessions matching `condition`, in programme order.
pub async fn page_where(
    db: &impl ConnectionTrait,
    condition: Condition,
    window: &super::Window,
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
    super::keyset_page(db, condition, order, window).await
}
