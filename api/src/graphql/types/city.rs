//! `City`, with its coordinates and programme memberships.

use std::sync::Arc;

use async_graphql::{ComplexObject, Context, ID, Object, SimpleObject};
use entity::{local_government, programme_membership};

use super::{CityKind, CityPairing, Country, NationalProgramme, Region, Session, Speaker};
use super::{Provenance, provenance_of};
use crate::dataset::sources::GEONAMES_ATTRIBUTION;
use crate::error::{ApiError, IntoGraphql};
use crate::graphql::context::programme;
use crate::graphql::scalars::Date;
use crate::ids::{NodeType, encode};

/// A city, town, prefecture or metropolitan authority that took part in the event: one that a
/// speaker on the programme represented.
#[derive(Clone)]
pub struct City(pub Arc<local_government::Model>);

impl From<local_government::Model> for City {
    fn from(model: local_government::Model) -> Self {
        Self(Arc::new(model))
    }
}

impl From<Arc<local_government::Model>> for City {
    fn from(model: Arc<local_government::Model>) -> Self {
        Self(model)
    }
}

/// A city, town, prefecture or metropolitan authority that took part in the event: one that a
/// speaker on the programme represented.
#[Object]
impl City {
    /// Global, opaque and stable id.
    pub async fn id(&self) -> ID {
        encode(NodeType::City, &self.0.id)
    }

    /// Stable, readable key (lower-case letters, digits and hyphens) for URLs: the same key
    /// the feeds, the widget's anchors and `city(slug:)` use. It survives reloads of the
    /// data.
    async fn slug(&self) -> &str {
        &self.0.id
    }

    /// English name.
    async fn name(&self) -> &str {
        &self.0.name
    }

    /// Official Japanese name, for Japanese local governments; null elsewhere.
    async fn name_ja(&self) -> Option<&str> {
        self.0.name_ja.as_deref()
    }

    /// City, town, prefecture or metropolitan authority.
    async fn kind(&self) -> CityKind {
        self.0.kind.into()
    }

    /// Country.
    async fn country(&self, ctx: &Context<'_>) -> async_graphql::Result<Country> {
        match programme(ctx).await?.country(&self.0.country_code) {
            Some(country) => Ok(Country(country.clone())),
            None => Err(ApiError::Internal {
                cause: format!("city {} has unknown country", self.0.id).into(),
            })
            .gql(),
        }
    }

    /// Side of the partnership.
    async fn region(&self) -> Region {
        self.0.region.into()
    }

    /// Location (WGS84) from GeoNames; for a prefecture or metropolitan authority, see `note`.
    async fn coordinates(&self) -> Option<Coordinates> {
        Some(Coordinates {
            latitude: self.0.latitude?,
            longitude: self.0.longitude?,
            geonames_id: self.0.geonames_id.map(|id| ID(id.to_string())),
            note: self.0.coordinates_note.clone(),
            attribution: GEONAMES_ATTRIBUTION,
        })
    }

    /// National programmes that selected this local government.
    async fn programme_memberships(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<ProgrammeMembership>> {
        let programme = programme(ctx).await?;
        Ok(programme
            .memberships_of(&self.0.id)
            .iter()
            .map(|membership| ProgrammeMembership::from(&**membership))
            .collect())
    }

    /// Sessions in which this local government was represented, in programme order.
    async fn sessions(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Session>> {
        let programme = programme(ctx).await?;
        Ok(programme
            .sessions_of_city(&self.0.id)
            .iter()
            .cloned()
            .map(Session)
            .collect())
    }

    /// Speakers representing this local government, by name.
    async fn speakers(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Speaker>> {
        let programme = programme(ctx).await?;
        Ok(programme
            .speakers_of_city(&self.0.id)
            .iter()
            .cloned()
            .map(Speaker)
            .collect())
    }

    /// EU-Japan pairings in which this local government is one side.
    async fn pairings(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<CityPairing>> {
        let programme = programme(ctx).await?;
        Ok(programme
            .pairings_of(&self.0.id)
            .iter()
            .cloned()
            .map(CityPairing)
            .collect())
    }

    /// Where this record's facts come from, field by field where the dataset records it: the
    /// source, the place in it, the published text where the served text differs, and the
    /// correction or inference applied.
    async fn provenance(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Provenance>> {
        provenance_of(ctx, "local_government", &self.0.id).await
    }
}

/// A point on the map, with the attribution its licence requires.
#[derive(Clone, SimpleObject)]
pub struct Coordinates {
    /// WGS84 latitude, in degrees.
    pub latitude: f64,
    /// WGS84 longitude, in degrees.
    pub longitude: f64,
    /// The GeoNames feature the point was taken from.
    pub geonames_id: Option<ID>,
    /// What the point stands for where the body is not a single city.
    pub note: Option<String>,
    /// Attribution to show with the coordinates.
    pub attribution: &'static str,
}

/// A local government's selection by a national programme.
#[derive(Clone, SimpleObject)]
#[graphql(complex)]
pub struct ProgrammeMembership {
    /// The programme.
    pub programme: NationalProgramme,
    /// Selection round (Japan's Decarbonization Leading Areas only).
    pub round: Option<i32>,
    /// Date the selection was announced.
    pub announced: Option<Date>,
    /// The provenance key of the membership: `<local government>/<programme>`.
    #[graphql(skip)]
    pub key: String,
}

impl From<&programme_membership::Model> for ProgrammeMembership {
    fn from(model: &programme_membership::Model) -> Self {
        use sea_orm::ActiveEnum;
        Self {
            key: format!(
                "{}/{}",
                model.local_government_id,
                model.programme.to_value()
            ),
            programme: model.programme.into(),
            round: model.round,
            announced: model.announced.map(Date),
        }
    }
}

#[ComplexObject]
impl ProgrammeMembership {
    /// Where the membership comes from: the row of the participants file, and the row of the
    /// programme's reference list that names the local government.
    async fn provenance(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Provenance>> {
        provenance_of(ctx, "programme_membership", &self.key).await
    }
}
