#!/usr/bin/env bash
# The benchmark harness (issue 12), one command, not run by CI (it takes minutes):
#
#   bash bench/run.sh                          # 6 s per figure, concurrency 1 16 64, 2 rounds
#   SECONDS_PER_RUN=3 ROUNDS=1 bash bench/run.sh
#
# Builds the release binary and a bare async-graphql-axum server (bench/baseline), loads the
# dataset into a fresh SQLite file, and for each server in turn (this service with its
# response cache, the same without it, the bare baseline): starts it pinned to core 0 on a
# copy of that file, warms it, and drives each operation of bench/ops with wrk pinned to core
# 1, at each concurrency, for a fixed time; reads SQL statements per request from /metrics
# and the server's peak RSS from /proc. Writes bench/results/results.tsv, rss.tsv and
# docs/benchmarks.md (with docs/benchmarks.svg). Ratios, not absolute numbers, are what carry
# over: the machine is shared.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${SECONDS_PER_RUN:-6}
rounds=${ROUNDS:-2}
levels=${CONCURRENCY:-"1 16 64"}
port=18091
out=bench/results
mkdir -p "$out"

if ! command -v wrk >/dev/null; then
  echo "== installing wrk (Debian package)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi

echo "== building (release)"
cargo build --release --locked --bin cities-api
cargo build --release --manifest-path bench/baseline/Cargo.toml --target-dir target/bench-baseline

work=$(mktemp -d)
server=
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
ulimit -n 4096 2>/dev/null || true

echo "== dataset: a fresh SQLite file"
./target/release/cities-api load-data --data-dir data --database-url "sqlite://$work/seed.sqlite?mode=rwc" >/dev/null

# Request bodies: {"query": <the operation's text>}.
for op in bench/ops/*.graphql; do
  name=$(basename "$op" .graphql)
  python3 -c 'import json,sys; print(json.dumps({"query": open(sys.argv[1]).read().strip()}))' "$op" > "$work/$name.json"
done

# Starts "$@" pinned to core 0, waits until it answers `{ __typename }`.
start() {
  taskset -c 0 env LISTEN_ADDR="127.0.0.1:$port" RUST_LOG=warn "$@" &
  server=$!
  for _ in $(seq 1 200); do
    if curl -sf -o /dev/null -H 'content-type: application/json' \
      -d '{"query":"{ __typename }"}' "http://127.0.0.1:$port/graphql"; then return 0; fi
    sleep 0.05
  done
  echo "the server did not start" >&2
  exit 1
}

stop() {
  local label=$1
  local peak
  peak=$(awk '/VmHWM/ { print $2 }' "/proc/$server/status")
  printf '%s\t%s\n' "$label" "$peak" >> "$out/rss.tsv"
  kill "$server"; wait "$server" 2>/dev/null || true
  server=
}

statements() {
  curl -s "http://127.0.0.1:$port/metrics" | awk '/^db_statements_total/ { print $2 }'
}

# measure ROUND SERVER OP CONCURRENCY [URL]: one wrk run; appends a line to results.tsv.
measure() {
  local round=$1 label=$2 op=$3 connections=$4 url=${5:-"http://127.0.0.1:$port/graphql"}
  local before after line
  before=$(statements || true)
  line=$(METHOD=${METHOD:-POST} BODY_FILE="$work/$op.json" taskset -c 1 \
    wrk -t1 -c"$connections" -d"${seconds}s" --timeout 10s -s bench/post.lua "$url" | grep '^RESULT')
  after=$(statements || true)
  local requests rps p50 p99 errors per
  requests=$(sed -E 's/.*requests=([0-9]+).*/\1/' <<<"$line")
  rps=$(sed -E 's/.*rps=([0-9.]+).*/\1/' <<<"$line")
  p50=$(sed -E 's/.*p50_ms=([0-9.]+).*/\1/' <<<"$line")
  p99=$(sed -E 's/.*p99_ms=([0-9.]+).*/\1/' <<<"$line")
  errors=$(sed -E 's/.*errors=([0-9]+).*/\1/' <<<"$line")
  if [ -n "$before" ] && [ -n "$after" ] && [ "$requests" -gt 0 ]; then
    per=$(python3 -c "print(round(($after - $before) / $requests, 2))")
  else
    per=
  fi
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' \
    "$round" "$label" "$op" "$connections" "$rps" "$p50" "$p99" "$errors" "$per" >> "$out/results.tsv"
  printf '   %-14s %-20s c=%-3s %9s req/s  p50 %7s ms  p99 %7s ms  errors %s  statements/req %s\n' \
    "$label" "$op" "$connections" "$rps" "$p50" "$p99" "$errors" "$per"
}

printf 'round\tserver\toperation\tconcurrency\trps\tp50_ms\tp99_ms\terrors\tstatements_per_request\n' > "$out/results.tsv"
printf 'server\tpeak_rss_kb\n' > "$out/rss.tsv"
ops="typename programme speakers-of-country pairings at-the-limits"

for round in $(seq 1 "$rounds"); do
  for label in cache no-cache; do
    echo "== round $round: cities-api ($label)"
    cp "$work/seed.sqlite" "$work/$label.sqlite"
    cache_size=1000
    [ "$label" = no-cache ] && cache_size=0
    start env DATABASE_URL="sqlite://$work/$label.sqlite?mode=rwc" RESPONSE_CACHE_SIZE=$cache_size \
      ./target/release/cities-api serve
    for op in $ops; do
      # Each operation must be answered without an error (wrk counts only HTTP statuses).
      if curl -s -H 'content-type: application/json' -d @"$work/$op.json" \
        "http://127.0.0.1:$port/graphql" | grep '"errors"' >/dev/null; then
        echo "the operation $op is answered with an error" >&2
        exit 1
      fi
      METHOD=POST measure "$round" "cities-api/$label" "$op" 64 >/dev/null # warm-up
      for c in $levels; do METHOD=POST measure "$round" "cities-api/$label" "$op" "$c"; done
    done
    # A persisted query over GET (APQ): register the programme page once, then GET it by hash.
    hash=$(python3 -c 'import hashlib,json,sys; print(hashlib.sha256(json.load(open(sys.argv[1]))["query"].encode()).hexdigest())' "$work/programme.json")
    extensions=$(python3 -c 'import json,sys,urllib.parse; print(urllib.parse.quote(json.dumps({"persistedQuery":{"version":1,"sha256Hash":sys.argv[1]}})))' "$hash")
    python3 -c 'import json,sys; b=json.load(open(sys.argv[1])); b["extensions"]={"persistedQuery":{"version":1,"sha256Hash":sys.argv[2]}}; print(json.dumps(b))' \
      "$work/programme.json" "$hash" | curl -sf -o /dev/null -H 'content-type: application/json' -d @- "http://127.0.0.1:$port/graphql"
    for c in $levels; do
      METHOD=GET measure "$round" "cities-api/$label" "apq-get-programme" "$c" \
        "http://127.0.0.1:$port/graphql?extensions=$extensions"
    done
    stop "cities-api/$label"
  done
  echo "== round $round: bare async-graphql-axum"
  start ./target/bench-baseline/release/bench-baseline
  for c in $levels; do METHOD=POST measure "$round" "baseline" typename "$c"; done
  stop baseline
done

echo "== report"
python3 bench/report.py "$out/results.tsv" "$out/rss.tsv" "$seconds" "$rounds" > docs/benchmarks.md
echo "wrote docs/benchmarks.md"
