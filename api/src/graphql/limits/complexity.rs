//! The complexity limit, decided where the cost is known: after async-graphql's validation,
//! which computes every operation's complexity (a field costs 1, a connection `first` × its
//! selection, a list 10 × its selection). A refusal states the cost and the maximum in
//! `extensions.cost` and `extensions.maximum`; async-graphql's own limit would say neither.

use std::sync::Arc;

use async_graphql::extensions::{Extension, ExtensionContext, ExtensionFactory, NextValidation};
use async_graphql::{ServerError, ValidationResult};

use crate::error::Limit;
use crate::graphql::error_codes::with_limit;
use crate::metrics::Metrics;

/// The extension (add it to the schema).
pub struct ComplexityLimit {
    /// `--max-complexity`.
    pub maximum: usize,
    /// Where refusals are counted.
    pub metrics: Arc<Metrics>,
}

impl ExtensionFactory for ComplexityLimit {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(ComplexityCheck {
            maximum: self.maximum,
            metrics: self.metrics.clone(),
        })
    }
}

struct ComplexityCheck {
    maximum: usize,
    metrics: Arc<Metrics>,
}

#[async_graphql::async_trait::async_trait]
impl Extension for ComplexityCheck {
    async fn validation(
        &self,
        ctx: &ExtensionContext<'_>,
        next: NextValidation<'_>,
    ) -> Result<ValidationResult, Vec<ServerError>> {
        let result = next.run(ctx).await?;
        if result.complexity <= self.maximum {
            return Ok(result);
        }
        self.metrics.limit_rejection(Limit::Complexity);
        let message = format!(
            "the query costs {}; the limit is {}",
            result.complexity, self.maximum
        );
        let mut error = with_limit(ServerError::new(message, None), Limit::Complexity);
        let extensions = error.extensions.get_or_insert_with(Default::default);
        extensions.set("cost", result.complexity);
        extensions.set("maximum", self.maximum);
        Err(vec![error])
    }
}
