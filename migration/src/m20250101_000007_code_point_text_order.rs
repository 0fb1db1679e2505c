//! Text compares by code point on every backend. SQLite compares text by its bytes (`BINARY`),
//! which for UTF-8 is code-point order; a PostgreSQL database compares by its default collation,
//! which may be a language's (`en_US.UTF-8`, ICU), where accents, case and punctuation weigh
//! differently. Orderings and keyset cursors (names, sort keys, ids) must not depend on how the
//! server was set up, so on PostgreSQL every text column of the schema is given the `"C"`
//! collation (code-point order, as SQLite). SQLite: nothing to do.
//!
//! A later migration that adds a text column must pin it the same way (`text_column::add`;
//! `postgres::every_text_column_compares_by_code_point` checks it).

use sea_orm::{ConnectionTrait, DbBackend, Statement};
use sea_orm_migration::prelude::*;

/// Gives every text column the `"C"` collation on PostgreSQL.
pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20250101_000007_code_point_text_order"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        collate_text_columns(manager, "\"C\"").await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        collate_text_columns(manager, "\"default\"").await
    }
}

/// Sets the collation of every text column of the schema's tables (the migration table
/// aside) to `collation`, keeping each column's type; nothing on other backends.
async fn collate_text_columns(manager: &SchemaManager<'_>, collation: &str) -> Result<(), DbErr> {
    let db = manager.get_connection();
    if db.get_database_backend() != DbBackend::Postgres {
        return Ok(());
    }
    let columns = db
        .query_all_raw(Statement::from_string(
            DbBackend::Postgres,
            "SELECT c.relname AS table_name, a.attname AS column_name, \
                    format_type(a.atttypid, a.atttypmod) AS column_type \
             FROM pg_attribute a \
             JOIN pg_class c ON c.oid = a.attrelid \
             JOIN pg_namespace n ON n.oid = c.relnamespace \
             WHERE n.nspname = current_schema() AND c.relkind = 'r' \
               AND c.relname <> 'seaql_migrations' \
               AND a.attnum > 0 AND NOT a.attisdropped \
               AND a.atttypid IN ('text'::regtype, 'varchar'::regtype) \
             ORDER BY c.relname, a.attnum",
        ))
        .await?;
    for column in columns {
        let table: String = column.try_get("", "table_name")?;
        let name: String = column.try_get("", "column_name")?;
        let column_type: String = column.try_get("", "column_type")?;
        db.execute_unprepared(&format!(
            "ALTER TABLE \"{table}\" ALTER COLUMN \"{name}\" TYPE {column_type} COLLATE {collation}"
        ))
        .await?;
    }
    Ok(())
}
