//! Where a served fact comes from.

use sea_orm::entity::prelude::*;

/// One fact's source: a record (or one field of it) and the place in a source document.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "provenance")]
pub struct Model {
    /// Surrogate key.
    #[sea_orm(primary_key)]
    pub id: i32,
    /// Table of the record, e.g. `speaker`.
    pub entity: String,
    /// Key of the record.
    pub entity_id: String,
    /// Field the fact is, or null for the record as a whole.
    pub field: Option<String>,
    /// The source document.
    pub source_id: String,
    /// Place in the source: `line 42`, `row 7`.
    pub locator: String,
    /// The text quoted from the source, where the served text differs or was inferred.
    pub quote: Option<String>,
    /// Correction or inference applied, in words.
    pub note: Option<String>,
    /// The address of the document this record cites, where it cites one of its own (a
    /// company's filing, for the row of `organisations.csv` that gives its seat).
    pub url: Option<String>,
}

/// Relations of [`Model`].
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
