//! What the exports for analysis tools hold: every session with its appearances (as the
//! feeds read them), every speaker, local government, country, organisation, programme
//! membership and pairing, the reference lists, the sources and the provenance records. Whole
//! tables, read once per export in the request's snapshot.

use entity::{
    country, leading_area, leading_area_round, local_government, mission_city, organisation,
    programme_membership, provenance, source, speaker,
};
use sea_orm::{ConnectionTrait, DbErr, EntityTrait, QueryOrder};

use super::pairings::{self, Pairing};
use super::schedule::{self, Schedule, Selection};

/// The data of the exports.
#[derive(Debug, Clone)]
pub struct ExportData {
    /// The programme: the event, themes, and every session with its appearances.
    pub schedule: Schedule,
    /// Every speaker, by name.
    pub speakers: Vec<speaker::Model>,
    /// Every body.
    pub organisations: Vec<organisation::Model>,
    /// Every local government, by name.
    pub cities: Vec<local_government::Model>,
    /// Every country, by code.
    pub countries: Vec<country::Model>,
    /// Every programme membership.
    pub memberships: Vec<programme_membership::Model>,
    /// Every pairing, in pairing order.
    pub pairings: Vec<Pairing>,
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

/// The export data; `None` when the database holds no programme.
pub async fn read(db: &impl ConnectionTrait) -> Result<Option<ExportData>, DbErr> {
    let selection = Selection::Programme {
        day: None,
        theme: None,
    };
    let Some(schedule) = schedule::read(db, &selection).await? else {
        return Ok(None);
    };
    Ok(Some(ExportData {
        schedule,
        speakers: speaker::Entity::find()
            .order_by_asc(speaker::Column::SortName)
            .order_by_asc(speaker::Column::Id)
            .all(db)
            .await?,
        organisations: organisation::Entity::find().all(db).await?,
        cities: local_government::Entity::find()
            .order_by_asc(local_government::Column::SortName)
            .order_by_asc(local_government::Column::Id)
            .all(db)
            .await?,
        countries: country::Entity::find()
            .order_by_asc(country::Column::Code)
            .all(db)
            .await?,
        memberships: programme_membership::Entity::find().all(db).await?,
        pairings: pairings::matching(db, None, None).await?,
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
    }))
}
