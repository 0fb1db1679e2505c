//! Running a prepared request: the client's document validated once per text, an answer that
//! depends on the schema alone kept, the programme of the revision and a snapshot for what
//! stays SQL, async-graphql running the built document on the schema that suits it, the error
//! codes, the outcome counted, and the one answer writer's bytes.

use std::sync::Arc;

use async_graphql::{Response, ServerError};
use axum::body::Bytes;
use futures_util::StreamExt;
use futures_util::stream;

use super::prepare::Ready;
use super::{Answer, CachedBody, Outcome, Pipeline, Run, refusal_of};
use crate::error::{ErrorCode, Limit, Refusal};
use crate::graphql::answer;
use crate::graphql::compiled::Compiled;
use crate::graphql::error_codes::{code_of, ensure_codes};
use crate::graphql::shape::Shape;
use crate::store::admission::Shed;
use crate::store::programme::Programme;
use crate::store::snapshot::Snapshot;

impl Pipeline {
    /// The answer of a prepared query or mutation.
    pub(super) async fn answer(&self, ready: Ready) -> Outcome {
        let Ready {
            request,
            operation,
            compiled,
            parsed,
        } = ready;
        let name = operation.as_deref();
        if let Err(errors) = parsed.validity(self).await {
            return self.invalid(errors, name);
        }
        let schema_only = compiled
            .as_ref()
            .is_some_and(Compiled::is_introspection_only);
        // An answer that depends on the schema alone is computed once per document,
        // variables and operation.
        let kept = schema_only.then(|| introspection_key(&request));
        if let Some(hit) = kept
            .as_deref()
            .and_then(|key| self.introspection_answers.get(key))
        {
            self.metrics.graphql_request(name, "cached");
            return Outcome {
                answer: Answer::Executed {
                    body: hit.0,
                    clean: true,
                },
                revision: None,
                schema_only,
            };
        }
        let programme = match self.programme_for(schema_only).await {
            Ok(programme) => programme,
            Err(unavailable) => {
                return Outcome {
                    answer: self.written(&unavailable, None),
                    revision: None,
                    schema_only,
                };
            }
        };
        let snapshot = match Snapshot::admitted(&self.gate, &self.db).await {
            Ok(snapshot) => snapshot,
            Err(shed) => return super::unread(Answer::Declined(self.busy(shed))),
        };
        let schema = self
            .schemas
            .for_operation(compiled.as_ref(), &request.variables);
        let max_bytes = self.config.limits.max_response_bytes;
        let (mut response, programme) = crate::graphql::execute(
            schema,
            &self.programme,
            programme,
            snapshot,
            request,
            parsed.document(),
            max_bytes,
        )
        .await;
        ensure_codes(&mut response, &self.metrics);
        self.count(&response, name);
        let answer = self.written(&response, compiled.as_ref());
        if let (Some(key), Answer::Executed { body, clean: true }) = (kept, &answer) {
            self.introspection_answers
                .put(key, CachedBody(body.clone()));
        }
        Outcome {
            answer,
            revision: (!schema_only)
                .then(|| programme.revision().cloned())
                .flatten(),
            schema_only,
        }
    }

    /// The events of a prepared subscription, each written by the one writer; an event over
    /// `--max-response-bytes` is its refusal, and the last.
    pub(super) async fn subscribe(&self, ready: Ready) -> Run {
        let Ready {
            request,
            operation,
            compiled,
            parsed,
        } = ready;
        let name = operation.as_deref();
        if let Err(errors) = parsed.validity(self).await {
            return Run::Answered(self.invalid(errors, name));
        }
        self.metrics.graphql_request(name, "subscribed");
        let request = request.data(self.revisions.clone());
        let events = self.schemas.data().execute_stream(request);
        let writer = Writer {
            metrics: self.metrics.clone(),
            max_bytes: self.config.limits.max_response_bytes,
            compiled,
        };
        Run::Subscribed(
            stream::unfold(
                (events, writer, false),
                |(mut events, writer, ended)| async move {
                    if ended {
                        return None;
                    }
                    let mut response = events.next().await?;
                    ensure_codes(&mut response, &writer.metrics);
                    let (body, fits) = writer.write(&response);
                    Some((body, (events, writer, !fits)))
                },
            )
            .boxed(),
        )
    }

    /// The outcome of a document async-graphql finds invalid: its errors.
    fn invalid(&self, errors: &[ServerError], name: Option<&str>) -> Outcome {
        let mut response = Response::from_errors(errors.to_vec());
        ensure_codes(&mut response, &self.metrics);
        self.metrics.graphql_request(name, "error");
        super::unread(refusal_of(&response.errors))
    }

    /// The programme to answer from: the current revision's (see `store::programme_watch`); an
    /// empty one for an answer that reads only the schema. An answer of `SERVICE_UNAVAILABLE`
    /// when the database cannot tell its revision.
    async fn programme_for(&self, schema_only: bool) -> Result<Arc<Programme>, Response> {
        if schema_only {
            return Ok(Arc::default());
        }
        self.programme.current(&self.db).await.map_err(|error| {
            let error = crate::error::ApiError::from(error);
            let error = async_graphql::ErrorExtensions::extend(&error);
            Response::from_errors(vec![error.into_server_error(Default::default())])
        })
    }

    /// The refusal of a request the connection gate shed after `--db-queue-timeout`:
    /// `SERVICE_OVERLOADED` (counted as a `databaseQueue` limit rejection), or
    /// `SERVICE_UNAVAILABLE` when the queue waits on a database that does not answer.
    fn busy(&self, shed: Shed) -> Refusal {
        match shed {
            Shed::Overloaded => {
                self.metrics.limit_rejection(Limit::DatabaseQueue);
                Refusal::new(
                    ErrorCode::ServiceOverloaded,
                    "the service is busy; retry shortly",
                )
                .retry_after(1)
            }
            Shed::DatabaseUnreachable => Refusal::new(
                ErrorCode::ServiceUnavailable,
                "the service is temporarily unavailable",
            )
            .retry_after(1),
        }
    }

    /// Counts an executed answer's outcome.
    fn count(&self, response: &Response, name: Option<&str>) {
        let limited = response
            .errors
            .iter()
            .any(|e| code_of(e) == Some(ErrorCode::OperationLimitExceeded));
        let outcome = match (limited, response.errors.is_empty()) {
            (true, _) => "rejected",
            (false, true) => "ok",
            (false, false) => "error",
        };
        self.metrics.graphql_request(name, outcome);
    }

    /// An executed response as its answer (see [`Writer::answer`]).
    fn written(&self, response: &Response, compiled: Option<&Compiled>) -> Answer {
        Writer {
            metrics: self.metrics.clone(),
            max_bytes: self.config.limits.max_response_bytes,
            compiled: compiled.cloned(),
        }
        .answer(response)
    }
}

/// The one answer writer, with the bound on an answer's size.
struct Writer {
    metrics: Arc<crate::metrics::Metrics>,
    max_bytes: usize,
    compiled: Option<Compiled>,
}

impl Writer {
    /// `response` as its answer: a request error (async-graphql's validation refused the
    /// built document) as a refusal, anything else as an executed answer, replaced by the
    /// `responseBytes` refusal where it is longer than `--max-response-bytes`.
    fn answer(&self, response: &Response) -> Answer {
        if answer::is_request_error(response) {
            return refusal_of(&response.errors);
        }
        let (body, fits) = self.write(response);
        Answer::Executed {
            body,
            clean: fits && response.errors.is_empty(),
        }
    }

    /// The bytes of an executed answer, and whether they are the answer's own (false: its
    /// refusal as too large, counted).
    fn write(&self, response: &Response) -> (Bytes, bool) {
        match answer::body_within(
            response,
            self.compiled.as_ref(),
            Shape::served(),
            self.max_bytes,
        ) {
            Ok(body) => (Bytes::from(body), true),
            Err(refusal) => {
                self.metrics.limit_rejection(Limit::ResponseBytes);
                (Bytes::from(refusal), false)
            }
        }
    }
}

/// The key of an answer that depends on the schema alone: the document's text, the variables
/// and the operation name (each length-prefixed).
fn introspection_key(request: &async_graphql::Request) -> String {
    let variables = serde_json::to_string(&request.variables).unwrap_or_default();
    let operation = request.operation_name.as_deref().unwrap_or_default();
    let mut key = String::with_capacity(request.query.len() + variables.len() + 32);
    for part in [request.query.as_str(), &variables, operation] {
        key.push_str(&part.len().to_string());
        key.push(':');
        key.push_str(part);
    }
    key
}
