// Subscriptions over WebSocket with real clients: graphql-ws (graphql-transport-ws), Apollo
// Client's GraphQLWsLink, and the legacy graphql-ws protocol (subscriptions-transport-ws)
// spoken by hand. Each receives the data revision on subscribe and the new one after a
// `load-data`; queries run over the socket too; trusted documents apply; SIGTERM closes the
// socket with 1001 and the process exits 0.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";

import { ApolloClient, InMemoryCache, gql } from "@apollo/client";
import { GraphQLWsLink } from "@apollo/client/link/subscriptions";
import { createClient } from "graphql-ws";
import WebSocket from "ws";

import { events } from "../lib/events.js";
import { loadNewVersion, post, startService } from "../lib/server.js";
import { initialisedSocket, openSocket, wsUrl } from "../lib/socket.js";

const REVISION = "subscription Revision { dataRevision { version shortVersion loadedAt } }";

let service;
before(async () => {
  // A reload is seen within --data-version-max-age: short here, so that the test is short.
  service = await startService({ DATA_VERSION_MAX_AGE: "200ms" });
});
after(() => service?.stop());

/** The dataset as HTTP serves it now. */
async function served() {
  const answer = await post(service.endpoint, "{ dataset { version shortVersion loadedAt } }");
  return answer.data.dataset;
}

test("graphql-ws: the revision on subscribe, then the new one after load-data", async () => {
  const client = createClient({ url: wsUrl(service.endpoint), webSocketImpl: WebSocket });
  try {
    const queue = events();
    const unsubscribe = client.subscribe({ query: REVISION }, queue.sink);
    const first = (await queue.next()).data.dataRevision;
    assert.deepEqual(first, await served());
    assert.equal(first.shortVersion, first.version.slice(0, 12));
    await loadNewVersion(service.databaseUrl, "graphql-ws test");
    const second = (await queue.next()).data.dataRevision;
    assert.notEqual(second.version, first.version);
    assert.ok(Date.parse(second.loadedAt) >= Date.parse(first.loadedAt));
    assert.deepEqual(second, await served(), "the pushed revision is the one HTTP now serves");
    unsubscribe();
  } finally {
    await client.dispose();
  }
});

test("Apollo Client's GraphQLWsLink: the revision on subscribe, then after load-data", async () => {
  const wsClient = createClient({ url: wsUrl(service.endpoint), webSocketImpl: WebSocket });
  const apollo = new ApolloClient({ link: new GraphQLWsLink(wsClient), cache: new InMemoryCache() });
  try {
    const queue = events();
    const subscription = apollo
      .subscribe({ query: gql(REVISION) })
      .subscribe({ next: (result) => queue.sink.next(result), error: queue.sink.error });
    const first = (await queue.next()).data.dataRevision;
    assert.equal(first.__typename, "Dataset");
    assert.equal(first.version, (await served()).version);
    await loadNewVersion(service.databaseUrl, "Apollo test");
    const second = (await queue.next()).data.dataRevision;
    assert.notEqual(second.version, first.version);
    assert.equal(second.version, (await served()).version);
    subscription.unsubscribe();
  } finally {
    await wsClient.dispose();
  }
});

test("the legacy graphql-ws protocol (subscriptions-transport-ws): ack, data, stop", async () => {
  const open = await openSocket(service.endpoint, { protocol: "graphql-ws" });
  assert.equal(open.protocol, "graphql-ws");
  open.send({ type: "connection_init", payload: {} });
  assert.deepEqual(await open.next(), { type: "connection_ack" });
  open.send({ type: "start", id: "1", payload: { query: REVISION } });
  const data = await open.next();
  assert.equal(data.type, "data");
  assert.equal(data.id, "1");
  assert.equal(data.payload.data.dataRevision.version, (await served()).version);
  open.send({ type: "stop", id: "1" });
  assert.deepEqual(await open.next(), { type: "complete", id: "1" });
  open.send({ type: "connection_terminate" });
  assert.equal((await open.closed).code, 1005, "terminated by the client: a close without a code");
});

test("a client listing both protocols is answered with its first, and spoken to in it", async () => {
  for (const [listed, protocol, data] of [
    [["graphql-ws", "graphql-transport-ws"], "graphql-ws", "data"],
    [["graphql-transport-ws", "graphql-ws"], "graphql-transport-ws", "next"],
  ]) {
    const open = await openSocket(service.endpoint, { protocol: listed });
    assert.equal(open.protocol, protocol);
    open.send({ type: "connection_init" });
    assert.deepEqual(await open.next(), { type: "connection_ack" });
    open.send({ type: protocol === "graphql-ws" ? "start" : "subscribe", id: "1", payload: { query: REVISION } });
    assert.equal((await open.next()).type, data);
    open.close();
    await open.closed;
  }
});

test("a query over the socket: one answer, written in the selection's order, then complete", async () => {
  const client = createClient({ url: wsUrl(service.endpoint), webSocketImpl: WebSocket });
  try {
    const queue = events();
    client.subscribe({ query: "{ sessions(first: 2) { totalCount nodes { title slug } } }" }, queue.sink);
    const answer = await queue.next();
    assert.equal(answer.data.sessions.totalCount, 13);
    assert.deepEqual(Object.keys(answer.data.sessions.nodes[0]), ["title", "slug"]);
    assert.equal(answer.data.sessions.nodes[0].slug, "day1-opening");
  } finally {
    await client.dispose();
  }
});

test("an operation refused before execution: one `error` message with its code, no complete", async () => {
  const open = await initialisedSocket(service.endpoint);
  const cases = [
    ["subscription { dataRevision { version", "GRAPHQL_PARSE_FAILED"],
    ["subscription { dataRevision { nothing } }", "GRAPHQL_VALIDATION_FAILED"],
    // A subscription selects one root field.
    ["subscription { dataRevision { version } again: dataRevision { loadedAt } }", "GRAPHQL_VALIDATION_FAILED"],
    ["subscription { __typename }", "GRAPHQL_VALIDATION_FAILED"],
  ];
  for (const [index, [query, code]] of cases.entries()) {
    open.send({ type: "subscribe", id: String(index), payload: { query } });
    const answer = await open.next();
    assert.equal(answer.type, "error", JSON.stringify(answer));
    assert.equal(answer.id, String(index));
    assert.equal(answer.payload[0].extensions.code, code, JSON.stringify(answer));
  }
  // Nothing followed the errors (no `complete`): the next message is this query's answer.
  open.send({ type: "subscribe", id: "after", payload: { query: "{ event { name } }" } });
  const answer = await open.next();
  assert.equal(answer.id, "after", JSON.stringify(answer));
  assert.equal(answer.type, "next");
  open.close();
  await open.closed;
});

test("trusted documents only: an unlisted subscription is refused, a listed one runs by its hash", async () => {
  const dir = mkdtempSync(join(tmpdir(), "cities-api-trusted-"));
  const hash = createHash("sha256").update(REVISION).digest("hex");
  const manifest = join(dir, "documents.json");
  writeFileSync(manifest, JSON.stringify({ [`sha256:${hash}`]: REVISION }));
  const trusted = await startService({ TRUSTED_DOCUMENTS: manifest, TRUSTED_DOCUMENTS_ONLY: "true" });
  try {
    const open = await initialisedSocket(trusted.endpoint);
    open.send({ type: "subscribe", id: "text", payload: { query: "subscription { dataRevision { version } }" } });
    const refused = await open.next();
    assert.deepEqual([refused.type, refused.id], ["error", "text"]);
    assert.equal(refused.payload[0].extensions.code, "PERSISTED_QUERY_NOT_IN_LIST");
    open.send({
      type: "subscribe",
      id: "listed",
      payload: { extensions: { persistedQuery: { version: 1, sha256Hash: hash } } },
    });
    const answer = await open.next();
    assert.equal(answer.id, "listed");
    assert.match(answer.payload.data.dataRevision.version, /^[0-9a-f]{64}$/);
    open.close();
    await open.closed;
  } finally {
    await trusted.stop();
  }
});

test("SIGTERM: an open subscription's socket is closed with 1001, the process exits 0", async () => {
  const stopping = await startService();
  const open = await initialisedSocket(stopping.endpoint);
  open.send({ type: "subscribe", id: "1", payload: { query: REVISION } });
  assert.equal((await open.next()).type, "next");
  const [exit, closed] = await Promise.all([stopping.stop(), open.closed]);
  assert.deepEqual(closed, { code: 1001, reason: "the service is stopping" });
  assert.deepEqual(exit, { code: 0, signal: null });
});
