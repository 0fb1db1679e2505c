//! `/export/dataset.zip`: one archive per dataset version, fit to deposit: every export, the
//! data package descriptor (whose relative paths resolve inside the archive), the dataset's
//! README (licences and sources) with the reference lists' own, and `CITATION.cff` and
//! `CHANGELOG.md` where they describe the version loaded (files of the repository, not of the
//! dataset: an archive of other data leaves them out rather than mislabel it). Every entry has
//! the same fixed timestamp and permissions and the entries come in one order, so one
//! version's archive is the same bytes every time, served or written by
//! `cities-api export-dataset`.

use std::io::Write;

use axum::body::Bytes;
use axum::http::{HeaderName, HeaderValue, header};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use super::{
    AppearancesCsv, CitiesCsv, CitiesGeojson, DataPackage, Geojson, LeadingAreasCsv,
    MissionCitiesCsv, OrganisationsCsv, PairingsCsv, PairingsGeojson, ProvenanceCsv, SessionsCsv,
    SpeakersCsv,
};
use crate::config::Config;
use crate::dataset::publication;
use crate::error::{ApiError, Refusal};
use crate::feeds::Publication;
use crate::feeds::document::{Document, NoParams, Source};
use crate::store::programme::Programme;
use sea_orm::{DatabaseConnection, TransactionTrait};

/// The repository's files that describe the dataset, as built into the binary.
const DATA_README: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../data/README.md"));
const REFERENCE_README: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../data/reference/README.md"
));
const CITATION: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../CITATION.cff"));
const CHANGELOG: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../data/CHANGELOG.md"));

/// The archive of the whole dataset.
pub struct DatasetArchive;

impl Document for DatasetArchive {
    const PATH: &'static str = "/export/dataset.zip";
    const MEDIA_TYPE: &'static str = "application/zip";
    type Params = NoParams;
    const READS_DATABASE: bool = true;

    async fn render(source: &Source<'_>, _: &NoParams) -> Result<Bytes, Refusal> {
        let mut entries = vec![
            rendered::<SessionsCsv>(source).await?,
            rendered::<SpeakersCsv>(source).await?,
            rendered::<CitiesCsv>(source).await?,
            rendered::<PairingsCsv>(source).await?,
            rendered::<AppearancesCsv>(source).await?,
            rendered::<OrganisationsCsv>(source).await?,
            rendered::<MissionCitiesCsv>(source).await?,
            rendered::<LeadingAreasCsv>(source).await?,
            rendered::<ProvenanceCsv>(source).await?,
            rendered::<Geojson<CitiesGeojson>>(source).await?,
            rendered::<Geojson<PairingsGeojson>>(source).await?,
            rendered::<DataPackage>(source).await?,
            (
                "README.md".to_owned(),
                Bytes::from_static(DATA_README.as_bytes()),
            ),
            (
                "reference/README.md".to_owned(),
                Bytes::from_static(REFERENCE_README.as_bytes()),
            ),
        ];
        let version = source.publication.version;
        if describes(CITATION, version) {
            entries.push((
                "CITATION.cff".to_owned(),
                Bytes::from_static(CITATION.as_bytes()),
            ));
        }
        if describes(CHANGELOG, version) {
            entries.push((
                "CHANGELOG.md".to_owned(),
                Bytes::from_static(CHANGELOG.as_bytes()),
            ));
        }
        zipped(&entries).map_err(|cause| {
            Refusal::from(ApiError::Internal {
                cause: format!("the dataset archive could not be written: {cause}").into(),
            })
        })
    }

    fn headers(_: &Config) -> Vec<(HeaderName, HeaderValue)> {
        // The version goes before the extension as every export's does (`http::documents`):
        // `eu-japan-100-cities-<shortVersion>.zip`.
        vec![(
            header::CONTENT_DISPOSITION,
            HeaderValue::from_static("attachment; filename=\"eu-japan-100-cities.zip\""),
        )]
    }
}

/// The archive of the dataset in `db` as the service at `public_url` would serve it, read in one
/// transaction (`cities-api export-dataset`).
pub async fn archive_of(db: &DatabaseConnection, public_url: &str) -> Result<Bytes, String> {
    let transaction = db
        .begin()
        .await
        .map_err(|e| format!("cannot read the database: {e}"))?;
    let programme = Programme::read(&transaction)
        .await
        .map_err(|e| format!("cannot read the programme: {e}"))?;
    let Some(row) = programme.version() else {
        return Err("the database holds no dataset: run `cities-api load-data` first".into());
    };
    let source = Source {
        programme: &programme,
        db: Some(&transaction),
        publication: Publication {
            public_url,
            revised_at: row.loaded_at.unwrap_or_default(),
            version: &row.version,
        },
    };
    let archive = DatasetArchive::render(&source, &NoParams)
        .await
        .map_err(|refusal| refusal.message)?;
    transaction
        .rollback()
        .await
        .map_err(|e| format!("cannot end the read: {e}"))?;
    Ok(archive)
}

/// `D` rendered from `source`, under the last segment of its path.
async fn rendered<D: Document<Params = NoParams>>(
    source: &Source<'_>,
) -> Result<(String, Bytes), Refusal> {
    let name = D::PATH.rsplit('/').next().unwrap_or(D::PATH).to_owned();
    Ok((name, D::render(source, &NoParams).await?))
}

/// True where `text` (`CITATION.cff`, the changelog) is about dataset `version`: the
/// citation's `version` is the full version, the changelog's newest entry its short form.
fn describes(text: &str, version: &str) -> bool {
    let short = publication::short_version(version);
    text.lines()
        .any(|line| line == format!("version: \"{version}\""))
        || text
            .lines()
            .find(|line| line.starts_with("## "))
            .is_some_and(|newest| newest.starts_with(&format!("## {short} (")))
}

/// The zip of `entries`, in their order, deflated, each dated 1980-01-01 00:00 (the format's
/// first date) with mode 0644.
fn zipped(entries: &[(String, Bytes)]) -> zip::result::ZipResult<Bytes> {
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644);
    let mut archive = ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in entries {
        archive.start_file(name.as_str(), options)?;
        archive.write_all(bytes)?;
    }
    Ok(Bytes::from(archive.finish()?.into_inner()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_citation_and_the_changelog_are_matched_by_version() {
        let version = "ab".repeat(32);
        assert!(describes(&format!("version: \"{version}\"\n"), &version));
        assert!(describes(
            "# Changelog\n\n## abababababab (2026-12-05)\n",
            &version
        ));
        assert!(!describes(
            "## 000000000000 (2026-12-05)\n## abababababab (x)\n",
            &version
        ));
        assert!(!describes("version: \"other\"\n", &version));
    }

    #[test]
    fn the_same_entries_zip_to_the_same_bytes() -> zip::result::ZipResult<()> {
        let entries = vec![("a.csv".to_owned(), Bytes::from_static(b"x,y\r\n1,2\r\n"))];
        assert_eq!(zipped(&entries)?, zipped(&entries)?);
        Ok(())
    }
}
