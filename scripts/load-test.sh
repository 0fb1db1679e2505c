#!/usr/bin/env bash
# Load test: 256 concurrent connections for 60 s against a release build serving a fresh
# SQLite database on this machine, with the default limits. Reports requests, non-2xx and
# socket errors (the target for both is zero) and latency percentiles.
#
#   bash scripts/load-test.sh                 # defaults: 256 connections, 60 s
#   CONNECTIONS=64 DURATION=10s bash scripts/load-test.sh
set -euo pipefail
cd "$(dirname "$0")/.."

connections=${CONNECTIONS:-256}
duration=${DURATION:-60s}
threads=${THREADS:-2}
port=${PORT:-18080}

if ! command -v wrk >/dev/null; then
  echo "== installing wrk (Debian package)"
  apt-get update -qq && apt-get install -y -qq wrk >/dev/null
fi

echo "== building the release binary"
cargo build --release --locked --bin cities-api

workdir=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$workdir"' EXIT
ulimit -n 4096 2>/dev/null || true

echo "== serving on 127.0.0.1:$port"
LISTEN_ADDR="127.0.0.1:$port" DATABASE_URL="sqlite://$workdir/load.sqlite?mode=rwc" RUST_LOG=warn \
  ./target/release/cities-api serve &
server=$!
for _ in $(seq 1 100); do
  if ./target/release/cities-api healthcheck --listen "127.0.0.1:$port" 2>/dev/null; then break; fi
  sleep 0.1
done

echo "== wrk: $connections connections, $threads threads, $duration"
wrk -t"$threads" -c"$connections" -d"$duration" --timeout 10s --latency -s scripts/load-test.lua \
  "http://127.0.0.1:$port/graphql" | tee "$workdir/wrk.txt"

summary=$(grep '^SUMMARY' "$workdir/wrk.txt")
echo "== $summary"
echo "== server metrics (limit rejections, statements)"
curl -s "http://127.0.0.1:$port/metrics" 2>/dev/null | grep -E '^(limit_rejections|db_statements|graphql_requests)_total' || true
case "$summary" in
  *" non2xx=0 connect_errors=0 read_errors=0 write_errors=0 timeouts=0 "*) echo "== PASS: no errors, no non-2xx" ;;
  *) echo "== FAIL: errors or non-2xx responses"; exit 1 ;;
esac
