//! SeaORM entities of the programme database.
//!
//! One module per table. These are database models only: the GraphQL types live in the `api`
//! crate, so that renaming a column never silently changes the public schema.

pub mod appearance;
pub mod city_pairing;
pub mod city_pairing_session;
pub mod country;
pub mod dataset_version;
pub mod enums;
pub mod event;
pub mod event_organiser;
pub mod leading_area;
pub mod leading_area_round;
pub mod local_government;
pub mod mission_city;
pub mod organisation;
pub mod programme_membership;
pub mod provenance;
pub mod reference_list;
pub mod search_entry;
pub mod search_gram;
pub mod search_gram_frequency;
pub mod session;
pub mod source;
pub mod speaker;
pub mod theme;

pub use enums::{LocalGovernmentKind, OrganisationKind, Programme, Region, SessionKind};
