// A partner's site for the widget's browser tests: a page of its own origin (another origin than
// the API), and the embed script as the README's snippet pins it.
import { createHash } from "node:crypto";
import { createServer } from "node:http";

/** `/embed.js` as a snippet pins it: its version (`v`) and its SRI `integrity`. */
export async function pinnedScript(serviceUrl) {
  const script = Buffer.from(await (await fetch(`${serviceUrl}/embed.js`)).arrayBuffer());
  return {
    version: createHash("sha256").update(script).digest("hex").slice(0, 12),
    integrity: `sha384-${createHash("sha384").update(script).digest("base64")}`,
  };
}

/** Serves `handler` on a port of its own; resolves with its base URL (no trailing slash) and a
 * close function. */
export async function servePartner(handler) {
  const server = createServer(handler);
  await new Promise((done) => server.listen(0, "127.0.0.1", done));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => server.close() };
}
