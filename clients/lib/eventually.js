// Waiting for what the service or a page does in its own time, polled every 50 ms.
import assert from "node:assert/strict";

/** Resolves once `check()` (awaited) holds; fails with `what` after `attempts` polls. */
export async function eventually(check, what, attempts = 200) {
  for (let attempt = 0; attempt < attempts; attempt++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`never: ${typeof what === "function" ? what() : what}`);
}
