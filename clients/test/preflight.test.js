// Browsers' GraphQL clients send client-awareness and tracing headers: their CORS preflight
// must succeed.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { startService } from "../lib/server.js";

let service;
before(async () => {
  service = await startService();
});
after(() => service.stop());

const clientHeaders = [
  "content-type",
  "apollographql-client-name",
  "apollographql-client-version",
  "traceparent",
  "baggage",
  "sentry-trace",
  "authorization",
];

test("a preflight with Apollo's client-awareness and tracing headers is allowed", async () => {
  const response = await fetch(service.endpoint, {
    method: "OPTIONS",
    headers: {
      origin: "https://partner.example",
      "access-control-request-method": "POST",
      "access-control-request-headers": clientHeaders.join(","),
    },
  });
  assert.ok(response.ok, `status ${response.status}`);
  assert.equal(response.headers.get("access-control-allow-origin"), "*");
  const allowed = (response.headers.get("access-control-allow-headers") ?? "")
    .split(",")
    .map((h) => h.trim().toLowerCase());
  for (const header of clientHeaders) assert.ok(allowed.includes(header), `${header} not in ${allowed}`);
});
