//! Speakers ordered by name (case-insensitive, then id): the root list's filter (applied in
//! memory, `store::programme`) and pages of SQL-selected speakers (the research lists).

use entity::{OrganisationKind, Region, speaker};
use sea_orm::{Condition, ConnectionTrait};

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

/// One page of the speakers matching `condition`, in this list's order.
pub async fn page_where(
    db: &impl ConnectionTrait,
    condition: Condition,
    window: &super::Window,
) -> ApiResult<Page<speaker::Model>> {
    let order = super::by_name::<speaker::Entity>(
        LIST,
        speaker::Column::SortName,
        speaker::Column::Id,
        |row| (row.sort_name.clone(), row.id.clone()),
    );
    super::keyset_page(db, condition, order, window).await
}
