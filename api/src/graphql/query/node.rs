//! `node(id:)`.

use async_graphql::{Context, ID, Object};

use crate::error::IntoGraphql;
use crate::graphql::context::{db, load_one};
use crate::graphql::ids::{NodeType, decode};
use crate::graphql::loaders::{
    CityById, CountryByCode, OrganisationById, SessionById, SpeakerById, ThemeById,
};
use crate::graphql::types::{
    City, CityPairing, Country, Event, Node, Organisation, Session, Speaker, Theme,
};
use crate::store::{pairings, programme};

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
        Ok(match node_type {
            NodeType::Event => programme::event_by_id(db(ctx).await?, &key)
                .await
                .gql()?
                .map(|e| Node::Event(Event(e))),
            NodeType::Theme => load_one(ctx, ThemeById(key))
                .await?
                .map(|t| Node::Theme(Theme(t))),
            NodeType::Session => load_one(ctx, SessionById(key))
                .await?
                .map(|s| Node::Session(Session(s))),
            NodeType::Speaker => load_one(ctx, SpeakerById(key))
                .await?
                .map(|s| Node::Speaker(Speaker(s))),
            NodeType::Organisation => load_one(ctx, OrganisationById(key))
                .await?
                .map(|o| Node::Organisation(Organisation(o))),
            NodeType::City => load_one(ctx, CityById(key))
                .await?
                .map(|c| Node::City(City(c))),
            NodeType::Country => load_one(ctx, CountryByCode(key))
                .await?
                .map(|c| Node::Country(Country(c))),
            NodeType::CityPairing => pairings::by_id(db(ctx).await?, &key)
                .await
                .gql()?
                .map(|p| Node::CityPairing(CityPairing(p))),
        })
    }
}
