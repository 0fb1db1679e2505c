//! The public enums. They mirror the database vocabularies but are their own types, so that
//! the schema changes only when this file does.

use async_graphql::Enum;
use entity::{
    LocalGovernmentKind, OrganisationKind as DbOrganisationKind, Programme, Region as DbRegion,
    SessionKind as DbSessionKind,
};

/// Which side of the partnership a body or place belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
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
pub enum NationalProgramme {
    /// The EU Mission for 100 climate-neutral and smart cities by 2030 (the Cities Mission).
    EuCitiesMission,
    /// Japan's Decarbonization Leading Areas (脱炭素先行地域), selected by the Ministry of the
    /// Environment in rounds.
    JapanDecarbonizationLeadingArea,
}

macro_rules! mirror {
    ($api:ident <=> $db:ident { $($variant:ident <=> $db_variant:ident),* $(,)? }) => {
        impl From<$db> for $api {
            fn from(value: $db) -> Self {
                match value { $($db::$db_variant => Self::$variant),* }
            }
        }
        impl From<$api> for $db {
            fn from(value: $api) -> Self {
                match value { $($api::$variant => Self::$db_variant),* }
            }
        }
    };
}

mirror!(Region <=> DbRegion { Eu <=> Eu, Japan <=> Japan, International <=> International });
mirror!(SessionKind <=> DbSessionKind {
    Opening <=> Opening,
    SceneSetting <=> SceneSetting,
    Panel <=> Panel,
    TopicPresentation <=> TopicPresentation,
    Break <=> Break,
    Summary <=> Summary,
    Closing <=> Closing,
});
mirror!(OrganisationKind <=> DbOrganisationKind {
    LocalGovernment <=> LocalGovernment,
    NationalGovernment <=> NationalGovernment,
    EuInstitution <=> EuInstitution,
    ResearchInstitute <=> ResearchInstitute,
    FinancialInstitution <=> FinancialInstitution,
    Company <=> Company,
    Network <=> Network,
});
mirror!(CityKind <=> LocalGovernmentKind {
    City <=> City,
    Town <=> Town,
    Prefecture <=> Prefecture,
    MetropolitanAuthority <=> MetropolitanAuthority,
});
mirror!(NationalProgramme <=> Programme {
    EuCitiesMission <=> EuCitiesMission,
    JapanDecarbonizationLeadingArea <=> JapanDla,
});
