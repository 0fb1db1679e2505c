//! Relay connections of the contract: `SessionConnection`, `SpeakerConnection`,
//! `CityConnection`, with their edges and the shared `PageInfo`.

use async_graphql::SimpleObject;

use super::{City, Session, Speaker};
use crate::store::Page;

/// Information about a page of a connection.
#[derive(Debug, Clone, SimpleObject)]
pub struct PageInfo {
    /// True when more items follow this page.
    pub has_next_page: bool,
    /// True when the page was requested after a cursor (items precede it).
    pub has_previous_page: bool,
    /// Cursor of the first item of the page; null on an empty page.
    pub start_cursor: Option<String>,
    /// Cursor of the last item of the page; pass it as `after` for the next page.
    pub end_cursor: Option<String>,
}

macro_rules! connection {
    ($connection:ident, $edge:ident, $node:ident, $what:literal) => {
        #[doc = concat!("A page of ", $what, ".")]
        #[derive(Clone, SimpleObject)]
        pub struct $connection {
            /// The items with their cursors.
            pub edges: Vec<$edge>,
            /// The items.
            pub nodes: Vec<$node>,
            /// Where this page is in the list.
            pub page_info: PageInfo,
            /// Items on all pages (matching the filter).
            pub total_count: i32,
        }

        #[doc = concat!("One of ", $what, " with its cursor.")]
        #[derive(Clone, SimpleObject)]
        pub struct $edge {
            /// Opaque cursor of this item; pass it as `after` to get the items that follow.
            pub cursor: String,
            /// The item.
            pub node: $node,
        }

        impl<M> From<Page<M>> for $connection
        where
            $node: From<M>,
        {
            fn from(page: Page<M>) -> Self {
                let edges: Vec<$edge> = page
                    .rows
                    .into_iter()
                    .map(|(cursor, row)| $edge {
                        cursor: cursor.encode(),
                        node: $node::from(row),
                    })
                    .collect();
                Self {
                    nodes: edges.iter().map(|edge| edge.node.clone()).collect(),
                    page_info: PageInfo {
                        has_next_page: page.has_next_page,
                        has_previous_page: page.has_previous_page,
                        start_cursor: edges.first().map(|edge| edge.cursor.clone()),
                        end_cursor: edges.last().map(|edge| edge.cursor.clone()),
                    },
                    total_count: i32::try_from(page.total_count).unwrap_or(i32::MAX),
                    edges,
                }
            }
        }
    };
}

connection!(SessionConnection, SessionEdge, Session, "sessions");
connection!(SpeakerConnection, SpeakerEdge, Speaker, "speakers");
connection!(CityConnection, CityEdge, City, "cities");
