//! Batched queries: one statement for many keys, so that a level of a query (or a feed) costs
//! one statement per relation whatever the number of rows.

use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};

/// The rows of `E` whose `column` is one of `keys`.
pub async fn by_keys<E: EntityTrait>(
    db: &impl ConnectionTrait,
    column: E::Column,
    keys: impl IntoIterator<Item = String>,
) -> Result<Vec<E::Model>, DbErr> {
    E::find().filter(column.is_in(keys)).all(db).await
}

/// The rows of `E` whose `column` is one of `keys`, ordered by `order` (ascending).
pub async fn ordered_by_keys<E: EntityTrait>(
    db: &impl ConnectionTrait,
    column: E::Column,
    keys: impl IntoIterator<Item = String>,
    order: &[E::Column],
) -> Result<Vec<E::Model>, DbErr> {
    let mut select = E::find().filter(column.is_in(keys));
    for &column in order {
        select = select.order_by_asc(column);
    }
    select.all(db).await
}
