//! How many search entries hold each bigram (derived by every load): a search starts from
//! its query's rarest bigram.

use sea_orm::entity::prelude::*;

/// One bigram and the number of entries that hold it.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "search_gram_frequency")]
pub struct Model {
    /// Two characters of folded text.
    #[sea_orm(primary_key, auto_increment = false)]
    pub gram: String,
    /// Entries holding it.
    pub entries: i32,
}

/// Relations of [`Model`].
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
