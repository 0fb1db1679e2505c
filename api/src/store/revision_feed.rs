//! The data revisions, pushed: what the `dataRevision` subscription follows.
//!
//! A reload is made by another process (`cities-api load-data`, or a replica sharing the
//! database), so a process learns of it only by reading the revision. While at least one
//! subscriber follows the feed, one task per process reads it every `--data-version-max-age`
//! (at least every [`MIN_PERIOD`]) through the [`ProgrammeWatch`] (the same reading that cached
//! answers and ETags trust), waits for the new revision's programme, and hands it to every
//! subscriber at once: the database sees one reading per period whatever the number of
//! sockets, and none when nobody follows.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use futures_util::Stream;
use sea_orm::{DatabaseConnection, DbErr};
use tokio::sync::watch;

use super::programme::Programme;
use super::programme_watch::ProgrammeWatch;
use crate::metrics::Metrics;

/// The shortest period between two readings, whatever `--data-version-max-age` says (zero
/// there means "every request", which for a poller would mean a busy loop).
pub const MIN_PERIOD: Duration = Duration::from_millis(100);

/// The programme of each new revision, for whoever follows.
#[derive(Debug)]
pub struct RevisionFeed {
    watch: Arc<ProgrammeWatch>,
    db: DatabaseConnection,
    latest: watch::Sender<Option<Arc<Programme>>>,
    polling: AtomicBool,
    metrics: Arc<Metrics>,
}

impl RevisionFeed {
    /// A feed reading `db` through `watch`, counting its pushes into `metrics`.
    pub fn new(watch: Arc<ProgrammeWatch>, db: DatabaseConnection, metrics: Arc<Metrics>) -> Self {
        Self {
            watch,
            db,
            latest: watch::Sender::new(None),
            polling: AtomicBool::new(false),
            metrics,
        }
    }

    /// How often the revision is read while someone follows.
    pub fn period(&self) -> Duration {
        self.watch.max_age().max(MIN_PERIOD)
    }

    /// The programme of the current revision first, then that of each new revision this
    /// process sees, until the stream is dropped. A failed first reading is an `Err` item (the
    /// stream goes on, and brings the next revision it reads); a failed later one is logged and
    /// read again a period later.
    pub fn follow(self: &Arc<Self>) -> impl Stream<Item = Result<Arc<Programme>, DbErr>> + use<> {
        let receiver = self.latest.subscribe();
        self.poll_while_followed();
        let state = Follow {
            feed: self.clone(),
            receiver,
            last: None,
        };
        futures_util::stream::unfold(state, |mut state| async move {
            let Some(last) = &state.last else {
                let first = state.feed.watch.latest(&state.feed.db).await;
                state.last = Some(
                    first
                        .as_ref()
                        .ok()
                        .and_then(|programme| programme.revision().cloned()),
                );
                return Some((first, state));
            };
            let last = last.clone();
            loop {
                // Ends the stream when the feed is gone (the service is stopping).
                state.receiver.changed().await.ok()?;
                let Some(programme) = state.receiver.borrow_and_update().clone() else {
                    continue;
                };
                if programme.revision() != last.as_ref() {
                    state.last = Some(programme.revision().cloned());
                    return Some((Ok(programme), state));
                }
            }
        })
    }

    /// Starts the reading task unless it runs. It ends once nobody follows.
    fn poll_while_followed(self: &Arc<Self>) {
        if self.polling.swap(true, Ordering::AcqRel) {
            return;
        }
        let feed = self.clone();
        tokio::spawn(async move {
            let mut ticks = tokio::time::interval(feed.period());
            ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                ticks.tick().await;
                if feed.latest.receiver_count() == 0 {
                    feed.polling.store(false, Ordering::Release);
                    // A subscriber that came between the count and the store started no task
                    // (it found `polling` set): this one goes on for it, unless one did.
                    if feed.latest.receiver_count() == 0
                        || feed.polling.swap(true, Ordering::AcqRel)
                    {
                        return;
                    }
                }
                match feed.watch.latest(&feed.db).await {
                    Ok(programme) => feed.publish(programme),
                    Err(error) => tracing::warn!(%error, "reading the data revision to push"),
                }
            }
        });
    }

    /// Hands `programme` to every subscriber, if its revision is not the one they have.
    fn publish(&self, programme: Arc<Programme>) {
        let mut new_revision = false;
        self.latest.send_if_modified(|held| {
            let same = held
                .as_ref()
                .is_some_and(|held| held.revision() == programme.revision());
            // The first reading sets the feed's starting point; later ones are new revisions.
            new_revision = !same && held.is_some();
            if !same {
                *held = Some(programme);
            }
            !same
        });
        if new_revision {
            self.metrics.revision_pushed();
        }
    }
}

/// A subscriber's place in the feed: the revision it was given last (`None` before the first).
struct Follow {
    feed: Arc<RevisionFeed>,
    receiver: watch::Receiver<Option<Arc<Programme>>>,
    last: Option<Option<Arc<str>>>,
}
