//! Security review 2, findings 1, 4 and 5, through the binary (the debug build, on two cores:
//! bounds here are set for it). Introspection costs what it answers, so the review's 913-byte
//! document of aliased fragments (46 MB before) is refused before execution, whatever its
//! aliases are called, 16 at once or 10 on one WebSocket; an answer that grows past
//! `--max-response-bytes` is stopped while it runs; validation errors are capped; a document
//! that fails is never a 304.

use std::net::SocketAddr;
use std::process::Child;

use serde_json::{Value, json};

use crate::support::{
    cpu_seconds, get_text, graphql_post_text, graphql_socket, memory_kib, next_text, raw_http,
    sqlite_url, start_binary, status_and_body,
};

/// The review's document: eight `__schema` under aliases, each eight `types`, each type eight
/// `fields` lists of a fragment with its arguments and type references (21 aliases, written
/// once each). `suffix` ends every alias, as an attacker varies it to miss the introspection
/// answer cache. Before its cost was counted, it answered 46,380,832 bytes.
pub fn aliased_fragments(suffix: &str) -> String {
    let aliased = |first: &str, alias: &str, field: &str| {
        std::iter::once(first.to_owned())
            .chain((1..8).map(|i| format!("{alias}{i}{suffix}:{field}")))
            .collect::<Vec<_>>()
            .join("")
    };
    let schemas = aliased("__schema{...S}", "x", "__schema{...S}");
    let types = aliased("types{...Ty}", "t", "types{...Ty}");
    let fields = aliased(
        "fields(includeDeprecated:true){...Fl}",
        "f",
        "fields(includeDeprecated:true){...Fl}",
    );
    let reference = "type{name kind ofType{name kind ofType{name kind}}}";
    format!(
        "{{{schemas}}}fragment S on __Schema{{{types}}}fragment Ty on __Type{{kind name description {fields}enumValues(includeDeprecated:true){{name description}}}}fragment Fl on __Field{{name description isDeprecated deprecationReason args{{name description {reference}}}{reference}}}"
    )
}

/// A server of its own over a fresh SQLite file.
struct Server {
    child: Child,
    addr: SocketAddr,
    _dir: tempfile::TempDir,
}

impl Server {
    fn start(env: &[(&str, &str)]) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let url = sqlite_url(&dir.path().join("db.sqlite"));
        let (child, addr) = start_binary(&url, env);
        Self {
            child,
            addr,
            _dir: dir,
        }
    }

    /// POSTs `query`; the status line and the body as JSON (the text where it is not).
    fn post(&self, query: &str) -> (String, Value) {
        let body = json!({ "query": query }).to_string();
        let (status, body) =
            status_and_body(&raw_http(self.addr, &graphql_post_text(self.addr, &body)));
        let body = serde_json::from_str(&body).unwrap_or(Value::String(body));
        (status, body)
    }

    /// The resident memory now and at its peak, in MiB.
    fn memory_mib(&self) -> (u64, u64) {
        let (rss, peak) = memory_kib(self.child.id());
        (rss / 1024, peak / 1024)
    }

    fn metric(&self, series: &str) -> f64 {
        let (_, body) = status_and_body(&raw_http(self.addr, &get_text(self.addr, "/metrics")));
        crate::support::metric(&body, series)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Growth of resident memory allowed for one of the review's attacks (debug build).
const MAX_GROWTH_MIB: u64 = 100;

/// The limit an answer's first error names.
fn limit(answer: &Value) -> &str {
    answer["errors"][0]["extensions"]["limit"]
        .as_str()
        .unwrap_or("<none>")
}

/// Twenty aliased copies of every type's fields with their descriptions, arguments and types:
/// within the alias limit, and costing (exactly, by what it would answer) more than the cost
/// limit.
fn twenty_schemas() -> String {
    let schemas: Vec<String> = (0..20)
        .map(|i| format!("s{i}: __schema {{ types {{ name description fields(includeDeprecated: true) {{ name description args {{ name description type {{ name kind }} }} type {{ name kind ofType {{ name kind }} }} }} }} }}"))
        .collect();
    format!("{{ {} }}", schemas.join(" "))
}

/// True for the refusal of a limit the review's documents cross: its aliases, counted through
/// every spread, or its cost.
fn refused_by_aliases_or_cost(answer: &Value) -> bool {
    answer["errors"][0]["extensions"]["code"] == "OPERATION_LIMIT_EXCEEDED"
        && matches!(limit(answer), "aliases" | "complexity")
        && answer.to_string().len() < 2048
}

#[test]
fn the_aliased_fragment_document_is_refused_before_execution_however_sent() {
    let server = Server::start(&[]);
    // Warm: the programme and the introspection model are read.
    let (_, warm) = server.post("{ __schema { queryType { name } } event { name } }");
    assert!(warm["errors"].is_null(), "{warm}");
    let (before, _) = server.memory_mib();
    let document = aliased_fragments("");
    assert!(document.len() < 1024, "{} bytes", document.len());
    let (status, answer) = server.post(&document);
    assert!(status.contains("200"), "{status}");
    // Its 21 written aliases are 511 once its fragments are spread.
    assert_eq!(limit(&answer), "aliases", "{answer}");
    // Within the alias limit, introspection costs what it would answer.
    let (_, answer) = server.post(&twenty_schemas());
    assert_eq!(limit(&answer), "complexity", "{answer}");
    let cost = answer["errors"][0]["extensions"]["cost"]
        .as_u64()
        .unwrap_or(0);
    assert!(cost > 20_000, "the document costs {cost}");
    let message = answer["errors"][0]["message"].as_str().unwrap_or_default();
    assert!(
        message.starts_with("the query costs more than 20000"),
        "{message}"
    );
    // With a random suffix on every alias: the same refusal, no cache to miss.
    let (_, answer) = server.post(&aliased_fragments("_q7Zr"));
    assert!(refused_by_aliases_or_cost(&answer), "{answer}");
    // 16 at once.
    let threads: Vec<_> = (0..16)
        .map(|i| {
            let addr = server.addr;
            let document = aliased_fragments(&format!("_{i}"));
            std::thread::spawn(move || {
                let body = json!({ "query": document }).to_string();
                let (_, body) = status_and_body(&raw_http(addr, &graphql_post_text(addr, &body)));
                serde_json::from_str::<Value>(&body).unwrap_or(Value::String(body))
            })
        })
        .collect();
    for thread in threads {
        let answer = thread.join().unwrap();
        assert!(refused_by_aliases_or_cost(&answer), "{answer}");
    }
    // Ten on one WebSocket: each refused with an `error` message.
    let mut socket = graphql_socket(server.addr);
    for id in 0..10 {
        let subscribe = json!({ "id": id.to_string(), "type": "subscribe",
            "payload": { "query": aliased_fragments(&format!("_ws{id}")) } });
        socket
            .send(tungstenite::Message::text(subscribe.to_string()))
            .unwrap();
    }
    for _ in 0..10 {
        let message = next_text(&mut socket);
        assert_eq!(message["type"], "error", "{message}");
        let limit = message["payload"][0]["extensions"]["limit"].as_str();
        assert!(matches!(limit, Some("aliases" | "complexity")), "{message}");
    }
    let (_, peak) = server.memory_mib();
    assert!(
        peak.saturating_sub(before) < MAX_GROWTH_MIB,
        "resident memory grew from {before} MiB to a peak of {peak} MiB"
    );
    let refused = server.metric("limit_rejections_total{limit=\"aliases\"}")
        + server.metric("limit_rejections_total{limit=\"complexity\"}");
    assert!(refused >= 29.0, "{refused} refusals counted");
}

#[test]
fn an_answer_that_grows_past_the_byte_bound_is_stopped_while_it_runs() {
    // The cost and alias limits lifted, so that only the byte bound stands in the way.
    let server = Server::start(&[("MAX_COMPLEXITY", "1000000000"), ("MAX_ALIASES", "100000")]);
    let (_, warm) = server.post("{ __schema { queryType { name } } }");
    assert!(warm["errors"].is_null(), "{warm}");
    let (before, _) = server.memory_mib();
    let cpu_before = cpu_seconds(server.child.id());
    for suffix in ["", "_a", "_b"] {
        let (status, answer) = server.post(&aliased_fragments(suffix));
        assert!(status.contains("200"), "{status}");
        assert_eq!(answer["data"], Value::Null, "{answer}");
        assert_eq!(limit(&answer), "responseBytes", "{answer}");
        assert_eq!(
            answer["errors"][0]["extensions"]["code"],
            "OPERATION_LIMIT_EXCEEDED"
        );
        assert!(answer.to_string().len() < 1024, "{answer}");
    }
    let (_, peak) = server.memory_mib();
    assert!(
        peak.saturating_sub(before) < MAX_GROWTH_MIB,
        "resident memory grew from {before} MiB to a peak of {peak} MiB"
    );
    assert!(server.metric("limit_rejections_total{limit=\"responseBytes\"}") >= 3.0);
    // Nothing keeps running after the refusals: the process is idle.
    std::thread::sleep(std::time::Duration::from_millis(500));
    let settled = cpu_seconds(server.child.id());
    std::thread::sleep(std::time::Duration::from_secs(1));
    let idle = cpu_seconds(server.child.id()) - settled;
    assert!(
        idle < 0.3,
        "{idle} CPU-seconds in a second after the answers (before: {cpu_before})"
    );
    // graphql-js's full introspection query still answers whole.
    let standard = include_str!("../fixtures/introspection-graphql-js-16.graphql");
    let (_, answer) = server.post(standard);
    assert!(answer["errors"].is_null(), "{answer}");
}

#[test]
fn a_subscription_event_over_the_byte_bound_is_its_refusal_then_complete() {
    let server = Server::start(&[("MAX_RESPONSE_BYTES", "40")]);
    let mut socket = graphql_socket(server.addr);
    let subscribe = json!({ "id": "1", "type": "subscribe",
        "payload": { "query": "subscription { dataRevision { version loadedAt } }" } });
    socket
        .send(tungstenite::Message::text(subscribe.to_string()))
        .unwrap();
    let next = next_text(&mut socket);
    assert_eq!(next["type"], "next", "{next}");
    assert_eq!(next["payload"]["data"], Value::Null, "{next}");
    assert_eq!(
        next["payload"]["errors"][0]["extensions"]["limit"],
        "responseBytes"
    );
    let complete = next_text(&mut socket);
    assert_eq!(complete, json!({ "type": "complete", "id": "1" }));
    // A POST of an answer over it: the same refusal, 200 with `data: null`.
    let (status, answer) = server.post("{ event { name description } }");
    assert!(status.contains("200"), "{status}");
    assert_eq!(limit(&answer), "responseBytes", "{answer}");
}

#[test]
fn validation_errors_are_capped_and_names_cut_and_a_failing_document_is_never_a_304() {
    let server = Server::start(&[]);
    let fields: Vec<String> = (0..1900).map(|i| format!("x{i}")).collect();
    let (_, answer) = server.post(&format!("{{ themes {{ {} }} }}", fields.join(" ")));
    let errors = answer["errors"].as_array().cloned().unwrap_or_default();
    assert_eq!(errors.len(), 101, "{answer}");
    assert!(
        errors[100]["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("1800 more errors")),
        "{}",
        errors[100]
    );
    assert!(
        errors
            .iter()
            .all(|e| e["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED")
    );
    assert!(
        answer.to_string().len() < 30_000,
        "{} bytes",
        answer.to_string().len()
    );
    let long = "y".repeat(15_000);
    let (_, answer) = server.post(&format!("{{ themes {{ {long} }} }}"));
    let message = answer["errors"][0]["message"].as_str().unwrap_or_default();
    assert!(message.contains("(15000 characters)"), "{message}");
    assert!(message.len() < 200, "{message}");
    // `If-None-Match: *` on a document that fails: its error, never a 304.
    let addr = server.addr;
    let get = |query: &str, tag: &str| {
        let path = format!("/graphql?query={}", encode(query));
        let text = format!(
            "GET {path} HTTP/1.1\r\nHost: {addr}\r\nIf-None-Match: {tag}\r\nConnection: close\r\n\r\n"
        );
        raw_http(addr, &text)
    };
    for failing in [
        "{nope}",
        "{ themes { nope } }",
        "{ sessions(first: 5000) { totalCount } }",
    ] {
        let response = get(failing, "*");
        let (status, _) = status_and_body(&response);
        assert!(!status.contains("304"), "{failing}: {response}");
        assert!(
            response
                .to_ascii_lowercase()
                .contains("cache-control: no-store"),
            "{response}"
        );
    }
    // A document that succeeds: `*` matches the answer that exists.
    let (status, _) = status_and_body(&get("{ themes { slug } }", "*"));
    assert!(status.contains("304"), "{status}");
}

/// `text` percent-encoded for a query string.
fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}
