//! The reference lists (the EU Cities Mission cities and Japan's Decarbonization Leading Areas
//! known to this dataset), in list order, with their completeness; and which of their rows
//! name a local government that took part (the row each programme membership was matched to
//! when the dataset was loaded).

use entity::{
    Programme, leading_area, leading_area_round, mission_city, programme_membership, reference_list,
};
use sea_orm::sea_query::{Query, SelectStatement};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
};

use super::{KeysetOrder, Page, integer_value};
use crate::error::ApiResult;

/// The id of the EU Cities Mission list.
pub const MISSION_LIST: &str = "eu-cities-mission";
/// The id of the Decarbonization Leading Areas list.
pub const DLA_LIST: &str = "japan-dla";

/// What `missionCities(filter:)` asks for, already validated.
#[derive(Debug, Clone, Default)]
pub struct MissionCityFilter {
    /// Only the cities that took part (true) or only the others (false).
    pub took_part: Option<bool>,
    /// Upper-case ISO code.
    pub country: Option<String>,
}

/// What `leadingAreas(filter:)` asks for, already validated.
#[derive(Debug, Clone, Default)]
pub struct LeadingAreaFilter {
    /// Selection round.
    pub round: Option<i32>,
    /// Only the areas whose lead municipality took part (true) or only the others (false).
    pub took_part: Option<bool>,
}

/// The Mission city named `name` in country `code` (its key: see `ids::NodeType::MissionCity`).
pub async fn mission_city(
    db: &impl ConnectionTrait,
    key: &str,
) -> Result<Option<mission_city::Model>, DbErr> {
    let Some((code, name)) = key.split_once('/') else {
        return Ok(None);
    };
    mission_city::Entity::find()
        .filter(mission_city::Column::CountryCode.eq(code))
        .filter(mission_city::Column::Name.eq(name))
        .one(db)
        .await
}

/// The Decarbonization Leading Area led by `municipality` of `prefecture` (its key: see
/// `ids::NodeType::LeadingArea`).
pub async fn leading_area(
    db: &impl ConnectionTrait,
    key: &str,
) -> Result<Option<leading_area::Model>, DbErr> {
    let Some((prefecture, municipality)) = key.split_once('/') else {
        return Ok(None);
    };
    leading_area::Entity::find()
        .filter(leading_area::Column::Prefecture.eq(prefecture))
        .filter(leading_area::Column::LeadMunicipality.eq(municipality))
        .one(db)
        .await
}

/// A page of the Mission list, in list order.
pub async fn mission_cities(
    db: &impl ConnectionTrait,
    filter: &MissionCityFilter,
    window: &super::Window,
) -> ApiResult<Page<mission_city::Model>> {
    let mut condition = Condition::all();
    if let Some(took_part) = filter.took_part {
        let rows = participating_rows(Programme::EuCitiesMission);
        condition = condition.add(if took_part {
            mission_city::Column::Row.in_subquery(rows)
        } else {
            mission_city::Column::Row.not_in_subquery(rows)
        });
    }
    if let Some(code) = &filter.country {
        condition = condition.add(mission_city::Column::CountryCode.eq(code.as_str()));
    }
    let order = KeysetOrder::<mission_city::Entity> {
        list: "missionCities",
        key: mission_city::Column::Row,
        id: mission_city::Column::Row,
        parse_key: integer_value,
        parse_id: integer_value,
        key_of: |row| (row.row.to_string(), row.row.to_string()),
    };
    super::keyset_page(db, condition, order, window).await
}

/// A page of the Decarbonization Leading Areas, in list order (by round).
pub async fn leading_areas(
    db: &impl ConnectionTrait,
    filter: &LeadingAreaFilter,
    window: &super::Window,
) -> ApiResult<Page<leading_area::Model>> {
    let mut condition = Condition::all();
    if let Some(round) = filter.round {
        condition = condition.add(leading_area::Column::Round.eq(round));
    }
    if let Some(took_part) = filter.took_part {
        let rows = participating_rows(Programme::JapanDecarbonizationLeadingArea);
        condition = condition.add(if took_part {
            leading_area::Column::Row.in_subquery(rows)
        } else {
            leading_area::Column::Row.not_in_subquery(rows)
        });
    }
    let order = KeysetOrder::<leading_area::Entity> {
        list: "leadingAreas",
        key: leading_area::Column::Row,
        id: leading_area::Column::Row,
        parse_key: integer_value,
        parse_id: integer_value,
        key_of: |row| (row.row.to_string(), row.row.to_string()),
    };
    super::keyset_page(db, condition, order, window).await
}

/// `SELECT list_row FROM programme_membership WHERE programme = ? AND list_row IS NOT NULL`.
fn participating_rows(programme: Programme) -> SelectStatement {
    Query::select()
        .column(programme_membership::Column::ListRow)
        .from(programme_membership::Entity)
        .and_where(programme_membership::Column::Programme.eq(programme))
        .and_where(programme_membership::Column::ListRow.is_not_null())
        .to_owned()
}

/// The reference lists, by id.
pub async fn lists(db: &impl ConnectionTrait) -> Result<Vec<reference_list::Model>, DbErr> {
    reference_list::Entity::find()
        .order_by_asc(reference_list::Column::Id)
        .all(db)
        .await
}

/// One reference list.
pub async fn list(
    db: &impl ConnectionTrait,
    id: &str,
) -> Result<Option<reference_list::Model>, DbErr> {
    reference_list::Entity::find_by_id(id).one(db).await
}

/// The Decarbonization Leading Area rounds, in order.
pub async fn rounds(db: &impl ConnectionTrait) -> Result<Vec<leading_area_round::Model>, DbErr> {
    leading_area_round::Entity::find()
        .order_by_asc(leading_area_round::Column::Round)
        .all(db)
        .await
}

/// The local government that each of `rows` of `programme`'s list names, where one took part:
/// (row, local government id).
pub async fn participants_at_rows(
    db: &impl ConnectionTrait,
    programme: Programme,
    rows: impl IntoIterator<Item = i32>,
) -> Result<Vec<(i32, String)>, DbErr> {
    let found = programme_membership::Entity::find()
        .filter(programme_membership::Column::Programme.eq(programme))
        .filter(programme_membership::Column::ListRow.is_in(rows))
        .all(db)
        .await?;
    Ok(found
        .into_iter()
        .filter_map(|m| Some((m.list_row?, m.local_government_id)))
        .collect())
}
