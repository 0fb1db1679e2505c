//! The service's own accept loop, on hyper-util's connection builder: what `axum::serve` does,
//! plus the bounds a public server needs. `axum::serve` runs hyper without a timer, so a
//! client that trickles its headers, or connects and says nothing, holds a connection (and a
//! file descriptor) for ever.
//!
//! - **Header-read timeout** (`--header-read-timeout`): a request's head must arrive whole
//!   within it, and a kept-alive connection waits no longer for its next request; a connection
//!   that sends nothing at all is closed after it too (before hyper sees it).
//! - **Connection limit** (`--max-connections`): beyond it, a new connection is closed at
//!   accept, counted, so that descriptors are never all taken by idle clients.
//! - **Graceful shutdown**: the listener closes, idle connections and those that never sent a
//!   whole request close at once (hyper alone would wait for a head that has begun), in-flight
//!   requests finish (up to `--shutdown-timeout`).
//! - The refusals hyper makes itself (malformed heads, 414, 431, header timeouts) are counted
//!   in `http_connection_errors_total`.
//!
//! Each request carries its peer address as axum's `ConnectInfo` (the rate limiter keys on it)
//! and the connection's [`ConnectionSlot`] (a WebSocket handler that takes the upgraded
//! connection keeps the slot with it, so an upgraded connection stays counted; it is not timed
//! out).

use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use http_body_util::BodyExt;
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto::Builder;
use hyper_util::service::TowerToHyperService;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{OwnedSemaphorePermit, Semaphore, mpsc, watch};
use tower::ServiceExt;

use crate::metrics::{ConnectionError, Held, Metrics};

/// How a listener serves its connections.
#[derive(Debug, Clone, Copy)]
pub struct ConnectionLimits {
    /// `--header-read-timeout`.
    pub header_read_timeout: Duration,
    /// `--max-connections`.
    pub max_connections: usize,
    /// `--max-header-bytes`.
    pub max_header_bytes: u32,
    /// `--http2-max-streams`.
    pub http2_max_streams: u32,
}

/// The place a connection holds among `--max-connections`, and its count in
/// `http_connections_open`, for as long as it lives (upgraded to a WebSocket included: the
/// socket keeps the slot once hyper has let the connection go).
#[derive(Debug, Clone)]
pub struct ConnectionSlot(#[allow(dead_code)] Arc<(OwnedSemaphorePermit, Held)>);

/// How long to pause accepting after the system refused a connection (out of descriptors):
/// the error repeats until a connection closes, and logging it in a loop helps no one.
const ACCEPT_ERROR_PAUSE: Duration = Duration::from_millis(100);

/// How long an idle connection told to close may take to end gracefully before it is dropped.
const IDLE_CLOSE_GRACE: Duration = Duration::from_secs(1);

/// The smallest read buffer hyper's HTTP/1 accepts.
const MIN_HTTP1_BUFFER: usize = 8192;

/// The first bytes of an HTTP/2 connection with prior knowledge.
const H2_PREFACE: &[u8] = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";

/// Serves `router` on `listener` until `shutdown` resolves, then closes the listener and
/// returns a future that resolves once every connection has closed (the caller bounds the
/// wait).
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: ConnectionLimits,
    metrics: Arc<Metrics>,
    shutdown: impl Future<Output = ()>,
) -> impl Future<Output = ()> {
    let mut builder = Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout)
        // hyper's minimum; a larger head is answered 431.
        .max_buf_size(
            usize::try_from(limits.max_header_bytes)
                .unwrap_or(usize::MAX)
                .max(MIN_HTTP1_BUFFER),
        );
    builder
        .http2()
        .timer(TokioTimer::new())
        .max_concurrent_streams(limits.http2_max_streams)
        .max_header_list_size(limits.max_header_bytes)
        // A peer that does not answer a ping within the timeout is gone: its connection
        // closes even while a stream of it is open.
        .keep_alive_interval(limits.header_read_timeout)
        .keep_alive_timeout(limits.header_read_timeout);
    let builder = Arc::new(builder);
    let slots = Arc::new(Semaphore::new(limits.max_connections));
    let (open, all_closed) = mpsc::channel::<()>(1);
    let (closing, _) = watch::channel(false);
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    metrics.connection_refused("accept_error");
                    tracing::warn!(%error, "accept error");
                    tokio::time::sleep(ACCEPT_ERROR_PAUSE).await;
                    continue;
                }
            },
        };
        let Ok(permit) = slots.clone().try_acquire_owned() else {
            metrics.connection_refused("max_connections");
            drop(stream);
            continue;
        };
        let slot = ConnectionSlot(Arc::new((permit, metrics.connection_opened())));
        let builder = builder.clone();
        let router = router.clone();
        let metrics = metrics.clone();
        let mut closing = closing.subscribe();
        let open = open.clone();
        tokio::spawn(async move {
            let _open = open;
            tokio::select! {
                sends = sends_a_request(&stream, limits.header_read_timeout) => if !sends {
                    metrics.connection_error(ConnectionError::HeaderTimeout);
                    return;
                },
                // Shutting down before the connection said anything: close it.
                _ = closing.wait_for(|closing| *closing) => return,
            }
            let activity = Arc::new(Activity::new());
            let counted = activity.clone();
            let service = tower::service_fn(move |mut request: hyper::Request<Incoming>| {
                request.extensions_mut().insert(ConnectInfo(peer));
                request.extensions_mut().insert(slot.clone());
                let in_flight = RequestInFlight::enter(&counted);
                let answer = router.clone().oneshot(request.map(Body::new));
                async move {
                    let response = answer.await?;
                    // In flight until its body is written (or dropped).
                    Ok::<_, Infallible>(response.map(|body| {
                        Body::new(body.map_frame(move |frame| {
                            let _ = &in_flight;
                            frame
                        }))
                    }))
                }
            });
            let connection = builder
                .serve_connection_with_upgrades(
                    TokioIo::new(stream),
                    TowerToHyperService::new(service),
                )
                .into_owned();
            tokio::pin!(connection);
            let mut winding_down = false;
            let idle_close = tokio::time::sleep(Duration::MAX);
            tokio::pin!(idle_close);
            let mut closing_idle = false;
            loop {
                tokio::select! {
                    result = connection.as_mut() => {
                        if let Err(error) = result {
                            metrics.connection_error(ConnectionError::classify(&*error));
                        }
                        break;
                    }
                    // No request for a whole `--header-read-timeout`: closed as hyper closes
                    // an idle HTTP/1 connection (hyper's HTTP/2 has no such timeout).
                    () = activity.idle_for(limits.header_read_timeout), if !winding_down => {
                        metrics.connection_error(ConnectionError::Idle);
                        connection.as_mut().graceful_shutdown();
                        winding_down = true;
                        // HTTP/2's graceful end waits for the peer to answer a ping; a peer
                        // that does not gets no more time than this.
                        idle_close.as_mut().reset((Instant::now() + IDLE_CLOSE_GRACE).into());
                        closing_idle = true;
                    }
                    () = &mut idle_close, if closing_idle => break,
                    _ = closing.wait_for(|closing| *closing), if !winding_down => {
                        // hyper waits for a request whose head has begun to arrive; on
                        // shutdown, a connection with no request in flight is closed at once.
                        if activity.in_flight() == 0 {
                            break;
                        }
                        connection.as_mut().graceful_shutdown();
                        winding_down = true;
                    }
                }
            }
        });
    }
    drop(listener);
    let _ = closing.send(true);
    // Each connection task holds a clone of `open`: the receiver ends once all have ended.
    drop(open);
    async move {
        let mut all_closed = all_closed;
        let _ = all_closed.recv().await;
    }
}

/// What a connection is doing: its requests in flight, and since when it has had none.
struct Activity {
    in_flight: AtomicUsize,
    opened: Instant,
    /// Milliseconds from `opened` to the moment the last request in flight ended.
    idle_since_ms: AtomicU64,
}

impl Activity {
    fn new() -> Self {
        Self {
            in_flight: AtomicUsize::new(0),
            opened: Instant::now(),
            idle_since_ms: AtomicU64::new(0),
        }
    }

    fn in_flight(&self) -> usize {
        self.in_flight.load(Ordering::SeqCst)
    }

    /// Resolves once the connection has had no request in flight for `timeout`.
    async fn idle_for(&self, timeout: Duration) {
        loop {
            if self.in_flight() > 0 {
                tokio::time::sleep(timeout).await;
                continue;
            }
            let since =
                self.opened + Duration::from_millis(self.idle_since_ms.load(Ordering::SeqCst));
            let until = since + timeout;
            if Instant::now() >= until && self.in_flight() == 0 {
                return;
            }
            tokio::time::sleep_until(until.into()).await;
        }
    }
}

/// A request of a connection, counted from its head to the end of its answer's body.
struct RequestInFlight(Arc<Activity>);

impl RequestInFlight {
    fn enter(activity: &Arc<Activity>) -> Self {
        activity.in_flight.fetch_add(1, Ordering::SeqCst);
        Self(activity.clone())
    }
}

impl Drop for RequestInFlight {
    fn drop(&mut self) {
        let activity = &self.0;
        let now = u64::try_from(activity.opened.elapsed().as_millis()).unwrap_or(u64::MAX);
        activity.idle_since_ms.store(now, Ordering::SeqCst);
        activity.in_flight.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Waits up to `timeout` for the first bytes of a request: true once they can tell HTTP/1
/// from HTTP/2's preface, false when the client said nothing (or closed) in time.
async fn sends_a_request(stream: &TcpStream, timeout: Duration) -> bool {
    let sniff = async {
        let mut buf = [0u8; H2_PREFACE.len()];
        loop {
            let read = stream.peek(&mut buf).await.unwrap_or(0);
            if read == 0 {
                return false;
            }
            if read == buf.len() || buf[..read] != H2_PREFACE[..read] {
                return true;
            }
            // Part of the HTTP/2 preface: wait for the rest rather than spin on `peek`.
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    };
    tokio::time::timeout(timeout, sniff).await.unwrap_or(false)
}

/// The address a listener is bound to, for the log line that tells where the service is.
pub fn bound_address(listener: &TcpListener, configured: SocketAddr) -> SocketAddr {
    listener.local_addr().unwrap_or(configured)
}
