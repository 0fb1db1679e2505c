//! The sessions in which a city pairing happened.

use sea_orm::entity::prelude::*;

/// One session of one pairing.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "city_pairing_session")]
pub struct Model {
    /// The pairing.
    #[sea_orm(primary_key, auto_increment = false)]
    pub pairing_id: String,
    /// The session.
    #[sea_orm(primary_key, auto_increment = false)]
    pub session_id: String,
    /// 0-based place of the session among the pairing's, in programme order.
    pub position: i32,
}

/// Relations of [`Model`].
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// The session.
    #[sea_orm(
        belongs_to = "super::session::Entity",
        from = "Column::SessionId",
        to = "super::session::Column::Id"
    )]
    Session,
    /// The pairing.
    #[sea_orm(
        belongs_to = "super::city_pairing::Entity",
        from = "Column::PairingId",
        to = "super::city_pairing::Column::Id"
    )]
    Pairing,
}

impl ActiveModelBehavior for ActiveModel {}
