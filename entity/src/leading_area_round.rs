//! A selection round of Japan's Decarbonization Leading Areas, with its completeness.

use sea_orm::entity::prelude::*;

/// One round.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "leading_area_round")]
pub struct Model {
    /// Round number.
    #[sea_orm(primary_key, auto_increment = false)]
    pub round: i32,
    /// Announcement date; null where the source gives none.
    pub announced: Option<Date>,
    /// Rows held for the round.
    pub known_count: i32,
    /// Areas selected in the round, where the source says.
    pub expected_count: Option<i32>,
    /// True only where every area of the round is held.
    pub complete: bool,
}

/// Relations of [`Model`].
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
