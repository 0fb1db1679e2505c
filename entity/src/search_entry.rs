//! One searchable entity, with its text folded for matching (derived by every load).

use sea_orm::entity::prelude::*;

/// One entry of the search index.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "search_entry")]
pub struct Model {
    /// Surrogate key, in load order.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: i32,
    /// `session`, `speaker`, `organisation` or `city`.
    pub kind: String,
    /// Key of the entity.
    pub entity_id: String,
    /// Name or title, as served.
    pub name: String,
    /// Name or title, and the Japanese name where there is one, folded (lower case, accents
    /// removed, NFKC): what queries are matched against first.
    pub name_folded: String,
    /// Official Japanese name, where there is one.
    pub name_ja: Option<String>,
    /// Description, role and body, folded: matched last.
    pub description_folded: String,
}

/// Relations of [`Model`].
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
