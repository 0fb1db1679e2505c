//! Every answer is read from one snapshot of the data, even while another process reloads it:
//! the programme in memory and what the answer reads by SQL are of one revision.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use serde_json::Value;

use crate::support::{TestApp, data_dir_without_the_first_break, load_data, repo_path};

/// The programme (in memory) and, beside it, a count of the same sessions read by SQL in the
/// request's transaction (participation by theme: every session in exactly one group).
const PROGRAMME: &str =
    "{ sessions(first: 100) { totalCount nodes { id speakers { id name sessions { id } } } }
    participation(by: THEME) { sessionCount } }";

/// The problems of one answer (empty when it is internally consistent).
fn inconsistencies(body: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    if body.get("errors").is_some() {
        problems.push(format!("errors: {}", body["errors"]));
        return problems;
    }
    let sessions = &body["data"]["sessions"];
    let nodes = sessions["nodes"].as_array().cloned().unwrap_or_default();
    let total = sessions["totalCount"].as_u64().unwrap_or(u64::MAX);
    if total != nodes.len() as u64 {
        problems.push(format!("totalCount {total} but {} nodes", nodes.len()));
    }
    // What SQL counted is what memory listed: one revision for both.
    let counted: u64 = body["data"]["participation"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|group| group["sessionCount"].as_u64())
        .sum();
    if counted != total {
        problems.push(format!(
            "participation counts {counted} sessions, the programme {total}"
        ));
    }
    let listed: BTreeSet<&str> = nodes.iter().filter_map(|n| n["id"].as_str()).collect();
    // A speaker's sessions, read by another statement, are sessions of the same answer.
    for node in &nodes {
        for speaker in node["speakers"].as_array().into_iter().flatten() {
            for session in speaker["sessions"].as_array().into_iter().flatten() {
                let id = session["id"].as_str().unwrap_or("");
                if !listed.contains(id) {
                    problems.push(format!(
                        "speaker {} in unlisted session {id}",
                        speaker["name"]
                    ));
                }
            }
        }
    }
    problems
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn answers_never_mix_two_versions_of_the_data_during_reloads() {
    // Every request reads the revision (and waits for a new one's programme), so that the
    // readers see both versions however fast the reloads run.
    let app = Arc::new(TestApp::rereading_the_data_version().await);
    let url = app.database_url().to_owned();
    let smaller = data_dir_without_the_first_break();
    let full = repo_path("data");
    let reloading = Arc::new(AtomicBool::new(true));

    let reloader = {
        let reloading = reloading.clone();
        let dirs = [smaller.path().to_owned(), full.clone()];
        tokio::task::spawn_blocking(move || {
            for round in 0..10 {
                load_data(&url, &dirs[round % 2]);
            }
            reloading.store(false, Ordering::SeqCst);
        })
    };
    let readers: Vec<_> = (0..8)
        .map(|_| {
            let app = app.clone();
            let reloading = reloading.clone();
            tokio::spawn(async move {
                let (mut answers, mut sizes, mut problems) = (0, BTreeSet::new(), Vec::new());
                while reloading.load(Ordering::SeqCst) || answers == 0 {
                    let body = app.query(PROGRAMME).await;
                    answers += 1;
                    sizes.insert(body["data"]["sessions"]["totalCount"].as_u64());
                    problems.extend(inconsistencies(&body));
                    // Answers from memory take little time: eight readers that never paused
                    // would keep every core busy and starve the database server of the
                    // machine (two cores in CI) past the service's 1 s wait for a PostgreSQL
                    // connection. The test is about concurrency with reloads, not overload.
                    tokio::time::sleep(std::time::Duration::from_millis(2)).await;
                }
                (answers, sizes, problems)
            })
        })
        .collect();
    reloader.await.unwrap();
    let (mut answers, mut sizes, mut problems) = (0, BTreeSet::new(), Vec::new());
    for reader in readers {
        let (n, s, p) = reader.await.unwrap();
        answers += n;
        sizes.extend(s);
        problems.extend(p);
    }
    assert_eq!(problems, Vec::<String>::new(), "out of {answers} answers");
    // The readers saw both versions (otherwise the test proved nothing).
    assert_eq!(
        sizes,
        BTreeSet::from([Some(12), Some(13)]),
        "{answers} answers"
    );
}
