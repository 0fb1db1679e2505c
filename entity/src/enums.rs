//! Closed vocabularies, stored as upper-case text (and guarded by CHECK constraints).

use sea_orm::entity::prelude::*;

/// Which side of the partnership a body or place belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "Text")]
pub enum Region {
    /// A member state of the European Union, or an EU institution.
    #[sea_orm(string_value = "EU")]
    Eu,
    /// Japan.
    #[sea_orm(string_value = "JAPAN")]
    Japan,
    /// Neither side, e.g. a global network of mayors.
    #[sea_orm(string_value = "INTERNATIONAL")]
    International,
}

/// The kind of a programme slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "Text")]
pub enum SessionKind {
    /// Opening remarks of a day.
    #[sea_orm(string_value = "OPENING")]
    Opening,
    /// The scene-setting introduction of day 1.
    #[sea_orm(string_value = "SCENE_SETTING")]
    SceneSetting,
    /// A panel of EU and Japanese speakers on one theme.
    #[sea_orm(string_value = "PANEL")]
    Panel,
    /// A single speaker's presentation on one theme.
    #[sea_orm(string_value = "TOPIC_PRESENTATION")]
    TopicPresentation,
    /// A slot the programme leaves untitled.
    #[sea_orm(string_value = "BREAK")]
    Break,
    /// The summary of a day.
    #[sea_orm(string_value = "SUMMARY")]
    Summary,
    /// The closing session.
    #[sea_orm(string_value = "CLOSING")]
    Closing,
}

/// The kind of an organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "Text")]
pub enum OrganisationKind {
    /// A city, town, metropolitan authority or prefecture.
    #[sea_orm(string_value = "LOCAL_GOVERNMENT")]
    LocalGovernment,
    /// A ministry or other national government body.
    #[sea_orm(string_value = "NATIONAL_GOVERNMENT")]
    NationalGovernment,
    /// An EU institution or body.
    #[sea_orm(string_value = "EU_INSTITUTION")]
    EuInstitution,
    /// A research institute.
    #[sea_orm(string_value = "RESEARCH_INSTITUTE")]
    ResearchInstitute,
    /// A bank or other financial institution.
    #[sea_orm(string_value = "FINANCIAL_INSTITUTION")]
    FinancialInstitution,
    /// A company.
    #[sea_orm(string_value = "COMPANY")]
    Company,
    /// A network or initiative of cities or governments.
    #[sea_orm(string_value = "NETWORK")]
    Network,
}

/// The kind of a local government.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "Text")]
pub enum LocalGovernmentKind {
    /// A city.
    #[sea_orm(string_value = "CITY")]
    City,
    /// A town.
    #[sea_orm(string_value = "TOWN")]
    Town,
    /// A prefecture (Japan).
    #[sea_orm(string_value = "PREFECTURE")]
    Prefecture,
    /// A metropolitan authority grouping several municipalities.
    #[sea_orm(string_value = "METROPOLITAN_AUTHORITY")]
    MetropolitanAuthority,
}

/// A national programme that selected a local government.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "Text")]
pub enum Programme {
    /// The EU Mission for 100 climate-neutral and smart cities by 2030.
    #[sea_orm(string_value = "EU_CITIES_MISSION")]
    EuCitiesMission,
    /// Japan's Decarbonization Leading Areas (脱炭素先行地域).
    #[sea_orm(string_value = "JAPAN_DLA")]
    JapanDecarbonizationLeadingArea,
}
