//! One WebSocket, from its upgrade to its close: async-graphql-axum's `GraphQLWebSocket`
//! speaks the protocol; this task writes what it says, and what async-graphql does not do.
//!
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

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use async_graphql::Data;
use async_graphql_axum::{GraphQLProtocol, GraphQLWebSocket};
use axum::body::Bytes;
use axum::extract::ws::{CloseFrame, Message, WebSocket};
use futures_channel::mpsc;
use futures_util::{SinkExt, StreamExt};

use super::executor::SocketExecutor;
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

/// Messages the protocol may queue ahead of the writer.
const QUEUED: usize = 16;

/// How long the closing frame may take to go out before the socket is dropped.
const CLOSE_WAIT: Duration = Duration::from_secs(1);

/// graphql-transport-ws answers an operation refused before execution (a document that does
/// not parse or validate, a limit, an untrusted document) with one `error` message carrying
/// its errors, and nothing after it. async-graphql's transport sends every answer as `next`,
/// then `complete`: this turns a `next` whose errors are all request errors (no `data`, no
/// `path`) into `error`, and drops the `complete` that follows it. Other messages pass as they
/// are (the prefix test spares them any parsing).
#[derive(Debug, Default)]
pub(super) struct RefusalsAsErrors {
    refused: std::collections::HashSet<String>,
}

impl RefusalsAsErrors {
    /// The message to write for `message`; `None` to write nothing.
    fn rewrite(&mut self, message: Message) -> Option<Message> {
        let Message::Text(text) = &message else {
            return Some(message);
        };
        let text = text.as_str();
        if text.starts_with(r#"{"type":"next""#) && text.contains(r#""payload":{"data":null,"#) {
            if let Some((id, errors)) = request_errors(text) {
                let error = serde_json::json!({ "type": "error", "id": id, "payload": errors });
                self.refused.insert(id);
                return Some(Message::Text(error.to_string().into()));
            }
        } else if text.starts_with(r#"{"type":"complete""#)
            && let Ok(complete) = serde_json::from_str::<serde_json::Value>(text)
            && let Some(id) = complete.get("id").and_then(serde_json::Value::as_str)
            && self.refused.remove(id)
        {
            return None;
        }
        Some(message)
    }
}

/// The id and errors of a `next` message whose payload is a request error.
fn request_errors(text: &str) -> Option<(String, serde_json::Value)> {
    #[derive(serde::Deserialize)]
    struct Next {
        id: String,
        payload: async_graphql::Response,
    }
    let next: Next = serde_json::from_str(text).ok()?;
    // The rule the HTTP answers follow (`graphql::answer`).
    crate::graphql::answer::is_request_error(&next.payload)
        .then(|| serde_json::to_value(&next.payload.errors).ok())
        .flatten()
        .map(|errors| (next.id, errors))
}

/// What the reading side saw, for the writer to decide how the socket ends.
#[derive(Debug, Default)]
struct Heard {
    /// Milliseconds from the socket's opening to the last frame the client sent.
    last_ms: AtomicU64,
    /// The client sent a message over the size limit.
    too_big: AtomicBool,
}

impl Heard {
    fn frame(&self, frame: &Result<Message, axum::Error>, opened: Instant) {
        match frame {
            Ok(_) => self.last_ms.store(millis_since(opened), Ordering::Release),
            Err(error) if is_capacity(error) => self.too_big.store(true, Ordering::Release),
            Err(_) => {}
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

/// Why the writer stopped.
enum End {
    /// The protocol ended: the client closed or went away, a message was too big, or the
    /// service is stopping (told apart by what was heard).
    Ended,
    /// No `connection_init` in time.
    InitTimeout,
    /// No answer to a ping, or the client does not read.
    PingTimeout,
    /// async-graphql closed the socket itself (a protocol error), with its own code.
    Protocol,
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

/// Serves one upgraded socket until it closes.
///
/// `refusals` is `Some` for graphql-transport-ws (see [`RefusalsAsErrors`]).
pub(super) async fn serve(
    websocket: WebSocket,
    protocol: GraphQLProtocol,
    mut refusals: Option<RefusalsAsErrors>,
    state: AppState,
    client: std::net::IpAddr,
    admitted: Admitted,
) {
    let settings = state.config.websocket.clone();
    let metrics = state.metrics.clone();
    let opened = Instant::now();
    let (mut to_client, from_client) = websocket.split();
    let heard = Arc::new(Heard::default());
    let mut stopping = admitted.stopping.clone();
    let stop = async move {
        if stopping.wait_for(|stopping| *stopping).await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    let reader = {
        let heard = heard.clone();
        from_client
            .inspect(move |frame| heard.frame(frame, opened))
            .take_until(stop)
    };
    let (queue, mut queued) = mpsc::channel::<Message>(QUEUED);
    let (initialised, mut init_seen) = tokio::sync::oneshot::channel::<()>();
    let graphql = GraphQLWebSocket::new_with_pair(
        queue,
        reader,
        SocketExecutor::new(state.clone(), client),
        protocol,
    )
    .on_connection_init(move |_payload| {
        let _ = initialised.send(());
        std::future::ready(Ok(Data::default()))
    })
    .serve();
    tokio::pin!(graphql);
    let init_deadline = tokio::time::sleep(settings.websocket_init_timeout);
    tokio::pin!(init_deadline);
    let interval = settings.websocket_ping_interval;
    let mut pings = tokio::time::interval_at(tokio::time::Instant::now() + interval, interval);
    pings.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut speaking = true;
    let mut awaiting_init = true;
    let mut ping_sent_ms: Option<u64> = None;
    let end = loop {
        tokio::select! {
            () = &mut graphql, if speaking => speaking = false,
            message = queued.next() => match message {
                Some(message) => {
                    let message = match refusals.as_mut() {
                        Some(refusals) => match refusals.rewrite(message) {
                            Some(message) => message,
                            None => continue,
                        },
                        None => message,
                    };
                    let closes = matches!(message, Message::Close(_));
                    if let Err(unwritten) = write(&mut to_client, message, interval).await {
                        break unwritten.into();
                    }
                    if closes {
                        break End::Protocol;
                    }
                }
                // The protocol ended and everything it said is written.
                None => break End::Ended,
            },
            _ = &mut init_seen, if awaiting_init => awaiting_init = false,
            () = &mut init_deadline, if awaiting_init => break End::InitTimeout,
            _ = pings.tick() => {
                if ping_sent_ms.is_some_and(|sent| heard.last_ms.load(Ordering::Acquire) < sent) {
                    break End::PingTimeout;
                }
                ping_sent_ms = Some(millis_since(opened));
                if let Err(unwritten) = write(&mut to_client, Message::Ping(Bytes::new()), interval).await {
                    break unwritten.into();
                }
            }
        }
    };
    let (reason, closing) = match end {
        End::Ended if *admitted.stopping.borrow() => {
            ("shutdown", Some((GOING_AWAY, "the service is stopping")))
        }
        End::Ended if heard.too_big.load(Ordering::Acquire) => {
            metrics.limit_rejection(Limit::MessageBytes);
            (
                "message_too_big",
                Some((
                    MESSAGE_TOO_BIG,
                    "message over --websocket-max-message-bytes",
                )),
            )
        }
        End::Ended | End::Gone => ("client", None),
        End::InitTimeout => (
            "init_timeout",
            Some((INIT_TIMEOUT, "Connection initialisation timeout")),
        ),
        End::PingTimeout => ("ping_timeout", Some((PING_TIMEOUT, "no answer to ping"))),
        End::Protocol => ("protocol", None),
    };
    if let Some((code, reason)) = closing {
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    fn rewritten(refusals: &mut RefusalsAsErrors, text: &str) -> Option<Value> {
        match refusals.rewrite(Message::Text(text.into())) {
            Some(Message::Text(text)) => serde_json::from_str(text.as_str()).ok(),
            _ => None,
        }
    }

    #[test]
    fn a_request_error_becomes_one_error_message_without_its_complete() {
        let mut refusals = RefusalsAsErrors::default();
        let next = r#"{"type":"next","id":"7","payload":{"data":null,"errors":[{"message":"no","extensions":{"code":"GRAPHQL_PARSE_FAILED"}}]}}"#;
        assert_eq!(
            rewritten(&mut refusals, next),
            Some(json!({"type": "error", "id": "7", "payload": [
                {"message": "no", "extensions": {"code": "GRAPHQL_PARSE_FAILED"}}
            ]}))
        );
        assert_eq!(
            rewritten(&mut refusals, r#"{"type":"complete","id":"7"}"#),
            None
        );
        // Another operation's end, and a later one of the same id, pass.
        let complete = json!({"type": "complete", "id": "8"});
        assert_eq!(
            rewritten(&mut refusals, &complete.to_string()),
            Some(complete)
        );
        let again = json!({"type": "complete", "id": "7"});
        assert_eq!(rewritten(&mut refusals, &again.to_string()), Some(again));
    }

    #[test]
    fn answers_and_field_errors_stay_next() {
        let mut refusals = RefusalsAsErrors::default();
        let field_error = json!({"type": "next", "id": "1", "payload": {"data": null, "errors": [
            {"message": "db", "path": ["dataRevision"], "extensions": {"code": "SERVICE_UNAVAILABLE"}}
        ]}});
        assert_eq!(
            rewritten(&mut refusals, &field_error.to_string()),
            Some(field_error)
        );
        let answer = json!({"type": "next", "id": "2", "payload": {"data": {"dataRevision": {"version": "v"}}}});
        assert_eq!(rewritten(&mut refusals, &answer.to_string()), Some(answer));
        let complete = json!({"type": "complete", "id": "1"});
        assert_eq!(
            rewritten(&mut refusals, &complete.to_string()),
            Some(complete)
        );
    }
}
