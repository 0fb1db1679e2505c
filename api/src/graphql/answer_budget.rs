//! The bound on an answer's size while it executes (`--max-response-bytes`), and the way an
//! introspection answer stops with its request.
//!
//! async-graphql builds a whole answer in memory before the answer writer sees it, so a bound
//! checked by the writer alone comes after the memory is spent. Operations that select
//! introspection run on a schema with one extension, [`Counting`], whose `resolve` hook sees
//! every field (introspection's own included): it adds each value's bytes as written in JSON
//! (its key, its punctuation, a scalar's text; an object or a list is counted by its members)
//! to the request's [`AnswerBudget`], and once the budget is passed it stops the execution
//! ([`AnswerBudget::exceeded`] resolves; the executor drops the answer). The writer checks the
//! exact size of every answer as a backstop (`answer::body_within`).
//!
//! Introspection resolvers never wait on anything, so an introspection answer would otherwise
//! run from start to end in one poll: the hook yields to the runtime every
//! [`YIELD_EVERY`] fields, so that a request that times out, is refused or whose client goes
//! away drops its execution there and nothing keeps burning CPU after its answer.
//!
//! Data operations run on a schema without the extension (each extension adds work to every
//! field of every answer): their answers come from the programme in memory, bounded by their
//! cost, and the writer's check is their bound.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use async_graphql::extensions::ResolveInfo;
use async_graphql::extensions::{Extension, ExtensionContext, ExtensionFactory, NextResolve};
use async_graphql::{QueryPathSegment, ServerResult, Value};
use tokio::sync::Notify;

/// Fields resolved between two yields to the runtime.
pub const YIELD_EVERY: usize = 64;

/// The bytes one answer may still take, shared by its fields.
#[derive(Debug)]
pub struct AnswerBudget {
    max: usize,
    spent: AtomicUsize,
    resolved: AtomicUsize,
    over: AtomicBool,
    passed: Notify,
}

impl AnswerBudget {
    /// A budget of `max` bytes.
    pub fn new(max: usize) -> Arc<Self> {
        Arc::new(Self {
            max,
            spent: AtomicUsize::new(0),
            resolved: AtomicUsize::new(0),
            over: AtomicBool::new(false),
            passed: Notify::new(),
        })
    }

    /// The bytes the budget allows.
    pub fn max(&self) -> usize {
        self.max
    }

    /// Resolves once the answer has passed the budget.
    pub async fn exceeded(&self) {
        self.passed.notified().await;
    }

    /// True once the answer has passed the budget.
    pub fn is_exceeded(&self) -> bool {
        self.over.load(Ordering::Acquire)
    }

    /// Adds `bytes`; false once the total passes the budget (the first time, the waiter of
    /// [`AnswerBudget::exceeded`] is woken).
    fn spend(&self, bytes: usize) -> bool {
        let before = self.spent.fetch_add(bytes, Ordering::AcqRel);
        if before.saturating_add(bytes) <= self.max {
            return true;
        }
        if !self.over.swap(true, Ordering::AcqRel) {
            self.passed.notify_one();
        }
        false
    }

    /// Counts one resolved field; true when it is time to yield.
    fn resolved_one(&self) -> bool {
        self.resolved.fetch_add(1, Ordering::Relaxed) % YIELD_EVERY == YIELD_EVERY - 1
    }
}

/// The extension that counts an answer's bytes against the request's [`AnswerBudget`].
pub struct Counting;

impl ExtensionFactory for Counting {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(Counting)
    }
}

#[async_graphql::async_trait::async_trait]
impl Extension for Counting {
    async fn resolve(
        &self,
        ctx: &ExtensionContext<'_>,
        info: ResolveInfo<'_>,
        next: NextResolve<'_>,
    ) -> ServerResult<Option<Value>> {
        let Some(budget) = ctx.data_opt::<Arc<AnswerBudget>>() else {
            return next.run(ctx, info).await;
        };
        if budget.is_exceeded() {
            // The executor drops the answer: nothing resolves any more.
            return std::future::pending().await;
        }
        if budget.resolved_one() {
            tokio::task::yield_now().await;
        }
        let key = match info.path_node.segment {
            QueryPathSegment::Name(key) => key.len() + 4,
            QueryPathSegment::Index(_) => 1,
        };
        let value = next.run(ctx, info).await?;
        let bytes = key + value.as_ref().map_or(4, written_bytes);
        if !budget.spend(bytes) {
            return std::future::pending().await;
        }
        Ok(value)
    }
}

/// The bytes a value adds as JSON beyond its members: a scalar's text, an object's or a list's
/// brackets (their members are resolved, and counted, on their own).
fn written_bytes(value: &Value) -> usize {
    match value {
        Value::Null => 4,
        Value::Boolean(_) => 5,
        Value::Number(number) => number.to_string().len(),
        Value::String(text) => text.len() + 2,
        Value::Enum(name) => name.len() + 2,
        Value::Binary(bytes) => bytes.len().saturating_mul(4),
        Value::List(_) | Value::Object(_) => 2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn passing_the_budget_wakes_its_waiter_once() {
        let budget = AnswerBudget::new(10);
        assert!(budget.spend(10));
        assert!(!budget.is_exceeded());
        assert!(!budget.spend(1));
        assert!(!budget.spend(1));
        assert!(budget.is_exceeded());
        tokio::time::timeout(std::time::Duration::from_secs(5), budget.exceeded())
            .await
            .unwrap_or_else(|_| panic!("the waiter was not woken"));
    }
}
