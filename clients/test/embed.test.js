// The embeddable widget in headless Chromium, as a partner site shows it: in an <iframe> of
// another origin, at desktop width and at 320 px, light and dark, with times in the zone the
// query names. Reads the rendered DOM; a screenshot of each width goes to $SCREENSHOT_DIR
// (default: docs/).
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { createServer } from "node:http";
import { resolve } from "node:path";
import { after, before, test } from "node:test";

import { browserMissing, launch } from "../lib/browser.js";
import { startService } from "../lib/server.js";

const missing = browserMissing();
const screenshots = process.env.SCREENSHOT_DIR ?? resolve(import.meta.dirname, "../../docs");
let service;
let browser;
let partner;
let partnerUrl;

before(async () => {
  if (missing) return;
  service = await startService();
  browser = await launch();
  // A partner's page on another origin that frames the widget.
  partner = createServer((request, response) => {
    const query = new URL(request.url, "http://partner").search;
    response.setHeader("content-type", "text/html; charset=utf-8");
    response.end(`<!doctype html><html lang="en"><title>Partner</title>
      <body style="margin:0"><iframe title="Programme" src="${service.url}/embed${query}"
      style="border:0;width:100%;height:100vh"></iframe></body></html>`);
  });
  await new Promise((done) => partner.listen(0, "127.0.0.1", done));
  partnerUrl = `http://127.0.0.1:${partner.address().port}`;
});
after(async () => {
  await browser?.close();
  await service?.stop();
  partner?.close();
});

/** Opens the widget inside the partner's page; returns the page, its frame and what it saw. */
async function openFramed(query, { width, colorScheme = "light" }) {
  const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme });
  const page = await context.newPage();
  const seen = { offsite: [], violations: [], errors: [] };
  page.on("request", (request) => {
    const url = request.url();
    if (!url.startsWith(service.url) && !url.startsWith(partnerUrl)) seen.offsite.push(url);
  });
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to/.test(message.text())) seen.violations.push(message.text());
  });
  page.on("pageerror", (error) => seen.errors.push(error.message));
  await page.goto(`${partnerUrl}/${query}`);
  const frame = await (await page.waitForSelector("iframe")).contentFrame();
  await frame.waitForSelector("main");
  return { context, page, frame, seen };
}

/** What the widget shows: sessions with their title and the text and datetime of their times. */
function readProgramme(frame) {
  return frame.evaluate(() =>
    [...document.querySelectorAll("li.session")].map((item) => ({
      title: item.querySelector("h3").textContent.trim(),
      when: item.querySelector(".when").textContent.trim(),
      datetimes: [...item.querySelectorAll("time")].map((time) => time.getAttribute("datetime")),
      speakers: item.querySelectorAll("li.speaker").length,
      isBreak: item.classList.contains("break"),
      material: item.querySelectorAll(".material").length,
    })),
  );
}

test("in Tokyo time: 13 sessions, Panel 1 at 17:45–18:40, 29 speaker entries, breaks as breaks", { skip: missing ?? false }, async () => {
  const { context, page, frame, seen } = await openFramed("?tz=Asia/Tokyo", { width: 1280 });
  const sessions = await readProgramme(frame);
  assert.equal(sessions.length, 13);
  const panel = sessions.find((s) => s.title.startsWith("Panel 1"));
  assert.equal(panel.when, "17:45–18:40");
  assert.deepEqual(panel.datetimes, ["2023-01-25T17:45:00+09:00", "2023-01-25T18:40:00+09:00"]);
  assert.equal(panel.speakers, 4);
  assert.equal(panel.material, 4, "each Panel 1 speaker has presentation material");
  assert.equal(sessions.reduce((sum, s) => sum + s.speakers, 0), 29);
  const breaks = sessions.filter((s) => s.isBreak);
  assert.deepEqual(breaks.map((s) => [s.title, s.speakers]), [["Break", 0], ["Break", 0]]);
  // Accessible structure: language, one h1, a heading per day, lists of sessions.
  const structure = await frame.evaluate(() => ({
    lang: document.documentElement.lang,
    h1: document.querySelectorAll("h1").length,
    days: [...document.querySelectorAll("main h2")].map((h) => h.textContent),
    lists: document.querySelectorAll("main ol.sessions > li").length,
    current: document.querySelector('.zones a[aria-current="true"]').textContent,
  }));
  assert.deepEqual(structure, {
    lang: "en",
    h1: 1,
    days: ["Wednesday 25 January 2023", "Thursday 26 January 2023"],
    lists: 13,
    current: "JST",
  });
  assert.deepEqual(await context.cookies(), [], "no cookie");
  mkdirSync(screenshots, { recursive: true });
  await page.screenshot({ path: resolve(screenshots, "embed-desktop.png") });
  assert.deepEqual(seen, { offsite: [], violations: [], errors: [] });
  await context.close();
});

test("the zone switch and the filters work in the page", { skip: missing ?? false }, async () => {
  const { context, frame, seen } = await openFramed("?tz=Asia/Tokyo", { width: 1024 });
  await Promise.all([frame.waitForNavigation(), frame.click(".zones a:text('CET')")]);
  let sessions = await readProgramme(frame);
  assert.equal(sessions.find((s) => s.title.startsWith("Panel 1")).when, "09:45–10:40");
  // The day filter applies on change (the page's one script), keeping the zone.
  await Promise.all([frame.waitForNavigation(), frame.selectOption("select[name=day]", "2023-01-26")]);
  sessions = await readProgramme(frame);
  assert.equal(sessions.length, 6);
  assert.ok(frame.url().includes("tz=Europe%2FBrussels"), frame.url());
  await Promise.all([
    frame.waitForNavigation(),
    frame.selectOption("select[name=theme]", "smart-city-and-innovation"),
  ]);
  sessions = await readProgramme(frame);
  assert.deepEqual(sessions.map((s) => [s.title, s.when]), [["Panel 3 Smart City and Innovation", "09:10–10:05"]]);
  assert.deepEqual(seen, { offsite: [], violations: [], errors: [] });
  await context.close();
});

test("?day=2023-01-26 shows 6 sessions; at 320 px nothing overflows", { skip: missing ?? false }, async () => {
  const { context, page, frame, seen } = await openFramed("?tz=Asia/Tokyo&day=2023-01-26", { width: 320 });
  const sessions = await readProgramme(frame);
  assert.equal(sessions.length, 6);
  assert.ok(sessions.every((s) => s.datetimes.every((d) => d.startsWith("2023-01-26T"))));
  const widths = await frame.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }));
  assert.ok(widths.scroll <= widths.client, `no horizontal scrolling: ${JSON.stringify(widths)}`);
  await page.screenshot({ path: resolve(screenshots, "embed-320.png") });
  assert.deepEqual(seen, { offsite: [], violations: [], errors: [] });
  await context.close();
});

test("dark mode follows prefers-color-scheme", { skip: missing ?? false }, async () => {
  const background = async (colorScheme) => {
    const { context, frame } = await openFramed("", { width: 800, colorScheme });
    const color = await frame.evaluate(() => getComputedStyle(document.body).backgroundColor);
    return { context, color };
  };
  const light = await background("light");
  const dark = await background("dark");
  assert.equal(light.color, "rgb(255, 255, 255)");
  assert.notEqual(dark.color, light.color);
  const page = dark.context.pages()[0];
  await page.screenshot({ path: resolve(screenshots, "embed-dark.png") });
  await light.context.close();
  await dark.context.close();
});

test("a partner's script revalidates a feed from another origin with If-None-Match: 304", { skip: missing ?? false }, async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const failures = [];
  page.on("console", (message) => {
    if (/CORS|blocked/.test(message.text())) failures.push(message.text());
  });
  await page.goto(`${partnerUrl}/`);
  const seen = await page.evaluate(async (base) => {
    const first = await fetch(`${base}/schedule.json`, { cache: "no-store" });
    const tag = first.headers.get("etag");
    await first.arrayBuffer();
    // Not a CORS-safelisted header: the browser asks first (a preflight), then revalidates.
    const again = await fetch(`${base}/schedule.json`, {
      cache: "no-store",
      headers: { "If-None-Match": tag },
    });
    return { first: first.status, tag, again: again.status, againTag: again.headers.get("etag") };
  }, service.url);
  assert.equal(seen.first, 200);
  assert.match(seen.tag ?? "", /^"[0-9a-f]{64}(-[a-z]+)?"$/, "the ETag (of the compressed answer) is exposed to the partner's script");
  assert.equal(seen.again, 304);
  assert.equal(seen.againTag, seen.tag);
  assert.deepEqual(failures, []);
  await context.close();
});
