//! The event, its themes, sessions, speakers and their appearances.

use sea_orm_migration::{prelude::*, schema::*};

use crate::m20250101_000001_places_and_references::{LocalGovernment, Organisation};
use crate::vocabulary::{REGIONS, SESSION_KINDS, one_of};

/// Creates the programme tables.
pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20250101_000002_programme"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Event::Table)
                    .col(string(Event::Id).primary_key())
                    .col(text(Event::Name))
                    .col(text_null(Event::Description))
                    .col(date(Event::StartDate))
                    .col(date(Event::EndDate))
                    .col(text(Event::TimeZones))
                    .col(text_null(Event::Languages))
                    .col(text_null(Event::ContactName))
                    .col(string_null(Event::ContactOrganisationId))
                    .col(text_null(Event::ContactAddress))
                    .col(text_null(Event::ContactEmail))
                    .check(Expr::col(Event::EndDate).gte(Expr::col(Event::StartDate)))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Event::Table, Event::ContactOrganisationId)
                            .to(Organisation::Table, Organisation::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(EventOrganiser::Table)
                    .col(string(EventOrganiser::EventId))
                    .col(string(EventOrganiser::OrganisationId))
                    .col(integer(EventOrganiser::Position))
                    .primary_key(
                        Index::create()
                            .col(EventOrganiser::EventId)
                            .col(EventOrganiser::OrganisationId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(EventOrganiser::Table, EventOrganiser::EventId)
                            .to(Event::Table, Event::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(EventOrganiser::Table, EventOrganiser::OrganisationId)
                            .to(Organisation::Table, Organisation::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Theme::Table)
                    .col(string(Theme::Id).primary_key())
                    .col(text(Theme::Name))
                    .col(text_null(Theme::Description))
                    .col(integer_uniq(Theme::Position))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Session::Table)
                    .col(string(Session::Id).primary_key())
                    .col(string(Session::EventId))
                    .col(text(Session::Title))
                    .col(string(Session::Kind))
                    .col(string_null(Session::ThemeId))
                    .col(text_null(Session::Description))
                    .col(date(Session::Day))
                    .col(timestamp_with_time_zone(Session::StartsAt))
                    .col(timestamp_with_time_zone(Session::EndsAt))
                    .check(one_of(Session::Kind, &SESSION_KINDS))
                    .check(Expr::col(Session::EndsAt).gt(Expr::col(Session::StartsAt)))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Session::Table, Session::EventId)
                            .to(Event::Table, Event::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Session::Table, Session::ThemeId)
                            .to(Theme::Table, Theme::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Speaker::Table)
                    .col(string(Speaker::Id).primary_key())
                    .col(text(Speaker::Name))
                    .col(text(Speaker::SortName))
                    .col(text_null(Speaker::Role))
                    .col(string_null(Speaker::OrganisationId))
                    .col(string_null(Speaker::LocalGovernmentId))
                    .col(string_null(Speaker::CountryCode))
                    .col(string(Speaker::Region))
                    .check(one_of(Speaker::Region, &REGIONS))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Speaker::Table, Speaker::OrganisationId)
                            .to(Organisation::Table, Organisation::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Speaker::Table, Speaker::LocalGovernmentId)
                            .to(LocalGovernment::Table, LocalGovernment::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Speaker::Table, Speaker::CountryCode)
                            .to(Country::Table, Country::Code),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Appearance::Table)
                    .col(string(Appearance::SessionId))
                    .col(string(Appearance::SpeakerId))
                    .col(integer(Appearance::Position))
                    .col(boolean(Appearance::HasPresentation))
                    .col(text_null(Appearance::TalkTitle))
                    .col(text_null(Appearance::Note))
                    .primary_key(
                        Index::create()
                            .col(Appearance::SessionId)
                            .col(Appearance::SpeakerId),
                    )
                    .check(Expr::col(Appearance::Position).gte(0))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Appearance::Table, Appearance::SessionId)
                            .to(Session::Table, Session::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Appearance::Table, Appearance::SpeakerId)
                            .to(Speaker::Table, Speaker::Id),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(DatasetVersion::Table)
                    .col(integer(DatasetVersion::Id).primary_key())
                    .col(text(DatasetVersion::Version))
                    .check(Expr::col(DatasetVersion::Id).eq(1))
                    .to_owned(),
            )
            .await?;

        for index in [
            index("idx_session_order", Session::Table)
                .col(Session::StartsAt)
                .col(Session::Id)
                .to_owned(),
            index("idx_session_theme", Session::Table)
                .col(Session::ThemeId)
                .to_owned(),
            index("idx_session_day", Session::Table)
                .col(Session::Day)
                .to_owned(),
            index("idx_session_kind", Session::Table)
                .col(Session::Kind)
                .to_owned(),
            index("idx_speaker_order", Speaker::Table)
                .col(Speaker::SortName)
                .col(Speaker::Id)
                .to_owned(),
            index("idx_speaker_country", Speaker::Table)
                .col(Speaker::CountryCode)
                .to_owned(),
            index("idx_speaker_region", Speaker::Table)
                .col(Speaker::Region)
                .to_owned(),
            index("idx_speaker_local_government", Speaker::Table)
                .col(Speaker::LocalGovernmentId)
                .to_owned(),
            index("idx_speaker_organisation", Speaker::Table)
                .col(Speaker::OrganisationId)
                .to_owned(),
            index("idx_appearance_speaker", Appearance::Table)
                .col(Appearance::SpeakerId)
                .to_owned(),
            index("idx_appearance_order", Appearance::Table)
                .col(Appearance::SessionId)
                .col(Appearance::Position)
                .unique()
                .to_owned(),
        ] {
            manager.create_index(index).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            DatasetVersion::Table.into_iden(),
            Appearance::Table.into_iden(),
            Speaker::Table.into_iden(),
            Session::Table.into_iden(),
            Theme::Table.into_iden(),
            EventOrganiser::Table.into_iden(),
            Event::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

/// A named index on `table`.
fn index<T: IntoIden + 'static>(name: &str, table: T) -> IndexCreateStatement {
    Index::create().name(name).table(table).to_owned()
}

#[derive(DeriveIden)]
enum Country {
    Table,
    Code,
}

#[derive(DeriveIden)]
enum Event {
    Table,
    Id,
    Name,
    Description,
    StartDate,
    EndDate,
    TimeZones,
    Languages,
    ContactName,
    ContactOrganisationId,
    ContactAddress,
    ContactEmail,
}

#[derive(DeriveIden)]
enum EventOrganiser {
    Table,
    EventId,
    OrganisationId,
    Position,
}

#[derive(DeriveIden)]
enum Theme {
    Table,
    Id,
    Name,
    Description,
    Position,
}

#[derive(DeriveIden)]
enum Session {
    Table,
    Id,
    EventId,
    Title,
    Kind,
    ThemeId,
    Description,
    Day,
    StartsAt,
    EndsAt,
}

#[derive(DeriveIden)]
enum Speaker {
    Table,
    Id,
    Name,
    SortName,
    Role,
    OrganisationId,
    LocalGovernmentId,
    CountryCode,
    Region,
}

#[derive(DeriveIden)]
enum Appearance {
    Table,
    SessionId,
    SpeakerId,
    Position,
    HasPresentation,
    TalkTitle,
    Note,
}

#[derive(DeriveIden)]
enum DatasetVersion {
    Table,
    Id,
    Version,
}
