//! When the held dataset was loaded: the revision time that calendar feeds print (`DTSTAMP`).

use sea_orm_migration::{prelude::*, schema::*};

/// Adds `dataset_version.loaded_at`, set to the migration's time on a row already there.
pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20250101_000004_load_time"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(DatasetVersion::Table)
                    .add_column(timestamp_with_time_zone_null(DatasetVersion::LoadedAt))
                    .to_owned(),
            )
            .await?;
        let backfill = Query::update()
            .table(DatasetVersion::Table)
            .value(DatasetVersion::LoadedAt, Expr::current_timestamp())
            .to_owned();
        manager.exec_stmt(backfill).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(DatasetVersion::Table)
                    .drop_column(DatasetVersion::LoadedAt)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum DatasetVersion {
    Table,
    LoadedAt,
}
