//! Participation analytics, computed in the database: for each dimension (country, region,
//! organisation kind, city kind, national programme, DLA round, theme), the pairs
//! (member, key) of speakers, sessions and local governments, counted with `GROUP BY` and
//! listed as keyset pages of their usual lists. No statement reads more than the groups'
//! counts or one page of members, whatever the size of the dataset.
//!
//! Which members a group holds:
//! - speakers: by the body they represent (its country, region, kind; its local government's
//!   kind and national programme) or, for themes, by the sessions they spoke in;
//! - sessions: by their speakers (a session is in every group one of its speakers is in), or,
//!   for themes, by their own theme;
//! - local governments: by their own country, region, kind, programme and round, their
//!   organisation's kind (always a local government), or the themes of the sessions in which
//!   one of their speakers spoke.
//!
//! Members without a value (a speaker of an EU institution has no country; a break has no
//! theme) form the group whose key is null.

use std::collections::BTreeMap;

use entity::{
    Programme, appearance, local_government, organisation, programme_membership, session, speaker,
};
use sea_orm::sea_query::{
    Alias, Expr, ExprTrait, Func, IntoIden, JoinType, Query, SelectStatement, SimpleExpr,
};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, DbErr, FromQueryResult};

use super::Page;
use crate::error::ApiResult;

/// What participation is grouped by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dimension {
    /// ISO code of the country.
    Country,
    /// Side of the partnership.
    Region,
    /// Kind of the body represented.
    OrganisationKind,
    /// Kind of the local government represented.
    CityKind,
    /// National programme of the local government represented.
    NationalProgramme,
    /// Selection round of a Decarbonization Leading Area.
    DlaRound,
    /// Theme of the sessions.
    Theme,
}

/// What a group counts and lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Member {
    /// Speakers.
    Speaker,
    /// Sessions.
    Session,
    /// Local governments.
    City,
}

/// One group's counts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GroupCounts {
    /// Distinct speakers.
    pub speakers: i64,
    /// Distinct sessions.
    pub sessions: i64,
    /// Distinct local governments.
    pub cities: i64,
}

const MEMBER: &str = "member";
const KEY: &str = "key";
const PAIRS: &str = "pairs";

/// The groups of `dimension` with their counts, by key (null last): three `GROUP BY`
/// statements, one per kind of member.
pub async fn groups(
    db: &impl ConnectionTrait,
    dimension: Dimension,
) -> Result<Vec<(Option<String>, GroupCounts)>, DbErr> {
    let mut groups: BTreeMap<Option<String>, GroupCounts> = BTreeMap::new();
    for member in [Member::Speaker, Member::Session, Member::City] {
        let statement = Query::select()
            .column(Alias::new(KEY))
            .expr_as(
                Func::count_distinct(Expr::col(Alias::new(MEMBER))),
                Alias::new("members"),
            )
            .from_subquery(pairs(dimension, member), Alias::new(PAIRS))
            .group_by_col(Alias::new(KEY))
            .to_owned();
        let rows = KeyCount::find_by_statement(db.get_database_backend().build(&statement))
            .all(db)
            .await?;
        for row in rows {
            let counts = groups.entry(row.key).or_default();
            match member {
                Member::Speaker => counts.speakers = row.members,
                Member::Session => counts.sessions = row.members,
                Member::City => counts.cities = row.members,
            }
        }
    }
    // BTreeMap orders `None` first; null groups go last.
    let (nulls, mut keyed): (Vec<_>, Vec<_>) = groups.into_iter().partition(|(k, _)| k.is_none());
    keyed.extend(nulls);
    Ok(keyed)
}

#[derive(Debug, FromQueryResult)]
struct KeyCount {
    key: Option<String>,
    members: i64,
}

/// The condition "is a member of the group `key` of `dimension`", on the id column of
/// `member`'s table.
pub fn membership(dimension: Dimension, member: Member, key: Option<&str>) -> Condition {
    let key_matches = match key {
        Some(key) => Expr::col(Alias::new(KEY)).eq(key),
        None => Expr::col(Alias::new(KEY)).is_null(),
    };
    let members = Query::select()
        .column(Alias::new(MEMBER))
        .from_subquery(pairs(dimension, member), Alias::new(PAIRS))
        .and_where(key_matches)
        .to_owned();
    let id = match member {
        Member::Speaker => speaker::Column::Id.in_subquery(members),
        Member::Session => session::Column::Id.in_subquery(members),
        Member::City => local_government::Column::Id.in_subquery(members),
    };
    Condition::all().add(id)
}

/// A page of the speakers of a group, by name.
pub async fn speakers(
    db: &impl ConnectionTrait,
    dimension: Dimension,
    key: Option<&str>,
    window: &super::Window,
) -> ApiResult<Page<speaker::Model>> {
    let condition = membership(dimension, Member::Speaker, key);
    super::speakers::page_where(db, condition, window).await
}

/// A page of the sessions of a group, in programme order.
pub async fn sessions(
    db: &impl ConnectionTrait,
    dimension: Dimension,
    key: Option<&str>,
    window: &super::Window,
) -> ApiResult<Page<session::Model>> {
    let condition = membership(dimension, Member::Session, key);
    super::sessions::page_where(db, condition, window).await
}

/// A page of the local governments of a group, by name.
pub async fn cities(
    db: &impl ConnectionTrait,
    dimension: Dimension,
    key: Option<&str>,
    window: &super::Window,
) -> ApiResult<Page<local_government::Model>> {
    let condition = membership(dimension, Member::City, key);
    super::cities::page_where(db, condition, window).await
}

/// `SELECT <member id> AS member, CAST(<key> AS TEXT) AS key FROM ...`: the pairs of a
/// dimension and a kind of member (a member may be in several groups, or twice in one).
fn pairs(dimension: Dimension, member: Member) -> SelectStatement {
    let mut select = Query::select();
    let key = match member {
        Member::Speaker => {
            select
                .expr_as(
                    col(speaker::Entity, speaker::Column::Id),
                    Alias::new(MEMBER),
                )
                .from(speaker::Entity);
            if dimension == Dimension::Theme {
                join_sessions_of_speakers(&mut select);
                col(session::Entity, session::Column::ThemeId)
            } else {
                speaker_key(&mut select, dimension)
            }
        }
        Member::Session => {
            if dimension == Dimension::Theme {
                select
                    .expr_as(
                        col(session::Entity, session::Column::Id),
                        Alias::new(MEMBER),
                    )
                    .from(session::Entity);
                col(session::Entity, session::Column::ThemeId)
            } else {
                select
                    .expr_as(
                        col(appearance::Entity, appearance::Column::SessionId),
                        Alias::new(MEMBER),
                    )
                    .from(appearance::Entity)
                    .join(
                        JoinType::InnerJoin,
                        speaker::Entity,
                        Expr::col((speaker::Entity, speaker::Column::Id))
                            .equals((appearance::Entity, appearance::Column::SpeakerId)),
                    );
                speaker_key(&mut select, dimension)
            }
        }
        Member::City => city_key(&mut select, dimension),
    };
    select
        .expr_as(key.cast_as(Alias::new("TEXT")), Alias::new(KEY))
        .to_owned()
}

/// The key of a speaker (in `select`, which reads `speaker`) for `dimension`, with the joins
/// it needs.
fn speaker_key(select: &mut SelectStatement, dimension: Dimension) -> SimpleExpr {
    match dimension {
        Dimension::Country => col(speaker::Entity, speaker::Column::CountryCode),
        Dimension::Region => col(speaker::Entity, speaker::Column::Region),
        Dimension::OrganisationKind => {
            select.join(
                JoinType::LeftJoin,
                organisation::Entity,
                Expr::col((organisation::Entity, organisation::Column::Id))
                    .equals((speaker::Entity, speaker::Column::OrganisationId)),
            );
            col(organisation::Entity, organisation::Column::Kind)
        }
        Dimension::CityKind => {
            select.join(
                JoinType::LeftJoin,
                local_government::Entity,
                Expr::col((local_government::Entity, local_government::Column::Id))
                    .equals((speaker::Entity, speaker::Column::LocalGovernmentId)),
            );
            col(local_government::Entity, local_government::Column::Kind)
        }
        Dimension::NationalProgramme | Dimension::DlaRound => {
            join_memberships(
                select,
                dimension,
                Expr::col((speaker::Entity, speaker::Column::LocalGovernmentId)),
            );
            membership_key(dimension)
        }
        Dimension::Theme => {
            join_sessions_of_speakers(select);
            col(session::Entity, session::Column::ThemeId)
        }
    }
}

/// The pairs of local governments: `select` reads them (or, for themes, the appearances of
/// their speakers); returns the key.
fn city_key(select: &mut SelectStatement, dimension: Dimension) -> SimpleExpr {
    if dimension == Dimension::Theme {
        select
            .expr_as(
                col(speaker::Entity, speaker::Column::LocalGovernmentId),
                Alias::new(MEMBER),
            )
            .from(speaker::Entity)
            .and_where(speaker::Column::LocalGovernmentId.is_not_null());
        join_sessions_of_speakers(select);
        return col(session::Entity, session::Column::ThemeId);
    }
    select
        .expr_as(
            col(local_government::Entity, local_government::Column::Id),
            Alias::new(MEMBER),
        )
        .from(local_government::Entity);
    match dimension {
        Dimension::Country => col(
            local_government::Entity,
            local_government::Column::CountryCode,
        ),
        Dimension::Region => col(local_government::Entity, local_government::Column::Region),
        Dimension::CityKind => col(local_government::Entity, local_government::Column::Kind),
        Dimension::OrganisationKind => {
            select.join(
                JoinType::LeftJoin,
                organisation::Entity,
                Expr::col((
                    organisation::Entity,
                    organisation::Column::LocalGovernmentId,
                ))
                .equals((local_government::Entity, local_government::Column::Id)),
            );
            col(organisation::Entity, organisation::Column::Kind)
        }
        Dimension::NationalProgramme | Dimension::DlaRound => {
            join_memberships(
                select,
                dimension,
                Expr::col((local_government::Entity, local_government::Column::Id)),
            );
            membership_key(dimension)
        }
        Dimension::Theme => col(session::Entity, session::Column::ThemeId),
    }
}

/// `LEFT JOIN programme_membership ON local_government_id = <city>` (only the Decarbonization
/// Leading Area memberships for rounds).
fn join_memberships(select: &mut SelectStatement, dimension: Dimension, city: Expr) {
    let mut on = Condition::all().add(
        Expr::col((
            programme_membership::Entity,
            programme_membership::Column::LocalGovernmentId,
        ))
        .eq(city),
    );
    if dimension == Dimension::DlaRound {
        on = on.add(
            Expr::col((
                programme_membership::Entity,
                programme_membership::Column::Programme,
            ))
            .eq(Programme::JapanDecarbonizationLeadingArea),
        );
    }
    select.join(JoinType::LeftJoin, programme_membership::Entity, on);
}

fn membership_key(dimension: Dimension) -> SimpleExpr {
    if dimension == Dimension::DlaRound {
        col(
            programme_membership::Entity,
            programme_membership::Column::Round,
        )
    } else {
        col(
            programme_membership::Entity,
            programme_membership::Column::Programme,
        )
    }
}

/// `JOIN appearance ON speaker_id = speaker.id JOIN session ON session.id = session_id`.
fn join_sessions_of_speakers(select: &mut SelectStatement) {
    select
        .join(
            JoinType::InnerJoin,
            appearance::Entity,
            Expr::col((appearance::Entity, appearance::Column::SpeakerId))
                .equals((speaker::Entity, speaker::Column::Id)),
        )
        .join(
            JoinType::InnerJoin,
            session::Entity,
            Expr::col((session::Entity, session::Column::Id))
                .equals((appearance::Entity, appearance::Column::SessionId)),
        );
}

/// `table.column`.
fn col(table: impl IntoIden, column: impl IntoIden) -> SimpleExpr {
    Expr::col((table.into_iden(), column.into_iden()))
}
