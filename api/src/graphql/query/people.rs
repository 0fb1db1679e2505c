//! Speakers.

use async_graphql::{Context, ID, InputObject, Object};

use crate::error::{ApiError, IntoGraphql};
use crate::graphql::args::{country_code, window};
use crate::graphql::context::{by_slug, programme};
use crate::graphql::types::{
    Organisation, OrganisationConnection, OrganisationKind, Parts, Region, Speaker,
    SpeakerConnection,
};
use crate::ids::{NodeType, decode_as};
use crate::store::filters;
use crate::store::programme::{ORGANISATIONS, Programme, SPEAKERS, page};

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
    fn validate(self) -> Result<filters::SpeakerFilter, ApiError> {
        Ok(filters::SpeakerFilter {
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

/// Which organisations to list.
#[derive(Debug, Default, InputObject)]
pub struct OrganisationFilter {
    /// Kind of body.
    pub kind: Option<OrganisationKind>,
    /// Side of the partnership.
    pub region: Option<Region>,
    /// ISO 3166-1 alpha-2 code, case-insensitive; bodies without a country (EU institutions,
    /// networks) match no code.
    pub country: Option<String>,
}

/// Speakers and the bodies they represent.
#[derive(Default)]
pub struct PeopleQuery;

#[Object]
impl PeopleQuery {
    /// The bodies the speakers represent (institutions, governments, companies, networks and
    /// the local governments themselves), by name, filtered; cursor pagination (`first`
    /// defaults to 20, at most 100: `/export/organisations.csv` holds them all).
    async fn organisations(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Which organisations; all when absent.")] filter: Option<
            OrganisationFilter,
        >,
        #[graphql(
            desc = "Forward page size: the first 0 to 100 items (after `after`, or of the list); default 20 when neither `first` nor `last` is given. Not with `last`."
        )]
        first: Option<i32>,
        #[graphql(
            desc = "Cursor after which the page starts (`pageInfo.endCursor` of the previous page)."
        )]
        after: Option<String>,
        #[graphql(
            desc = "Backward page size: the last 0 to 100 items (before `before`, or of the list). Not with `first`."
        )]
        last: Option<i32>,
        #[graphql(
            desc = "Cursor before which the page ends (`pageInfo.startCursor` of the following page)."
        )]
        before: Option<String>,
    ) -> async_graphql::Result<OrganisationConnection> {
        let filter = filter.unwrap_or_default();
        let filter = filters::OrganisationFilter {
            kind: filter.kind.map(Into::into),
            region: filter.region.map(Into::into),
            country: filter
                .country
                .map(|code| country_code("filter.country", &code))
                .transpose()
                .gql()?,
        };
        let window = window(first, after, last, before).gql()?;
        let programme = programme(ctx).await?;
        let matching = programme.organisations_matching(&filter);
        Ok(OrganisationConnection::new(Parts::of(
            page(&matching, &ORGANISATIONS, &window).gql()?,
        )))
    }

    /// The speaker with this slug (`Speaker.slug`); null when no speaker has it.
    async fn speaker(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "A speaker's slug.")] slug: String,
    ) -> async_graphql::Result<Option<Speaker>> {
        by_slug(ctx, &slug, Programme::speaker).await
    }

    /// The organisation with this slug (`Organisation.slug`); null when none has it.
    async fn organisation(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "An organisation's slug.")] slug: String,
    ) -> async_graphql::Result<Option<Organisation>> {
        by_slug(ctx, &slug, Programme::organisation).await
    }

    /// Speakers ordered by name, filtered; cursor pagination (`first` defaults to 20, at most
    /// 100: `/export/speakers.csv` holds them all).
    async fn speakers(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Which speakers; all when absent.")] filter: Option<SpeakerFilter>,
        #[graphql(
            desc = "Forward page size: the first 0 to 100 items (after `after`, or of the list); default 20 when neither `first` nor `last` is given. Not with `last`."
        )]
        first: Option<i32>,
        #[graphql(
            desc = "Cursor after which the page starts (`pageInfo.endCursor` of the previous page)."
        )]
        after: Option<String>,
        #[graphql(
            desc = "Backward page size: the last 0 to 100 items (before `before`, or of the list). Not with `first`."
        )]
        last: Option<i32>,
        #[graphql(
            desc = "Cursor before which the page ends (`pageInfo.startCursor` of the following page)."
        )]
        before: Option<String>,
    ) -> async_graphql::Result<SpeakerConnection> {
        let filter = filter.unwrap_or_default().validate().gql()?;
        let window = window(first, after, last, before).gql()?;
        let programme = programme(ctx).await?;
        let matching = programme.speakers_matching(&filter);
        Ok(SpeakerConnection::new(Parts::of(
            page(&matching, &SPEAKERS, &window).gql()?,
        )))
    }
}
