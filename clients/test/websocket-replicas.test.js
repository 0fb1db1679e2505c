// A subscription across a PostgreSQL replica pair: two services on one database, each with its
// own subscribers; a `load-data` run against the database (by neither service) reaches the
// subscribers of both, as the same new revision. Skipped, with a message, where PostgreSQL is
// not reachable (TEST_DATABASE_URL, as the Rust suite's; .ci/run sets it).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { after, before, test } from "node:test";

import { createClient } from "graphql-ws";
import WebSocket from "ws";

import { events } from "../lib/events.js";
import { loadNewVersion, post, startService } from "../lib/server.js";
import { wsUrl } from "../lib/socket.js";

const server = (process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test")
  .replace(/\/[^/]*$/, "");
const database = `cities_ws_replicas_${process.pid}`;

/** Runs one statement with psql; the failure's message, or null. */
function psql(statement) {
  const run = spawnSync("psql", [`${server}/postgres`, "-qtAc", statement], { encoding: "utf8" });
  if (run.error) return run.error.message;
  return run.status === 0 ? null : run.stderr.trim();
}

const unreachable = psql("SELECT 1");
const replicas = [];
before(async () => {
  if (unreachable) return;
  assert.equal(psql(`CREATE DATABASE ${database}`), null);
  const url = `${server}/${database}`;
  // One after the other: the first migrates and loads, the second finds the data there.
  for (let n = 0; n < 2; n++) {
    replicas.push(await startService({ DATABASE_URL: url, DATA_VERSION_MAX_AGE: "200ms" }));
  }
});
after(async () => {
  for (const replica of replicas) await replica.stop();
  if (!unreachable) psql(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
});

test("a load-data reaches the subscribers of both replicas as one new revision", {
  skip: unreachable ? `PostgreSQL is not reachable at ${server} (${unreachable}): set TEST_DATABASE_URL` : false,
}, async () => {
  const clients = replicas.map((replica) =>
    createClient({ url: wsUrl(replica.endpoint), webSocketImpl: WebSocket }));
  try {
    const queues = clients.map((client) => {
      const queue = events();
      client.subscribe({ query: "subscription { dataRevision { version loadedAt } }" }, queue.sink);
      return queue;
    });
    const first = await Promise.all(queues.map(async (queue) => (await queue.next()).data.dataRevision));
    assert.deepEqual(first[0], first[1], "both replicas serve one load");
    await loadNewVersion(replicas[0].databaseUrl, "replica pair test");
    const second = await Promise.all(queues.map(async (queue) => (await queue.next()).data.dataRevision));
    assert.notEqual(second[0].version, first[0].version);
    assert.deepEqual(second[0], second[1], "both replicas pushed the same revision");
    for (const replica of replicas) {
      const answer = await post(replica.endpoint, "{ dataset { version loadedAt } }");
      assert.deepEqual(answer.data.dataset, second[0]);
    }
  } finally {
    await Promise.all(clients.map((client) => client.dispose()));
  }
});
