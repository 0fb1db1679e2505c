//! PostgreSQL lost under load, and back: through a proxy the test owns (`proxy`), the
//! database is cut away from a running service and restored. During the outage every answer
//! is `SERVICE_UNAVAILABLE` (GraphQL errors, 503 for the feeds and `/readyz`), none hangs past
//! the request timeout, `/healthz` stays 200; afterwards the service recovers by itself, with
//! no restart. PostgreSQL only (`TEST_DATABASE_URL`); SQLite's own outage (its file vanishing)
//! is `faults::when_the_database_file_vanishes_queries_fail_cleanly_and_recover_when_it_is_back`.

use std::net::{SocketAddr, ToSocketAddrs};
use std::process::Child;

use serde_json::Value;

use crate::postgres::TestDatabase;
use crate::proxy::Proxy;
use crate::support::{
    get_text as get, graphql_post_text as post, raw_http, start_binary, status_and_body,
};

const PROGRAMME: &str =
    r#"{"query":"{ sessions(first: 100) { totalCount nodes { id title startsAt } } }"}"#;

/// Status line, and body of the response to `request`.
fn exchange(addr: SocketAddr, request: &str) -> (String, String) {
    status_and_body(&raw_http(addr, request))
}

/// `errors[*].extensions.code` of a JSON body.
fn codes(body: &str) -> Vec<String> {
    let body: Value = serde_json::from_str(body).unwrap_or(Value::Null);
    crate::support::error_codes(&body)
}

/// `url` (PostgreSQL) with its host and port replaced by `addr`.
fn through(url: &str, addr: SocketAddr) -> String {
    let (scheme, rest) = url.split_once("://").unwrap();
    let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
    let user = authority
        .rsplit_once('@')
        .map(|(user, _)| format!("{user}@"));
    format!("{scheme}://{}{addr}/{path}", user.unwrap_or_default())
}

/// The host and port of a PostgreSQL URL.
fn server_of(url: &str) -> SocketAddr {
    let rest = url.split_once("://").unwrap().1;
    let authority = rest.split('/').next().unwrap();
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, hp)| hp);
    let host_port = if host_port.contains(':') {
        host_port.to_owned()
    } else {
        format!("{host_port}:5432")
    };
    host_port.to_socket_addrs().unwrap().next().unwrap()
}

struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgresql_lost_under_load_answers_service_unavailable_then_recovers_without_restart() {
    let Some(database) = TestDatabase::create(
        "outage::postgresql_lost_under_load_answers_service_unavailable_then_recovers_without_restart",
    )
    .await
    else {
        return;
    };
    let proxy = Proxy::start(server_of(&database.url)).await;
    let url = through(&database.url, proxy.addr);
    let (child, addr) = tokio::task::spawn_blocking(move || {
        start_binary(
            &url,
            // The programme in memory answers without a statement for up to
            // `--data-version-max-age` after the last reading of the revision, as a cached
            // answer would: with zero, every request reads it, so the outage shows at once.
            &[
                ("RESPONSE_CACHE_SIZE", "0"),
                ("REQUEST_TIMEOUT", "10s"),
                ("DATA_VERSION_MAX_AGE", "0s"),
            ],
        )
    })
    .await
    .unwrap();
    let _service = Killed(child);
    let blocking = |request: String| tokio::task::spawn_blocking(move || exchange(addr, &request));

    let (status, before) = blocking(post(addr, PROGRAMME)).await.unwrap();
    assert_eq!(status, "HTTP/1.1 200 OK");
    assert!(before.contains("\"totalCount\":13"), "{before}");

    proxy.cut().await;
    // Under load: eight clients at once, each asking for a query, a feed and readiness.
    let mut clients = Vec::new();
    for _ in 0..8 {
        clients.push(tokio::task::spawn_blocking(move || {
            [
                ("graphql", exchange(addr, &post(addr, PROGRAMME))),
                ("feed", exchange(addr, &get(addr, "/schedule.ics"))),
                ("readyz", exchange(addr, &get(addr, "/readyz"))),
                ("healthz", exchange(addr, &get(addr, "/healthz"))),
            ]
        }));
    }
    for client in clients {
        for (what, (status, body)) in client.await.unwrap() {
            match what {
                "graphql" => {
                    assert!(
                        status == "HTTP/1.1 200 OK" || status == "HTTP/1.1 503 Service Unavailable",
                        "{what}: {status} {body}"
                    );
                    let codes = codes(&body);
                    assert!(
                        !codes.is_empty() && codes.iter().all(|code| code == "SERVICE_UNAVAILABLE"),
                        "{what}: {status} {body}"
                    );
                    assert!(
                        !body.contains("postgres") && !body.contains("127.0.0.1"),
                        "{body}"
                    );
                }
                "feed" => {
                    assert_eq!(status, "HTTP/1.1 503 Service Unavailable", "{what}: {body}");
                    assert_eq!(codes(&body), ["SERVICE_UNAVAILABLE"], "{what}: {body}");
                }
                "readyz" => assert_eq!(status, "HTTP/1.1 503 Service Unavailable", "{body}"),
                _ => assert_eq!(status, "HTTP/1.1 200 OK", "{what}: {body}"),
            }
        }
    }

    proxy.restore().await;
    // Recovers by itself: readiness comes back, then the same answer as before the outage.
    let mut ready = false;
    for _ in 0..600 {
        if blocking(get(addr, "/readyz")).await.unwrap().0 == "HTTP/1.1 200 OK" {
            ready = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(ready, "/readyz never came back after the database did");
    let (status, after) = blocking(post(addr, PROGRAMME)).await.unwrap();
    assert_eq!(status, "HTTP/1.1 200 OK");
    assert_eq!(after, before);
    let (status, _) = blocking(get(addr, "/schedule.ics")).await.unwrap();
    assert_eq!(status, "HTTP/1.1 200 OK");
}
