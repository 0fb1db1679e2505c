//! The event, its sessions and themes.

use async_graphql::{Context, ID, InputObject, Object};

use crate::error::{ApiError, IntoGraphql};
use crate::graphql::args::{country_code, window};
use crate::graphql::context::{by_slug, programme};
use crate::graphql::scalars::Date;
use crate::graphql::themes::theme_key;
use crate::graphql::types::{
    Event, Parts, Session, SessionConnection, SessionKind, SessionKindLabel, Theme,
};
use crate::ids::{NodeType, decode_as};
use crate::store::filters;
use crate::store::programme::{Programme, SESSIONS, page};

/// Which sessions to list.
#[derive(Debug, Default, InputObject)]
pub struct SessionFilter {
    /// Theme slug, as in Theme.slug, or a Theme id. A slug that names no theme is
    /// BAD_USER_INPUT; a well-formed id of no theme matches nothing.
    pub theme: Option<String>,
    /// A programme day (the event's days are the same date in CET and JST).
    pub day: Option<Date>,
    /// Kind of slot.
    pub kind: Option<SessionKind>,
    /// ISO 3166-1 alpha-2 code: sessions with at least one speaker from that country.
    pub speaker_country: Option<String>,
    /// City id: sessions in which that city was represented.
    pub city: Option<ID>,
}

impl SessionFilter {
    /// The store's filter; `theme` is resolved apart (it needs the data).
    fn validate(self, theme: Option<String>) -> Result<filters::SessionFilter, ApiError> {
        Ok(filters::SessionFilter {
            theme,
            day: self.day.map(|d| d.0),
            kind: self.kind.map(Into::into),
            speaker_country: self
                .speaker_country
                .map(|code| country_code("filter.speakerCountry", &code))
                .transpose()?,
            city: self
                .city
                .map(|id| decode_as("filter.city", NodeType::City, &id))
                .transpose()?,
        })
    }
}

/// The event, its sessions and themes.
#[derive(Default)]
pub struct ProgrammeQuery;

#[Object]
impl ProgrammeQuery {
    /// The event whose programme this service serves.
    async fn event(&self, ctx: &Context<'_>) -> async_graphql::Result<Event> {
        match programme(ctx).await?.event() {
            Some(event) => Ok(Event(event.clone())),
            None => Err(ApiError::Internal {
                cause: "the database holds no event".into(),
            })
            .gql(),
        }
    }

    /// Sessions in programme order (by start time), filtered; cursor pagination (`first`
    /// defaults to 20, at most 100: `/export/sessions.csv` holds them all).
    async fn sessions(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Which sessions; all when absent.")] filter: Option<SessionFilter>,
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
    ) -> async_graphql::Result<SessionConnection> {
        let filter = filter.unwrap_or_default();
        let theme = theme_key(ctx, "filter.theme", filter.theme.clone()).await?;
        let filter = filter.validate(theme).gql()?;
        let window = window(first, after, last, before).gql()?;
        let programme = programme(ctx).await?;
        let matching = programme.sessions_matching(&filter);
        Ok(SessionConnection::new(Parts::of(
            page(&matching, &SESSIONS, &window).gql()?,
        )))
    }

    /// The session with this slug (`Session.slug`, e.g. `day1-panel-1`); null when no session
    /// has it.
    async fn session(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "A session's slug.")] slug: String,
    ) -> async_graphql::Result<Option<Session>> {
        by_slug(ctx, &slug, Programme::session).await
    }

    /// The theme with this slug (`Theme.slug`); null when no theme has it, so that a page can
    /// check a slug from an old URL before using it as a `sessions` filter (which refuses it).
    async fn theme(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "A theme's slug.")] slug: String,
    ) -> async_graphql::Result<Option<Theme>> {
        by_slug(ctx, &slug, Programme::theme).await
    }

    /// The kinds of session with the project's UI labels (editorial), in the enum's order: the
    /// options of a kind filter.
    async fn session_kinds(&self) -> Vec<SessionKindLabel> {
        SessionKind::ALL.into_iter().map(SessionKindLabel).collect()
    }

    /// The themes of the programme (one per panel or topic presentation), in programme order.
    async fn themes(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Theme>> {
        let programme = programme(ctx).await?;
        Ok(programme.themes().iter().cloned().map(Theme).collect())
    }
}
