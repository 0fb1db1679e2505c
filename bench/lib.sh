# What bench/run.sh's parts share (sourced, not run): the scratch folder, starting and stopping
# a server pinned to core 0, and one wrk measurement pinned to core 1.
#
# Callers set: port, out (the results folder), seconds (per measurement), work (a scratch
# folder, removed on exit).

server=
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "${work_root:-$work}"
}
trap cleanup EXIT
ulimit -n 4096 2>/dev/null || true

# request_bodies FOLDER: writes $work/<name>.json, {"query": <text>}, for each FOLDER/<name>.graphql.
request_bodies() {
  local op name
  for op in "$1"/*.graphql; do
    name=$(basename "$op" .graphql)
    python3 -c 'import json,sys; print(json.dumps({"query": open(sys.argv[1]).read().strip()}))' "$op" > "$work/$name.json"
  done
}

# start URL_PATH COMMAND...: starts COMMAND pinned to core 0 and waits until it answers
# `{ __typename }` at URL_PATH.
start() {
  local path=$1
  shift
  taskset -c 0 env LISTEN_ADDR="127.0.0.1:$port" URL="127.0.0.1:$port" RUST_LOG=warn "$@" >"$work/server.log" 2>&1 &
  server=$!
  for _ in $(seq 1 400); do
    if curl -sf -o /dev/null -H 'content-type: application/json' \
      -d '{"query":"{ __typename }"}' "http://127.0.0.1:$port$path"; then return 0; fi
    sleep 0.05
  done
  echo "the server did not start:" >&2
  cat "$work/server.log" >&2
  exit 1
}

# stop LABEL: records the server's peak RSS under LABEL in rss.tsv and stops it.
stop() {
  local label=$1
  local peak
  peak=$(awk '/VmHWM/ { print $2 }' "/proc/$server/status")
  printf '%s\t%s\n' "$label" "$peak" >> "$out/rss.tsv"
  kill "$server"; wait "$server" 2>/dev/null || true
  server=
}

# answers_without_error URL BODY_FILE: fails the run when the operation is answered with a
# GraphQL error (wrk counts only HTTP statuses).
answers_without_error() {
  local answer
  answer=$(curl -s -H 'content-type: application/json' -d @"$2" "$1")
  if grep '"errors"' >/dev/null <<<"$answer" || ! grep '"data"' >/dev/null <<<"$answer"; then
    echo "$(basename "$2" .json) is answered with an error at $1: ${answer:0:400}" >&2
    exit 1
  fi
}

statements() {
  curl -s "http://127.0.0.1:$port/metrics" | awk '/^db_statements_total/ { print $2 }'
}

# measure FILE ROUND SERVER OP CONCURRENCY URL: one wrk run of $work/OP.json against URL
# (POST, or GET of the URL when METHOD=GET); appends a line to FILE.
measure() {
  local file=$1 round=$2 label=$3 op=$4 connections=$5 url=$6
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
    "$round" "$label" "$op" "$connections" "$rps" "$p50" "$p99" "$errors" "$per" >> "$file"
  printf '   %-18s %-22s c=%-3s %9s req/s  p50 %7s ms  p99 %7s ms  errors %s  statements/req %s\n' \
    "$label" "$op" "$connections" "$rps" "$p50" "$p99" "$errors" "$per"
}
