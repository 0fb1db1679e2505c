//! Speakers.

use async_graphql::{Context, ID, InputObject, Object};

use crate::error::{ApiError, IntoGraphql};
use crate::graphql::args::{country_code, page_size};
use crate::graphql::context::programme;
use crate::graphql::types::{OrganisationKind, Region, SpeakerConnection, connection};
use crate::ids::{NodeType, decode_as};
use crate::store::programme::{SPEAKERS, page};
use crate::store::speakers;

/// Which speakers to list.
#[derive(Debug, Default, InputObject)]
pub struct SpeakerFilter {
    /// ISO 3166-1 alpha-2 code, case-insensitive, e.g. JP, FR.
    pub country: Option<String>,
    /// Side of the partnership of the body represented.
    pub region: Option<Region>,
    /// City id: speakers representing that local government.
    pub city: Option<ID>,
    /// Kind of the body represented.
    pub organisation_kind: Option<OrganisationKind>,
}

impl SpeakerFilter {
    fn validate(self) -> Result<speakers::SpeakerFilter, ApiError> {
        Ok(speakers::SpeakerFilter {
            country: self
                .country
                .map(|code| country_code("filter.country", &code))
                .transpose()?,
            region: self.region.map(Into::into),
            city: self
                .city
                .map(|id| decode_as("filter.city", NodeType::City, &id))
                .transpose()?,
            organisation_kind: self.organisation_kind.map(Into::into),
        })
    }
}

/// Speakers.
#[derive(Default)]
pub struct PeopleQuery;

#[Object]
impl PeopleQuery {
    /// Speakers ordered by name, filtered; cursor pagination.
    async fn speakers(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Which speakers; all when absent.")] filter: Option<SpeakerFilter>,
        #[graphql(desc = "Page size: 0 to 100, default 20.")] first: Option<i32>,
        #[graphql(
            desc = "Cursor after which the page starts (`pageInfo.endCursor` of the previous page)."
        )]
        after: Option<String>,
    ) -> async_graphql::Result<SpeakerConnection> {
        let filter = filter.unwrap_or_default().validate().gql()?;
        let first = page_size(first).gql()?;
        let programme = programme(ctx).await?;
        let matching = programme.speakers_matching(&filter);
        Ok(connection(
            page(&matching, &SPEAKERS, first, after.as_deref()).gql()?,
        ))
    }
}
