// The one browser harness: Debian's Chromium driven by playwright-core (its own browser
// downloads cannot work here). Later browser tests (the embeddable widget) reuse it.
import { existsSync } from "node:fs";

import { chromium } from "playwright-core";

/** The Chromium binary: $CHROMIUM_BIN, else Debian's. */
export const chromiumPath = process.env.CHROMIUM_BIN ?? "/usr/bin/chromium";

/** Why browser tests cannot run here, or null when they can. */
export function browserMissing() {
  return existsSync(chromiumPath) ? null : `no Chromium at ${chromiumPath} (apt-get install chromium)`;
}

/** A headless Chromium with a fresh profile and no network beyond this machine. */
export async function launch() {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}
