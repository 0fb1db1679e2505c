//! The organisers of the event, in published order.

use sea_orm::entity::prelude::*;

/// One organiser of an event.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "event_organiser")]
pub struct Model {
    /// The event.
    #[sea_orm(primary_key, auto_increment = false)]
    pub event_id: String,
    /// The organising body.
    #[sea_orm(primary_key, auto_increment = false)]
    pub organisation_id: String,
    /// 0-based position in the published list.
    pub position: i32,
}

/// Relations of [`Model`].
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
