//! The character bigrams of each search entry's folded text (derived by every load): the
//! index that finds candidate entries for a query of two characters or more, in any script.

use sea_orm::entity::prelude::*;

/// One bigram of one entry.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "search_gram")]
pub struct Model {
    /// Two characters of folded text.
    #[sea_orm(primary_key, auto_increment = false)]
    pub gram: String,
    /// The entry.
    #[sea_orm(primary_key, auto_increment = false)]
    pub entry_id: i32,
}

/// Relations of [`Model`].
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
