//! The query parameters of documents: read strictly, typed with serde.
//!
//! An unknown parameter, a repeated one or a malformed value is `BAD_USER_INPUT` (a typo such
//! as `?dya=` must not silently serve everything); the tracking parameters that newsletters,
//! social networks and analytics add to links (`utm_*`, `fbclid`, ...) are ignored on every
//! document, and so kept out of its ETag key; an empty value counts as absent (what a form's
//! "All days" option sends).

use axum::http::HeaderMap;
use std::collections::BTreeMap;

use chrono::NaiveDate;
use chrono_tz::Tz;
use serde::de::value::{Error as ValueError, MapDeserializer};
use serde::de::{DeserializeOwned, Error as _};
use serde::{Deserialize, Deserializer};

use super::document::Params;
use crate::error::{Refusal, quoted};

/// The well-known tracking parameters, besides every `utm_*`.
const TRACKING: [&str; 8] = [
    "fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "_ga", "ref",
];

/// True for a parameter that links carry for analytics (see the module documentation).
pub fn is_tracking(name: &str) -> bool {
    name.starts_with("utm_") || TRACKING.contains(&name)
}

/// A query string's parameters, each at most once, each one the document takes.
#[derive(Debug, Default)]
pub struct Query(BTreeMap<String, String>);

impl Query {
    /// Reads `query` for a document that takes `names`.
    pub fn parse(query: Option<&str>, names: &[&str]) -> Result<Self, Refusal> {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query.unwrap_or(""))
            .map_err(|_| Refusal::bad_input("the query string is malformed"))?;
        let mut params = BTreeMap::new();
        for (name, value) in pairs {
            if is_tracking(&name) {
                continue;
            }
            if !names.contains(&name.as_str()) {
                let takes = if names.is_empty() {
                    String::from("this path takes no parameter")
                } else {
                    format!("this path takes {}", names.join(", "))
                };
                return Err(Refusal::bad_input(format!(
                    "unknown parameter {}: {takes}",
                    quoted(&name)
                )));
            }
            if value.is_empty() {
                continue;
            }
            if params.insert(name.clone(), value).is_some() {
                return Err(Refusal::bad_input(format!(
                    "parameter {} is given more than once",
                    quoted(&name)
                )));
            }
        }
        Ok(Self(params))
    }

    /// The parameters as `T` (a serde struct whose fields are the parameter names); a value
    /// that does not read as its field's type is `BAD_USER_INPUT` with the field's message.
    pub fn typed<T: DeserializeOwned>(self) -> Result<T, Refusal> {
        let deserializer = MapDeserializer::<_, ValueError>::new(self.0.into_iter());
        T::deserialize(deserializer).map_err(|error| Refusal::bad_input(error.to_string()))
    }
}

/// `day` and `theme`: a selection of the programme.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct ProgrammeFilter {
    /// `day`: an ISO 8601 date.
    #[serde(default, deserialize_with = "day")]
    pub day: Option<NaiveDate>,
    /// `theme`: a theme slug.
    #[serde(default, deserialize_with = "theme")]
    pub theme: Option<String>,
}

impl Params for ProgrammeFilter {
    const NAMES: &'static [&'static str] = &["day", "theme"];

    fn read(_id: Option<&str>, query: Query, _: &HeaderMap) -> Result<Self, Refusal> {
        query.typed()
    }
}

/// `day`: an ISO 8601 date such as 2023-01-25.
pub fn day<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<NaiveDate>, D::Error> {
    let text = String::deserialize(deserializer)?;
    NaiveDate::parse_from_str(&text, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| {
            D::Error::custom(format!(
                "day {} is not a date such as 2023-01-25",
                quoted(&text)
            ))
        })
}

pub use crate::ids::is_slug;

/// `theme`: a slug ([`is_slug`]).
pub fn theme<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    let text = String::deserialize(deserializer)?;
    if is_slug(&text) {
        Ok(Some(text))
    } else {
        Err(D::Error::custom(format!(
            "theme {} is not a theme slug (lower-case letters, digits and hyphens, e.g. energy-security-and-resilience)",
            quoted(&text)
        )))
    }
}

/// Any text (a serde field of `Option<String>` cannot read a parameter's plain string).
pub fn text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    String::deserialize(deserializer).map(Some)
}

/// `lang`: `en` or `ja`.
pub fn language<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<super::language::Lang>, D::Error> {
    super::language::Lang::deserialize(deserializer).map(Some)
}

/// `tz`: an IANA time zone name, in any case.
pub fn zone<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Tz>, D::Error> {
    let text = String::deserialize(deserializer)?;
    crate::zones::by_name(&text).map(Some).ok_or_else(|| {
        D::Error::custom(format!(
            "tz {} is not an IANA time zone name such as Asia/Tokyo (or CET, JST)",
            quoted(&text)
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filter(query: &str) -> Result<ProgrammeFilter, Refusal> {
        ProgrammeFilter::read(
            None,
            Query::parse(Some(query), ProgrammeFilter::NAMES)?,
            &axum::http::HeaderMap::new(),
        )
    }

    #[test]
    fn parameters_are_typed_strictly_and_tracking_ones_ignored() {
        let cases: [(&str, Result<ProgrammeFilter, &str>); 8] = [
            ("", Ok(ProgrammeFilter::default())),
            ("day=&theme=", Ok(ProgrammeFilter::default())),
            (
                "day=2023-01-26&utm_source=newsletter&fbclid=abc&_ga=1",
                Ok(ProgrammeFilter {
                    day: NaiveDate::from_ymd_opt(2023, 1, 26),
                    theme: None,
                }),
            ),
            ("dya=2023-01-26", Err("unknown parameter `dya`")),
            ("day=2023-01-26&day=2023-01-25", Err("more than once")),
            ("day=26.01.2023", Err("not a date")),
            ("theme=Energy", Err("not a theme slug")),
            ("day=2023-02-30", Err("not a date")),
        ];
        for (query, expected) in cases {
            match (filter(query), expected) {
                (Ok(found), Ok(expected)) => assert_eq!(found, expected, "{query}"),
                (Err(refusal), Err(words)) => {
                    assert!(refusal.message.contains(words), "{query}: {refusal:?}");
                    assert_eq!(refusal.code, crate::error::ErrorCode::BadUserInput);
                }
                (found, expected) => panic!("{query}: {found:?}, expected {expected:?}"),
            }
        }
    }
}
