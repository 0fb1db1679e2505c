// The <cities-programme> element in headless Chromium, on a partner's page of another origin
// under the strict Content-Security-Policy the README gives (the API's origin in script-src,
// connect-src and style-src; nothing inline): it renders, filters by keyboard and keeps the
// focus, in English and Japanese, light and dark; it prints with the page (checked in the PDF's
// text with poppler's pdftotext); its JSON-LD is in the partner's document; axe finds nothing.
// Screenshots go to $SCREENSHOT_DIR (default: docs/).
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, before, test } from "node:test";

import { browserMissing, launch } from "../lib/browser.js";
import { startService } from "../lib/server.js";
import { pinnedScript, servePartner } from "../lib/partner.js";

const missing = browserMissing();
const noPoppler = existsSync("/usr/bin/pdftotext") ? null : "no pdftotext (apt-get install poppler-utils)";
const screenshots = process.env.SCREENSHOT_DIR ?? resolve(import.meta.dirname, "../../docs");
const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
let service;
let browser;
let partner;
let partnerUrl;
let titles;

before(async () => {
  if (missing) return;
  service = await startService();
  browser = await launch();
  const { version, integrity } = await pinnedScript(service.url);
  const sessions = await (await fetch(`${service.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query: "{ sessions(first: 100) { nodes { title } } }" }),
  })).json();
  titles = sessions.data.sessions.nodes.map((s) => s.title);
  partner = await servePartner((request, response) => {
    const url = new URL(request.url, "http://partner");
    // The element's attributes from the query (?lang=ja&tz=JST ...).
    const attributes = [...url.searchParams].map(([name, value]) => ` ${name}="${value}"`).join("");
    // The README's policy: the API's origin for the script, its fetches and its style sheet.
    response.setHeader(
      "content-security-policy",
      `default-src 'none'; script-src ${service.url}; connect-src ${service.url}; style-src ${service.url}`,
    );
    response.setHeader("content-type", "text/html; charset=utf-8");
    response.end(`<!doctype html><html lang="en"><head><title>Partner news</title>
      <script async src="${service.url}/embed.js?v=${version}" integrity="${integrity}"
      crossorigin="anonymous" data-element></script></head>
      <body><h1>Partner news</h1><p>The partner's own text before the programme.</p>
      <cities-programme${attributes}></cities-programme>
      <p id="after">The partner's own text after the programme: the end of the article.</p></body></html>`);
  });
  partnerUrl = partner.url;
});
after(async () => {
  await browser?.close();
  await service?.stop();
  partner?.close();
});

/** Opens the partner's page with the element's `attributes`, once it has rendered. */
async function open(attributes, { width = 1280, colorScheme = "light", bypassCSP = false } = {}) {
  const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme, bypassCSP });
  const page = await context.newPage();
  const seen = { violations: [], errors: [] };
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to|integrity/.test(message.text())) seen.violations.push(message.text());
  });
  page.on("pageerror", (error) => seen.errors.push(error.message));
  await page.goto(`${partnerUrl}/${attributes}`);
  await rendered(page);
  return { context, page, seen };
}

/** Waits until the element shows sessions or a message, styled. */
function rendered(page) {
  return page.waitForFunction(() => {
    const root = document.querySelector("cities-programme")?.shadowRoot;
    const sheet = root?.querySelector("link")?.sheet;
    return Boolean(sheet && root.querySelector("main"));
  });
}

/** What the element shows. */
function read(page) {
  return page.evaluate(() => {
    const root = document.querySelector("cities-programme").shadowRoot;
    const widget = root.querySelector(".cities-programme");
    return {
      lang: widget.lang,
      sessions: [...root.querySelectorAll("li.session h3")].map((h) => h.textContent),
      lede: root.querySelector(".lede")?.textContent ?? "",
      background: getComputedStyle(widget).backgroundColor,
      focused: root.activeElement?.id ?? null,
      announced: root.getElementById("announcement")?.textContent ?? "",
      jsonld: [...document.head.querySelectorAll('script[type="application/ld+json"]')].map((s) => JSON.parse(s.textContent)["@id"]),
    };
  });
}

test("the element renders in the partner's page under a strict CSP, in both languages and schemes", { skip: missing ?? false }, async () => {
  for (const [attributes, lang, background] of [
    ["?lang=en", "en", "rgb(255, 255, 255)"],
    ["?lang=ja&scheme=dark", "ja", "rgb(20, 23, 26)"],
  ]) {
    const { context, page, seen } = await open(attributes);
    const shown = await read(page);
    assert.equal(shown.lang, lang);
    assert.deepEqual(shown.sessions, titles);
    assert.equal(shown.background, background, attributes);
    if (lang === "ja") assert.match(shown.lede, /日本時間/);
    // Its selection's structured data is in the partner's own document.
    await page.waitForFunction(() => document.head.querySelector('script[type="application/ld+json"]'));
    const ids = (await read(page)).jsonld;
    assert.deepEqual(ids, [`${service.url}/schedule.jsonld${lang === "ja" ? "?lang=ja" : ""}`]);
    // Its sizes follow the partner's root font size (rem), which follows the visitor's default.
    const size = () => page.evaluate(() =>
      getComputedStyle(document.querySelector("cities-programme").shadowRoot.querySelector(".cities-programme")).fontSize);
    assert.equal(await size(), "15px");
    await page.evaluate(() => { document.documentElement.style.fontSize = "20px"; });
    assert.equal(await size(), "18.75px");
    assert.deepEqual(seen, { violations: [], errors: [] });
    await context.close();
  }
});

test("the element filters by keyboard, keeps the focus on its results, and switches language", { skip: missing ?? false }, async () => {
  for (const colorScheme of ["light", "dark"]) {
    const { context, page, seen } = await open("?lang=en&tz=JST", { colorScheme });
    // Enter on the day select applies it; the focus moves to the results, announced.
    await page.focus("cities-programme >> select[name=day]");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.querySelector("cities-programme").getAttribute("day") === "2023-01-25");
    await page.waitForFunction(() => document.querySelector("cities-programme").shadowRoot.activeElement?.id === "results");
    await page.waitForFunction(() => /^7 sessions shown$/.test(document.querySelector("cities-programme").shadowRoot.getElementById("announcement").textContent));
    assert.equal((await read(page)).sessions.length, 7);
    // The partner's page stays where it is: the links act on the element.
    const url = page.url();
    await page.click("cities-programme >> a[lang=ja]");
    await page.waitForFunction(() => document.querySelector("cities-programme").shadowRoot.querySelector(".cities-programme").lang === "ja");
    assert.equal(page.url(), url);
    assert.equal(await page.evaluate(() => document.querySelector("cities-programme").getAttribute("day")), "2023-01-25");
    await page.waitForFunction(() => document.head.querySelector('script[type="application/ld+json"]')?.textContent.includes("day=2023-01-25"));
    // Every control shows its focus: Tab from the theme select to "Show".
    await page.focus("cities-programme >> select[name=theme]");
    await page.keyboard.press("Tab");
    const outline = await page.evaluate(() => getComputedStyle(document.querySelector("cities-programme").shadowRoot.activeElement).outlineStyle);
    assert.equal(outline, "solid", colorScheme);
    assert.deepEqual(seen, { violations: [], errors: [] });
    await context.close();
  }
});

test("axe-core: no violation in the element, light and dark, English and Japanese, refused", { skip: missing ?? false }, async () => {
  for (const [attributes, colorScheme] of [
    ["?lang=en", "light"],
    ["?lang=ja&scheme=dark", "light"],
    ["?lang=en", "dark"],
    ["?lang=ja&theme=no-such-theme", "light"],
  ]) {
    // axe's own script is injected (the test context bypasses the partner's CSP for it alone).
    const { context, page } = await open(attributes, { colorScheme, bypassCSP: true });
    await page.evaluate(axeSource);
    const result = await page.evaluate(() =>
      window.axe.run("cities-programme", {
        runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] },
        rules: { "page-has-heading-one": { enabled: false }, region: { enabled: false } },
      }),
    );
    const violations = result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
    assert.deepEqual(violations, [], `${attributes} ${colorScheme}`);
    assert.ok(result.passes.length > 10, "axe ran its rules");
    await context.close();
  }
});

test("printed to A4 from a 1280 px window, the partner's page holds every session and its own text after", { skip: missing ?? noPoppler ?? false }, async () => {
  const { context, page } = await open("?lang=en&scheme=dark&tz=JST");
  const sessionEnds = await page.evaluate(() =>
    [...document.querySelector("cities-programme").shadowRoot.querySelectorAll("li.session:not(.break)")].map((item) => {
      const names = item.querySelectorAll(".speaker-name");
      const description = item.querySelector(".description")?.textContent ?? "";
      const last = names.length ? names[names.length - 1].textContent : description.split(" ").slice(-3).join(" ");
      return { title: item.querySelector("h3").textContent, last };
    }),
  );
  assert.ok(sessionEnds.length >= 11);
  await page.emulateMedia({ media: "print" });
  // Light colours on paper, whatever the scheme.
  assert.equal((await read(page)).background, "rgb(255, 255, 255)");
  const pdf = await page.pdf({ format: "A4", printBackground: true });
  const folder = mkdtempSync(join(tmpdir(), "element-print-"));
  writeFileSync(join(folder, "page.pdf"), pdf);
  const text = execFileSync("pdftotext", ["-layout", join(folder, "page.pdf"), "-"], { encoding: "utf8" });
  const pages = text.split("\f");
  assert.ok(pages.length > 2, `paginated: ${pages.length} pages`);
  const flat = text.replace(/\s+/g, " ");
  for (const title of titles) assert.ok(flat.includes(title), `${title} printed`);
  assert.ok(flat.includes("the end of the article"), "the partner's text after the programme");
  // No session split across pages: each session's title and its last speaker (or its
  // description's end) are on the same page.
  const flatPages = pages.map((p) => p.replace(/\s+/g, " "));
  for (const { title, last } of sessionEnds) {
    const at = flatPages.findIndex((p) => p.includes(title));
    assert.ok(at >= 0, title);
    assert.ok(flatPages[at].includes(last), `${title}: "${last}" is on the same page`);
  }
  execFileSync("pdftoppm", ["-png", "-r", "60", "-f", "1", "-l", "1", join(folder, "page.pdf"), join(screenshots, "element-print")]);
  await context.close();
});

test("screenshots of the element on a partner page: English and Japanese, 360 and 1280 px", { skip: missing ?? false }, async () => {
  for (const lang of ["en", "ja"]) {
    for (const width of [360, 1280]) {
      const { context, page } = await open(`?lang=${lang}`, { width });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
      assert.equal(overflow, false, `${lang} ${width}: nothing wider than the window`);
      await page.screenshot({ path: resolve(screenshots, `element-${lang}-${width}.png`) });
      await context.close();
    }
  }
});
