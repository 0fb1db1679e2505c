//! Search results: a union of the entities search covers, each edge with its rank.

use async_graphql::{Context, Enum, SimpleObject, Union};

use super::connection::{PageInfo, Parts};
use std::collections::HashMap;

use entity::{leading_area, mission_city};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use super::{City, LeadingArea, MissionCity, Organisation, Session, Speaker};
use crate::dataset::search_index::{LEADING_AREA, MISSION_CITY};
use crate::error::{ApiError, IntoGraphql};
use crate::graphql::context::{db, programme};
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
    /// A local government (by English or Japanese name, the name as published, its name
    /// without hyphens or spaces, or the page's "<name> City").
    City(City),
    /// A city of the EU Cities Mission list, whether or not it took part (by its name as the
    /// list gives it, the GeoNames name the data holds for it, or its country).
    MissionCity(MissionCity),
    /// A lead municipality of Japan's Decarbonization Leading Areas (by the municipality or
    /// its prefecture, in Japanese as transcribed).
    LeadingArea(LeadingArea),
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
/// memory, or, for the reference lists, in the request's snapshot (one statement per list
/// on the page; a hit whose entity is gone is left out).
pub async fn results(
    ctx: &Context<'_>,
    page: Page<Hit>,
) -> async_graphql::Result<SearchResultConnection> {
    let programme = programme(ctx).await?;
    let parts: Parts<Hit> = Parts::of(page);
    let rows_of = |kind: &str| -> Vec<i32> {
        parts
            .items
            .iter()
            .filter(|(_, hit)| hit.kind == kind)
            .filter_map(|(_, hit)| hit.entity_id.parse().ok())
            .collect()
    };
    let (mission_rows, leading_rows) = (rows_of(MISSION_CITY), rows_of(LEADING_AREA));
    let mut mission: HashMap<String, mission_city::Model> = HashMap::new();
    if !mission_rows.is_empty() {
        let found = mission_city::Entity::find()
            .filter(mission_city::Column::Row.is_in(mission_rows))
            .all(db(ctx).await?)
            .await
            .map_err(ApiError::from)
            .gql()?;
        mission.extend(found.into_iter().map(|m| (m.row.to_string(), m)));
    }
    let mut leading: HashMap<String, leading_area::Model> = HashMap::new();
    if !leading_rows.is_empty() {
        let found = leading_area::Entity::find()
            .filter(leading_area::Column::Row.is_in(leading_rows))
            .all(db(ctx).await?)
            .await
            .map_err(ApiError::from)
            .gql()?;
        leading.extend(found.into_iter().map(|a| (a.row.to_string(), a)));
    }
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
            MISSION_CITY => mission
                .remove(id)
                .map(|m| SearchResult::MissionCity(MissionCity::from(m))),
            LEADING_AREA => leading
                .remove(id)
                .map(|a| SearchResult::LeadingArea(LeadingArea::from(a))),
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
