//! Speakers ordered by name (case-insensitive, then id), filtered.

use entity::{OrganisationKind, Region, organisation, speaker};
use sea_orm::sea_query::Query;
use sea_orm::{ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};

use super::{Page, fetch_page, strictly_after};
use crate::error::ApiResult;
use crate::graphql::cursor::Cursor;

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
    db: &DatabaseConnection,
    filter: &SpeakerFilter,
    first: u64,
    after: Option<&str>,
) -> ApiResult<Page<speaker::Model>> {
    let condition = condition(filter);
    let filtered = speaker::Entity::find().filter(condition.clone());
    let mut ordered = speaker::Entity::find().filter(condition);
    if let Some(after) = after {
        let cursor = Cursor::decode(LIST, after)?;
        ordered = ordered.filter(strictly_after(
            speaker::Column::SortName,
            speaker::Column::Id,
            cursor.key.into(),
            cursor.id,
        ));
    }
    let ordered = ordered
        .order_by_asc(speaker::Column::SortName)
        .order_by_asc(speaker::Column::Id);
    fetch_page(db, filtered, ordered, first, after.is_some(), |row| {
        Cursor {
            list: LIST,
            key: row.sort_name.clone(),
            id: row.id.clone(),
        }
    })
    .await
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
