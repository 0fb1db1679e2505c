//! The public object types. Each wraps a database row and exposes only what its resolvers
//! choose, so that the schema never follows a column rename by accident.

pub(crate) mod city;
mod connection;
mod country;
mod dataset;
mod enums;
mod event;
mod local_time;
mod node;
mod organisation;
mod pairing;
mod participation;
mod provenance;
mod reference;
mod search;
mod session;
mod speaker;
mod theme;

pub use city::{City, Coordinates, ProgrammeMembership};
pub use connection::{
    CityConnection, LeadingAreaConnection, ListCompleteness, MissionCityConnection,
    OrganisationConnection, PageInfo, Parts, SessionConnection, SpeakerConnection,
};
pub use country::Country;
pub use dataset::{Dataset, revision_token};
pub use enums::{
    CityKind, Language, NationalProgramme, OrganisationKind, Region, SessionKind, SessionKindLabel,
};
pub use event::{Contact, Event};
pub use local_time::LocalDateTime;
pub use node::Node;
pub use organisation::Organisation;
pub use pairing::CityPairing;
pub use participation::{ParticipationDimension, ParticipationGroup};
pub use provenance::{Provenance, Source, provenance_of};
pub use reference::{Completeness, LeadingArea, LeadingAreaRound, MissionCity, ReferenceList};
pub use search::{SearchRank, SearchResult, SearchResultConnection, results as search_results};
pub use session::{Appearance, Session};
pub use speaker::Speaker;
pub use theme::Theme;
