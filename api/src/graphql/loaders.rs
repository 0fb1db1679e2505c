//! Batched loaders: every relation between entities is read through these, so that a level of
//! a query costs one SQL statement per relation, whatever the number of rows (no N+1). The
//! statements themselves are `store::batch`'s; here keys are grouped and cached per request.
//!
//! A [`Loaders`] is made per request (its cache must not outlive a data reload).

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Arc;

use async_graphql::dataloader::{DataLoader, Loader};
use entity::{
    Programme, appearance, country, event_organiser, local_government, organisation,
    programme_membership, provenance, session, source, speaker, theme,
};
use sea_orm::{ConnectionTrait, DbErr, EntityTrait};

use crate::store::pairings::{self, Pairing};
use crate::store::snapshot::Snapshot;
use crate::store::{batch, reference};

/// The per-request loader of the programme.
pub type Loaders = DataLoader<ProgrammeLoader>;

/// Makes the loaders of one request, reading through its snapshot.
pub fn for_request(snapshot: Arc<Snapshot>) -> Loaders {
    DataLoader::new(ProgrammeLoader { snapshot }, tokio::spawn)
}

/// Reads the programme in batches.
pub struct ProgrammeLoader {
    snapshot: Arc<Snapshot>,
}

type LoadResult<K, V> = Result<HashMap<K, V>, Arc<DbErr>>;

macro_rules! key {
    ($(#[$doc:meta] $name:ident),* $(,)?) => {$(
        #[$doc]
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub struct $name(pub String);
    )*};
}

key! {
    /// A session by id.
    SessionById,
    /// A speaker by id.
    SpeakerById,
    /// An organisation by id.
    OrganisationById,
    /// A local government by id.
    CityById,
    /// A country by ISO code.
    CountryByCode,
    /// A theme by id.
    ThemeById,
    /// The appearances in a session, in published order.
    AppearancesInSession,
    /// A speaker's appearances, in programme order of their sessions.
    AppearancesOfSpeaker,
    /// The ids of the sessions in which a local government was represented, in programme order.
    SessionIdsOfCity,
    /// The speakers representing a local government, by name.
    SpeakersOfCity,
    /// A theme's sessions, in programme order.
    SessionsOfTheme,
    /// The speakers whose body is in a country, by name.
    SpeakersOfCountry,
    /// The local governments of a country, by name.
    CitiesOfCountry,
    /// A local government's programme memberships.
    MembershipsOfCity,
    /// A local government's pairings, in pairing order.
    PairingsOfCity,
    /// An event's organisers, in published order.
    OrganisersOfEvent,
    /// A source document by id.
    SourceById,
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

/// Loads entities of `E` whose column `column` is one of `keys`, keyed by `key_of`.
async fn by_column<E, K>(
    db: &impl ConnectionTrait,
    column: E::Column,
    keys: &[K],
    raw: impl Fn(&K) -> &str,
    key_of: impl Fn(&E::Model) -> K,
) -> LoadResult<K, E::Model>
where
    E: EntityTrait,
    K: Eq + Hash,
{
    let rows = batch::by_keys::<E>(db, column, keys.iter().map(|k| raw(k).to_owned())).await?;
    Ok(rows.into_iter().map(|row| (key_of(&row), row)).collect())
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

/// `impl Loader<Key>`: one entity by its primary key, in one statement per batch.
macro_rules! by_key_loader {
    ($($key:ident => $entity:ident :: $column:ident . $field:ident),* $(,)?) => {$(
        impl Loader<$key> for ProgrammeLoader {
            type Value = $entity::Model;
            type Error = Arc<DbErr>;

            async fn load(&self, keys: &[$key]) -> LoadResult<$key, Self::Value> {
                by_column::<$entity::Entity, _>(
                    self.snapshot.connection().await?,
                    $entity::Column::$column,
                    keys,
                    |key| &key.0,
                    |model| $key(model.$field.clone()),
                )
                .await
            }
        }
    )*};
}

by_key_loader! {
    SessionById => session::Id.id,
    SpeakerById => speaker::Id.id,
    OrganisationById => organisation::Id.id,
    CityById => local_government::Id.id,
    CountryByCode => country::Code.code,
    ThemeById => theme::Id.id,
    SourceById => source::Id.id,
}

/// The key of a child row's parent: a required or an optional column.
trait ParentKey {
    fn parent(&self) -> Option<String>;
}

impl ParentKey for String {
    fn parent(&self) -> Option<String> {
        Some(self.clone())
    }
}

impl ParentKey for Option<String> {
    fn parent(&self) -> Option<String> {
        self.clone()
    }
}

/// `impl Loader<Key>`: the children of each key, in a stable order, in one statement per
/// batch; a key without children gets an empty list.
macro_rules! children_loader {
    ($($key:ident => $entity:ident :: $column:ident . $field:ident by [$($order:ident),+]),* $(,)?) => {$(
        impl Loader<$key> for ProgrammeLoader {
            type Value = Vec<$entity::Model>;
            type Error = Arc<DbErr>;

            async fn load(&self, keys: &[$key]) -> LoadResult<$key, Self::Value> {
                let rows = batch::ordered_by_keys::<$entity::Entity>(
                    self.snapshot.connection().await?,
                    $entity::Column::$column,
                    keys.iter().map(|k| k.0.clone()),
                    &[$($entity::Column::$order),+],
                )
                .await?;
                Ok(grouped(
                    keys,
                    rows.into_iter().filter_map(|row| Some(($key(row.$field.parent()?), row))),
                ))
            }
        }
    )*};
}

children_loader! {
    AppearancesInSession => appearance::SessionId.session_id by [SessionId, Position],
    SpeakersOfCity => speaker::LocalGovernmentId.local_government_id by [SortName, Id],
    SessionsOfTheme => session::ThemeId.theme_id by [StartsAt, Id],
    SpeakersOfCountry => speaker::CountryCode.country_code by [SortName, Id],
    CitiesOfCountry => local_government::CountryCode.country_code by [SortName, Id],
    MembershipsOfCity => programme_membership::LocalGovernmentId.local_government_id by [Programme],
    OrganisersOfEvent => event_organiser::EventId.event_id by [EventId, Position],
}

impl Loader<AppearancesOfSpeaker> for ProgrammeLoader {
    type Value = Vec<appearance::Model>;
    type Error = Arc<DbErr>;

    async fn load(
        &self,
        keys: &[AppearancesOfSpeaker],
    ) -> LoadResult<AppearancesOfSpeaker, Self::Value> {
        let rows = batch::appearances_of_speakers(
            self.snapshot.connection().await?,
            keys.iter().map(|k| k.0.clone()),
        )
        .await?;
        Ok(grouped(
            keys,
            rows.into_iter()
                .map(|a| (AppearancesOfSpeaker(a.speaker_id.clone()), a)),
        ))
    }
}

impl Loader<SessionIdsOfCity> for ProgrammeLoader {
    type Value = Vec<String>;
    type Error = Arc<DbErr>;

    async fn load(&self, keys: &[SessionIdsOfCity]) -> LoadResult<SessionIdsOfCity, Self::Value> {
        let rows = batch::sessions_of_cities(
            self.snapshot.connection().await?,
            keys.iter().map(|k| k.0.clone()),
        )
        .await?;
        let mut groups = grouped(
            keys,
            rows.into_iter()
                .map(|(city, session)| (SessionIdsOfCity(city), session)),
        );
        for sessions in groups.values_mut() {
            // Two speakers of one city in one session: list the session once.
            sessions.dedup();
        }
        Ok(groups)
    }
}

impl Loader<ProvenanceOf> for ProgrammeLoader {
    type Value = Vec<provenance::Model>;
    type Error = Arc<DbErr>;

    async fn load(&self, keys: &[ProvenanceOf]) -> LoadResult<ProvenanceOf, Self::Value> {
        let rows = batch::ordered_by_keys::<provenance::Entity>(
            self.snapshot.connection().await?,
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

impl Loader<ListRowParticipant> for ProgrammeLoader {
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
            let db = self.snapshot.connection().await?;
            for (row, city) in reference::participants_at_rows(db, programme, rows).await? {
                found.insert(ListRowParticipant { programme, row }, city);
            }
        }
        Ok(found)
    }
}

impl Loader<PairingsOfCity> for ProgrammeLoader {
    type Value = Vec<Pairing>;
    type Error = Arc<DbErr>;

    async fn load(&self, keys: &[PairingsOfCity]) -> LoadResult<PairingsOfCity, Self::Value> {
        let cities: Vec<String> = keys.iter().map(|key| key.0.clone()).collect();
        let found = pairings::of_cities(self.snapshot.connection().await?, &cities).await?;
        Ok(found
            .into_iter()
            .map(|(city, list)| (PairingsOfCity(city), list))
            .collect())
    }
}
