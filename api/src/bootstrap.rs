//! Prepares a writable database to serve: applies pending migrations, then loads the dataset
//! built into the binary if the database holds none.

use entity::dataset_version;
use migration::{Migrator, MigratorTrait};
use sea_orm::{DatabaseConnection, EntityTrait};

use crate::dataset::{DatasetFiles, LoadOutcome};
use crate::db::{StartupError, one_line};

/// Applies pending migrations, then loads the built-in dataset if the database holds none.
pub async fn prepare(db: &DatabaseConnection) -> Result<(), StartupError> {
    Migrator::up(db, None)
        .await
        .map_err(|e| StartupError::Migrate(one_line(&e.to_string())))?;
    let loaded = dataset_version::Entity::find_by_id(1)
        .one(db)
        .await
        .map_err(|e| StartupError::Migrate(one_line(&e.to_string())))?;
    if loaded.is_none() {
        let failed = |e: crate::dataset::DatasetError| StartupError::Load(e.to_string());
        let dataset = DatasetFiles::embedded().validate().map_err(failed)?;
        if let LoadOutcome::Replaced {
            version,
            sessions,
            speakers,
        } = crate::dataset::load(db, &dataset).await.map_err(failed)?
        {
            tracing::info!(%version, sessions, speakers, "loaded the built-in dataset into an empty database");
        }
    }
    Ok(())
}
