// The GraphQL-over-HTTP specification, as the graphql-http package audits a server: every
// MUST, SHOULD and MAY it checks passes (no error, no warning, no notice).
import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { auditServer } from "graphql-http";

import { startService } from "../lib/server.js";

let service;
before(async () => {
  service = await startService();
});
after(() => service.stop());

test("the graphql-http server audit passes with no error, warning or notice", async () => {
  const results = await auditServer({ url: service.endpoint });
  const problems = results
    .filter((result) => result.status !== "ok")
    .map((result) => `${result.status} ${result.id} ${result.name}: ${result.reason}`);
  assert.deepEqual(problems, []);
  assert.ok(results.length > 50, `${results.length} audits ran`);
});
