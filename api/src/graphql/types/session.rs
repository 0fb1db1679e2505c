//! `Session` and `Appearance`.

use std::sync::Arc;

use async_graphql::{Context, ID, Object};
use entity::{appearance, session};

use chrono::NaiveDate;

use super::local_time::day_number;
use super::{City, Language, LocalDateTime, SessionKind, Speaker, Theme};
use super::{Provenance, provenance_of};
use crate::error::{ApiError, IntoGraphql};
use crate::graphql::args::{in_zone, time_zone};
use crate::graphql::context::programme;
use crate::graphql::scalars::{Date, DateTime};
use crate::ids::{NodeType, encode};

/// A slot of the programme.
#[derive(Clone)]
pub struct Session(pub Arc<session::Model>);

impl From<session::Model> for Session {
    fn from(model: session::Model) -> Self {
        Self(Arc::new(model))
    }
}

impl From<Arc<session::Model>> for Session {
    fn from(model: Arc<session::Model>) -> Self {
        Self(model)
    }
}

/// A slot of the programme.
#[Object]
impl Session {
    /// Global, opaque and stable id.
    pub async fn id(&self) -> ID {
        encode(NodeType::Session, &self.0.id)
    }

    /// Stable, readable key (lower-case letters, digits and hyphens) for URLs: the same key
    /// the feeds, the widget's anchors and `session(slug:)` use. It survives reloads of the
    /// data.
    async fn slug(&self) -> &str {
        &self.0.id
    }

    /// The session as an iCalendar feed (one event), to add to a calendar: an absolute URL
    /// under the service's public URL (`--public-url`), by slug
    /// (`https://…/sessions/day1-panel-1.ics`).
    async fn calendar_url(&self, ctx: &Context<'_>) -> async_graphql::Result<String> {
        let public_url = &crate::graphql::context::served(ctx)?.public_url;
        Ok(format!("{public_url}/sessions/{}.ics", self.0.id))
    }

    /// Title as published (obvious typos corrected; the original is kept in the data).
    async fn title(&self) -> &str {
        &self.0.title
    }

    /// Kind of slot.
    async fn kind(&self) -> SessionKind {
        self.0.kind.into()
    }

    /// The project's UI label of `kind` (editorial: the event page names no kinds), in
    /// English or Japanese, e.g. `Topic presentation`, `トピック発表`.
    async fn kind_label(
        &self,
        #[graphql(default_with = "Language::En", desc = "EN (the default) or JA.")]
        language: Language,
    ) -> &'static str {
        SessionKind::from(self.0.kind).label(language)
    }

    /// Null for sessions without a theme (opening, breaks, summary, closing).
    async fn theme(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Theme>> {
        let Some(theme_id) = &self.0.theme_id else {
            return Ok(None);
        };
        Ok(programme(ctx).await?.theme(theme_id).cloned().map(Theme))
    }

    /// Description as published; null where the programme gives none.
    async fn description(&self) -> Option<&str> {
        self.0.description.as_deref()
    }

    /// The programme day (the same date in CET and JST).
    async fn day(&self) -> Date {
        Date(self.0.day)
    }

    /// Start instant rendered in the given time zone (default UTC): an IANA name, or the event
    /// page's `CET` or `JST`. An unknown zone is an error, never a silent fallback.
    async fn starts_at(
        &self,
        #[graphql(
            default_with = "Some(\"UTC\".to_owned())",
            desc = "An IANA time zone name (Asia/Tokyo), or CET or JST as the event page labels its times."
        )]
        time_zone: Option<String>,
    ) -> async_graphql::Result<DateTime> {
        Ok(in_zone(
            self.0.starts_at,
            self::time_zone(time_zone.as_deref()).gql()?,
        ))
    }

    /// End instant rendered in the given time zone (default UTC): an IANA name, or the event
    /// page's `CET` or `JST`. An unknown zone is an error, never a silent fallback.
    async fn ends_at(
        &self,
        #[graphql(
            default_with = "Some(\"UTC\".to_owned())",
            desc = "An IANA time zone name (Asia/Tokyo), or CET or JST as the event page labels its times."
        )]
        time_zone: Option<String>,
    ) -> async_graphql::Result<DateTime> {
        Ok(in_zone(
            self.0.ends_at,
            self::time_zone(time_zone.as_deref()).gql()?,
        ))
    }

    /// Start as a clock in the given zone shows it, in parts: local date and `HH:MM`, offset,
    /// abbreviation, day of the event. The zone: an IANA name or the event page's `CET` or
    /// `JST` (default UTC); an unknown zone is an error.
    async fn local_start(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            default_with = "Some(\"UTC\".to_owned())",
            desc = "An IANA time zone name (Asia/Tokyo), or CET or JST as the event page labels its times."
        )]
        time_zone: Option<String>,
    ) -> async_graphql::Result<LocalDateTime> {
        local(ctx, self.0.starts_at, time_zone.as_deref()).await
    }

    /// End as a clock in the given zone shows it, in parts (see `localStart`).
    async fn local_end(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            default_with = "Some(\"UTC\".to_owned())",
            desc = "An IANA time zone name (Asia/Tokyo), or CET or JST as the event page labels its times."
        )]
        time_zone: Option<String>,
    ) -> async_graphql::Result<LocalDateTime> {
        local(ctx, self.0.ends_at, time_zone.as_deref()).await
    }

    /// Which day of the event the session is on (1 or 2: its programme `day` among the
    /// event's dates), for headings such as "Day 1".
    async fn day_number(&self, ctx: &Context<'_>) -> async_graphql::Result<i32> {
        let (first_day, _) = event_days(ctx).await?;
        Ok(day_number(first_day, self.0.day))
    }

    /// Length of the slot in minutes.
    async fn duration_minutes(&self) -> i32 {
        i32::try_from((self.0.ends_at - self.0.starts_at).num_minutes()).unwrap_or(i32::MAX)
    }

    /// Speakers in the order of the published programme.
    async fn speakers(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Speaker>> {
        let programme = programme(ctx).await?;
        Ok(programme
            .appearances_in(&self.0.id)
            .iter()
            .filter_map(|a| programme.speaker(&a.speaker_id).cloned().map(Speaker))
            .collect())
    }

    /// Each speaker's appearance in this session, in published order: presentation material,
    /// talk title and remarks.
    async fn appearances(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Appearance>> {
        let programme = programme(ctx).await?;
        Ok(programme
            .appearances_in(&self.0.id)
            .iter()
            .cloned()
            .map(Appearance)
            .collect())
    }

    /// Local governments represented by the session's speakers, in order of first appearance.
    async fn cities(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<City>> {
        let programme = programme(ctx).await?;
        let mut cities: Vec<City> = Vec::new();
        let represented = programme
            .appearances_in(&self.0.id)
            .iter()
            .filter_map(|a| {
                programme
                    .speaker(&a.speaker_id)?
                    .local_government_id
                    .as_deref()
            })
            .filter_map(|id| programme.city(id));
        for city in represented {
            if !cities.iter().any(|known| known.0.id == city.id) {
                cities.push(City(city.clone()));
            }
        }
        Ok(cities)
    }

    /// Where this record's facts come from, field by field where the dataset records it: the
    /// source, the place in it, the published text where the served text differs, and the
    /// correction or inference applied.
    async fn provenance(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Provenance>> {
        provenance_of(ctx, "session", &self.0.id).await
    }
}

/// The event's first and last dates.
async fn event_days(ctx: &Context<'_>) -> async_graphql::Result<(NaiveDate, NaiveDate)> {
    match programme(ctx).await?.event() {
        Some(event) => Ok((event.start_date, event.end_date)),
        None => Err(ApiError::Internal {
            cause: "the database holds no event".into(),
        })
        .gql(),
    }
}

/// `instant` in the zone named `zone` (UTC when absent).
async fn local(
    ctx: &Context<'_>,
    instant: chrono::DateTime<chrono::Utc>,
    zone: Option<&str>,
) -> async_graphql::Result<LocalDateTime> {
    let zone = time_zone(zone).gql()?;
    let (first_day, last_day) = event_days(ctx).await?;
    Ok(LocalDateTime::new(instant, zone, first_day, last_day))
}

/// A speaker's appearance in a session.
#[derive(Clone)]
pub struct Appearance(pub Arc<appearance::Model>);

/// A speaker's appearance in a session.
#[Object]
impl Appearance {
    /// The speaker.
    async fn speaker(&self, ctx: &Context<'_>) -> async_graphql::Result<Speaker> {
        match programme(ctx).await?.speaker(&self.0.speaker_id) {
            Some(speaker) => Ok(Speaker(speaker.clone())),
            None => Err(ApiError::Internal {
                cause: format!("appearance of unknown speaker {}", self.0.speaker_id).into(),
            })
            .gql(),
        }
    }

    /// True where the programme lists presentation material (a PDF) for this appearance.
    async fn has_presentation(&self) -> bool {
        self.0.has_presentation
    }

    /// Title of the talk, where the programme gives one.
    async fn talk_title(&self) -> Option<&str> {
        self.0.talk_title.as_deref()
    }

    /// Published remark, e.g. "video message".
    async fn note(&self) -> Option<&str> {
        self.0.note.as_deref()
    }

    /// Where the facts of this appearance come from (a talk title, a remark), where the dataset
    /// records more than the speaker's line.
    async fn provenance(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Provenance>> {
        provenance_of(
            ctx,
            "appearance",
            &format!("{}/{}", self.0.session_id, self.0.speaker_id),
        )
        .await
    }
}
