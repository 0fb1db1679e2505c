// @urql/core 6 over GET (as a CDN-friendly partner site would use it).
import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { Client, fetchExchange, gql } from "@urql/core";

import { startService } from "../lib/server.js";

let service;
before(async () => {
  service = await startService();
});
after(() => service.stop());

/** `http_requests_total` for GET /graphql with status 200, from /metrics. */
async function getRequests() {
  const text = await (await fetch(`${service.url}/metrics`)).text();
  const line = text
    .split("\n")
    .find((l) => l.startsWith('http_requests_total{method="GET",route="/graphql",status="200"}'));
  return line ? Number(line.split(" ").pop()) : 0;
}

test("urql queries over GET", async () => {
  const urql = new Client({ url: service.endpoint, exchanges: [fetchExchange], preferGetMethod: "force" });
  const before = await getRequests();
  const result = await urql
    .query(
      gql`query Theme($theme: String) { sessions(filter: { theme: $theme }) { totalCount nodes { title startsAt(timeZone: "asia/tokyo") } } }`,
      { theme: "energy-security-and-resilience" },
    )
    .toPromise();
  assert.equal(result.error, undefined, String(result.error));
  assert.deepEqual(result.data.sessions.nodes, [
    { title: "Panel 1 Energy Security and Resilience", startsAt: "2023-01-25T17:45:00+09:00" },
  ]);
  assert.equal(await getRequests(), before + 1, "the query went over GET");
});
