//! Prepares a writable database to serve: applies pending migrations, then loads the dataset
//! built into the binary if the database holds none (or holds it in an older release's format).

use entity::dataset_version;
use migration::{Migrator, MigratorTrait};
use sea_orm::{DatabaseConnection, EntityTrait};

use crate::dataset::{DatasetFiles, LOAD_FORMAT, LoadOutcome};
use crate::db::postgres::StartupLock;
use crate::db::{StartupError, one_line};

/// Applies pending migrations, then loads the built-in dataset if the database holds none, or
/// rewrites it where an older release loaded the same files. On PostgreSQL this runs under the
/// start-up lock (`db::postgres::StartupLock`): replicas starting together on one database
/// take turns, the first migrates and loads, the others find the work done.
pub async fn prepare(db: &DatabaseConnection) -> Result<(), StartupError> {
    let locked = |e: sea_orm::DbErr| {
        StartupError::Database(format!(
            "cannot take the start-up lock: {}",
            one_line(&e.to_string())
        ))
    };
    let lock = StartupLock::acquire(db).await.map_err(locked)?;
    let prepared = migrate_and_load(db).await;
    if let Some(lock) = lock {
        lock.release().await.map_err(locked)?;
    }
    prepared
}

async fn migrate_and_load(db: &DatabaseConnection) -> Result<(), StartupError> {
    Migrator::up(db, None)
        .await
        .map_err(|e| StartupError::Migrate(one_line(&e.to_string())))?;
    let held = dataset_version::Entity::find_by_id(1)
        .one(db)
        .await
        .map_err(|e| StartupError::Migrate(one_line(&e.to_string())))?;
    let failed = |e: crate::dataset::DatasetError| StartupError::Load(e.to_string());
    match held {
        None => {
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
        // Loaded by an older release, which derived less from the same files.
        Some(held) if held.format != Some(LOAD_FORMAT) => {
            let embedded = DatasetFiles::embedded();
            if held.version == embedded.version() {
                let dataset = embedded.validate().map_err(failed)?;
                crate::dataset::replace(db, &dataset)
                    .await
                    .map_err(failed)?;
                tracing::info!(version = %held.version, format = LOAD_FORMAT, "rewrote the built-in dataset in this release's format");
            } else {
                tracing::warn!(version = %held.version, "the database was loaded by an older release: run `cities-api load-data` with its data folder to build what this release derives (search index, reference-list links)");
            }
        }
        Some(_) => {}
    }
    Ok(())
}
