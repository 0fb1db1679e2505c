//! Which version of the dataset the database holds.

use sea_orm::entity::prelude::*;

/// The single row (id 1) naming the loaded dataset's version: a SHA-256 of its input files.
/// Reloading the same files is a no-op, and response caches can key on it.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "dataset_version")]
pub struct Model {
    /// Always 1.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: i32,
    /// Hex SHA-256 of the dataset files.
    pub version: String,
    /// When this version was loaded (the revision time of the served programme); set by every
    /// load that writes a new version, and by the migration that added it.
    pub loaded_at: Option<DateTimeUtc>,
    /// The format of the rows the load wrote (`api::dataset::LOAD_FORMAT`); null for a load
    /// made before formats were recorded.
    pub format: Option<i32>,
}

/// Relations of [`Model`].
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
