//! `Country`.

use std::sync::Arc;

use async_graphql::{Context, ID, Object};
use entity::country;

use super::{City, Region, Speaker};
use super::{Provenance, provenance_of};
use crate::graphql::context::programme;
use crate::ids::{NodeType, encode};

/// A country of the speakers' bodies and of the cities.
#[derive(Clone)]
pub struct Country(pub Arc<country::Model>);

impl From<Arc<country::Model>> for Country {
    fn from(model: Arc<country::Model>) -> Self {
        Self(model)
    }
}

/// A country of the speakers' bodies and of the cities.
#[Object]
impl Country {
    /// Global, opaque and stable id (it names the ISO code), so that client caches can
    /// normalise countries like every other entity.
    pub async fn id(&self) -> ID {
        encode(NodeType::Country, &self.0.code)
    }

    /// ISO 3166-1 alpha-2, upper case.
    async fn code(&self) -> &str {
        &self.0.code
    }

    /// Stable, readable key for URLs: the ISO code in lower case (`jp`); `country(code:)`
    /// takes it in either case.
    async fn slug(&self) -> String {
        self.0.code.to_ascii_lowercase()
    }

    /// English short name.
    async fn name(&self) -> &str {
        &self.0.name
    }

    /// Side of the partnership.
    async fn region(&self) -> Region {
        self.0.region.into()
    }

    /// Speakers whose body is in this country, by name.
    async fn speakers(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Speaker>> {
        let programme = programme(ctx).await?;
        Ok(programme
            .speakers_of_country(&self.0.code)
            .iter()
            .cloned()
            .map(Speaker)
            .collect())
    }

    /// Local governments of this country that took part, by name.
    async fn cities(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<City>> {
        let programme = programme(ctx).await?;
        Ok(programme
            .cities_of_country(&self.0.code)
            .iter()
            .cloned()
            .map(City)
            .collect())
    }

    /// Where this record's facts come from, field by field where the dataset records it: the
    /// source, the place in it, the published text where the served text differs, and the
    /// correction or inference applied.
    async fn provenance(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Provenance>> {
        provenance_of(ctx, "country", &self.0.code).await
    }
}
