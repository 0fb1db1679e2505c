//! All data access (every SQL statement the API sends): the root lists with their filters,
//! stable order and keyset pages, each answered with a constant number of statements; the
//! batched queries behind the GraphQL loaders (`batch`); the stored pairings; and the
//! request's snapshot that they all read through.

pub mod admission;
pub mod batch;
mod cursor;
pub mod export;
pub mod filters;
pub mod pairings;
pub mod participation;
pub mod programme;
pub mod programme_watch;
pub mod reference;
pub mod revision;
pub mod revision_feed;
pub mod schedule;
pub mod search;
pub mod snapshot;

use sea_orm::{Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter};

use crate::error::ApiResult;
pub use cursor::Cursor;

/// One page of an ordered list.
#[derive(Debug, Clone)]
pub struct Page<T> {
    /// The rows, each with the cursor that points at it.
    pub rows: Vec<(Cursor, T)>,
    /// True when rows follow the last one (exact for the lists held in memory; for those read
    /// from the database, exact when paging forwards, and true whenever a backward page ends
    /// before a cursor).
    pub has_next_page: bool,
    /// True when rows precede the first one (exact for the lists held in memory; for those
    /// read from the database, exact when paging backwards, and true whenever a forward page
    /// starts after a cursor).
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
    /// Reads a cursor's id back into a value of the id column.
    pub parse_id: fn(&str) -> Option<sea_orm::Value>,
    /// A row's sort key and id, as text for its cursor.
    pub key_of: fn(&E::Model) -> (String, String),
}

/// Which page of an ordered list to read: of the rows strictly between the cursors `after`
/// and `before` (either may be absent), the first `size` (`first`) or the last `size`
/// (`last`, with `from_end`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Window {
    /// Rows wanted.
    pub size: u64,
    /// The page starts strictly after this cursor.
    pub after: Option<String>,
    /// The page ends strictly before this cursor.
    pub before: Option<String>,
    /// True: the last `size` rows of the range (`last`); false: the first (`first`).
    pub from_end: bool,
}

impl Window {
    /// How many rows to read to learn whether more follow in the window's direction.
    fn probe(&self) -> u64 {
        self.size.saturating_add(1)
    }

    /// `size` as a length.
    fn len(&self) -> usize {
        usize::try_from(self.size).unwrap_or(usize::MAX)
    }

    /// Keeps the window's rows of `rows` (read in list order with one extra row at the end
    /// the window reads from); true when the extra row was there.
    fn trim<T>(&self, rows: &mut Vec<T>) -> bool {
        let more = rows.len() > self.len();
        if more {
            if self.from_end {
                rows.drain(..rows.len() - self.len());
            } else {
                rows.truncate(self.len());
            }
        }
        more
    }

    /// `(has_previous_page, has_next_page)` of a page read through a database statement:
    /// `more` rows beyond the page in the window's direction, and in the other direction
    /// whenever the window starts (or ends) at a cursor.
    fn flags(&self, more: bool) -> (bool, bool) {
        if self.from_end {
            (more, self.before.is_some())
        } else {
            (self.after.is_some(), more)
        }
    }
}

/// The page of `window` among the rows matching `condition`, in `order`: one statement counts
/// the matching rows, one reads `size + 1` of them (SeaORM's keyset cursor: `key > k OR (key =
/// k AND id > i)` after a cursor, the mirror before one, ordered by key then id, reversed for
/// `last`) to learn whether another page follows.
pub async fn keyset_page<E>(
    db: &impl ConnectionTrait,
    condition: Condition,
    order: KeysetOrder<E>,
    window: &Window,
) -> ApiResult<Page<E::Model>>
where
    E: EntityTrait,
    E::Model: Sync,
{
    let total_count = E::find().filter(condition.clone()).count(db).await?;
    let mut cursor = E::find().filter(condition).cursor_by((order.key, order.id));
    let position = |argument: &'static str,
                    text: &str|
     -> ApiResult<(sea_orm::Value, sea_orm::Value)> {
        let position = Cursor::decode(order.list, argument, text)?;
        let key =
            (order.parse_key)(&position.key).ok_or_else(|| Cursor::malformed(argument, text))?;
        let id = (order.parse_id)(&position.id).ok_or_else(|| Cursor::malformed(argument, text))?;
        Ok((key, id))
    };
    if let Some(after) = &window.after {
        cursor.after(position("after", after)?);
    }
    if let Some(before) = &window.before {
        cursor.before(position("before", before)?);
    }
    if window.from_end {
        cursor.last(window.probe());
    } else {
        cursor.first(window.probe());
    }
    let mut rows = cursor.all(db).await?;
    let more = window.trim(&mut rows);
    let (has_previous_page, has_next_page) = window.flags(more);
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
        has_previous_page,
        total_count,
    })
}

/// A cursor part of an integer column (`None` for text that is not an `i32`).
pub fn integer_value(text: &str) -> Option<sea_orm::Value> {
    text.parse::<i32>().ok().map(Into::into)
}
