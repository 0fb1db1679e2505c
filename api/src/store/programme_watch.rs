//! The programme of the current data revision, built once per revision and shared.
//!
//! Every request takes the programme it is answered from here ([`ProgrammeWatch::current`]):
//! the copy built for the revision the database holds, as read at most
//! `--data-version-max-age` ago (see `store::revision`). When a reading finds a new revision,
//! one task builds its programme in one read transaction while requests keep the previous
//! copy; the new one replaces it atomically once built. So a reload is seen within
//! `--data-version-max-age` plus the build time, on every replica, and no request waits on a
//! build it did not need. With `--data-version-max-age 0` every request sees the latest
//! revision, waiting for its build. Only the first request (or one after a failed build)
//! waits when no copy is held.
//!
//! A request holds the `Arc` it took until its end: one answer, one revision. A request that
//! also reads SQL checks that its transaction saw the same revision, and is answered again
//! with the programme of that revision when not ([`ProgrammeWatch::of_transaction`]).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, PoisonError, RwLock};
use std::time::{Duration, Instant};

use sea_orm::{ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbErr};

use super::programme::Programme;
use super::revision::RevisionWatch;
use super::snapshot::begin_read;
use crate::metrics::Metrics;

/// The programme of the current revision, and the revision's reading.
#[derive(Debug)]
pub struct ProgrammeWatch {
    revision: RevisionWatch,
    metrics: Arc<Metrics>,
    held: RwLock<Option<Arc<Programme>>>,
    building: tokio::sync::Mutex<()>,
    building_apart: AtomicBool,
}

impl ProgrammeWatch {
    /// A watch that trusts a reading of the revision for `max_age`, counting its builds into
    /// `metrics`.
    pub fn new(max_age: Duration, metrics: Arc<Metrics>) -> Self {
        Self {
            revision: RevisionWatch::new(max_age),
            metrics,
            held: RwLock::new(None),
            building: tokio::sync::Mutex::new(()),
            building_apart: AtomicBool::new(false),
        }
    }

    /// Where builds and answers read again are counted.
    pub fn metrics(&self) -> &Metrics {
        &self.metrics
    }

    /// How long a reading of the revision is trusted (`--data-version-max-age`).
    pub fn max_age(&self) -> Duration {
        self.revision.max_age()
    }

    /// The revision the database held at most `max_age` ago (`None`: no data loaded), for
    /// what needs no programme (a cached answer, a revalidation).
    pub async fn revision(&self, db: &DatabaseConnection) -> Result<Option<Arc<str>>, DbErr> {
        self.revision.current(db).await
    }

    /// The programme to answer a request from: the current revision's, or the previous one
    /// while the current one is being built (see the module's documentation).
    pub async fn current(
        self: &Arc<Self>,
        db: &DatabaseConnection,
    ) -> Result<Arc<Programme>, DbErr> {
        let revision = self.revision.current(db).await?;
        let held = self.held();
        match held {
            Some(held) if held.revision() == revision.as_ref() => Ok(held),
            Some(held) if !self.max_age().is_zero() => {
                self.build_apart(db.clone());
                Ok(held)
            }
            _ => self.build(db, revision.as_ref()).await,
        }
    }

    /// The programme of the revision the database held at most `max_age` ago, waiting for its
    /// build where it is not held yet (a push must carry the new revision, not keep serving
    /// the previous one while the new one builds).
    pub async fn latest(&self, db: &DatabaseConnection) -> Result<Arc<Programme>, DbErr> {
        let revision = self.revision.current(db).await?;
        match self.held_of(revision.as_deref()) {
            Some(held) => Ok(held),
            None => self.build(db, revision.as_ref()).await,
        }
    }

    /// The programme of the revision that `transaction` (a request's read transaction, which
    /// read `revision`) sees: the held one if it is that revision, else read through the
    /// transaction itself, for that request only.
    pub async fn of_transaction(
        &self,
        revision: Option<&str>,
        transaction: &DatabaseTransaction,
    ) -> Result<Arc<Programme>, DbErr> {
        match self.held_of(revision) {
            Some(held) => Ok(held),
            None => self.read(transaction).await,
        }
    }

    /// Reads the programme through `db` (one read transaction), counting the build.
    async fn read(&self, db: &impl ConnectionTrait) -> Result<Arc<Programme>, DbErr> {
        let started = Instant::now();
        let programme = Arc::new(Programme::read(db).await?);
        let seconds = started.elapsed().as_secs_f64();
        self.metrics.programme_built(seconds);
        tracing::info!(
            revision = programme.revision().map(|r| &**r),
            sessions = programme.sessions().len(),
            elapsed_ms = seconds * 1000.0,
            "programme built"
        );
        Ok(programme)
    }

    /// Builds the programme now, unless a build that ended while this one waited made the
    /// revision `wanted` current.
    async fn build(
        &self,
        db: &DatabaseConnection,
        wanted: Option<&Arc<str>>,
    ) -> Result<Arc<Programme>, DbErr> {
        let _one_at_a_time = self.building.lock().await;
        if let Some(held) = self.held_of(wanted.map(|r| &**r)) {
            return Ok(held);
        }
        let started = Instant::now();
        let transaction = begin_read(db).await?;
        let read = self.read(&transaction).await;
        // Read-only: ending it either way changes nothing.
        if let Err(error) = transaction.rollback().await {
            tracing::warn!(%error, "ending the programme's read transaction");
        }
        let programme = read?;
        // The build read the revision too: a reading as fresh as any.
        self.revision
            .remember(programme.revision().cloned(), started);
        *self.held.write().unwrap_or_else(PoisonError::into_inner) = Some(programme.clone());
        Ok(programme)
    }

    /// Starts a build on its own task, unless one is running.
    fn build_apart(self: &Arc<Self>, db: DatabaseConnection) {
        if self.building_apart.swap(true, Ordering::AcqRel) {
            return;
        }
        let watch = self.clone();
        tokio::spawn(async move {
            // Whatever revision the database holds when the build reads it.
            let wanted = watch.revision.current(&db).await.ok().flatten();
            if let Err(error) = watch.build(&db, wanted.as_ref()).await {
                tracing::warn!(%error, "building the programme of a new revision");
            }
            watch.building_apart.store(false, Ordering::Release);
        });
    }

    /// The held programme, if it is of `revision`.
    fn held_of(&self, revision: Option<&str>) -> Option<Arc<Programme>> {
        self.held()
            .filter(|held| held.revision().map(|r| &**r) == revision)
    }

    /// The programme built last, if any, without reading the revision: for what may be off by
    /// one reload (the bounds of the complexity limit).
    pub fn held(&self) -> Option<Arc<Programme>> {
        self.held
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}
