-- wrk: POSTs the GraphQL request body in $BODY_FILE (JSON) to the URL given on the command
-- line, or GETs that URL when $METHOD is GET; prints one RESULT line that bench/run.sh reads
-- (wrk counts answers with a status of 400 or more in `errors.status`).
local method = os.getenv("METHOD") or "POST"
wrk.method = method
if method == "POST" then
  local file = assert(io.open(os.getenv("BODY_FILE"), "r"))
  wrk.body = file:read("*a")
  file:close()
  wrk.headers["Content-Type"] = "application/json"
end
wrk.headers["Accept"] = "application/json"

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d rps=%.1f p50_ms=%.2f p99_ms=%.2f errors=%d\n",
    summary.requests, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    e.status + e.connect + e.read + e.write + e.timeout))
end
