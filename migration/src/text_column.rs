//! Adding a nullable text column the way every text column of the schema is: in code-point
//! order on PostgreSQL (`"C"` collation, see `m20250101_000007_code_point_text_order`), plain
//! on SQLite (whose `BINARY` order is already code-point order).

use sea_orm::{ConnectionTrait, DbBackend};
use sea_orm_migration::{prelude::*, schema::*};

/// Adds the nullable text column `column` to `table`.
pub async fn add(manager: &SchemaManager<'_>, table: &str, column: &str) -> Result<(), DbErr> {
    manager
        .alter_table(
            Table::alter()
                .table(Alias::new(table))
                .add_column(text_null(Alias::new(column)))
                .to_owned(),
        )
        .await?;
    let db = manager.get_connection();
    if db.get_database_backend() == DbBackend::Postgres {
        db.execute_unprepared(&format!(
            "ALTER TABLE \"{table}\" ALTER COLUMN \"{column}\" TYPE text COLLATE \"C\""
        ))
        .await?;
    }
    Ok(())
}

/// Drops `column` from `table`: the exact down of [`add`].
pub async fn drop(manager: &SchemaManager<'_>, table: &str, column: &str) -> Result<(), DbErr> {
    manager
        .alter_table(
            Table::alter()
                .table(Alias::new(table))
                .drop_column(Alias::new(column))
                .to_owned(),
        )
        .await
}
