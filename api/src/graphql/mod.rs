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
pub mod types;

use async_graphql::{EmptyMutation, EmptySubscription, Schema, SchemaBuilder};
use sea_orm::DatabaseConnection;

use crate::config::{Limits, Surface};

pub use query::Query;

/// The served schema.
pub type ApiSchema = Schema<Query, EmptyMutation, EmptySubscription>;

fn builder() -> SchemaBuilder<Query, EmptyMutation, EmptySubscription> {
    Schema::build(Query::default(), EmptyMutation, EmptySubscription)
        .extension(error_codes::ErrorCodes)
}

/// The schema, serving from `db`, with the operation limits and public surface configured.
pub fn schema(db: DatabaseConnection, limits: &Limits, surface: &Surface) -> ApiSchema {
    let mut builder = builder()
        .data(db)
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
    builder().finish().sdl()
}
