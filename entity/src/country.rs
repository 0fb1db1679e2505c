//! A country of a speaker's body or of a local government.

use sea_orm::entity::prelude::*;

use crate::Region;

/// One country.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "country")]
pub struct Model {
    /// ISO 3166-1 alpha-2 code, upper case.
    #[sea_orm(primary_key, auto_increment = false)]
    pub code: String,
    /// English short name.
    pub name: String,
    /// Side of the partnership.
    pub region: Region,
}

/// Relations of [`Model`].
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
