//! All data access (every SQL statement the API sends): the root lists with their filters,
//! stable order and keyset pages, each answered with a constant number of statements; the
//! batched queries behind the GraphQL loaders (`batch`); the stored pairings; and the
//! request's snapshot that they all read through.

pub mod admission;
pub mod batch;
pub mod cities;
mod cursor;
pub mod export;
pub mod pairings;
pub mod participation;
pub mod programme;
pub mod programme_watch;
pub mod reference;
pub mod revision;
pub mod schedule;
pub mod search;
pub mod sessions;
pub mod snapshot;
pub mod speakers;

use sea_orm::{Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter};

use crate::error::ApiResult;
pub use cursor::Cursor;

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

/// How a list is ordered for keyset pagination: by `key`, then `id`, both ascending.
pub struct KeysetOrder<E: EntityTrait> {
    /// The list's name, carried in its cursors so that a cursor of one list is refused by another.
    pub list: &'static str,
    /// The sort column.
    pub key: E::Column,
    /// The tie-breaking id column.
    pub id: E::Column,
    /// Reads a cursor's key back into a value of the sort column (`None`: not a valid key).
    pub parse_key: fn(&str) -> Option<sea_orm::Value>,
    /// Reads a cursor's id back into a value of the id column (text ids: [`text_value`]).
    pub parse_id: fn(&str) -> Option<sea_orm::Value>,
    /// A row's sort key and id, as text for its cursor.
    pub key_of: fn(&E::Model) -> (String, String),
}

/// The page of `first` rows matching `condition`, strictly after the cursor `after`, in
/// `order`: one statement counts the matching rows, one reads `first + 1` of them (SeaORM's
/// keyset cursor: `key > k OR (key = k AND id > i)`, ordered by key then id) to learn whether
/// another page follows.
pub async fn keyset_page<E>(
    db: &impl ConnectionTrait,
    condition: Condition,
    order: KeysetOrder<E>,
    first: u64,
    after: Option<&str>,
) -> ApiResult<Page<E::Model>>
where
    E: EntityTrait,
    E::Model: Sync,
{
    let total_count = E::find().filter(condition.clone()).count(db).await?;
    let mut cursor = E::find().filter(condition).cursor_by((order.key, order.id));
    if let Some(after) = after {
        let position = Cursor::decode(order.list, after)?;
        let key = (order.parse_key)(&position.key).ok_or_else(|| Cursor::malformed(after))?;
        let id = (order.parse_id)(&position.id).ok_or_else(|| Cursor::malformed(after))?;
        cursor.after((key, id));
    }
    let mut rows = cursor.first(first + 1).all(db).await?;
    let has_next_page = rows.len() as u64 > first;
    rows.truncate(usize::try_from(first).unwrap_or(usize::MAX));
    let list = order.list;
    Ok(Page {
        rows: rows
            .into_iter()
            .map(|row| {
                let (key, id) = (order.key_of)(&row);
                (Cursor { list, key, id }, row)
            })
            .collect(),
        has_next_page,
        has_previous_page: after.is_some(),
        total_count,
    })
}

/// The order of lists sorted by name: the lower-cased name (`sort_name`), then the id.
pub fn by_name<E: EntityTrait>(
    list: &'static str,
    key: E::Column,
    id: E::Column,
    key_of: fn(&E::Model) -> (String, String),
) -> KeysetOrder<E> {
    KeysetOrder {
        list,
        key,
        id,
        parse_key: text_value,
        parse_id: text_value,
        key_of,
    }
}

/// A cursor part of a text column, as is.
pub fn text_value(text: &str) -> Option<sea_orm::Value> {
    Some(text.to_owned().into())
}

/// A cursor part of an integer column (`None` for text that is not an `i32`).
pub fn integer_value(text: &str) -> Option<sea_orm::Value> {
    text.parse::<i32>().ok().map(Into::into)
}
