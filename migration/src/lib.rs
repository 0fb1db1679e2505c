//! Schema migrations of the programme database.
//!
//! The schema is portable between SQLite and PostgreSQL: text keys, CHECK constraints only where
//! both engines enforce them alike, an index for every filter that the API offers, and text
//! compared by code point on both (PostgreSQL's columns are pinned to the `"C"` collation).
//! The programme itself is loaded by `cities-api load-data`, not by a migration.

pub use sea_orm_migration::prelude::*;

mod m20250101_000001_places_and_references;
mod m20250101_000002_programme;
mod m20250101_000003_derived_and_background;
mod m20250101_000004_load_time;
mod m20250101_000005_research;
mod m20250101_000006_search_gram_frequency;
mod m20250101_000007_code_point_text_order;
mod m20250101_000008_event_name_ja;
mod m20250101_000009_event_time_line_ja;
mod m20250101_000010_organisation_name_ja;
mod m20250101_000011_source_addresses;
mod text_column;
mod vocabulary;

/// All migrations, in order.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20250101_000001_places_and_references::Migration),
            Box::new(m20250101_000002_programme::Migration),
            Box::new(m20250101_000003_derived_and_background::Migration),
            Box::new(m20250101_000004_load_time::Migration),
            Box::new(m20250101_000005_research::Migration),
            Box::new(m20250101_000006_search_gram_frequency::Migration),
            Box::new(m20250101_000007_code_point_text_order::Migration),
            Box::new(m20250101_000008_event_name_ja::Migration),
            Box::new(m20250101_000009_event_time_line_ja::Migration),
            Box::new(m20250101_000010_organisation_name_ja::Migration),
            Box::new(m20250101_000011_source_addresses::Migration),
        ]
    }
}
