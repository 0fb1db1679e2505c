//! Writes a valid dataset into the database, replacing the previous one in one transaction.

use entity::{
    appearance, city_pairing, city_pairing_session, country, dataset_version, event,
    event_organiser, leading_area, leading_area_round, local_government, mission_city,
    organisation, programme_membership, provenance, reference_list, search_entry, search_gram,
    search_gram_frequency, session, source, speaker, theme,
};
use sea_orm::sea_query::{Alias, Query};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ConnectionTrait, DatabaseConnection, DatabaseTransaction,
    DbErr, EntityName, EntityTrait, IntoActiveModel, TransactionTrait,
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

/// The format of the rows a load writes: raised whenever a release derives or records more
/// from the same files (2: programme memberships name their reference-list row; the search
/// index; 3: the search bigrams' frequencies; 4: organisations' Japanese names, and a search
/// index over talk titles, remarks and published spellings, hyphens folded as spaces; 5: the
/// sources' public addresses and provenance records' own). A database loaded in an older format is
/// rewritten by the next load of the same files.
pub const LOAD_FORMAT: i32 = 5;

/// Loads `dataset` unless the database already holds the same version, in this format.
pub async fn load(db: &DatabaseConnection, dataset: &Dataset) -> Result<LoadOutcome, DatasetError> {
    let held = dataset_version::Entity::find_by_id(1).one(db).await?;
    if held.is_some_and(|row| row.version == dataset.version && row.format == Some(LOAD_FORMAT)) {
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
    let held = dataset_version::Entity::find_by_id(1).one(&txn).await?;
    delete_all(&txn).await?;
    insert_all(&txn, dataset).await?;
    // A rewrite of the version already held revises nothing: it keeps its load time (the
    // revision time that calendar feeds print).
    if let Some(held) =
        held.filter(|held| held.version == dataset.version && held.format == Some(LOAD_FORMAT))
    {
        dataset_version::ActiveModel {
            id: Set(1),
            loaded_at: Set(held.loaded_at),
            ..Default::default()
        }
        .update(&txn)
        .await?;
    }
    txn.commit().await?;
    Ok(LoadOutcome::Replaced {
        version: dataset.version.clone(),
        sessions: dataset.sessions.len(),
        speakers: dataset.speakers.len(),
    })
}

/// Every table the dataset fills, parents before children, with the dataset's rows for it:
/// the one list that inserting, deleting (in reverse) and [`dump`] follow.
macro_rules! dataset_tables {
    ($($entity:ident => |$d:ident| $rows:expr),+ $(,)?) => {
        /// The tables' names, parents before children.
        fn table_names() -> Vec<&'static str> {
            vec![$(EntityName::table_name(&$entity::Entity)),+]
        }

        /// Parents before children.
        async fn insert_all(txn: &DatabaseTransaction, dataset: &Dataset) -> Result<(), DbErr> {
            $(
                let $d = dataset;
                insert::<$entity::Entity>(txn, $rows).await?;
            )+
            Ok(())
        }

        /// Every row of every table, as text, table by table in the list's order and sorted
        /// within a table: two dumps are equal exactly when the databases hold the same data.
        pub async fn dump(db: &impl ConnectionTrait) -> Result<Vec<String>, DbErr> {
            let mut out = Vec::new();
            $(
                let mut rows: Vec<String> = $entity::Entity::find()
                    .all(db)
                    .await?
                    .iter()
                    .map(|row| format!("{row:?}"))
                    .collect();
                rows.sort();
                out.extend(rows);
            )+
            Ok(out)
        }
    };
}

dataset_tables! {
    source => |d| &d.sources,
    country => |d| &d.countries,
    local_government => |d| &d.local_governments,
    organisation => |d| &d.organisations,
    programme_membership => |d| &d.memberships,
    reference_list => |d| &d.reference_lists,
    mission_city => |d| &d.mission_cities,
    leading_area_round => |d| &d.leading_area_rounds,
    leading_area => |d| &d.leading_areas,
    event => |d| d.event.as_slice(),
    event_organiser => |d| &d.organisers,
    theme => |d| &d.themes,
    speaker => |d| &d.speakers,
    session => |d| &d.sessions,
    appearance => |d| &d.appearances,
    provenance => |d| &d.provenance,
    city_pairing => |d| &d.derived.pairings,
    city_pairing_session => |d| &d.derived.pairing_sessions,
    search_entry => |d| &d.derived.search_entries,
    search_gram => |d| &d.derived.search_grams,
    search_gram_frequency => |d| &d.derived.search_gram_frequencies,
    dataset_version => |d| &[dataset_version::Model {
        id: 1,
        version: d.version.clone(),
        loaded_at: Some(chrono::Utc::now()),
        format: Some(LOAD_FORMAT),
    }],
}

/// Children before parents, so that no foreign key is ever dangling.
async fn delete_all(txn: &DatabaseTransaction) -> Result<(), DbErr> {
    for table in table_names().into_iter().rev() {
        let statement = Query::delete().from_table(Alias::new(table)).to_owned();
        txn.execute(&statement).await?;
    }
    Ok(())
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
