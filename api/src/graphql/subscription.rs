//! The subscription root: what a client follows over WebSocket (`GET /graphql` with
//! `Upgrade: websocket`; see `http::websocket`).

use std::sync::Arc;

use async_graphql::{Context, Subscription as SubscriptionRoot};
use futures_util::{Stream, StreamExt};

use crate::error::{ApiError, IntoGraphql};
use crate::graphql::types::Dataset;
use crate::store::revision_feed::RevisionFeed;

/// The subscription root.
#[derive(Debug, Default)]
pub struct Subscription;

/// What a client follows over WebSocket on `/graphql` (graphql-transport-ws, or graphql-ws for
/// older clients): each event is pushed as it happens.
#[SubscriptionRoot]
impl Subscription {
    /// The data revision served: the dataset's `version` and `loadedAt` (as `dataset` gives
    /// them), first the current one on subscribe, then each new one as the service sees it:
    /// within `--data-version-max-age` of a load (plus the time to read the new programme),
    /// whether `cities-api load-data` made it or another replica sharing the database did. A
    /// load of files identical to the served version changes nothing and pushes nothing. A
    /// client that re-fetches on each event sees every correction without polling.
    async fn data_revision(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<impl Stream<Item = async_graphql::Result<Dataset>> + use<>> {
        let feed = ctx
            .data::<Arc<RevisionFeed>>()
            .map_err(|_| ApiError::Internal {
                cause: "the subscription context has no revision feed".into(),
            })
            .gql()?;
        let served = crate::graphql::context::served(ctx)?.clone();
        Ok(feed.follow().map(move |read| match read {
            Ok(programme) => Dataset::of(&programme, &served).gql(),
            Err(error) => Err(ApiError::from(error)).gql(),
        }))
    }
}
