//! `Dataset`: the version of the data an answer reads, its licence and how to cite it.

use async_graphql::SimpleObject;

use crate::dataset::publication;
use crate::error::ApiError;
use crate::graphql::Served;
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
    /// The recommended citation of this version: its short form, the date it was loaded (the
    /// version's date of publication here) and where it was retrieved (the service's public
    /// URL, `PUBLIC_URL`, and the archive to keep: `/export/dataset.zip`).
    pub citation: String,
    /// A token that names this revision of the data (its version and when it was loaded)
    /// together with the build that serves it: a `GET /graphql` that carries it as
    /// `revision=<token>` is answered, when it names the revision served, with
    /// `Cache-Control: public, max-age=31536000, immutable`, and caches may keep that answer
    /// for good; a new load or a new deploy gives a new token. Each `dataRevision` event
    /// carries the token of the revision it announces.
    pub revision: String,
}

impl Dataset {
    /// The dataset `programme` was read from, as `served` serves it; an internal error where
    /// its database holds no version (the loader always writes one).
    pub fn of(programme: &Programme, served: &Served) -> Result<Self, ApiError> {
        programme
            .version()
            .map(|row| Self::from_row(row, served))
            .ok_or_else(|| ApiError::Internal {
                cause: "the database holds no dataset version".into(),
            })
    }

    fn from_row(row: &VersionRow, served: &Served) -> Self {
        Self {
            revision: revision_token(&row.revision(), &served.build),
            version: row.version.clone(),
            short_version: publication::short_version(&row.version).to_owned(),
            loaded_at: row.loaded_at.map(|at| DateTime(at.fixed_offset())),
            title: publication::TITLE.to_owned(),
            licence: publication::LICENCE.to_owned(),
            licence_url: publication::LICENCE_URL.to_owned(),
            citation: publication::citation(
                &row.version,
                row.loaded_at.map(|at| at.date_naive()),
                &served.public_url,
            ),
        }
    }
}

/// The token of a data revision (`VersionRow::revision`: the version and when it was loaded)
/// served by `build` (`graphql::identity`): the first 16 hexadecimal digits of a SHA-256 of
/// both, so that a new load or a new deploy gives a new token.
pub fn revision_token(revision: &str, build: &str) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::new()
        .chain_update(revision.as_bytes())
        .chain_update([0])
        .chain_update(build.as_bytes())
        .finalize();
    let mut token = crate::text::hex(&digest);
    token.truncate(16);
    token
}
