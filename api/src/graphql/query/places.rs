//! Cities, countries and city pairings.

use async_graphql::{Context, ID, InputObject, Object};

use crate::error::IntoGraphql;
use crate::graphql::args::{country_code, window};
use crate::graphql::context::programme;
use crate::graphql::themes::theme_key;
use crate::graphql::types::{CityConnection, CityPairing, Country, Parts, Region};
use crate::ids::{NodeType, decode_as};
use crate::store::cities;
use crate::store::programme::{CITIES, page};

/// Which cities to list.
#[derive(Debug, Default, InputObject)]
pub struct CityFilter {
    /// ISO 3166-1 alpha-2 code, case-insensitive.
    pub country: Option<String>,
    /// Side of the partnership.
    pub region: Option<Region>,
}

/// Which pairings to list.
#[derive(Debug, Default, InputObject)]
pub struct CityPairingFilter {
    /// City id: only pairings in which this city is one side.
    pub city: Option<ID>,
    /// Theme slug (or a Theme id): only pairings made in a session of this theme. Each pairing
    /// still lists every session the pair shared. A slug that names no theme is BAD_USER_INPUT.
    pub theme: Option<String>,
}

/// Cities, countries and city pairings.
#[derive(Default)]
pub struct PlacesQuery;

#[Object]
impl PlacesQuery {
    /// Cities and other local governments that took part, ordered by name.
    async fn cities(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Which cities; all when absent.")] filter: Option<CityFilter>,
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
    ) -> async_graphql::Result<CityConnection> {
        let filter = filter.unwrap_or_default();
        let filter = cities::CityFilter {
            country: filter
                .country
                .map(|code| country_code("filter.country", &code))
                .transpose()
                .gql()?,
            region: filter.region.map(Into::into),
        };
        let window = window(first, after, last, before).gql()?;
        let programme = programme(ctx).await?;
        let matching = programme.cities_matching(&filter);
        Ok(CityConnection::new(Parts::of(
            page(&matching, &CITIES, &window).gql()?,
        )))
    }

    /// Countries of the speakers and cities, ordered by ISO code.
    async fn countries(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Country>> {
        let programme = programme(ctx).await?;
        Ok(programme.countries().iter().cloned().map(Country).collect())
    }

    /// EU–Japan city pairings: each pair of one EU local government and one Japanese local
    /// government that were both represented by a speaker in the same session, with the sessions
    /// in which that happened. Ordered by Japanese city name, then EU city name.
    async fn city_pairings(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Which pairings; all when absent.")] filter: Option<CityPairingFilter>,
    ) -> async_graphql::Result<Vec<CityPairing>> {
        let filter = filter.unwrap_or_default();
        let city = filter
            .city
            .map(|id| decode_as("filter.city", NodeType::City, &id))
            .transpose()
            .gql()?;
        let theme = theme_key(ctx, "filter.theme", filter.theme).await?;
        let programme = programme(ctx).await?;
        let found = programme.pairings_matching(city.as_deref(), theme.as_deref());
        Ok(found.into_iter().map(CityPairing).collect())
    }
}
