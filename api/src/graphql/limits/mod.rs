//! Operation limits that async-graphql does not enforce itself, checked cheaply and in an
//! order that keeps every step bounded:
//!
//! 1. before parsing, one linear scan: document size, token count and bracket nesting (the
//!    parser recurses per nesting level, so nesting is bounded before it runs);
//! 2. after parsing, before async-graphql's own checks: fragment cycles and the size of the
//!    selection once fragments are expanded (its checks walk spreads without memoisation, so
//!    a "fragment bomb" of a few hundred bytes would cost 2^n there), aliases, root fields.
//!
//! Depth, complexity, directives per field and recursion depth are async-graphql's
//! (configured in `graphql::schema`); [`limit_of_message`] names them for clients.

use std::collections::{HashMap, HashSet};

use async_graphql::parser::types::{ExecutableDocument, Selection, SelectionSet};
use async_graphql::{Name, Positioned, ServerError};

use crate::config::Limits;

mod tokens;

use tokens::{Token, Tokens};

/// `extensions.code` of a request that breaks an operation limit.
pub const OPERATION_LIMIT_EXCEEDED: &str = "OPERATION_LIMIT_EXCEEDED";

/// Which limit a request broke, and how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LimitExceeded {
    /// The limit's name, as `extensions.limit`: `queryBytes`, `queryTokens`, `nesting`,
    /// `aliases`, `rootFields`, `complexity`, `depth`, `directives`, `recursion`, `batch`.
    pub limit: &'static str,
    /// What happened, for the client.
    pub message: String,
}

impl LimitExceeded {
    fn new(limit: &'static str, message: impl Into<String>) -> Self {
        Self {
            limit,
            message: message.into(),
        }
    }

    /// As a GraphQL error with `extensions.code` and `extensions.limit`.
    pub fn into_server_error(self) -> ServerError {
        let mut error = ServerError::new(self.message, None);
        let extensions = error.extensions.get_or_insert_with(Default::default);
        extensions.set("code", OPERATION_LIMIT_EXCEEDED);
        extensions.set("limit", self.limit);
        error
    }
}

/// Step 1: size, tokens and nesting of the query text, in one pass that stops at the first
/// limit crossed.
pub fn check_text(query: &str, limits: &Limits) -> Result<(), LimitExceeded> {
    if query.len() > limits.max_query_bytes {
        return Err(LimitExceeded::new(
            "queryBytes",
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
            return Err(LimitExceeded::new(
                "queryTokens",
                format!("the query has more than {} tokens", limits.max_query_tokens),
            ));
        }
        match token {
            Token::Open => {
                nesting += 1;
                if nesting > limits.max_recursion_depth {
                    return Err(LimitExceeded::new(
                        "nesting",
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

/// Step 2: the parsed document's fragments, expanded size, aliases and root fields.
pub fn check_document(doc: &ExecutableDocument, limits: &Limits) -> Result<(), ServerError> {
    let mut expansion = Expansion {
        doc,
        memo: HashMap::new(),
        visiting: HashSet::new(),
    };
    let mut expanded = 0usize;
    for (_, operation) in doc.operations.iter() {
        expanded = expanded.saturating_add(expansion.fields(&operation.node.selection_set)?);
    }
    // Every field costs at least 1 in complexity: a document that expands to more fields than
    // the complexity limit cannot pass it, so it is refused before it is walked again.
    if expanded > limits.max_complexity {
        return Err(LimitExceeded::new(
            "complexity",
            format!(
                "the query selects {expanded} fields once fragments are expanded; the limit is {}",
                limits.max_complexity
            ),
        )
        .into_server_error());
    }
    let aliases = count_aliases(doc);
    if aliases > limits.max_aliases {
        return Err(LimitExceeded::new(
            "aliases",
            format!(
                "the query has {aliases} aliases; the limit is {}",
                limits.max_aliases
            ),
        )
        .into_server_error());
    }
    for (_, operation) in doc.operations.iter() {
        let roots = expansion.root_fields(&operation.node.selection_set);
        if roots > limits.max_root_fields {
            return Err(LimitExceeded::new(
                "rootFields",
                format!(
                    "an operation selects {roots} root fields; the limit is {}",
                    limits.max_root_fields
                ),
            )
            .into_server_error());
        }
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
    fn fields(&mut self, set: &Positioned<SelectionSet>) -> Result<usize, ServerError> {
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

    fn fragment(&mut self, name: &Name, pos: async_graphql::Pos) -> Result<usize, ServerError> {
        if let Some(&size) = self.memo.get(name) {
            return Ok(size);
        }
        let Some(fragment) = self.doc.fragments.get(name) else {
            // Unknown fragments are the validator's to report.
            return Ok(0);
        };
        if !self.visiting.insert(name.clone()) {
            let mut error = ServerError::new(
                format!("Cannot spread fragment \"{name}\" within itself."),
                Some(pos),
            );
            error.extensions.get_or_insert_with(Default::default).set(
                "code",
                crate::graphql::error_codes::GRAPHQL_VALIDATION_FAILED,
            );
            return Err(error);
        }
        let size = self.fields(&fragment.node.selection_set)?;
        self.visiting.remove(name);
        self.memo.insert(name.clone(), size);
        Ok(size)
    }

    /// Fields at the root of `set`, through fragments (already known to be acyclic).
    fn root_fields(&self, set: &Positioned<SelectionSet>) -> usize {
        set.node.items.iter().fold(0usize, |total, selection| {
            total.saturating_add(match &selection.node {
                Selection::Field(_) => 1,
                Selection::InlineFragment(inline) => self.root_fields(&inline.node.selection_set),
                Selection::FragmentSpread(spread) => self
                    .doc
                    .fragments
                    .get(&spread.node.fragment_name.node)
                    .map_or(0, |f| self.root_fields(&f.node.selection_set)),
            })
        })
    }
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

/// The limit that an async-graphql error message reports, if it is one of its limits.
pub fn limit_of_message(message: &str) -> Option<&'static str> {
    if message == "Query is nested too deep." {
        Some("depth")
    } else if message == "Query is too complex." {
        Some("complexity")
    } else if message.starts_with("The number of directives on the field") {
        Some("directives")
    } else if message.starts_with("The recursion depth of the query cannot be greater than")
        || message.contains("recursion limit exceeded")
    {
        Some("recursion")
    } else {
        None
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
            Err("queryTokens")
        );
        let long = "#".repeat(limits.max_query_bytes + 1);
        assert_eq!(
            check_text(&long, &limits).map_err(|e| e.limit),
            Err("queryBytes")
        );
        let nested = format!("{}{}", "[".repeat(40), "]".repeat(40));
        assert_eq!(
            check_text(&nested, &limits).map_err(|e| e.limit),
            Err("nesting")
        );
    }

    fn check(query: &str) -> Result<(), Option<String>> {
        let doc = async_graphql::parser::parse_query(query).map_err(|_| None)?;
        check_document(&doc, &limits()).map_err(|e| {
            e.extensions
                .and_then(|x| x.get("limit").or(x.get("code")).map(ToString::to_string))
        })
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
