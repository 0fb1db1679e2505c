//! A body that speakers represent or that organised the event.

use sea_orm::entity::prelude::*;

use crate::{OrganisationKind, Region};

/// One organisation. Every local government is also an organisation with the same id.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "organisation")]
pub struct Model {
    /// Stable slug, e.g. `iges`.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    /// Name as served.
    pub name: String,
    /// Abbreviation as published, e.g. `IGES`.
    pub short_name: Option<String>,
    /// Official Japanese name, where a named source gives one (`reference/organisations.csv`).
    pub name_ja: Option<String>,
    /// Kind of body.
    pub kind: OrganisationKind,
    /// ISO code of the body's country; null where the sources state none.
    pub country_code: Option<String>,
    /// Side of the partnership.
    pub region: Region,
    /// The local government this organisation is, for kind `LOCAL_GOVERNMENT`.
    pub local_government_id: Option<String>,
}

/// Relations of [`Model`].
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// The country.
    #[sea_orm(
        belongs_to = "super::country::Entity",
        from = "Column::CountryCode",
        to = "super::country::Column::Code"
    )]
    Country,
    /// The local government.
    #[sea_orm(
        belongs_to = "super::local_government::Entity",
        from = "Column::LocalGovernmentId",
        to = "super::local_government::Column::Id"
    )]
    LocalGovernment,
}

impl ActiveModelBehavior for ActiveModel {}
