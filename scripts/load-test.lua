-- wrk script: POSTs a rotation of realistic queries (front-end, partner, researcher) and
-- prints one summary line that scripts/load-test.sh reads.
local queries = {
  '{"query":"{ sessions(filter: { theme: \\"energy-security-and-resilience\\" }) { nodes { title startsAt(timeZone: \\"Asia/Tokyo\\") speakers { name city { name } } } } }"}',
  '{"query":"query Programme { sessions(first: 100) { totalCount nodes { id title kind startsAt(timeZone: \\"Europe/Brussels\\") endsAt theme { slug } speakers { name role organisation { name } } } } }"}',
  '{"query":"query SpeakersByCountry { speakers(filter: { country: \\"jp\\" }) { totalCount nodes { name role city { name nameJa } } } }"}',
  '{"query":"query Pairings { cityPairings { euCity { name country { code } } japanCity { name } sessions { title } themes { slug } } }"}',
}
local counter = 0

request = function()
  counter = counter + 1
  local body = queries[(counter % #queries) + 1]
  return wrk.format("POST", "/graphql", { ["Content-Type"] = "application/json" }, body)
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "SUMMARY requests=%d duration_s=%.1f rps=%.1f non2xx=%d connect_errors=%d read_errors=%d write_errors=%d timeouts=%d p50_ms=%.2f p99_ms=%.2f\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    e.status, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
