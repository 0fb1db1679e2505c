// Subscriptions from a page in Chromium (the one browser harness), with the browser's own
// WebSocket: a page of an allowed origin receives the data revision on subscribe and again
// after a `load-data`; a page of another origin is refused (the origin check, which browsers
// rely on since CORS does not cover WebSockets).
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { after, before, test } from "node:test";

import { browserMissing, launch } from "../lib/browser.js";
import { eventually } from "../lib/eventually.js";
import { loadNewVersion, post, startService } from "../lib/server.js";
import { wsUrl } from "../lib/socket.js";

const missing = browserMissing();
let browser;
let service;
const sites = [];

/** A page that subscribes to dataRevision over graphql-transport-ws and records what it gets. */
function page(socketUrl) {
  return `<!doctype html><meta charset="utf-8"><title>revisions</title><ol id="events"></ol>
<script>
  window.events = [];
  window.socketClosed = null;
  const socket = new WebSocket(${JSON.stringify(socketUrl)}, "graphql-transport-ws");
  socket.onopen = () => socket.send(JSON.stringify({ type: "connection_init" }));
  socket.onmessage = (message) => {
    const data = JSON.parse(message.data);
    if (data.type === "connection_ack") {
      socket.send(JSON.stringify({ id: "r", type: "subscribe",
        payload: { query: "subscription { dataRevision { version loadedAt } }" } }));
    } else if (data.type === "next") {
      window.events.push(data.payload.data.dataRevision);
      const item = document.createElement("li");
      item.textContent = data.payload.data.dataRevision.version;
      document.getElementById("events").append(item);
    }
  };
  socket.onclose = (event) => { window.socketClosed = event.code; };
</script>`;
}

/** Serves `html` on `port` (0: one of its own): an origin of its own. */
async function site(html, port = 0) {
  const server = createServer((_request, response) => {
    response.setHeader("content-type", "text/html; charset=utf-8");
    response.end(html);
  });
  await new Promise((done) => server.listen(port, "127.0.0.1", done));
  sites.push(server);
  return `http://127.0.0.1:${server.address().port}`;
}

let allowed;
let other;
before(async () => {
  if (missing) return;
  // The site's origin is known once it listens; the service starts after with that origin.
  const placeholder = createServer();
  await new Promise((done) => placeholder.listen(0, "127.0.0.1", done));
  const port = placeholder.address().port;
  await new Promise((done) => placeholder.close(done));
  allowed = `http://127.0.0.1:${port}`;
  service = await startService({ WEBSOCKET_ALLOWED_ORIGINS: allowed, DATA_VERSION_MAX_AGE: "200ms" });
  const html = page(wsUrl(service.endpoint));
  await site(html, port);
  other = await site(html);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  for (const server of sites) server.close();
  await service?.stop();
});

function waitFor(tab, predicate, what) {
  return eventually(() => tab.evaluate(predicate), what);
}

test("a page of the allowed origin gets the revision on subscribe and after load-data", { skip: missing ?? false }, async () => {
  const tab = await browser.newPage();
  await tab.goto(`${allowed}/`);
  await waitFor(tab, () => window.events.length === 1, "the first revision");
  const served = (await post(service.endpoint, "{ dataset { version loadedAt } }")).data.dataset;
  assert.deepEqual((await tab.evaluate(() => window.events))[0], served);
  await loadNewVersion(service.databaseUrl, "browser test");
  await waitFor(tab, () => window.events.length === 2, "the second revision");
  const [first, second] = await tab.evaluate(() => window.events);
  assert.notEqual(second.version, first.version);
  assert.equal(await tab.locator("#events li").count(), 2);
  await tab.close();
});

test("a page of another origin is refused", { skip: missing ?? false }, async () => {
  const tab = await browser.newPage();
  await tab.goto(`${other}/`);
  await waitFor(tab, () => window.socketClosed !== null, "the socket's end");
  // The browser reports a refused handshake as an abnormal closure.
  assert.equal(await tab.evaluate(() => window.socketClosed), 1006);
  assert.deepEqual(await tab.evaluate(() => window.events), []);
  const metrics = await (await fetch(`${service.url}/metrics`)).text();
  assert.match(metrics, /^websocket_upgrades_refused_total\{reason="origin"\} 1$/m);
  await tab.close();
});
