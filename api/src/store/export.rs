//! What the exports for analysis tools hold. The programme's tables come from the programme of
//! the revision in memory (`store::programme`), as GraphQL answers read them: every session
//! with its appearances, every speaker, body, local government, country, programme membership
//! and pairing. What memory does not hold (the reference lists, the sources, the provenance
//! records) is read in the request's snapshot, only by the exports that show it ([`Lists`]).

use std::sync::Arc;

use entity::{
    country, leading_area, leading_area_round, local_government, mission_city, organisation,
    programme_membership, provenance, source, speaker,
};
use sea_orm::{ConnectionTrait, DbErr, EntityTrait, QueryOrder};

use super::pairings::Pairing;
use super::programme::Programme;
use super::schedule::{Schedule, Selection};

/// The data of the exports.
#[derive(Debug, Clone)]
pub struct ExportData {
    /// The programme: the event, themes, and every session with its appearances.
    pub schedule: Schedule,
    /// Every speaker, by name.
    pub speakers: Vec<Arc<speaker::Model>>,
    /// Every body, by name.
    pub organisations: Vec<Arc<organisation::Model>>,
    /// Every local government, by name.
    pub cities: Vec<Arc<local_government::Model>>,
    /// Every country, by code.
    pub countries: Vec<Arc<country::Model>>,
    /// Every programme membership.
    pub memberships: Vec<Arc<programme_membership::Model>>,
    /// Every pairing, in pairing order.
    pub pairings: Vec<Arc<Pairing>>,
    /// The reference lists, sources and provenance, where the export reads them.
    pub lists: Lists,
}

/// What the exports read from the database: the reference lists, the sources and the
/// provenance records (empty where an export does not read them).
#[derive(Debug, Clone, Default)]
pub struct Lists {
    /// The EU Cities Mission list, in list order.
    pub mission_cities: Vec<mission_city::Model>,
    /// The Decarbonization Leading Areas, in list order.
    pub leading_areas: Vec<leading_area::Model>,
    /// The Decarbonization Leading Area rounds, by number.
    pub rounds: Vec<leading_area_round::Model>,
    /// Every source, by id.
    pub sources: Vec<source::Model>,
    /// Every provenance record, by entity, key and record.
    pub provenance: Vec<provenance::Model>,
}

impl ExportData {
    /// The export data of `programme`, with `lists`; `None` when it holds no event.
    pub fn of(programme: &Programme, lists: Lists) -> Option<Self> {
        let whole = Selection::Programme {
            day: None,
            theme: None,
        };
        Some(Self {
            schedule: Schedule::of(programme, &whole)?,
            speakers: programme.speakers().to_vec(),
            organisations: programme.organisations().to_vec(),
            cities: programme.cities().to_vec(),
            countries: programme.countries().to_vec(),
            memberships: programme.memberships().to_vec(),
            pairings: programme.pairings().to_vec(),
            lists,
        })
    }
}

impl Lists {
    /// Reads the lists through `db` (the request's snapshot).
    pub async fn read(db: &impl ConnectionTrait) -> Result<Self, DbErr> {
        Ok(Self {
            mission_cities: mission_city::Entity::find()
                .order_by_asc(mission_city::Column::Row)
                .all(db)
                .await?,
            leading_areas: leading_area::Entity::find()
                .order_by_asc(leading_area::Column::Row)
                .all(db)
                .await?,
            rounds: leading_area_round::Entity::find()
                .order_by_asc(leading_area_round::Column::Round)
                .all(db)
                .await?,
            sources: source::Entity::find()
                .order_by_asc(source::Column::Id)
                .all(db)
                .await?,
            provenance: provenance::Entity::find()
                .order_by_asc(provenance::Column::Entity)
                .order_by_asc(provenance::Column::EntityId)
                .order_by_asc(provenance::Column::Id)
                .all(db)
                .await?,
        })
    }
}
