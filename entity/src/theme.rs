//! A theme of the programme: one per panel or topic presentation.

use sea_orm::entity::prelude::*;

/// One theme.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "theme")]
pub struct Model {
    /// Slug, also the public `Theme.slug`.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    /// Name as published.
    pub name: String,
    /// Description, where a source gives one.
    pub description: Option<String>,
    /// 0-based position in programme order.
    pub position: i32,
}

/// Relations of [`Model`].
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
