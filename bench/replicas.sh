#!/usr/bin/env bash
# The capacity plan's check by simulation (issue 13, docs/scaling.md), one command, not run by
# CI (about 4 minutes):
#
#   bash bench/replicas.sh                       # 8 s per figure, 2 rounds
#   SECONDS_PER_RUN=4 ROUNDS=1 bash bench/replicas.sh
#
# Two cores cannot show three replicas' total, so every replica gets a fixed CPU share: its
# own cgroup (v1 `cpu` controller) with a quota of SHARE (default 0.3) of a core, all pinned
# to core 0; HAProxy (Debian's) and wrk are pinned to core 1. Over one PostgreSQL database on
# the TEST_DATABASE_URL server (created and dropped here; the shared server is not otherwise
# touched), for the programme query with the response cache (hits) and without it:
#
#   direct  one replica, wrk straight to it: the per-replica figure the plan uses;
#   lb-1    the same replica behind HAProxy: the balancer's overhead;
#   lb-3    three replicas behind HAProxy: the plan predicts 3 x direct.
#
# Writes bench/results/replicas.tsv and prints the ratios docs/scaling.md reports.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${SECONDS_PER_RUN:-8}
rounds=${ROUNDS:-2}
share=${SHARE:-0.3}
server_url=${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}
lb_port=18190
out=bench/results
mkdir -p "$out"
work=$(mktemp -d)
# shellcheck source=bench/lib.sh
source bench/lib.sh
# Statements per request are not read here: behind the balancer, /metrics is one replica's.
statements() { :; }

cgroups=/sys/fs/cgroup/cpu
if [ ! -w "$cgroups" ]; then
  echo "needs a writable cgroup v1 cpu controller at $cgroups (to give each replica a CPU share)" >&2
  exit 1
fi
for tool in wrk haproxy psql; do
  if ! command -v "$tool" >/dev/null; then
    echo "== installing wrk and haproxy (Debian packages)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk haproxy postgresql-client >/dev/null
    break
  fi
done

database="cities_bench_replicas_$$"
admin_url=$server_url
database_url="${server_url%/*}/$database"
replicas=()
balancer=
finish() {
  for pid in "${replicas[@]}" $balancer; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  for k in 1 2 3; do rmdir "$cgroups/cities-replica-$k" 2>/dev/null || true; done
  psql -q "$admin_url" -c "DROP DATABASE IF EXISTS \"$database\" WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap finish EXIT

echo "== building (release)"
cargo build --release --locked --bin cities-api

echo "== PostgreSQL: database $database, loaded"
psql -q "$admin_url" -c "CREATE DATABASE \"$database\"" >/dev/null
./target/release/cities-api load-data --data-dir data --database-url "$database_url" >/dev/null 2>&1

quota=$(python3 -c "print(int($share * 100000))")
for k in 1 2 3; do
  mkdir -p "$cgroups/cities-replica-$k"
  echo 100000 > "$cgroups/cities-replica-$k/cpu.cfs_period_us"
  echo "$quota" > "$cgroups/cities-replica-$k/cpu.cfs_quota_us"
done

# start_replicas COUNT CACHE_SIZE: COUNT replicas on ports 18191.., each in its cgroup on core 0.
start_replicas() {
  local count=$1 cache=$2 k
  replicas=()
  for k in $(seq 1 "$count"); do
    taskset -c 0 env LISTEN_ADDR="127.0.0.1:$((18190 + k))" DATABASE_URL="$database_url" \
      RESPONSE_CACHE_SIZE="$cache" RUST_LOG=warn ./target/release/cities-api serve \
      >"$work/replica-$k.log" 2>&1 &
    replicas+=($!)
    echo $! > "$cgroups/cities-replica-$k/cgroup.procs"
  done
  for k in $(seq 1 "$count"); do
    for _ in $(seq 1 400); do
      curl -sf -o /dev/null "http://127.0.0.1:$((18190 + k))/readyz" && break
      sleep 0.05
    done
  done
}

stop_replicas() {
  for pid in "${replicas[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  replicas=()
}

# start_balancer COUNT: HAProxy on core 1 in front of replicas 1..COUNT.
start_balancer() {
  local count=$1 k
  {
    printf 'global\n  maxconn 1000\n  nbthread 1\n'
    printf 'defaults\n  mode http\n  timeout connect 5s\n  timeout client 30s\n  timeout server 30s\n'
    printf 'frontend api\n  bind 127.0.0.1:%s\n  default_backend replicas\n' "$lb_port"
    printf 'backend replicas\n  balance leastconn\n  http-reuse always\n'
    for k in $(seq 1 "$count"); do printf '  server r%s 127.0.0.1:%s\n' "$k" "$((18190 + k))"; done
  } > "$work/haproxy.cfg"
  haproxy -c -q -f "$work/haproxy.cfg"
  taskset -c 1 haproxy -db -f "$work/haproxy.cfg" >"$work/haproxy.log" 2>&1 &
  balancer=$!
  for _ in $(seq 1 200); do
    curl -sf -o /dev/null "http://127.0.0.1:$lb_port/healthz" && return 0
    sleep 0.05
  done
  echo "HAProxy did not start" >&2; cat "$work/haproxy.log" >&2; exit 1
}

stop_balancer() {
  kill "$balancer" 2>/dev/null || true; wait "$balancer" 2>/dev/null || true
  balancer=
}

# cpu_ticks PID...: the CPU time (user + system, clock ticks) the processes have used so far.
cpu_ticks() {
  local total=0 pid
  for pid in "$@"; do
    total=$((total + $(awk '{ print $14 + $15 }' "/proc/$pid/stat")))
  done
  echo "$total"
}

# measured ROUND SETUP CONNECTIONS URL: one wrk measurement (as `measure`), plus the CPU time the
# replicas and the balancer spent per request, in microseconds (cpu.tsv): the figure the
# capacity plan scales, whatever share of a core each process had.
measured() {
  local round=$1 setup=$2 connections=$3 url=$4
  local hz replicas_before balancer_before rps
  hz=$(getconf CLK_TCK)
  replicas_before=$(cpu_ticks "${replicas[@]}")
  balancer_before=0
  [ -n "$balancer" ] && balancer_before=$(cpu_ticks "$balancer")
  measure "$results" "$round" "$setup" programme "$connections" "$url"
  rps=$(tail -1 "$results" | cut -f5)
  python3 - "$round" "$setup" "$rps" "$seconds" "$hz" \
    "$replicas_before" "$(cpu_ticks "${replicas[@]}")" \
    "$balancer_before" "$([ -n "$balancer" ] && cpu_ticks "$balancer" || echo 0)" >> "$cpu" <<'PY'
import sys
round_, setup, rps, seconds, hz, r0, r1, b0, b1 = sys.argv[1:]
requests = float(rps) * float(seconds)
per = lambda before, after: round((int(after) - int(before)) / int(hz) * 1e6 / requests, 1)
print(f"{round_}\t{setup}\t{per(r0, r1)}\t{per(b0, b1)}")
PY
  printf '   %-18s CPU per request: replicas %s us, balancer %s us\n' "$setup" \
    "$(tail -1 "$cpu" | cut -f3)" "$(tail -1 "$cpu" | cut -f4)"
}

request_bodies bench/ops
results=$out/replicas.tsv
cpu=$out/replicas-cpu.tsv
printf 'round\tsetup\toperation\tconcurrency\trps\tp50_ms\tp99_ms\terrors\tstatements_per_request\n' > "$results"
printf 'round\tsetup\treplica_cpu_us_per_request\tbalancer_cpu_us_per_request\n' > "$cpu"

for round in $(seq 1 "$rounds"); do
  echo "== round $round of $rounds (replicas get $share of a core each)"
  for mode in cached uncached; do
    if [ "$mode" = cached ]; then cache=1000; connections=64; else cache=0; connections=16; fi
    op=programme
    start_replicas 1 "$cache"
    answers_without_error "http://127.0.0.1:18191/graphql" "$work/$op.json"
    measured "$round" "direct/$mode" "$connections" "http://127.0.0.1:18191/graphql"
    start_balancer 1
    measured "$round" "lb-1/$mode" "$connections" "http://127.0.0.1:$lb_port/graphql"
    stop_balancer
    stop_replicas
    start_replicas 3 "$cache"
    start_balancer 3
    for k in 1 2 3; do answers_without_error "http://127.0.0.1:$((18190 + k))/graphql" "$work/$op.json"; done
    measured "$round" "lb-3/$mode" "$connections" "http://127.0.0.1:$lb_port/graphql"
    stop_balancer
    stop_replicas
  done
done

echo "== ratios (median over rounds)"
python3 - "$results" "$cpu" <<'PY'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
cpu = list(csv.DictReader(open(sys.argv[2]), delimiter="\t"))
def cpu_us(setup, column):
    return statistics.median(float(r[column]) for r in cpu if r["setup"] == setup)
def rps(setup):
    return statistics.median(float(r["rps"]) for r in rows if r["setup"] == setup)
def p50(setup):
    return statistics.median(float(r["p50_ms"]) for r in rows if r["setup"] == setup)
for mode in ("cached", "uncached"):
    direct, lb1, lb3 = rps(f"direct/{mode}"), rps(f"lb-1/{mode}"), rps(f"lb-3/{mode}")
    print(f"{mode}: direct {direct:.0f} req/s, lb-1 {lb1:.0f}, lb-3 {lb3:.0f}; "
          f"balancer keeps {lb1 / direct:.2f} of one replica's throughput "
          f"(p50 {p50(f'direct/{mode}'):.2f} -> {p50(f'lb-1/{mode}'):.2f} ms); "
          f"three replicas give {lb3 / direct:.2f}x one (plan: 3.00x, less the balancer)")
    for setup in ("direct", "lb-1", "lb-3"):
        replica = cpu_us(f"{setup}/{mode}", "replica_cpu_us_per_request")
        balancer = cpu_us(f"{setup}/{mode}", "balancer_cpu_us_per_request")
        print(f"  {setup}/{mode}: {replica:.0f} us of replica CPU per request "
              f"(= {1e6 / replica:,.0f} req/s per core), balancer {balancer:.0f} us")
errors = sum(int(r["errors"]) for r in rows)
print(f"errors: {errors}")
PY
