"""The service under test: the cities-api binary ($CITIES_API_BIN, else the debug build of this
repository) over a fresh SQLite file, on a port it chooses itself (read from its `serving addr=`
log line, so no other process can take the port between a choice and a bind); its public URL
is where it listens."""

import base64
import json
import os
import re
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SCHEDULE_FORMAT = REPO / "data" / "reference" / "schedule-format"


def _logged_address(log: str) -> str | None:
    """The address of the service's `serving addr=...` log line, colours or not."""
    found = re.search(r" serving addr=(\S+)", re.sub(r"\x1b\[[0-9;]*m", "", log))
    return found.group(1) if found else None


class Service:
    """A running service: GET and GraphQL helpers."""

    def __init__(self, url: str):
        self.url = url

    def get(self, path: str) -> tuple[int, dict, bytes]:
        try:
            with urllib.request.urlopen(self.url + path) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

    def text(self, path: str) -> str:
        status, _, body = self.get(path)
        assert status == 200, (path, status, body[:300])
        return body.decode("utf-8")

    def graphql(self, query: str) -> dict:
        request = urllib.request.Request(
            self.url + "/graphql",
            data=json.dumps({"query": query}).encode(),
            headers={"content-type": "application/json"},
        )
        with urllib.request.urlopen(request) as response:
            answer = json.load(response)
        assert "errors" not in answer, answer
        return answer["data"]


def slug_of(global_id: str) -> str:
    """The dataset key inside a global id (`Session:day1-panel-1` → `day1-panel-1`)."""
    padded = global_id + "=" * (-len(global_id) % 4)
    return base64.urlsafe_b64decode(padded).decode().split(":", 1)[1]


@pytest.fixture(scope="session")
def service():
    binary = Path(os.environ.get("CITIES_API_BIN", REPO / "target" / "debug" / "cities-api"))
    if not binary.exists():
        pytest.skip(f"no binary at {binary}: run `cargo build` or set CITIES_API_BIN")
    with tempfile.TemporaryDirectory() as folder:
        log_path = Path(folder) / "server.log"
        with open(log_path, "wb") as log:
            child = subprocess.Popen(
                [str(binary), "serve"],
                env={
                    **os.environ,
                    "LISTEN_ADDR": "127.0.0.1:0",
                    "DATABASE_URL": f"sqlite://{folder}/db.sqlite?mode=rwc",
                    "RUST_LOG": "warn,api=info",
                },
                stderr=log,
            )
        try:
            address = None
            for _ in range(600):
                if child.poll() is not None:
                    raise RuntimeError(f"the service exited with {child.returncode}")
                address = _logged_address(log_path.read_text(errors="replace"))
                if address:
                    break
                time.sleep(0.05)
            if address is None:
                raise RuntimeError("the service never said where it listens")
            url = f"http://{address}"
            for _ in range(600):
                try:
                    with urllib.request.urlopen(url + "/readyz") as ready:
                        if ready.status == 200:
                            break
                except OSError:
                    time.sleep(0.1)
            yield Service(url)
        finally:
            child.terminate()
            child.wait(timeout=30)
