//! The open WebSockets: their cap (`--websocket-max-sockets`), and their end when the service
//! stops (hyper's graceful shutdown no longer sees a connection once it is upgraded).

use std::sync::Arc;

use tokio::sync::{OwnedSemaphorePermit, Semaphore, watch};

use crate::metrics::{Held, Metrics};

/// The service's WebSockets.
#[derive(Debug)]
pub struct Sockets {
    open: Arc<Semaphore>,
    capacity: u32,
    stopping: watch::Sender<bool>,
    metrics: Arc<Metrics>,
}

/// Why a socket was not admitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Closed {
    /// `--websocket-max-sockets` are open.
    Full,
    /// The service is stopping.
    Stopping,
}

/// An admitted socket's place, held for as long as it is open.
#[derive(Debug)]
pub(super) struct Admitted {
    _place: OwnedSemaphorePermit,
    _counted: Held,
    /// Becomes true when the service stops: the socket drains and closes with 1001.
    pub stopping: watch::Receiver<bool>,
}

impl Sockets {
    /// Room for `max` sockets at once, counted into `metrics`.
    pub fn new(max: usize, metrics: Arc<Metrics>) -> Self {
        let capacity = u32::try_from(max).unwrap_or(u32::MAX);
        Self {
            open: Arc::new(Semaphore::new(capacity as usize)),
            capacity,
            stopping: watch::Sender::new(false),
            metrics,
        }
    }

    /// A place for a new socket, unless all are taken or the service is stopping.
    pub(super) fn admit(&self) -> Result<Admitted, Closed> {
        if *self.stopping.borrow() {
            return Err(Closed::Stopping);
        }
        let place = self
            .open
            .clone()
            .try_acquire_owned()
            .map_err(|_| Closed::Full)?;
        Ok(Admitted {
            _place: place,
            _counted: self.metrics.socket_opened(),
            stopping: self.stopping.subscribe(),
        })
    }

    /// Tells every socket to finish writing what it has, then close with 1001 (going away);
    /// no socket is admitted after it.
    pub fn stop(&self) {
        self.stopping.send_replace(true);
    }

    /// Resolves once no socket is open (after [`Sockets::stop`], once all have closed).
    pub async fn all_closed(&self) {
        // Every place free at once: no socket holds one.
        let _all = self.open.acquire_many(self.capacity).await;
    }
}
