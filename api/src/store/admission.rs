//! Admission to the database: a request's snapshot holds one pooled connection from its first
//! statement to its end, so no more requests may run statements at once than the pool has
//! connections. The others wait in a first-come queue, each for at most `--db-queue-timeout`;
//! one that waits longer is shed (`SERVICE_OVERLOADED`, 503 with `Retry-After`), so that a burst
//! is absorbed but a backlog never grows without bound. Two connections of the pool are kept
//! out of the gate, for the service's own reads: the data revision and readiness (one at a
//! time), and the build of a new revision's programme (`store::programme_watch`).
//!
//! Keeping the two apart is what tells an overload from an outage: a request that was admitted
//! and still gets no connection meets a database that does not answer (`SERVICE_UNAVAILABLE`).
//! While the last admitted request found the database unreachable, a request that times out in
//! the queue is told so too (`SERVICE_UNAVAILABLE`, not `SERVICE_OVERLOADED`): the queue is
//! long because the database is gone, not because the service is busy.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// The queue in front of the pool's connections.
#[derive(Debug)]
pub struct ConnectionGate {
    permits: Arc<Semaphore>,
    size: usize,
    queue_timeout: Duration,
    waiting: AtomicUsize,
    unreachable: Arc<AtomicBool>,
}

/// A request's place among those running statements; given back when dropped.
#[derive(Debug)]
pub struct Admission {
    _permit: OwnedSemaphorePermit,
    unreachable: Arc<AtomicBool>,
}

impl Admission {
    /// Records whether this request reached the database (it got a connection).
    pub fn reached_database(&self, reached: bool) {
        self.unreachable.store(!reached, Ordering::Relaxed);
    }
}

/// The wait for a connection took longer than `--db-queue-timeout`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Shed {
    /// Every connection stayed busy with other requests.
    #[error("every database connection stayed busy")]
    Overloaded,
    /// The requests ahead are waiting for a database that does not answer.
    #[error("the database does not answer")]
    DatabaseUnreachable,
}

impl ConnectionGate {
    /// A gate over a pool of `pool_size` connections (two are kept out: at least one request
    /// is admitted all the same), where a request waits at most `queue_timeout`.
    pub fn new(pool_size: u32, queue_timeout: Duration) -> Self {
        let size = usize::try_from(pool_size.saturating_sub(2).max(1)).unwrap_or(1);
        Self {
            permits: Arc::new(Semaphore::new(size)),
            size,
            queue_timeout,
            waiting: AtomicUsize::new(0),
            unreachable: Arc::new(AtomicBool::new(false)),
        }
    }

    /// Requests waiting for a place now.
    pub fn waiting(&self) -> usize {
        self.waiting.load(Ordering::Relaxed)
    }

    /// Requests admitted at once.
    pub fn size(&self) -> usize {
        self.size
    }

    /// Waits for a place (first come, first served), at most `--db-queue-timeout`.
    pub async fn admit(&self) -> Result<Admission, Shed> {
        self.waiting.fetch_add(1, Ordering::Relaxed);
        let waited =
            tokio::time::timeout(self.queue_timeout, self.permits.clone().acquire_owned()).await;
        self.waiting.fetch_sub(1, Ordering::Relaxed);
        match waited {
            Ok(Ok(permit)) => Ok(Admission {
                _permit: permit,
                unreachable: self.unreachable.clone(),
            }),
            // The semaphore is never closed; a closed one admits no one.
            Ok(Err(_)) | Err(_) if self.unreachable.load(Ordering::Relaxed) => {
                Err(Shed::DatabaseUnreachable)
            }
            Ok(Err(_)) | Err(_) => Err(Shed::Overloaded),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn admitted(gate: &ConnectionGate) -> Admission {
        match gate.admit().await {
            Ok(admission) => admission,
            Err(shed) => panic!("not admitted: {shed}"),
        }
    }

    #[tokio::test(start_paused = true)]
    async fn admits_up_to_its_size_then_queues_then_sheds_after_the_timeout() {
        let gate = Arc::new(ConnectionGate::new(4, Duration::from_secs(2)));
        assert_eq!(gate.size(), 2);
        let first = admitted(&gate).await;
        let _second = admitted(&gate).await;
        // Full: the next one waits, and gets the place the first gives back.
        let waiting = tokio::spawn({
            let gate = gate.clone();
            async move { gate.admit().await.map(drop) }
        });
        tokio::time::sleep(Duration::from_secs(1)).await;
        assert!(!waiting.is_finished());
        assert_eq!(gate.waiting(), 1);
        drop(first);
        assert!(matches!(waiting.await, Ok(Ok(()))));
        // Full again and nobody leaves: shed after the timeout (paused clock: no real wait).
        let third = admitted(&gate).await;
        assert_eq!(gate.admit().await.err(), Some(Shed::Overloaded));
        // ...unless those admitted found the database gone.
        third.reached_database(false);
        assert_eq!(gate.admit().await.err(), Some(Shed::DatabaseUnreachable));
        third.reached_database(true);
        assert_eq!(gate.admit().await.err(), Some(Shed::Overloaded));
        assert_eq!(gate.waiting(), 0);
    }

    #[test]
    fn a_pool_of_one_still_admits_one_request() {
        assert_eq!(ConnectionGate::new(8, Duration::from_secs(1)).size(), 6);
        assert_eq!(ConnectionGate::new(2, Duration::from_secs(1)).size(), 1);
        assert_eq!(ConnectionGate::new(1, Duration::from_secs(1)).size(), 1);
        assert_eq!(ConnectionGate::new(0, Duration::from_secs(1)).size(), 1);
    }
}
