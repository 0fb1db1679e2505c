//! Operation limits that async-graphql does not enforce itself, checked cheaply and in an
//! order that keeps every step bounded:
//!
//! 1. before parsing, one linear scan: document size, token count and bracket nesting (the
//!    parser recurses per nesting level, so nesting is bounded before it runs);
//! 2. after parsing, on the document as written, once per text ([`check_document`]): fragment
//!    cycles and the size of the selection once fragments are expanded (memoised, so a
//!    "fragment bomb" of a few hundred bytes is refused before anything expands it);
//! 3. on what compiling the operation measured ([`check_operation`]: fragments expanded,
//!    `@skip`/`@include` decided, arguments resolved, in the one walk of
//!    `operation::compile`): the depth of data fields and, apart, of introspection subtrees,
//!    the introspection budget (`introspection`: lists that lead back to types nest at most
//!    twice, as graphql-js counts them), root fields, aliases and directives (counted through
//!    every fragment spread), argument values, and the cost (`complexity`, with
//!    introspection counted exactly by `introspection_cost`), refused with its figures.
//!
//! Recursion depth is async-graphql's (configured in `graphql::schema`);
//! `error_codes::limit_of_message` names it for clients.

use std::collections::{HashMap, HashSet};

use async_graphql::parser::types::{ExecutableDocument, Selection, SelectionSet};
use async_graphql::{Name, Positioned};

use async_graphql::ServerError;

use crate::config::Limits;
use crate::error::{Limit, Refusal};
use crate::graphql::compiled::Compiled;
use complexity::Cost;

pub mod arguments;
pub mod complexity;
pub mod introspection;
pub mod introspection_cost;
mod tokens;

use tokens::{Token, Tokens};

/// What the limits read of a compiled operation (see `limits::check_operation`).
#[derive(Debug, Default)]
pub struct Measures {
    /// Levels of data fields (a root field is level 1; an introspection field counts 1).
    pub data_depth: usize,
    /// Levels of the deepest `__schema` / `__type` subtree (the field itself is level 1).
    pub introspection_depth: usize,
    /// The deepest nesting of the introspection lists that lead back to types.
    pub introspection_lists: usize,
    /// Aliased fields, counted through every fragment spread.
    pub aliases: usize,
    /// The most directives on one location (the operation, a variable, a field, an inline
    /// fragment, a spread, a fragment definition).
    pub directives: usize,
    /// The operation's cost.
    pub cost: Cost,
    /// The first argument value async-graphql would let through wrongly (an `Int` past 32
    /// bits), or an alias of `operation::RUNTIME_TYPE`.
    pub refused: Option<Refusal>,
    /// The first unknown time zone.
    pub time_zone: Option<ServerError>,
}

/// Step 1: size, tokens and nesting of the query text, in one pass that stops at the first
/// limit crossed.
pub fn check_text(query: &str, limits: &Limits) -> Result<(), Refusal> {
    if query.len() > limits.max_query_bytes {
        return Err(Refusal::limit(
            Limit::QueryBytes,
            format!(
                "the query is {} bytes long; the limit is {}",
                query.len(),
                limits.max_query_bytes
            ),
        ));
    }
    let mut tokens = 0usize;
    let mut nesting = 0usize;
    for token in Tokens::new(query) {
        tokens += 1;
        if tokens > limits.max_query_tokens {
            return Err(Refusal::limit(
                Limit::QueryTokens,
                format!("the query has more than {} tokens", limits.max_query_tokens),
            ));
        }
        match token {
            Token::Open => {
                nesting += 1;
                if nesting > limits.max_recursion_depth {
                    return Err(Refusal::limit(
                        Limit::Nesting,
                        format!(
                            "the query nests brackets deeper than {}",
                            limits.max_recursion_depth
                        ),
                    ));
                }
            }
            Token::Close => nesting = nesting.saturating_sub(1),
            Token::Other => {}
        }
    }
    Ok(())
}

/// Step 2: the parsed document's fragments: no cycle, and a selection of at most
/// `--max-complexity` fields once they are expanded.
pub fn check_document(doc: &ExecutableDocument, limits: &Limits) -> Result<(), Refusal> {
    let mut expansion = Expansion {
        doc,
        memo: HashMap::new(),
        visiting: HashSet::new(),
    };
    let mut expanded = 0usize;
    for (_, operation) in doc.operations.iter() {
        let fields = expansion.fields(&operation.node.selection_set)?;
        expanded = expanded.saturating_add(fields);
    }
    // Every field costs at least 1 in complexity: a document that expands to more fields than
    // the complexity limit cannot pass it, so it is refused before it is walked again.
    if expanded > limits.max_complexity {
        return Err(Refusal::limit(
            Limit::Complexity,
            format!(
                "the query selects {expanded} fields once fragments are expanded; the limit is {}",
                limits.max_complexity
            ),
        ));
    }
    Ok(())
}

/// Step 3: what compiling `operation` measured, in a fixed order: depths, the introspection
/// budget, aliases, directives, root fields, argument values, cost.
pub fn check_operation(
    operation: &Compiled,
    measures: &Measures,
    limits: &Limits,
) -> Result<(), Refusal> {
    let over = |measure: usize, limit: usize| measure > limit;
    if over(measures.data_depth, limits.max_depth) {
        return Err(Refusal::limit(
            Limit::Depth,
            format!(
                "the query nests fields {} levels deep; the limit is {}",
                measures.data_depth, limits.max_depth
            ),
        ));
    }
    if over(measures.introspection_depth, limits.max_introspection_depth) {
        return Err(Refusal::limit(
            Limit::IntrospectionDepth,
            format!(
                "the query nests introspection fields {} levels deep; the limit is {}",
                measures.introspection_depth, limits.max_introspection_depth
            ),
        ));
    }
    let lists = measures.introspection_lists;
    if lists >= introspection::MAX_LIST_DEPTH {
        return Err(Refusal::limit(
            Limit::IntrospectionLists,
            format!(
                "Maximum introspection depth exceeded: the query nests {lists} of the lists `fields`, `interfaces`, `possibleTypes` and `inputFields` under introspection; at most {} may nest",
                introspection::MAX_LIST_DEPTH - 1
            ),
        ));
    }
    if over(measures.aliases, limits.max_aliases) {
        return Err(Refusal::limit(
            Limit::Aliases,
            format!(
                "the query has {} aliases, counted through every fragment spread; the limit is {}",
                measures.aliases, limits.max_aliases
            ),
        ));
    }
    if over(measures.directives, limits.max_directives_per_field) {
        return Err(Refusal::limit(
            Limit::Directives,
            format!(
                "the query puts {} directives on one location; the limit is {}",
                measures.directives, limits.max_directives_per_field
            ),
        ));
    }
    let roots = operation.root_fields();
    if over(roots, limits.max_root_fields) {
        return Err(Refusal::limit(
            Limit::RootFields,
            format!(
                "an operation selects {roots} root fields; the limit is {}",
                limits.max_root_fields
            ),
        ));
    }
    if let Some(refusal) = &measures.refused {
        return Err(refusal.clone());
    }
    let cost = measures.cost;
    if cost.counted > limits.max_complexity {
        let maximum = limits.max_complexity;
        let message = if cost.stopped {
            format!(
                "the query costs more than {maximum}, the limit (its introspection answer alone would hold more fields; counting stopped at {})",
                cost.counted
            )
        } else {
            format!("the query costs {}; the limit is {maximum}", cost.counted)
        };
        return Err(Refusal::limit(Limit::Complexity, message).with_figures(cost.counted, maximum));
    }
    Ok(())
}

/// Sizes of selections with fragments expanded, memoised per fragment.
struct Expansion<'a> {
    doc: &'a ExecutableDocument,
    memo: HashMap<Name, usize>,
    visiting: HashSet<Name>,
}

impl Expansion<'_> {
    /// Fields selected by `set`, counting every field of every expanded fragment.
    fn fields(&mut self, set: &Positioned<SelectionSet>) -> Result<usize, Refusal> {
        let mut total = 0usize;
        for selection in &set.node.items {
            let size = match &selection.node {
                Selection::Field(field) => {
                    1usize.saturating_add(self.fields(&field.node.selection_set)?)
                }
                Selection::InlineFragment(inline) => self.fields(&inline.node.selection_set)?,
                Selection::FragmentSpread(spread) => {
                    self.fragment(&spread.node.fragment_name.node, spread.pos)?
                }
            };
            total = total.saturating_add(size);
        }
        Ok(total)
    }

    fn fragment(&mut self, name: &Name, pos: async_graphql::Pos) -> Result<usize, Refusal> {
        if let Some(&size) = self.memo.get(name) {
            return Ok(size);
        }
        let Some(fragment) = self.doc.fragments.get(name) else {
            // Unknown fragments are the validator's to report.
            return Ok(0);
        };
        if !self.visiting.insert(name.clone()) {
            return Err(Refusal::invalid_at(
                pos,
                format!("Cannot spread fragment \"{name}\" within itself."),
            ));
        }
        let size = self.fields(&fragment.node.selection_set)?;
        self.visiting.remove(name);
        self.memo.insert(name.clone(), size);
        Ok(size)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits() -> Limits {
        crate::config::Config::default().limits
    }

    #[test]
    fn text_limits_stop_at_the_first_crossing() {
        let limits = limits();
        assert!(check_text("{ event { name } }", &limits).is_ok());
        let flood = format!("{{{}}}", " a".repeat(limits.max_query_tokens));
        assert_eq!(
            check_text(&flood, &limits).map_err(|e| e.limit),
            Err(Some(Limit::QueryTokens))
        );
        let long = "#".repeat(limits.max_query_bytes + 1);
        assert_eq!(
            check_text(&long, &limits).map_err(|e| e.limit),
            Err(Some(Limit::QueryBytes))
        );
        let nested = format!("{}{}", "[".repeat(40), "]".repeat(40));
        assert_eq!(
            check_text(&nested, &limits).map_err(|e| e.limit),
            Err(Some(Limit::Nesting))
        );
    }
}
