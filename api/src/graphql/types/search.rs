//! Search results: a union of the entities search covers, each edge with its rank.

use async_graphql::connection::{Connection, Edge};
use async_graphql::{Context, Enum, SimpleObject, Union};

use super::{City, ListTotals, Organisation, Session, Speaker, total_count};
use crate::graphql::context::programme;
use crate::store::search::Hit;
use crate::store::{Cursor, Page};

/// An entity that search finds.
#[derive(Clone, Union)]
pub enum SearchResult {
    /// A session (by its title, description or theme).
    Session(Session),
    /// A speaker (by name, role, body or city).
    Speaker(Speaker),
    /// A body other than a local government (by name or abbreviation); local governments are
    /// found as cities.
    Organisation(Organisation),
    /// A local government (by English or Japanese name, or the name as published).
    City(City),
}

/// Why a result matched, which is also the order of results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub enum SearchRank {
    /// The name or title (or the Japanese name) is the query.
    ExactName,
    /// The name or title starts with the query.
    NamePrefix,
    /// The name or title contains the query.
    NameContains,
    /// Only the description, role, body, theme or published form of the name contains it.
    Description,
}

/// What a search edge adds: why it matched.
#[derive(Clone, SimpleObject)]
pub struct SearchMatch {
    /// Why the result matched; results come in this order, then by name.
    pub rank: SearchRank,
}

/// A page of search results.
pub type SearchResultConnection = Connection<Cursor, SearchResult, ListTotals, SearchMatch>;

/// The connection of a page of hits, each resolved to its entity (in one batch per kind).
pub async fn results(
    ctx: &Context<'_>,
    page: Page<Hit>,
) -> async_graphql::Result<SearchResultConnection> {
    let programme = programme(ctx).await?;
    let totals = ListTotals {
        total_count: total_count(&page),
    };
    let mut connection =
        Connection::with_additional_fields(page.has_previous_page, page.has_next_page, totals);
    for (cursor, hit) in page.rows {
        let id = hit.entity_id.as_str();
        let node = match hit.kind.as_str() {
            "session" => programme
                .session(id)
                .map(|m| SearchResult::Session(Session(m.clone()))),
            "speaker" => programme
                .speaker(id)
                .map(|m| SearchResult::Speaker(Speaker(m.clone()))),
            "organisation" => programme
                .organisation(id)
                .map(|m| SearchResult::Organisation(Organisation(m.clone()))),
            _ => programme
                .city(id)
                .map(|m| SearchResult::City(City(m.clone()))),
        };
        let Some(node) = node else { continue };
        let rank = match hit.tier {
            1 => SearchRank::ExactName,
            2 => SearchRank::NamePrefix,
            3 => SearchRank::NameContains,
            _ => SearchRank::Description,
        };
        connection.edges.push(Edge::with_additional_fields(
            cursor,
            node,
            SearchMatch { rank },
        ));
    }
    Ok(connection)
}
