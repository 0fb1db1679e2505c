#!/usr/bin/env bash
# Throughput of one revision against another, in one run on this machine: both
# release binaries serve a fresh SQLite database in turn (pinned to core 0), driven by wrk
# (pinned to core 1) with the mixed queries of scripts/load-test.lua. Rounds alternate, so that
# machine noise hits both alike; the figure to quote is the ratio.
#
#   bash scripts/compare-revisions.sh d9260db            # HEAD against d9260db: 2 rounds of 20 s, 64 connections
#   ROUNDS=3 DURATION=30s CONNECTIONS=16 bash scripts/compare-revisions.sh HEAD~3 HEAD
# Both revisions are built from clean worktrees of their commits (uncommitted edits are not
# measured).
set -euo pipefail
cd "$(dirname "$0")/.."

base=${1:?usage: compare-revisions.sh BASE_REVISION [REVISION]}
head=${2:-HEAD}
rounds=${ROUNDS:-2}
duration=${DURATION:-20s}
connections=${CONNECTIONS:-64}
port=${PORT:-18090}
target=${COMPARE_TARGET_DIR:-$(pwd)/target/compare}

if ! command -v wrk >/dev/null; then
  apt-get update -qq && apt-get install -y -qq wrk >/dev/null
fi

work=$(mktemp -d)
trap 'kill "${server:-}" 2>/dev/null || true; for w in base head; do git worktree remove --force "$work/$w" 2>/dev/null || true; done; rm -rf "$work"' EXIT

# build NAME REVISION: the release binary of REVISION, as $work/cities-api-NAME.
build() {
  git worktree add --detach "$work/$1" "$2" >/dev/null
  (cd "$work/$1" && CARGO_TARGET_DIR="$target" cargo build --release --locked --bin cities-api -q)
  cp "$target/release/cities-api" "$work/cities-api-$1"
}
echo "== building $base and $head (release)"
build base "$base"
build head "$head"

# run NAME BINARY: one wrk run against BINARY on a fresh database; prints requests/s.
run() {
  local name=$1 binary=$2 db="$work/$1-$RANDOM.sqlite"
  LISTEN_ADDR="127.0.0.1:$port" DATABASE_URL="sqlite://$db?mode=rwc" RUST_LOG=warn \
    taskset -c 0 "$binary" &
  server=$!
  for _ in $(seq 1 100); do
    "$binary" healthcheck --listen "127.0.0.1:$port" 2>/dev/null && break
    sleep 0.1
  done
  taskset -c 1 wrk -t1 -c"$connections" -d"$duration" --timeout 10s -s scripts/load-test.lua \
    "http://127.0.0.1:$port/graphql" >"$work/wrk.txt"
  kill "$server"; wait "$server" 2>/dev/null || true
  local summary
  summary=$(grep '^SUMMARY' "$work/wrk.txt")
  echo "$name $summary" >&2
  case "$summary" in
    *" non2xx=0 connect_errors=0 read_errors=0 write_errors=0 timeouts=0 "*) ;;
    *) echo "== FAIL: $name had errors or non-2xx answers" >&2; exit 1 ;;
  esac
  sed -E 's/.* rps=([0-9.]+) .*/\1/' <<<"$summary"
}

base_rates=""; head_rates=""
for round in $(seq 1 "$rounds"); do
  echo "== round $round"
  base_rates="$base_rates $(run base "$work/cities-api-base")"
  head_rates="$head_rates $(run head "$work/cities-api-head")"
done
awk -v base="$base_rates" -v head="$head_rates" -v rev="$base" -v headrev="$head" 'BEGIN {
  nb = split(base, b, " "); nh = split(head, h, " ")
  for (i = 1; i <= nb; i++) sb += b[i]
  for (i = 1; i <= nh; i++) sh += h[i]
  printf "== mean requests/s: base (%s) %.1f, %s %.1f, ratio %.3f\n", rev, sb / nb, headrev, sh / nh, (sh / nh) / (sb / nb)
}'
