//! The two GraphQL-over-WebSocket protocols, as messages: graphql-transport-ws (the
//! `graphql-ws` library, Apollo's `GraphQLWsLink`, urql, Relay) and the legacy graphql-ws of
//! `subscriptions-transport-ws`. What a client sends is read into [`ClientMessage`]; what the
//! service sends is written around the pipeline's bytes, never parsed back.

use serde::Deserialize;

/// A subprotocol the service speaks, named in `Sec-WebSocket-Protocol`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    /// `graphql-transport-ws`.
    TransportWs,
    /// `graphql-ws`, the legacy protocol of `subscriptions-transport-ws`.
    Legacy,
}

impl Protocol {
    /// The protocol a `Sec-WebSocket-Protocol` item names (any case).
    pub fn named(name: &str) -> Option<Self> {
        if name.eq_ignore_ascii_case("graphql-transport-ws") {
            Some(Self::TransportWs)
        } else if name.eq_ignore_ascii_case("graphql-ws") {
            Some(Self::Legacy)
        } else {
            None
        }
    }

    /// The name the answer to the upgrade gives it.
    pub const fn name(self) -> &'static str {
        match self {
            Self::TransportWs => "graphql-transport-ws",
            Self::Legacy => "graphql-ws",
        }
    }
}

/// A message from the client (both protocols: `subscribe`/`start` and `complete`/`stop` are
/// one message each).
#[derive(Debug, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ClientMessage {
    /// The client's first message; its payload is not read.
    ConnectionInit {
        /// Ignored.
        #[allow(dead_code)]
        payload: Option<serde_json::Value>,
    },
    /// An operation to run: its id and its request (`query`, `operationName`, `variables`,
    /// `extensions`).
    #[serde(alias = "start")]
    Subscribe {
        /// The operation's id, unique on the socket while it runs.
        id: String,
        /// The request.
        payload: serde_json::Value,
    },
    /// The client ends an operation.
    #[serde(alias = "stop")]
    Complete {
        /// The operation's id.
        id: String,
    },
    /// The legacy protocol's end of the connection.
    ConnectionTerminate,
    /// graphql-transport-ws's ping: answered with a pong carrying its payload.
    Ping {
        /// Echoed in the pong.
        payload: Option<serde_json::Value>,
    },
    /// graphql-transport-ws's pong: nothing to do.
    Pong {
        /// Ignored.
        #[allow(dead_code)]
        payload: Option<serde_json::Value>,
    },
}

impl ClientMessage {
    /// The message a frame's text holds; `None` for anything else (malformed: the socket is
    /// closed).
    pub fn read(text: &[u8]) -> Option<Self> {
        serde_json::from_slice(text).ok()
    }
}

/// `connection_ack`.
pub fn connection_ack() -> String {
    r#"{"type":"connection_ack"}"#.to_owned()
}

/// A pong with the ping's payload.
pub fn pong(payload: Option<&serde_json::Value>) -> String {
    match payload {
        Some(payload) => format!(r#"{{"type":"pong","payload":{payload}}}"#),
        None => r#"{"type":"pong"}"#.to_owned(),
    }
}

/// The legacy protocol's refusal of the connection, with its message.
pub fn connection_error(message: &str) -> String {
    serde_json::json!({ "type": "connection_error", "payload": { "message": message } }).to_string()
}

/// One answer of operation `id`: `next` (graphql-transport-ws) or `data` (legacy), around the
/// answer's bytes as the writer wrote them.
pub fn next(protocol: Protocol, id: &str, payload: &[u8]) -> String {
    let kind = match protocol {
        Protocol::TransportWs => "next",
        Protocol::Legacy => "data",
    };
    around(kind, id, payload)
}

/// graphql-transport-ws's `error`: operation `id` refused before it ran, with its errors (a
/// JSON array), and nothing after it.
pub fn error(id: &str, errors: &[u8]) -> String {
    around("error", id, errors)
}

/// The end of operation `id`.
pub fn complete(id: &str) -> String {
    format!(r#"{{"type":"complete","id":{}}}"#, quoted(id))
}

fn around(kind: &str, id: &str, payload: &[u8]) -> String {
    let mut message = String::with_capacity(payload.len() + id.len() + 40);
    message.push_str(r#"{"type":""#);
    message.push_str(kind);
    message.push_str(r#"","id":"#);
    message.push_str(&quoted(id));
    message.push_str(r#","payload":"#);
    message.push_str(&String::from_utf8_lossy(payload));
    message.push('}');
    message
}

/// `id` as a JSON string.
fn quoted(id: &str) -> String {
    serde_json::Value::from(id).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn messages_are_read_in_both_protocols_and_written_around_the_answers_bytes() {
        let subscribe = ClientMessage::read(
            br#"{"type":"subscribe","id":"1","payload":{"query":"{ __typename }"}}"#,
        );
        assert!(matches!(subscribe, Some(ClientMessage::Subscribe { ref id, .. }) if id == "1"));
        let start = ClientMessage::read(br#"{"type":"start","id":"2","payload":{}}"#);
        assert!(matches!(start, Some(ClientMessage::Subscribe { .. })));
        let stop = ClientMessage::read(br#"{"type":"stop","id":"2"}"#);
        assert!(matches!(stop, Some(ClientMessage::Complete { .. })));
        assert!(ClientMessage::read(br#"{"type":"nonsense"}"#).is_none());
        assert!(ClientMessage::read(b"not json").is_none());
        let next: serde_json::Value =
            serde_json::from_str(&next(Protocol::TransportWs, "a\"b", br#"{"data":{"x":1}}"#))
                .unwrap_or_default();
        assert_eq!(
            next,
            json!({ "type": "next", "id": "a\"b", "payload": { "data": { "x": 1 } } })
        );
        let data: serde_json::Value =
            serde_json::from_str(&super::next(Protocol::Legacy, "1", br#"{"data":null}"#))
                .unwrap_or_default();
        assert_eq!(data["type"], "data");
        let error: serde_json::Value =
            serde_json::from_str(&error("7", br#"[{"message":"no"}]"#)).unwrap_or_default();
        assert_eq!(
            error,
            json!({ "type": "error", "id": "7", "payload": [{ "message": "no" }] })
        );
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&pong(Some(&json!({ "t": 1 })))).ok(),
            Some(json!({ "type": "pong", "payload": { "t": 1 } }))
        );
    }
}
