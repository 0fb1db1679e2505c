//! `Provenance` and `Source`: where each served fact comes from.

use async_graphql::{Context, Object};
use entity::{provenance, source};

use crate::error::{ApiError, IntoGraphql};
use crate::graphql::context::{load_list, load_one};
use crate::graphql::loaders::{ProvenanceOf, SourceById};

/// Where a fact comes from: a source document, the place in it, and what was done to it.
#[derive(Clone)]
pub struct Provenance {
    /// The provenance row.
    pub row: provenance::Model,
}

/// Where a fact comes from: a source document, the place in it, and what was done to it.
#[Object]
impl Provenance {
    /// The field of the entity this fact is (e.g. `title`, `coordinates`); null where the row
    /// vouches for the record as a whole.
    async fn field(&self) -> Option<&str> {
        self.row.field.as_deref()
    }

    /// The source document: the event page, a named public list, GeoNames, or an editorial
    /// decision of this dataset.
    async fn source(&self, ctx: &Context<'_>) -> async_graphql::Result<Source> {
        match load_one(ctx, SourceById(self.row.source_id.clone())).await? {
            Some(source) => Ok(Source(source)),
            None => Err(ApiError::Internal {
                cause: format!("provenance of unknown source {}", self.row.source_id).into(),
            })
            .gql(),
        }
    }

    /// The place in the source: `line 53` of the event page, `row 7` of a list, `geonameId
    /// 1857910`, or the record of the dataset file an editorial decision is written in.
    async fn locator(&self) -> &str {
        &self.row.locator
    }

    /// The text as published, quoted, where the served text differs from it or was inferred
    /// from it; null where the served text is the published one.
    async fn published_text(&self) -> Option<&str> {
        self.row.quote.as_deref()
    }

    /// The correction or inference applied, in words (a typo corrected, a classification and
    /// its reason, a public record cited); null where none was.
    async fn note(&self) -> Option<&str> {
        self.row.note.as_deref()
    }

    /// The address of the document this record cites, where it cites one of its own (a
    /// company's filing for its seat); null where the source's own address says it all.
    async fn url(&self) -> Option<&str> {
        self.row.url.as_deref()
    }
}

/// A source document of the dataset.
#[derive(Clone)]
pub struct Source(pub source::Model);

/// A source document of the dataset.
#[Object]
impl Source {
    /// Short stable name, e.g. `seed` (the event page), `participants`, `geonames`, `editorial`.
    async fn slug(&self) -> &str {
        &self.0.id
    }

    /// Title.
    async fn title(&self) -> &str {
        &self.0.title
    }

    /// Where it is: a file of this project's repository (`data/...`) or a public address.
    async fn location(&self) -> &str {
        &self.0.location
    }

    /// The source's public address: the event page for `seed` and `event-pages` (whose text
    /// and facts the repository's files transcribe), GeoNames' site; null for a source with
    /// none of its own (a list whose rows cite their pages: see `Provenance.url`).
    async fn url(&self) -> Option<&str> {
        self.0.url.as_deref()
    }

    /// When the public source was consulted, and what is not known of its retrieval; null
    /// where the dataset records nothing.
    async fn retrieved(&self) -> Option<&str> {
        self.0.retrieved.as_deref()
    }

    /// Licence and attribution terms, where the source states them (GeoNames: CC BY 4.0, with
    /// the attribution "GeoNames, geonames.org"); null where it states none.
    async fn licence(&self) -> Option<&str> {
        self.0.licence.as_deref()
    }
}

/// The provenance rows of the record `id` of table `entity`, in dataset order.
pub async fn provenance_of(
    ctx: &Context<'_>,
    entity: &'static str,
    id: &str,
) -> async_graphql::Result<Vec<Provenance>> {
    let rows = load_list(
        ctx,
        ProvenanceOf {
            entity,
            id: id.to_owned(),
        },
    )
    .await?;
    Ok(rows.into_iter().map(|row| Provenance { row }).collect())
}
