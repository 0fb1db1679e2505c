// graphql-request, still widely installed at 5.0.0, and its current major (7).
import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { GraphQLClient as Client7, gql as gql7 } from "graphql-request";
import { GraphQLClient as Client5, gql as gql5 } from "graphql-request-5";

import { startService } from "../lib/server.js";

let service;
before(async () => {
  service = await startService();
});
after(() => service.stop());

const expected = {
  sessions: {
    totalCount: 1,
    nodes: [{ title: "Panel 1 Energy Security and Resilience", startsAt: "2023-01-25T17:45:00+09:00" }],
  },
};

test("graphql-request 5.0.0 reads a successful answer", async () => {
  const client = new Client5(service.endpoint);
  const data = await client.request(
    gql5`query Theme($theme: String) { sessions(filter: { theme: $theme }) { totalCount nodes { title startsAt(timeZone: "Asia/Tokyo") } } }`,
    { theme: "energy-security-and-resilience" },
  );
  assert.deepEqual(data, expected);
});

test("graphql-request 7 reads a successful answer and reports errors with their codes", async () => {
  const client = new Client7(service.endpoint);
  const data = await client.request(
    gql7`query Theme($theme: String) { sessions(filter: { theme: $theme }) { totalCount nodes { title startsAt(timeZone: "Asia/Tokyo") } } }`,
    { theme: "energy-security-and-resilience" },
  );
  assert.deepEqual(data, expected);
  await assert.rejects(
    client.request(gql7`{ sessions(first: 500) { totalCount } }`),
    (error) => error.response?.errors?.[0]?.extensions?.code === "BAD_USER_INPUT",
  );
});
