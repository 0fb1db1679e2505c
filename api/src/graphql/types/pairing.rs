//! `CityPairing`.

use std::sync::Arc;

use async_graphql::{Context, ID, Object};

use super::{City, Provenance, Session, Theme, provenance_of};
use crate::error::{ApiError, IntoGraphql};
use crate::graphql::context::programme;
use crate::ids::{NodeType, encode};
use crate::store::pairings::Pairing;

/// A pairing: one EU and one Japanese local government that were both represented by a
/// speaker in the same session. It records that their speakers shared a session (a panel, a
/// day's closing), not a partnership between them: the event page never speaks of pairings.
#[derive(Clone)]
pub struct CityPairing(pub Arc<Pairing>);

impl CityPairing {
    async fn city(ctx: &Context<'_>, id: &str) -> async_graphql::Result<City> {
        match programme(ctx).await?.city(id) {
            Some(city) => Ok(City(city.clone())),
            None => Err(ApiError::Internal {
                cause: format!("pairing names unknown city {id}").into(),
            })
            .gql(),
        }
    }
}

/// A pairing: one EU and one Japanese local government that were both represented by a
/// speaker in the same session. It records that their speakers shared a session (a panel, a
/// day's closing), not a partnership between them: the event page never speaks of pairings.
#[Object]
impl CityPairing {
    /// Global, opaque and stable id. It names the pair, so the pairing's fields never depend
    /// on how it was found: `sessions` always lists every session the pair shared.
    pub async fn id(&self) -> ID {
        encode(NodeType::CityPairing, &self.0.id)
    }

    /// The EU local government.
    async fn eu_city(&self, ctx: &Context<'_>) -> async_graphql::Result<City> {
        Self::city(ctx, &self.0.eu_city).await
    }

    /// The Japanese local government.
    async fn japan_city(&self, ctx: &Context<'_>) -> async_graphql::Result<City> {
        Self::city(ctx, &self.0.japan_city).await
    }

    /// The sessions in which both were represented, in programme order.
    async fn sessions(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Session>> {
        let programme = programme(ctx).await?;
        Ok(self
            .0
            .sessions
            .iter()
            .filter_map(|(id, _)| programme.session(id).cloned().map(Session))
            .collect())
    }

    /// Where the pairing comes from: one record per shared session, at the lines of the event
    /// page that list the speakers through whom each local government was there (`lines 112,
    /// 114`), naming them and the session. A
    /// pairing is derived from those sessions when the dataset is loaded, never transcribed.
    async fn provenance(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Provenance>> {
        let programme = programme(ctx).await?;
        let mut records = Vec::with_capacity(self.0.sessions.len());
        for (session_id, _) in &self.0.sessions {
            let Some(session) = programme.session(session_id) else {
                continue;
            };
            let speakers_of = |city: &str| -> String {
                let names: Vec<&str> = programme
                    .appearances_in(session_id)
                    .iter()
                    .filter_map(|a| programme.speaker(&a.speaker_id))
                    .filter(|s| s.local_government_id.as_deref() == Some(city))
                    .map(|s| s.name.as_str())
                    .collect();
                let place = programme.city(city).map_or(city, |c| c.name.as_str());
                format!("{} ({place})", names.join(", "))
            };
            // The lines of the speakers through whom the two local governments were there
            // (each speaker's own line of the page), else the session's place.
            let mut lines: Vec<String> = Vec::new();
            for appearance in programme.appearances_in(session_id) {
                let Some(speaker) = programme.speaker(&appearance.speaker_id) else {
                    continue;
                };
                let city = speaker.local_government_id.as_deref();
                if city != Some(self.0.japan_city.as_str()) && city != Some(self.0.eu_city.as_str())
                {
                    continue;
                }
                let records = provenance_of(ctx, "speaker", &speaker.id).await?;
                if let Some(line) = records
                    .iter()
                    .find(|p| p.row.source_id == "seed" && p.row.field.is_none())
                    .and_then(|p| p.row.locator.strip_prefix("line "))
                {
                    lines.push(line.to_owned());
                }
            }
            let located = provenance_of(ctx, "session", session_id).await?;
            let (source_id, locator) = match lines.as_slice() {
                [] => located
                    .first()
                    .map(|p| (p.row.source_id.clone(), p.row.locator.clone()))
                    .unwrap_or_else(|| (String::from("seed"), String::from("the programme"))),
                [line] => (String::from("seed"), format!("line {line}")),
                lines => (String::from("seed"), format!("lines {}", lines.join(", "))),
            };
            records.push(Provenance {
                row: entity::provenance::Model {
                    id: 0,
                    url: None,
                    entity: String::from("city_pairing"),
                    entity_id: self.0.id.clone(),
                    field: Some(String::from("sessions")),
                    source_id,
                    locator,
                    quote: None,
                    note: Some(format!(
                        "derived: {} and {} both spoke in “{}”",
                        speakers_of(&self.0.japan_city),
                        speakers_of(&self.0.eu_city),
                        session.title
                    )),
                },
            });
        }
        Ok(records)
    }

    /// The themes of those sessions, in order of first appearance.
    async fn themes(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Theme>> {
        let programme = programme(ctx).await?;
        Ok(self
            .0
            .theme_ids()
            .iter()
            .filter_map(|id| programme.theme(id).cloned().map(Theme))
            .collect())
    }
}
