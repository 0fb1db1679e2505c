// deploy/nginx.conf's cache in front of the service (the same file, pointed at a test service
// by lib/nginx.js): plain GETs are `public, no-cache`, so nginx keeps none and every request
// sees the data served now; a GET that names the served revision is `immutable`, kept and
// answered from the cache; errors are never kept.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { nginxMissing, startNginx } from "../lib/nginx.js";
import { loadNewVersion, startService } from "../lib/server.js";

const missing = nginxMissing();
let service;
let proxy;

before(async () => {
  if (missing) return;
  service = await startService({ DATA_VERSION_MAX_AGE: "0s" });
  proxy = await startNginx(service.url);
});

after(async () => {
  await proxy?.stop();
  await service?.stop();
});

const DATASET = "/graphql?query=" + encodeURIComponent("{ dataset { shortVersion revision } }");

/** GETs `path` through nginx: status, cache status, Cache-Control and the parsed body. */
async function viaNginx(path) {
  const response = await fetch(`${proxy.url}${path}`);
  return {
    status: response.status,
    cache: response.headers.get("x-cache-status"),
    cacheControl: response.headers.get("cache-control"),
    version: response.headers.get("dataset-version"),
    body: await response.json(),
  };
}

test("plain GETs are never kept, so a load is seen by the next request", { skip: missing ?? false }, async () => {
  const first = await viaNginx(DATASET);
  const again = await viaNginx(DATASET);
  for (const answer of [first, again]) {
    assert.equal(answer.status, 200);
    assert.equal(answer.cacheControl, "public, no-cache");
    assert.notEqual(answer.cache, "HIT");
  }
  await loadNewVersion(service.databaseUrl, "nginx test");
  const next = await viaNginx(DATASET);
  assert.notEqual(next.body.data.dataset.shortVersion, first.body.data.dataset.shortVersion);
  assert.notEqual(next.cache, "HIT");
  assert.ok(first.version, "Dataset-Version passes through nginx");
  assert.notEqual(next.version, first.version);
});

test("a GET at the served revision is kept by nginx and answered from its cache", { skip: missing ?? false }, async () => {
  const { revision, shortVersion } = (await viaNginx(DATASET)).body.data.dataset;
  const addressed = `${DATASET}&revision=${revision}`;
  const first = await viaNginx(addressed);
  assert.equal(first.cacheControl, "public, max-age=31536000, immutable");
  assert.equal(first.cache, "MISS");
  const second = await viaNginx(addressed);
  assert.equal(second.cache, "HIT");
  assert.deepEqual(second.body, first.body);
  assert.equal(second.body.data.dataset.shortVersion, shortVersion);

  // After a load, the old URL still names the old revision's answer (content-addressed); the
  // new token is a new URL, read from the service once, then from the cache.
  await loadNewVersion(service.databaseUrl, "nginx test");
  const current = (await viaNginx(DATASET)).body.data.dataset;
  assert.notEqual(current.revision, revision);
  assert.equal((await viaNginx(addressed)).body.data.dataset.shortVersion, shortVersion);
  const fresh = `${DATASET}&revision=${current.revision}`;
  assert.equal((await viaNginx(fresh)).cache, "MISS");
  const kept = await viaNginx(fresh);
  assert.equal(kept.cache, "HIT");
  assert.equal(kept.body.data.dataset.shortVersion, current.shortVersion);

  // A token this service does not serve: its own data, no-store, never kept.
  for (let i = 0; i < 2; i++) {
    const other = await viaNginx(`${DATASET}&revision=0123456789abcdef`);
    assert.equal(other.cacheControl, "no-store");
    assert.notEqual(other.cache, "HIT");
  }
});

test("failing documents are never kept, whatever they name", { skip: missing ?? false }, async () => {
  const { revision } = (await viaNginx(DATASET)).body.data.dataset;
  const failing = `/graphql?query=${encodeURIComponent("{ nope }")}&revision=${revision}`;
  for (let i = 0; i < 2; i++) {
    const answer = await viaNginx(failing);
    assert.equal(answer.cacheControl, "no-store");
    assert.notEqual(answer.cache, "HIT");
    assert.equal(answer.body.errors[0].extensions.code, "GRAPHQL_VALIDATION_FAILED");
  }
});
