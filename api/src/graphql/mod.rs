//! The GraphQL schema: types, queries, loaders and the rules of the client contract.

pub mod answer;
pub mod answer_budget;
pub mod args;
pub mod compiled;
pub mod context;
pub mod error_codes;
pub mod limits;
pub mod loaders;
pub mod operation;
pub mod persisted;
pub mod pipeline;
pub mod query;
pub mod scalars;
pub mod shape;
pub mod subscription;
pub mod themes;
pub mod time_zones;
pub mod types;
pub mod validity;

use std::sync::Arc;

use crate::store::programme::Programme;
use crate::store::programme_watch::ProgrammeWatch;
use crate::store::snapshot::Snapshot;

use crate::config::{Limits, Surface};
use answer_budget::AnswerBudget;
use async_graphql::parser::types::ExecutableDocument;
use async_graphql::{EmptyMutation, Schema, SchemaBuilder};

pub use query::Query;
pub use subscription::Subscription;

/// The served schema.
pub type ApiSchema = Schema<Query, EmptyMutation, Subscription>;

fn builder() -> SchemaBuilder<Query, EmptyMutation, Subscription> {
    Schema::build(Query::default(), EmptyMutation, Subscription)
}

/// The served schema, with the public surface configured, built twice: once without any
/// extension, for data operations, whose fields then resolve without async-graphql's extension
/// chain; once with the extension that counts an answer's bytes while it executes and yields
/// to the runtime (`answer_budget`), for operations that select introspection; and the data
/// one once more without async-graphql's validation, for a data operation sent without
/// variables: the client's document was validated once already (`validity`), and the
/// document built from it without variables holds nothing that validation would see anew
/// (validation reads variables only to check the values they give arguments). Each request
/// brings the programme and the snapshot of the data it is answered from (see
/// `graphql::pipeline`).
///
/// The operation limits (depth, cost, ...) are ours, decided on the compiled operation before
/// execution (`limits`), and error codes are given after it (`error_codes`). Recursion depth
/// is async-graphql's, checked in its validation.
#[derive(Clone)]
pub struct Schemas {
    data: ApiSchema,
    counted: ApiSchema,
    validated_once: ApiSchema,
}

impl Schemas {
    /// The schema that runs `operation` (`None`: the client's own document, for
    /// async-graphql to report what it selects), sent with `variables`: the counted one where
    /// it selects introspection; for a data operation without variables, the one that does
    /// not validate again.
    pub fn for_operation(
        &self,
        operation: Option<&compiled::Compiled>,
        variables: &async_graphql::Variables,
    ) -> &ApiSchema {
        match operation {
            Some(operation) if operation.selects_introspection() => &self.counted,
            Some(_) if variables.is_empty() => &self.validated_once,
            _ => &self.data,
        }
    }

    /// The schema of data operations (and of subscriptions, which select no introspection).
    pub fn data(&self) -> &ApiSchema {
        &self.data
    }
}

/// What the served schema says of the service itself: the identity of the build and settings
/// that answer (part of every revision token, `Dataset.revision`) and the public base URL
/// (the start of every URL an answer gives, `Session.calendarUrl`).
#[derive(Debug, Clone)]
pub struct Served {
    /// The build's identity (see [`identity`]).
    pub build: Arc<str>,
    /// `--public-url`, without a trailing slash.
    pub public_url: Arc<str>,
}

/// The identity of this build and of the settings that decide its answers: a SHA-256 of the
/// package version, the schema's SDL and `settings` (the operation limits and the public
/// surface, as the caller writes them), so that a deploy or a restart that changes answers (a
/// new field, a stricter limit, introspection turned off) changes every HTTP tag and every
/// revision token.
pub fn identity(settings: &str) -> String {
    use sha2::{Digest, Sha256};
    crate::text::hex(
        &Sha256::new()
            .chain_update(env!("CARGO_PKG_VERSION").as_bytes())
            .chain_update([0])
            .chain_update(sdl().as_bytes())
            .chain_update([0])
            .chain_update(settings.as_bytes())
            .finalize(),
    )
}

/// The served schemas (see [`Schemas`]), telling resolvers what `served` holds.
pub fn schema(limits: &Limits, surface: &Surface, served: &Served) -> Schemas {
    let configured = || {
        let mut builder = builder()
            .limit_recursive_depth(limits.max_recursion_depth)
            .data(served.clone());
        if !surface.introspection_enabled() {
            builder = builder.disable_introspection();
        }
        if !surface.field_suggestions {
            builder = builder.disable_suggestions();
        }
        builder
    };
    Schemas {
        data: configured().finish(),
        counted: configured().extension(answer_budget::Counting).finish(),
        validated_once: configured()
            .validation_mode(async_graphql::ValidationMode::Fast)
            .finish(),
    }
}

/// The schema with its whole surface (introspection on, no limit), for what reads the schema
/// itself: its SDL, and the introspection model of the cost (`limits::introspection_cost`).
pub fn unrestricted() -> ApiSchema {
    builder().finish()
}

/// The schema's SDL, as recorded in `schema.graphql`.
pub fn sdl() -> String {
    // With `@specifiedBy` on the scalars, so that codegen reading the file maps them as it
    // does from introspection.
    unrestricted().sdl_with_options(async_graphql::SDLExportOptions::new().include_specified_by())
}

/// Executes `request` (parsed and checked already) against `programme` (the programme of one
/// revision, in memory) and `snapshot` (the request's view of the database, for what stays
/// SQL, perhaps opened already to read its version for an HTTP tag). One answer reads one
/// revision: where the answer read SQL at another revision than `programme`'s (a reload came
/// between), it is answered again with the programme of the transaction's revision. Returns
/// the answer and the programme it was read from.
///
/// The answer's body is written by `answer`, which orders it and propagates nulls.
///
/// An answer that grows past `max_bytes` while it executes (counted where `schema` counts,
/// see `answer_budget`) is stopped and answered with one `responseBytes` refusal.
/// `source` is the client's document, which the request's own document was built from: a
/// second execution builds it again from there.
pub async fn execute(
    schema: &ApiSchema,
    watch: &ProgrammeWatch,
    programme: Arc<Programme>,
    snapshot: Arc<Snapshot>,
    request: async_graphql::Request,
    source: &Arc<ExecutableDocument>,
    max_bytes: usize,
) -> (async_graphql::Response, Arc<Programme>) {
    let again = Again {
        source: source.clone(),
        operation_name: request.operation_name.clone(),
        variables: request.variables.clone(),
        introspection_mode: request.introspection_mode,
    };
    let mut programme = programme;
    let budget = AnswerBudget::new(max_bytes);
    let mut response = execute_once(schema, programme.clone(), &snapshot, request, &budget).await;
    if let Some(read) = snapshot.opened_revision()
        && read.as_deref() != programme.revision().map(|r| &**r)
    {
        let of_transaction = match snapshot.connection().await {
            Ok(transaction) => watch.of_transaction(read.as_deref(), transaction).await,
            Err(error) => Err(error),
        };
        match of_transaction {
            Ok(read) => {
                watch.metrics().answer_read_again();
                programme = read;
                let request = again.request();
                let budget = AnswerBudget::new(max_bytes);
                response =
                    execute_once(schema, programme.clone(), &snapshot, request, &budget).await;
            }
            Err(error) => {
                let error = crate::error::ApiError::from(error);
                let error = async_graphql::ErrorExtensions::extend(&error);
                response = async_graphql::Response::from_errors(vec![
                    error.into_server_error(async_graphql::Pos::default()),
                ]);
            }
        }
    }
    // End the read transaction now (the loaders hold the snapshot only weakly).
    Snapshot::finish(snapshot).await;
    if answer::is_too_large(&response) {
        watch
            .metrics()
            .limit_rejection(crate::error::Limit::ResponseBytes);
    }
    (response, programme)
}

/// What a request is made of, to execute it a second time: its variables and the client's
/// document, compiled again only then (a rare path: no request pays for a copy of the document
/// it runs).
struct Again {
    source: Arc<ExecutableDocument>,
    operation_name: Option<String>,
    variables: async_graphql::Variables,
    introspection_mode: async_graphql::IntrospectionMode,
}

impl Again {
    fn request(&self) -> async_graphql::Request {
        let mut request = async_graphql::Request::new("").variables(self.variables.clone());
        request.operation_name = self.operation_name.clone();
        request.introspection_mode = self.introspection_mode;
        // It compiled before, with limits; should it not, async-graphql reports it.
        let rules = operation::Rules {
            shape: shape::Shape::served(),
            bounds: &limits::complexity::ListBounds::default(),
            complexity_cap: usize::MAX,
        };
        let document = match operation::compile(
            &self.source,
            self.operation_name.as_deref(),
            &self.variables,
            &rules,
        ) {
            Ok(Some(compilation)) => compilation.document,
            _ => ExecutableDocument::clone(&self.source),
        };
        request.set_parsed_query(document);
        request
    }
}

/// Executes `request` once; where `budget` is passed first, the execution is dropped where it
/// stands and the answer is the `responseBytes` refusal.
async fn execute_once(
    schema: &ApiSchema,
    programme: Arc<Programme>,
    snapshot: &Arc<Snapshot>,
    request: async_graphql::Request,
    budget: &Arc<AnswerBudget>,
) -> async_graphql::Response {
    let request = request
        .data(programme)
        .data(loaders::for_request(snapshot))
        .data(snapshot.clone())
        .data(budget.clone());
    tokio::select! {
        biased;
        response = schema.execute(request) => response,
        () = budget.exceeded() => answer::too_large(budget.max()),
    }
}
