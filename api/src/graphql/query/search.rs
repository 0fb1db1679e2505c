//! Search.

use async_graphql::{Context, Object};

use crate::error::{ApiError, IntoGraphql};
use crate::graphql::args::window;
use crate::graphql::context::db;
use crate::graphql::types::{SearchResultConnection, search_results};
use crate::store::search;
use crate::text::fold;

/// Longest query, in characters.
const MAX_QUERY_CHARS: usize = 100;

/// Search.
#[derive(Default)]
pub struct SearchQuery;

#[Object]
impl SearchQuery {
    /// Sessions, speakers, organisations, cities, EU Cities Mission cities and Decarbonization
    /// Leading Areas whose names or descriptions contain the text, case- and
    /// accent-insensitively (`umea` finds Umeå), Japanese names by substring (`京都` finds
    /// Kyoto). Ordered by rank (exact name, name prefix, name substring, description), then by
    /// name; cursor pagination. The text is text, never syntax.
    async fn search(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "What to look for: 2 to 100 characters (a single Japanese character is allowed)."
        )]
        text: String,
        #[graphql(
            desc = "Forward page size: the first 0 to 100 items (after `after`, or of the list); default 20 when neither `first` nor `last` is given. Not with `last`."
        )]
        first: Option<i32>,
        #[graphql(
            desc = "Cursor after which the page starts (`pageInfo.endCursor` of the previous page)."
        )]
        after: Option<String>,
        #[graphql(
            desc = "Backward page size: the last 0 to 100 items (before `before`, or of the list). Not with `first`."
        )]
        last: Option<i32>,
        #[graphql(
            desc = "Cursor before which the page ends (`pageInfo.startCursor` of the following page)."
        )]
        before: Option<String>,
    ) -> async_graphql::Result<SearchResultConnection> {
        let folded = query_text(&text).gql()?;
        let window = window(first, after, last, before).gql()?;
        let page = search::search(db(ctx).await?, &folded, &window)
            .await
            .gql()?;
        search_results(ctx, page).await
    }
}

/// The folded query; `BAD_USER_INPUT` for an empty or over-long text, or a single letter or
/// digit outside the Japanese scripts (a one-letter Latin query matches nearly everything). A
/// single punctuation mark (`-`, `*`, `"`) is text like any other.
fn query_text(text: &str) -> Result<String, ApiError> {
    let folded = fold(text);
    let refuse = |why: &str| ApiError::bad_input("text", why.to_owned());
    let count = folded.chars().count();
    match folded.chars().next() {
        None => Err(refuse("the search text is empty")),
        Some(only) if count == 1 && only.is_alphanumeric() && !is_japanese(only) => Err(refuse(
            "the search text must have at least 2 characters (one Japanese character is enough)",
        )),
        _ if count > MAX_QUERY_CHARS => Err(refuse(&format!(
            "the search text has {count} characters; the most is {MAX_QUERY_CHARS}"
        ))),
        _ => Ok(folded),
    }
}

/// Hiragana, katakana and CJK ideographs (with their compatibility forms).
fn is_japanese(character: char) -> bool {
    matches!(character as u32, 0x3040..=0x30ff | 0x3400..=0x4dbf | 0x4e00..=0x9fff | 0xf900..=0xfaff)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_are_folded_and_bounded() {
        assert_eq!(query_text(" Umeå ").ok().as_deref(), Some("umea"));
        assert_eq!(query_text("京").ok().as_deref(), Some("京"));
        assert_eq!(query_text("-").ok().as_deref(), Some("-"));
        for bad in ["", "   ", "a", "É", "7", &"x".repeat(101)] {
            assert!(query_text(bad).is_err(), "{bad:?}");
        }
    }
}
