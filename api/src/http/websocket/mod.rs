//! GraphQL over WebSocket on `/graphql`: a `GET` carrying `Upgrade: websocket` is checked here
//! (origin, subprotocol, the socket cap), upgraded by axum's [`WebSocketUpgrade`] with this
//! service's buffer and message-size limits, then served on a task of its own ([`socket`])
//! in graphql-transport-ws, or graphql-ws for older clients ([`protocol`]):
//!
//! - each operation runs through the pipeline as a POST does ([`operations`]): trusted
//!   documents and APQ, the text limits, the compilation and its limits, time zones, the one
//!   answer writer, whose bytes are sent as they are;
//! - the socket keeps its bounds: the `connection_init` timeout, keep-alive pings with a pong
//!   deadline, the per-socket cap on running operations, a close code for an oversized
//!   message, and a drain then `1001` when the service stops.
//!
//! Refusals before the upgrade are HTTP answers with the JSON error shape: `403 FORBIDDEN` for
//! an origin outside `--websocket-allowed-origins`, `400 BAD_REQUEST` without a subprotocol
//! the service speaks, `503 SERVICE_OVERLOADED` (limit `sockets`) past
//! `--websocket-max-sockets`, `503 SERVICE_UNAVAILABLE` while stopping.

mod operations;
mod protocol;
mod socket;
mod sockets;

use axum::extract::{FromRequestParts, Request, WebSocketUpgrade};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};

pub use sockets::Sockets;

use protocol::Protocol;

use super::AppState;
use super::server::ConnectionSlot;
use crate::error::{ErrorCode, Limit, Refusal};

/// Bytes read from the socket at a time (tungstenite's default is 128 KiB per socket, which
/// a thousand idle sockets would hold for nothing; messages here are small).
const READ_BUFFER_BYTES: usize = 4 * 1024;

/// Bytes of outgoing frames gathered before a write (0 writes each message at once).
const WRITE_BUFFER_BYTES: usize = 0;

/// Bytes of outgoing frames a socket may hold unwritten (a client that does not read): past
/// it, writing fails and the socket ends.
const MAX_WRITE_BUFFER_BYTES: usize = 1024 * 1024;

/// True when the request asks to become a WebSocket (`Upgrade: websocket`).
pub fn is_upgrade(headers: &HeaderMap) -> bool {
    headers
        .get(header::UPGRADE)
        .is_some_and(|value| value.as_bytes().eq_ignore_ascii_case(b"websocket"))
}

/// Answers a WebSocket upgrade of `/graphql`: refused (see the module's documentation), or
/// `101 Switching Protocols` with the subprotocol chosen, the socket then served on its own
/// task.
pub async fn upgrade(state: AppState, request: Request) -> Response {
    let (mut parts, _body) = request.into_parts();
    let settings = &state.config.websocket;
    if let Some(origin) = parts.headers.get(header::ORIGIN)
        && !origin_allowed(origin.as_bytes(), allowed_origins(&state))
    {
        state.metrics.upgrade_refused("origin");
        return Refusal::new(
            ErrorCode::Forbidden,
            "this origin may not open a WebSocket here (--websocket-allowed-origins)",
        )
        .into_response();
    }
    // The subprotocol spoken: the first the client lists that the service speaks.
    let Some(spoken) = spoken_protocol(&parts.headers) else {
        state.metrics.upgrade_refused("protocol");
        return Refusal::bad_request(
            "a GraphQL WebSocket names its subprotocol in Sec-WebSocket-Protocol: graphql-transport-ws (or graphql-ws for older clients)",
        )
        .into_response();
    };
    let upgrade = match WebSocketUpgrade::from_request_parts(&mut parts, &state).await {
        Ok(upgrade) => upgrade,
        Err(_) => {
            return Refusal::bad_request(
                "not a WebSocket upgrade: GET with Connection: upgrade, Upgrade: websocket, Sec-WebSocket-Version: 13 and a Sec-WebSocket-Key",
            )
            .into_response();
        }
    };
    let admitted = match state.sockets.admit() {
        Ok(admitted) => admitted,
        Err(sockets::Closed::Full) => {
            state.metrics.upgrade_refused("sockets");
            state.metrics.limit_rejection(Limit::Sockets);
            let message = format!(
                "{} WebSockets are open, the most this server holds (--websocket-max-sockets)",
                settings.websocket_max_sockets
            );
            return Refusal {
                limit: Some(Limit::Sockets),
                ..Refusal::new(ErrorCode::ServiceOverloaded, message)
            }
            .retry_after(1)
            .into_response();
        }
        Err(sockets::Closed::Stopping) => {
            state.metrics.upgrade_refused("shutdown");
            return Refusal::new(ErrorCode::ServiceUnavailable, "the service is stopping")
                .retry_after(1)
                .into_response();
        }
    };
    // Each operation on the socket counts against its client's rate, as a request would.
    let client = state
        .rate_limit()
        .client_of(&parts.headers, &parts.extensions);
    // The connection's place among --max-connections goes with the socket.
    let slot = parts.extensions.remove::<ConnectionSlot>();
    // The answer names the subprotocol spoken (axum's own choice among several would go by
    // the order of the service's list, not the client's, and could name the other one).
    upgrade
        .protocols([spoken.name()])
        .read_buffer_size(READ_BUFFER_BYTES)
        .write_buffer_size(WRITE_BUFFER_BYTES)
        .max_write_buffer_size(MAX_WRITE_BUFFER_BYTES)
        .max_message_size(settings.websocket_max_message_bytes)
        .max_frame_size(settings.websocket_max_message_bytes)
        .on_upgrade(move |websocket| async move {
            socket::serve(websocket, spoken, state, client, admitted).await;
            drop(slot);
        })
}

/// The subprotocol a socket speaks: the first that `Sec-WebSocket-Protocol` lists and the
/// service speaks.
fn spoken_protocol(headers: &HeaderMap) -> Option<Protocol> {
    headers
        .get(header::SEC_WEBSOCKET_PROTOCOL)
        .and_then(|value| value.to_str().ok())
        .and_then(|listed| {
            listed
                .split(',')
                .find_map(|name| Protocol::named(name.trim()))
        })
}

/// `--websocket-allowed-origins`, else `--cors-allowed-origins`.
fn allowed_origins(state: &AppState) -> &[String] {
    state
        .config
        .websocket
        .websocket_allowed_origins
        .as_deref()
        .unwrap_or(&state.config.surface.cors_allowed_origins)
}

/// Whether `origin` is in `allowed` (`*`: any), compared as CORS compares origins: byte for
/// byte, ASCII case aside.
fn origin_allowed(origin: &[u8], allowed: &[String]) -> bool {
    allowed.iter().any(|item| {
        let item = item.trim();
        item == "*" || item.as_bytes().eq_ignore_ascii_case(origin)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_match_exactly_or_by_star() {
        let listed = vec![
            "https://partner.example".to_owned(),
            " http://localhost:5173".to_owned(),
        ];
        assert!(origin_allowed(b"https://partner.example", &listed));
        assert!(origin_allowed(b"HTTPS://PARTNER.EXAMPLE", &listed));
        assert!(origin_allowed(b"http://localhost:5173", &listed));
        assert!(!origin_allowed(b"https://partner.example.evil", &listed));
        assert!(!origin_allowed(b"null", &listed));
        assert!(origin_allowed(b"https://any.example", &["*".to_owned()]));
        assert!(!origin_allowed(b"https://any.example", &[]));
    }

    #[test]
    fn the_client_s_order_chooses_the_subprotocol() {
        let spoken = |listed: &str| {
            let mut headers = HeaderMap::new();
            if let Ok(value) = header::HeaderValue::from_str(listed) {
                headers.insert(header::SEC_WEBSOCKET_PROTOCOL, value);
            }
            spoken_protocol(&headers)
        };
        use Protocol::{Legacy, TransportWs};
        assert_eq!(spoken("graphql-ws, graphql-transport-ws"), Some(Legacy));
        assert_eq!(spoken("graphql-transport-ws,graphql-ws"), Some(TransportWs));
        assert_eq!(spoken("mqtt, graphql-transport-ws"), Some(TransportWs));
        assert_eq!(spoken("mqtt"), None);
    }

    #[test]
    fn only_a_websocket_upgrade_is_one() {
        let mut headers = HeaderMap::new();
        assert!(!is_upgrade(&headers));
        headers.insert(
            header::UPGRADE,
            "h2c"
                .parse()
                .unwrap_or(header::HeaderValue::from_static("x")),
        );
        assert!(!is_upgrade(&headers));
        headers.insert(
            header::UPGRADE,
            header::HeaderValue::from_static("WebSocket"),
        );
        assert!(is_upgrade(&headers));
    }
}
