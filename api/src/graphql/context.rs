//! What resolvers take from the request context: the request's snapshot of the data and the
//! loaders that read through it.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Arc;

use async_graphql::Context;
use async_graphql::dataloader::Loader;
use sea_orm::{DatabaseTransaction, DbErr};

use crate::error::{ApiError, IntoGraphql};
use crate::graphql::loaders::{Loaders, ProgrammeLoader};
use crate::store::snapshot::Snapshot;

/// The connection of the request's snapshot: every statement of a request reads one version
/// of the data.
pub async fn db<'a>(ctx: &Context<'a>) -> async_graphql::Result<&'a DatabaseTransaction> {
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

fn missing(what: &str) -> ApiError {
    ApiError::Internal {
        cause: format!("the request context has no {what}").into(),
    }
}

/// One value by key, through the request's loaders.
pub async fn load_one<K, V>(ctx: &Context<'_>, key: K) -> async_graphql::Result<Option<V>>
where
    K: Send + Sync + Hash + Eq + Clone + 'static,
    V: Send + Sync + Clone + 'static,
    ProgrammeLoader: Loader<K, Value = V, Error = Arc<DbErr>>,
{
    loaders(ctx)?.load_one(key).await.gql()
}

/// Several values by key, in the order of `keys` (missing ones skipped).
pub async fn load_many<K, V>(ctx: &Context<'_>, keys: Vec<K>) -> async_graphql::Result<Vec<V>>
where
    K: Send + Sync + Hash + Eq + Clone + 'static,
    V: Send + Sync + Clone + 'static,
    ProgrammeLoader: Loader<K, Value = V, Error = Arc<DbErr>>,
{
    let mut found: HashMap<K, V> = loaders(ctx)?.load_many(keys.clone()).await.gql()?;
    Ok(keys
        .into_iter()
        .filter_map(|key| found.remove(&key))
        .collect())
}

/// A list-valued relation: the list for `key`, empty when there is none.
pub async fn load_list<K, V>(ctx: &Context<'_>, key: K) -> async_graphql::Result<Vec<V>>
where
    K: Send + Sync + Hash + Eq + Clone + 'static,
    V: Send + Sync + Clone + 'static,
    ProgrammeLoader: Loader<K, Value = Vec<V>, Error = Arc<DbErr>>,
{
    Ok(load_one(ctx, key).await?.unwrap_or_default())
}
