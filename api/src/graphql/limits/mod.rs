//! Operation limits that async-graphql does not enforce itself, checked cheaply and in an
//! order that keeps every step bounded:
//!
//! 1. before parsing, one linear scan: document size, token count and bracket nesting (the
//!    parser recurses per nesting level, so nesting is bounded before it runs);
//! 2. after parsing, on the document as written ([`check_document`]): fragment cycles and the
//!    size of the selection once fragments are expanded (memoised, so a "fragment bomb" of a
//!    few hundred bytes is refused before anything expands it), directives on any one
//!    location (async-graphql's own limit saw fields only), aliases, and the introspection
//!    budget (`introspection`: lists that lead back to types nest at most twice, as graphql-js
//!    counts them);
//! 3. on the compiled operation ([`check_operation`]: fragments expanded, `@skip`/`@include`
//!    decided, arguments resolved): the depth of data fields and, apart, of introspection
//!    subtrees (`depth`), root fields, and the cost (`complexity`), refused with its figures.
//!
//! Recursion depth is async-graphql's (configured in `graphql::schema`);
//! `error_codes::limit_of_message` names it for clients.

use std::collections::{HashMap, HashSet};

use async_graphql::parser::types::{ExecutableDocument, Selection, SelectionSet};
use async_graphql::{Name, Positioned};

use crate::config::Limits;
use crate::error::{Limit, Refusal};
use crate::graphql::operation::Compiled;
use crate::graphql::shape::Shape;

mod arguments;
pub mod complexity;
mod depth;
pub mod introspection;
pub mod introspection_cost;
mod tokens;

use tokens::{Token, Tokens};

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

/// Step 2: the parsed document's fragments, expanded size, directives and aliases.
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
    let directives = most_directives(doc);
    if directives > limits.max_directives_per_field {
        return Err(Refusal::limit(
            Limit::Directives,
            format!(
                "the query puts {directives} directives on one location; the limit is {}",
                limits.max_directives_per_field
            ),
        ));
    }
    let aliases = count_aliases(doc);
    if aliases > limits.max_aliases {
        return Err(Refusal::limit(
            Limit::Aliases,
            format!(
                "the query has {aliases} aliases; the limit is {}",
                limits.max_aliases
            ),
        ));
    }
    Ok(())
}

/// Step 3: the compiled operation's depths, then the introspection budget (on the document,
/// as graphql-js counts it), root fields, argument values and cost.
pub fn check_operation(
    doc: &ExecutableDocument,
    operation: &Compiled,
    limits: &Limits,
    shape: &Shape,
    bounds: &complexity::ListBounds,
) -> Result<(), Refusal> {
    let depths = depth::depths(operation);
    if depths.data > limits.max_depth {
        return Err(Refusal::limit(
            Limit::Depth,
            format!(
                "the query nests fields {} levels deep; the limit is {}",
                depths.data, limits.max_depth
            ),
        ));
    }
    if depths.introspection > limits.max_introspection_depth {
        return Err(Refusal::limit(
            Limit::IntrospectionDepth,
            format!(
                "the query nests introspection fields {} levels deep; the limit is {}",
                depths.introspection, limits.max_introspection_depth
            ),
        ));
    }
    let lists = introspection::deepest_list_nesting(doc);
    if lists >= introspection::MAX_LIST_DEPTH {
        return Err(Refusal::limit(
            Limit::IntrospectionLists,
            format!(
                "Maximum introspection depth exceeded: the query nests {lists} of the lists `fields`, `interfaces`, `possibleTypes` and `inputFields` under introspection; at most {} may nest",
                introspection::MAX_LIST_DEPTH - 1
            ),
        ));
    }
    let roots = operation.fields.len();
    if roots > limits.max_root_fields {
        return Err(Refusal::limit(
            Limit::RootFields,
            format!(
                "an operation selects {roots} root fields; the limit is {}",
                limits.max_root_fields
            ),
        ));
    }
    arguments::check(operation, shape)?;
    let cost = complexity::cost(operation, shape, bounds, limits.max_complexity);
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

/// The most directives written on one location of the document: an operation, a variable
/// definition, a fragment definition, a field, an inline fragment or a spread (async-graphql's
/// own limit counts fields only, and each unknown directive is an error of its own).
fn most_directives(doc: &ExecutableDocument) -> usize {
    fn in_set(set: &Positioned<SelectionSet>) -> usize {
        set.node.items.iter().fold(0usize, |most, selection| {
            let here = match &selection.node {
                Selection::Field(field) => field
                    .node
                    .directives
                    .len()
                    .max(in_set(&field.node.selection_set)),
                Selection::InlineFragment(inline) => inline
                    .node
                    .directives
                    .len()
                    .max(in_set(&inline.node.selection_set)),
                Selection::FragmentSpread(spread) => spread.node.directives.len(),
            };
            most.max(here)
        })
    }
    let operations = doc.operations.iter().map(|(_, op)| {
        let variables = op
            .node
            .variable_definitions
            .iter()
            .map(|v| v.node.directives.len())
            .max()
            .unwrap_or(0);
        op.node
            .directives
            .len()
            .max(variables)
            .max(in_set(&op.node.selection_set))
    });
    let fragments = doc
        .fragments
        .values()
        .map(|f| f.node.directives.len().max(in_set(&f.node.selection_set)));
    operations.chain(fragments).max().unwrap_or(0)
}

/// Aliased fields written in the document (each written alias once).
fn count_aliases(doc: &ExecutableDocument) -> usize {
    fn in_set(set: &Positioned<SelectionSet>) -> usize {
        set.node.items.iter().fold(0usize, |total, selection| {
            total.saturating_add(match &selection.node {
                Selection::Field(field) => usize::from(field.node.alias.is_some())
                    .saturating_add(in_set(&field.node.selection_set)),
                Selection::InlineFragment(inline) => in_set(&inline.node.selection_set),
                Selection::FragmentSpread(_) => 0,
            })
        })
    }
    let operations = doc
        .operations
        .iter()
        .map(|(_, op)| in_set(&op.node.selection_set));
    let fragments = doc
        .fragments
        .values()
        .map(|f| in_set(&f.node.selection_set));
    operations.chain(fragments).fold(0, usize::saturating_add)
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

    fn check(query: &str) -> Result<(), Option<String>> {
        let doc = async_graphql::parser::parse_query(query).map_err(|_| None)?;
        let code = |e: async_graphql::ServerError| {
            e.extensions
                .and_then(|x| x.get("limit").or(x.get("code")).map(ToString::to_string))
        };
        check_document(&doc, &limits()).map_err(|e| code(e.into_server_error()))?;
        let Some(operation) = crate::graphql::operation::selected(&doc, None) else {
            return Ok(());
        };
        let compiled = crate::graphql::operation::compile(&doc, operation, &Default::default());
        check_operation(
            &doc,
            &compiled,
            &limits(),
            Shape::served(),
            &complexity::ListBounds::default(),
        )
        .map_err(|e| code(e.into_server_error()))
    }

    #[test]
    fn fragment_bombs_cycles_aliases_and_root_fields_are_refused_before_validation() {
        assert_eq!(check("{ event { name } }"), Ok(()));
        // 2^20 fields from 20 fragments of two spreads each: refused without expanding them.
        let mut bomb = String::from("{ ...F0 } ");
        for i in 0..20 {
            bomb.push_str(&format!(
                "fragment F{i} on Query {{ ...F{} ...F{} }} ",
                i + 1,
                i + 1
            ));
        }
        bomb.push_str("fragment F20 on Query { themes { slug } }");
        assert_eq!(check(&bomb), Err(Some("\"complexity\"".into())));
        assert_eq!(
            check("{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }"),
            Err(Some("\"GRAPHQL_VALIDATION_FAILED\"".into()))
        );
        let aliases: String = (0..31)
            .map(|i| format!("a{i}: themes {{ slug }} "))
            .collect();
        assert_eq!(
            check(&format!("{{ {aliases} }}")),
            Err(Some("\"aliases\"".into()))
        );
        let roots = "themes { slug } ".repeat(21);
        assert_eq!(
            check(&format!("{{ {roots} }}")),
            Err(Some("\"rootFields\"".into()))
        );
    }
}
