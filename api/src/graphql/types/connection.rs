//! Relay connections: one page of a list, with the contract's `edges` and `pageInfo`, the items
//! directly (`nodes`) and `totalCount`. Each connection and edge type is declared here with its
//! own description (`connection!`); pages come from the store (`store::Page`), forwards
//! (`first`/`after`) or backwards (`last`/`before`).

use async_graphql::SimpleObject;

use super::{City, Completeness, LeadingArea, MissionCity, Organisation, Session, Speaker};
use crate::store::Page;

/// Where a page sits in its list, and the cursors that continue from it.
#[derive(Clone, Debug, SimpleObject)]
pub struct PageInfo {
    /// True when items of the list precede this page: ask for them with `last` and `before:
    /// startCursor`.
    pub has_previous_page: bool,
    /// True when items of the list follow this page: ask for them with `first` and `after:
    /// endCursor`.
    pub has_next_page: bool,
    /// The cursor of the page's first item; null when the page is empty.
    pub start_cursor: Option<String>,
    /// The cursor of the page's last item; null when the page is empty.
    pub end_cursor: Option<String>,
}

/// The parts every connection is built from: page information, the edges' cursors and nodes,
/// and the count of all pages' items.
pub struct Parts<N> {
    /// `pageInfo`.
    pub page_info: PageInfo,
    /// Each item with its cursor, in list order.
    pub items: Vec<(String, N)>,
    /// `totalCount`.
    pub total_count: i32,
}

impl<N> Parts<N> {
    /// The parts of a page of the store, each row turned into its node.
    pub fn of<M>(page: Page<M>) -> Self
    where
        N: From<M>,
    {
        let total_count = total_count(&page);
        let items: Vec<(String, N)> = page
            .rows
            .into_iter()
            .map(|(cursor, row)| (cursor.encode(), N::from(row)))
            .collect();
        Self {
            page_info: PageInfo {
                has_previous_page: page.has_previous_page,
                has_next_page: page.has_next_page,
                start_cursor: items.first().map(|(cursor, _)| cursor.clone()),
                end_cursor: items.last().map(|(cursor, _)| cursor.clone()),
            },
            items,
            total_count,
        }
    }
}

/// `totalCount` of a page.
pub fn total_count<M>(page: &Page<M>) -> i32 {
    i32::try_from(page.total_count).unwrap_or(i32::MAX)
}

/// Declares a connection type and its edge type over `$node`, with their descriptions; with
/// `extra`, the connection also flattens in the fields of that object (e.g. `completeness`).
macro_rules! connection {
    (
        $(#[doc = $doc:literal])+
        $connection:ident,
        $(#[doc = $edge_doc:literal])+
        $edge:ident of $node:ty $(, extra $extra:ty)?
    ) => {
        $(#[doc = $doc])+
        #[derive(Clone, SimpleObject)]
        pub struct $connection {
            /// Where this page sits in the list: whether items precede or follow it, and the
            /// cursors to continue from in either direction.
            pub page_info: PageInfo,
            /// The page's items in list order, each with its cursor.
            pub edges: Vec<$edge>,
            /// The page's items in list order (each edge's `node`), for clients that need no
            /// cursor per item.
            pub nodes: Vec<$node>,
            /// Items on all pages (matching the filter).
            pub total_count: i32,
            $(
                #[graphql(flatten)]
                /// What this list adds to a page.
                pub extra: $extra,
            )?
        }

        $(#[doc = $edge_doc])+
        #[derive(Clone, SimpleObject)]
        pub struct $edge {
            /// The item.
            pub node: $node,
            /// The item's position in the list: `after` it for the items that follow, `before`
            /// it for those that precede. Opaque; valid across reloads of the data.
            pub cursor: String,
        }

        impl $connection {
            /// The connection of `parts`.
            pub fn new(parts: Parts<$node> $(, extra: $extra)?) -> Self {
                let (edges, nodes) = parts
                    .items
                    .into_iter()
                    .map(|(cursor, node)| {
                        ($edge { node: node.clone(), cursor }, node)
                    })
                    .unzip();
                Self {
                    page_info: parts.page_info,
                    edges,
                    nodes,
                    total_count: parts.total_count,
                    $(extra: <$extra>::from(extra),)?
                }
            }
        }
    };
}

connection! {
    /// A page of sessions, in programme order (by start, then id).
    SessionConnection,
    /// A session in a page of sessions.
    SessionEdge of Session
}

connection! {
    /// A page of speakers, by name.
    SpeakerConnection,
    /// A speaker in a page of speakers.
    SpeakerEdge of Speaker
}

connection! {
    /// A page of local governments, by name.
    CityConnection,
    /// A local government in a page of local governments.
    CityEdge of City
}

connection! {
    /// A page of organisations (the bodies speakers represent), by name.
    OrganisationConnection,
    /// An organisation in a page of organisations.
    OrganisationEdge of Organisation
}

/// What a page of a reference list adds: how complete the list is.
#[derive(Clone, SimpleObject)]
pub struct ListCompleteness {
    /// How complete the list the items are drawn from is (the round's, where the filter
    /// names a round). A filter narrows the items, never the completeness.
    pub completeness: Completeness,
}

connection! {
    /// A page of the EU Cities Mission list, in list order, with the list's completeness.
    MissionCityConnection,
    /// A city in a page of the EU Cities Mission list.
    MissionCityEdge of MissionCity, extra ListCompleteness
}

connection! {
    /// A page of Japan's Decarbonization Leading Areas, in list order, with the list's (or
    /// the round's) completeness.
    LeadingAreaConnection,
    /// A lead municipality in a page of the Decarbonization Leading Areas.
    LeadingAreaEdge of LeadingArea, extra ListCompleteness
}
