// The front-end app of clients/app (Vite + React + Apollo Client 4 + codegen's client preset,
// strict tsc), built here and opened in the one browser harness from another origin, against
// a service that runs codegen's persisted documents only (--trusted-documents-only): the
// programme with its theme filter, a time-zone switch over the local-time fields, "Load more"
// over the README's type policy, a stale theme in the URL, and a session page reached by its
// slug. Expectations come from /schedule.json; screenshots go to $SCREENSHOT_DIR (docs/).
import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import { extname, join, resolve } from "node:path";
import { after, before, test } from "node:test";

import { buildApp } from "../app/build.js";
import { browserMissing, launch } from "../lib/browser.js";
import { eventually } from "../lib/eventually.js";
import { loadNewVersion, startService } from "../lib/server.js";

const missing = browserMissing();
const screenshots = process.env.SCREENSHOT_DIR ?? resolve(import.meta.dirname, "../../docs");
let service;
let browser;
let site;
let siteUrl;
let schedule;

const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css" };

before(async () => {
  if (missing) return;
  const built = await buildApp();
  service = await startService({
    TRUSTED_DOCUMENTS: built.persistedDocuments,
    TRUSTED_DOCUMENTS_ONLY: "true",
    // A reload reaches the open page within this (the live-update test).
    DATA_VERSION_MAX_AGE: "200ms",
  });
  site = createServer((request, response) => {
    const path = new URL(request.url, "http://site").pathname;
    const file = join(built.dist, path === "/" ? "index.html" : path);
    try {
      const body = readFileSync(file);
      response.setHeader("content-type", TYPES[extname(file)] ?? "application/octet-stream");
      response.end(body);
    } catch {
      response.statusCode = 404;
      response.end();
    }
  });
  await new Promise((done) => site.listen(0, "127.0.0.1", done));
  siteUrl = `http://127.0.0.1:${site.address().port}/`;
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

/** A page of the app with the API's endpoint, recording the requests it sends to the API and
 * the WebSocket messages it receives. */
async function open(hash, width = 1280) {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  const problems = [];
  page.on("console", (message) => {
    if (["error", "warning"].includes(message.type())) problems.push(message.text());
  });
  page.on("pageerror", (error) => problems.push(error.message));
  const sent = [];
  page.on("request", (request) => {
    if (request.url().startsWith(service.endpoint)) sent.push(request);
  });
  const received = [];
  page.on("websocket", (socket) => socket.on("framereceived", (frame) => received.push(String(frame.payload))));
  await page.goto(`${siteUrl}?api=${encodeURIComponent(service.endpoint)}${hash}`);
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

test("a reload while the page is open: a notice, and the programme read again", { skip: missing ?? false }, async () => {
  const { page, problems, sent, received } = await open("#/?tz=CET");
  await page.waitForSelector("ol.sessions li");
  // The subscription has its first revision (sent by its persisted id: the service runs trusted
  // documents only) before the data changes.
  await eventually(
    () => received.some((m) => m.includes('"type":"next"')),
    () => `a revision over the socket: ${received.join(" ")}`,
  );
  const before = sent.length;
  await loadNewVersion(service.databaseUrl, "app test");
  await page.waitForSelector("p.notice[role=status]");
  const served = await (await fetch(`${service.url}/export/datapackage.json`)).json();
  assert.equal(
    await page.textContent("p.notice"),
    `The programme was updated (data version ${served.version.slice(0, 12)}); this page shows it now.`,
  );
  // The queries on screen were read again, as persisted documents.
  await eventually(() => sent.length > before, "the programme read again");
  for (const request of sent.slice(before)) {
    assert.match(new URL(request.url()).searchParams.get("documentId") ?? "", /^sha256:[0-9a-f]{64}$/);
  }
  await page.waitForSelector("ol.sessions li");
  await page.screenshot({ path: resolve(screenshots, "app-revision-notice-1280.png") });
  assert.deepEqual(problems, []);
  await page.close();
});
