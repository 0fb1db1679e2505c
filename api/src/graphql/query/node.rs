//! `node(id:)`.

use async_graphql::{Context, ID, Object};

use crate::error::{ApiError, IntoGraphql};
use crate::graphql::context::{db, programme};
use crate::graphql::types::{
    City, CityPairing, Country, Event, LeadingArea, MissionCity, Node, Organisation, Session,
    Speaker, Theme,
};
use crate::ids::{NodeType, decode};
use crate::store::reference;

/// Global object lookup.
#[derive(Default)]
pub struct NodeQuery;

#[Object]
impl NodeQuery {
    /// Any entity by its global id; null when no entity has that id.
    async fn node(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "A global id, as returned in any `id` field.")] id: ID,
    ) -> async_graphql::Result<Option<Node>> {
        let (node_type, key) = decode("id", &id).gql()?;
        let programme = programme(ctx).await?;
        Ok(match node_type {
            NodeType::Event => programme
                .event()
                .filter(|event| event.id == key)
                .map(|e| Node::Event(Event(e.clone()))),
            NodeType::Theme => programme.theme(&key).map(|t| Node::Theme(Theme(t.clone()))),
            NodeType::Session => programme
                .session(&key)
                .map(|s| Node::Session(Session(s.clone()))),
            NodeType::Speaker => programme
                .speaker(&key)
                .map(|s| Node::Speaker(Speaker(s.clone()))),
            NodeType::Organisation => programme
                .organisation(&key)
                .map(|o| Node::Organisation(Organisation(o.clone()))),
            NodeType::City => programme.city(&key).map(|c| Node::City(City(c.clone()))),
            NodeType::Country => programme
                .country(&key)
                .map(|c| Node::Country(Country(c.clone()))),
            NodeType::CityPairing => programme
                .pairing(&key)
                .map(|p| Node::CityPairing(CityPairing(p.clone()))),
            NodeType::MissionCity => reference::mission_city(db(ctx).await?, &key)
                .await
                .map_err(ApiError::from)
                .gql()?
                .map(|m| Node::MissionCity(MissionCity(m))),
            NodeType::LeadingArea => reference::leading_area(db(ctx).await?, &key)
                .await
                .map_err(ApiError::from)
                .gql()?
                .map(|a| Node::LeadingArea(LeadingArea(a))),
        })
    }
}
