//! A person on the programme.

use sea_orm::entity::prelude::*;

use crate::Region;

/// One speaker. Country and region are those of the body the speaker represents.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "speaker")]
pub struct Model {
    /// Stable slug, e.g. `risto-veivo`.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    /// Name as published.
    pub name: String,
    /// Lower-cased name: the ordering key.
    pub sort_name: String,
    /// Job title as published (typos corrected; see provenance).
    pub role: Option<String>,
    /// The body represented.
    pub organisation_id: Option<String>,
    /// The local government represented, if any.
    pub local_government_id: Option<String>,
    /// Country of the body represented; null for EU institutions and international bodies.
    pub country_code: Option<String>,
    /// Side of the partnership of the body represented.
    pub region: Region,
}

/// Relations of [`Model`].
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// The organisation.
    #[sea_orm(
        belongs_to = "super::organisation::Entity",
        from = "Column::OrganisationId",
        to = "super::organisation::Column::Id"
    )]
    Organisation,
}

impl ActiveModelBehavior for ActiveModel {}
