// The front-end app of clients/app (Vite + React + Apollo Client 4 + codegen's client preset,
// strict tsc), built here and opened in the one browser harness from another origin, against
// a service that runs codegen's persisted documents only (--trusted-documents-only): the
// programme with its theme filter, a time-zone switch over the local-time fields, "Load more"
// over the README's type policy, a stale theme in the URL, and a session page reached by its
// slug. Expectations come from /schedule.json; screenshots go to $SCREENSHOT_DIR (docs/).
import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { after, before, test } from "node:test";

import { buildApp } from "../app/build.js";
import { browserMissing, launch } from "../lib/browser.js";
import { eventually } from "../lib/eventually.js";
import { startNginx, nginxMissing } from "../lib/nginx.js";
import { loadNewVersion, startService } from "../lib/server.js";
import { serveSite } from "../lib/site.js";

const missing = browserMissing();
const screenshots = process.env.SCREENSHOT_DIR ?? resolve(import.meta.dirname, "../../docs");
let service;
let browser;
let site;
let built;
let siteUrl;
let schedule;

before(async () => {
  if (missing) return;
  built = await buildApp();
  service = await startService({
    TRUSTED_DOCUMENTS: built.persistedDocuments,
    TRUSTED_DOCUMENTS_ONLY: "true",
    // A reload reaches the open page within this (the live-update test).
    DATA_VERSION_MAX_AGE: "200ms",
  });
  site = await serveSite(built.dist);
  siteUrl = site.url;
  browser = await launch();
  // The programme as the feed publishes it: slug, title, theme, start instant, in order.
  const feed = await (await fetch(`${service.url}/schedule.json`)).json();
  schedule = feed.schedule.conference.days.flatMap((day) =>
    Object.values(day.rooms)
      .flat()
      .map((event) => ({
        slug: new URL(event.url).hash.slice(1),
        title: event.title,
        track: event.track,
        start: new Date(event.date),
      })),
  );
  schedule.sort((a, b) => a.start - b.start);
});

after(async () => {
  await browser?.close();
  site?.close();
  await service?.stop();
});

/** `HH:MM` of `instant` in `zone`, as a clock there shows it. */
function clock(instant, zone) {
  return new Intl.DateTimeFormat("en-GB", { timeZone: zone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(instant);
}

/** A page of the app (`path`: "" for the reference app, "urql.html" for the urql page) with the
 * API's `endpoint`, recording the requests it sends to the API, their answers, and the WebSocket
 * messages it receives. */
async function open(hash, width = 1280, { path = "", endpoint = service.endpoint, query = "" } = {}) {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  const problems = [];
  page.on("console", (message) => {
    if (["error", "warning"].includes(message.type())) problems.push(message.text());
  });
  page.on("pageerror", (error) => problems.push(error.message));
  const sent = [];
  page.on("request", (request) => {
    if (request.url().startsWith(endpoint)) sent.push(request);
  });
  const received = [];
  page.on("websocket", (socket) => socket.on("framereceived", (frame) => received.push(String(frame.payload))));
  await page.goto(`${siteUrl}${path}?api=${encodeURIComponent(endpoint)}${query}${hash}`);
  return { page, problems, sent, received };
}

async function shown(page) {
  return page.$$eval("ol.sessions li", (items) =>
    items.map((li) => ({
      slug: li.dataset.slug,
      time: li.querySelector(".time")?.textContent?.trim(),
      // The day heading above the item's list, on its first item only.
      heading: li.previousElementSibling ? null : (li.closest("section")?.querySelector("h2")?.textContent ?? null),
    })),
  );
}

test("the programme pages with Load more, switches zones and filters by theme", { skip: missing ?? false }, async () => {
  const { page, problems, sent } = await open("#/?tz=CET");
  await page.waitForSelector("ol.sessions li");
  let items = await shown(page);
  assert.equal(items.length, 4);
  assert.equal(await page.textContent("main > p"), `${schedule.length} sessions, 4 shown`);
  const first = schedule[0];
  assert.equal(items[0].slug, first.slug);
  assert.ok(items[0].time.startsWith(clock(first.start, "Europe/Brussels")), items[0].time);
  assert.ok(items[0].time.endsWith("CET"), items[0].time);
  assert.equal(items[0].heading, "Day 1: 2023-01-25");

  // Load more keeps page 1 and adds page 2, until the programme is whole, in order.
  for (let expected = 8; ; expected += 4) {
    const button = await page.$("button:text('Load more')");
    if (!button) break;
    await button.click();
    await page.waitForFunction((n) => document.querySelectorAll("ol.sessions li").length >= n, Math.min(expected, schedule.length));
  }
  items = await shown(page);
  assert.deepEqual(items.map((i) => i.slug), schedule.map((s) => s.slug));
  assert.deepEqual(items.filter((i) => i.heading).map((i) => i.heading), ["Day 1: 2023-01-25", "Day 2: 2023-01-26"]);
  mkdirSync(screenshots, { recursive: true });
  await page.screenshot({ path: resolve(screenshots, "app-programme-1280.png"), fullPage: true });

  // JST: the same sessions, Tokyo's clock and abbreviation.
  await page.click("button:text-is('JST')");
  await page.waitForFunction(() => document.querySelector("ol.sessions li .time")?.textContent?.includes("JST"));
  items = await shown(page);
  assert.ok(items[0].time.startsWith(clock(first.start, "Asia/Tokyo")), items[0].time);
  assert.equal(new URL(page.url()).hash, "#/?tz=JST");

  // A theme: only its sessions.
  const track = schedule.find((s) => s.track)?.track;
  await page.selectOption("select[aria-label=Theme]", { label: track });
  const wanted = schedule.filter((s) => s.track === track).map((s) => s.slug);
  await page.waitForFunction((n) => document.querySelectorAll("ol.sessions li").length === n, wanted.length);
  assert.deepEqual((await shown(page)).map((i) => i.slug), wanted);
  await page.screenshot({ path: resolve(screenshots, "app-programme-theme-jst-1280.png"), fullPage: true });

  // Every request went out as a persisted document: a GET with a documentId, no text.
  assert.ok(sent.length >= 5);
  for (const request of sent) {
    const url = new URL(request.url());
    assert.equal(request.method(), "GET");
    assert.match(url.searchParams.get("documentId") ?? "", /^sha256:[0-9a-f]{64}$/);
    assert.equal(url.searchParams.get("query"), null);
  }
  assert.deepEqual(problems, []);
  await page.close();
});

test("a stale theme in the URL shows every session with a notice", { skip: missing ?? false }, async () => {
  const { page, problems } = await open("#/?theme=energy&tz=CET");
  await page.waitForSelector("ol.sessions li");
  assert.match(await page.textContent(".notice"), /“energy” is not on the programme/);
  assert.equal(await page.textContent("main > p:not(.notice)"), `${schedule.length} sessions, 4 shown`);
  assert.deepEqual(problems, []);
  await page.close();
});

test("a session page is reached by its slug, at phone width too", { skip: missing ?? false }, async () => {
  const { page, problems } = await open("#/?tz=JST", 360);
  await page.waitForSelector("ol.sessions li");
  const target = schedule[2];
  await page.click(`li[data-slug="${target.slug}"] a`);
  await page.waitForSelector("article h1");
  assert.equal(new URL(page.url()).hash, `#/session/${target.slug}?tz=JST`);
  assert.equal(await page.textContent("article h1"), target.title);
  assert.match(await page.textContent("article .time"), /JST \(Asia\/Tokyo\)/);
  assert.ok((await page.$$("ul[aria-label=Speakers] li")).length > 0);
  await page.screenshot({ path: resolve(screenshots, "app-session-360.png"), fullPage: true });
  // A slug of nothing: the page says so.
  await page.evaluate(() => {
    window.location.hash = "#/session/day9-panel-9";
  });
  await page.waitForSelector("p[role=status]");
  assert.match(await page.textContent("p[role=status]"), /No session has the slug “day9-panel-9”/);
  assert.deepEqual(problems, []);
  await page.close();
});

/** The data version the service serves now, short, and its revision token: the app's own
 * stored `DatasetVersion` query, by its id (the service runs trusted documents only), read by
 * Node past every cache. */
async function served() {
  const manifest = JSON.parse(readFileSync(built.persistedDocuments, "utf8"));
  const [id] = Object.entries(manifest).find(([, text]) => text.startsWith("query DatasetVersion"));
  const url = `${service.endpoint}?documentId=${encodeURIComponent(id)}`;
  const body = await (await fetch(url, { cache: "no-store" })).json();
  return body.data.dataset;
}

/** Opens a page, reloads the data while it is open, and checks that the page says so and shows
 * the new version, refetched over GET; returns the page's record. `pageRevisions`: whether the
 * page addresses its GETs by revision (`?revision=off` turns that off: the plain GETs of a
 * client that changed nothing, revalidated through the browser's cache). */
async function followsALoad(t, { path, endpoint, notice, pageRevisions = true, query = "", screenshot = null }) {
  const opened = await open(path ? "" : "#/?tz=CET", 1280, { path, endpoint, query });
  const { page, problems, sent, received } = opened;
  const before = await served();
  await page.waitForFunction((v) => document.querySelector(".data-version")?.textContent === v, before.shortVersion);
  // The subscription has its first revision (sent by its persisted id: the service runs trusted
  // documents only) before the data changes.
  await eventually(
    () => received.some((m) => m.includes(before.revision)),
    () => `the revision over the socket: ${received.join(" ")}`,
  );
  const sentBefore = sent.length;
  await loadNewVersion(service.databaseUrl, `${path || "app"} test`);
  // The service reads the data version at most every 200 ms (DATA_VERSION_MAX_AGE).
  let after = before;
  await eventually(async () => (after = await served()).shortVersion !== before.shortVersion, "the new version served");
  await eventually(() => received.some((m) => m.includes(after.revision)), "the new revision over the socket");
  const eventAt = Date.now();
  await page.waitForFunction((v) => document.querySelector(".data-version")?.textContent === v, after.shortVersion);
  t.diagnostic(`new version shown ${Date.now() - eventAt} ms after the event reached the test`);
  assert.equal(await page.textContent("p.notice"), notice(after.shortVersion));
  // The queries on screen were read again over GET, as persisted documents, at the new
  // revision (or, with revisions off, at the plain URL, revalidated).
  const refetched = sent.slice(sentBefore);
  assert.ok(refetched.length >= 1, "the page read its queries again");
  for (const request of refetched) {
    const url = new URL(request.url());
    assert.equal(request.method(), "GET");
    assert.ok(!url.searchParams.has("query"), `no text: ${url}`);
    assert.equal(url.searchParams.get("revision"), pageRevisions ? after.revision : null, String(url));
  }
  const cacheControls = await Promise.all(
    refetched.map(async (request) => (await request.response())?.headerValue("cache-control")),
  );
  if (screenshot) await page.screenshot({ path: resolve(screenshots, screenshot) });
  assert.deepEqual(problems, [], "no console error or warning (graphcache's included)");
  await page.close();
  return { cacheControls };
}

const appNotice = (version) => `The programme was updated (data version ${version}); this page shows it now.`;
const urqlNotice = (version) => `The programme was updated (data version ${version}).`;

test("the reference app follows a load: the notice, the new version, refetched at the new revision", { skip: missing ?? false }, async (t) => {
  const { cacheControls } = await followsALoad(t, {
    path: "",
    endpoint: service.endpoint,
    notice: appNotice,
    screenshot: "app-revision-notice-1280.png",
  });
  for (const value of cacheControls) assert.equal(value, "public, max-age=31536000, immutable");
});

test("the urql page (graphcache, persisted documents, graphql-ws) follows a load", { skip: missing ?? false }, async (t) => {
  await followsALoad(t, { path: "urql.html", endpoint: service.endpoint, notice: urqlNotice });
});

test("a page that does not address its GETs by revision still sees the load (no-cache)", { skip: missing ?? false }, async (t) => {
  const { cacheControls } = await followsALoad(t, {
    path: "urql.html",
    endpoint: service.endpoint,
    notice: urqlNotice,
    pageRevisions: false,
    query: "&revision=off",
  });
  for (const value of cacheControls) assert.equal(value, "public, no-cache");
});

test("through nginx with deploy/nginx.conf: both pages follow a load", { skip: missing ?? nginxMissing() ?? false }, async (t) => {
  const proxy = await startNginx(service.url);
  try {
    await followsALoad(t, { path: "", endpoint: proxy.endpoint, notice: appNotice });
    await followsALoad(t, { path: "urql.html", endpoint: proxy.endpoint, notice: urqlNotice });
    await followsALoad(t, {
      path: "urql.html",
      endpoint: proxy.endpoint,
      notice: urqlNotice,
      pageRevisions: false,
      query: "&revision=off",
    });
  } finally {
    await proxy.stop();
  }
});
