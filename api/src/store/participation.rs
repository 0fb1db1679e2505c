//! Participation analytics, computed in the database: for each dimension (country, region,
//! organisation kind, city kind, national programme, DLA round, theme, day), the pairs
//! (member, key) of speakers, sessions and local governments, counted with `GROUP BY` and
//! listed as keyset pages of their usual lists. A cross-tabulation joins the pairs of two
//! dimensions on the member (a member is in the cell of each pair of its values); a filter by
//! session kind keeps only the appearances in sessions of that kind. No statement reads more
//! than the groups' counts or one page of members, whatever the size of the dataset.
//!
//! Which members a group holds:
//! - speakers: by the body they represent (its country, region, kind; its local government's
//!   kind and national programme) or, for themes and days, by the sessions they spoke in;
//! - sessions: by their speakers (a session is in every group one of its speakers is in), or,
//!   for themes and days, by their own theme and day;
//! - local governments: by their own country, region, kind, programme and round, their
//!   organisation's kind (always a local government), or the themes and days of the sessions
//!   in which one of their speakers spoke.
//!
//! Members without a value (a speaker of an EU institution has no country; a break has no
//! theme) form the group whose key is null.

use std::collections::{BTreeMap, HashSet};

use entity::{
    Programme, SessionKind, appearance, local_government, organisation, programme_membership,
    session, speaker,
};
use sea_orm::sea_query::{
    Alias, Expr, ExprTrait, Func, IntoIden, JoinType, Query, SelectStatement, SimpleExpr,
};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, DbErr, FromQueryResult};

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
    /// Programme day of the sessions.
    Day,
}

/// Where a dimension's key is read.
#[derive(Debug, Clone, Copy)]
enum Reading {
    /// A column of the sessions (theme, day): read through the sessions a member is in.
    Session(session::Column),
    /// A value of a speaker's body or of a local government itself.
    Body(BodyDimension),
}

/// The dimensions read from a speaker's body or a local government itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BodyDimension {
    Country,
    Region,
    OrganisationKind,
    CityKind,
    NationalProgramme,
    DlaRound,
}

impl Dimension {
    /// Where this dimension's key is read.
    fn reading(self) -> Reading {
        match self {
            Self::Theme => Reading::Session(session::Column::ThemeId),
            Self::Day => Reading::Session(session::Column::Day),
            Self::Country => Reading::Body(BodyDimension::Country),
            Self::Region => Reading::Body(BodyDimension::Region),
            Self::OrganisationKind => Reading::Body(BodyDimension::OrganisationKind),
            Self::CityKind => Reading::Body(BodyDimension::CityKind),
            Self::NationalProgramme => Reading::Body(BodyDimension::NationalProgramme),
            Self::DlaRound => Reading::Body(BodyDimension::DlaRound),
        }
    }
}

/// What participation is grouped by and over which appearances: one dimension or two (a
/// cross-tabulation), and only the sessions of one kind where `kind` says so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grouping {
    /// The first dimension (the rows of a cross-tabulation).
    pub by: Dimension,
    /// The second dimension (its columns), if any.
    pub across: Option<Dimension>,
    /// Only appearances in sessions of this kind.
    pub kind: Option<SessionKind>,
}

/// The key of a group: its value of each dimension of the grouping (null: none).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct GroupKey {
    /// The value of `by`.
    pub by: Option<String>,
    /// The value of `across` (always `None` without one).
    pub across: Option<String>,
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
const ACROSS: &str = "across";
const PAIRS: &str = "pairs";
const OTHER: &str = "other";
/// The speaker through whom a session has its key (null where the key is the session's own).
const VIA: &str = "via";

/// The groups of `grouping` with their counts, by key (null last, in each dimension): three
/// `GROUP BY` statements, one per kind of member.
pub async fn groups(
    db: &impl ConnectionTrait,
    grouping: &Grouping,
) -> Result<Vec<(GroupKey, GroupCounts)>, DbErr> {
    let mut groups: BTreeMap<(NullsLast, NullsLast), GroupCounts> = BTreeMap::new();
    for member in [Member::Speaker, Member::Session, Member::City] {
        let mut statement = Query::select()
            .column((Alias::new(PAIRS), Alias::new(KEY)))
            .expr_as(
                Func::count_distinct(Expr::col((Alias::new(PAIRS), Alias::new(MEMBER)))),
                Alias::new("members"),
            )
            .from_subquery(pairs(grouping.by, member, grouping.kind), Alias::new(PAIRS))
            .group_by_col((Alias::new(PAIRS), Alias::new(KEY)))
            .to_owned();
        match grouping.across {
            Some(across) => {
                statement
                    .expr_as(
                        Expr::col((Alias::new(OTHER), Alias::new(KEY))),
                        Alias::new(ACROSS),
                    )
                    .join_subquery(
                        JoinType::InnerJoin,
                        pairs(across, member, grouping.kind),
                        Alias::new(OTHER),
                        same_member(PAIRS, OTHER),
                    )
                    .group_by_col((Alias::new(OTHER), Alias::new(KEY)));
            }
            None => {
                statement.expr_as(Expr::value(Option::<String>::None), Alias::new(ACROSS));
            }
        }
        let rows = KeyCount::find_by_statement(db.get_database_backend().build(&statement))
            .all(db)
            .await?;
        for row in rows {
            let counts = groups
                .entry((NullsLast(row.key), NullsLast(row.across)))
                .or_default();
            match member {
                Member::Speaker => counts.speakers = row.members,
                Member::Session => counts.sessions = row.members,
                Member::City => counts.cities = row.members,
            }
        }
    }
    Ok(groups
        .into_iter()
        .map(|((by, across), counts)| {
            (
                GroupKey {
                    by: by.0,
                    across: across.0,
                },
                counts,
            )
        })
        .collect())
}

/// The join of two dimensions' pairs: the same member, and for a session whose two keys both
/// come from its speakers, the same speaker (a session is in the cell of a region and an
/// organisation kind only when one of its speakers has both).
fn same_member(left: &str, right: &str) -> Condition {
    let via = |table: &str| Expr::col((Alias::new(table), Alias::new(VIA)));
    Condition::all()
        .add(
            Expr::col((Alias::new(left), Alias::new(MEMBER)))
                .equals((Alias::new(right), Alias::new(MEMBER))),
        )
        .add(
            Condition::any()
                .add(via(left).is_null())
                .add(via(right).is_null())
                .add(via(left).equals((Alias::new(right), Alias::new(VIA)))),
        )
}

/// A key that orders after every value when it is null.
#[derive(Debug, Clone, PartialEq, Eq)]
struct NullsLast(Option<String>);

impl Ord for NullsLast {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        match (&self.0, &other.0) {
            (Some(a), Some(b)) => a.cmp(b),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        }
    }
}

impl PartialOrd for NullsLast {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

#[derive(Debug, FromQueryResult)]
struct KeyCount {
    key: Option<String>,
    across: Option<String>,
    members: i64,
}

/// The ids of the members of kind `member` of the group `key` of `grouping`: the members of
/// the pairs with that key (joined as `groups` joins them), in one statement. Their pages are
/// the programme's own lists, in its orders (`store::programme`).
pub async fn members(
    db: &impl ConnectionTrait,
    grouping: &Grouping,
    member: Member,
    key: &GroupKey,
) -> ApiResult<HashSet<String>> {
    let key_matches = |table: &str, key: Option<&str>| match key {
        Some(key) => Expr::col((Alias::new(table), Alias::new(KEY))).eq(key),
        None => Expr::col((Alias::new(table), Alias::new(KEY))).is_null(),
    };
    let mut members = Query::select()
        .distinct()
        .column((Alias::new(PAIRS), Alias::new(MEMBER)))
        .from_subquery(pairs(grouping.by, member, grouping.kind), Alias::new(PAIRS))
        .and_where(key_matches(PAIRS, key.by.as_deref()))
        .to_owned();
    if let Some(across) = grouping.across {
        members
            .join_subquery(
                JoinType::InnerJoin,
                pairs(across, member, grouping.kind),
                Alias::new(OTHER),
                same_member(PAIRS, OTHER),
            )
            .and_where(key_matches(OTHER, key.across.as_deref()));
    }
    let statement = db.get_database_backend().build(&members);
    let rows = db.query_all_raw(statement).await?;
    Ok(rows
        .iter()
        .filter_map(|row| row.try_get::<String>("", MEMBER).ok())
        .collect())
}

/// `SELECT <member id> AS member, CAST(<key> AS TEXT) AS key FROM ...`: the pairs of a
/// dimension and a kind of member (a member may be in several groups, or twice in one); with
/// `kind`, only through appearances in sessions of that kind.
fn pairs(dimension: Dimension, member: Member, kind: Option<SessionKind>) -> SelectStatement {
    let mut select = Query::select();
    let key = match (member, dimension.reading()) {
        // Keys of sessions: read through the sessions themselves.
        (Member::Session, Reading::Session(column)) => {
            select
                .expr_as(
                    col(session::Entity, session::Column::Id),
                    Alias::new(MEMBER),
                )
                .from(session::Entity);
            col(session::Entity, column)
        }
        (Member::Speaker, Reading::Session(column)) => {
            select
                .expr_as(
                    col(speaker::Entity, speaker::Column::Id),
                    Alias::new(MEMBER),
                )
                .from(speaker::Entity);
            join_sessions_of_speakers(&mut select);
            col(session::Entity, column)
        }
        (Member::City, Reading::Session(column)) => {
            select
                .expr_as(
                    col(speaker::Entity, speaker::Column::LocalGovernmentId),
                    Alias::new(MEMBER),
                )
                .from(speaker::Entity)
                .and_where(speaker::Column::LocalGovernmentId.is_not_null());
            join_sessions_of_speakers(&mut select);
            col(session::Entity, column)
        }
        // Keys of speakers and their bodies.
        (Member::Speaker, Reading::Body(body)) => {
            select
                .expr_as(
                    col(speaker::Entity, speaker::Column::Id),
                    Alias::new(MEMBER),
                )
                .from(speaker::Entity);
            speaker_key(&mut select, body)
        }
        (Member::Session, Reading::Body(body)) => {
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
            speaker_key(&mut select, body)
        }
        (Member::City, Reading::Body(body)) => city_key(&mut select, body),
    };
    if let Some(kind) = kind {
        select.and_where(of_kind(dimension, member, kind));
    }
    let via = match (member, dimension.reading()) {
        (Member::Session, Reading::Body(_)) => col(speaker::Entity, speaker::Column::Id),
        _ => Expr::value(Option::<String>::None),
    };
    select
        .expr_as(key.cast_as(Alias::new("TEXT")), Alias::new(KEY))
        .expr_as(via.cast_as(Alias::new("TEXT")), Alias::new(VIA))
        .to_owned()
}

/// The condition that keeps, in the pairs of `dimension` and `member`, only what comes from
/// sessions of `kind`: the joined session's kind where the pairs read sessions, else the
/// members with an appearance in a session of that kind.
fn of_kind(dimension: Dimension, member: Member, kind: SessionKind) -> SimpleExpr {
    if let Reading::Session(_) = dimension.reading() {
        return Expr::col((session::Entity, session::Column::Kind)).eq(kind);
    }
    let appearances_of_kind = |column: SimpleExpr| {
        Query::select()
            .expr(column)
            .from(appearance::Entity)
            .join(
                JoinType::InnerJoin,
                session::Entity,
                Expr::col((session::Entity, session::Column::Id))
                    .equals((appearance::Entity, appearance::Column::SessionId)),
            )
            .and_where(Expr::col((session::Entity, session::Column::Kind)).eq(kind))
            .to_owned()
    };
    let alias = Alias::new("of_kind");
    match member {
        Member::Speaker => col(speaker::Entity, speaker::Column::Id).in_subquery(
            appearances_of_kind(col(appearance::Entity, appearance::Column::SpeakerId)),
        ),
        Member::Session => col(appearance::Entity, appearance::Column::SessionId).in_subquery(
            Query::select()
                .column(session::Column::Id)
                .from(session::Entity)
                .and_where(session::Column::Kind.eq(kind))
                .to_owned(),
        ),
        Member::City => {
            let mut speakers_of_kind =
                appearances_of_kind(col(alias.clone(), speaker::Column::LocalGovernmentId));
            speakers_of_kind.join_as(
                JoinType::InnerJoin,
                speaker::Entity,
                alias.clone(),
                Expr::col((alias, speaker::Column::Id))
                    .equals((appearance::Entity, appearance::Column::SpeakerId)),
            );
            col(local_government::Entity, local_government::Column::Id)
                .in_subquery(speakers_of_kind)
        }
    }
}

/// The key of a speaker (in `select`, which reads `speaker`) for `dimension`, with the joins
/// it needs.
fn speaker_key(select: &mut SelectStatement, dimension: BodyDimension) -> SimpleExpr {
    match dimension {
        BodyDimension::Country => col(speaker::Entity, speaker::Column::CountryCode),
        BodyDimension::Region => col(speaker::Entity, speaker::Column::Region),
        BodyDimension::OrganisationKind => {
            select.join(
                JoinType::LeftJoin,
                organisation::Entity,
                Expr::col((organisation::Entity, organisation::Column::Id))
                    .equals((speaker::Entity, speaker::Column::OrganisationId)),
            );
            col(organisation::Entity, organisation::Column::Kind)
        }
        BodyDimension::CityKind => {
            select.join(
                JoinType::LeftJoin,
                local_government::Entity,
                Expr::col((local_government::Entity, local_government::Column::Id))
                    .equals((speaker::Entity, speaker::Column::LocalGovernmentId)),
            );
            col(local_government::Entity, local_government::Column::Kind)
        }
        BodyDimension::NationalProgramme | BodyDimension::DlaRound => {
            join_memberships(
                select,
                dimension,
                Expr::col((speaker::Entity, speaker::Column::LocalGovernmentId)),
            );
            membership_key(dimension)
        }
    }
}

/// The pairs of local governments: `select` reads them (or, for themes, the appearances of
/// their speakers); returns the key.
fn city_key(select: &mut SelectStatement, dimension: BodyDimension) -> SimpleExpr {
    select
        .expr_as(
            col(local_government::Entity, local_government::Column::Id),
            Alias::new(MEMBER),
        )
        .from(local_government::Entity);
    match dimension {
        BodyDimension::Country => col(
            local_government::Entity,
            local_government::Column::CountryCode,
        ),
        BodyDimension::Region => col(local_government::Entity, local_government::Column::Region),
        BodyDimension::CityKind => col(local_government::Entity, local_government::Column::Kind),
        BodyDimension::OrganisationKind => {
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
        BodyDimension::NationalProgramme | BodyDimension::DlaRound => {
            join_memberships(
                select,
                dimension,
                Expr::col((local_government::Entity, local_government::Column::Id)),
            );
            membership_key(dimension)
        }
    }
}

/// `LEFT JOIN programme_membership ON local_government_id = <city>` (only the Decarbonization
/// Leading Area memberships for rounds).
fn join_memberships(select: &mut SelectStatement, dimension: BodyDimension, city: Expr) {
    let mut on = Condition::all().add(
        Expr::col((
            programme_membership::Entity,
            programme_membership::Column::LocalGovernmentId,
        ))
        .eq(city),
    );
    if dimension == BodyDimension::DlaRound {
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

fn membership_key(dimension: BodyDimension) -> SimpleExpr {
    if dimension == BodyDimension::DlaRound {
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
