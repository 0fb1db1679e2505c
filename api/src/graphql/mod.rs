//! The GraphQL schema: types, queries, loaders and the rules of the client contract.

pub mod args;
pub mod context;
pub mod cursor;
pub mod error_codes;
pub mod ids;
pub mod loaders;
pub mod query;
pub mod scalars;
pub mod types;

use async_graphql::{EmptyMutation, EmptySubscription, Schema, SchemaBuilder};
use sea_orm::DatabaseConnection;

pub use query::Query;

/// The served schema.
pub type ApiSchema = Schema<Query, EmptyMutation, EmptySubscription>;

fn builder() -> SchemaBuilder<Query, EmptyMutation, EmptySubscription> {
    Schema::build(Query::default(), EmptyMutation, EmptySubscription)
        .extension(error_codes::ErrorCodes)
}

/// The schema, serving from `db`.
pub fn schema(db: DatabaseConnection) -> ApiSchema {
    builder().data(db).finish()
}

/// The schema's SDL, as recorded in `schema.graphql`.
pub fn sdl() -> String {
    builder().finish().sdl()
}
