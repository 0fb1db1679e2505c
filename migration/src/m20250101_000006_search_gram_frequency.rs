//! How many search entries hold each bigram (derived by every load), so that a search starts
//! from its query's rarest bigram: its cost then follows that bigram's entries, not the
//! entries of its most common one.

use sea_orm_migration::{prelude::*, schema::*};

/// Creates `search_gram_frequency`.
pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20250101_000006_search_gram_frequency"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(SearchGramFrequency::Table)
                    .col(string(SearchGramFrequency::Gram).primary_key())
                    .col(integer(SearchGramFrequency::Entries))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(SearchGramFrequency::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum SearchGramFrequency {
    Table,
    Gram,
    Entries,
}
