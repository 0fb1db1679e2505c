//! The reference lists — the EU Cities Mission cities and Japan's Decarbonization Leading
//! Areas known to this dataset — and their completeness, which every list answer carries.

use async_graphql::{Context, ID, Object, SimpleObject};
use entity::{
    Programme, leading_area, leading_area_round, mission_city, provenance, reference_list,
};

use super::{City, Coordinates, Provenance, Source};
use crate::dataset::sources::GEONAMES_ATTRIBUTION;
use crate::error::{ApiError, IntoGraphql};
use crate::graphql::context::{load_one, programme};
use crate::graphql::loaders::{ListRowParticipant, SourceById};
use crate::graphql::scalars::Date;
use crate::ids::{NodeType, encode};
use crate::store::reference::{DLA_LIST, MISSION_LIST};

/// How much of an official list this dataset holds. Only `complete: true` means the list is
/// whole; where it is false, absence from the list proves nothing.
#[derive(Clone, SimpleObject)]
pub struct Completeness {
    /// Entries this dataset holds.
    pub known: i32,
    /// Entries the official list has, where a source states it; null where none does.
    pub expected: Option<i32>,
    /// True only when every entry of the official list is held.
    pub complete: bool,
    /// What is missing and why.
    pub note: String,
}

impl Completeness {
    /// The completeness of a whole list.
    pub fn of_list(list: &reference_list::Model) -> Self {
        Self {
            known: list.known_count,
            expected: list.expected_count,
            complete: list.complete,
            note: list.completeness_note.clone(),
        }
    }

    /// The completeness of one Decarbonization Leading Area round (the list's note).
    pub fn of_round(round: &leading_area_round::Model, list: &reference_list::Model) -> Self {
        Self {
            known: round.known_count,
            expected: round.expected_count,
            complete: round.complete,
            note: if round.complete {
                format!(
                    "round {}: every lead municipality of the round is held",
                    round.round
                )
            } else {
                format!(
                    "round {}: {} of {} lead municipalities held. {}",
                    round.round,
                    round.known_count,
                    round
                        .expected_count
                        .map_or_else(|| String::from("an unknown number of"), |n| n.to_string()),
                    list.completeness_note
                )
            },
        }
    }
}

/// A reference list of this dataset.
#[derive(Clone)]
pub struct ReferenceList(pub reference_list::Model);

/// A reference list of this dataset.
#[Object]
impl ReferenceList {
    /// Stable short name: `eu-cities-mission` or `japan-dla`.
    async fn slug(&self) -> &str {
        &self.0.id
    }

    /// Name, which says the list holds what this dataset knows.
    async fn name(&self) -> &str {
        &self.0.name
    }

    /// Where the rows come from.
    async fn source(&self, ctx: &Context<'_>) -> async_graphql::Result<Source> {
        source(ctx, &self.0.source_id).await
    }

    /// How complete the list is.
    async fn completeness(&self) -> Completeness {
        Completeness::of_list(&self.0)
    }
}

async fn source(ctx: &Context<'_>, id: &str) -> async_graphql::Result<Source> {
    match load_one(ctx, SourceById(id.to_owned())).await? {
        Some(source) => Ok(Source(source)),
        None => Err(ApiError::Internal {
            cause: format!("unknown source {id}").into(),
        })
        .gql(),
    }
}

/// The local government that took part, where `row` of `programme`'s list names one.
async fn participant(
    ctx: &Context<'_>,
    programme: Programme,
    row: i32,
) -> async_graphql::Result<Option<City>> {
    let Some(id) = load_one(ctx, ListRowParticipant { programme, row }).await? else {
        return Ok(None);
    };
    Ok(self::programme(ctx).await?.city(&id).cloned().map(City))
}

/// A city of the EU Cities Mission list, as the list names it.
#[derive(Clone)]
pub struct MissionCity(pub mission_city::Model);

impl From<mission_city::Model> for MissionCity {
    fn from(model: mission_city::Model) -> Self {
        Self(model)
    }
}

/// A city of the EU Cities Mission list, as the list names it.
#[Object]
impl MissionCity {
    /// Global, opaque and stable id (from the list's country code and name, which survive a
    /// reordering of the list).
    pub async fn id(&self) -> ID {
        encode(
            NodeType::MissionCity,
            &format!("{}/{}", self.0.country_code, self.0.name),
        )
    }

    /// Position in the list (its 1-based row), the list's order.
    async fn row(&self) -> i32 {
        self.0.row
    }

    /// Name as the list gives it.
    async fn name(&self) -> &str {
        &self.0.name
    }

    /// Country name as the list gives it.
    async fn country_name(&self) -> &str {
        &self.0.country_name
    }

    /// ISO 3166-1 alpha-2, upper case.
    async fn country_code(&self) -> &str {
        &self.0.country_code
    }

    /// Location (WGS84) of the GeoNames feature matched to the name; null where none was.
    async fn coordinates(&self) -> Option<Coordinates> {
        Some(Coordinates {
            latitude: self.0.latitude?,
            longitude: self.0.longitude?,
            geonames_id: self
                .0
                .geonames_id
                .map(|id| async_graphql::ID(id.to_string())),
            note: self
                .0
                .geonames_match
                .as_ref()
                .map(|how| format!("matched by {how}")),
            attribution: GEONAMES_ATTRIBUTION,
        })
    }

    /// Population of the GeoNames feature matched to the name, in inhabitants: GeoNames' own
    /// field (CC BY 4.0), for which GeoNames states no year; for a metropolitan area it is the
    /// core city's (Grenoble-Alpes Metropole carries Grenoble's). Not an official count of the
    /// list; null where no feature was matched.
    async fn population(&self) -> Option<i64> {
        self.0.population
    }

    /// The local government of the event that is this Mission city; null for a city that
    /// did not take part.
    async fn city(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<City>> {
        participant(ctx, Programme::EuCitiesMission, self.0.row).await
    }

    /// Where the row comes from: its row of the list's file, and the GeoNames feature of its
    /// coordinates (with how the name was matched).
    async fn provenance(&self) -> Vec<Provenance> {
        let mut rows = vec![listed(MISSION_LIST, self.0.row, None)];
        if let Some(geonames_id) = self.0.geonames_id {
            rows.push(Provenance {
                row: provenance::Model {
                    id: 0,
                    url: None,
                    entity: String::from("mission_city"),
                    entity_id: self.0.row.to_string(),
                    field: Some(String::from("coordinates")),
                    source_id: String::from("geonames"),
                    locator: format!("geonameId {geonames_id}"),
                    quote: self.0.geonames_name.clone(),
                    note: self
                        .0
                        .geonames_match
                        .as_ref()
                        .map(|how| format!("matched by {how}")),
                },
            });
        }
        rows
    }
}

/// The provenance of a row of a reference list's file.
fn listed(list: &str, row: i32, note: Option<String>) -> Provenance {
    Provenance {
        row: provenance::Model {
            id: 0,
            url: None,
            entity: list.to_owned(),
            entity_id: row.to_string(),
            field: None,
            source_id: list.to_owned(),
            locator: format!("row {row}"),
            quote: None,
            note,
        },
    }
}

/// A lead municipality of a Decarbonization Leading Area, as transcribed (in Japanese).
#[derive(Clone)]
pub struct LeadingArea(pub leading_area::Model);

impl From<leading_area::Model> for LeadingArea {
    fn from(model: leading_area::Model) -> Self {
        Self(model)
    }
}

/// A lead municipality of a Decarbonization Leading Area, as transcribed (in Japanese).
#[Object]
impl LeadingArea {
    /// Global, opaque and stable id (from the list's prefecture and lead municipality).
    pub async fn id(&self) -> ID {
        encode(
            NodeType::LeadingArea,
            &format!("{}/{}", self.0.prefecture, self.0.lead_municipality),
        )
    }

    /// Position in the list (its 1-based row), the list's order (by round).
    async fn row(&self) -> i32 {
        self.0.row
    }

    /// Selection round.
    async fn round(&self) -> i32 {
        self.0.round
    }

    /// Prefecture, in Japanese, as transcribed.
    async fn prefecture(&self) -> &str {
        &self.0.prefecture
    }

    /// Lead municipality, in Japanese, as transcribed (in parentheses where the source names
    /// the prefecture itself).
    async fn lead_municipality(&self) -> &str {
        &self.0.lead_municipality
    }

    /// The transcriber's note (joint proposers, inferences), where there is one.
    async fn note(&self) -> Option<&str> {
        self.0.note.as_deref()
    }

    /// The page the row was transcribed from.
    async fn source_url(&self) -> &str {
        &self.0.source_url
    }

    /// Where the row comes from: its row of the list's file, and the page it was transcribed
    /// from (in `note`).
    async fn provenance(&self) -> Vec<Provenance> {
        vec![listed(
            DLA_LIST,
            self.0.row,
            Some(format!("transcribed from {}", self.0.source_url)),
        )]
    }

    /// The local government of the event that is this lead municipality; null where it did
    /// not take part.
    async fn city(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<City>> {
        participant(ctx, Programme::JapanDecarbonizationLeadingArea, self.0.row).await
    }
}

/// A selection round of Japan's Decarbonization Leading Areas.
#[derive(Clone)]
pub struct LeadingAreaRound {
    /// The round.
    pub round: leading_area_round::Model,
    /// The list it belongs to.
    pub list: reference_list::Model,
}

/// A selection round of Japan's Decarbonization Leading Areas.
#[Object]
impl LeadingAreaRound {
    /// Round number.
    async fn round(&self) -> i32 {
        self.round.round
    }

    /// Date the round was announced; null where the source gives none.
    async fn announced(&self) -> Option<Date> {
        self.round.announced.map(Date)
    }

    /// How many of the round's lead municipalities this dataset holds.
    async fn completeness(&self) -> Completeness {
        Completeness::of_round(&self.round, &self.list)
    }
}
