//! The GraphQL schema: types, queries, loaders and the rules of the client contract.

pub mod answer;
pub mod args;
pub mod context;
pub mod error_codes;
pub mod limits;
pub mod loaders;
pub mod operation;
pub mod query;
pub mod scalars;
pub mod shape;
pub mod skip_include;
pub mod subscription;
pub mod themes;
pub mod time_zones;
pub mod types;
pub mod variables;

use std::sync::Arc;

use crate::store::programme::Programme;
use crate::store::programme_watch::ProgrammeWatch;
use crate::store::snapshot::Snapshot;

use crate::config::{Limits, Surface};
use async_graphql::{EmptyMutation, Schema, SchemaBuilder};

pub use query::Query;
pub use subscription::Subscription;

/// The served schema.
pub type ApiSchema = Schema<Query, EmptyMutation, Subscription>;

fn builder() -> SchemaBuilder<Query, EmptyMutation, Subscription> {
    Schema::build(Query::default(), EmptyMutation, Subscription)
}

/// The schema, with the public surface configured. Each request brings the programme and the
/// snapshot of the data it is answered from (see `http::graphql`).
///
/// No extension is installed, so fields resolve without async-graphql's extension chain: the
/// operation limits (depth, cost, ...) are ours, decided on the compiled operation before
/// execution (`limits`), and error codes are given after it (`error_codes`). Recursion depth
/// is async-graphql's, checked in its validation.
pub fn schema(limits: &Limits, surface: &Surface) -> ApiSchema {
    let mut builder = builder().limit_recursive_depth(limits.max_recursion_depth);
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
    builder()
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
/// The answer's body is written by `answer`, which orders it and propagates nulls.
pub async fn execute(
    schema: &ApiSchema,
    watch: &ProgrammeWatch,
    programme: Arc<Programme>,
    snapshot: Arc<Snapshot>,
    request: async_graphql::Request,
) -> (async_graphql::Response, Arc<Programme>) {
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
                watch.metrics().answer_read_again();
                programme = read;
                let request = again.request();
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
    // End the read transaction now (the loaders hold the snapshot only weakly).
    Snapshot::finish(snapshot).await;
    (response, programme)
}

/// What a request is made of, to execute it a second time: its text, parsed again only then
/// (a rare path: no request pays for a copy of its syntax tree), with `@skip`/`@include` made
/// constant as `http::graphql::prepare` made them.
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
        // The text parsed before; should it not, async-graphql reports it.
        if let Ok(mut document) = async_graphql::parser::parse_query(&self.query) {
            skip_include::apply(&mut document, &self.variables);
            request.set_parsed_query(document);
        }
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
