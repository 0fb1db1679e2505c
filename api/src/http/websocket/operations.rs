//! A socket's operations. Each `subscribe` runs through the pipeline (`graphql::pipeline`) as
//! a POST would: its document from the text, APQ's `extensions.persistedQuery` or the trusted
//! documents (refused under `--trusted-documents-only` unless listed), the text limits, the
//! compilation and its limits, time zones; a query within `--request-timeout`, a subscription
//! as the stream of its events. The answers are the pipeline's bytes, sent as they are.
//!
//! At most `--websocket-max-subscriptions` operations run at once on one socket; one more is
//! refused with `OPERATION_LIMIT_EXCEEDED` (limit `subscriptions`). Each operation counts
//! against its client's `--rate-limit-per-second` as a request would (`RATE_LIMITED`).

use std::collections::HashMap;
use std::net::IpAddr;

use axum::body::Bytes;
use futures_util::StreamExt;
use tokio::sync::mpsc;
use tokio::task::AbortHandle;

use super::protocol::{self, Protocol};
use crate::error::{ErrorCode, Limit, Refusal};
use crate::graphql::pipeline::{Answer, Incoming, Run, Transport};
use crate::http::AppState;

/// What an operation hands the socket's writer.
#[derive(Debug)]
pub(super) enum Out {
    /// A message to send.
    Text(String),
    /// Operation `id` has ended (its last message is sent before this).
    Done(String),
}

/// Why the socket must close, with its code and reason.
#[derive(Debug, Clone, Copy)]
pub(super) struct Close(pub u16, pub &'static str);

/// Close code: an id already running (graphql-transport-ws).
const SUBSCRIBER_EXISTS: u16 = 4409;

/// The operations running on one socket.
pub(super) struct Operations {
    state: AppState,
    client: IpAddr,
    protocol: Protocol,
    running: HashMap<String, AbortHandle>,
    out: mpsc::Sender<Out>,
}

impl Operations {
    /// The operations of a new socket of `client` (the address its rate is counted against),
    /// speaking `protocol`, whose messages go to `out`.
    pub(super) fn new(
        state: AppState,
        client: IpAddr,
        protocol: Protocol,
        out: mpsc::Sender<Out>,
    ) -> Self {
        Self {
            state,
            client,
            protocol,
            running: HashMap::new(),
            out,
        }
    }

    /// Starts operation `id` with the request `payload`; `Err` where the protocol closes the
    /// socket instead (an id that is running already, under graphql-transport-ws).
    pub(super) fn start(&mut self, id: String, payload: serde_json::Value) -> Result<(), Close> {
        if self.running.contains_key(&id) {
            match self.protocol {
                Protocol::TransportWs => {
                    return Err(Close(
                        SUBSCRIBER_EXISTS,
                        "Subscriber for this id already exists",
                    ));
                }
                // The legacy protocol replaces it, as its servers did.
                Protocol::Legacy => {
                    self.stop(&id);
                }
            }
        }
        let metrics = self.state.metrics.clone();
        let refusal = if let Err(seconds) = self.state.rate_limit().check(self.client) {
            Some(Refusal::new(
                ErrorCode::RateLimited,
                format!("too many requests from this client; retry in {seconds} s"),
            ))
        } else {
            let max = self.state.config.websocket.websocket_max_subscriptions;
            (self.running.len() >= max).then(|| {
                metrics.limit_rejection(Limit::Subscriptions);
                Refusal::limit(
                    Limit::Subscriptions,
                    format!(
                        "{max} operations are running on this socket, the most it runs at once (--websocket-max-subscriptions); complete one first"
                    ),
                )
            })
        };
        let operation = Operation {
            state: self.state.clone(),
            protocol: self.protocol,
            id: id.clone(),
            out: self.out.clone(),
        };
        let task = match refusal {
            Some(refusal) => {
                metrics.graphql_request(operation_name(&payload), "rejected");
                tokio::spawn(operation.refused(Answer::Declined(refusal)))
            }
            None => tokio::spawn(operation.run(payload)),
        };
        self.running.insert(id, task.abort_handle());
        Ok(())
    }

    /// Stops operation `id` (the client completed it); true when it was running.
    pub(super) fn stop(&mut self, id: &str) -> bool {
        match self.running.remove(id) {
            Some(task) => {
                task.abort();
                true
            }
            None => false,
        }
    }

    /// Forgets operation `id`, which has ended by itself.
    pub(super) fn ended(&mut self, id: &str) {
        self.running.remove(id);
    }
}

impl Drop for Operations {
    fn drop(&mut self) {
        for task in self.running.values() {
            task.abort();
        }
    }
}

/// The `operationName` of a request payload, for the metrics.
fn operation_name(payload: &serde_json::Value) -> Option<&str> {
    payload
        .get("operationName")
        .and_then(serde_json::Value::as_str)
}

/// One operation, on its own task.
struct Operation {
    state: AppState,
    protocol: Protocol,
    id: String,
    out: mpsc::Sender<Out>,
}

impl Operation {
    /// Runs the request `payload` and sends its answers, then its end.
    async fn run(self, mut payload: serde_json::Value) {
        let _counted = self.state.metrics.subscription_started();
        // graphql-ws clients send an empty `query` with a persisted document's id.
        if let Some(object) = payload.as_object_mut()
            && object.get("query").and_then(serde_json::Value::as_str) == Some("")
        {
            object.remove("query");
        }
        let pipeline = self.state.pipeline.clone();
        let resolved = match Incoming::from_json(payload) {
            Ok(incoming) => pipeline.resolve(incoming).map_err(|outcome| outcome.answer),
            Err(refusal) => Err(Answer::Declined(refusal)),
        };
        let resolved = match resolved {
            Ok(resolved) => resolved,
            Err(answer) => return self.refused(answer).await,
        };
        let within = self.state.config.http.request_timeout;
        let run = tokio::time::timeout(within, pipeline.run(resolved, Transport::WebSocket));
        match run.await {
            Ok(Run::Answered(outcome)) => match outcome.answer {
                Answer::Executed { body, .. } => {
                    self.send(protocol::next(self.protocol, &self.id, &body))
                        .await;
                    self.end().await;
                }
                refused => self.refused(refused).await,
            },
            Ok(Run::Subscribed(mut events)) => {
                while let Some(event) = events.next().await {
                    self.send(protocol::next(self.protocol, &self.id, &event))
                        .await;
                }
                self.end().await;
            }
            Err(_) => {
                self.state.metrics.limit_rejection(Limit::Timeout);
                let refusal = Refusal::new(
                    ErrorCode::RequestTimeout,
                    format!("the operation ran past {within:?} (--request-timeout)"),
                );
                self.refused(Answer::Declined(refusal)).await;
            }
        }
    }

    /// Sends the refusal of the operation before it ran: graphql-transport-ws's `error` with
    /// its errors, and nothing after it; the legacy protocol's `data` with them, then
    /// `complete`.
    async fn refused(self, answer: Answer) {
        match (self.protocol, &answer) {
            (Protocol::TransportWs, Answer::Refused { errors, .. }) => {
                self.send(protocol::error(&self.id, errors)).await;
                self.done().await;
            }
            (Protocol::TransportWs, Answer::Declined(refusal)) => {
                let errors = errors_of(refusal);
                self.send(protocol::error(&self.id, &errors)).await;
                self.done().await;
            }
            _ => {
                self.send(protocol::next(self.protocol, &self.id, &answer.body()))
                    .await;
                self.end().await;
            }
        }
    }

    async fn send(&self, message: String) {
        let _ = self.out.send(Out::Text(message)).await;
    }

    /// `complete`, then the end.
    async fn end(&self) {
        self.send(protocol::complete(&self.id)).await;
        self.done().await;
    }

    async fn done(&self) {
        let _ = self.out.send(Out::Done(self.id.clone())).await;
    }
}

/// A refusal's errors, as a JSON array.
fn errors_of(refusal: &Refusal) -> Bytes {
    let body = refusal.body();
    Bytes::from(body["errors"].to_string())
}
