//! Data access for the root lists: filters, a stable order and keyset pages, each answered
//! with a constant number of SQL statements. Relations between entities go through the
//! batched loaders of `graphql::loaders` instead.

pub mod cities;
pub mod pairings;
pub mod sessions;
pub mod speakers;

use sea_orm::{Condition, DatabaseConnection, EntityTrait, PaginatorTrait, QuerySelect, Select};

use crate::error::ApiResult;
use crate::graphql::cursor::Cursor;

/// One page of an ordered list.
#[derive(Debug, Clone)]
pub struct Page<T> {
    /// The rows, each with the cursor that points at it.
    pub rows: Vec<(Cursor, T)>,
    /// True when rows follow the last one.
    pub has_next_page: bool,
    /// True when the page was asked for after a cursor (rows precede it).
    pub has_previous_page: bool,
    /// Rows matching the filter, on all pages.
    pub total_count: u64,
}

/// The page of `first` rows of `filtered` after `after`, in the order `ordered` already has.
///
/// `ordered` is `filtered` plus the keyset condition and the ORDER BY; one statement counts,
/// one fetches `first + 1` rows to learn whether another page follows.
pub async fn fetch_page<E>(
    db: &DatabaseConnection,
    filtered: Select<E>,
    ordered: Select<E>,
    first: u64,
    after_given: bool,
    cursor_of: impl Fn(&E::Model) -> Cursor,
) -> ApiResult<Page<E::Model>>
where
    E: EntityTrait,
    E::Model: Sync,
{
    let total_count = filtered.count(db).await?;
    let mut rows = ordered.limit(first + 1).all(db).await?;
    let has_next_page = rows.len() as u64 > first;
    rows.truncate(usize::try_from(first).unwrap_or(usize::MAX));
    Ok(Page {
        rows: rows.into_iter().map(|row| (cursor_of(&row), row)).collect(),
        has_next_page,
        has_previous_page: after_given,
        total_count,
    })
}

/// `key > after.key OR (key = after.key AND id > after.id)`: strictly after the cursor's row.
pub fn strictly_after<K, I>(key: K, id: I, key_value: sea_orm::Value, id_value: String) -> Condition
where
    K: sea_orm::ColumnTrait,
    I: sea_orm::ColumnTrait,
{
    Condition::any()
        .add(key.gt(key_value.clone()))
        .add(Condition::all().add(key.eq(key_value)).add(id.gt(id_value)))
}
