//! A public source that facts are taken from (the seed page, a reference file, GeoNames).

use sea_orm::entity::prelude::*;

/// One source document.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "source")]
pub struct Model {
    /// Short stable name, e.g. `seed`, `participants.csv`.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    /// Human-readable title.
    pub title: String,
    /// Where the source is: a path inside the repository or a public address.
    pub location: String,
    /// Licence and attribution terms, where the source states them.
    pub licence: Option<String>,
    /// The source's public address, where it has one (the event page for the seed).
    pub url: Option<String>,
    /// When the public source was consulted, and what is not known of its retrieval.
    pub retrieved: Option<String>,
}

/// Relations of [`Model`].
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
