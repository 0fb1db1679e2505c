//! Findings 4 and 6, through the binary: connections that trickle their headers or say nothing
//! are closed after `--header-read-timeout`; `--max-connections` keeps descriptors for the
//! clients that send requests (tested under `prlimit --nofile=64`); a half-sent request does
//! not hold up a graceful shutdown; the server's own refusals are counted; `/metrics` can move
//! to an address of its own or be switched off.

use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Command};
use std::time::{Duration, Instant};

use crate::support::{
    get_text, raw_http, sqlite_url, start_binary, status_and_body, wait_listening,
};

/// A fresh SQLite file for one server (the server migrates and loads it).
fn database() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let url = sqlite_url(&dir.path().join("db.sqlite"));
    (dir, url)
}

/// Whether the server closed `stream` within `within`: reads until end of stream or reset.
fn closed_within(stream: &mut TcpStream, within: Duration) -> bool {
    stream.set_read_timeout(Some(within)).unwrap();
    let mut buf = [0u8; 1024];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => return true,
            Ok(_) => {}
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                return false;
            }
            Err(_) => return true,
        }
    }
}

/// The value of the first `/metrics` line of the server at `addr` that starts with `series`.
fn metric(addr: SocketAddr, series: &str) -> f64 {
    let (_, body) = status_and_body(&raw_http(addr, &get_text(addr, "/metrics")));
    crate::support::metric(&body, series)
}

fn stop(mut child: Child) {
    let _ = child.kill();
    let _ = child.wait();
}

#[test]
fn trickling_and_silent_connections_are_closed_after_the_header_read_timeout() {
    let (_dir, url) = database();
    let (child, addr) = start_binary(&url, &[("HEADER_READ_TIMEOUT", "1s")]);
    let mut silent: Vec<TcpStream> = (0..5).map(|_| TcpStream::connect(addr).unwrap()).collect();
    let trickling: Vec<std::thread::JoinHandle<bool>> = (0..5)
        .map(|_| {
            std::thread::spawn(move || {
                let mut stream = TcpStream::connect(addr).unwrap();
                stream
                    .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
                    .unwrap();
                let started = Instant::now();
                // A header line every 200 ms, for at most 10 s: the server must cut it first.
                while started.elapsed() < Duration::from_secs(10) {
                    std::thread::sleep(Duration::from_millis(200));
                    if stream.write_all(b"X-Slow: 1\r\n").is_err() {
                        return true;
                    }
                    stream
                        .set_read_timeout(Some(Duration::from_millis(1)))
                        .unwrap();
                    let mut buf = [0u8; 64];
                    if matches!(stream.read(&mut buf), Ok(0)) {
                        return true;
                    }
                }
                false
            })
        })
        .collect();
    let started = Instant::now();
    for stream in &mut silent {
        assert!(
            closed_within(stream, Duration::from_secs(5)),
            "a silent connection stayed open"
        );
    }
    for thread in trickling {
        assert!(
            thread.join().unwrap(),
            "a trickling connection stayed open for 10 s"
        );
    }
    assert!(started.elapsed() < Duration::from_secs(10));
    // A malformed head is hyper's own 400, counted too.
    let (status, _) = status_and_body(&raw_http(addr, "GARBAGE\r\n\r\n"));
    assert!(status.contains("400"), "{status}");
    let timeouts = metric(
        addr,
        "http_connection_errors_total{reason=\"header_timeout\"}",
    );
    assert!(timeouts >= 10.0, "{timeouts} header timeouts counted");
    assert!(metric(addr, "http_connection_errors_total{reason=\"malformed\"}") >= 1.0);
    // The service still answers.
    let (status, _) = status_and_body(&raw_http(addr, &get_text(addr, "/healthz")));
    assert!(status.contains("200"), "{status}");
    stop(child);
}

#[test]
fn with_64_descriptors_half_sent_requests_beyond_max_connections_are_refused_at_accept() {
    let (_dir, url) = database();
    let (mut child, starting) = crate::support::spawn_binary_under(
        &["prlimit", "--nofile=64:64", "--"],
        &[
            ("DATABASE_URL", url.as_str()),
            ("MAX_CONNECTIONS", "24"),
            ("HEADER_READ_TIMEOUT", "2s"),
            ("RUST_LOG", "error"),
        ],
        None,
    );
    let addr = wait_listening(&mut child, &starting);
    // Let the probe connections of wait_listening time out first.
    std::thread::sleep(Duration::from_millis(2500));
    let mut half_sent = Vec::new();
    for _ in 0..70 {
        let mut stream = TcpStream::connect(addr).unwrap();
        let _ = stream.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n");
        half_sent.push(stream);
    }
    // The probe is answered within a few seconds: the connections beyond the limit were
    // closed at accept and those within it time out; no descriptor runs out.
    let started = Instant::now();
    let answered = loop {
        let mut stream = TcpStream::connect(addr).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(1)))
            .unwrap();
        let _ = stream.write_all(get_text(addr, "/healthz").as_bytes());
        let mut text = String::new();
        let _ = stream.read_to_string(&mut text);
        if text.starts_with("HTTP/1.1 200") {
            break true;
        }
        if started.elapsed() > Duration::from_secs(15) {
            break false;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(answered, "/healthz did not answer within 15 s");
    drop(half_sent);
    assert!(
        metric(
            addr,
            "http_connections_refused_total{reason=\"max_connections\"}"
        ) >= 40.0
    );
    assert_eq!(
        metric(
            addr,
            "http_connections_refused_total{reason=\"accept_error\"}"
        ),
        0.0
    );
    stop(child);
}

#[test]
fn a_half_sent_request_does_not_hold_up_a_graceful_shutdown() {
    let (dir, url) = database();
    let log = dir.path().join("server.log");
    let (mut child, starting) = crate::support::spawn_binary(
        &[
            ("DATABASE_URL", url.as_str()),
            ("SHUTDOWN_TIMEOUT", "30s"),
            ("HEADER_READ_TIMEOUT", "30s"),
            ("RUST_LOG", "info"),
        ],
        Some(&log),
    );
    let addr = wait_listening(&mut child, &starting);
    let mut half_sent = TcpStream::connect(addr).unwrap();
    half_sent
        .write_all(b"GET /healthz HTTP/1.1\r\nHost:")
        .unwrap();
    let _silent = TcpStream::connect(addr).unwrap();
    let (status, _) = status_and_body(&raw_http(addr, &get_text(addr, "/healthz")));
    assert!(status.contains("200"));
    let started = Instant::now();
    let terminated = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(terminated.success());
    let exited = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break Some(status);
        }
        if started.elapsed() > Duration::from_secs(10) {
            break None;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let Some(status) = exited else {
        stop(child);
        panic!("the service was still running 10 s after SIGTERM");
    };
    assert!(status.success(), "{status}");
    let text = std::fs::read_to_string(&log).unwrap();
    assert!(text.contains("stopped"), "{text}");
    assert!(!text.contains("still in flight"), "{text}");
}

#[test]
fn metrics_move_to_their_own_address_or_off() {
    let (_dir, url) = database();
    let (mut child, starting) = crate::support::spawn_binary(
        &[
            ("DATABASE_URL", url.as_str()),
            ("METRICS_LISTEN", "127.0.0.1:0"),
        ],
        None,
    );
    let addr = wait_listening(&mut child, &starting);
    let metrics_addr = starting
        .logged("serving /metrics")
        .expect("the metrics address is logged");
    let (status, body) = status_and_body(&raw_http(addr, &get_text(addr, "/metrics")));
    assert!(status.contains("404"), "{status}");
    assert!(body.contains("NOT_FOUND"), "{body}");
    let (status, body) =
        status_and_body(&raw_http(metrics_addr, &get_text(metrics_addr, "/metrics")));
    assert!(status.contains("200"), "{status}");
    assert!(body.contains("http_requests_total"), "{body}");
    stop(child);

    let (_dir, url) = database();
    let (child, addr) = start_binary(&url, &[("METRICS_LISTEN", "off")]);
    let (status, _) = status_and_body(&raw_http(addr, &get_text(addr, "/metrics")));
    assert!(status.contains("404"), "{status}");
    stop(child);
}
