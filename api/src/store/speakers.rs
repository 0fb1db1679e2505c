//! Speakers ordered by name (case-insensitive, then id), filtered.

use entity::{OrganisationKind, Region, organisation, speaker};
use sea_orm::sea_query::Query;
use sea_orm::{ColumnTrait, Condition, ConnectionTrait};

use super::Page;
use crate::error::ApiResult;

const LIST: &str = "speakers";

/// What `speakers(filter:)` asks for, already validated.
#[derive(Debug, Clone, Default)]
pub struct SpeakerFilter {
    /// Upper-case country code of the body represented.
    pub country: Option<String>,
    /// Side of the partnership.
    pub region: Option<Region>,
    /// Local government represented.
    pub city: Option<String>,
    /// Kind of the body represented.
    pub organisation_kind: Option<OrganisationKind>,
}

/// One page of speakers.
pub async fn page(
    db: &impl ConnectionTrait,
    filter: &SpeakerFilter,
    first: u64,
    after: Option<&str>,
) -> ApiResult<Page<speaker::Model>> {
    page_where(db, condition(filter), first, after).await
}

/// One page of the speakers matching `condition`, in this list's order.
pub async fn page_where(
    db: &impl ConnectionTrait,
    condition: Condition,
    first: u64,
    after: Option<&str>,
) -> ApiResult<Page<speaker::Model>> {
    let order = super::by_name::<speaker::Entity>(
        LIST,
        speaker::Column::SortName,
        speaker::Column::Id,
        |row| (row.sort_name.clone(), row.id.clone()),
    );
    super::keyset_page(db, condition, order, first, after).await
}

fn condition(filter: &SpeakerFilter) -> Condition {
    let mut condition = Condition::all();
    if let Some(code) = &filter.country {
        condition = condition.add(speaker::Column::CountryCode.eq(code.as_str()));
    }
    if let Some(region) = filter.region {
        condition = condition.add(speaker::Column::Region.eq(region));
    }
    if let Some(city) = &filter.city {
        condition = condition.add(speaker::Column::LocalGovernmentId.eq(city.as_str()));
    }
    if let Some(kind) = filter.organisation_kind {
        condition = condition.add(
            speaker::Column::OrganisationId.in_subquery(
                Query::select()
                    .column(organisation::Column::Id)
                    .from(organisation::Entity)
                    .and_where(organisation::Column::Kind.eq(kind))
                    .to_owned(),
            ),
        );
    }
    condition
}
