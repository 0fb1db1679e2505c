//! A bare async-graphql-axum server answering `{ __typename }` (and `hello`) on
//! `POST /graphql`, listening on `LISTEN_ADDR`: the framework's own cost per request.

use async_graphql::{EmptyMutation, EmptySubscription, Object, Schema};
use async_graphql_axum::GraphQL;
use axum::Router;
use axum::routing::post_service;

struct Query;

#[Object]
impl Query {
    /// A constant.
    async fn hello(&self) -> &str {
        "world"
    }
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let schema = Schema::new(Query, EmptyMutation, EmptySubscription);
    let app = Router::new().route("/graphql", post_service(GraphQL::new(schema)));
    let addr = std::env::var("LISTEN_ADDR").unwrap_or_else(|_| "127.0.0.1:18090".to_owned());
    let listener = tokio::net::TcpListener::bind(addr).await?;
    axum::serve(listener, app).await
}
