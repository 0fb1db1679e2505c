#!/usr/bin/env bash
# The benchmark harness (issue 12), one command, not run by CI (it takes minutes):
#
#   bash bench/run.sh                          # 6 s per figure, concurrency 1 16 64, 2 rounds
#   SECONDS_PER_RUN=3 ROUNDS=1 COPIES=99 bash bench/run.sh
#
# 1. Throughput: builds the release binary, a bare async-graphql-axum server (bench/baseline)
#    and the Seaography peer (bench/seaography.sh, generated over the same SQLite file); loads
#    the dataset into a fresh SQLite file; for each server in turn (this service with its
#    response cache, the same without it, Seaography, the bare baseline) starts it pinned to
#    core 0 on a copy of that file, warms it, and drives each operation (bench/ops for us,
#    bench/seaography-ops for the peer's nearest equivalents) with wrk pinned to core 1, at
#    each concurrency, for a fixed time; reads SQL statements per request from /metrics and
#    the server's peak RSS from /proc.
# 2. Cost growth: loads the programme repeated COPIES+1 times (default 300) with
#    `cargo run --example replicate_dataset`, and measures the page-sized operations of
#    bench/grow-ops at one connection, cache off, on the original and on the grown file.
#
# 3. Programme builds: the time each growth server took to read the programme into memory at
#    start (`programme_build_seconds` of /metrics), on the original and on the grown file.
#
# Writes bench/results/{results,rss,growth,builds}.tsv and docs/benchmarks.md (with
# docs/benchmarks.svg). Ratios, not absolute numbers, are what carry over: the machine is
# shared. SKIP_SEAOGRAPHY=1 leaves the peer out (it takes ~12 minutes to build the first time).
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${SECONDS_PER_RUN:-6}
rounds=${ROUNDS:-2}
levels=${CONCURRENCY:-"1 16 64"}
copies=${COPIES:-299}
port=18091
out=bench/results
mkdir -p "$out"
work=$(mktemp -d)
# shellcheck source=bench/lib.sh
source bench/lib.sh

if ! command -v wrk >/dev/null; then
  echo "== installing wrk (Debian package)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi

echo "== building (release)"
cargo build --release --locked --bin cities-api
cargo build --release --locked -p api --example replicate_dataset
cargo build --release --manifest-path bench/baseline/Cargo.toml --target-dir target/bench-baseline

echo "== dataset: a fresh SQLite file"
./target/release/cities-api load-data --data-dir data --database-url "sqlite://$work/seed.sqlite?mode=rwc" >/dev/null

peer=
if [ "${SKIP_SEAOGRAPHY:-0}" != 1 ]; then
  echo "== Seaography peer: generated over the same file and built"
  cp "$work/seed.sqlite" "$work/peer-schema.sqlite"
  peer=$(bash bench/seaography.sh "$work/peer-schema.sqlite")
fi

mkdir -p "$work/ours" "$work/peer" "$work/grow"
work_root=$work
work=$work_root/ours request_bodies bench/ops
work=$work_root/peer request_bodies bench/seaography-ops
work=$work_root/grow request_bodies bench/grow-ops

results=$out/results.tsv
printf 'round\tserver\toperation\tconcurrency\trps\tp50_ms\tp99_ms\terrors\tstatements_per_request\n' > "$results"
printf 'server\tpeak_rss_kb\n' > "$out/rss.tsv"
ops="typename programme speakers-of-country pairings at-the-limits"
peer_ops="typename programme speakers-of-country pairings"
url="http://127.0.0.1:$port/graphql"

for round in $(seq 1 "$rounds"); do
  for label in cache no-cache; do
    echo "== round $round: cities-api ($label)"
    cp "$work_root/seed.sqlite" "$work_root/$label.sqlite"
    cache_size=1000
    [ "$label" = no-cache ] && cache_size=0
    start /graphql env DATABASE_URL="sqlite://$work_root/$label.sqlite?mode=rwc" RESPONSE_CACHE_SIZE=$cache_size \
      ./target/release/cities-api serve
    work=$work_root/ours
    for op in $ops; do
      answers_without_error "$url" "$work/$op.json"
      METHOD=POST measure "$results" "$round" "cities-api/$label" "$op" 64 "$url" >/dev/null # warm-up
      for c in $levels; do METHOD=POST measure "$results" "$round" "cities-api/$label" "$op" "$c" "$url"; done
    done
    # A persisted query over GET (APQ): register the programme page once, then GET it by hash.
    hash=$(python3 -c 'import hashlib,json,sys; print(hashlib.sha256(json.load(open(sys.argv[1]))["query"].encode()).hexdigest())' "$work/programme.json")
    extensions=$(python3 -c 'import json,sys,urllib.parse; print(urllib.parse.quote(json.dumps({"persistedQuery":{"version":1,"sha256Hash":sys.argv[1]}})))' "$hash")
    python3 -c 'import json,sys; b=json.load(open(sys.argv[1])); b["extensions"]={"persistedQuery":{"version":1,"sha256Hash":sys.argv[2]}}; print(json.dumps(b))' \
      "$work/programme.json" "$hash" | curl -sf -o /dev/null -H 'content-type: application/json' -d @- "$url"
    for c in $levels; do
      METHOD=GET measure "$results" "$round" "cities-api/$label" "apq-get-programme" "$c" "$url?extensions=$extensions"
    done
    work=$work_root
    stop "cities-api/$label"
  done
  if [ -n "$peer" ]; then
    echo "== round $round: Seaography"
    cp "$work_root/seed.sqlite" "$work_root/peer.sqlite"
    start / env DATABASE_URL="sqlite://$work_root/peer.sqlite" "$peer"
    work=$work_root/peer
    for op in $peer_ops; do
      answers_without_error "http://127.0.0.1:$port/" "$work/$op.json"
      METHOD=POST measure "$results" "$round" seaography "$op" 64 "http://127.0.0.1:$port/" >/dev/null
      for c in $levels; do METHOD=POST measure "$results" "$round" seaography "$op" "$c" "http://127.0.0.1:$port/"; done
    done
    work=$work_root
    stop seaography
  fi
  echo "== round $round: bare async-graphql-axum"
  start /graphql ./target/bench-baseline/release/bench-baseline
  work=$work_root/ours
  for c in $levels; do METHOD=POST measure "$results" "$round" baseline typename "$c" "$url"; done
  work=$work_root
  stop baseline
done

echo "== cost growth: the programme and $((copies + 1)) copies of it, one connection, cache off"
./target/release/examples/replicate_dataset --copies "$copies" --data-dir data \
  --database-url "sqlite://$work_root/grown.sqlite?mode=rwc"
growth=$out/growth.tsv
printf 'round\tserver\toperation\tconcurrency\trps\tp50_ms\tp99_ms\terrors\tstatements_per_request\n' > "$growth"
printf 'round\tdata\tbuild_seconds\n' > "$out/builds.tsv"
for round in $(seq 1 "$rounds"); do
  for data in original grown; do
    file=$work_root/seed.sqlite
    [ "$data" = grown ] && file=$work_root/grown.sqlite
    start /graphql env DATABASE_URL="sqlite://$file?mode=rwc" RESPONSE_CACHE_SIZE=0 ./target/release/cities-api serve
    # The programme was read into memory at start: how long that build took.
    build=$(curl -sf "http://127.0.0.1:$port/metrics" | awk '/^programme_build_seconds / { print $2 }')
    printf '%s\t%s\t%s\n' "$round" "$data" "${build:-}" >> "$out/builds.tsv"
    work=$work_root/grow
    for body in "$work"/*.json; do
      op=$(basename "$body" .json)
      answers_without_error "$url" "$body"
      METHOD=POST measure "$growth" "$round" "$data" "$op" 1 "$url"
    done
    work=$work_root
    stop "growth/$data"
  done
done

echo "== report"
python3 bench/report.py "$results" "$out/rss.tsv" "$growth" "$seconds" "$rounds" "$((copies + 1))" "$out/builds.tsv" > docs/benchmarks.md
echo "wrote docs/benchmarks.md"
