//! `Dataset`: the version of the data an answer reads, its licence and how to cite it.

use async_graphql::SimpleObject;

use crate::dataset::publication;
use crate::error::ApiError;
use crate::graphql::scalars::DateTime;
use crate::store::programme::Programme;
use crate::store::snapshot::VersionRow;

/// This dataset as a publication: the version an answer reads, when it was loaded, its licence
/// and how to cite it.
#[derive(Clone, Debug, SimpleObject)]
pub struct Dataset {
    /// The dataset version: a SHA-256 over the dataset files (`data/`). Every export carries it
    /// in its `Dataset-Version` header, and `data/CHANGELOG.md` lists each version.
    pub version: String,
    /// The version as a citation prints it: its first 12 hexadecimal digits.
    pub short_version: String,
    /// When this version was loaded into the database the answer reads; null only where the
    /// database's version row was edited by hand.
    pub loaded_at: Option<DateTime>,
    /// The dataset's title.
    pub title: String,
    /// The licence of this compilation, as an SPDX identifier (`CC-BY-4.0`). The sources' own
    /// terms travel with their facts: GeoNames' attribution with every coordinate, and
    /// `Source.licence` on every provenance record (null where a source states none).
    pub licence: String,
    /// The licence's text.
    pub licence_url: String,
    /// The recommended citation of this version.
    pub citation: String,
}

impl Dataset {
    /// The dataset `programme` was read from; an internal error where its database holds no
    /// version (the loader always writes one).
    pub fn of(programme: &Programme) -> Result<Self, ApiError> {
        programme
            .version()
            .map(Self::from)
            .ok_or_else(|| ApiError::Internal {
                cause: "the database holds no dataset version".into(),
            })
    }
}

impl From<&VersionRow> for Dataset {
    fn from(row: &VersionRow) -> Self {
        Self {
            version: row.version.clone(),
            short_version: publication::short_version(&row.version).to_owned(),
            loaded_at: row.loaded_at.map(|at| DateTime(at.fixed_offset())),
            title: publication::TITLE.to_owned(),
            licence: publication::LICENCE.to_owned(),
            licence_url: publication::LICENCE_URL.to_owned(),
            citation: publication::citation(&row.version),
        }
    }
}
