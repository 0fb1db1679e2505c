//! A slot of the programme.

use sea_orm::entity::prelude::*;

use crate::SessionKind;

/// One session. Instants are stored in UTC.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "session")]
pub struct Model {
    /// Stable slug, e.g. `day1-panel-1`.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    /// The event.
    pub event_id: String,
    /// Title as served (typos of the seed corrected; see provenance).
    pub title: String,
    /// Kind of slot.
    pub kind: SessionKind,
    /// Theme, for panels and topic presentations.
    pub theme_id: Option<String>,
    /// Description as published.
    pub description: Option<String>,
    /// Programme day (the same date in CET and JST).
    pub day: Date,
    /// Start instant, UTC.
    pub starts_at: DateTimeUtc,
    /// End instant, UTC; after `starts_at`.
    pub ends_at: DateTimeUtc,
}

/// Relations of [`Model`].
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// The theme.
    #[sea_orm(
        belongs_to = "super::theme::Entity",
        from = "Column::ThemeId",
        to = "super::theme::Column::Id"
    )]
    Theme,
}

impl ActiveModelBehavior for ActiveModel {}
