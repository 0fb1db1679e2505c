//! What researchers ask: participation analytics, and the reference lists with their
//! completeness.

use async_graphql::{Context, InputObject, Object};

use crate::error::{ApiError, IntoGraphql};
use crate::graphql::args::{country_code, window};
use crate::graphql::context::{db, programme};
use crate::graphql::types::SessionKind;
use crate::graphql::types::{
    Completeness, Dataset, LeadingAreaConnection, LeadingAreaRound, ListCompleteness,
    MissionCityConnection, ParticipationDimension, ParticipationGroup, Parts, ReferenceList,
};
use crate::store::participation::{self, Grouping};
use crate::store::reference::{self, DLA_LIST, MISSION_LIST};

/// Which EU Cities Mission cities to list.
#[derive(Debug, Default, InputObject)]
pub struct MissionCityFilter {
    /// True: only the Mission cities that took part in the event (that a speaker on the
    /// programme represented); false: only the others.
    pub took_part: Option<bool>,
    /// ISO 3166-1 alpha-2 code, case-insensitive.
    pub country: Option<String>,
}

/// Which Decarbonization Leading Areas to list.
#[derive(Debug, Default, InputObject)]
pub struct LeadingAreaFilter {
    /// Selection round (1 to 6); the answer's completeness is then the round's.
    pub round: Option<i32>,
    /// True: only the areas whose lead municipality took part in the event (that a speaker on
    /// the programme represented); false: the others.
    pub took_part: Option<bool>,
}

/// Participation analytics and the reference lists.
#[derive(Default)]
pub struct ReferenceQuery;

#[Object]
impl ReferenceQuery {
    /// Participation grouped by one dimension, or cross-tabulated by two (`across`): for each
    /// value (each pair of values), how many speakers, sessions and local governments share it
    /// (counted in the database, by the same rules), and who they are (pages). With
    /// `sessionKind`, only appearances in sessions of that kind count. Groups ordered by key,
    /// then by `across` key, the null groups (members without a value) last in each.
    async fn participation(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to group by (the rows of a cross-tabulation).")]
        by: ParticipationDimension,
        #[graphql(
            desc = "A second dimension, other than `by`: each group is then one pair of values (a cell of the table)."
        )]
        across: Option<ParticipationDimension>,
        #[graphql(desc = "Only appearances in sessions of this kind (e.g. PANEL).")]
        session_kind: Option<SessionKind>,
    ) -> async_graphql::Result<Vec<ParticipationGroup>> {
        if across == Some(by) {
            return Err(ApiError::bad_input(
                "across",
                "`across` must be another dimension than `by`",
            ))
            .gql();
        }
        let grouping = Grouping {
            by: by.into(),
            across: across.map(Into::into),
            kind: session_kind.map(Into::into),
        };
        let groups = participation::groups(db(ctx).await?, &grouping)
            .await
            .gql()?;
        Ok(groups
            .into_iter()
            .map(|(stored_key, counts)| ParticipationGroup {
                grouping: grouping.clone(),
                stored_key,
                counts,
            })
            .collect())
    }

    /// This dataset: the version this answer reads (the same as every export's
    /// `Dataset-Version` header), when it was loaded, its licence and how to cite it.
    async fn dataset(&self, ctx: &Context<'_>) -> async_graphql::Result<Dataset> {
        let served = crate::graphql::context::served(ctx)?;
        Dataset::of(programme(ctx).await?, served).gql()
    }

    /// The reference lists this dataset holds, each with its source and completeness.
    async fn reference_lists(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<ReferenceList>> {
        let lists = reference::lists(db(ctx).await?).await.gql()?;
        Ok(lists.into_iter().map(ReferenceList).collect())
    }

    /// The EU Cities Mission cities known to this dataset (not the official complete list:
    /// see `completeness`), in list order; cursor pagination (`first` defaults to 20, at most
    /// 100: the 111 take two pages; `/export/mission-cities.csv` holds them all).
    async fn mission_cities(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Which cities; all when absent.")] filter: Option<MissionCityFilter>,
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
    ) -> async_graphql::Result<MissionCityConnection> {
        let filter = filter.unwrap_or_default();
        let filter = reference::MissionCityFilter {
            took_part: filter.took_part,
            country: filter
                .country
                .map(|code| country_code("filter.country", &code))
                .transpose()
                .gql()?,
        };
        let window = window(first, after, last, before).gql()?;
        let db = db(ctx).await?;
        let completeness = Completeness::of_list(&required_list(db, MISSION_LIST).await?);
        let page = reference::mission_cities(db, &filter, &window)
            .await
            .gql()?;
        Ok(MissionCityConnection::new(
            Parts::of(page),
            ListCompleteness { completeness },
        ))
    }

    /// The lead municipalities of Japan's Decarbonization Leading Areas known to this dataset
    /// (rounds 3, 4 and 6 are partial: see `completeness`), in list order; cursor pagination
    /// (`first` defaults to 20, at most 100: `/export/leading-areas.csv` holds them all).
    async fn leading_areas(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Which areas; all when absent.")] filter: Option<LeadingAreaFilter>,
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
    ) -> async_graphql::Result<LeadingAreaConnection> {
        let filter = filter.unwrap_or_default();
        let window = window(first, after, last, before).gql()?;
        let db = db(ctx).await?;
        let list = required_list(db, DLA_LIST).await?;
        let completeness = match filter.round {
            None => Completeness::of_list(&list),
            Some(number) => {
                let rounds = reference::rounds(db).await.gql()?;
                let Some(round) = rounds.iter().find(|r| r.round == number) else {
                    let known: Vec<String> = rounds.iter().map(|r| r.round.to_string()).collect();
                    return Err(ApiError::bad_input(
                        "filter.round",
                        format!(
                            "round {number} is not a selection round; the rounds are {}",
                            known.join(", ")
                        ),
                    ))
                    .gql();
                };
                Completeness::of_round(round, &list)
            }
        };
        let filter = reference::LeadingAreaFilter {
            round: filter.round,
            took_part: filter.took_part,
        };
        let page = reference::leading_areas(db, &filter, &window).await.gql()?;
        Ok(LeadingAreaConnection::new(
            Parts::of(page),
            ListCompleteness { completeness },
        ))
    }

    /// The selection rounds of Japan's Decarbonization Leading Areas, each with how many of
    /// its lead municipalities this dataset holds.
    async fn leading_area_rounds(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<LeadingAreaRound>> {
        let db = db(ctx).await?;
        let Some(list) = reference::list(db, DLA_LIST).await.gql()? else {
            return Ok(Vec::new());
        };
        let rounds = reference::rounds(db).await.gql()?;
        Ok(rounds
            .into_iter()
            .map(|round| LeadingAreaRound {
                round,
                list: list.clone(),
            })
            .collect())
    }
}

/// The list `id`, which every loaded dataset holds.
async fn required_list(
    db: &impl sea_orm::ConnectionTrait,
    id: &str,
) -> async_graphql::Result<entity::reference_list::Model> {
    match reference::list(db, id).await.gql()? {
        Some(list) => Ok(list),
        None => Err(ApiError::Internal {
            cause: format!("the database holds no list {id}").into(),
        })
        .gql(),
    }
}
