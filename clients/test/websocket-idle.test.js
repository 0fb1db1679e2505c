// 1,000 idle WebSockets (open, initialised, nothing subscribed) stay within a stated memory
// bound: the service's resident memory grows by less than IDLE_SOCKETS_BOUND_MB for them.
// The figure measured is printed as a test diagnostic (`node --test` shows it).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, test } from "node:test";

import { post, startService } from "../lib/server.js";
import { initialisedSocket } from "../lib/socket.js";

const SOCKETS = 1000;
/** The bound: 16 KiB a socket (the read buffer is 4 KiB; tungstenite's default alone would
 * be 128 KiB, 125 MB for a thousand). */
const IDLE_SOCKETS_BOUND_MB = 16;

let service;
before(async () => {
  service = await startService();
});
after(() => service?.stop());

/** The service's resident set, in bytes (Linux). */
function rss(pid) {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(status.match(/^VmRSS:\s+(\d+) kB$/m)[1]) * 1024;
}

async function openSockets(count) {
  const sockets = [];
  for (let start = 0; start < count; start += 100) {
    const batch = Array.from({ length: Math.min(100, count - start) }, () =>
      initialisedSocket(service.endpoint));
    sockets.push(...(await Promise.all(batch)));
  }
  return sockets;
}

test(`${SOCKETS} idle sockets: resident memory grows by less than ${IDLE_SOCKETS_BOUND_MB} MB`, async (t) => {
  // Warm: the programme built, a socket's code paths touched, so that the baseline holds them.
  await post(service.endpoint, "{ sessions { totalCount } }");
  for (const socket of await openSockets(100)) {
    socket.close();
    await socket.closed;
  }
  await new Promise((r) => setTimeout(r, 200));
  const before = rss(service.pid);
  const sockets = await openSockets(SOCKETS);
  const metrics = await (await fetch(`${service.url}/metrics`)).text();
  assert.match(metrics, new RegExp(`^websocket_sockets_open ${SOCKETS}$`, "m"));
  // Each socket keeps its connection's place among --max-connections, and its count.
  const connections = Number(metrics.match(/^http_connections_open (\d+)$/m)[1]);
  assert.ok(connections >= SOCKETS, `http_connections_open ${connections}`);
  const grown = rss(service.pid) - before;
  t.diagnostic(
    `${SOCKETS} idle sockets: RSS ${(before / 2 ** 20).toFixed(1)} MiB -> ` +
      `${((before + grown) / 2 ** 20).toFixed(1)} MiB, +${(grown / 2 ** 20).toFixed(1)} MiB ` +
      `(${(grown / SOCKETS / 1024).toFixed(1)} KiB a socket)`,
  );
  assert.ok(grown < IDLE_SOCKETS_BOUND_MB * 2 ** 20, `grew by ${grown} bytes`);
  // Still answering, then every socket closes cleanly.
  const answer = await post(service.endpoint, "{ sessions { totalCount } }");
  assert.equal(answer.data.sessions.totalCount, 13);
  await Promise.all(sockets.map((socket) => {
    socket.close();
    return socket.closed;
  }));
});
