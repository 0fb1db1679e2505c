//! Every `timeZone` argument of an operation, checked once before execution.
//!
//! A bad zone is a bad argument value: one `BAD_USER_INPUT` for the request, not one error per
//! row that renders a time. The compilation (`operation::compile`) reads every field's
//! arguments, literals and the variables they name (as sent, or their defaults) alike; the
//! resolvers then only meet zones that parse.

use async_graphql::{ErrorExtensions, Name, Positioned, ServerError, Value};

use crate::graphql::args::time_zone;

/// The argument's name in the schema.
pub const ARGUMENT: &str = "timeZone";

/// The refusal of a field's `timeZone` value (its variables resolved) where it names no zone,
/// pointing at the argument. Null means the default (UTC), and other kinds are the
/// validator's to refuse.
pub fn refusal(arguments: &[(Name, Positioned<Value>)]) -> Option<ServerError> {
    let (_, value) = arguments
        .iter()
        .find(|(name, _)| name.as_str() == ARGUMENT)?;
    let Value::String(zone) = &value.node else {
        return None;
    };
    time_zone(Some(zone))
        .err()
        .map(|error| error.extend().into_server_error(value.pos))
}
