//! The root `Query`, merged from one object per area.

mod node;
mod people;
mod places;
mod programme;
mod research;
mod search;

use async_graphql::MergedObject;

pub use people::SpeakerFilter;
pub use places::{CityFilter, CityPairingFilter};
pub use programme::SessionFilter;

/// The root query.
#[derive(Default, MergedObject)]
pub struct Query(
    node::NodeQuery,
    programme::ProgrammeQuery,
    people::PeopleQuery,
    places::PlacesQuery,
    research::ReferenceQuery,
    search::SearchQuery,
);
