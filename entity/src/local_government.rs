//! A city, town, prefecture or metropolitan authority that took part.

use sea_orm::entity::prelude::*;

use crate::{LocalGovernmentKind, Region};

/// One local government.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "local_government")]
pub struct Model {
    /// Stable slug, e.g. `kyoto`.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    /// English name.
    pub name: String,
    /// Lower-cased name: the ordering key.
    pub sort_name: String,
    /// Official Japanese name, for Japanese local governments.
    pub name_ja: Option<String>,
    /// City, town, prefecture or metropolitan authority.
    pub kind: LocalGovernmentKind,
    /// ISO 3166-1 alpha-2 code.
    pub country_code: String,
    /// Side of the partnership (that of the country).
    pub region: Region,
    /// The form of the name in the seed text.
    pub seed_name: String,
    /// GeoNames feature id.
    pub geonames_id: Option<i64>,
    /// WGS84 latitude, from GeoNames.
    pub latitude: Option<f64>,
    /// WGS84 longitude, from GeoNames.
    pub longitude: Option<f64>,
    /// What the coordinates stand for where the body is not a single city.
    pub coordinates_note: Option<String>,
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
}

impl ActiveModelBehavior for ActiveModel {}
