//! The dataset as a citable publication: its version in GraphQL and in every document's
//! headers, the same as the loader computes, and the citation file and changelog that follow it.

use api::dataset::DatasetFiles;
use api::feeds::registry;

use crate::support::{TestApp, data_dir_with, repo_path};

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
    // The day of the load, and where it was retrieved: the service's public URL.
    let loaded_on = &dataset["loadedAt"].as_str().unwrap()[..10];
    assert!(
        citation.contains(&format!("version {} ({loaded_on}).", &version[..12])),
        "{citation}"
    );
    let public_url = api::config::Config::default().public_url();
    assert!(
        citation.contains(&format!(
            "Retrieved from {public_url} ({public_url}/export/dataset.zip)."
        )),
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
        let path = match listing.path {
            // oEmbed answers for a widget URL of the service.
            "/oembed" => format!(
                "/oembed?url={}%2Fembed",
                api::config::Config::default()
                    .public_url()
                    .replace(':', "%3A")
                    .replace('/', "%2F")
            ),
            path => path.replace("{id}", id),
        };
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
fn the_version_follows_the_content_not_the_bytes() {
    let version_of = |edit: fn(String) -> String| {
        let dir = data_dir_with(edit);
        DatasetFiles::from_dir(dir.path()).unwrap().version()
    };
    let embedded = computed_version();
    // A comment, the layout and the order of keys leave the version as it is.
    assert_eq!(
        version_of(|programme| format!("# a note to editors\n{programme}\n\n# the end\n")),
        embedded
    );
    assert_eq!(
        version_of(|programme| programme.replacen(
            "name = \"Alexandrina Boyanova\"\n",
            "name   =   'Alexandrina Boyanova' # as printed\n",
            1
        )),
        embedded
    );
    // One character of content is a new version.
    assert_ne!(
        version_of(|programme| programme.replacen(
            "name = \"Alexandrina Boyanova\"",
            "name = \"Alexandrina Boyanova \"",
            1
        )),
        embedded
    );
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

/// The number written before `what` in `text` (`13 sessions` → 13).
fn count_before(text: &str, what: &str) -> u64 {
    let at = text
        .find(what)
        .unwrap_or_else(|| panic!("the changelog names no {what}"));
    text[..at]
        .split_whitespace()
        .last()
        .and_then(|n| n.trim_matches(|c: char| !c.is_ascii_digit()).parse().ok())
        .unwrap_or_else(|| panic!("no number before {what}"))
}

#[tokio::test]
async fn the_newest_changelog_entry_counts_what_the_data_holds() {
    let changelog = std::fs::read_to_string(repo_path("data/CHANGELOG.md")).unwrap();
    let start = changelog.find("\n## ").unwrap();
    let end = changelog[start + 1..]
        .find("\n## ")
        .map_or(changelog.len(), |end| start + 1 + end);
    let entry = changelog[start..end]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let app = TestApp::new().await;
    let body = app
        .query(
            "{ sessions(first: 100) { totalCount nodes { appearances { __typename } } }
               speakers { totalCount } cities { totalCount } }",
        )
        .await;
    let data = &body["data"];
    let appearances: usize = data["sessions"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|session| session["appearances"].as_array().unwrap().len())
        .sum();
    assert_eq!(
        count_before(&entry, " sessions"),
        data["sessions"]["totalCount"].as_u64().unwrap()
    );
    assert_eq!(
        count_before(&entry, " speakers"),
        data["speakers"]["totalCount"].as_u64().unwrap()
    );
    assert_eq!(
        count_before(&entry, " local governments"),
        data["cities"]["totalCount"].as_u64().unwrap()
    );
    assert_eq!(count_before(&entry, " appearances"), appearances as u64);
}

#[tokio::test]
async fn the_data_package_describes_every_export_column_by_column() {
    let app = TestApp::new().await;
    let kept: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(repo_path("api/src/feeds/export/descriptor.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(
        kept["version"],
        computed_version().as_str(),
        "api/src/feeds/export/descriptor.json's version"
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
        .filter(|file| !["datapackage.json", "dataset.zip"].contains(file))
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

#[tokio::test]
async fn sources_name_their_addresses_and_records_the_documents_they_cite() {
    let app = TestApp::new().await;
    let pages = std::fs::read_to_string(repo_path("data/reference/event-pages.csv")).unwrap();
    let english = pages
        .lines()
        .find(|line| line.starts_with("en,"))
        .unwrap_or_default();
    let url = english.split(',').nth(1).unwrap_or_default();
    let consulted = english.rsplit(',').next().unwrap_or_default();
    assert_eq!(url, api::dataset::publication::EVENT_PAGE_URL);
    let body = app
        .query(
            r#"{ session(slug: "day1-panel-1") { provenance { source { slug url retrieved licence } } }
                 organisation(slug: "abn-amro") { provenance { field url source { slug url } } }
                 referenceLists { slug source { url licence } } }"#,
        )
        .await;
    assert!(body.get("errors").is_none(), "{body}");
    let seed = &body["data"]["session"]["provenance"][0]["source"];
    assert_eq!(seed["slug"], "seed");
    assert_eq!(seed["url"], url);
    let retrieved = seed["retrieved"].as_str().unwrap_or_default();
    assert!(retrieved.contains(consulted), "{retrieved}");
    assert!(
        seed["licence"]
            .as_str()
            .unwrap_or_default()
            .starts_with("no licence stated")
    );
    // ABN AMRO's seat: the filing's address on the record, not in a note only.
    let seat = body["data"]["organisation"]["provenance"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["field"] == "country")
        .cloned()
        .unwrap_or_default();
    assert_eq!(seat["source"]["slug"], "organisation-seats");
    assert!(
        seat["url"]
            .as_str()
            .unwrap_or_default()
            .starts_with("https://www.sec.gov/"),
        "{seat}"
    );
    // The lists have no address of their own (their rows cite their pages), and say their terms.
    for list in body["data"]["referenceLists"].as_array().unwrap() {
        assert_eq!(list["source"]["url"], serde_json::Value::Null, "{list}");
        assert!(list["source"]["licence"].as_str().is_some(), "{list}");
    }
}

#[test]
fn the_schema_defines_pairing_and_took_part_where_they_are_used() {
    let schema = std::fs::read_to_string(repo_path("schema.graphql")).unwrap();
    let described = |type_name: &str| {
        let at = schema.find(&format!("type {type_name} ")).unwrap_or(0);
        let text = schema[..at].rsplit("\"\"\"").nth(1).unwrap_or_default();
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    };
    let pairing = described("CityPairing");
    assert!(
        pairing.contains("shared a session") && pairing.contains("not a partnership"),
        "{pairing}"
    );
    let city = described("City");
    assert!(
        city.contains("a speaker on the programme represented"),
        "{city}"
    );
    for filter in ["MissionCityFilter", "LeadingAreaFilter"] {
        let at = schema.find(&format!("input {filter} ")).unwrap_or(0);
        let block = &schema[at..schema[at..].find('}').map_or(schema.len(), |end| at + end)];
        let block = block.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            block.contains("a speaker on the programme represented"),
            "{filter}: {block}"
        );
    }
}

#[tokio::test]
async fn the_mission_list_s_population_names_its_source_its_unit_and_its_missing_year() {
    let app = TestApp::new().await;
    let served = app.get("/export/datapackage.json").await;
    let fields = served.body["resources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "mission-cities")
        .unwrap()["schema"]["fields"]
        .as_array()
        .unwrap()
        .clone();
    let population = fields.iter().find(|f| f["name"] == "population").unwrap();
    let introspected = app
        .query(r#"{ __type(name: "MissionCity") { fields { name description } } }"#)
        .await;
    let field = introspected["data"]["__type"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == "population")
        .unwrap()
        .clone();
    for description in [&population["description"], &field["description"]] {
        let text = description.as_str().unwrap();
        for said in ["GeoNames", "inhabitants", "no year", "core city"] {
            assert!(text.contains(said), "{said}: {text}");
        }
    }
}
