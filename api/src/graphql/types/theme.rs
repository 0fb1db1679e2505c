//! `Theme`.

use std::sync::Arc;

use async_graphql::{Context, ID, Object};
use entity::theme;

use super::Session;
use super::{Provenance, provenance_of};
use crate::graphql::context::programme;
use crate::ids::{NodeType, encode};

/// A theme of the programme: one per panel or topic presentation.
#[derive(Clone)]
pub struct Theme(pub Arc<theme::Model>);

impl From<Arc<theme::Model>> for Theme {
    fn from(model: Arc<theme::Model>) -> Self {
        Self(model)
    }
}

/// A theme of the programme: one per panel or topic presentation.
#[Object]
impl Theme {
    /// Global, opaque and stable id.
    pub async fn id(&self) -> ID {
        encode(NodeType::Theme, &self.0.id)
    }

    /// Stable, readable key for URLs (lower-case letters, digits and hyphens), used by the
    /// `theme` filters, the feeds and `theme(slug:)`. It survives reloads of the data.
    async fn slug(&self) -> &str {
        &self.0.id
    }

    /// Name as published.
    async fn name(&self) -> &str {
        &self.0.name
    }

    /// Always null in this dataset: the event page describes its sessions, not its themes
    /// (read the theme's sessions' `description`). Kept because the contract has it.
    async fn description(&self) -> Option<&str> {
        self.0.description.as_deref()
    }

    /// The sessions of this theme, in programme order.
    async fn sessions(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Session>> {
        let programme = programme(ctx).await?;
        Ok(programme
            .sessions_of_theme(&self.0.id)
            .iter()
            .cloned()
            .map(Session)
            .collect())
    }

    /// Where this record's facts come from, field by field where the dataset records it: the
    /// source, the place in it, the published text where the served text differs, and the
    /// correction or inference applied.
    async fn provenance(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Provenance>> {
        provenance_of(ctx, "theme", &self.0.id).await
    }
}
