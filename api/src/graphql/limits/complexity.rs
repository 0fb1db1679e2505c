//! The cost of a compiled operation, against `--max-complexity`: a field costs 1 plus its
//! selection; a connection (a field that takes `first`) 1 plus its page size times its
//! selection, where the page size is `first` (or `last`) as it will be read (default 20,
//! bounded to 0..=100), and never more than the rows its list holds in the data being served
//! ([`ListBounds`]: `cities(first: 100)` over 16 local governments counts 16); any other list
//! of objects 1 plus 10 times its selection. The lists of a connection (`edges`, `nodes`) are its page, counted by
//! `first` already. Fields left out by `@skip`/`@include` cost nothing. A refusal states the
//! cost and the maximum in `extensions.cost` and `extensions.maximum`.

use std::collections::HashMap;

use super::introspection_cost;
use crate::graphql::args::{COST_CAP, list_cost, page_cost};
use crate::graphql::operation::{Compiled, Field};
use crate::graphql::shape::Shape;
use crate::store::programme::Programme;

/// The most rows each connection type can hold in the data being served (a page of it is
/// never larger); a connection type it does not name is bounded by `first` alone.
#[derive(Debug, Clone, Default)]
pub struct ListBounds(HashMap<&'static str, usize>);

impl ListBounds {
    /// The bounds of the lists held in memory by `programme` (the reference lists, read from
    /// the database, are bounded by `first` alone).
    pub fn of(programme: &Programme) -> Self {
        let (sessions, speakers) = (programme.sessions().len(), programme.speakers().len());
        let (cities, organisations) = (programme.cities().len(), programme.organisation_count());
        Self(HashMap::from([
            ("SessionConnection", sessions),
            ("SpeakerConnection", speakers),
            ("CityConnection", cities),
            ("OrganisationConnection", organisations),
            (
                "SearchResultConnection",
                sessions + speakers + cities + organisations,
            ),
        ]))
    }

    fn of_type(&self, connection: &str) -> Option<usize> {
        self.0.get(connection).copied()
    }
}

/// The cost of `operation`, with connections bounded by `bounds`. Introspection subtrees are
/// counted exactly (`introspection_cost`), and only until the operation's cost passes `cap`:
/// then the count stops ([`Cost::stopped`]), since any cost above `cap` is refused.
pub fn cost(operation: &Compiled, shape: &Shape, bounds: &ListBounds, cap: usize) -> Cost {
    let costing = Costing {
        shape,
        bounds,
        cap,
        introspection: std::cell::Cell::new(0),
        stopped: std::cell::Cell::new(false),
    };
    let counted = costing.selection(&operation.fields, operation.root_type());
    Cost {
        counted,
        stopped: costing.stopped.get(),
    }
}

/// The cost of an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cost {
    /// The cost counted: the whole cost, unless `stopped`.
    pub counted: usize,
    /// True where counting stopped once the cost passed the cap: the whole cost is more.
    pub stopped: bool,
}

/// What costing an operation reads.
struct Costing<'a> {
    shape: &'a Shape,
    bounds: &'a ListBounds,
    cap: usize,
    /// The cost of the introspection subtrees counted so far.
    introspection: std::cell::Cell<usize>,
    stopped: std::cell::Cell<bool>,
}

impl Costing<'_> {
    fn selection(&self, fields: &[Field], parent: &str) -> usize {
        fields.iter().fold(0usize, |total, field| {
            total.saturating_add(self.field(field, parent))
        })
    }

    fn field(&self, field: &Field, parent: &str) -> usize {
        if field.is_introspection() {
            let left = self.cap.saturating_sub(self.introspection.get());
            let cost = introspection_cost::Costing::subtree(
                introspection_cost::Model::served(),
                field,
                left,
            );
            self.introspection
                .set(self.introspection.get().saturating_add(cost));
            if cost > left {
                self.stopped.set(true);
            }
            return cost;
        }
        field_cost(field, parent, self)
    }
}

fn field_cost(field: &Field, parent: &str, costing: &Costing<'_>) -> usize {
    let (shape, bounds) = (costing.shape, costing.bounds);
    let on = field.selected_on(parent);
    let Some(meta) = shape.field(on, &field.name) else {
        // `__typename`, or a field the validator will refuse.
        return 1usize.saturating_add(costing.selection(&field.children, ""));
    };
    let child = costing.selection(&field.children, meta.named_type());
    let cost = if meta.paged {
        let size = |name: &str| match field.argument(name) {
            Some(async_graphql::Value::Number(n)) => n.as_i64().and_then(|n| i32::try_from(n).ok()),
            _ => None,
        };
        let bound = bounds
            .of_type(meta.named_type())
            .and_then(|rows| i32::try_from(rows).ok());
        let requested = size("first").or_else(|| size("last"));
        let size = match (requested, bound) {
            (Some(requested), Some(bound)) => Some(requested.min(bound)),
            (None, Some(bound)) => Some(bound.min(crate::graphql::args::DEFAULT_PAGE_SIZE)),
            (requested, None) => requested,
        };
        page_cost(size, child)
    } else if meta.is_list() && shape.is_composite(meta.named_type()) && !shape.is_connection(on) {
        list_cost(child)
    } else {
        1usize.saturating_add(child)
    };
    cost.min(COST_CAP)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cost_of(query: &str, variables: serde_json::Value) -> usize {
        let doc = async_graphql::parser::parse_query(query).unwrap_or_else(|e| panic!("{e}"));
        let operation = crate::graphql::operation::selected(&doc, None).unwrap_or_else(|| panic!());
        let variables = async_graphql::Variables::from_json(variables);
        let compiled = crate::graphql::operation::compile(&doc, operation, &variables);
        cost(
            &compiled,
            Shape::served(),
            &ListBounds::default(),
            usize::MAX,
        )
        .counted
    }

    #[test]
    fn a_page_counts_no_more_rows_than_its_list_holds() {
        let doc = async_graphql::parser::parse_query("{ cities(first: 100) { nodes { name } } }")
            .unwrap_or_else(|e| panic!("{e}"));
        let operation = crate::graphql::operation::selected(&doc, None).unwrap_or_else(|| panic!());
        let variables = async_graphql::Variables::default();
        let compiled = crate::graphql::operation::compile(&doc, operation, &variables);
        let sixteen = ListBounds(HashMap::from([("CityConnection", 16)]));
        let unbounded = cost(
            &compiled,
            Shape::served(),
            &ListBounds::default(),
            usize::MAX,
        )
        .counted;
        let bounded = cost(&compiled, Shape::served(), &sixteen, usize::MAX).counted;
        assert!(bounded < unbounded, "{bounded} < {unbounded}");
        assert_eq!(unbounded - 1, (bounded - 1) / 16 * 100);
    }

    #[test]
    fn connections_lists_fragments_and_skipped_fields_are_costed_by_one_rule() {
        let none = serde_json::json!({});
        // 1 (event) + 1 (name)
        assert_eq!(cost_of("{ event { name } }", none.clone()), 2);
        // sessions: 1 + 20 × (nodes 1 + title 1); themes: 1 + 10 × slug 1.
        assert_eq!(
            cost_of("{ sessions { nodes { title } } }", none.clone()),
            41
        );
        assert_eq!(cost_of("{ themes { slug } }", none.clone()), 11);
        // `first` from a variable, through a fragment; a skipped field costs nothing.
        let query = "query($n: Int, $no: Boolean = false) { ...F themes @include(if: $no) { slug } } fragment F on Query { sessions(first: $n) { nodes { title } } }";
        assert_eq!(cost_of(query, serde_json::json!({ "n": 100 })), 201);
        // A type condition on an interface: the fields of the concrete type.
        assert_eq!(
            cost_of(
                "{ node(id: \"x\") { ... on Session { speakers { name } } } }",
                none
            ),
            1 + 11
        );
    }
}
