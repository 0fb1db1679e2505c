//! A lead municipality of a Japanese Decarbonization Leading Area.

use sea_orm::entity::prelude::*;

/// One row of `japan-decarbonization-leading-areas.csv`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "leading_area")]
pub struct Model {
    /// 1-based data row of the CSV file.
    #[sea_orm(primary_key, auto_increment = false)]
    pub row: i32,
    /// Selection round.
    pub round: i32,
    /// Prefecture, in Japanese.
    pub prefecture: String,
    /// Lead municipality, in Japanese, as transcribed.
    pub lead_municipality: String,
    /// Transcriber's note.
    pub note: Option<String>,
    /// Page the row was transcribed from.
    pub source_url: String,
}

/// Relations of [`Model`].
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
