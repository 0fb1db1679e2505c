//! Search results: a union of the entities search covers, each edge with its rank.

use async_graphql::{Context, Enum, SimpleObject, Union};

use super::connection::{PageInfo, Parts};
use super::{City, Organisation, Session, Speaker};
use crate::graphql::context::programme;
use crate::store::Page;
use crate::store::search::Hit;

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

/// A page of search results, by rank, then name.
#[derive(Clone, SimpleObject)]
pub struct SearchResultConnection {
    /// Where this page sits in the list: whether results precede or follow it, and the
    /// cursors to continue from in either direction.
    pub page_info: PageInfo,
    /// The page's results in order, each with its rank and cursor.
    pub edges: Vec<SearchResultEdge>,
    /// The page's results in order (each edge's `node`).
    pub nodes: Vec<SearchResult>,
    /// Results on all pages.
    pub total_count: i32,
}

/// A result in a page of search results.
#[derive(Clone, SimpleObject)]
pub struct SearchResultEdge {
    /// The entity found.
    pub node: SearchResult,
    /// Why the result matched; results come in this order, then by name.
    pub rank: SearchRank,
    /// The result's position in the list: `after` it for the results that follow, `before`
    /// it for those that precede. Opaque.
    pub cursor: String,
}

/// The connection of a page of hits, each resolved to its entity in the programme held in
/// memory (a hit whose entity is gone is left out).
pub async fn results(
    ctx: &Context<'_>,
    page: Page<Hit>,
) -> async_graphql::Result<SearchResultConnection> {
    let programme = programme(ctx).await?;
    let parts: Parts<Hit> = Parts::of(page);
    let mut edges = Vec::with_capacity(parts.items.len());
    for (cursor, hit) in parts.items {
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
        edges.push(SearchResultEdge { node, rank, cursor });
    }
    Ok(SearchResultConnection {
        page_info: parts.page_info,
        nodes: edges.iter().map(|edge| edge.node.clone()).collect(),
        edges,
        total_count: parts.total_count,
    })
}
