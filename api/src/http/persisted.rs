//! Persisted queries: Apollo's automatic persisted queries (APQ), kept in a bounded
//! least-recently-used store that is safe to lose (a client whose hash is unknown retries with
//! the text), and trusted documents, a manifest loaded at start (Apollo's
//! `apollo-persisted-query-manifest` or Relay's `{ "<id>": "<text>" }` map).

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use serde::Deserialize;
use sha2::{Digest, Sha256};

use super::bounded::BoundedLru;
use crate::error::{ErrorCode, Refusal};

/// The SHA-256 of a document text, as APQ names it (lower-case hex).
pub fn sha256_hex(text: &str) -> String {
    super::caching::hex(&Sha256::digest(text.as_bytes()))
}

/// Documents registered by APQ (by SHA-256 of their text), bounded in entries and in bytes.
pub type ApqStore = BoundedLru<Arc<str>>;

/// Trusted documents by id (an Apollo manifest's `id`, a Relay map's key).
#[derive(Debug, Default)]
pub struct TrustedDocuments {
    by_id: HashMap<String, Arc<str>>,
}

/// Apollo's manifest format.
#[derive(Deserialize)]
struct ApolloManifest {
    format: String,
    version: u32,
    operations: Vec<ApolloOperation>,
}

#[derive(Deserialize)]
struct ApolloOperation {
    id: String,
    body: String,
}

impl TrustedDocuments {
    /// Reads a manifest: Apollo's (`{"format": "apollo-persisted-query-manifest", "version": 1,
    /// "operations": [{"id", "body", ...}]}`) or Relay's (`{"<id>": "<text>"}`). One line on
    /// failure, naming the file.
    pub fn load(path: &Path) -> Result<Self, String> {
        let shown = path.display();
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read the trusted documents {shown}: {e}"))?;
        let value: serde_json::Value = serde_json::from_str(&text)
            .map_err(|e| format!("the trusted documents {shown} are not JSON: {e}"))?;
        let apollo = value.get("format").is_some();
        let by_id: HashMap<String, Arc<str>> = if apollo {
            let manifest: ApolloManifest = serde_json::from_value(value).map_err(|e| {
                format!("the trusted documents {shown} are not an Apollo manifest: {e}")
            })?;
            if manifest.format != "apollo-persisted-query-manifest" || manifest.version != 1 {
                return Err(format!(
                    "the trusted documents {shown} are not an apollo-persisted-query-manifest of version 1"
                ));
            }
            manifest
                .operations
                .into_iter()
                .map(|op| (op.id, Arc::from(op.body.as_str())))
                .collect()
        } else {
            let map: HashMap<String, String> = serde_json::from_value(value).map_err(|e| {
                format!("the trusted documents {shown} are not a map of id to text: {e}")
            })?;
            map.into_iter()
                .map(|(id, text)| (id, Arc::from(text.as_str())))
                .collect()
        };
        Ok(Self { by_id })
    }

    /// The document with id `id`.
    pub fn get(&self, id: &str) -> Option<Arc<str>> {
        self.by_id.get(id).cloned()
    }

    /// True when `text` is one of the documents (a client sending the text of a trusted
    /// document is as good as one sending its id).
    pub fn contains_text(&self, text: &str) -> bool {
        self.by_id.values().any(|doc| doc.as_ref() == text)
    }

    /// Documents held.
    pub fn len(&self) -> usize {
        self.by_id.len()
    }

    /// True when the manifest is empty.
    pub fn is_empty(&self) -> bool {
        self.by_id.is_empty()
    }
}

/// What a request named: its text, and a persisted id (APQ hash or `doc_id`) if any.
pub struct Named<'a> {
    /// The document text sent, if any.
    pub query: Option<&'a str>,
    /// The APQ hash or trusted-document id sent, if any.
    pub id: Option<&'a str>,
    /// True when the id came as APQ's `extensions.persistedQuery` (so the text may be
    /// registered), false for `doc_id`.
    pub apq: bool,
}

/// A document to execute, and the APQ hash to register it under once it has passed the
/// operation limits (a document the limits refuse is never stored).
#[derive(Debug)]
pub struct Resolved {
    /// The document text.
    pub text: Arc<str>,
    /// The lower-case hash it came with (APQ registration), checked against the text.
    pub register_as: Option<String>,
}

impl Resolved {
    fn text(text: Arc<str>) -> Self {
        Self {
            text,
            register_as: None,
        }
    }
}

/// The document text to execute for `named`: from the trusted documents, the APQ store, or the
/// request itself (to register under its hash when it came with one: see [`Resolved`]).
pub fn resolve(
    named: &Named<'_>,
    apq: Option<&ApqStore>,
    trusted: Option<&TrustedDocuments>,
    trusted_only: bool,
) -> Result<Resolved, Refusal> {
    let refuse = |code, message: &str| Refusal::new(code, message);
    if let (Some(id), Some(trusted)) = (named.id, trusted)
        && let Some(text) = trusted.get(id)
    {
        if named.query.is_some_and(|q| q != text.as_ref()) {
            return Err(refuse(
                ErrorCode::BadUserInput,
                "the query text differs from the trusted document with that id",
            ));
        }
        return Ok(Resolved::text(text));
    }
    if trusted_only {
        let listed = named
            .query
            .is_some_and(|q| trusted.is_some_and(|t| t.contains_text(q)));
        return match (listed, named.query) {
            (true, Some(query)) => Ok(Resolved::text(Arc::from(query))),
            _ => Err(refuse(
                ErrorCode::PersistedQueryNotInList,
                "this server runs trusted documents only, and this document is not one of them",
            )),
        };
    }
    match (named.id, named.query) {
        (Some(hash), Some(query)) if named.apq => {
            if sha256_hex(query) != hash.to_ascii_lowercase() {
                return Err(refuse(
                    ErrorCode::BadUserInput,
                    "provided sha256Hash does not match the query",
                ));
            }
            Ok(Resolved {
                text: Arc::from(query),
                register_as: apq.is_some().then(|| hash.to_ascii_lowercase()),
            })
        }
        (Some(hash), None) if named.apq => apq
            .and_then(|store| store.get(&hash.to_ascii_lowercase()))
            .map(Resolved::text)
            .ok_or_else(|| refuse(ErrorCode::PersistedQueryNotFound, "PersistedQueryNotFound")),
        (Some(_), None) => Err(refuse(
            ErrorCode::PersistedQueryNotFound,
            "no trusted document has that doc_id",
        )),
        (_, Some(query)) => Ok(Resolved::text(Arc::from(query))),
        (None, None) => Err(refuse(ErrorCode::BadRequest, "the request has no `query`")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apq_registers_verifies_and_finds() {
        let store = ApqStore::new(10, 1000);
        let text = "{ themes { slug } }";
        let hash = sha256_hex(text);
        let named = |query, id: Option<&'static str>| Named {
            query,
            id,
            apq: true,
        };
        let leaked: &'static str = Box::leak(hash.clone().into_boxed_str());
        let unknown = resolve(&named(None, Some(leaked)), store.as_ref(), None, false);
        assert_eq!(
            unknown.err().map(|r| r.code),
            Some(ErrorCode::PersistedQueryNotFound)
        );
        let wrong = resolve(
            &named(Some("{ event { name } }"), Some(leaked)),
            store.as_ref(),
            None,
            false,
        );
        assert_eq!(wrong.err().map(|r| r.code), Some(ErrorCode::BadUserInput));
        let registered = resolve(
            &named(Some(text), Some(leaked)),
            store.as_ref(),
            None,
            false,
        );
        let Ok(Resolved {
            text: sent,
            register_as: Some(hash),
        }) = registered
        else {
            panic!("a text with its hash is to be registered");
        };
        if let Some(store) = &store {
            store.put(hash, sent);
        }
        let found = resolve(&named(None, Some(leaked)), store.as_ref(), None, false);
        assert_eq!(found.ok().map(|r| r.text).as_deref(), Some(text));
    }
}
