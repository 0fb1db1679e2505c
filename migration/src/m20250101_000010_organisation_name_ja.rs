//! An organisation's Japanese name, from `reference/organisations.csv` (the Panel 4 companies).

use sea_orm_migration::prelude::*;

use crate::text_column;

/// Adds `organisation.name_ja` (null until a load that reads its row), in code-point
/// order like every text column.
pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20250101_000010_organisation_name_ja"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        text_column::add(manager, "organisation", "name_ja").await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        text_column::drop(manager, "organisation", "name_ja").await
    }
}
