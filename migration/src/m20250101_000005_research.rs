//! What the research features read: the reference-list row behind each programme membership,
//! and the search index that a load derives (entries with their folded text, and the character
//! bigrams of that text, indexed); and the format of the rows a load wrote
//! (`dataset_version.format`), so that a release that derives more can tell an older load.

use sea_orm_migration::{prelude::*, schema::*};

/// Adds `programme_membership.list_row`, `dataset_version.format`, `search_entry` and
/// `search_gram`.
pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20250101_000005_research"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(ProgrammeMembership::Table)
                    .add_column(integer_null(ProgrammeMembership::ListRow))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(DatasetVersion::Table)
                    .add_column(integer_null(DatasetVersion::Format))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(SearchEntry::Table)
                    .col(integer(SearchEntry::Id).primary_key())
                    .col(string(SearchEntry::Kind))
                    .col(string(SearchEntry::EntityId))
                    .col(text(SearchEntry::Name))
                    .col(text(SearchEntry::NameFolded))
                    .col(text_null(SearchEntry::NameJa))
                    .col(text(SearchEntry::DescriptionFolded))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(SearchGram::Table)
                    .col(string(SearchGram::Gram))
                    .col(integer(SearchGram::EntryId))
                    .primary_key(
                        Index::create()
                            .col(SearchGram::Gram)
                            .col(SearchGram::EntryId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(SearchGram::Table, SearchGram::EntryId)
                            .to(SearchEntry::Table, SearchEntry::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_search_entry_entity")
                    .table(SearchEntry::Table)
                    .col(SearchEntry::Kind)
                    .col(SearchEntry::EntityId)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            SearchGram::Table.into_iden(),
            SearchEntry::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(DatasetVersion::Table)
                    .drop_column(DatasetVersion::Format)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(ProgrammeMembership::Table)
                    .drop_column(ProgrammeMembership::ListRow)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum ProgrammeMembership {
    Table,
    ListRow,
}

#[derive(DeriveIden)]
enum DatasetVersion {
    Table,
    Format,
}

#[derive(DeriveIden)]
enum SearchEntry {
    Table,
    Id,
    Kind,
    EntityId,
    Name,
    NameFolded,
    NameJa,
    DescriptionFolded,
}

#[derive(DeriveIden)]
enum SearchGram {
    Table,
    Gram,
    EntryId,
}
