//! A city of the EU Cities Mission, as far as this dataset knows them.

use sea_orm::entity::prelude::*;

/// One row of `eu-cities-mission.csv`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "mission_city")]
pub struct Model {
    /// 1-based data row of the CSV file.
    #[sea_orm(primary_key, auto_increment = false)]
    pub row: i32,
    /// City name as listed.
    pub name: String,
    /// Country name as listed.
    pub country_name: String,
    /// ISO 3166-1 alpha-2 code.
    pub country_code: String,
    /// GeoNames feature id.
    pub geonames_id: Option<i64>,
    /// GeoNames feature name.
    pub geonames_name: Option<String>,
    /// WGS84 latitude.
    pub latitude: Option<f64>,
    /// WGS84 longitude.
    pub longitude: Option<f64>,
    /// GeoNames population.
    pub population: Option<i64>,
    /// How the GeoNames match was made.
    pub geonames_match: Option<String>,
}

/// Relations of [`Model`].
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
