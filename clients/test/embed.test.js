// The embeddable widget in headless Chromium, as a partner site shows it: in an <iframe> of
// another origin, at desktop width and at 320 px, light and dark, with times in the zone the
// query names. Reads the rendered DOM; a screenshot of each width goes to $SCREENSHOT_DIR
// (default: docs/).
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { after, before, test } from "node:test";

import { createRequire } from "node:module";
import { readFileSync } from "node:fs";

import { browserMissing, launch } from "../lib/browser.js";
import { startService } from "../lib/server.js";
import { pinnedScript, servePartner } from "../lib/partner.js";

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
  // The loader script as the README's snippet pins it: its version and its SRI hash.
  const { version, integrity } = await pinnedScript(service.url);
  partner = await servePartner((request, response) => {
    const url = new URL(request.url, "http://partner");
    const query = url.search;
    response.setHeader("content-type", "text/html; charset=utf-8");
    if (url.pathname === "/script") {
      // A partner page that embeds the widget with /embed.js (data-* = the query's parameters).
      const data = [...url.searchParams].map(([name, value]) => ` data-${name}="${value}"`).join("");
      response.end(`<!doctype html><html lang="en"><title>Partner</title>
        <body style="margin:0"><h1 style="margin:0;height:80px">Partner news</h1>
        <script src="${service.url}/embed.js?v=${version}" integrity="${integrity}"
        crossorigin="anonymous"${data}></script><p id="after">After the widget</p></body></html>`);
      return;
    }
    if (url.pathname === "/head") {
      // A CMS that puts the snippet in <head>, async: the frame goes to the end of <body>, or
      // into the element data-container names.
      const container = url.searchParams.get("container");
      response.end(`<!doctype html><html lang="en"><head><title>Partner</title>
        <script async src="${service.url}/embed.js?v=${version}" integrity="${integrity}"
        crossorigin="anonymous" data-tz="JST"${container ? ` data-container="${container}"` : ""}></script></head>
        <body style="margin:0"><h1>Partner news</h1><div id="programme-slot"></div><p id="last">The end</p></body></html>`);
      return;
    }
    if (url.pathname === "/pinned") {
      // A snippet pasted from an earlier README: its version and SRI hash.
      response.end(`<!doctype html><html lang="en"><title>Partner</title><body style="margin:0">
        <script src="${service.url}/embed.js?v=a894dd0662db"
        integrity="sha384-fZwLApVnwlSviESOex4qOrBwQpqFLs1p3BCA0XZ+BoPiSnpmpTkeooH9PSGX9Ce9"
        crossorigin="anonymous" data-tz="JST"></script><p id="after">After the widget</p></body></html>`);
      return;
    }
    response.end(`<!doctype html><html lang="en"><title>Partner</title>
      <body style="margin:0"><iframe title="Programme" src="${service.url}/embed${query}"
      style="border:0;width:100%;height:100vh"></iframe></body></html>`);
  });
  partnerUrl = partner.url;
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
    days: [...document.querySelectorAll("main section h2")].map((h) => h.textContent),
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
  // Filters apply with "Show" (never on a mere change), keeping the zone.
  await frame.selectOption("select[name=day]", "2023-01-26");
  await Promise.all([frame.waitForNavigation(), frame.click("form.filters button")]);
  sessions = await readProgramme(frame);
  assert.equal(sessions.length, 6);
  assert.ok(frame.url().includes("tz=Europe%2FBrussels"), frame.url());
  await frame.selectOption("select[name=theme]", "smart-city-and-innovation");
  await Promise.all([frame.waitForNavigation(), frame.click("form.filters button")]);
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

/** Waits until the frame's height equals its content's (the widget posted it). */
async function waitFitted(page, frame) {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const frameHeight = await page.evaluate(() => document.querySelector("iframe").getBoundingClientRect().height);
    const content = await frame.evaluate(() => Math.ceil(document.documentElement.getBoundingClientRect().height));
    if (Math.abs(frameHeight - content) <= 1) return { frame: frameHeight, content };
    await new Promise((done) => setTimeout(done, 50));
  }
  assert.fail("the frame never took its content's height");
}

test("with /embed.js the frame takes its content's height at 360 and 1280 px, after a filter and in print", { skip: missing ?? false }, async () => {
  for (const width of [360, 1280]) {
    const context = await browser.newContext({ viewport: { width, height: 800 } });
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (error) => errors.push(error.message));
    page.on("console", (message) => {
      if (/integrity|Refused/.test(message.text())) errors.push(message.text());
    });
    await page.goto(`${partnerUrl}/script?tz=JST`);
    const frame = await (await page.waitForSelector("iframe")).contentFrame();
    await frame.waitForSelector("main");
    const whole = await waitFitted(page, frame);
    assert.ok(whole.content > 1500, `${width}px: the whole programme is ${whole.content}px tall`);
    // Nothing scrolls inside the frame: its viewport holds all its content.
    const inner = await frame.evaluate(() => ({
      scroll: document.documentElement.scrollHeight,
      client: document.documentElement.clientHeight,
    }));
    assert.ok(inner.scroll <= inner.client + 1, `${width}px: ${JSON.stringify(inner)}`);
    // A filter: the page loads anew, and the frame shrinks to the one session.
    await frame.selectOption("select[name=theme]", "smart-city-and-innovation");
    await Promise.all([frame.waitForNavigation(), frame.click("form.filters button")]);
    await frame.waitForSelector("main");
    const one = await waitFitted(page, frame);
    assert.ok(one.frame < whole.frame / 2, `${width}px: ${one.frame} after the filter`);
    // In print the frame follows the printed layout too (controls hidden).
    await page.emulateMedia({ media: "print" });
    const printed = await waitFitted(page, frame);
    assert.ok(printed.frame < one.frame, `${width}px: print ${printed.frame} < screen ${one.frame}`);
    assert.equal(await frame.evaluate(() => getComputedStyle(document.querySelector(".controls")).display), "none");
    assert.deepEqual(errors, []);
    await context.close();
  }
});

test("by keyboard only: a select changes without reloading, Show or Enter applies, focus goes to the results and is always seen", { skip: missing ?? false }, async () => {
  for (const colorScheme of ["light", "dark"]) {
    const { context, page, frame } = await openFramed("?tz=Asia/Tokyo", { width: 1024, colorScheme });
    const before = frame.url();
    await frame.focus("select[name=theme]");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    assert.equal(frame.url(), before, "changing a select does not reload");
    assert.equal(await frame.evaluate(() => document.activeElement.name), "theme");
    // Tab to "Show" and press Enter: the filter applies.
    await page.keyboard.press("Tab");
    assert.equal(await frame.evaluate(() => document.activeElement.tagName), "BUTTON");
    await Promise.all([frame.waitForNavigation(), page.keyboard.press("Enter")]);
    assert.ok(frame.url().includes("theme="), frame.url());
    // The focus is on the results' heading, and a live region says how many are shown.
    await frame.waitForFunction(() => document.activeElement?.id === "results");
    await frame.waitForFunction(() => /^\d+ sessions? shown$/.test(document.getElementById("announcement").textContent));
    assert.equal(await frame.getAttribute("#announcement", "role"), "status");
    // Enter on a select applies its filter too, and leaves the focus on the results.
    await frame.focus("select[name=day]");
    await page.keyboard.press("ArrowDown");
    await Promise.all([frame.waitForNavigation(), page.keyboard.press("Enter")]);
    assert.ok(frame.url().includes("day=2023-01-25"), frame.url());
    await frame.waitForFunction(() => document.activeElement?.id === "results");
    // Every control shows its focus: an outline not clipped away (the zone pill's links
    // draw theirs inside the pill).
    const controls = await frame.evaluate(() => [...document.querySelectorAll(".zones a, select, button")].length);
    await frame.focus(".zones a");
    for (let index = 0; index < controls; index += 1) {
      const focus = await frame.evaluate(() => {
        const element = document.activeElement;
        const style = getComputedStyle(element);
        return {
          name: element.tagName + (element.textContent.trim().slice(0, 10) || element.name),
          outline: style.outlineStyle,
          width: parseFloat(style.outlineWidth),
          inside: parseFloat(style.outlineOffset) < 0,
          clipped: getComputedStyle(element.parentElement).overflow === "hidden",
        };
      });
      assert.equal(focus.outline, "solid", `${colorScheme}: ${focus.name}`);
      assert.ok(focus.width >= 2, `${colorScheme}: ${focus.name}`);
      assert.ok(!focus.clipped || focus.inside, `${colorScheme}: ${focus.name}'s outline is clipped`);
      await page.keyboard.press("Tab");
    }
    await context.close();
  }
});

test("a refused link shows the visitor a page in the widget's language that sizes its frame and links back", { skip: missing ?? false }, async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${partnerUrl}/script?theme=no-such-theme&lang=ja&tz=CET`);
  const frame = await (await page.waitForSelector("iframe")).contentFrame();
  await frame.waitForSelector("main h1");
  assert.equal(await frame.evaluate(() => document.documentElement.lang), "ja");
  // The height script runs: the frame leaves its 600 px start for the page's own height.
  await page.waitForFunction(() => parseFloat(document.querySelector("iframe").style.height) < 400);
  // Its link back keeps the language and the zone, and shows the programme.
  await Promise.all([frame.waitForNavigation(), frame.click("main a")]);
  const url = new URL(frame.url());
  assert.equal(url.searchParams.get("lang"), "ja");
  assert.equal(url.searchParams.get("tz"), "Europe/Brussels");
  assert.ok((await frame.$$("li.session")).length === 13);
  await context.close();
});

test("the snippet mounts where the partner names, never in <head>, and an earlier pinned version still loads", { skip: missing ?? false }, async () => {
  const context = await browser.newContext({ viewport: { width: 1024, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("console", (message) => {
    if (/integrity|Refused/.test(message.text())) errors.push(message.text());
  });
  // In <head>, async: at the end of <body>.
  await page.goto(`${partnerUrl}/head`);
  await page.waitForSelector("body > iframe");
  assert.equal(await page.evaluate(() => document.head.querySelectorAll("iframe").length), 0);
  assert.equal(await page.evaluate(() => document.body.lastElementChild.tagName), "IFRAME");
  // data-container: inside the element it names.
  await page.goto(`${partnerUrl}/head?container=programme-slot`);
  await page.waitForSelector("#programme-slot > iframe");
  const frame = await (await page.$("#programme-slot > iframe")).contentFrame();
  await frame.waitForSelector("main");
  // The snippet of an earlier README: its own bytes, its SRI hash holds, the frame mounts
  // after it and follows its content's height.
  await page.goto(`${partnerUrl}/pinned`);
  await page.waitForSelector("iframe + p#after");
  await page.waitForFunction(() => parseFloat(document.querySelector("iframe").style.height) > 1000);
  assert.deepEqual(errors, []);
  await context.close();
});

test("printed, every scheme is light: ?scheme=dark prints dark text on white", { skip: missing ?? false }, async () => {
  for (const scheme of ["dark", "light", "auto"]) {
    const { context, page, frame } = await openFramed(`?scheme=${scheme}`, { width: 800, colorScheme: "dark" });
    await page.emulateMedia({ media: "print", colorScheme: "dark" });
    const colours = await frame.evaluate(() => {
      const style = getComputedStyle(document.body);
      return [style.backgroundColor, style.color];
    });
    assert.deepEqual(colours, ["rgb(255, 255, 255)", "rgb(27, 31, 36)"], `scheme=${scheme}`);
    await context.close();
  }
});

test("?scheme=light|dark overrides the visitor's system, for a partner page of either colour", { skip: missing ?? false }, async () => {
  for (const [scheme, system, expected] of [
    ["light", "dark", "rgb(255, 255, 255)"],
    ["dark", "light", "rgb(20, 23, 26)"],
  ]) {
    const { context, frame } = await openFramed(`?scheme=${scheme}`, { width: 800, colorScheme: system });
    const color = await frame.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.equal(color, expected, `scheme=${scheme} under a ${system} system`);
    await context.close();
  }
});

/** axe-core's own script, injected into the widget's frame (the test context bypasses the
 * widget's CSP for it alone; the page itself never loads it). */
const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

test("axe-core: no WCAG 2.2 AA or best-practice violation, light and dark, filtered and not, refused, in the partner's frame", { skip: missing ?? false }, async () => {
  for (const [query, colorScheme] of [
    ["?tz=Asia/Tokyo", "light"],
    ["?tz=Asia/Tokyo", "dark"],
    ["?scheme=dark&day=2023-01-26", "light"],
    ["?theme=smart-city-and-innovation&day=2023-01-25", "light"],
    ["?lang=ja&tz=Asia/Tokyo", "light"],
    ["?lang=ja&scheme=dark", "light"],
    // The pages a visitor sees for a refused link.
    ["?theme=no-such-theme&lang=ja", "light"],
    ["?tz=Mars/Olympus_Mons&scheme=dark", "light"],
  ]) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme, bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${partnerUrl}/${query}`);
    const frame = await (await page.waitForSelector("iframe")).contentFrame();
    await frame.waitForSelector("main");
    await frame.evaluate(axeSource);
    const result = await frame.evaluate(() =>
      window.axe.run(document, {
        runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] },
      }),
    );
    const violations = result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
    assert.deepEqual(violations, [], `${query} ${colorScheme}`);
    assert.ok(result.passes.length > 10, "axe ran its rules");
    await context.close();
  }
});

test("in Japanese and English at 360 and 1280 px: language, dates and names, screenshots", { skip: missing ?? false }, async () => {
  mkdirSync(screenshots, { recursive: true });
  for (const lang of ["en", "ja"]) {
    for (const width of [360, 1280]) {
      const context = await browser.newContext({ viewport: { width, height: 900 } });
      const page = await context.newPage();
      await page.goto(`${partnerUrl}/script?tz=JST&lang=${lang}`);
      const frame = await (await page.waitForSelector("iframe")).contentFrame();
      await frame.waitForSelector("main");
      const seen = await frame.evaluate(() => ({
        lang: document.documentElement.lang,
        h1: document.querySelector("h1").textContent,
        day: document.querySelector("main section h2").textContent,
        overflow: document.documentElement.scrollWidth > document.documentElement.clientWidth,
      }));
      assert.equal(seen.lang, lang);
      assert.equal(seen.overflow, false, `${lang} ${width}px: no horizontal scrolling`);
      if (lang === "ja") {
        assert.equal(seen.h1, "気候変動アクションに関する日欧100都市対話");
        assert.equal(seen.day, "2023年1月25日水曜日");
      } else {
        assert.equal(seen.h1, "EU-Japan 100 Cities Event on Climate Action");
        assert.equal(seen.day, "Wednesday 25 January 2023");
      }
      await page.screenshot({ path: resolve(screenshots, `embed-${lang}-${width}.png`) });
      await context.close();
    }
  }
});
