//! The response cache: successful GraphQL answers kept as bytes under the key of
//! `caching::response_key` (data version, document text, variables, operation name,
//! negotiated media type, schema identity), so that a repeated query is answered without
//! parsing or executing: the lookup needs only the data's revision, which
//! `store::revision::RevisionWatch` re-reads at most once per `--data-version-max-age`. A
//! reload changes the revision, hence every key: once it is read, an old answer is never
//! served again and ages out of the LRU. Bounded in entries and bytes
//! (`--response-cache-size`, `--response-cache-bytes`); errors and refusals are never kept.

use axum::body::Bytes;

use crate::bounded::{BoundedLru, Weighed};

/// A successful answer, as sent.
#[derive(Clone, Debug)]
pub struct CachedAnswer {
    /// The body bytes.
    pub body: Bytes,
}

impl Weighed for CachedAnswer {
    fn weight(&self) -> usize {
        self.body.len()
    }
}

/// The response cache.
pub type ResponseCache = BoundedLru<CachedAnswer>;
