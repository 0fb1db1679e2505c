//! The event's time line as its Japanese page prints it (`reference/event-pages.csv`).

use sea_orm_migration::prelude::*;

use crate::text_column;

/// Adds `event.time_line_ja` (null until a load that reads the event's pages), in code-point
/// order like every text column.
pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20250101_000009_event_time_line_ja"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        text_column::add(manager, "event", "time_line_ja").await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        text_column::drop(manager, "event", "time_line_ja").await
    }
}
