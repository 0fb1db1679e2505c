//! The batched queries behind the GraphQL loaders: one statement for many keys, so that a
//! level of a query costs one statement per relation whatever the number of rows.

use entity::{appearance, session, speaker};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, JoinType, QueryFilter, QueryOrder,
    QuerySelect, RelationTrait,
};

/// The rows of `E` whose `column` is one of `keys`.
pub async fn by_keys<E: EntityTrait>(
    db: &impl ConnectionTrait,
    column: E::Column,
    keys: impl IntoIterator<Item = String>,
) -> Result<Vec<E::Model>, DbErr> {
    E::find().filter(column.is_in(keys)).all(db).await
}

/// The rows of `E` whose `column` is one of `keys`, ordered by `order` (ascending).
pub async fn ordered_by_keys<E: EntityTrait>(
    db: &impl ConnectionTrait,
    column: E::Column,
    keys: impl IntoIterator<Item = String>,
    order: &[E::Column],
) -> Result<Vec<E::Model>, DbErr> {
    let mut select = E::find().filter(column.is_in(keys));
    for &column in order {
        select = select.order_by_asc(column);
    }
    select.all(db).await
}

/// The appearances of `speakers`, in programme order of their sessions.
pub async fn appearances_of_speakers(
    db: &impl ConnectionTrait,
    speakers: impl IntoIterator<Item = String>,
) -> Result<Vec<appearance::Model>, DbErr> {
    appearance::Entity::find()
        .join(JoinType::InnerJoin, appearance::Relation::Session.def())
        .filter(appearance::Column::SpeakerId.is_in(speakers))
        .order_by_asc(session::Column::StartsAt)
        .order_by_asc(session::Column::Id)
        .all(db)
        .await
}

/// (local government, session) for each speaker of `cities` in each session, in programme
/// order (a session appears once per speaker of the city in it).
pub async fn sessions_of_cities(
    db: &impl ConnectionTrait,
    cities: impl IntoIterator<Item = String>,
) -> Result<Vec<(String, String)>, DbErr> {
    appearance::Entity::find()
        .select_only()
        .column(speaker::Column::LocalGovernmentId)
        .column(appearance::Column::SessionId)
        .join(JoinType::InnerJoin, appearance::Relation::Speaker.def())
        .join(JoinType::InnerJoin, appearance::Relation::Session.def())
        .filter(speaker::Column::LocalGovernmentId.is_in(cities))
        .order_by_asc(session::Column::StartsAt)
        .order_by_asc(session::Column::Id)
        .into_tuple()
        .all(db)
        .await
}
