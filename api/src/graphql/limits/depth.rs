//! Selection depth of the compiled operation, measured in two budgets: data fields against
//! `--max-depth`, and the subtrees of `__schema` and `__type` against
//! `--max-introspection-depth`. The standard introspection query (as graphql-js and GraphiQL
//! send it) nests its type references a dozen levels deep, well past any data query; a separate
//! budget lets it through while data queries keep their limit and a circular introspection query
//! (`__type { fields { type { fields { ... } } } }`) is still refused.

use crate::graphql::operation::{Compiled, Field};

/// The deepest data selection and the deepest introspection subtree of an operation.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Depths {
    /// Levels of data fields (the root field is level 1; an introspection field counts 1).
    pub data: usize,
    /// Levels of the deepest `__schema` / `__type` subtree (the introspection field itself is
    /// level 1).
    pub introspection: usize,
}

/// The depths of `operation`.
pub fn depths(operation: &Compiled) -> Depths {
    of(&operation.fields)
}

fn of(fields: &[Field]) -> Depths {
    fields.iter().fold(Depths::default(), |deepest, field| {
        let inner = of(&field.children);
        let here = if field.is_introspection() {
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
        };
        Depths {
            data: deepest.data.max(here.data),
            introspection: deepest.introspection.max(here.introspection),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(query: &str) -> Depths {
        let doc = async_graphql::parser::parse_query(query).unwrap_or_else(|e| panic!("{e}"));
        let operation = crate::graphql::operation::selected(&doc, None).unwrap_or_else(|| panic!());
        depths(&crate::graphql::operation::compile(
            &doc,
            operation,
            &Default::default(),
        ))
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
        assert_eq!(
            of("{ a: __type(name: \"Session\") { name } sessions { nodes { id } } }"),
            Depths {
                data: 3,
                introspection: 2
            }
        );
        // What `@skip` leaves out is not measured.
        assert_eq!(
            of("{ event @skip(if: true) { contact { organisation { name } } } themes { slug } }"),
            Depths {
                data: 2,
                introspection: 0
            }
        );
    }
}
