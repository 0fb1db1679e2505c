//! Selection depth, with fragments expanded, measured in two budgets: data fields against
//! `--max-depth`, and the subtrees of `__schema` and `__type` against
//! `--max-introspection-depth`. The standard introspection query (as graphql-js and GraphiQL
//! send it) nests its type references a dozen levels deep, well past any data query; a separate
//! budget lets it through while data queries keep their limit and a circular introspection query
//! (`__type { fields { type { fields { ... } } } }`) is still refused.

use std::collections::HashMap;

use async_graphql::Name;
use async_graphql::Positioned;
use async_graphql::parser::types::{ExecutableDocument, Selection, SelectionSet};

/// The deepest data selection and the deepest introspection subtree of a document.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Depths {
    /// Levels of data fields (the root field is level 1; an introspection field counts 1).
    pub data: usize,
    /// Levels of the deepest `__schema` / `__type` subtree (the introspection field itself is
    /// level 1).
    pub introspection: usize,
}

/// The depths of every operation of `doc`. Fragments must be acyclic (checked before).
pub fn depths(doc: &ExecutableDocument) -> Depths {
    let mut walk = Walk {
        doc,
        memo: HashMap::new(),
    };
    doc.operations
        .iter()
        .map(|(_, operation)| walk.set(&operation.node.selection_set))
        .fold(Depths::default(), max)
}

fn max(a: Depths, b: Depths) -> Depths {
    Depths {
        data: a.data.max(b.data),
        introspection: a.introspection.max(b.introspection),
    }
}

struct Walk<'a> {
    doc: &'a ExecutableDocument,
    memo: HashMap<Name, Depths>,
}

impl Walk<'_> {
    fn set(&mut self, set: &Positioned<SelectionSet>) -> Depths {
        let mut deepest = Depths::default();
        for selection in &set.node.items {
            let depths = match &selection.node {
                Selection::Field(field) => {
                    let inner = self.set(&field.node.selection_set);
                    let name = field.node.name.node.as_str();
                    if name == "__schema" || name == "__type" {
                        // The whole subtree is introspection, whatever it selects.
                        Depths {
                            data: 1,
                            introspection: 1 + inner.data.max(inner.introspection),
                        }
                    } else {
                        Depths {
                            data: 1 + inner.data,
                            introspection: inner.introspection,
                        }
                    }
                }
                Selection::InlineFragment(inline) => self.set(&inline.node.selection_set),
                Selection::FragmentSpread(spread) => self.fragment(&spread.node.fragment_name.node),
            };
            deepest = max(deepest, depths);
        }
        deepest
    }

    fn fragment(&mut self, name: &Name) -> Depths {
        if let Some(&depths) = self.memo.get(name) {
            return depths;
        }
        let Some(fragment) = self.doc.fragments.get(name) else {
            return Depths::default();
        };
        let depths = self.set(&fragment.node.selection_set);
        self.memo.insert(name.clone(), depths);
        depths
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(query: &str) -> Depths {
        async_graphql::parser::parse_query(query)
            .map(|doc| depths(&doc))
            .unwrap_or_default()
    }

    #[test]
    fn data_and_introspection_are_measured_apart() {
        assert_eq!(
            of("{ event { contact { organisation { city { name } } } } }"),
            Depths {
                data: 5,
                introspection: 0
            }
        );
        assert_eq!(
            of("{ __typename event { name } }"),
            Depths {
                data: 2,
                introspection: 0
            }
        );
        let introspection = "{ __schema { types { ...T } } } fragment T on __Type { fields { type { ofType { name } } } }";
        assert_eq!(
            of(introspection),
            Depths {
                data: 1,
                introspection: 6
            }
        );
        // A data field inside introspection cannot exist, and `__type` under a data field
        // cannot either; both budgets hold for what the validator would let through.
        assert_eq!(
            of("{ a: __type(name: \"Session\") { name } sessions { nodes { id } } }"),
            Depths {
                data: 3,
                introspection: 2
            }
        );
    }
}
