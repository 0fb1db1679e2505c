//! The introspection budget: graphql-js's `MaxIntrospectionDepthRule` (graphql 16.9+), so that
//! a document of a few hundred bytes cannot make the schema describe itself millions of times.
//!
//! Under `__schema` or `__type`, the list fields that lead from a type back to types
//! (`fields`, `interfaces`, `possibleTypes`, `inputFields`) may nest at most
//! [`MAX_LIST_DEPTH`]` - 1` deep, counted through every fragment use: the third nested one is
//! refused, as graphql-js refuses it. The standard introspection query (graphql-js's, with
//! GraphiQL's options) nests two. The compilation (`operation::compile`) measures the nesting
//! on the operation with its fragments expanded where they are spread, which is how graphql-js
//! counts it.

/// The nesting of introspection list fields that graphql-js refuses (its `MAX_LISTS_DEPTH`).
pub const MAX_LIST_DEPTH: usize = 3;

/// The introspection fields whose lists lead back to types.
const LIST_FIELDS: [&str; 4] = ["fields", "interfaces", "possibleTypes", "inputFields"];

/// True for an introspection list field that leads back to types.
pub fn is_list_field(name: &str) -> bool {
    LIST_FIELDS.contains(&name)
}
