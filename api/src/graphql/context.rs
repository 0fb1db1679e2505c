//! What resolvers take from the request context: the programme of the request's revision (in
//! memory), and the request's snapshot of the database with the loaders that read through it
//! (for what stays SQL: provenance, sources, reference lists, research lists).

use std::hash::Hash;
use std::sync::Arc;

use async_graphql::Context;
use async_graphql::dataloader::Loader;
use sea_orm::{DatabaseTransaction, DbErr};

use crate::error::{ApiError, IntoGraphql};
use crate::graphql::loaders::{Loaders, SqlLoader};
use crate::store::programme::Programme;
use crate::store::snapshot::Snapshot;

/// The programme the request is answered from: one revision, in memory, no statement.
pub async fn programme<'a>(ctx: &Context<'a>) -> async_graphql::Result<&'a Programme> {
    cooperate().await;
    let programme = ctx
        .data::<Arc<Programme>>()
        .map_err(|_| missing("programme"))
        .gql()?;
    Ok(programme)
}

/// What the schema says of the service itself (its build, its public URL).
pub fn served<'a>(ctx: &Context<'a>) -> async_graphql::Result<&'a crate::graphql::Served> {
    ctx.data::<crate::graphql::Served>()
        .map_err(|_| missing("served build"))
        .gql()
}

/// The entity of the programme with slug `slug` (`find` picks it by key), as `T`: null for a
/// well-formed slug of nothing, `BAD_USER_INPUT` for a string that is not a slug.
pub async fn by_slug<M, T: From<Arc<M>>>(
    ctx: &Context<'_>,
    slug: &str,
    find: impl for<'p> FnOnce(&'p Programme, &str) -> Option<&'p Arc<M>>,
) -> async_graphql::Result<Option<T>> {
    let slug = crate::graphql::args::slug(slug).gql()?;
    Ok(find(programme(ctx).await?, slug).cloned().map(T::from))
}

/// The connection of the request's snapshot: every statement of a request reads one version
/// of the data.
pub async fn db<'a>(ctx: &Context<'a>) -> async_graphql::Result<&'a DatabaseTransaction> {
    cooperate().await;
    let snapshot = ctx
        .data::<Arc<Snapshot>>()
        .map_err(|_| missing("snapshot"))
        .gql()?;
    snapshot.connection().await.gql()
}

/// The request's loaders.
pub fn loaders<'a>(ctx: &Context<'a>) -> async_graphql::Result<&'a Loaders> {
    ctx.data::<Loaders>().map_err(|_| missing("loaders")).gql()
}

/// Every read of the data by a resolver spends a unit of the task's cooperative budget, and
/// yields once it is spent: async-graphql's own resolvers never yield, so without this an
/// answer built from data already at hand would run to its end in one poll, past the request
/// timeout and a shutdown. (The reads are the one place every data resolver passes through,
/// whether the data comes from SQL, as now, or from memory.)
pub async fn cooperate() {
    tokio::task::coop::consume_budget().await;
}

fn missing(what: &str) -> ApiError {
    ApiError::Internal {
        cause: format!("the request context has no {what}").into(),
    }
}

/// One value by key, through the request's loaders (SQL, batched).
pub async fn load_one<K, V>(ctx: &Context<'_>, key: K) -> async_graphql::Result<Option<V>>
where
    K: Send + Sync + Hash + Eq + Clone + 'static,
    V: Send + Sync + Clone + 'static,
    SqlLoader: Loader<K, Value = V, Error = Arc<DbErr>>,
{
    cooperate().await;
    loaders(ctx)?.load_one(key).await.gql()
}

/// A list-valued relation: the list for `key`, empty when there is none.
pub async fn load_list<K, V>(ctx: &Context<'_>, key: K) -> async_graphql::Result<Vec<V>>
where
    K: Send + Sync + Hash + Eq + Clone + 'static,
    V: Send + Sync + Clone + 'static,
    SqlLoader: Loader<K, Value = Vec<V>, Error = Arc<DbErr>>,
{
    Ok(load_one(ctx, key).await?.unwrap_or_default())
}
