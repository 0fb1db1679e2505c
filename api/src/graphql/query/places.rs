//! Cities, countries and city pairings.

use async_graphql::{Context, Enum, ID, InputObject, Object};

use crate::error::IntoGraphql;
use crate::graphql::args::{country_code, window};
use crate::graphql::context::{by_slug, programme};
use crate::graphql::themes::theme_key;
use crate::graphql::types::{City, CityConnection, CityPairing, Country, Parts, Region};
use crate::ids::{NodeType, decode_as};
use crate::store::filters;
use crate::store::programme::{CITIES, Programme, page};
use crate::text::fold;

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

/// The orders of `countries`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub enum CountryOrder {
    /// By ISO 3166-1 alpha-2 code (Spain, `ES`, before Finland, `FI`).
    Code,
    /// By English short name, case- and accent-insensitively, then code.
    Name,
}

/// Cities, countries and city pairings.
#[derive(Default)]
pub struct PlacesQuery;

#[Object]
impl PlacesQuery {
    /// Cities and other local governments that took part (that a speaker on the programme
    /// represented), ordered by name; cursor pagination (`first` defaults to 20, at most 100:
    /// `/export/cities.csv` holds them all).
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
        let filter = filters::CityFilter {
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

    /// Countries of the speakers and cities, by ISO code or by English name.
    async fn countries(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            default_with = "CountryOrder::Code",
            desc = "The order: `CODE` (the default) or `NAME`."
        )]
        order_by: CountryOrder,
    ) -> async_graphql::Result<Vec<Country>> {
        let programme = programme(ctx).await?;
        let mut countries: Vec<Country> =
            programme.countries().iter().cloned().map(Country).collect();
        if order_by == CountryOrder::Name {
            countries.sort_by_cached_key(|country| (fold(&country.0.name), country.0.code.clone()));
        }
        Ok(countries)
    }

    /// The country with this ISO 3166-1 alpha-2 code (any case; `Country.slug` is the code in
    /// lower case); null when no speaker or city is from it. A string that is not an assigned
    /// code is `BAD_USER_INPUT`.
    async fn country(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "ISO 3166-1 alpha-2 code, e.g. JP or jp.")] code: String,
    ) -> async_graphql::Result<Option<Country>> {
        let code = country_code("code", &code).gql()?;
        Ok(programme(ctx).await?.country(&code).cloned().map(Country))
    }

    /// The local government with this slug (`City.slug`, e.g. `kyoto`); null when none has
    /// it.
    async fn city(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "A local government's slug.")] slug: String,
    ) -> async_graphql::Result<Option<City>> {
        by_slug(ctx, &slug, Programme::city).await
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
