// The pairings figure as a browser renders it, at 800 px: every text present and inside the
// picture, no two labels overlapping, Japanese labels drawn with real glyphs (CJK fonts), and
// a PNG of it in $SCREENSHOT_DIR (default: docs/) for slides and for the README.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { after, before, test } from "node:test";

import { browserMissing, launch } from "../lib/browser.js";
import { post, startService } from "../lib/server.js";

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

test("the pairings figure is legible at 800 px and goes to docs/pairings.png", { skip: missing ?? false }, async () => {
  const page = await browser.newPage({ viewport: { width: 800, height: 800 } });
  const response = await page.goto(`${service.url}/figures/pairings.svg`);
  assert.equal(response.headers()["content-type"], "image/svg+xml; charset=utf-8");
  const height = Number(await page.evaluate(() => document.documentElement.getAttribute("height")));
  await page.setViewportSize({ width: 800, height });
  const texts = await page.evaluate(() =>
    [...document.querySelectorAll("text")].map((t) => {
      const box = t.getBBox();
      return { text: t.textContent.trim(), x: box.x, y: box.y, width: box.width, height: box.height };
    }),
  );
  const { cities } = await post(service.endpoint, "{ cities(first: 100) { nodes { name nameJa } } }").then((r) => r.data);
  for (const city of cities.nodes) {
    const label = city.nameJa ? `${city.name} ${city.nameJa}` : city.name;
    assert.ok(texts.some((t) => t.text === label), `${label} is drawn`);
  }
  for (const t of texts) {
    assert.ok(t.x >= 0 && t.x + t.width <= 800 && t.y >= 0 && t.y + t.height <= height, `inside: ${t.text}`);
    assert.ok(t.width > 0, `drawn: ${t.text}`);
  }
  for (let i = 0; i < texts.length; i++) {
    for (let j = i + 1; j < texts.length; j++) {
      const a = texts[i];
      const b = texts[j];
      const apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
      assert.ok(apart, `"${a.text}" and "${b.text}" do not overlap`);
    }
  }
  // The Japanese labels have glyphs: the machine has a Japanese font of the figure's font
  // list (Debian's fonts-noto-cjk, which .ci/run installs); without one the PNG shows boxes.
  const japanese = execFileSync("fc-list", [":lang=ja", "family"], { encoding: "utf8" });
  assert.match(japanese, /Noto Sans CJK JP/, "a Japanese font for the labels");
  mkdirSync(screenshots, { recursive: true });
  await page.screenshot({ path: resolve(screenshots, "pairings.png") });
});
