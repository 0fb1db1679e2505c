//! Batched loaders for what stays SQL beside the programme in memory: provenance rows, their
//! sources, and the local governments named by rows of the programmes' reference lists. A
//! level of a query costs one statement per relation, whatever the number of rows (no N+1);
//! keys are grouped and cached per request.
//!
//! A [`Loaders`] is made per request (its cache must not outlive a data reload).

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Weak};

use async_graphql::dataloader::{DataLoader, Loader};
use entity::{Programme, provenance, source};
use sea_orm::DbErr;

use crate::store::snapshot::Snapshot;
use crate::store::{batch, reference};

/// The per-request loader of what stays SQL.
pub type Loaders = DataLoader<SqlLoader>;

/// Makes the loaders of one request, reading through its snapshot.
pub fn for_request(snapshot: &Arc<Snapshot>) -> Loaders {
    DataLoader::new(
        SqlLoader {
            snapshot: Arc::downgrade(snapshot),
        },
        tokio::spawn,
    )
}

/// Reads provenance, sources and reference-list participants in batches.
///
/// It does not keep the snapshot alive: a batch task that DataLoader spawned may outlive the
/// request by its delay, and the request ends its read transaction itself, at once
/// (`Snapshot::finish`), rather than leaving it to whichever task lets go last.
pub struct SqlLoader {
    snapshot: Weak<Snapshot>,
}

impl SqlLoader {
    /// The request's snapshot, while the request runs.
    fn snapshot(&self) -> Result<Arc<Snapshot>, Arc<DbErr>> {
        self.snapshot.upgrade().ok_or_else(|| {
            Arc::new(DbErr::Custom(
                "a loader ran after its request ended".to_owned(),
            ))
        })
    }
}

type LoadResult<K, V> = Result<HashMap<K, V>, Arc<DbErr>>;

/// A source document by id.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SourceById(pub String);

impl Loader<SourceById> for SqlLoader {
    type Value = source::Model;
    type Error = Arc<DbErr>;

    async fn load(&self, keys: &[SourceById]) -> LoadResult<SourceById, Self::Value> {
        let rows = batch::by_keys::<source::Entity>(
            self.snapshot()?.connection().await?,
            source::Column::Id,
            keys.iter().map(|key| key.0.clone()),
        )
        .await?;
        Ok(rows
            .into_iter()
            .map(|row| (SourceById(row.id.clone()), row))
            .collect())
    }
}

/// Groups `rows` (already in the wanted order) by `key_of`, with an empty list for every key
/// that has none.
fn grouped<K: Eq + Hash + Clone, V>(
    keys: &[K],
    rows: impl IntoIterator<Item = (K, V)>,
) -> HashMap<K, Vec<V>> {
    let mut groups: HashMap<K, Vec<V>> = keys.iter().map(|k| (k.clone(), Vec::new())).collect();
    for (key, row) in rows {
        groups.entry(key).or_default().push(row);
    }
    groups
}

/// The local government that a row of a programme's reference list names, where one took part.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ListRowParticipant {
    /// The programme whose list it is.
    pub programme: Programme,
    /// The 1-based row.
    pub row: i32,
}

/// The provenance rows of one record of one table, in dataset order.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ProvenanceOf {
    /// The table, e.g. `local_government` for a City.
    pub entity: &'static str,
    /// The record's key.
    pub id: String,
}

impl Loader<ProvenanceOf> for SqlLoader {
    type Value = Vec<provenance::Model>;
    type Error = Arc<DbErr>;

    async fn load(&self, keys: &[ProvenanceOf]) -> LoadResult<ProvenanceOf, Self::Value> {
        let rows = batch::ordered_by_keys::<provenance::Entity>(
            self.snapshot()?.connection().await?,
            provenance::Column::EntityId,
            keys.iter().map(|k| k.id.clone()),
            &[provenance::Column::Id],
        )
        .await?;
        // The statement selects by key only: keep the rows of the tables asked for.
        let wanted: HashMap<(&str, &str), &ProvenanceOf> = keys
            .iter()
            .map(|key| ((key.entity, key.id.as_str()), key))
            .collect();
        let matched: Vec<(ProvenanceOf, provenance::Model)> = rows
            .into_iter()
            .filter_map(|row| {
                let key = (*wanted.get(&(row.entity.as_str(), row.entity_id.as_str()))?).clone();
                Some((key, row))
            })
            .collect();
        Ok(grouped(keys, matched))
    }
}

impl Loader<ListRowParticipant> for SqlLoader {
    type Value = String;
    type Error = Arc<DbErr>;

    async fn load(
        &self,
        keys: &[ListRowParticipant],
    ) -> LoadResult<ListRowParticipant, Self::Value> {
        let mut found = HashMap::new();
        for programme in [
            Programme::EuCitiesMission,
            Programme::JapanDecarbonizationLeadingArea,
        ] {
            let rows: Vec<i32> = keys
                .iter()
                .filter(|key| key.programme == programme)
                .map(|key| key.row)
                .collect();
            if rows.is_empty() {
                continue;
            }
            let snapshot = self.snapshot()?;
            let db = snapshot.connection().await?;
            for (row, city) in reference::participants_at_rows(db, programme, rows).await? {
                found.insert(ListRowParticipant { programme, row }, city);
            }
        }
        Ok(found)
    }
}
