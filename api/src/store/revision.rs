//! The data revision as this process last read it, trusted for a bounded time.
//!
//! A cache hit or a revalidation needs only the revision of the data (see
//! [`Snapshot::revision`](super::snapshot::Snapshot::revision)). Reading it costs one statement
//! (and, on SQLite, a hand-off to the driver's worker thread), which would dominate an answer
//! served from memory. So the revision read is kept for at most `max_age`
//! (`--data-version-max-age`): a reload — by this process, by `cities-api load-data` in
//! another, or on another replica sharing the database — is seen by every process within that
//! bound, and no cached answer or ETag outlives it by more. `max_age` zero reads on every
//! request. Answers that execute always read the revision in their own snapshot.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use sea_orm::{DatabaseConnection, DbErr};

use super::snapshot::read_revision;

/// The revision last read, with when it was read.
#[derive(Debug)]
struct Reading {
    revision: Option<Arc<str>>,
    at: Instant,
}

/// The data revision, re-read from the database at most once per `max_age`, by one request
/// at a time (the others wait for its reading): the service's own reads never take more than
/// the connection the pool keeps for them.
#[derive(Debug)]
pub struct RevisionWatch {
    max_age: Duration,
    last: Mutex<Option<Reading>>,
    reading: tokio::sync::Mutex<()>,
}

impl RevisionWatch {
    /// A watch that trusts a reading for `max_age`.
    pub fn new(max_age: Duration) -> Self {
        Self {
            max_age,
            last: Mutex::new(None),
            reading: tokio::sync::Mutex::new(()),
        }
    }

    /// How long a reading is trusted: the bound within which a reload is seen.
    pub fn max_age(&self) -> Duration {
        self.max_age
    }

    /// The revision the database held at most `max_age` ago (`None`: no data loaded). Reads
    /// it when the last reading is older; a failed read is not remembered.
    pub async fn current(&self, db: &DatabaseConnection) -> Result<Option<Arc<str>>, DbErr> {
        let waiting_since = Instant::now();
        if let Some(revision) = self.fresh(Instant::now()) {
            return Ok(revision);
        }
        let _one_at_a_time = self.reading.lock().await;
        let read_at = Instant::now();
        // Read by the request this one waited for (only when it began after this one did,
        // for a reading that began earlier could miss a reload this request must see).
        if let Some(revision) = self.fresh_since(waiting_since) {
            return Ok(revision);
        }
        let revision: Option<Arc<str>> = read_revision(db).await?.map(Arc::from);
        self.remember(revision.clone(), read_at);
        Ok(revision)
    }

    /// The last reading, when it is younger than `max_age` at `now`.
    fn fresh(&self, now: Instant) -> Option<Option<Arc<str>>> {
        let last = self.last.lock().unwrap_or_else(PoisonError::into_inner);
        last.as_ref()
            .filter(|reading| now.saturating_duration_since(reading.at) < self.max_age)
            .map(|reading| reading.revision.clone())
    }

    /// The last reading, when it began at or after `since`.
    fn fresh_since(&self, since: Instant) -> Option<Option<Arc<str>>> {
        let last = self.last.lock().unwrap_or_else(PoisonError::into_inner);
        last.as_ref()
            .filter(|reading| reading.at >= since)
            .map(|reading| reading.revision.clone())
    }

    /// Keeps `revision`, read at `at`, unless a later reading is already kept (two requests
    /// may read at once; the younger reading wins).
    pub(super) fn remember(&self, revision: Option<Arc<str>>, at: Instant) {
        let mut last = self.last.lock().unwrap_or_else(PoisonError::into_inner);
        if last.as_ref().is_none_or(|reading| reading.at <= at) {
            *last = Some(Reading { revision, at });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reading_is_trusted_for_max_age_and_no_longer() {
        let watch = RevisionWatch::new(Duration::from_secs(5));
        let start = Instant::now();
        assert_eq!(watch.fresh(start), None, "nothing read yet");
        watch.remember(Some(Arc::from("v1")), start);
        let within = start + Duration::from_secs(4);
        assert_eq!(watch.fresh(within), Some(Some(Arc::from("v1"))));
        assert_eq!(watch.fresh(start + Duration::from_secs(5)), None);
    }

    #[test]
    fn max_age_zero_trusts_nothing() {
        let watch = RevisionWatch::new(Duration::ZERO);
        let start = Instant::now();
        watch.remember(Some(Arc::from("v1")), start);
        assert_eq!(watch.fresh(start), None);
    }

    #[test]
    fn an_older_reading_never_replaces_a_younger_one() {
        let watch = RevisionWatch::new(Duration::from_secs(60));
        let start = Instant::now();
        let later = start + Duration::from_secs(1);
        watch.remember(Some(Arc::from("v2")), later);
        watch.remember(Some(Arc::from("v1")), start);
        assert_eq!(watch.fresh(later), Some(Some(Arc::from("v2"))));
    }

    #[test]
    fn no_data_is_a_reading_too() {
        let watch = RevisionWatch::new(Duration::from_secs(60));
        let start = Instant::now();
        watch.remember(None, start);
        assert_eq!(watch.fresh(start), Some(None));
    }
}
