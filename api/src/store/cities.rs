//! Local governments ordered by name (case-insensitive, then id), filtered.

use entity::{Region, local_government};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait};

use super::Page;
use crate::error::ApiResult;

const LIST: &str = "cities";

/// What `cities(filter:)` asks for, already validated.
#[derive(Debug, Clone, Default)]
pub struct CityFilter {
    /// Upper-case country code.
    pub country: Option<String>,
    /// Side of the partnership.
    pub region: Option<Region>,
}

/// One page of local governments.
pub async fn page(
    db: &impl ConnectionTrait,
    filter: &CityFilter,
    first: u64,
    after: Option<&str>,
) -> ApiResult<Page<local_government::Model>> {
    let mut condition = Condition::all();
    if let Some(code) = &filter.country {
        condition = condition.add(local_government::Column::CountryCode.eq(code.as_str()));
    }
    if let Some(region) = filter.region {
        condition = condition.add(local_government::Column::Region.eq(region));
    }
    page_where(db, condition, first, after).await
}

/// One page of the local governments matching `condition`, in this list's order.
pub async fn page_where(
    db: &impl ConnectionTrait,
    condition: Condition,
    first: u64,
    after: Option<&str>,
) -> ApiResult<Page<local_government::Model>> {
    let order = super::by_name::<local_government::Entity>(
        LIST,
        local_government::Column::SortName,
        local_government::Column::Id,
        |row| (row.sort_name.clone(), row.id.clone()),
    );
    super::keyset_page(db, condition, order, first, after).await
}
