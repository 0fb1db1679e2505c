//! Local governments ordered by name (case-insensitive, then id), filtered.

use entity::{Region, local_government};
use sea_orm::{ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};

use super::{Page, fetch_page, strictly_after};
use crate::error::ApiResult;
use crate::graphql::cursor::Cursor;

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
    db: &DatabaseConnection,
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
    let filtered = local_government::Entity::find().filter(condition.clone());
    let mut ordered = local_government::Entity::find().filter(condition);
    if let Some(after) = after {
        let cursor = Cursor::decode(LIST, after)?;
        ordered = ordered.filter(strictly_after(
            local_government::Column::SortName,
            local_government::Column::Id,
            cursor.key.into(),
            cursor.id,
        ));
    }
    let ordered = ordered
        .order_by_asc(local_government::Column::SortName)
        .order_by_asc(local_government::Column::Id);
    fetch_page(db, filtered, ordered, first, after.is_some(), |row| {
        Cursor {
            list: LIST,
            key: row.sort_name.clone(),
            id: row.id.clone(),
        }
    })
    .await
}
