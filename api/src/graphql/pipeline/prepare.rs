//! Everything that can refuse an operation before any statement runs: the text's limits, the
//! parse (kept per text), the transport's rules (GET runs queries only; subscriptions need a
//! WebSocket), the document's limits, the one compilation of the operation, and what it
//! measured (limits, a subscription's single root field, time zones).

use std::sync::Arc;

use async_graphql::parser::types::{ExecutableDocument, OperationType};
use async_graphql::{Request, ServerError};

use super::{Answer, Pipeline, Transport, refusal_of};
use crate::bounded::Weighed;
use crate::error::{ErrorCode, Refusal};
use crate::graphql::compiled::Compiled;
use crate::graphql::error_codes::parse_failed;
use crate::graphql::limits::{self, complexity::ListBounds};
use crate::graphql::operation::{self, Compilation, Rules};
use crate::graphql::shape::Shape;
use crate::graphql::validity::{self, Validity};

/// A document that parsed and passed the document's limits, kept by its text
/// (`Pipeline::documents`): what preparing a request needs that its variables do not change,
/// and whether async-graphql finds it valid (asked once, see `graphql::validity`).
#[derive(Clone)]
pub struct ParsedDocument {
    document: Arc<ExecutableDocument>,
    validity: Arc<tokio::sync::OnceCell<Validity>>,
    weight: usize,
}

impl ParsedDocument {
    fn new(text: &str, document: ExecutableDocument) -> Self {
        Self {
            document: Arc::new(document),
            validity: Arc::default(),
            // The syntax tree takes several times the bytes of its text.
            weight: text.len().saturating_mul(8),
        }
    }

    /// The client's document.
    pub(super) fn document(&self) -> &Arc<ExecutableDocument> {
        &self.document
    }

    /// Whether async-graphql finds the document valid (validated on first use).
    pub(super) async fn validity(&self, pipeline: &Pipeline) -> &Validity {
        self.validity
            .get_or_init(|| validity::of(pipeline.schemas.data(), &self.document))
            .await
    }
}

impl Weighed for ParsedDocument {
    fn weight(&self) -> usize {
        self.weight
    }
}

/// A request ready to execute.
pub(super) struct Ready {
    /// The request, with the document built from its compiled operation.
    pub(super) request: Request,
    /// The operation's name, for the metrics.
    pub(super) operation: Option<String>,
    /// The operation compiled (`None` where `operationName` selects none: the client's own
    /// document then runs, for async-graphql to report it).
    pub(super) compiled: Option<Compiled>,
    /// The client's document.
    pub(super) parsed: ParsedDocument,
}

impl Ready {
    /// True for a subscription (a WebSocket's: other transports refuse it).
    pub(super) fn is_subscription(&self) -> bool {
        self.compiled
            .as_ref()
            .is_some_and(|compiled| compiled.ty == OperationType::Subscription)
    }
}

impl Pipeline {
    /// Prepares `request` (its text resolved) that came by `transport`: ready, or the answer
    /// that refuses it (counted).
    pub(super) fn prepare(
        &self,
        mut request: Request,
        transport: Transport,
    ) -> Result<Box<Ready>, Answer> {
        let limits = &self.config.limits;
        let metrics = &self.metrics;
        let reject = |operation: Option<&str>, error: ServerError| {
            metrics.graphql_request(operation, "rejected");
            refusal_of(&[error])
        };
        let limited = |operation: Option<&str>, refusal: Refusal| {
            if let Some(limit) = refusal.limit {
                metrics.limit_rejection(limit);
            }
            reject(operation, refusal.into_server_error())
        };
        // A document seen before was parsed and passed the document's limits then.
        let cached = (request.query.len() <= limits.max_query_bytes)
            .then(|| self.documents.get(&request.query))
            .flatten();
        let checked = cached.is_some();
        let parsed = match cached {
            Some(parsed) => parsed,
            None => {
                let name = request.operation_name.as_deref();
                if let Err(refusal) = limits::check_text(&request.query, limits) {
                    return Err(limited(name, refusal));
                }
                match async_graphql::parser::parse_query(&request.query) {
                    Ok(document) => ParsedDocument::new(&request.query, document),
                    Err(error) => return Err(reject(name, parse_failed(error))),
                }
            }
        };
        let document = parsed.document.clone();
        if transport == Transport::Get
            && !selects_a_query(&document, request.operation_name.as_deref())
        {
            return Err(Answer::Declined(Refusal::new(
                ErrorCode::MethodNotAllowed,
                "GET runs queries only; send mutations and subscriptions with POST",
            )));
        }
        let operation = request
            .operation_name
            .clone()
            .or_else(|| first_operation_name(&document));
        let name = operation.as_deref();
        if !checked {
            if let Err(refusal) = limits::check_document(&document, limits) {
                return Err(limited(name, refusal));
            }
            self.documents.put(request.query.clone(), parsed.clone());
        }
        let bounds = self
            .programme
            .held()
            .map(|programme| ListBounds::of(&programme))
            .unwrap_or_default();
        let rules = Rules {
            shape: Shape::served(),
            bounds: &bounds,
            complexity_cap: limits.max_complexity,
        };
        let compilation = operation::compile(
            &document,
            request.operation_name.as_deref(),
            &request.variables,
            &rules,
        )
        .map_err(|error| reject(name, error))?;
        let Some(Compilation {
            operation: compiled,
            document: built,
            measures,
        }) = compilation
        else {
            // An operation name that selects nothing is execution's to report.
            request.set_parsed_query(ExecutableDocument::clone(&document));
            return Ok(Box::new(Ready {
                request,
                operation,
                compiled: None,
                parsed,
            }));
        };
        if compiled.ty == OperationType::Subscription && transport != Transport::WebSocket {
            let refusal = Refusal::new(
                ErrorCode::GraphqlValidationFailed,
                "subscriptions run over WebSocket: GET /graphql with Upgrade: websocket (graphql-transport-ws)",
            );
            return Err(reject(name, refusal.into_server_error()));
        }
        if let Err(refusal) = compiled.single_root_field() {
            return Err(reject(name, refusal.into_server_error()));
        }
        if let Err(refusal) = limits::check_operation(&compiled, &measures, limits) {
            return Err(limited(name, refusal));
        }
        if let Some(error) = measures.time_zone {
            return Err(reject(name, error));
        }
        request.set_parsed_query(built);
        Ok(Box::new(Ready {
            request,
            operation,
            compiled: Some(compiled),
            parsed,
        }))
    }
}

/// False when the operation the request selects is a mutation or a subscription (an unknown
/// or ambiguous selection is left to execution to report).
fn selects_a_query(document: &ExecutableDocument, operation_name: Option<&str>) -> bool {
    operation::selected(document, operation_name).is_none_or(|op| op.ty == OperationType::Query)
}

/// The name of the document's first named operation.
fn first_operation_name(document: &ExecutableDocument) -> Option<String> {
    document
        .operations
        .iter()
        .find_map(|(name, _)| name.map(ToString::to_string))
}
