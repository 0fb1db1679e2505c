//! All data access (every SQL statement the API sends): the root lists with their filters,
//! stable order and keyset pages, each answered with a constant number of statements; the
//! batched queries behind the GraphQL loaders (`batch`); the stored pairings; and the
//! request's snapshot that they all read through.

pub mod batch;
pub mod cities;
mod cursor;
pub mod pairings;
pub mod programme;
pub mod sessions;
pub mod snapshot;
pub mod speakers;

use sea_orm::{
    Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
    Select,
};

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

/// The page of `first` rows of `filtered` after `after`, in the order `ordered` already has.
///
/// `ordered` is `filtered` plus the keyset condition and the ORDER BY; one statement counts,
/// one fetches `first + 1` rows to learn whether another page follows.
async fn fetch_page<E>(
    db: &impl ConnectionTrait,
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
fn strictly_after<K, I>(key: K, id: I, key_value: sea_orm::Value, id_value: String) -> Condition
where
    K: sea_orm::ColumnTrait,
    I: sea_orm::ColumnTrait,
{
    Condition::any()
        .add(key.gt(key_value.clone()))
        .add(Condition::all().add(key.eq(key_value)).add(id.gt(id_value)))
}

/// How a list is ordered for keyset pagination: by `key`, then `id`, both ascending.
pub struct KeysetOrder<E: EntityTrait, P, K> {
    /// The list's name, carried in its cursors so that a cursor of one list is refused by another.
    pub list: &'static str,
    /// The sort column.
    pub key: E::Column,
    /// The tie-breaking id column.
    pub id: E::Column,
    /// Reads a cursor's key back into a value of the sort column (`None`: not a valid key).
    pub parse_key: P,
    /// A row's sort key and id, as text for its cursor.
    pub key_of: K,
}

/// The page of `first` rows matching `condition`, after the cursor `after`, in `order`.
pub async fn keyset_page<E, P, K>(
    db: &impl ConnectionTrait,
    condition: Condition,
    order: KeysetOrder<E, P, K>,
    first: u64,
    after: Option<&str>,
) -> ApiResult<Page<E::Model>>
where
    E: EntityTrait,
    E::Model: Sync,
    P: Fn(&str) -> Option<sea_orm::Value>,
    K: Fn(&E::Model) -> (String, String),
{
    let filtered = E::find().filter(condition.clone());
    let mut ordered = E::find().filter(condition);
    if let Some(after) = after {
        let cursor = Cursor::decode(order.list, after)?;
        let key = (order.parse_key)(&cursor.key).ok_or_else(|| Cursor::malformed(after))?;
        ordered = ordered.filter(strictly_after(order.key, order.id, key, cursor.id));
    }
    let ordered = ordered.order_by_asc(order.key).order_by_asc(order.id);
    let list = order.list;
    fetch_page(db, filtered, ordered, first, after.is_some(), |row| {
        let (key, id) = (order.key_of)(row);
        Cursor { list, key, id }
    })
    .await
}

/// Reads a cursor key back into a sort value.
pub type ParseKey = fn(&str) -> Option<sea_orm::Value>;

/// The order of lists sorted by name: the lower-cased name, then the id.
pub fn by_name<E, K>(
    list: &'static str,
    key: E::Column,
    id: E::Column,
    key_of: K,
) -> KeysetOrder<E, ParseKey, K>
where
    E: EntityTrait,
    K: Fn(&E::Model) -> (String, String),
{
    KeysetOrder {
        list,
        key,
        id,
        parse_key: |key| Some(key.to_owned().into()),
        key_of,
    }
}
