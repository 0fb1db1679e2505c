"""The security review's figures (issue 18), measured against a binary of the service.

    python3 bench/security.py [path/to/cities-api]      # default: target/debug/cities-api

Each finding's figure, as the review measured it: answer bytes and RSS for the introspection
amplification (1), metric series after 20,000 distinct methods (2), the seconds an
introspection answer takes under a short REQUEST_TIMEOUT (3), and how long a silent and a
trickling connection stay open (4). Servers listen on 127.0.0.1 ports 8801-8804, each over a
fresh SQLite file; only loopback traffic, bounded in count and time. Figures, not tests: the
tests in tests/api/security/ hold the behaviour.
"""

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

BINARY = sys.argv[1] if len(sys.argv) > 1 else "target/debug/cities-api"


def start(port, **env):
    """The service on `port` over a fresh database, once /readyz answers."""
    folder = tempfile.mkdtemp()
    environment = dict(
        os.environ,
        LISTEN_ADDR=f"127.0.0.1:{port}",
        DATABASE_URL=f"sqlite://{folder}/db.sqlite?mode=rwc",
        RUST_LOG="error",
        **env,
    )
    server = subprocess.Popen([BINARY], env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(600):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz")
            return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit(f"the service on port {port} did not become ready")


def rss_mb(server):
    with open(f"/proc/{server.pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS"):
                return int(line.split()[1]) // 1024
    return 0


def post(port, query):
    """(answer bytes, seconds, first bytes of the answer)."""
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/graphql",
        data=json.dumps({"query": query}).encode(),
        headers={"content-type": "application/json"},
    )
    started = time.time()
    try:
        body = urllib.request.urlopen(request).read()
    except urllib.error.HTTPError as error:
        body = error.read()
    return len(body), round(time.time() - started, 2), body[:100]


def amplification(levels):
    """The review's document: T1 selects `fields` once; each Tn spreads Tn-1 three times."""
    doc = "{ __schema { types { ...T%d } } } fragment T1 on __Type { fields { type { name ofType { name ofType { name } } } } }" % levels
    for n in range(2, levels + 1):
        inner = "type { ...T%d ofType { ...T%d ofType { ...T%d } } }" % (n - 1, n - 1, n - 1)
        doc += " fragment T%d on __Type { fields { %s } x%d_0: fields { %s } x%d_1: fields { %s } }" % (n, inner, n, inner, n, inner)
    return doc


def main():
    server = start(8801)
    before = rss_mb(server)
    document = amplification(4)
    size, seconds, _ = post(8801, document)
    print(f"1. the review's document ({len(document)} B): answer {size} B in {seconds} s; RSS {before} -> {rss_mb(server)} MB")
    size, seconds, _ = post(8801, amplification(2))
    print(f"1. its largest allowed form (two nested lists): answer {size} B in {seconds} s; RSS {rss_mb(server)} MB")
    started = time.time()
    for i in range(20_000):
        with socket.create_connection(("127.0.0.1", 8801)) as connection:
            connection.sendall(f"EVILMETHOD{i} /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
            connection.recv(100)
    metrics = urllib.request.urlopen("http://127.0.0.1:8801/metrics").read().decode()
    series = sum(1 for line in metrics.splitlines() if line.startswith("http_requests_total{"))
    print(f"2. 20,000 methods in {time.time() - started:.1f} s: {series} http_requests_total series, /metrics {len(metrics)} B, RSS {rss_mb(server)} MB")
    server.kill()

    server = start(8802, REQUEST_TIMEOUT="100ms", RESPONSE_CACHE_SIZE="0")
    size, seconds, head = post(8802, amplification(2))
    print(f"3. that introspection with REQUEST_TIMEOUT=100ms: {size} B after {seconds} s: {head.decode(errors='replace')}")
    started = time.time()
    server.terminate()
    server.wait()
    print(f"3. SIGTERM -> exit in {time.time() - started:.2f} s")

    server = start(8803)
    with socket.create_connection(("127.0.0.1", 8803)) as silent:
        silent.settimeout(30)
        started = time.time()
        try:
            silent.recv(10)
        except OSError:
            pass
        print(f"4. a silent connection closed after {time.time() - started:.1f} s (--header-read-timeout 10s)")
    with socket.create_connection(("127.0.0.1", 8803)) as trickling:
        trickling.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        started = time.time()
        cut = None
        while time.time() - started < 30:
            try:
                trickling.sendall(b"X-Slow: 1\r\n")
                time.sleep(1)
            except OSError:
                cut = time.time() - started
                break
        print(f"4. a trickling connection cut after {cut and round(cut, 1)} s")
    server.kill()


if __name__ == "__main__":
    main()
