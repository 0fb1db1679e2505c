//! `CityPairing`.

use std::sync::Arc;

use async_graphql::{Context, ID, Object};

use super::{City, Session, Theme};
use crate::error::{ApiError, IntoGraphql};
use crate::graphql::context::programme;
use crate::ids::{NodeType, encode};
use crate::store::pairings::Pairing;

/// A pairing: one EU and one Japanese local government that were both represented by a
/// speaker in the same session. It records that their speakers shared a session (a panel, a
/// day's closing), not a partnership between them: the event page never speaks of pairings.
#[derive(Clone)]
pub struct CityPairing(pub Arc<Pairing>);

impl CityPairing {
    async fn city(ctx: &Context<'_>, id: &str) -> async_graphql::Result<City> {
        match programme(ctx).await?.city(id) {
            Some(city) => Ok(City(city.clone())),
            None => Err(ApiError::Internal {
                cause: format!("pairing names unknown city {id}").into(),
            })
            .gql(),
        }
    }
}

/// A pairing: one EU and one Japanese local government that were both represented by a
/// speaker in the same session. It records that their speakers shared a session (a panel, a
/// day's closing), not a partnership between them: the event page never speaks of pairings.
#[Object]
impl CityPairing {
    /// Global, opaque and stable id. It names the pair, so the pairing's fields never depend
    /// on how it was found: `sessions` always lists every session the pair shared.
    pub async fn id(&self) -> ID {
        encode(NodeType::CityPairing, &self.0.id)
    }

    /// The EU local government.
    async fn eu_city(&self, ctx: &Context<'_>) -> async_graphql::Result<City> {
        Self::city(ctx, &self.0.eu_city).await
    }

    /// The Japanese local government.
    async fn japan_city(&self, ctx: &Context<'_>) -> async_graphql::Result<City> {
        Self::city(ctx, &self.0.japan_city).await
    }

    /// The sessions in which both were represented, in programme order.
    async fn sessions(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Session>> {
        let programme = programme(ctx).await?;
        Ok(self
            .0
            .sessions
            .iter()
            .filter_map(|(id, _)| programme.session(id).cloned().map(Session))
            .collect())
    }

    /// The themes of those sessions, in order of first appearance.
    async fn themes(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Theme>> {
        let programme = programme(ctx).await?;
        Ok(self
            .0
            .theme_ids()
            .iter()
            .filter_map(|id| programme.theme(id).cloned().map(Theme))
            .collect())
    }
}
