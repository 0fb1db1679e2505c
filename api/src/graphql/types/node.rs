//! The Relay `Node` interface.

use async_graphql::{ID, Interface};

use super::{
    City, CityPairing, Country, Event, LeadingArea, MissionCity, Organisation, Session, Speaker,
    Theme,
};

/// Relay global object identification: every entity below is reachable by node(id:).
#[derive(Interface)]
#[graphql(field(name = "id", ty = "ID", desc = "Global, opaque and stable id."))]
pub enum Node {
    /// The event.
    Event(Event),
    /// A theme.
    Theme(Theme),
    /// A session.
    Session(Session),
    /// A speaker.
    Speaker(Speaker),
    /// An organisation.
    Organisation(Organisation),
    /// A city or other local government.
    City(City),
    /// A country.
    Country(Country),
    /// An EU–Japan city pairing.
    CityPairing(CityPairing),
    /// A city of the EU Cities Mission list.
    MissionCity(MissionCity),
    /// A Decarbonization Leading Area of Japan's list.
    LeadingArea(LeadingArea),
}
