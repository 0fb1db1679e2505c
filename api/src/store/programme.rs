//! Small whole lists and single rows: the event, the themes, the countries.

use entity::{country, event, theme};
use sea_orm::{ConnectionTrait, DbErr, EntityTrait, QueryOrder};

/// The event (the database holds one).
pub async fn event(db: &impl ConnectionTrait) -> Result<Option<event::Model>, DbErr> {
    event::Entity::find().one(db).await
}

/// The event with id `id`.
pub async fn event_by_id(
    db: &impl ConnectionTrait,
    id: &str,
) -> Result<Option<event::Model>, DbErr> {
    event::Entity::find_by_id(id).one(db).await
}

/// The themes, in programme order.
pub async fn themes(db: &impl ConnectionTrait) -> Result<Vec<theme::Model>, DbErr> {
    theme::Entity::find()
        .order_by_asc(theme::Column::Position)
        .all(db)
        .await
}

/// The countries, by ISO code.
pub async fn countries(db: &impl ConnectionTrait) -> Result<Vec<country::Model>, DbErr> {
    country::Entity::find()
        .order_by_asc(country::Column::Code)
        .all(db)
        .await
}
