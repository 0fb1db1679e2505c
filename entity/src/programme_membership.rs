//! A local government's selection by a national programme.

use sea_orm::entity::prelude::*;

use crate::Programme;

/// One membership.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "programme_membership")]
pub struct Model {
    /// The local government.
    #[sea_orm(primary_key, auto_increment = false)]
    pub local_government_id: String,
    /// The programme.
    #[sea_orm(primary_key, auto_increment = false)]
    pub programme: Programme,
    /// Selection round (Japan DLA only).
    pub round: Option<i32>,
    /// Date the selection was announced.
    pub announced: Option<Date>,
    /// Source of the fact.
    pub source_id: String,
    /// The 1-based row of the programme's reference list (`mission_city.row` or
    /// `leading_area.row`) that names this local government, as the loader matched it.
    pub list_row: Option<i32>,
}

/// Relations of [`Model`].
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
