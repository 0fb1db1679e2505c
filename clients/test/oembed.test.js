// An oEmbed consumer, as WordPress is one: it finds the discovery link in the widget page an
// editor pasted, fetches the JSON, keeps only the iframe, adds WordPress's sandbox
// (`sandbox="allow-scripts" security="restricted"`, `#?secret=` on its src) and sizes the frame
// from WordPress's own message ({message: "height", value, secret}), as wp-embed.js does. In
// headless Chromium: the programme renders and sizes itself, a filter works in the sandbox,
// and a calendar link shows its address instead of a pop-up or a download the sandbox blocks.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { browserMissing, launch } from "../lib/browser.js";
import { startService } from "../lib/server.js";
import { servePartner } from "../lib/partner.js";

const missing = browserMissing();
let service;
let browser;
let partner;
let partnerUrl;
let embedded;

before(async () => {
  if (missing) return;
  service = await startService();
  browser = await launch();
  // 1. Discovery: the pasted URL's page names its oEmbed endpoint.
  const pasted = `${service.url}/embed?lang=en&tz=JST`;
  const page = await (await fetch(pasted)).text();
  const link = page.match(/<link rel="alternate" type="application\/json\+oembed"[^>]* href="([^"]+)"/);
  assert.ok(link, "a discovery link");
  const endpoint = link[1].replaceAll("&amp;", "&");
  // 2. The JSON, with WordPress's size limits.
  const answer = await (await fetch(`${endpoint}&maxwidth=600&maxheight=1000`)).json();
  assert.equal(answer.type, "rich");
  assert.equal(answer.version, "1.0");
  assert.ok(answer.width <= 600 && answer.height <= 1000);
  // 3. WordPress keeps the iframe only, sandboxes it and gives it a secret.
  const iframe = answer.html.match(/<iframe [^>]*><\/iframe>/);
  assert.ok(iframe, answer.html);
  embedded = iframe[0]
    .replace(/src="([^"]+)"/, 'src="$1#?secret=s3cr3t" data-secret="s3cr3t"')
    .replace("<iframe ", '<iframe class="wp-embedded-content" sandbox="allow-scripts" security="restricted" ');
  partner = await servePartner((request, response) => {
    response.setHeader("content-type", "text/html; charset=utf-8");
    // wp-embed.js's part that matters here: the height message, from the frame with that secret.
    response.end(`<!doctype html><html lang="en"><title>A WordPress post</title><body>
      <p>Before the programme.</p>${embedded}<p id="after">After the programme.</p>
      <script>
        window.addEventListener("message", function (event) {
          var data = event.data;
          if (!data || data.message !== "height" || !data.secret) return;
          var frame = document.querySelector('iframe[data-secret="' + data.secret + '"]');
          if (!frame || frame.contentWindow !== event.source) return;
          frame.height = Math.max(200, Math.min(parseInt(data.value, 10), 20000));
        });
      </script></body></html>`);
  });
  partnerUrl = partner.url;
});
after(async () => {
  await browser?.close();
  await service?.stop();
  partner?.close();
});

test("WordPress's sandboxed frame shows the programme, sizes it, filters it, and blocks nothing", { skip: missing ?? false }, async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const popups = [];
  const downloads = [];
  page.on("popup", (popup) => popups.push(popup.url()));
  page.on("download", (download) => downloads.push(download.url()));
  const errors = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto(partnerUrl);
  const element = await page.waitForSelector("iframe.wp-embedded-content");
  assert.equal(await element.getAttribute("sandbox"), "allow-scripts");
  const frame = await element.contentFrame();
  await frame.waitForSelector("main");
  assert.equal(await frame.evaluate(() => document.querySelectorAll("li.session").length), 13);
  // Sized by WordPress's own message: the whole programme, taller than the frame's start.
  await page.waitForFunction(() => Number(document.querySelector("iframe").height) > 2000);
  // A filter in the sandbox (no form submission there): the frame navigates itself.
  await frame.selectOption("select[name=day]", "2023-01-26");
  await Promise.all([frame.waitForNavigation(), frame.click("form.filters button")]);
  assert.equal(await frame.evaluate(() => document.querySelectorAll("li.session").length), 6);
  await frame.waitForFunction(() => document.activeElement?.id === "results");
  // The frame keeps WordPress's secret across the filter, and keeps sizing itself.
  assert.match(frame.url(), /secret=s3cr3t/);
  await page.waitForFunction(() => Number(document.querySelector("iframe").height) < 2500);
  // A calendar link shows its address to copy: no pop-up, no download.
  await frame.click("p.add a.away");
  const copied = await frame.waitForSelector("label.copy input");
  assert.match(await copied.inputValue(), /\/sessions\/.+\.ics/);
  assert.deepEqual({ popups, downloads, errors }, { popups: [], downloads: [], errors: [] });
  await context.close();
});
