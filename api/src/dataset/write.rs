//! Writes a valid dataset into the database, replacing the previous one in one transaction.

use entity::{
    appearance, country, dataset_version, event, event_organiser, leading_area, leading_area_round,
    local_government, mission_city, organisation, programme_membership, provenance, reference_list,
    session, source, speaker, theme,
};
use sea_orm::{
    ActiveModelTrait, DatabaseConnection, DatabaseTransaction, DbErr, EntityTrait, IntoActiveModel,
    TransactionTrait,
};

use super::{Dataset, DatasetError};

/// What a load did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadOutcome {
    /// The database already held this version: nothing was written.
    Unchanged {
        /// The dataset version.
        version: String,
    },
    /// The programme was replaced.
    Replaced {
        /// The dataset version now held.
        version: String,
        /// Sessions written.
        sessions: usize,
        /// Speakers written.
        speakers: usize,
    },
}

/// Loads `dataset` unless the database already holds the same version.
pub async fn load(db: &DatabaseConnection, dataset: &Dataset) -> Result<LoadOutcome, DatasetError> {
    let held = dataset_version::Entity::find_by_id(1).one(db).await?;
    if held.is_some_and(|row| row.version == dataset.version) {
        return Ok(LoadOutcome::Unchanged {
            version: dataset.version.clone(),
        });
    }
    replace(db, dataset).await
}

/// Replaces the whole programme with `dataset`, in one transaction: on any error the database
/// is left exactly as it was.
pub async fn replace(
    db: &DatabaseConnection,
    dataset: &Dataset,
) -> Result<LoadOutcome, DatasetError> {
    let txn = db.begin().await?;
    delete_all(&txn).await?;
    insert_all(&txn, dataset).await?;
    txn.commit().await?;
    Ok(LoadOutcome::Replaced {
        version: dataset.version.clone(),
        sessions: dataset.sessions.len(),
        speakers: dataset.speakers.len(),
    })
}

/// Children before parents, so that no foreign key is ever dangling.
async fn delete_all(txn: &DatabaseTransaction) -> Result<(), DbErr> {
    dataset_version::Entity::delete_many().exec(txn).await?;
    provenance::Entity::delete_many().exec(txn).await?;
    appearance::Entity::delete_many().exec(txn).await?;
    session::Entity::delete_many().exec(txn).await?;
    speaker::Entity::delete_many().exec(txn).await?;
    theme::Entity::delete_many().exec(txn).await?;
    event_organiser::Entity::delete_many().exec(txn).await?;
    event::Entity::delete_many().exec(txn).await?;
    programme_membership::Entity::delete_many()
        .exec(txn)
        .await?;
    organisation::Entity::delete_many().exec(txn).await?;
    local_government::Entity::delete_many().exec(txn).await?;
    country::Entity::delete_many().exec(txn).await?;
    leading_area::Entity::delete_many().exec(txn).await?;
    leading_area_round::Entity::delete_many().exec(txn).await?;
    mission_city::Entity::delete_many().exec(txn).await?;
    reference_list::Entity::delete_many().exec(txn).await?;
    source::Entity::delete_many().exec(txn).await?;
    Ok(())
}

/// Parents before children.
async fn insert_all(txn: &DatabaseTransaction, d: &Dataset) -> Result<(), DbErr> {
    insert::<source::Entity>(txn, &d.sources).await?;
    insert::<country::Entity>(txn, &d.countries).await?;
    insert::<local_government::Entity>(txn, &d.local_governments).await?;
    insert::<organisation::Entity>(txn, &d.organisations).await?;
    insert::<programme_membership::Entity>(txn, &d.memberships).await?;
    insert::<reference_list::Entity>(txn, &d.reference_lists).await?;
    insert::<mission_city::Entity>(txn, &d.mission_cities).await?;
    insert::<leading_area_round::Entity>(txn, &d.leading_area_rounds).await?;
    insert::<leading_area::Entity>(txn, &d.leading_areas).await?;
    insert::<event::Entity>(txn, d.event.as_slice()).await?;
    insert::<event_organiser::Entity>(txn, &d.organisers).await?;
    insert::<theme::Entity>(txn, &d.themes).await?;
    insert::<speaker::Entity>(txn, &d.speakers).await?;
    insert::<session::Entity>(txn, &d.sessions).await?;
    insert::<appearance::Entity>(txn, &d.appearances).await?;
    insert::<provenance::Entity>(txn, &d.provenance).await?;
    let version = dataset_version::Model {
        id: 1,
        version: d.version.clone(),
    };
    insert::<dataset_version::Entity>(txn, &[version]).await
}

/// Inserts `rows` in batches small enough for every engine's bound-parameter limit.
async fn insert<E>(txn: &DatabaseTransaction, rows: &[E::Model]) -> Result<(), DbErr>
where
    E: EntityTrait,
    E::Model: IntoActiveModel<E::ActiveModel>,
{
    const BATCH: usize = 200;
    for batch in rows.chunks(BATCH) {
        let models = batch
            .iter()
            .cloned()
            .map(|row| row.into_active_model().reset_all());
        E::insert_many(models).exec_without_returning(txn).await?;
    }
    Ok(())
}
