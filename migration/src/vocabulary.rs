//! The closed vocabularies, as CHECK constraints. They repeat the `entity::enums` values on
//! purpose: a migration describes the schema as it was when written, not as the code is now.

use sea_orm_migration::prelude::*;

/// Values of `Region`.
pub const REGIONS: [&str; 3] = ["EU", "JAPAN", "INTERNATIONAL"];
/// Values of `SessionKind`.
pub const SESSION_KINDS: [&str; 7] = [
    "OPENING",
    "SCENE_SETTING",
    "PANEL",
    "TOPIC_PRESENTATION",
    "BREAK",
    "SUMMARY",
    "CLOSING",
];
/// Values of `OrganisationKind`.
pub const ORGANISATION_KINDS: [&str; 7] = [
    "LOCAL_GOVERNMENT",
    "NATIONAL_GOVERNMENT",
    "EU_INSTITUTION",
    "RESEARCH_INSTITUTE",
    "FINANCIAL_INSTITUTION",
    "COMPANY",
    "NETWORK",
];
/// Values of `LocalGovernmentKind`.
pub const LOCAL_GOVERNMENT_KINDS: [&str; 4] =
    ["CITY", "TOWN", "PREFECTURE", "METROPOLITAN_AUTHORITY"];
/// Values of `Programme`.
pub const PROGRAMMES: [&str; 2] = ["EU_CITIES_MISSION", "JAPAN_DLA"];

/// `CHECK (column IN (values...))`.
pub fn one_of<C: IntoIden + 'static>(column: C, values: &[&str]) -> Expr {
    Expr::col(column).is_in(values.iter().copied())
}
