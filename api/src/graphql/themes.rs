//! The `theme` argument of filters: a closed vocabulary (the slugs that `themes` lists), or a
//! Theme id. A slug that names no theme is a mistake, not an empty answer; an id keeps the
//! contract's rule (well-formed but absent: matches nothing, as `node` answers null).

use async_graphql::Context;

use crate::error::{ApiError, IntoGraphql, quoted};
use crate::graphql::context::programme;
use crate::ids::{NodeType, decode};

/// The theme key that `value` (a slug or a Theme id) selects, for the filter field `argument`.
pub async fn theme_key(
    ctx: &Context<'_>,
    argument: &'static str,
    value: Option<String>,
) -> async_graphql::Result<Option<String>> {
    let Some(value) = value else {
        return Ok(None);
    };
    match decode(argument, &value) {
        Ok((NodeType::Theme, key)) => return Ok(Some(key)),
        Ok((other, _)) => {
            return Err(ApiError::bad_input(
                argument,
                format!(
                    "{} is the id of a {}, not of a Theme",
                    quoted(&value),
                    other.name()
                ),
            ))
            .gql();
        }
        // Not an id: a slug.
        Err(_) => {}
    }
    match programme(ctx).await?.theme(&value) {
        Some(theme) => Ok(Some(theme.id.clone())),
        None => Err(ApiError::bad_input(
            argument,
            format!(
                "{} is not a theme slug (the `themes` query lists them) nor a Theme id",
                quoted(&value)
            ),
        ))
        .gql(),
    }
}
