// A static site of its own origin for a built app (`dist`): what a front-end team deploys,
// on another origin than the API.
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { extname, join } from "node:path";

const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css" };

/** Serves `dist` on a port of its own; resolves with its base URL and a close function. */
export async function serveSite(dist) {
  const site = createServer((request, response) => {
    const path = new URL(request.url, "http://site").pathname;
    const file = join(dist, path === "/" ? "index.html" : path);
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
  return { url: `http://127.0.0.1:${site.address().port}/`, close: () => site.close() };
}
