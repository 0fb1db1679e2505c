//! Relay connections of the contract (`SessionConnection`, `SpeakerConnection`,
//! `CityConnection`, their edges and `PageInfo`), built with async-graphql's `connection`
//! module over a page of the store. Its default names (`<Node>Connection`, `<Node>Edge`) are
//! the contract's; `totalCount` is the one field added.

use async_graphql::connection::{Connection, CursorType, Edge};
use async_graphql::{OutputType, SimpleObject};

use super::{City, Session, Speaker};
use crate::error::ApiError;
use crate::store::{Cursor, Page};

/// What a connection adds to Relay's fields.
#[derive(Clone, SimpleObject)]
pub struct ListTotals {
    /// Items on all pages (matching the filter).
    pub total_count: i32,
}

/// A page of sessions.
pub type SessionConnection = Connection<Cursor, Session, ListTotals>;
/// A page of speakers.
pub type SpeakerConnection = Connection<Cursor, Speaker, ListTotals>;
/// A page of cities.
pub type CityConnection = Connection<Cursor, City, ListTotals>;

/// The connection of a page of the store.
pub fn connection<M, N>(page: Page<M>) -> Connection<Cursor, N, ListTotals>
where
    N: From<M> + OutputType,
{
    let totals = ListTotals {
        total_count: total_count(&page),
    };
    connection_with(page, totals)
}

/// `totalCount` of a page.
pub fn total_count<M>(page: &Page<M>) -> i32 {
    i32::try_from(page.total_count).unwrap_or(i32::MAX)
}

/// The connection of a page of the store, with `totals` as its added fields.
pub fn connection_with<M, N, T>(page: Page<M>, totals: T) -> Connection<Cursor, N, T>
where
    N: From<M> + OutputType,
    T: async_graphql::ObjectType,
{
    let mut connection =
        Connection::with_additional_fields(page.has_previous_page, page.has_next_page, totals);
    connection.edges.extend(
        page.rows
            .into_iter()
            .map(|(cursor, row)| Edge::new(cursor, N::from(row))),
    );
    connection
}

/// Cursors are opaque strings; which list one belongs to is checked where `after` is read
/// (`store::keyset_page`), so that a cursor of one list is a `BAD_USER_INPUT` in another.
impl CursorType for Cursor {
    type Error = ApiError;

    fn decode_cursor(text: &str) -> Result<Self, Self::Error> {
        Cursor::decode_any(text)
    }

    fn encode_cursor(&self) -> String {
        self.encode()
    }
}
