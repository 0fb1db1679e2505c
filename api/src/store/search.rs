//! Search over the index a load derives (`search_entry`, `search_gram`,
//! `search_gram_frequency`): candidates by the query's rarest character bigram (an indexed
//! lookup, the same on SQLite and PostgreSQL), confirmed
//! by a substring match on the folded text, ranked in tiers computed by the statement itself
//! (never by an engine's score), so that every backend answers alike:
//!
//! 1. the name (or Japanese name) is the query;
//! 2. the name starts with it;
//! 3. the name contains it;
//! 4. only the description (role, body, theme, the name as published) contains it.
//!
//! Ties by folded name, then kind, then id. The query is text, never syntax: `LIKE`'s `%`,
//! `_` and `\` are escaped, and nothing else is interpreted.

use entity::{search_entry, search_gram, search_gram_frequency};
use sea_orm::sea_query::{
    Alias, Asterisk, Cond, Expr, ExprTrait, Func, LikeExpr, Order, Query, SelectStatement,
};
use sea_orm::{ColumnTrait, ConnectionTrait, FromQueryResult};

use super::{Cursor, Page, Window};
use crate::error::ApiResult;
use crate::text::bigrams;

const LIST: &str = "search";
const TIER: &str = "tier";
const MATCHES: &str = "matches";
/// Separates the parts of a cursor's key.
const SEPARATOR: char = '\u{1f}';

/// One entity found.
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct Hit {
    /// `session`, `speaker`, `organisation` or `city`.
    pub kind: String,
    /// Its key.
    pub entity_id: String,
    /// Its folded name (the tie-breaking order).
    pub name_folded: String,
    /// 1 (exact name) to 4 (description only).
    pub tier: i32,
}

/// The page of `window` of the hits for the folded query `folded`.
pub async fn search(
    db: &impl ConnectionTrait,
    folded: &str,
    window: &Window,
) -> ApiResult<Page<Hit>> {
    let matches = matching(folded);
    let backend = db.get_database_backend();
    let count = Query::select()
        .expr_as(Func::count(Expr::col(Asterisk)), Alias::new("total"))
        .from_subquery(matches.clone(), Alias::new(MATCHES))
        .to_owned();
    let total_count = db
        .query_one(&count)
        .await?
        .and_then(|row| row.try_get::<i64>("", "total").ok())
        .unwrap_or(0);
    // `last` reads the list backwards from its end (or from `before`), then turns it round.
    let direction = if window.from_end {
        Order::Desc
    } else {
        Order::Asc
    };
    let mut page = Query::select()
        .column(Asterisk)
        .from_subquery(matches, Alias::new(MATCHES))
        .order_by(Alias::new(TIER), direction.clone())
        .order_by(Alias::new("name_folded"), direction.clone())
        .order_by(Alias::new("kind"), direction.clone())
        .order_by(Alias::new("entity_id"), direction)
        .limit(window.probe())
        .to_owned();
    if let Some(after) = &window.after {
        let cursor = Cursor::decode(LIST, "after", after)?;
        page.and_where(beyond(&cursor, "after", after, Side::After)?.into());
    }
    if let Some(before) = &window.before {
        let cursor = Cursor::decode(LIST, "before", before)?;
        page.and_where(beyond(&cursor, "before", before, Side::Before)?.into());
    }
    let mut rows = Hit::find_by_statement(backend.build(&page)).all(db).await?;
    if window.from_end {
        rows.reverse();
    }
    let more = window.trim(&mut rows);
    let (has_previous_page, has_next_page) = window.flags(more);
    Ok(Page {
        rows: rows
            .into_iter()
            .map(|hit| {
                let key = format!(
                    "{}{SEPARATOR}{}{SEPARATOR}{}",
                    hit.tier, hit.kind, hit.name_folded
                );
                let cursor = Cursor {
                    list: LIST,
                    key,
                    id: hit.entity_id.clone(),
                };
                (cursor, hit)
            })
            .collect(),
        has_next_page,
        has_previous_page,
        total_count: u64::try_from(total_count).unwrap_or(0),
    })
}

/// `SELECT kind, entity_id, name_folded, <tier> FROM search_entry WHERE <candidate> AND
/// <substring match>`.
fn matching(folded: &str) -> SelectStatement {
    let escaped = escape_like(folded);
    let contains = || LikeExpr::new(format!("%{escaped}%")).escape('\\');
    let starts = || LikeExpr::new(format!("{escaped}%")).escape('\\');
    let name = || Expr::col(search_entry::Column::NameFolded);
    let name_ja = || Expr::col(search_entry::Column::NameJa);
    let tier = Expr::case(
        Cond::any().add(name().eq(folded)).add(name_ja().eq(folded)),
        1,
    )
    .case(
        Cond::any()
            .add(name().like(starts()))
            .add(name_ja().like(starts())),
        2,
    )
    .case(
        Cond::any()
            .add(name().like(contains()))
            .add(name_ja().like(contains())),
        3,
    )
    .finally(4);
    let mut select = Query::select()
        .columns([
            search_entry::Column::Kind,
            search_entry::Column::EntityId,
            search_entry::Column::NameFolded,
        ])
        .expr_as(tier, Alias::new(TIER))
        .from(search_entry::Entity)
        .cond_where(
            Cond::any()
                .add(name().like(contains()))
                .add(name_ja().like(contains()))
                .add(Expr::col(search_entry::Column::DescriptionFolded).like(contains())),
        )
        .to_owned();
    // Candidates: the entries holding the query's rarest bigram (every entry that contains
    // the query holds all its bigrams, so none is missed; the LIKE above decides). Its cost
    // follows that bigram's entries, not those of the query's most common bigram.
    let grams = bigrams(folded);
    if !grams.is_empty() {
        let rarest = Query::select()
            .column(search_gram_frequency::Column::Gram)
            .from(search_gram_frequency::Entity)
            .and_where(search_gram_frequency::Column::Gram.is_in(grams))
            .order_by(search_gram_frequency::Column::Entries, Order::Asc)
            .order_by(search_gram_frequency::Column::Gram, Order::Asc)
            .limit(1)
            .to_owned();
        select.and_where(
            search_entry::Column::Id.in_subquery(
                Query::select()
                    .column(search_gram::Column::EntryId)
                    .from(search_gram::Entity)
                    .and_where(search_gram::Column::Gram.in_subquery(rarest))
                    .to_owned(),
            ),
        );
    }
    select
}

/// Which side of a cursor a page lies on.
#[derive(Clone, Copy)]
enum Side {
    After,
    Before,
}

/// Rows strictly after (or before) `cursor` in (tier, name, kind, id) order; `text` is the
/// cursor as sent, in `argument`, for the error.
fn beyond(cursor: &Cursor, argument: &'static str, text: &str, side: Side) -> ApiResult<Cond> {
    let malformed = || Cursor::malformed(argument, text);
    let mut parts = cursor.key.splitn(3, SEPARATOR);
    let (Some(tier), Some(kind), Some(name)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(malformed());
    };
    let tier: i32 = tier.parse().map_err(|_| malformed())?;
    let beyond = |column: &str, value: sea_orm::Value| {
        let column = Expr::col(Alias::new(column));
        match side {
            Side::After => column.gt(value),
            Side::Before => column.lt(value),
        }
    };
    let at = |column: &str, value: sea_orm::Value| Expr::col(Alias::new(column)).eq(value);
    Ok(Cond::any()
        .add(beyond(TIER, tier.into()))
        .add(at(TIER, tier.into()).and(beyond("name_folded", name.into())))
        .add(
            at(TIER, tier.into())
                .and(at("name_folded", name.into()))
                .and(beyond("kind", kind.into())),
        )
        .add(
            at(TIER, tier.into())
                .and(at("name_folded", name.into()))
                .and(at("kind", kind.into()))
                .and(beyond("entity_id", cursor.id.as_str().into())),
        ))
}

/// `text` with `LIKE`'s wildcards and its escape character escaped (escape: `\`).
fn escape_like(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for character in text.chars() {
        if matches!(character, '%' | '_' | '\\') {
            escaped.push('\\');
        }
        escaped.push(character);
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_wildcards_are_escaped() {
        assert_eq!(escape_like(r"50%_a\b"), r"50\%\_a\\b");
        assert_eq!(escape_like("京都"), "京都");
    }
}
