//! The event's background paragraphs, and the city pairings that a load derives from the
//! programme (stored, so that a request reads rows instead of recomputing them).

use sea_orm_migration::{prelude::*, schema::*};

use crate::m20250101_000001_places_and_references::LocalGovernment;

/// Adds `event.background`, `city_pairing` and `city_pairing_session`.
pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20250101_000003_derived_and_background"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Event::Table)
                    .add_column(text_null(Event::Background))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(CityPairing::Table)
                    .col(string(CityPairing::Id).primary_key())
                    .col(string(CityPairing::JapanCityId))
                    .col(string(CityPairing::EuCityId))
                    .col(integer(CityPairing::Position))
                    .check(Expr::col(CityPairing::Position).gte(0))
                    .check(Expr::col(CityPairing::JapanCityId).ne(Expr::col(CityPairing::EuCityId)))
                    .foreign_key(
                        ForeignKey::create()
                            .from(CityPairing::Table, CityPairing::JapanCityId)
                            .to(LocalGovernment::Table, LocalGovernment::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(CityPairing::Table, CityPairing::EuCityId)
                            .to(LocalGovernment::Table, LocalGovernment::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(CityPairingSession::Table)
                    .col(string(CityPairingSession::PairingId))
                    .col(string(CityPairingSession::SessionId))
                    .col(integer(CityPairingSession::Position))
                    .primary_key(
                        Index::create()
                            .col(CityPairingSession::PairingId)
                            .col(CityPairingSession::SessionId),
                    )
                    .check(Expr::col(CityPairingSession::Position).gte(0))
                    .foreign_key(
                        ForeignKey::create()
                            .from(CityPairingSession::Table, CityPairingSession::PairingId)
                            .to(CityPairing::Table, CityPairing::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(CityPairingSession::Table, CityPairingSession::SessionId)
                            .to(Session::Table, Session::Id),
                    )
                    .to_owned(),
            )
            .await?;
        for index in [
            Index::create()
                .name("idx_city_pairing_pair")
                .table(CityPairing::Table)
                .col(CityPairing::JapanCityId)
                .col(CityPairing::EuCityId)
                .unique()
                .to_owned(),
            Index::create()
                .name("idx_city_pairing_eu")
                .table(CityPairing::Table)
                .col(CityPairing::EuCityId)
                .to_owned(),
            Index::create()
                .name("idx_city_pairing_order")
                .table(CityPairing::Table)
                .col(CityPairing::Position)
                .unique()
                .to_owned(),
            Index::create()
                .name("idx_city_pairing_session_session")
                .table(CityPairingSession::Table)
                .col(CityPairingSession::SessionId)
                .to_owned(),
        ] {
            manager.create_index(index).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            CityPairingSession::Table.into_iden(),
            CityPairing::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Event::Table)
                    .drop_column(Event::Background)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum Event {
    Table,
    Background,
}

#[derive(DeriveIden)]
enum Session {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum CityPairing {
    Table,
    Id,
    JapanCityId,
    EuCityId,
    Position,
}

#[derive(DeriveIden)]
enum CityPairingSession {
    Table,
    PairingId,
    SessionId,
    Position,
}
