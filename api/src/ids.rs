//! Global ids: opaque strings that name an entity's type and its stable key.
//!
//! An id is the unpadded base64url of `Type:key` (the key is the dataset's slug, which survives
//! reloads). Clients must treat ids as opaque.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use crate::error::{ApiError, ApiResult};

/// The entity types that have global ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeType {
    /// `Event`.
    Event,
    /// `Theme`.
    Theme,
    /// `Session`.
    Session,
    /// `Speaker`.
    Speaker,
    /// `Organisation`.
    Organisation,
    /// `City`.
    City,
    /// `Country` (its key is the ISO code).
    Country,
    /// `CityPairing` (its key names the pair: `<Japanese city>--<EU city>`).
    CityPairing,
    /// `MissionCity` (its key is `<ISO code>/<name as the list gives it>`).
    MissionCity,
    /// `LeadingArea` (its key is `<prefecture>/<lead municipality>`, as the list gives them).
    LeadingArea,
}

impl NodeType {
    const ALL: [Self; 10] = [
        Self::Event,
        Self::Theme,
        Self::Session,
        Self::Speaker,
        Self::Organisation,
        Self::City,
        Self::Country,
        Self::CityPairing,
        Self::MissionCity,
        Self::LeadingArea,
    ];

    /// The GraphQL type name.
    pub fn name(self) -> &'static str {
        match self {
            Self::Event => "Event",
            Self::Theme => "Theme",
            Self::Session => "Session",
            Self::Speaker => "Speaker",
            Self::Organisation => "Organisation",
            Self::City => "City",
            Self::Country => "Country",
            Self::CityPairing => "CityPairing",
            Self::MissionCity => "MissionCity",
            Self::LeadingArea => "LeadingArea",
        }
    }
}

/// True for a slug as the dataset's keys are (the loader refuses any other key): lower-case
/// letters, digits and hyphens, 1 to 100 of them. The `slug` of an entity, in GraphQL, the
/// documents' parameters and the widget's anchors, is its key.
pub fn is_slug(text: &str) -> bool {
    (1..=100).contains(&text.len())
        && text
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// The global id of the entity of type `node` with key `key`.
pub fn encode(node: NodeType, key: &str) -> async_graphql::ID {
    async_graphql::ID(URL_SAFE_NO_PAD.encode(format!("{}:{key}", node.name())))
}

/// Reads a global id; a string that is not one is a `BAD_USER_INPUT` in `argument`.
pub fn decode(argument: &'static str, id: &str) -> ApiResult<(NodeType, String)> {
    let malformed = || {
        ApiError::bad_input(
            argument,
            format!("{} is not a valid id", crate::error::quoted(id)),
        )
    };
    let bytes = URL_SAFE_NO_PAD.decode(id).map_err(|_| malformed())?;
    let text = String::from_utf8(bytes).map_err(|_| malformed())?;
    let (type_name, key) = text.split_once(':').ok_or_else(malformed)?;
    let node = NodeType::ALL
        .into_iter()
        .find(|node| node.name() == type_name)
        .ok_or_else(malformed)?;
    if key.is_empty() {
        return Err(malformed());
    }
    Ok((node, key.to_owned()))
}

/// Reads a global id that must be of type `expected`, e.g. the `city` of a filter.
pub fn decode_as(argument: &'static str, expected: NodeType, id: &str) -> ApiResult<String> {
    match decode(argument, id)? {
        (node, key) if node == expected => Ok(key),
        (node, _) => Err(ApiError::bad_input(
            argument,
            format!(
                "`{id}` is the id of a {}, not of a {}",
                node.name(),
                expected.name()
            ),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_reject_garbage() {
        let id = encode(NodeType::City, "kyoto");
        assert_eq!(
            decode("id", &id).ok(),
            Some((NodeType::City, "kyoto".to_owned()))
        );
        assert_eq!(
            decode_as("city", NodeType::City, &id).ok(),
            Some("kyoto".to_owned())
        );
        assert!(decode_as("city", NodeType::Session, &id).is_err());
        for bad in [
            "",
            "!!",
            "a2lvdG8",
            &URL_SAFE_NO_PAD.encode("Planet:earth"),
            &URL_SAFE_NO_PAD.encode("City:"),
        ] {
            assert!(decode("id", bad).is_err(), "{bad} should be refused");
        }
    }
}
