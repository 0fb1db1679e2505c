//! A speaker's appearance in a session, in published order.

use sea_orm::entity::prelude::*;

/// One appearance.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "appearance")]
pub struct Model {
    /// The session.
    #[sea_orm(primary_key, auto_increment = false)]
    pub session_id: String,
    /// The speaker.
    #[sea_orm(primary_key, auto_increment = false)]
    pub speaker_id: String,
    /// 0-based position in the session's published speaker list.
    pub position: i32,
    /// True where the programme prints "PDF" (presentation material) for this appearance.
    pub has_presentation: bool,
    /// Title of the talk, where the programme gives one.
    pub talk_title: Option<String>,
    /// Published remark, e.g. "video message".
    pub note: Option<String>,
}

/// Relations of [`Model`].
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// The session.
    #[sea_orm(
        belongs_to = "super::session::Entity",
        from = "Column::SessionId",
        to = "super::session::Column::Id"
    )]
    Session,
    /// The speaker.
    #[sea_orm(
        belongs_to = "super::speaker::Entity",
        from = "Column::SpeakerId",
        to = "super::speaker::Column::Id"
    )]
    Speaker,
}

impl ActiveModelBehavior for ActiveModel {}
