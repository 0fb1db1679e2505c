//! `Organisation`.

use std::sync::Arc;

use async_graphql::{Context, ID, Object};
use entity::organisation;

use super::{City, Country, OrganisationKind, Region};
use super::{Provenance, provenance_of};
use crate::graphql::context::programme;
use crate::ids::{NodeType, encode};

/// A body that speakers represent or that organised the event. Every local government is also
/// an organisation (of kind LOCAL_GOVERNMENT).
#[derive(Clone)]
pub struct Organisation(pub Arc<organisation::Model>);

impl From<Arc<organisation::Model>> for Organisation {
    fn from(model: Arc<organisation::Model>) -> Self {
        Self(model)
    }
}

/// A body that speakers represent or that organised the event. Every local government is also
/// an organisation (of kind LOCAL_GOVERNMENT).
#[Object]
impl Organisation {
    /// Global, opaque and stable id.
    pub async fn id(&self) -> ID {
        encode(NodeType::Organisation, &self.0.id)
    }

    /// Stable, readable key (lower-case letters, digits and hyphens) for URLs: the same key
    /// the feeds, the widget's anchors and `organisation(slug:)` use. It survives reloads of the
    /// data.
    async fn slug(&self) -> &str {
        &self.0.id
    }

    /// Name.
    async fn name(&self) -> &str {
        &self.0.name
    }

    /// Abbreviation as published, e.g. IGES.
    async fn short_name(&self) -> Option<&str> {
        self.0.short_name.as_deref()
    }

    /// Official Japanese name where a named source gives one (a company's filing; a local
    /// government's as its city has it, e.g. `京都市`); null elsewhere: nothing is translated.
    async fn name_ja(&self) -> Option<&str> {
        self.0.name_ja.as_deref()
    }

    /// Kind of body.
    async fn kind(&self) -> OrganisationKind {
        self.0.kind.into()
    }

    /// Country of the body; null where the sources state none (EU institutions, international
    /// bodies, and companies whose country the programme does not give).
    async fn country(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Country>> {
        let Some(code) = &self.0.country_code else {
            return Ok(None);
        };
        Ok(programme(ctx).await?.country(code).cloned().map(Country))
    }

    /// Side of the partnership.
    async fn region(&self) -> Region {
        self.0.region.into()
    }

    /// The local government this organisation is, for kind LOCAL_GOVERNMENT.
    async fn city(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<City>> {
        let Some(id) = &self.0.local_government_id else {
            return Ok(None);
        };
        Ok(programme(ctx).await?.city(id).cloned().map(City))
    }

    /// Where this record's facts come from, field by field where the dataset records it: the
    /// source, the place in it, the published text where the served text differs, and the
    /// correction or inference applied.
    async fn provenance(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Provenance>> {
        provenance_of(ctx, "organisation", &self.0.id).await
    }
}
