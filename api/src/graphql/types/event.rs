//! `Event`.

use std::sync::Arc;

use async_graphql::{Context, ID, Object, SimpleObject};
use entity::event;

use super::Organisation;
use super::{Provenance, provenance_of};
use crate::graphql::context::programme;
use crate::graphql::scalars::Date;
use crate::ids::{NodeType, encode};

/// The event whose programme this service serves.
#[derive(Clone)]
pub struct Event(pub Arc<event::Model>);

/// The event whose programme this service serves.
#[Object]
impl Event {
    /// Global, opaque and stable id.
    pub async fn id(&self) -> ID {
        encode(NodeType::Event, &self.0.id)
    }

    /// Name as published.
    async fn name(&self) -> &str {
        &self.0.name
    }

    /// The official Japanese name: the title of the event's Japanese page (its provenance
    /// names the page); null where no source gives one.
    async fn name_ja(&self) -> Option<&str> {
        self.0.name_ja.as_deref()
    }

    /// The dates and times as the event's Japanese page prints them under its title (e.g.
    /// `2023年1月25日、26日 午前9:00~12:00(中央ヨーロッパ標準時[CET]) …`); null where no source
    /// gives them.
    async fn time_line_ja(&self) -> Option<&str> {
        self.0.time_line_ja.as_deref()
    }

    /// Introduction, quoted from the event page.
    async fn description(&self) -> Option<&str> {
        self.0.description.as_deref()
    }

    /// First day.
    async fn start_date(&self) -> Date {
        Date(self.0.start_date)
    }

    /// Last day.
    async fn end_date(&self) -> Date {
        Date(self.0.end_date)
    }

    /// IANA names of the zones in which the programme was published: Europe/Brussels (CET) and Asia/Tokyo (JST).
    async fn time_zones(&self) -> Vec<&str> {
        self.0.time_zones.split(',').collect()
    }

    /// Working languages, as published.
    async fn languages(&self) -> Option<&str> {
        self.0.languages.as_deref()
    }

    /// The page's background paragraphs, quoted as published and separated by blank lines:
    /// why cities matter for climate action, the EU Cities Mission and Japan's Regional
    /// Decarbonization Roadmap with its Decarbonization Leading Areas.
    async fn background(&self) -> Option<&str> {
        self.0.background.as_deref()
    }

    /// The organisers, in published order.
    async fn organisers(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Organisation>> {
        let programme = programme(ctx).await?;
        Ok(programme
            .organisers()
            .iter()
            .cloned()
            .map(Organisation)
            .collect())
    }

    /// The contact point, as published. Its e-mail is null: the page shows it only obfuscated.
    async fn contact(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Contact>> {
        let model = &self.0;
        if model.contact_name.is_none() && model.contact_address.is_none() {
            return Ok(None);
        }
        let programme = programme(ctx).await?;
        let organisation = model
            .contact_organisation_id
            .as_deref()
            .and_then(|id| programme.organisation(id))
            .cloned()
            .map(Organisation);
        Ok(Some(Contact {
            name: model.contact_name.clone(),
            organisation,
            address: model.contact_address.clone(),
            email: model.contact_email.clone(),
        }))
    }

    /// Where this record's facts come from, field by field where the dataset records it: the
    /// source, the place in it, the published text where the served text differs, and the
    /// correction or inference applied.
    async fn provenance(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Provenance>> {
        provenance_of(ctx, "event", &self.0.id).await
    }
}

/// A contact point of the event.
#[derive(Clone, SimpleObject)]
pub struct Contact {
    /// Name of the team or person.
    pub name: Option<String>,
    /// Their organisation.
    pub organisation: Option<Organisation>,
    /// Postal address.
    pub address: Option<String>,
    /// E-mail address. Always null in this dataset: the event page's text shows the address
    /// only as `[email protected]` (hidden by the page's host), so no source gives it.
    /// Kept because the contract has it.
    pub email: Option<String>,
}
