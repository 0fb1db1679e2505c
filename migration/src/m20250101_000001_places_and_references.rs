//! Sources, countries, local governments, organisations, programme membership, the reference
//! lists and provenance.

use sea_orm_migration::{prelude::*, schema::*};

use crate::vocabulary::{LOCAL_GOVERNMENT_KINDS, ORGANISATION_KINDS, PROGRAMMES, REGIONS, one_of};

/// Creates the tables of places, bodies and sources.
pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20250101_000001_places_and_references"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Source::Table)
                    .col(string(Source::Id).primary_key())
                    .col(text(Source::Title))
                    .col(text(Source::Location))
                    .col(text_null(Source::Licence))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Country::Table)
                    .col(string(Country::Code).primary_key())
                    .col(text(Country::Name))
                    .col(string(Country::Region))
                    .check(one_of(Country::Region, &REGIONS))
                    .check(Expr::cust("length(code) = 2 AND upper(code) = code"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(LocalGovernment::Table)
                    .col(string(LocalGovernment::Id).primary_key())
                    .col(text(LocalGovernment::Name))
                    .col(text(LocalGovernment::SortName))
                    .col(text_null(LocalGovernment::NameJa))
                    .col(string(LocalGovernment::Kind))
                    .col(string(LocalGovernment::CountryCode))
                    .col(string(LocalGovernment::Region))
                    .col(text_uniq(LocalGovernment::SeedName))
                    .col(big_integer_null(LocalGovernment::GeonamesId))
                    .col(double_null(LocalGovernment::Latitude))
                    .col(double_null(LocalGovernment::Longitude))
                    .col(text_null(LocalGovernment::CoordinatesNote))
                    .check(one_of(LocalGovernment::Kind, &LOCAL_GOVERNMENT_KINDS))
                    .check(one_of(LocalGovernment::Region, &REGIONS))
                    .check(Expr::cust(
                        "latitude IS NULL OR (latitude BETWEEN -90 AND 90)",
                    ))
                    .check(Expr::cust(
                        "longitude IS NULL OR (longitude BETWEEN -180 AND 180)",
                    ))
                    .foreign_key(
                        ForeignKey::create()
                            .from(LocalGovernment::Table, LocalGovernment::CountryCode)
                            .to(Country::Table, Country::Code),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Organisation::Table)
                    .col(string(Organisation::Id).primary_key())
                    .col(text(Organisation::Name))
                    .col(text_null(Organisation::ShortName))
                    .col(string(Organisation::Kind))
                    .col(string_null(Organisation::CountryCode))
                    .col(string(Organisation::Region))
                    .col(string_null(Organisation::LocalGovernmentId))
                    .check(one_of(Organisation::Kind, &ORGANISATION_KINDS))
                    .check(one_of(Organisation::Region, &REGIONS))
                    .check(Expr::cust(
                        "(kind = 'LOCAL_GOVERNMENT') = (local_government_id IS NOT NULL)",
                    ))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Organisation::Table, Organisation::CountryCode)
                            .to(Country::Table, Country::Code),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Organisation::Table, Organisation::LocalGovernmentId)
                            .to(LocalGovernment::Table, LocalGovernment::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ProgrammeMembership::Table)
                    .col(string(ProgrammeMembership::LocalGovernmentId))
                    .col(string(ProgrammeMembership::Programme))
                    .col(integer_null(ProgrammeMembership::Round))
                    .col(date_null(ProgrammeMembership::Announced))
                    .col(string(ProgrammeMembership::SourceId))
                    .primary_key(
                        Index::create()
                            .col(ProgrammeMembership::LocalGovernmentId)
                            .col(ProgrammeMembership::Programme),
                    )
                    .check(one_of(ProgrammeMembership::Programme, &PROGRAMMES))
                    .foreign_key(
                        ForeignKey::create()
                            .from(
                                ProgrammeMembership::Table,
                                ProgrammeMembership::LocalGovernmentId,
                            )
                            .to(LocalGovernment::Table, LocalGovernment::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(ProgrammeMembership::Table, ProgrammeMembership::SourceId)
                            .to(Source::Table, Source::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ReferenceList::Table)
                    .col(string(ReferenceList::Id).primary_key())
                    .col(text(ReferenceList::Name))
                    .col(string(ReferenceList::SourceId))
                    .col(integer(ReferenceList::KnownCount))
                    .col(integer_null(ReferenceList::ExpectedCount))
                    .col(boolean(ReferenceList::Complete))
                    .col(text(ReferenceList::CompletenessNote))
                    .check(Expr::cust(
                        "NOT complete OR (expected_count IS NOT NULL AND known_count = expected_count)",
                    ))
                    .foreign_key(
                        ForeignKey::create()
                            .from(ReferenceList::Table, ReferenceList::SourceId)
                            .to(Source::Table, Source::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(MissionCity::Table)
                    .col(integer(MissionCity::Row).primary_key())
                    .col(text(MissionCity::Name))
                    .col(text(MissionCity::CountryName))
                    .col(string(MissionCity::CountryCode))
                    .col(big_integer_null(MissionCity::GeonamesId))
                    .col(text_null(MissionCity::GeonamesName))
                    .col(double_null(MissionCity::Latitude))
                    .col(double_null(MissionCity::Longitude))
                    .col(big_integer_null(MissionCity::Population))
                    .col(text_null(MissionCity::GeonamesMatch))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(LeadingAreaRound::Table)
                    .col(integer(LeadingAreaRound::Round).primary_key())
                    .col(date_null(LeadingAreaRound::Announced))
                    .col(integer(LeadingAreaRound::KnownCount))
                    .col(integer_null(LeadingAreaRound::ExpectedCount))
                    .col(boolean(LeadingAreaRound::Complete))
                    .check(Expr::cust(
                        "NOT complete OR (expected_count IS NOT NULL AND known_count = expected_count)",
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(LeadingArea::Table)
                    .col(integer(LeadingArea::Row).primary_key())
                    .col(integer(LeadingArea::Round))
                    .col(text(LeadingArea::Prefecture))
                    .col(text(LeadingArea::LeadMunicipality))
                    .col(text_null(LeadingArea::Note))
                    .col(text(LeadingArea::SourceUrl))
                    .foreign_key(
                        ForeignKey::create()
                            .from(LeadingArea::Table, LeadingArea::Round)
                            .to(LeadingAreaRound::Table, LeadingAreaRound::Round),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Provenance::Table)
                    .col(pk_auto(Provenance::Id))
                    .col(string(Provenance::Entity))
                    .col(string(Provenance::EntityId))
                    .col(string_null(Provenance::Field))
                    .col(string(Provenance::SourceId))
                    .col(text(Provenance::Locator))
                    .col(text_null(Provenance::Quote))
                    .col(text_null(Provenance::Note))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Provenance::Table, Provenance::SourceId)
                            .to(Source::Table, Source::Id),
                    )
                    .to_owned(),
            )
            .await?;

        for index in [
            index("idx_local_government_country", LocalGovernment::Table)
                .col(LocalGovernment::CountryCode)
                .to_owned(),
            index("idx_local_government_region", LocalGovernment::Table)
                .col(LocalGovernment::Region)
                .to_owned(),
            index("idx_local_government_order", LocalGovernment::Table)
                .col(LocalGovernment::SortName)
                .col(LocalGovernment::Id)
                .to_owned(),
            index("idx_organisation_kind", Organisation::Table)
                .col(Organisation::Kind)
                .to_owned(),
            index("idx_organisation_country", Organisation::Table)
                .col(Organisation::CountryCode)
                .to_owned(),
            index("idx_organisation_local_government", Organisation::Table)
                .col(Organisation::LocalGovernmentId)
                .to_owned(),
            index("idx_mission_city_country", MissionCity::Table)
                .col(MissionCity::CountryCode)
                .to_owned(),
            index("idx_leading_area_round", LeadingArea::Table)
                .col(LeadingArea::Round)
                .to_owned(),
            index("idx_provenance_record", Provenance::Table)
                .col(Provenance::Entity)
                .col(Provenance::EntityId)
                .to_owned(),
        ] {
            manager.create_index(index).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Dropping a table drops its indexes; children before parents.
        for table in [
            Provenance::Table.into_iden(),
            LeadingArea::Table.into_iden(),
            LeadingAreaRound::Table.into_iden(),
            MissionCity::Table.into_iden(),
            ReferenceList::Table.into_iden(),
            ProgrammeMembership::Table.into_iden(),
            Organisation::Table.into_iden(),
            LocalGovernment::Table.into_iden(),
            Country::Table.into_iden(),
            Source::Table.into_iden(),
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
pub(crate) enum Source {
    Table,
    Id,
    Title,
    Location,
    Licence,
}

#[derive(DeriveIden)]
pub(crate) enum Country {
    Table,
    Code,
    Name,
    Region,
}

#[derive(DeriveIden)]
pub(crate) enum LocalGovernment {
    Table,
    Id,
    Name,
    SortName,
    NameJa,
    Kind,
    CountryCode,
    Region,
    SeedName,
    GeonamesId,
    Latitude,
    Longitude,
    CoordinatesNote,
}

#[derive(DeriveIden)]
pub(crate) enum Organisation {
    Table,
    Id,
    Name,
    ShortName,
    Kind,
    CountryCode,
    Region,
    LocalGovernmentId,
}

#[derive(DeriveIden)]
enum ProgrammeMembership {
    Table,
    LocalGovernmentId,
    Programme,
    Round,
    Announced,
    SourceId,
}

#[derive(DeriveIden)]
enum ReferenceList {
    Table,
    Id,
    Name,
    SourceId,
    KnownCount,
    ExpectedCount,
    Complete,
    CompletenessNote,
}

#[derive(DeriveIden)]
enum MissionCity {
    Table,
    Row,
    Name,
    CountryName,
    CountryCode,
    GeonamesId,
    GeonamesName,
    Latitude,
    Longitude,
    Population,
    GeonamesMatch,
}

#[derive(DeriveIden)]
enum LeadingAreaRound {
    Table,
    Round,
    Announced,
    KnownCount,
    ExpectedCount,
    Complete,
}

#[derive(DeriveIden)]
enum LeadingArea {
    Table,
    Row,
    Round,
    Prefecture,
    LeadMunicipality,
    Note,
    SourceUrl,
}

#[derive(DeriveIden)]
enum Provenance {
    Table,
    Id,
    Entity,
    EntityId,
    Field,
    SourceId,
    Locator,
    Quote,
    Note,
}
