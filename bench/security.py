"""The security reviews' figures (issues 18 and 31), measured against a binary of the service.

    python3 bench/security.py [path/to/cities-api] [case ...]   # default: target/debug/cities-api, every case

Each case prints its figures: answer bytes, the server's CPU-seconds (user and system, from
/proc), its resident memory (now and peak, from /proc) and wall seconds. Run it against two
binaries (the release build of an earlier commit and of this one) for a before and after. Cases:

  first review (issue 18):
    nested        the review's 939-byte document of nested introspection lists
    methods       20,000 distinct HTTP methods against the metrics' label sets
    timeout       an introspection answer under REQUEST_TIMEOUT=100ms, then SIGTERM
    slow          a silent and a trickling connection against --header-read-timeout
  second review (issue 31):
    aliased       the 913-byte document of aliased fragments (46 MB before)
    suffixed      the same with a random suffix on every alias
    sixteen       16 of them at once
    websocket     10 of them as `subscribe` messages on one WebSocket
    idle-h2       4,200 HTTP/2 connections that send the preface and an empty SETTINGS frame,
                  held 30 s: /healthz meanwhile, and how long one such connection lives
    stalled       3 HTTP/2 connections x 200 POST streams announcing 60,000 bytes and sending
                  none, then a normal POST
    errors        `{ themes { x0 ... x1899 } }`: validation errors out for bytes in
    not-modified  `GET /graphql?query={nope}` with `If-None-Match: *`
    answer-sizes  the largest legitimate answers, which --max-response-bytes is chosen from:
                  graphql-js's full introspection query, and each list's full page (every
                  field without a required argument, one level into its objects)

Servers listen on 127.0.0.1 ports 8801-8812, each over a fresh SQLite file; only loopback
traffic, bounded in count and time; no package beyond Python's own (HTTP/2 and WebSocket
frames are written by hand). Figures, not tests: tests/api/security/ holds the behaviour.
"""

import base64
import json
import os
import random
import socket
import string
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

BINARY = sys.argv[1] if len(sys.argv) > 1 else "target/debug/cities-api"
CASES = sys.argv[2:]


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


def status_field(server, name):
    with open(f"/proc/{server.pid}/status") as status:
        for line in status:
            if line.startswith(name):
                return int(line.split()[1]) // 1024
    return 0


def rss_mb(server):
    return status_field(server, "VmRSS")


def peak_mb(server):
    return status_field(server, "VmHWM")


def cpu_seconds(server):
    with open(f"/proc/{server.pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Measure:
    """CPU-seconds, resident memory (before, now, peak) and wall seconds around a case."""

    def __init__(self, server):
        self.server = server

    def __enter__(self):
        self.cpu = cpu_seconds(self.server)
        self.rss = rss_mb(self.server)
        self.started = time.time()
        return self

    def __exit__(self, *_):
        self.seconds = round(time.time() - self.started, 2)

    def figures(self):
        spent = round(cpu_seconds(self.server) - self.cpu, 2)
        return f"{spent} CPU-s, RSS {self.rss} -> {rss_mb(self.server)} MB (peak {peak_mb(self.server)} MB), {self.seconds} s"


def post(port, query, headers=None):
    """(status, answer bytes, seconds, first bytes of the answer)."""
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/graphql",
        data=json.dumps({"query": query}).encode(),
        headers={"content-type": "application/json", **(headers or {})},
    )
    started = time.time()
    try:
        response = urllib.request.urlopen(request, timeout=120)
        status, body = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, body = error.code, error.read()
    except OSError as error:
        return 0, 0, round(time.time() - started, 2), str(error).encode()
    return status, len(body), round(time.time() - started, 2), body[:120]


def nested(levels):
    """The first review's document: T1 selects `fields` once; each Tn spreads Tn-1 three times."""
    doc = "{ __schema { types { ...T%d } } } fragment T1 on __Type { fields { type { name ofType { name ofType { name } } } } }" % levels
    for n in range(2, levels + 1):
        inner = "type { ...T%d ofType { ...T%d ofType { ...T%d } } }" % (n - 1, n - 1, n - 1)
        doc += " fragment T%d on __Type { fields { %s } x%d_0: fields { %s } x%d_1: fields { %s } }" % (n, inner, n, inner, n, inner)
    return doc


def aliased(suffix=""):
    """The second review's document: 8 `__schema` x 8 `types` x 8 `fields`, 21 aliases."""
    def seven(alias, field):
        return field + "".join(f"{alias}{i}{suffix}:{field}" for i in range(1, 8))
    reference = "type{name kind ofType{name kind ofType{name kind}}}"
    return (
        "{" + seven("x", "__schema{...S}") + "}"
        + "fragment S on __Schema{" + seven("t", "types{...Ty}") + "}"
        + "fragment Ty on __Type{kind name description " + seven("f", "fields(includeDeprecated:true){...Fl}")
        + "enumValues(includeDeprecated:true){name description}}"
        + "fragment Fl on __Field{name description isDeprecated deprecationReason args{name description "
        + reference + "}" + reference + "}"
    )


def random_suffix():
    return "_" + "".join(random.choice(string.ascii_letters) for _ in range(6))


def healthz(port, timeout=2):
    try:
        return urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=timeout).status == 200
    except OSError:
        return False


# -- WebSocket (graphql-transport-ws), by hand -------------------------------------------------

def ws_open(port):
    connection = socket.create_connection(("127.0.0.1", port))
    key = base64.b64encode(os.urandom(16)).decode()
    connection.sendall(
        f"GET /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: graphql-transport-ws\r\n\r\n".encode()
    )
    head = b""
    while b"\r\n\r\n" not in head:
        head += connection.recv(1)
    ws_send(connection, {"type": "connection_init"})
    ws_read(connection)
    return connection


def ws_send(connection, message):
    data = json.dumps(message).encode()
    mask = os.urandom(4)
    length = len(data)
    if length < 126:
        head = bytes([0x81, 0x80 | length])
    elif length < 65536:
        head = bytes([0x81, 0x80 | 126]) + length.to_bytes(2, "big")
    else:
        head = bytes([0x81, 0x80 | 127]) + length.to_bytes(8, "big")
    connection.sendall(head + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(data)))


def recv_exactly(connection, count):
    data = b""
    while len(data) < count:
        chunk = connection.recv(count - len(data))
        if not chunk:
            raise ConnectionError("closed")
        data += chunk
    return data


def ws_read(connection):
    """The next text message's bytes (pings skipped); None on close."""
    while True:
        first, second = recv_exactly(connection, 2)
        length = second & 0x7F
        if length == 126:
            length = int.from_bytes(recv_exactly(connection, 2), "big")
        elif length == 127:
            length = int.from_bytes(recv_exactly(connection, 8), "big")
        payload = recv_exactly(connection, length)
        opcode = first & 0x0F
        if opcode == 8:
            return None
        if opcode == 1:
            return payload


# -- HTTP/2 (prior knowledge), by hand ---------------------------------------------------------

PREFACE = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"
EMPTY_SETTINGS = b"\x00\x00\x00\x04\x00\x00\x00\x00\x00"


def h2_frame(kind, flags, stream, payload):
    return len(payload).to_bytes(3, "big") + bytes([kind, flags]) + stream.to_bytes(4, "big") + payload


def hpack_literal(name, value):
    """A header as a literal without indexing, no Huffman (names and values under 127 bytes)."""
    return bytes([0x00, len(name)]) + name + bytes([len(value)]) + value


def stalled_post_headers(stream, port):
    block = b"".join(
        hpack_literal(name, value)
        for name, value in [
            (b":method", b"POST"), (b":scheme", b"http"), (b":path", b"/graphql"),
            (b":authority", f"127.0.0.1:{port}".encode()),
            (b"content-type", b"application/json"), (b"content-length", b"60000"),
        ]
    )
    return h2_frame(0x1, 0x4, stream, block)  # HEADERS, END_HEADERS, no END_STREAM


# -- the cases ---------------------------------------------------------------------------------

def case_nested():
    server = start(8801)
    with Measure(server) as measure:
        status, size, _, _ = post(8801, nested(4))
    print(f"nested: the first review's document ({len(nested(4))} B): {status}, {size} B; {measure.figures()}")
    server.kill()


def case_methods():
    server = start(8802)
    started = time.time()
    for i in range(20_000):
        with socket.create_connection(("127.0.0.1", 8802)) as connection:
            connection.sendall(f"EVILMETHOD{i} /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
            connection.recv(100)
    metrics = urllib.request.urlopen("http://127.0.0.1:8802/metrics").read().decode()
    series = sum(1 for line in metrics.splitlines() if line.startswith("http_requests_total{"))
    print(f"methods: 20,000 in {time.time() - started:.1f} s: {series} http_requests_total series, /metrics {len(metrics)} B, RSS {rss_mb(server)} MB")
    server.kill()


def case_timeout():
    server = start(8803, REQUEST_TIMEOUT="100ms", RESPONSE_CACHE_SIZE="0")
    status, size, seconds, head = post(8803, nested(2))
    print(f"timeout: an introspection answer with REQUEST_TIMEOUT=100ms: {status}, {size} B after {seconds} s: {head.decode(errors='replace')}")
    started = time.time()
    server.terminate()
    server.wait()
    print(f"timeout: SIGTERM -> exit in {time.time() - started:.2f} s")


def case_slow():
    server = start(8804)
    with socket.create_connection(("127.0.0.1", 8804)) as silent:
        silent.settimeout(30)
        started = time.time()
        try:
            silent.recv(10)
        except OSError:
            pass
        print(f"slow: a silent connection closed after {time.time() - started:.1f} s (--header-read-timeout 10s)")
    with socket.create_connection(("127.0.0.1", 8804)) as trickling:
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
        print(f"slow: a trickling connection cut after {cut and round(cut, 1)} s")
    server.kill()


def case_aliased():
    server = start(8805)
    document = aliased()
    with Measure(server) as measure:
        status, size, _, head = post(8805, document)
    print(f"aliased: the 913-byte document ({len(document)} B): {status}, {size} B; {measure.figures()}; {head[:90]!r}")
    server.kill()


def case_suffixed():
    server = start(8806)
    post(8806, aliased())  # the unsuffixed one first: what a cache could hold
    document = aliased(random_suffix())
    with Measure(server) as measure:
        status, size, _, _ = post(8806, document)
    print(f"suffixed: with a random suffix ({len(document)} B): {status}, {size} B; {measure.figures()}")
    server.kill()


def case_sixteen():
    server = start(8807)
    results = []
    with Measure(server) as measure:
        threads = [threading.Thread(target=lambda: results.append(post(8807, aliased(random_suffix())))) for _ in range(16)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    time.sleep(5)  # what keeps burning after the answers
    statuses = sorted({result[0] for result in results})
    total = sum(result[1] for result in results)
    print(f"sixteen: 16 at once: statuses {statuses}, {total} B in all; {measure.figures()} (CPU counted 5 s past the last answer)")
    server.kill()


def case_websocket():
    server = start(8808)
    with Measure(server) as measure:
        connection = ws_open(8808)
        for i in range(10):
            ws_send(connection, {"id": str(i), "type": "subscribe", "payload": {"query": aliased(random_suffix())}})
        received, ended, kinds = 0, 0, set()
        connection.settimeout(120)
        try:
            while ended < 10:
                message = ws_read(connection)
                if message is None:
                    break
                received += len(message)
                kind = json.loads(message).get("type")
                kinds.add(kind)
                ended += kind in ("error", "complete")
        except OSError:
            pass
        connection.close()
    print(f"websocket: 10 subscribe messages on one socket: {received} B received ({', '.join(sorted(kinds))}); {measure.figures()}")
    server.kill()


def case_idle_h2():
    server = start(8809)
    with Measure(server) as measure:
        held = []
        for _ in range(4200):
            try:
                connection = socket.create_connection(("127.0.0.1", 8809), timeout=5)
                connection.sendall(PREFACE + EMPTY_SETTINGS)
                held.append(connection)
            except OSError:
                pass
        up = down = 0
        first_up = None
        started = time.time()
        while time.time() - started < 30:
            if healthz(8809, timeout=1):
                up += 1
                first_up = first_up if first_up is not None else round(time.time() - started, 1)
            else:
                down += 1
            time.sleep(0.5)
        for connection in held:
            connection.close()
    print(f"idle-h2: 4,200 idle HTTP/2 connections held 30 s: /healthz {up} answered, {down} failed, first answer after {first_up} s; {measure.figures()}")
    one = socket.create_connection(("127.0.0.1", 8809))
    one.sendall(PREFACE + EMPTY_SETTINGS)
    one.settimeout(1)
    started = time.time()
    closed_after = None
    while time.time() - started < 40:
        try:
            if one.recv(4096) == b"":
                closed_after = round(time.time() - started, 1)
                break
        except socket.timeout:
            pass
        except OSError:
            closed_after = round(time.time() - started, 1)
            break
    print(f"idle-h2: one idle HTTP/2 connection {'closed after ' + str(closed_after) + ' s' if closed_after else 'still open after 40 s'}")
    server.kill()


def case_stalled():
    server = start(8810)
    with Measure(server) as measure:
        connections = []
        for _ in range(3):
            connection = socket.create_connection(("127.0.0.1", 8810))
            connection.sendall(PREFACE + EMPTY_SETTINGS + h2_frame(0x4, 0x1, 0, b""))  # settings ack
            for n in range(200):
                connection.sendall(stalled_post_headers(1 + 2 * n, 8810))
            connections.append(connection)
        time.sleep(0.5)
        started = time.time()
        first_ok = None
        refused = 0
        while time.time() - started < 15:
            status, _, _, _ = post(8810, "{ __typename }")
            if status == 200:
                first_ok = round(time.time() - started, 1)
                break
            refused += 1
            time.sleep(0.2)
        for connection in connections:
            connection.close()
    print(f"stalled: 600 stalled-body streams: a normal POST {'answered 200 after ' + str(first_ok) + ' s' if first_ok is not None else 'refused for 15 s'} ({refused} refused first); {measure.figures()}")
    server.kill()


def case_errors():
    server = start(8811)
    document = "{ themes { " + " ".join(f"x{i}" for i in range(1900)) + " } }"
    status, size, _, _ = post(8811, document)
    long_name = post(8811, "{ themes { " + "y" * 15000 + " } }")
    print(f"errors: {len(json.dumps({'query': document}))} B in, {status}, {size} B out; a 15,000-character unknown field: {long_name[1]} B out")
    server.kill()


def case_not_modified():
    server = start(8812)
    request = urllib.request.Request("http://127.0.0.1:8812/graphql?query=%7Bnope%7D", headers={"If-None-Match": "*"})
    try:
        response = urllib.request.urlopen(request)
        status, cache_control = response.status, response.headers.get("cache-control")
    except urllib.error.HTTPError as error:
        status, cache_control = error.code, error.headers.get("cache-control")
    print(f"not-modified: GET {{nope}} with If-None-Match: * -> {status}, Cache-Control: {cache_control}")
    server.kill()


INTROSPECTION = open(os.path.join(os.path.dirname(__file__), "..", "tests", "api", "fixtures", "introspection-graphql-js-16.graphql")).read()


def leaves(types, name, depth):
    """A selection of every field of type `name` that takes no required argument: scalars and
    enums, and objects `depth` more levels in."""
    kind = types[name]
    if kind["kind"] in ("SCALAR", "ENUM"):
        return ""
    chosen = []
    for field in kind.get("fields") or []:
        if any(arg["type"]["kind"] == "NON_NULL" and arg.get("defaultValue") is None for arg in field["args"]):
            continue
        inner = field["type"]
        while inner.get("ofType"):
            inner = inner["ofType"]
        target = types[inner["name"]]
        if target["kind"] in ("SCALAR", "ENUM"):
            chosen.append(field["name"])
        elif depth > 0 and target["kind"] == "OBJECT":
            selection = leaves(types, inner["name"], depth - 1)
            if selection:
                chosen.append(f"{field['name']} {{ {selection} }}")
    return " ".join(chosen)


def case_answer_sizes():
    server = start(8813)
    status, size, _, _ = post(8813, INTROSPECTION)
    print(f"answer-sizes: graphql-js's full introspection: {status}, {size} B")
    schema_query = "{ __schema { queryType { fields { name args { name type { kind } defaultValue } type { kind name ofType { kind name } } } } types { name kind fields { name args { name type { kind } defaultValue } type { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } } }"
    request = urllib.request.Request("http://127.0.0.1:8813/graphql", data=json.dumps({"query": schema_query}).encode(), headers={"content-type": "application/json"})
    schema = json.loads(urllib.request.urlopen(request).read())["data"]["__schema"]
    types = {t["name"]: t for t in schema["types"]}
    largest = (0, None)
    for field in schema["queryType"]["fields"]:
        if not any(arg["name"] == "first" for arg in field["args"]):
            continue
        if any(arg["type"]["kind"] == "NON_NULL" for arg in field["args"]):
            continue
        connection = field["type"]["ofType"]["name"] if field["type"]["kind"] == "NON_NULL" else field["type"]["name"]
        node = next(f for f in types[connection]["fields"] if f["name"] == "nodes")["type"]
        while node.get("ofType"):
            node = node["ofType"]
        query = f"{{ {field['name']}(first: 100) {{ totalCount nodes {{ {leaves(types, node['name'], 1)} }} }} }}"
        status, size, _, head = post(8813, query)
        print(f"answer-sizes: {field['name']}(first: 100), every field one level in: {status}, {size} B{'' if status == 200 and b'errors' not in head else ' ' + head.decode(errors='replace')}")
        largest = max(largest, (size, field["name"]))
    print(f"answer-sizes: the largest page: {largest[1]}, {largest[0]} B")
    server.kill()


ALL = {
    "nested": case_nested,
    "methods": case_methods,
    "timeout": case_timeout,
    "slow": case_slow,
    "aliased": case_aliased,
    "suffixed": case_suffixed,
    "sixteen": case_sixteen,
    "websocket": case_websocket,
    "idle-h2": case_idle_h2,
    "stalled": case_stalled,
    "errors": case_errors,
    "not-modified": case_not_modified,
    "answer-sizes": case_answer_sizes,
}


def main():
    for name in CASES or ALL:
        ALL[name]()


if __name__ == "__main__":
    main()
