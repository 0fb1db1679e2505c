//! The public enums. They mirror the database vocabularies but are their own types, so that
//! the schema changes only when this file does; async-graphql's `remote` derives the
//! conversions both ways (and fails to compile when a variant is added on one side only).

use async_graphql::Enum;

/// Which side of the partnership a body or place belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[graphql(remote = "entity::Region")]
pub enum Region {
    /// The European Union: its member states' bodies and places, and EU institutions.
    Eu,
    /// Japan.
    Japan,
    /// A body that belongs to neither side, e.g. a global network of mayors.
    International,
}

/// The kind of a programme slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[graphql(remote = "entity::SessionKind")]
pub enum SessionKind {
    /// Opening remarks of a day.
    Opening,
    /// The scene-setting introduction of day 1.
    SceneSetting,
    /// A panel of EU and Japanese speakers on one theme.
    Panel,
    /// One speaker's presentation on one theme.
    TopicPresentation,
    /// A slot that the published programme leaves untitled.
    Break,
    /// The summary of a day.
    Summary,
    /// The closing session.
    Closing,
}

/// The kind of an organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[graphql(remote = "entity::OrganisationKind")]
pub enum OrganisationKind {
    /// A city, town, metropolitan authority or prefecture.
    LocalGovernment,
    /// A ministry or other national government body.
    NationalGovernment,
    /// An EU institution or body (European Commission, EU Delegation, EIB, ...).
    EuInstitution,
    /// A research institute.
    ResearchInstitute,
    /// A bank or other financial institution.
    FinancialInstitution,
    /// A company.
    Company,
    /// A network or initiative of cities or governments.
    Network,
}

/// The kind of a local government.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[graphql(remote = "entity::LocalGovernmentKind")]
pub enum CityKind {
    /// A city.
    City,
    /// A town.
    Town,
    /// A prefecture (Japan).
    Prefecture,
    /// A metropolitan authority that groups several municipalities.
    MetropolitanAuthority,
}

/// A national programme that selected local governments.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[graphql(remote = "entity::Programme")]
pub enum NationalProgramme {
    /// The EU Mission for 100 climate-neutral and smart cities by 2030 (the Cities Mission).
    EuCitiesMission,
    /// Japan's Decarbonization Leading Areas (脱炭素先行地域), selected by the Ministry of the
    /// Environment in rounds.
    JapanDecarbonizationLeadingArea,
}
