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

/// Executes `request` (parsed and checked already) against `snapshot`, the request's view of
/// the data (perhaps opened already, to read its version for an HTTP tag): every
/// statement of the answer, root lists and loaders alike, reads the same version of the data.
/// Field errors then null their nearest nullable ancestor, and every object's keys follow the
/// selection's order, as the specification requires.
pub async fn execute(
    schema: &ApiSchema,
    snapshot: Arc<Snapshot>,
    request: async_graphql::Request,
) -> async_graphql::Response {
    let mut request = request;
    let document = request.parsed_query().ok().cloned();
    let operation_name = request.operation_name.clone();
    let request = request
        .data(snapshot.clone())
        .data(loaders::for_request(snapshot.clone()));
    let mut response = schema.execute(request).await;
    if let Some(document) = &document {
        nulls::propagate(&mut response, document, operation_name.as_deref());
        order::reorder(&mut response.data, document, operation_name.as_deref());
    }
    // async-graphql answers `data: null` when every root field was skipped; the root is an
    // object, and with nothing selected the specification's answer is an empty one.
    if response.errors.is_empty() && response.data == async_graphql::Value::Null {
        response.data = async_graphql::Value::Object(Default::default());
    }
    // The loaders went with the request; end the read transaction now rather than when the
    // last spawned loader task lets go of it.
    Snapshot::finish(snapshot).await;
    response
}
