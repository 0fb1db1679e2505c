//! The dataset as a citable publication: its version in GraphQL and in every document's
//! headers, the same as the loader computes, and the citation file and changelog that follow it.

use api::dataset::DatasetFiles;
use api::feeds::registry;

use crate::support::{TestApp, repo_path};

/// The version the loader computes for the repository's dataset.
fn computed_version() -> String {
    DatasetFiles::embedded().version()
}

#[tokio::test]
async fn graphql_answers_the_version_the_loader_computes_with_licence_and_citation() {
    let app = TestApp::new().await;
    let body = app
        .query("{ dataset { version shortVersion loadedAt title licence licenceUrl citation } }")
        .await;
    assert!(body.get("errors").is_none(), "{body}");
    let dataset = &body["data"]["dataset"];
    let version = computed_version();
    assert_eq!(dataset["version"], version.as_str());
    assert_eq!(dataset["shortVersion"], &version[..12]);
    assert!(
        dataset["loadedAt"]
            .as_str()
            .is_some_and(|at| at.starts_with("20"))
    );
    assert_eq!(dataset["licence"], "CC-BY-4.0");
    let citation = dataset["citation"].as_str().unwrap_or_default();
    assert!(
        citation.contains(&format!("version {}", &version[..12])),
        "{citation}"
    );
    assert!(
        citation.contains("https://www.iges.or.jp/en/events/20230126"),
        "{citation}"
    );
}

#[tokio::test]
async fn every_document_names_the_version_it_was_rendered_from() {
    let app = TestApp::new().await;
    let version = computed_version();
    for listing in registry::listings() {
        let id = match listing.path {
            path if path.starts_with("/speakers/") => "risto-veivo",
            _ => "day1-panel-1",
        };
        let path = listing.path.replace("{id}", id);
        let reply = app.get(&path).await;
        assert_eq!(reply.status, 200, "{path}");
        assert_eq!(reply.headers["dataset-version"], version.as_str(), "{path}");
        assert!(reply.headers.contains_key("dataset-loaded-at"), "{path}");
        // A revalidation names it too.
        let etag = reply.headers["etag"]
            .to_str()
            .unwrap_or_default()
            .to_owned();
        let request = axum::http::Request::get(&path)
            .header("if-none-match", etag)
            .body(axum::body::Body::empty())
            .unwrap();
        let revalidated = app.send(request).await;
        assert_eq!(revalidated.status, 304, "{path}");
        assert_eq!(
            revalidated.headers["dataset-version"],
            version.as_str(),
            "{path}"
        );
    }
}

#[test]
fn the_citation_file_and_the_changelog_follow_the_dataset_version() {
    let version = computed_version();
    let citation = std::fs::read_to_string(repo_path("CITATION.cff")).unwrap();
    assert!(
        citation
            .lines()
            .any(|line| line == format!("version: \"{version}\"")),
        "CITATION.cff's version is not the dataset's {version}: update it, its date-released and data/CHANGELOG.md"
    );
    let changelog = std::fs::read_to_string(repo_path("data/CHANGELOG.md")).unwrap();
    let newest = changelog
        .lines()
        .find(|line| line.starts_with("## "))
        .unwrap_or_default();
    assert!(
        newest.starts_with(&format!("## {} (", &version[..12])),
        "the newest entry of data/CHANGELOG.md ({newest}) is not the dataset version {version}"
    );
    let released = newest
        .trim_end_matches(')')
        .rsplit('(')
        .next()
        .unwrap_or_default();
    assert!(
        citation
            .lines()
            .any(|line| line == format!("date-released: \"{released}\"")),
        "CITATION.cff's date-released is not the changelog's {released}"
    );
    assert!(changelog.contains(&format!("`{version}`")));
}

#[tokio::test]
async fn the_data_package_describes_every_export_column_by_column() {
    let app = TestApp::new().await;
    let kept: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(repo_path("data/datapackage.json")).unwrap())
            .unwrap();
    assert_eq!(
        kept["version"],
        computed_version().as_str(),
        "data/datapackage.json's version"
    );
    let served = app.get("/export/datapackage.json").await;
    assert_eq!(served.status, 200);
    assert_eq!(served.body["version"], computed_version().as_str());
    assert!(served.body["created"].as_str().is_some());
    assert_eq!(served.body["resources"], kept["resources"]);
    // Every export of the registry is a resource, and every CSV's columns are its fields, in order.
    let exports: Vec<String> = registry::listings()
        .iter()
        .filter_map(|l| l.path.strip_prefix("/export/"))
        .filter(|file| *file != "datapackage.json")
        .map(str::to_owned)
        .collect();
    let resources = kept["resources"].as_array().unwrap();
    let mut described: Vec<String> = resources
        .iter()
        .map(|r| r["path"].as_str().unwrap().to_owned())
        .collect();
    described.sort();
    let mut listed = exports.clone();
    listed.sort();
    assert_eq!(described, listed);
    for resource in resources.iter().filter(|r| r["format"] == "csv") {
        let path = format!("/export/{}", resource["path"].as_str().unwrap());
        let reply = app.get(&path).await;
        let text = reply.body.as_str().unwrap_or_default().to_owned();
        let header: Vec<&str> = text.lines().next().unwrap_or_default().split(',').collect();
        let fields: Vec<&str> = resource["schema"]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["name"].as_str().unwrap())
            .collect();
        assert_eq!(header, fields, "{path}");
        assert!(
            resource["schema"]["fields"]
                .as_array()
                .unwrap()
                .iter()
                .all(|f| f["description"].as_str().is_some_and(|d| !d.is_empty())),
            "{path}: every field described"
        );
    }
}
