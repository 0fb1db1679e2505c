//! EU–Japan city pairings, derived from the programme when it is loaded.

use sea_orm::entity::prelude::*;

/// One Japanese and one EU local government that were both represented by a speaker in the
/// same session.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "city_pairing")]
pub struct Model {
    /// Stable slug: `<japan city id>--<eu city id>`.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    /// The Japanese local government.
    pub japan_city_id: String,
    /// The EU local government.
    pub eu_city_id: String,
    /// 0-based place in the list order: Japanese city name, then EU city name.
    pub position: i32,
}

/// Relations of [`Model`].
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
