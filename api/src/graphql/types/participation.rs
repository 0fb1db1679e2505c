//! Participation analytics: groups of speakers, sessions and local governments by one
//! dimension or two (a cross-tabulation), with their counts (computed in the database) and
//! their members (pages).

use async_graphql::{Context, Enum, Object};
use entity::Programme;
use sea_orm::ActiveEnum;

use super::local_time::day_number;
use super::{CityConnection, Parts, SessionConnection, SpeakerConnection};
use crate::error::IntoGraphql;
use crate::graphql::args::window;
use crate::graphql::context::{db, programme};
use crate::store::participation::{self, Dimension, GroupCounts, GroupKey, Grouping, Member};
use crate::store::programme::{CITIES, SESSIONS, SPEAKERS, page};

/// What participation is grouped by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[graphql(remote = "crate::store::participation::Dimension")]
pub enum ParticipationDimension {
    /// The country of the body a speaker represents; a local government's own country. Key:
    /// the ISO 3166-1 alpha-2 code.
    Country,
    /// The side of the partnership (`EU`, `JAPAN`, `INTERNATIONAL`).
    Region,
    /// The kind of the body a speaker represents (an `OrganisationKind`).
    OrganisationKind,
    /// The kind of the local government a speaker represents (a `CityKind`).
    CityKind,
    /// The national programme that selected the local government a speaker represents (a
    /// `NationalProgramme`).
    NationalProgramme,
    /// The selection round of a Japanese Decarbonization Leading Area (key: the round number);
    /// everyone else is in the null group.
    DlaRound,
    /// The theme: of the sessions a speaker spoke in, of a session itself, of the sessions in
    /// which a local government's speakers spoke. Key: the theme slug.
    Theme,
    /// The programme day, read like the theme: of the sessions a speaker spoke in, of a session
    /// itself, of the sessions in which a local government's speakers spoke. Key: the date
    /// (`2023-01-25`).
    Day,
}

/// Speakers, sessions and local governments that share one value of a dimension (or one
/// value of each of two).
#[derive(Clone)]
pub struct ParticipationGroup {
    /// What the groups are made by.
    pub grouping: Grouping,
    /// The values as the database holds them (null: members without one).
    pub stored_key: GroupKey,
    /// The counts.
    pub counts: GroupCounts,
}

/// Speakers, sessions and local governments that share one value of a dimension (and, in a
/// cross-tabulation, one value of the second dimension too: one cell of the table). A session
/// is in the group of each of its speakers' values; a member without a value is in the group
/// whose key is null.
#[Object]
impl ParticipationGroup {
    /// The dimension (`by`).
    async fn dimension(&self) -> ParticipationDimension {
        self.grouping.by.into()
    }

    /// The shared value of `by`, in the API's own vocabulary: an ISO code, a `Region`, an
    /// `OrganisationKind`, a `CityKind`, a `NationalProgramme`, a round number, a theme slug
    /// or a date; null for the members that have none.
    async fn key(&self) -> Option<String> {
        api_key(self.grouping.by, self.stored_key.by.as_deref())
    }

    /// The value of `by` in words: a country's name, a theme's name, `Round 1`, `EU Cities
    /// Mission`, `Day 1 (2023-01-25)`; for the null group, what its members lack (`No country`,
    /// `No theme`, ...).
    async fn label(&self, ctx: &Context<'_>) -> async_graphql::Result<String> {
        label(ctx, self.grouping.by, self.stored_key.by.as_deref()).await
    }

    /// The second dimension of a cross-tabulation (`across`); null without one.
    async fn across(&self) -> Option<ParticipationDimension> {
        self.grouping.across.map(Into::into)
    }

    /// The shared value of `across`, like `key`; null without `across`, or for the members
    /// that have none.
    async fn across_key(&self) -> Option<String> {
        api_key(self.grouping.across?, self.stored_key.across.as_deref())
    }

    /// The value of `across` in words, like `label`; null only without `across`.
    async fn across_label(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<String>> {
        match self.grouping.across {
            Some(across) => Ok(Some(
                label(ctx, across, self.stored_key.across.as_deref()).await?,
            )),
            None => Ok(None),
        }
    }

    /// Distinct speakers in the group.
    async fn speaker_count(&self) -> i32 {
        saturating(self.counts.speakers)
    }

    /// Distinct sessions in the group.
    async fn session_count(&self) -> i32 {
        saturating(self.counts.sessions)
    }

    /// Distinct local governments in the group.
    async fn city_count(&self) -> i32 {
        saturating(self.counts.cities)
    }

    /// The group's speakers, by name; cursor pagination.
    async fn speakers(
        &self,
        ctx: &Context<'_>,
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
        let window = window(first, after, last, before).gql()?;
        let members = self.members(ctx, Member::Speaker).await?;
        let speakers = programme(ctx).await?.speakers();
        let rows: Vec<_> = speakers
            .iter()
            .filter(|s| members.contains(&s.id))
            .collect();
        Ok(SpeakerConnection::new(Parts::of(
            page(&rows, &SPEAKERS, &window).gql()?,
        )))
    }

    /// The group's sessions, in programme order; cursor pagination.
    async fn sessions(
        &self,
        ctx: &Context<'_>,
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
        let window = window(first, after, last, before).gql()?;
        let members = self.members(ctx, Member::Session).await?;
        let sessions = programme(ctx).await?.sessions();
        let rows: Vec<_> = sessions
            .iter()
            .filter(|s| members.contains(&s.id))
            .collect();
        Ok(SessionConnection::new(Parts::of(
            page(&rows, &SESSIONS, &window).gql()?,
        )))
    }

    /// The group's local governments, by name; cursor pagination.
    async fn cities(
        &self,
        ctx: &Context<'_>,
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
        let window = window(first, after, last, before).gql()?;
        let members = self.members(ctx, Member::City).await?;
        let cities = programme(ctx).await?.cities();
        let rows: Vec<_> = cities.iter().filter(|c| members.contains(&c.id)).collect();
        Ok(CityConnection::new(Parts::of(
            page(&rows, &CITIES, &window).gql()?,
        )))
    }
}

impl ParticipationGroup {
    /// The ids of the group's members of one kind (read in the request's snapshot; the
    /// pages are the programme's lists in their own orders).
    async fn members(
        &self,
        ctx: &Context<'_>,
        member: Member,
    ) -> async_graphql::Result<std::collections::HashSet<String>> {
        participation::members(db(ctx).await?, &self.grouping, member, &self.stored_key)
            .await
            .gql()
    }
}

/// A stored value of `dimension` in the API's own vocabulary (a programme as the
/// `NationalProgramme` enum names it).
fn api_key(dimension: Dimension, key: Option<&str>) -> Option<String> {
    let key = key?;
    Some(match dimension {
        Dimension::NationalProgramme => match Programme::try_from_value(&key.to_owned()) {
            Ok(programme) => {
                let programme: super::NationalProgramme = programme.into();
                async_graphql::Value::from(programme).to_string()
            }
            Err(_) => key.to_owned(),
        },
        _ => key.to_owned(),
    })
}

/// A stored value of `dimension` in words; for null, what the members lack.
async fn label(
    ctx: &Context<'_>,
    dimension: Dimension,
    key: Option<&str>,
) -> async_graphql::Result<String> {
    let Some(key) = key else {
        return Ok(String::from(match dimension {
            Dimension::Country => "No country",
            Dimension::Region => "No region",
            Dimension::OrganisationKind => "No organisation",
            Dimension::CityKind => "Not a local government",
            Dimension::NationalProgramme => "No national programme",
            Dimension::DlaRound => "Not a Decarbonization Leading Area",
            Dimension::Theme => "No theme",
            Dimension::Day => "No day",
        }));
    };
    Ok(match dimension {
        Dimension::Country => programme(ctx)
            .await?
            .country(key)
            .map_or_else(|| key.to_owned(), |country| country.name.clone()),
        Dimension::Theme => programme(ctx)
            .await?
            .theme(key)
            .map_or_else(|| key.to_owned(), |theme| theme.name.clone()),
        Dimension::Day => {
            let first = programme(ctx).await?.event().map(|event| event.start_date);
            match (chrono::NaiveDate::parse_from_str(key, "%Y-%m-%d"), first) {
                (Ok(day), Some(first)) => format!("Day {} ({key})", day_number(first, day)),
                _ => key.to_owned(),
            }
        }
        Dimension::DlaRound => format!("Round {key}"),
        Dimension::NationalProgramme => String::from(match key {
            "EU_CITIES_MISSION" => "EU Cities Mission",
            "JAPAN_DLA" => "Japan's Decarbonization Leading Areas",
            other => other,
        }),
        Dimension::Region => String::from(match key {
            "EU" => "European Union",
            "JAPAN" => "Japan",
            "INTERNATIONAL" => "International",
            other => other,
        }),
        Dimension::OrganisationKind | Dimension::CityKind => words(key),
    })
}

/// `LOCAL_GOVERNMENT` → `Local government`, `EU_INSTITUTION` → `EU institution`.
fn words(key: &str) -> String {
    let words: Vec<String> = key
        .split('_')
        .map(|word| match word {
            "EU" => String::from("EU"),
            other => other.to_lowercase(),
        })
        .collect();
    let text = words.join(" ");
    let mut characters = text.chars();
    characters.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(characters).collect()
    })
}

fn saturating(count: i64) -> i32 {
    i32::try_from(count).unwrap_or(i32::MAX)
}
