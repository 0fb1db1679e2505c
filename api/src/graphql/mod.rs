//! The GraphQL schema: types, queries, loaders and the rules of the client contract.

pub mod args;
pub mod context;
pub mod error_codes;
pub mod ids;
pub mod limits;
pub mod loaders;
pub mod nulls;
pub mod operation;
pub mod order;
pub mod query;
pub mod scalars;
pub mod skip_include;
pub mod themes;
pub mod time_zones;
pub mod types;
pub mod variables;

use std::sync::Arc;

use crate::store::programme::Programme;
use crate::store::programme_watch::ProgrammeWatch;
use crate::store::snapshot::Snapshot;

use crate::config::{Limits, Surface};
use crate::metrics::Metrics;
use async_graphql::{EmptyMutation, EmptySubscription, Schema, SchemaBuilder};

pub use query::Query;

/// The served schema.
pub type ApiSchema = Schema<Query, EmptyMutation, EmptySubscription>;

fn builder(metrics: Arc<Metrics>) -> SchemaBuilder<Query, EmptyMutation, EmptySubscription> {
    Schema::build(Query::default(), EmptyMutation, EmptySubscription)
        .extension(error_codes::ErrorCodes { metrics })
}

/// The schema, with the operation limits and public surface configured. Each request brings
/// its own snapshot of the data and its loaders (see `http::graphql`).
///
/// Depth is ours (`limits::check_document`, with introspection measured apart) and so is
/// complexity (`limits::complexity`, after async-graphql has computed it).
pub fn schema(limits: &Limits, surface: &Surface, metrics: Arc<Metrics>) -> ApiSchema {
    let mut builder = builder(metrics.clone())
        .extension(limits::complexity::ComplexityLimit {
            maximum: limits.max_complexity,
            metrics,
        })
        .limit_recursive_depth(limits.max_recursion_depth);
    if !surface.introspection_enabled() {
        builder = builder.disable_introspection();
    }
    if !surface.field_suggestions {
        builder = builder.disable_suggestions();
    }
    builder.finish()
}

/// The schema's SDL, as recorded in `schema.graphql`.
pub fn sdl() -> String {
    // With `@specifiedBy` on the scalars, so that codegen reading the file maps them as it
    // does from introspection.
    builder(Arc::default())
        .finish()
        .sdl_with_options(async_graphql::SDLExportOptions::new().include_specified_by())
}

/// Executes `request` (parsed and checked already) against `programme` (the programme of one
/// revision, in memory) and `snapshot` (the request's view of the database, for what stays
/// SQL, perhaps opened already to read its version for an HTTP tag). One answer reads one
/// revision: where the answer read SQL at another revision than `programme`'s (a reload came
/// between), it is answered again with the programme of the transaction's revision. Returns
/// the answer and the programme it was read from.
///
/// Field errors then null their nearest nullable ancestor, and every object's keys follow the
/// selection's order, as the specification requires.
pub async fn execute(
    schema: &ApiSchema,
    watch: &ProgrammeWatch,
    programme: Arc<Programme>,
    snapshot: Arc<Snapshot>,
    request: async_graphql::Request,
) -> (async_graphql::Response, Arc<Programme>) {
    let mut request = request;
    let document = request.parsed_query().ok().cloned();
    let again = Again {
        query: request.query.clone(),
        operation_name: request.operation_name.clone(),
        variables: request.variables.clone(),
        introspection_mode: request.introspection_mode,
    };
    let mut programme = programme;
    let mut response = execute_once(schema, programme.clone(), snapshot.clone(), request).await;
    if let Some(read) = snapshot.opened_revision()
        && read.as_deref() != programme.revision().map(|r| &**r)
    {
        let of_transaction = match snapshot.connection().await {
            Ok(transaction) => watch.of_transaction(read.as_deref(), transaction).await,
            Err(error) => Err(error),
        };
        match of_transaction {
            Ok(read) => {
                programme = read;
                let mut request = again.request();
                if let Some(document) = document.clone() {
                    request.set_parsed_query(document);
                }
                response = execute_once(schema, programme.clone(), snapshot.clone(), request).await;
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
    if let Some(document) = &document {
        nulls::propagate(&mut response, document, again.operation_name.as_deref());
        order::reorder(
            &mut response.data,
            document,
            again.operation_name.as_deref(),
        );
    }
    // async-graphql answers `data: null` when every root field was skipped; the root is an
    // object, and with nothing selected the specification's answer is an empty one.
    if response.errors.is_empty() && response.data == async_graphql::Value::Null {
        response.data = async_graphql::Value::Object(Default::default());
    }
    // The loaders went with the request; end the read transaction now rather than when the
    // last spawned loader task lets go of it.
    Snapshot::finish(snapshot).await;
    (response, programme)
}

/// What a request is made of, to execute it a second time.
struct Again {
    query: String,
    operation_name: Option<String>,
    variables: async_graphql::Variables,
    introspection_mode: async_graphql::IntrospectionMode,
}

impl Again {
    fn request(&self) -> async_graphql::Request {
        let mut request =
            async_graphql::Request::new(self.query.clone()).variables(self.variables.clone());
        request.operation_name = self.operation_name.clone();
        request.introspection_mode = self.introspection_mode;
        request
    }
}

async fn execute_once(
    schema: &ApiSchema,
    programme: Arc<Programme>,
    snapshot: Arc<Snapshot>,
    request: async_graphql::Request,
) -> async_graphql::Response {
    let request = request
        .data(programme)
        .data(loaders::for_request(&snapshot))
        .data(snapshot);
    schema.execute(request).await
}
