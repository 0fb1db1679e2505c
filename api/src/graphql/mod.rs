//! The GraphQL schema: types, queries, loaders and the rules of the client contract.

pub mod args;
pub mod context;
pub mod cursor;
pub mod error_codes;
pub mod ids;
pub mod limits;
pub mod loaders;
pub mod query;
pub mod scalars;
pub mod time_zones;
pub mod types;

use std::sync::Arc;

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
pub fn schema(limits: &Limits, surface: &Surface, metrics: Arc<Metrics>) -> ApiSchema {
    let mut builder = builder(metrics)
        .limit_depth(limits.max_depth)
        .limit_complexity(limits.max_complexity)
        .limit_recursive_depth(limits.max_recursion_depth)
        .limit_directives(limits.max_directives_per_field);
    if !surface.introspection {
        builder = builder.disable_introspection();
    }
    if !surface.field_suggestions {
        builder = builder.disable_suggestions();
    }
    builder.finish()
}

/// The schema's SDL, as recorded in `schema.graphql`.
pub fn sdl() -> String {
    builder(Arc::default()).finish().sdl()
}
