//! One WebSocket, from its upgrade to its close, on one task: it reads the client's messages
//! (`protocol`), starts and stops the socket's operations (`operations`), writes what they
//! send, and keeps the socket's bounds:
//!
//! - **The protocol's own closes**: a malformed message (4400), a `subscribe` before
//!   `connection_init` (4401), an id that is running already (4409), a second
//!   `connection_init` (4429; the legacy protocol answers it with `connection_error`);
//! - **`connection_init` timeout** (`--websocket-init-timeout`): a socket that has not sent
//!   `connection_init` in time is closed with 4408 (graphql-transport-ws's code for it).
//! - **Keep-alive** (`--websocket-ping-interval`): a WebSocket ping frame every interval
//!   (browsers and WebSocket libraries answer it themselves), which also keeps proxies from
//!   closing a quiet socket; a socket that sent nothing, pong included, in the interval after
//!   a ping, or that does not take what is written to it within an interval, is closed with
//!   3008 (timeout).
//! - **Message size** (`--websocket-max-message-bytes`): tungstenite refuses a longer message
//!   while reading it; the socket is closed with 1009 (message too big).
//! - **Stop**: when the service stops, the socket stops reading, writes what its operations
//!   have produced, then closes with 1001 (going away).
//!
//! Writes go through one queue, so that the protocol's messages, pings and the closing frame
//! never interleave; a client that does not read holds up only its own socket.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::ws::{CloseFrame, Message, WebSocket};
use futures_util::{SinkExt, StreamExt};
use tokio::sync::mpsc;

use super::operations::{Close, Operations, Out};
use super::protocol::{self, ClientMessage, Protocol};
use super::sockets::Admitted;
use crate::error::Limit;
use crate::http::AppState;

/// Close code: the service is stopping.
const GOING_AWAY: u16 = 1001;
/// Close code: a message over `--websocket-max-message-bytes`.
const MESSAGE_TOO_BIG: u16 = 1009;
/// Close code: no `connection_init` in time (graphql-transport-ws).
const INIT_TIMEOUT: u16 = 4408;
/// Close code: no answer to a ping (IANA's "timeout").
const PING_TIMEOUT: u16 = 3008;
/// Close code: a message that is not one of the protocol's (graphql-transport-ws).
const INVALID_MESSAGE: u16 = 4400;
/// Close code: a `subscribe` before `connection_init` (graphql-transport-ws).
const UNAUTHORIZED: u16 = 4401;
/// Close code: a second `connection_init` (graphql-transport-ws).
const TOO_MANY_INITIALISATIONS: u16 = 4429;

/// Messages the protocol may queue ahead of the writer.
const QUEUED: usize = 16;

/// How long the closing frame may take to go out before the socket is dropped.
const CLOSE_WAIT: Duration = Duration::from_secs(1);

/// What the reading side saw, for the writer to decide how the socket ends.
#[derive(Debug, Default)]
struct Heard {
    /// Milliseconds from the socket's opening to the last frame the client sent.
    last_ms: AtomicU64,
    /// The client sent a message over the size limit.
    too_big: AtomicBool,
}

impl Heard {
    fn frame(&self, frame: Option<&Result<Message, axum::Error>>, opened: Instant) {
        match frame {
            Some(Ok(_)) => self.last_ms.store(millis_since(opened), Ordering::Release),
            Some(Err(error)) if is_capacity(error) => self.too_big.store(true, Ordering::Release),
            _ => {}
        }
    }
}

fn millis_since(opened: Instant) -> u64 {
    u64::try_from(opened.elapsed().as_millis()).unwrap_or(u64::MAX)
}

/// True for tungstenite's refusal of a message or frame over the configured size (typed).
fn is_capacity(error: &axum::Error) -> bool {
    std::error::Error::source(error)
        .and_then(|source| source.downcast_ref::<tungstenite::Error>())
        .is_some_and(|error| matches!(error, tungstenite::Error::Capacity(_)))
}

/// Why the socket ends.
enum End {
    /// The client closed, went away, sent a message over the size limit or ended the legacy
    /// connection; or the service is stopping (told apart by what was heard).
    Ended,
    /// No `connection_init` in time.
    InitTimeout,
    /// No answer to a ping, or the client does not read.
    PingTimeout,
    /// The protocol closes the socket with this code (a malformed message, a second
    /// `connection_init`, a `subscribe` before it, an id that is running).
    Close(Close),
    /// The legacy protocol refuses the connection with this message.
    Refuse(String),
    /// A write failed: the client is gone.
    Gone,
}

/// Why a write did not happen.
enum Unwritten {
    /// The socket failed (the client is gone).
    Gone,
    /// The client did not take the message within the ping interval.
    Stalled,
}

impl From<Unwritten> for End {
    fn from(unwritten: Unwritten) -> Self {
        match unwritten {
            Unwritten::Gone => Self::Gone,
            Unwritten::Stalled => Self::PingTimeout,
        }
    }
}

/// Serves one upgraded socket, speaking `protocol`, until it closes.
pub(super) async fn serve(
    websocket: WebSocket,
    protocol: Protocol,
    state: AppState,
    client: std::net::IpAddr,
    admitted: Admitted,
) {
    let settings = state.config.websocket.clone();
    let metrics = state.metrics.clone();
    let opened = Instant::now();
    let (mut to_client, mut from_client) = websocket.split();
    let heard = Heard::default();
    let mut stopping = admitted.stopping.clone();
    let (queue, mut queued) = mpsc::channel::<Out>(QUEUED);
    let mut operations = Operations::new(state.clone(), client, protocol, queue);
    let init_deadline = tokio::time::sleep(settings.websocket_init_timeout);
    tokio::pin!(init_deadline);
    let interval = settings.websocket_ping_interval;
    let mut pings = tokio::time::interval_at(tokio::time::Instant::now() + interval, interval);
    pings.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut initialised = false;
    let mut ping_sent_ms: Option<u64> = None;
    let stop = async move {
        if stopping.wait_for(|stopping| *stopping).await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    tokio::pin!(stop);
    let end = loop {
        tokio::select! {
            frame = from_client.next() => {
                heard.frame(frame.as_ref(), opened);
                let text = match frame {
                    Some(Ok(Message::Text(text))) => Bytes::from(text),
                    Some(Ok(Message::Binary(bytes))) => bytes,
                    Some(Ok(Message::Ping(_) | Message::Pong(_))) => continue,
                    // The client closed, went away, or sent a message over the size limit.
                    Some(Ok(Message::Close(_)) | Err(_)) | None => break End::Ended,
                };
                let said = match ClientMessage::read(&text) {
                    Some(message) => message,
                    None => break End::Close(Close(INVALID_MESSAGE, "Invalid message received")),
                };
                let answer = match said {
                    ClientMessage::ConnectionInit { .. } if initialised => {
                        break match protocol {
                            Protocol::TransportWs => End::Close(Close(TOO_MANY_INITIALISATIONS, "Too many initialisation requests")),
                            Protocol::Legacy => End::Refuse(protocol::connection_error("Too many initialisation requests.")),
                        };
                    }
                    ClientMessage::ConnectionInit { .. } => {
                        initialised = true;
                        Some(protocol::connection_ack())
                    }
                    ClientMessage::Subscribe { .. } if !initialised => {
                        break End::Close(Close(UNAUTHORIZED, "Unauthorized"));
                    }
                    ClientMessage::Subscribe { id, payload } => {
                        if let Err(close) = operations.start(id, payload) {
                            break End::Close(close);
                        }
                        None
                    }
                    ClientMessage::Complete { id } => {
                        operations.stop(&id).then(|| protocol::complete(&id))
                    }
                    ClientMessage::ConnectionTerminate => break End::Ended,
                    ClientMessage::Ping { payload } => Some(protocol::pong(payload.as_ref())),
                    ClientMessage::Pong { .. } => None,
                };
                if let Some(answer) = answer
                    && let Err(unwritten) = write(&mut to_client, Message::Text(answer.into()), interval).await
                {
                    break unwritten.into();
                }
            }
            out = queued.recv() => match out {
                Some(Out::Text(message)) => {
                    if let Err(unwritten) = write(&mut to_client, Message::Text(message.into()), interval).await {
                        break unwritten.into();
                    }
                }
                Some(Out::Done(id)) => operations.ended(&id),
                None => break End::Ended,
            },
            () = &mut init_deadline, if !initialised => break End::InitTimeout,
            _ = pings.tick() => {
                if ping_sent_ms.is_some_and(|sent| heard.last_ms.load(Ordering::Acquire) < sent) {
                    break End::PingTimeout;
                }
                ping_sent_ms = Some(millis_since(opened));
                if let Err(unwritten) = write(&mut to_client, Message::Ping(Bytes::new()), interval).await {
                    break unwritten.into();
                }
            }
            _ = &mut stop => break End::Ended,
        }
    };
    // The service stopping: what the operations have produced so far is written first.
    let stopped = *admitted.stopping.borrow();
    drop(operations);
    if stopped {
        while let Ok(out) = queued.try_recv() {
            if let Out::Text(message) = out
                && write(&mut to_client, Message::Text(message.into()), interval)
                    .await
                    .is_err()
            {
                break;
            }
        }
    }
    let (reason, closing) = match end {
        _ if stopped => (
            "shutdown",
            Some(Close(GOING_AWAY, "the service is stopping")),
        ),
        End::Ended if heard.too_big.load(Ordering::Acquire) => {
            metrics.limit_rejection(Limit::MessageBytes);
            (
                "message_too_big",
                Some(Close(
                    MESSAGE_TOO_BIG,
                    "message over --websocket-max-message-bytes",
                )),
            )
        }
        End::Ended | End::Gone => ("client", None),
        End::InitTimeout => (
            "init_timeout",
            Some(Close(INIT_TIMEOUT, "Connection initialisation timeout")),
        ),
        End::PingTimeout => (
            "ping_timeout",
            Some(Close(PING_TIMEOUT, "no answer to ping")),
        ),
        End::Close(close) => ("protocol", Some(close)),
        End::Refuse(message) => {
            let _ = write(&mut to_client, Message::Text(message.into()), interval).await;
            ("protocol", None)
        }
    };
    if let Some(Close(code, reason)) = closing {
        let frame = Message::Close(Some(CloseFrame {
            code,
            reason: reason.into(),
        }));
        let _ = tokio::time::timeout(CLOSE_WAIT, to_client.send(frame)).await;
    }
    // Flushes what is written (the reply to a client's close included) and ends the socket.
    let _ = tokio::time::timeout(CLOSE_WAIT, to_client.close()).await;
    metrics.socket_closed(reason);
    tracing::debug!(reason, open_ms = millis_since(opened), "websocket closed");
    drop(admitted);
}

/// Writes `message`, waiting at most `within` for the client to take it.
async fn write(
    to_client: &mut futures_util::stream::SplitSink<WebSocket, Message>,
    message: Message,
    within: Duration,
) -> Result<(), Unwritten> {
    match tokio::time::timeout(within, to_client.send(message)).await {
        Ok(Ok(())) => Ok(()),
        Ok(Err(_)) => Err(Unwritten::Gone),
        Err(_) => Err(Unwritten::Stalled),
    }
}
