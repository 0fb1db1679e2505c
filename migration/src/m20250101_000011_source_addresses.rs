//! Public addresses: a source's own (`source.url`: the event page for the seed) with when it
//! was consulted (`source.retrieved`), and a provenance record's where the record cites a
//! document of its own (`provenance.url`: a company's filing for its seat).

use sea_orm_migration::prelude::*;

use crate::text_column;

/// Adds `source.url`, `source.retrieved` and `provenance.url` (null until a load that writes
/// them), in code-point order like every text column.
pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20250101_000011_source_addresses"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        text_column::add(manager, "source", "url").await?;
        text_column::add(manager, "source", "retrieved").await?;
        text_column::add(manager, "provenance", "url").await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        text_column::drop(manager, "provenance", "url").await?;
        text_column::drop(manager, "source", "retrieved").await?;
        text_column::drop(manager, "source", "url").await
    }
}
