//! Local governments ordered by name (case-insensitive, then id): the root list's filter
//! (applied in memory, `store::programme`) and pages of SQL-selected ones (the research lists).

use entity::{Region, local_government};
use sea_orm::{Condition, ConnectionTrait};

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

/// One page of the local governments matching `condition`, in this list's order.
pub async fn page_where(
    db: &impl ConnectionTrait,
    condition: Condition,
    window: &super::Window,
) -> ApiResult<Page<local_government::Model>> {
    let order = super::by_name::<local_government::Entity>(
        LIST,
        local_government::Column::SortName,
        local_government::Column::Id,
        |row| (row.sort_name.clone(), row.id.clone()),
    );
    super::keyset_page(db, condition, order, window).await
}
