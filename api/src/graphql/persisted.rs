//! Persisted documents: Apollo's automatic persisted queries (APQ), kept in a bounded
//! least-recently-used store that is safe to lose (a client whose hash is unknown retries with
//! the text), and trusted documents, a manifest loaded at start (Apollo's
//! `apollo-persisted-query-manifest`, or a `{ "<id>": "<text>" }` map as Relay and GraphQL
//! Code Generator's client preset write them).
//!
//! One lookup for every way a request names a document — `documentId` (the GraphQL-over-HTTP
//! persisted-documents appendix), `doc_id` (Relay) or APQ's `sha256Hash` — by one key
//! ([`document_key`]): a SHA-256, bare or `sha256:`-prefixed, in either case, is its
//! lower-case hex, so each form finds what the others stored.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::bounded::BoundedLru;
use crate::error::{ErrorCode, Refusal};

/// The SHA-256 of a document text, as APQ names it (lower-case hex).
pub fn sha256_hex(text: &str) -> String {
    crate::text::hex(&Sha256::digest(text.as_bytes()))
}

/// Documents registered by APQ (by SHA-256 of their text), bounded in entries and in bytes.
pub type ApqStore = BoundedLru<Arc<str>>;

/// The key a document id is looked up by: a SHA-256 in hex, bare (APQ, Relay with `SHA256`)
/// or `sha256:`-prefixed (the appendix, codegen's `persisted-documents.json`), in any case, is
/// its lower-case hex; any other id (a Relay MD5, a name) is itself.
pub fn document_key(id: &str) -> String {
    let hex = id.strip_prefix("sha256:").unwrap_or(id);
    if is_sha256_hex(hex) {
        hex.to_ascii_lowercase()
    } else {
        id.to_owned()
    }
}

/// True for 64 hexadecimal digits.
fn is_sha256_hex(text: &str) -> bool {
    text.len() == 64 && text.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Trusted documents by key ([`document_key`] of an Apollo manifest's `id`, a map's key).
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
    /// "operations": [{"id", "body", ...}]}`) or a map (`{"<id>": "<text>"}`: Relay's, codegen's).
    /// An id that is a SHA-256 must be the hash of its text, and two ids with one key must hold
    /// one text. One line on failure, naming the file.
    pub fn load(path: &Path) -> Result<Self, String> {
        let shown = path.display();
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read the trusted documents {shown}: {e}"))?;
        let value: serde_json::Value = serde_json::from_str(&text)
            .map_err(|e| format!("the trusted documents {shown} are not JSON: {e}"))?;
        let apollo = value.get("format").is_some();
        let entries: Vec<(String, Arc<str>)> = if apollo {
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
        let mut by_id: HashMap<String, Arc<str>> = HashMap::with_capacity(entries.len());
        for (id, text) in entries {
            let key = document_key(&id);
            if is_sha256_hex(&key) && sha256_hex(&text) != key {
                return Err(format!(
                    "the trusted documents {shown}: {id} is not the SHA-256 of its document"
                ));
            }
            if by_id.get(&key).is_some_and(|known| *known != text) {
                return Err(format!(
                    "the trusted documents {shown}: two documents have the id {key}"
                ));
            }
            by_id.insert(key, text);
        }
        Ok(Self { by_id })
    }

    /// The document whose id has the key `key` ([`document_key`]).
    pub fn get(&self, key: &str) -> Option<Arc<str>> {
        self.by_id.get(key).cloned()
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

/// What a request named: its text, and a persisted id if any.
pub struct Named<'a> {
    /// The document text sent, if any.
    pub query: Option<&'a str>,
    /// The id sent, if any: `documentId`, `doc_id` or APQ's `sha256Hash`.
    pub id: Option<&'a str>,
    /// True when the id came as APQ's `extensions.persistedQuery` (so a text that comes with
    /// it may be registered, and an unknown id answers APQ's `PersistedQueryNotFound`).
    pub apq: bool,
}

/// A document to execute, and the hash to register it under in the APQ store once it has
/// passed the operation limits (a document the limits refuse is never stored).
#[derive(Debug)]
pub struct Resolved {
    /// The document text.
    pub text: Arc<str>,
    /// The lower-case SHA-256 it came with, checked against the text.
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

/// The document text to execute for `named`: by its id's key ([`document_key`]) from the
/// trusted documents, then the APQ store; or the text sent (registered under the SHA-256 it
/// came with, once checked: see [`Resolved`]). With `trusted_only`, only trusted documents
/// (by id or by their text) run.
pub fn resolve(
    named: &Named<'_>,
    apq: Option<&ApqStore>,
    trusted: Option<&TrustedDocuments>,
    trusted_only: bool,
) -> Result<Resolved, Refusal> {
    let refuse = |code, message: &str| Refusal::new(code, message);
    let key = named.id.map(document_key);
    if let (Some(key), Some(trusted)) = (&key, trusted)
        && let Some(text) = trusted.get(key)
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
    let hash = key.filter(|key| is_sha256_hex(key));
    match (named.query, hash) {
        (Some(query), Some(hash)) => {
            if sha256_hex(query) != hash {
                return Err(refuse(
                    ErrorCode::BadUserInput,
                    "the id is a SHA-256 that does not match the query text",
                ));
            }
            Ok(Resolved {
                text: Arc::from(query),
                register_as: apq.is_some().then_some(hash),
            })
        }
        (Some(query), None) => Ok(Resolved::text(Arc::from(query))),
        (None, hash) => hash
            .and_then(|hash| apq?.get(&hash))
            .map(Resolved::text)
            .ok_or_else(|| {
                if named.apq {
                    refuse(ErrorCode::PersistedQueryNotFound, "PersistedQueryNotFound")
                } else if named.id.is_some() {
                    refuse(
                        ErrorCode::PersistedQueryNotFound,
                        "no persisted document has that id: send the document's text with it",
                    )
                } else {
                    refuse(ErrorCode::BadRequest, "the request has no `query`")
                }
            }),
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
        // The same document by `documentId`, prefixed and in upper case.
        let prefixed: &'static str =
            Box::leak(format!("sha256:{}", leaked.to_ascii_uppercase()).into_boxed_str());
        let by_document_id = Named {
            query: None,
            id: Some(prefixed),
            apq: false,
        };
        let found = resolve(&by_document_id, store.as_ref(), None, false);
        assert_eq!(found.ok().map(|r| r.text).as_deref(), Some(text));
    }

    #[test]
    fn ids_are_keyed_alike_in_every_form() {
        let hex = "a".repeat(64);
        assert_eq!(document_key(&hex), hex);
        assert_eq!(document_key(&format!("sha256:{hex}")), hex);
        assert_eq!(
            document_key(&format!("sha256:{}", hex.to_ascii_uppercase())),
            hex
        );
        assert_eq!(document_key("3f2b9c"), "3f2b9c");
        assert_eq!(document_key("sha256:short"), "sha256:short");
        assert_eq!(document_key("Programme_query"), "Programme_query");
    }
}
