//! A reference list and how complete it is known to be.

use sea_orm::entity::prelude::*;

/// One reference list (EU Cities Mission cities, Japan DLA lead municipalities).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "reference_list")]
pub struct Model {
    /// Stable slug.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    /// Name, which says the list is only what this dataset knows.
    pub name: String,
    /// Source of the rows.
    pub source_id: String,
    /// Rows held.
    pub known_count: i32,
    /// Rows the official list has, where known.
    pub expected_count: Option<i32>,
    /// True only where every row of the official list is held.
    pub complete: bool,
    /// What is missing and why.
    pub completeness_note: String,
}

/// Relations of [`Model`].
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
