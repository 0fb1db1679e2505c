// Starts the cities-api binary on a free port over a fresh SQLite file, for one test file.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

/** The binary under test: $CITIES_API_BIN, else the debug build of this repository. */
export const binary =
  process.env.CITIES_API_BIN ?? resolve(import.meta.dirname, "../../target/debug/cities-api");

async function freePort() {
  return new Promise((done, fail) => {
    const server = createServer();
    server.unref();
    server.on("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

/** Starts the service; resolves with its base URL and a stop function once /readyz answers. */
export async function startService(env = {}) {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "cities-api-clients-"));
  const child = spawn(binary, ["serve"], {
    env: {
      ...process.env,
      LISTEN_ADDR: `127.0.0.1:${port}`,
      DATABASE_URL: `sqlite://${join(dir, "db.sqlite")}?mode=rwc`,
      RUST_LOG: "warn",
      ...env,
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 600; attempt++) {
    try {
      const ready = await fetch(`${url}/readyz`);
      if (ready.ok) break;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null) throw new Error(`the service exited with ${child.exitCode}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    endpoint: `${url}/graphql`,
    async stop() {
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** POSTs a GraphQL request and returns the parsed JSON answer. */
export async function post(endpoint, query, variables = {}) {
  const response = await fetch(endpoint, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  return response.json();
}
