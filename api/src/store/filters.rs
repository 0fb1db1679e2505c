//! What the programme's lists are filtered by, already validated: each filter once, applied in
//! memory by `store::programme` (whose orders and pages are the lists' only ones).

use chrono::NaiveDate;
use entity::{OrganisationKind, Region, SessionKind};

/// What `sessions(filter:)` asks for.
#[derive(Debug, Clone, Default)]
pub struct SessionFilter {
    /// Theme slug.
    pub theme: Option<String>,
    /// Programme day.
    pub day: Option<NaiveDate>,
    /// Kind of slot.
    pub kind: Option<SessionKind>,
    /// Upper-case country code of at least one speaker.
    pub speaker_country: Option<String>,
    /// Local government represented by at least one speaker.
    pub city: Option<String>,
}

/// What `speakers(filter:)` asks for.
#[derive(Debug, Clone, Default)]
pub struct SpeakerFilter {
    /// Upper-case country code of the body represented.
    pub country: Option<String>,
    /// Side of the partnership.
    pub region: Option<Region>,
    /// Local government represented.
    pub city: Option<String>,
    /// Kind of the body represented.
    pub organisation_kind: Option<OrganisationKind>,
}

/// What `cities(filter:)` asks for.
#[derive(Debug, Clone, Default)]
pub struct CityFilter {
    /// Upper-case country code.
    pub country: Option<String>,
    /// Side of the partnership.
    pub region: Option<Region>,
}

/// What `organisations(filter:)` asks for.
#[derive(Debug, Clone, Default)]
pub struct OrganisationFilter {
    /// Kind of body.
    pub kind: Option<OrganisationKind>,
    /// Side of the partnership.
    pub region: Option<Region>,
    /// Upper-case country code.
    pub country: Option<String>,
}
