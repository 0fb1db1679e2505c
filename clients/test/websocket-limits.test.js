// Each limit of the WebSocket transport, refused as documented and counted in /metrics: the
// origin check, the subprotocol, the socket cap, the cap on operations per socket, the
// connection_init timeout, keep-alive pings and their deadline, the message size, and the
// operation limits of queries applied to subscription documents.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { startService } from "../lib/server.js";
import { eventually } from "../lib/eventually.js";
import { initialisedSocket, openSocket } from "../lib/socket.js";

const REVISION = "subscription { dataRevision { version } }";
const PARTNER = "https://partner.example";

let service;
before(async () => {
  service = await startService({
    WEBSOCKET_ALLOWED_ORIGINS: PARTNER,
    WEBSOCKET_MAX_SOCKETS: "3",
    WEBSOCKET_MAX_SUBSCRIPTIONS: "2",
    // Short, so that the tests are short; long enough that a busy machine's pauses do not
    // close the sockets of the other tests.
    WEBSOCKET_INIT_TIMEOUT: "1s",
    WEBSOCKET_PING_INTERVAL: "1s",
    WEBSOCKET_MAX_MESSAGE_BYTES: "1024",
    MAX_ALIASES: "2",
  });
});
after(() => service?.stop());

async function metrics() {
  return (await fetch(`${service.url}/metrics`)).text();
}

/** The value of a metric line (0 when absent). */
function metric(text, line) {
  const found = text.split("\n").find((l) => l.startsWith(`${line} `));
  return found ? Number(found.split(" ").pop()) : 0;
}

/** Subscribes `query` as `id` on `open` and checks that it is refused by `limit`. */
async function assertLimited(open, id, query, limit) {
  open.send({ type: "subscribe", id, payload: { query } });
  const refused = await open.next();
  assert.deepEqual([refused.type, refused.id], ["error", id]);
  const { code, limit: named } = refused.payload[0].extensions;
  assert.deepEqual([code, named], ["OPERATION_LIMIT_EXCEEDED", limit]);
}

test("origin: a page of another origin is refused with 403 FORBIDDEN; the listed one and non-browsers pass", async () => {
  const refused = await openSocket(service.endpoint, { origin: "https://elsewhere.example" });
  assert.equal(refused.refused.status, 403);
  assert.equal(refused.refused.body.errors[0].extensions.code, "FORBIDDEN");
  for (const origin of [PARTNER, undefined]) {
    const open = await initialisedSocket(service.endpoint, { origin });
    open.close();
    await open.closed;
  }
  assert.equal(metric(await metrics(), 'websocket_upgrades_refused_total{reason="origin"}'), 1);
});

test("subprotocol: a socket that names none the service speaks is refused with 400", async () => {
  for (const protocol of [null, "mqtt"]) {
    const refused = await openSocket(service.endpoint, { protocol });
    assert.equal(refused.refused?.status, 400, JSON.stringify(refused.refused));
    assert.equal(refused.refused.body.errors[0].extensions.code, "BAD_REQUEST");
  }
});

test("sockets: past --websocket-max-sockets an upgrade is 503 SERVICE_OVERLOADED, limit sockets", async () => {
  const open = [];
  for (let i = 0; i < 3; i++) open.push(await initialisedSocket(service.endpoint));
  const refused = await openSocket(service.endpoint);
  assert.equal(refused.refused.status, 503);
  assert.equal(refused.refused.headers["retry-after"], "1");
  const error = refused.refused.body.errors[0];
  assert.deepEqual([error.extensions.code, error.extensions.limit], ["SERVICE_OVERLOADED", "sockets"]);
  assert.equal(metric(await metrics(), "websocket_sockets_open"), 3);
  open[0].close();
  await open[0].closed;
  await eventually(async () => metric(await metrics(), "websocket_sockets_open") === 2, "a place freed", 100);
  open.push(await initialisedSocket(service.endpoint));
  for (const socket of open.slice(1)) {
    socket.close();
    await socket.closed;
  }
  assert.equal(metric(await metrics(), 'limit_rejections_total{limit="sockets"}'), 1);
  await eventually(async () => metric(await metrics(), "websocket_sockets_open") === 0, "all closed", 100);
});

test("subscriptions: past --websocket-max-subscriptions on one socket, OPERATION_LIMIT_EXCEEDED", async () => {
  const open = await initialisedSocket(service.endpoint);
  for (const id of ["1", "2"]) {
    open.send({ type: "subscribe", id, payload: { query: REVISION } });
    assert.equal((await open.next()).type, "next");
  }
  await assertLimited(open, "3", REVISION, "subscriptions");
  assert.equal(metric(await metrics(), "websocket_subscriptions_active"), 2);
  // Completing one frees its place.
  open.send({ type: "complete", id: "1" });
  assert.deepEqual(await open.next(), { type: "complete", id: "1" });
  open.send({ type: "subscribe", id: "4", payload: { query: REVISION } });
  const admitted = await open.next();
  assert.deepEqual([admitted.type, admitted.id], ["next", "4"]);
  open.close();
  await open.closed;
  assert.equal(metric(await metrics(), 'limit_rejections_total{limit="subscriptions"}'), 1);
  await eventually(async () => metric(await metrics(), "websocket_subscriptions_active") === 0, "released", 100);
});

test("connection_init timeout: a socket that never sends it is closed with 4408", async () => {
  const open = await openSocket(service.endpoint);
  assert.deepEqual(await open.closed, { code: 4408, reason: "Connection initialisation timeout" });
  assert.equal(metric(await metrics(), 'websocket_sockets_closed_total{reason="init_timeout"}'), 1);
});

test("keep-alive: pings every interval; a socket that answers stays open, one that does not is closed with 3008", async () => {
  // The silent socket is closed at the second ping (2 s); the other has seen two by then.
  const answering = await initialisedSocket(service.endpoint);
  const silent = await initialisedSocket(service.endpoint, { autoPong: false });
  assert.deepEqual(await silent.closed, { code: 3008, reason: "no answer to ping" });
  await eventually(() => answering.pings() >= 2, "two pings", 100);
  assert.equal(answering.socket.readyState, answering.socket.OPEN);
  answering.close();
  await answering.closed;
  assert.equal(metric(await metrics(), 'websocket_sockets_closed_total{reason="ping_timeout"}'), 1);
});

test("message size: a message over --websocket-max-message-bytes closes the socket with 1009", async () => {
  const open = await initialisedSocket(service.endpoint);
  const query = `subscription { dataRevision { version } } # ${"x".repeat(2000)}`;
  open.send({ type: "subscribe", id: "1", payload: { query } });
  assert.equal((await open.closed).code, 1009);
  const text = await metrics();
  assert.equal(metric(text, 'limit_rejections_total{limit="messageBytes"}'), 1);
  assert.equal(metric(text, 'websocket_sockets_closed_total{reason="message_too_big"}'), 1);
});

test("operation limits apply to subscription documents (aliases)", async () => {
  const open = await initialisedSocket(service.endpoint);
  await assertLimited(open, "aliases", "subscription { dataRevision { a: version b: version c: version } }", "aliases");
  open.close();
  await open.closed;
  const text = await metrics();
  assert.equal(metric(text, 'limit_rejections_total{limit="aliases"}'), 1);
  assert.ok(metric(text, 'websocket_sockets_closed_total{reason="client"}') >= 5);
});

test("rate: each operation on a socket counts against its client's --rate-limit-per-second", async () => {
  const limited = await startService({ RATE_LIMIT_PER_SECOND: "1", RATE_LIMIT_BURST: "1" });
  try {
    // The upgrade took the burst's one request; the operations, sent at once, find none left.
    const open = await initialisedSocket(limited.endpoint);
    for (let id = 0; id < 5; id++) open.send({ type: "subscribe", id: String(id), payload: { query: "{ event { name } }" } });
    const answers = [];
    while (answers.filter((a) => a.type !== "complete").length < 5) answers.push(await open.next());
    const refused = answers.filter((answer) => answer.type === "error");
    assert.ok(refused.length >= 1, JSON.stringify(answers));
    assert.equal(refused[0].payload[0].extensions.code, "RATE_LIMITED");
    open.close();
    await open.closed;
  } finally {
    await limited.stop();
  }
});
