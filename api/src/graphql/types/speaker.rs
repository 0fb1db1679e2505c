//! `Speaker`.

use std::sync::Arc;

use async_graphql::{Context, ErrorExtensions, ID, Object};
use entity::speaker;

use super::{City, Country, Organisation, Region, Session};
use super::{Provenance, provenance_of};
use crate::error::ApiError;
use crate::graphql::context::programme;
use crate::ids::{NodeType, encode};

/// A person on the programme.
#[derive(Clone)]
pub struct Speaker(pub Arc<speaker::Model>);

impl From<speaker::Model> for Speaker {
    fn from(model: speaker::Model) -> Self {
        Self(Arc::new(model))
    }
}

impl From<Arc<speaker::Model>> for Speaker {
    fn from(model: Arc<speaker::Model>) -> Self {
        Self(model)
    }
}

/// A person on the programme.
#[Object]
impl Speaker {
    /// Global, opaque and stable id.
    pub async fn id(&self) -> ID {
        encode(NodeType::Speaker, &self.0.id)
    }

    /// Stable, readable key (lower-case letters, digits and hyphens) for URLs: the same key
    /// the feeds, the widget's anchors and `speaker(slug:)` use. It survives reloads of the
    /// data.
    async fn slug(&self) -> &str {
        &self.0.id
    }

    /// The speaker's sessions as an iCalendar feed, to add to a calendar: an absolute URL
    /// under the service's public URL (`--public-url`), by slug
    /// (`https://…/speakers/risto-veivo.ics`).
    async fn calendar_url(&self, ctx: &Context<'_>) -> async_graphql::Result<String> {
        let public_url = &crate::graphql::context::served(ctx)?.public_url;
        Ok(format!("{public_url}/speakers/{}.ics", self.0.id))
    }

    /// Name as published.
    async fn name(&self) -> &str {
        &self.0.name
    }

    /// Job title as published, e.g. 'Head of Environmental Sustainability'; null where the
    /// programme gives none (every speaker of this edition has one).
    async fn role(&self) -> Option<&str> {
        self.0.role.as_deref()
    }

    /// The body the speaker represents: never null, since every speaker of the programme
    /// represents one (the dataset loader refuses a speaker without an organisation or a local
    /// government, and every local government is also an organisation).
    async fn organisation(&self, ctx: &Context<'_>) -> async_graphql::Result<Organisation> {
        let programme = programme(ctx).await?;
        let found = self
            .0
            .organisation_id
            .as_deref()
            .and_then(|id| programme.organisation(id));
        found.cloned().map(Organisation).ok_or_else(|| {
            ApiError::Internal {
                cause: format!("speaker {} has no organisation", self.0.id).into(),
            }
            .extend()
        })
    }

    /// The local government the speaker represents, if any.
    async fn city(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<City>> {
        let Some(id) = &self.0.local_government_id else {
            return Ok(None);
        };
        Ok(programme(ctx).await?.city(id).cloned().map(City))
    }

    /// Country of the body the speaker represents; null for EU institutions and international bodies.
    async fn country(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Country>> {
        let Some(code) = &self.0.country_code else {
            return Ok(None);
        };
        Ok(programme(ctx).await?.country(code).cloned().map(Country))
    }

    /// Side of the partnership of the body the speaker represents.
    async fn region(&self) -> Region {
        self.0.region.into()
    }

    /// The speaker's sessions, in programme order.
    async fn sessions(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Session>> {
        let programme = programme(ctx).await?;
        Ok(programme
            .appearances_of(&self.0.id)
            .iter()
            .filter_map(|a| programme.session(&a.session_id).cloned().map(Session))
            .collect())
    }

    /// True where the programme lists presentation material (a PDF) for this speaker.
    async fn has_presentation(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        let programme = programme(ctx).await?;
        Ok(programme
            .appearances_of(&self.0.id)
            .iter()
            .any(|a| a.has_presentation))
    }

    /// Where this record's facts come from, field by field where the dataset records it: the
    /// source, the place in it, the published text where the served text differs, and the
    /// correction or inference applied.
    async fn provenance(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Provenance>> {
        provenance_of(ctx, "speaker", &self.0.id).await
    }
}
