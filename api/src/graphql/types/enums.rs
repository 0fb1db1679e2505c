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

/// A language of the project's own UI labels: the event's two languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub enum Language {
    /// English.
    En,
    /// Japanese.
    Ja,
}

impl SessionKind {
    /// The project's UI label of the kind in `language` (editorial: `crate::labels`).
    pub fn label(self, language: Language) -> &'static str {
        let label = crate::labels::session_kind(self.into());
        match language {
            Language::En => label.en,
            Language::Ja => label.ja,
        }
    }

    /// Every kind, in the enum's order.
    pub const ALL: [Self; 7] = [
        Self::Opening,
        Self::SceneSetting,
        Self::Panel,
        Self::TopicPresentation,
        Self::Break,
        Self::Summary,
        Self::Closing,
    ];
}

/// A session kind with its UI label, for a filter's options.
#[derive(Debug, Clone, Copy)]
pub struct SessionKindLabel(pub SessionKind);

/// A session kind with the project's UI label for it. The labels are editorial (the event
/// page titles its slots but names no kinds): written for this API, in English and Japanese.
#[async_graphql::Object]
impl SessionKindLabel {
    /// The kind.
    async fn kind(&self) -> SessionKind {
        self.0
    }

    /// Its UI label (editorial), e.g. `Topic presentation` or `トピック発表`.
    async fn label(
        &self,
        #[graphql(default_with = "Language::En", desc = "EN (the default) or JA.")]
        language: Language,
    ) -> &'static str {
        self.0.label(language)
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use sea_orm::Iterable;

    #[test]
    fn every_session_kind_has_a_label_in_both_languages() {
        let listed: Vec<entity::SessionKind> =
            SessionKind::ALL.into_iter().map(Into::into).collect();
        let all: Vec<entity::SessionKind> = entity::SessionKind::iter().collect();
        assert_eq!(listed, all);
        for kind in SessionKind::ALL {
            assert!(!kind.label(Language::En).is_empty());
            assert!(!kind.label(Language::Ja).is_empty());
        }
        assert_eq!(
            SessionKind::TopicPresentation.label(Language::Ja),
            "トピック発表"
        );
    }
}
