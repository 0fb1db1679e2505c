//! `/export/dataset.zip` and `cities-api export-dataset`: every export and the descriptor in
//! one archive whose bytes depend on the version only, named by it, with the citation and the
//! changelog only where they describe the version loaded.

use std::io::Read;

use serde_json::Value;

use crate::support::{TestApp, cli, data_dir_without_the_first_break, load_data};

/// The entries of `bytes` (a zip), by name, in their order.
fn entries(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    (0..archive.len())
        .map(|index| {
            let mut file = archive.by_index(index).unwrap();
            let mut body = Vec::new();
            file.read_to_end(&mut body).unwrap();
            (file.name().unwrap().into_owned(), body)
        })
        .collect()
}

async fn archive_bytes(app: &TestApp) -> (axum::http::HeaderMap, Vec<u8>) {
    app.get_bytes("/export/dataset.zip").await
}

#[tokio::test]
async fn the_archive_holds_every_export_the_descriptor_and_the_citation_named_by_version() {
    let app = TestApp::new().await;
    let (headers, bytes) = archive_bytes(&app).await;
    let body = app.query("{ dataset { shortVersion } }").await;
    let short = body["data"]["dataset"]["shortVersion"].as_str().unwrap();
    assert_eq!(headers["content-type"], "application/zip");
    assert_eq!(
        headers["content-disposition"].to_str().unwrap(),
        format!("attachment; filename=\"eu-japan-100-cities-{short}.zip\"")
    );
    let entries = entries(&bytes);
    let names: Vec<&str> = entries.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(
        names,
        [
            "sessions.csv",
            "speakers.csv",
            "cities.csv",
            "pairings.csv",
            "appearances.csv",
            "organisations.csv",
            "mission-cities.csv",
            "leading-areas.csv",
            "provenance.csv",
            "cities.geojson",
            "pairings.geojson",
            "datapackage.json",
            "README.md",
            "reference/README.md",
            "CITATION.cff",
            "CHANGELOG.md",
        ]
    );
    // Each export is the served one, byte for byte.
    for (name, body) in &entries[..12] {
        assert_eq!(
            body,
            &app.get_bytes(&format!("/export/{name}")).await.1,
            "{name}"
        );
    }
    // Every resource the descriptor names is in the archive, beside it.
    let descriptor: Value = serde_json::from_slice(&entries[11].1).unwrap();
    for resource in descriptor["resources"].as_array().unwrap() {
        let path = resource["path"].as_str().unwrap();
        assert!(names.contains(&path), "{path} is not in the archive");
    }
    // The same version, the same bytes.
    assert_eq!(archive_bytes(&app).await.1, bytes);
}

/// Runs `cities-api export-dataset` on `app`'s database into `out`; fails with its output if
/// it does.
fn export(app: &TestApp, out: &std::path::Path) {
    let written = cli(&[
        "export-dataset",
        "--database-url",
        app.database_url(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(
        written.status.success(),
        "{}",
        String::from_utf8_lossy(&written.stderr)
    );
}

#[tokio::test]
async fn the_command_writes_the_same_archive_and_other_data_leaves_out_the_citation() {
    let app = TestApp::new().await;
    let (_, served) = archive_bytes(&app).await;
    let out = app.dir.path().join("dataset.zip");
    export(&app, &out);
    assert_eq!(std::fs::read(&out).unwrap(), served);

    // Another dataset: CITATION.cff and the changelog name the repository's version, not this
    // one, so they stay out.
    let data = data_dir_without_the_first_break();
    load_data(app.database_url(), data.path());
    export(&app, &out);
    let names: Vec<String> = entries(&std::fs::read(&out).unwrap())
        .into_iter()
        .map(|(name, _)| name)
        .collect();
    assert!(names.contains(&"sessions.csv".to_owned()));
    assert!(!names.contains(&"CITATION.cff".to_owned()), "{names:?}");
    assert!(!names.contains(&"CHANGELOG.md".to_owned()), "{names:?}");
}

#[test]
fn the_command_refuses_an_empty_database_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let url = crate::support::sqlite_url(&dir.path().join("empty.sqlite"));
    let out = dir.path().join("dataset.zip");
    let written = cli(&[
        "export-dataset",
        "--database-url",
        &format!("{url}?mode=rwc"),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(!written.status.success());
    let stderr = String::from_utf8_lossy(&written.stderr);
    assert!(stderr.contains("error:"), "{stderr}");
    assert!(!out.exists());
}
