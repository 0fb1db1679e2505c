//! Opaque pagination cursors: the sort key and id of the last row a page ended on, so that the
//! next page starts strictly after it (keyset pagination: pages never overlap or skip, even
//! if the data is reloaded between requests).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use crate::error::{ApiError, ApiResult};

/// A position in one ordered list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
    /// Which list it belongs to, e.g. `sessions`.
    pub list: &'static str,
    /// The row's sort key (a name, or an RFC 3339 instant).
    pub key: String,
    /// The row's id: the tie-breaker.
    pub id: String,
}

impl Cursor {
    /// The opaque string.
    pub fn encode(&self) -> String {
        // A JSON array of three strings, written straight from the tuple (no value tree).
        let payload = serde_json::to_vec(&(self.list, &self.key, &self.id)).unwrap_or_default();
        URL_SAFE_NO_PAD.encode(payload)
    }

    /// The error for an `after` or `before` (`argument`) that is not a cursor of the list
    /// asked for.
    pub fn malformed(argument: &'static str, text: &str) -> ApiError {
        ApiError::bad_input(
            argument,
            format!(
                "{} is not a cursor of this list",
                crate::error::quoted(text)
            ),
        )
    }

    /// Reads the `after` or `before` argument (`argument`) of a connection over `list`.
    pub fn decode(list: &'static str, argument: &'static str, text: &str) -> ApiResult<Self> {
        let malformed = || Self::malformed(argument, text);
        let bytes = URL_SAFE_NO_PAD.decode(text).map_err(|_| malformed())?;
        let (tag, key, id): (String, String, String) =
            serde_json::from_slice(&bytes).map_err(|_| malformed())?;
        if tag != list {
            return Err(malformed());
        }
        Ok(Self { list, key, id })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_belong_to_one_list() {
        let cursor = Cursor {
            list: "speakers",
            key: "annika dalén".into(),
            id: "annika-dalen".into(),
        };
        let text = cursor.encode();
        assert_eq!(
            Cursor::decode("speakers", "after", &text).ok(),
            Some(cursor)
        );
        assert!(Cursor::decode("cities", "after", &text).is_err());
        assert!(Cursor::decode("speakers", "before", "not a cursor").is_err());
        assert!(Cursor::decode("speakers", "after", &URL_SAFE_NO_PAD.encode("[1,2]")).is_err());
    }
}
