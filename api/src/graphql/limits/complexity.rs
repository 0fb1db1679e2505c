//! The cost of a compiled operation, against `--max-complexity`: a field costs 1 plus its
//! selection; a connection (a field that takes `first`) 1 plus its page size times its
//! selection, where the page size is `first` (or `last`) as it will be read (default 20,
//! bounded to 0..=100), and never more than the rows its list holds in the data being served
//! ([`ListBounds`]: `cities(first: 100)` over 16 local governments counts 16); any other list
//! of objects 1 plus 10 times its selection. The lists of a connection (`edges`, `nodes`) are its page, counted by
//! `first` already. Fields left out by `@skip`/`@include` cost nothing. A refusal states the
//! cost and the maximum in `extensions.cost` and `extensions.maximum`.

use crate::graphql::args::{COST_CAP, list_cost, page_cost};
use crate::graphql::compiled::Field;
use crate::graphql::shape::{FieldShape, Shape};
use crate::store::programme::Programme;

/// The most rows each connection type can hold in the data being served (a page of it is
/// never larger); a connection type it does not name is bounded by `first` alone. A handful of
/// numbers, made per request from the held programme without allocating.
#[derive(Debug, Clone, Copy, Default)]
pub struct ListBounds {
    sessions: Option<usize>,
    speakers: Option<usize>,
    cities: Option<usize>,
    organisations: Option<usize>,
}

impl ListBounds {
    /// The bounds of the lists held in memory by `programme` (the reference lists, read from
    /// the database, are bounded by `first` alone).
    pub fn of(programme: &Programme) -> Self {
        Self {
            sessions: Some(programme.sessions().len()),
            speakers: Some(programme.speakers().len()),
            cities: Some(programme.cities().len()),
            organisations: Some(programme.organisation_count()),
        }
    }

    fn of_type(&self, connection: &str) -> Option<usize> {
        match connection {
            "SessionConnection" => self.sessions,
            "SpeakerConnection" => self.speakers,
            "CityConnection" => self.cities,
            "OrganisationConnection" => self.organisations,
            "SearchResultConnection" => Some(
                self.sessions?
                    .saturating_add(self.speakers?)
                    .saturating_add(self.cities?)
                    .saturating_add(self.organisations?),
            ),
            _ => None,
        }
    }

    /// Bounds with `cities` local governments alone (for tests of the cost).
    #[cfg(test)]
    pub fn of_cities(cities: usize) -> Self {
        Self {
            cities: Some(cities),
            ..Self::default()
        }
    }
}

/// The cost of an operation.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cost {
    /// The cost counted: the whole cost, unless `stopped`.
    pub counted: usize,
    /// True where counting stopped once the cost passed the cap: the whole cost is more.
    pub stopped: bool,
}

/// The cost of the data field `field` (its children's costs computed already), declared by
/// `meta` on type `on`, with connections bounded by `bounds`. Introspection subtrees are
/// counted apart (`introspection_cost`).
pub fn field_cost(
    field: &Field,
    meta: Option<&FieldShape>,
    on: &str,
    shape: &Shape,
    bounds: &ListBounds,
) -> usize {
    let child = field
        .children
        .iter()
        .fold(0usize, |sum, child| sum.saturating_add(child.cost));
    let Some(meta) = meta else {
        // `__typename`, or a field the validator will refuse.
        return 1usize.saturating_add(child);
    };
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
