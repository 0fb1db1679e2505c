//! The executor of a WebSocket's operations: each `subscribe` runs as the HTTP endpoint runs a
//! POST (`http::graphql`): its document from the text, APQ's `extensions.persistedQuery` or
//! the trusted documents (refused under `--trusted-documents-only` unless listed), the text
//! limits, the compiled-operation checks with the bounds of the held programme, time zones;
//! then a query through the endpoint's execution (connection gate, one revision per answer),
//! a subscription through async-graphql's stream with the revision feed. Every answer goes
//! through the one answer writer and carries its error codes.
//!
//! At most `--websocket-max-subscriptions` operations run at once on one socket; one more is
//! answered with `OPERATION_LIMIT_EXCEEDED` (limit `subscriptions`). Each operation counts
//! against its client's `--rate-limit-per-second` as a request would (`RATE_LIMITED`), and a
//! query runs within `--request-timeout` (`REQUEST_TIMEOUT`).

use std::net::IpAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use async_graphql::futures_util::stream::BoxStream;
use async_graphql::parser::types::OperationType;
use async_graphql::{Data, Executor, Request, Response};
use futures_util::{StreamExt, stream};

use crate::error::{ErrorCode, Limit, Refusal};
use crate::graphql::error_codes::ensure_codes;
use crate::graphql::operation::Compiled;
use crate::http::AppState;
use crate::http::graphql::{self, Prepared, Resolved, Transport};
use crate::http::graphql_http;

/// Runs one socket's operations.
#[derive(Clone)]
pub(super) struct SocketExecutor {
    state: AppState,
    client: IpAddr,
    running: Arc<AtomicUsize>,
}

impl SocketExecutor {
    /// The executor of a new socket of `client` (the address its rate is counted against).
    pub(super) fn new(state: AppState, client: IpAddr) -> Self {
        Self {
            state,
            client,
            running: Arc::default(),
        }
    }
}

impl Executor for SocketExecutor {
    /// Not called by the WebSocket transport (which runs everything as a stream); the first
    /// answer of the stream.
    async fn execute(&self, request: Request) -> Response {
        self.execute_stream(request, None)
            .next()
            .await
            .unwrap_or_default()
    }

    fn execute_stream(
        &self,
        request: Request,
        _session_data: Option<Arc<Data>>,
    ) -> BoxStream<'static, Response> {
        if let Err(seconds) = self.state.rate_limit().check(self.client) {
            self.state
                .metrics
                .graphql_request(request.operation_name.as_deref(), "rejected");
            return refused(Refusal::new(
                ErrorCode::RateLimited,
                format!("too many requests from this client; retry in {seconds} s"),
            ));
        }
        let max = self.state.config.websocket.websocket_max_subscriptions;
        let Some(running) = Running::enter(&self.running, max) else {
            self.state.metrics.limit_rejection(Limit::Subscriptions);
            self.state
                .metrics
                .graphql_request(request.operation_name.as_deref(), "rejected");
            let refusal = Refusal::limit(
                Limit::Subscriptions,
                format!(
                    "{max} operations are running on this socket, the most it runs at once (--websocket-max-subscriptions); complete one first"
                ),
            );
            return refused(refusal);
        };
        let counted = self.state.metrics.subscription_started();
        let state = self.state.clone();
        stream::once(operation(state, request))
            .flatten()
            // The operation holds its place until its stream ends or the client completes it.
            .map(move |response| {
                let _holds = (&running, &counted);
                response
            })
            .boxed()
    }
}

/// One operation of a socket, from its request to its stream of answers.
async fn operation(state: AppState, request: Request) -> BoxStream<'static, Response> {
    let incoming = match graphql_http::incoming_of(request) {
        Ok(incoming) => incoming,
        Err(why) => return refused(why),
    };
    let Resolved { request, apq_entry } = match graphql::resolve(&state, incoming) {
        Ok(resolved) => resolved,
        Err(response) => return one_answer(*response),
    };
    let ready = match graphql::prepare(&state, request, Transport::WebSocket) {
        Prepared::Ready(ready) => ready,
        Prepared::Answered(response) => return one_answer(response),
        Prepared::Refused(_) => {
            return refused(Refusal::new(
                ErrorCode::InternalServerError,
                "internal error",
            ));
        }
    };
    graphql::register(&state, apq_entry);
    let subscription = ready
        .compiled
        .as_ref()
        .is_some_and(|compiled| compiled.ty == OperationType::Subscription);
    if subscription {
        if let Err(errors) = ready.parsed.validity(&state).await {
            let mut response = Response::from_errors(errors.clone());
            ensure_codes(&mut response, &state.metrics);
            return one_answer(response);
        }
        let graphql::Ready {
            request,
            operation,
            compiled,
            ..
        } = *ready;
        state
            .metrics
            .graphql_request(operation.as_deref(), "subscribed");
        let request = request.data(state.revisions.clone());
        let answering = state.clone();
        // An answer over `--max-response-bytes` is sent as its refusal, and ends the stream
        // (graphql-transport-ws allows `error` only before execution: it is a `next`).
        let events = state.schema.data().execute_stream(request);
        return stream::unfold((events, false), move |(mut events, ended)| {
            let answering = answering.clone();
            let compiled = compiled.clone();
            async move {
                if ended {
                    return None;
                }
                let mut response = events.next().await?;
                ensure_codes(&mut response, &answering.metrics);
                let (answer, fits) = written(&answering, &response, compiled.as_ref());
                Some((answer.unwrap_or(response), (events, !fits)))
            }
        })
        .boxed();
    }
    let within = state.config.http.request_timeout;
    let compiled = ready.compiled.clone();
    let executed = graphql::execute_prepared(&state, *ready);
    let response = match tokio::time::timeout(within, executed).await {
        Ok(Ok((response, _))) => {
            let (answer, _) = written(&state, &response, compiled.as_ref());
            answer.unwrap_or(response)
        }
        // The connection gate shed it (its HTTP answer has no place on a socket).
        Ok(Err(_)) => refusal(Refusal::new(
            ErrorCode::ServiceOverloaded,
            "the service is busy: no database connection came free in time; retry",
        )),
        Err(_) => {
            state.metrics.limit_rejection(Limit::Timeout);
            refusal(Refusal::new(
                ErrorCode::RequestTimeout,
                format!("the operation ran past {within:?} (--request-timeout)"),
            ))
        }
    };
    one_answer(response)
}

/// `response` as the one answer writer writes it (`graphql::answer`: the selection's order,
/// null propagation), read back for async-graphql's transport to send; false where it was
/// longer than `--max-response-bytes` and is its refusal instead.
fn written(
    state: &AppState,
    response: &Response,
    compiled: Option<&Compiled>,
) -> (Option<Response>, bool) {
    let (bytes, fits) = match graphql::written(state, response, compiled) {
        Ok(bytes) => (bytes, true),
        Err(refusal) => (refusal, false),
    };
    (serde_json::from_slice(&bytes).ok(), fits)
}

/// A stream of one answer: the refusal `why`.
fn refused(why: Refusal) -> BoxStream<'static, Response> {
    one_answer(refusal(why))
}

/// The answer of a refusal: its error alone.
fn refusal(why: Refusal) -> Response {
    Response::from_errors(vec![why.into_server_error()])
}

/// A stream of one answer.
fn one_answer(response: Response) -> BoxStream<'static, Response> {
    stream::once(std::future::ready(response)).boxed()
}

/// One of a socket's running operations, counted while it lives.
struct Running(Arc<AtomicUsize>);

impl Running {
    /// A place among `max`, if one is free.
    fn enter(running: &Arc<AtomicUsize>, max: usize) -> Option<Self> {
        running
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |now| {
                (now < max).then_some(now + 1)
            })
            .ok()
            .map(|_| Self(running.clone()))
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}
