//! The operation a request executes, compiled once per request for everything that looks at
//! it: which operation `operationName` selects (one rule, [`selected`]), and its selection with
//! fragments expanded where they stand (each field keeps the type conditions it was selected
//! under), `@skip`/`@include` decided with the request's variables and their defaults, and
//! argument values resolved ([`compile`]). The same walk measures what the limits refuse
//! (`limits::check_operation` reads the measures) and builds the document async-graphql runs;
//! the answer writer (`answer`) reads the compiled operation. Nothing walks the client's
//! document again.

mod compile;
#[cfg(test)]
mod tests;

pub use crate::graphql::compiled::{Compiled, Field, RUNTIME_TYPE};
pub use compile::{Compilation, Rules, compile};

use async_graphql::parser::types::{ExecutableDocument, OperationDefinition};
use async_graphql::{Name, Positioned};

/// The operation `operation_name` selects in `document`, if exactly one does.
pub fn selected<'a>(
    document: &'a ExecutableDocument,
    operation_name: Option<&str>,
) -> Option<&'a OperationDefinition> {
    selected_named(document, operation_name).map(|(_, operation)| &operation.node)
}

/// [`selected`], with the operation's name (`None` for an anonymous one).
pub fn selected_named<'a>(
    document: &'a ExecutableDocument,
    operation_name: Option<&str>,
) -> Option<(Option<&'a Name>, &'a Positioned<OperationDefinition>)> {
    let mut operations = document.operations.iter();
    match operation_name {
        Some(wanted) => operations.find(|(name, _)| name.is_some_and(|n| n.as_str() == wanted)),
        None => {
            let only = operations.next()?;
            operations.next().is_none().then_some(only)
        }
    }
}

/// `query` compiled with `variables` against the served schema, with no limit on its cost
/// (for unit tests of what reads the compilation).
#[cfg(test)]
pub fn compiled(query: &str, variables: serde_json::Value) -> Compilation {
    let document = async_graphql::parser::parse_query(query).unwrap_or_else(|e| panic!("{e}"));
    let variables = async_graphql::Variables::from_json(variables);
    let rules = Rules {
        shape: super::shape::Shape::served(),
        bounds: &super::limits::complexity::ListBounds::default(),
        complexity_cap: usize::MAX,
    };
    compile(&document, None, &variables, &rules)
        .unwrap_or_else(|e| panic!("{}", e.message))
        .unwrap_or_else(|| panic!("no operation selected"))
}
