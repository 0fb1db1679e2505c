// GraphiQL without internet: the playground served by the service itself opens in headless
// Chromium, runs its default query, and its documentation explorer lists the Query fields.
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { after, before, test } from "node:test";

import { browserMissing, launch } from "../lib/browser.js";
import { startService } from "../lib/server.js";

const missing = browserMissing();
const screenshots = process.env.SCREENSHOT_DIR ?? resolve(import.meta.dirname, "../../docs");
let service;
let browser;
before(async () => {
  if (missing) return;
  service = await startService();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await service?.stop();
});

test("GraphiQL runs its default query and documents Query, with nothing from the internet", { skip: missing ?? false }, async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const offsite = [];
  const violations = [];
  page.on("request", (request) => {
    if (!request.url().startsWith(service.url)) offsite.push(request.url());
  });
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to/.test(message.text())) violations.push(message.text());
  });
  const response = await page.goto(`${service.url}/graphiql`);
  assert.match(response.headers()["content-security-policy"], /script-src 'self' 'sha256-/);
  await page.waitForSelector(".graphiql-container", { timeout: 30_000 });
  // The default query: a theme's sessions in Tokyo time. The editor may still be starting
  // (it introspects the schema first): run until the answer shows.
  // CodeMirror draws only the visible lines: read the whole result from its editor instance.
  const resultText = () => document.querySelector(".result-window .CodeMirror")?.CodeMirror?.getValue() ?? "";
  const answered = () =>
    (document.querySelector(".result-window .CodeMirror")?.CodeMirror?.getValue() ?? "").includes(
      "Panel 1 Energy Security and Resilience",
    );
  for (let attempt = 0; attempt < 10 && !(await page.evaluate(answered)); attempt++) {
    await page.click(".graphiql-execute-button");
    await page.waitForFunction(answered, null, { timeout: 3_000 }).catch(() => {});
  }
  const result = await page.evaluate(resultText);
  assert.match(result, /Panel 1 Energy Security and Resilience/);
  assert.match(result, /"startsAt": "2023-01-25T17:45:00\+09:00"/);
  // The documentation explorer lists the Query fields.
  await page.click('button[aria-label="Show Documentation Explorer"]');
  await page.click(".graphiql-doc-explorer-root-type a, .graphiql-doc-explorer-type-name");
  await page.waitForFunction(
    () => document.querySelector(".graphiql-doc-explorer")?.textContent?.includes("cityPairings"),
    null,
    { timeout: 30_000 },
  );
  const docs = await page.textContent(".graphiql-doc-explorer");
  for (const field of ["sessions", "speakers", "cities", "countries", "themes", "node"]) {
    assert.ok(docs.includes(field), `${field} in the docs explorer`);
  }
  mkdirSync(screenshots, { recursive: true });
  await page.screenshot({ path: resolve(screenshots, "graphiql.png") });
  assert.deepEqual(offsite, [], "no request leaves the service");
  assert.deepEqual(violations, [], "no Content-Security-Policy violation");
});
