// Starts the cities-api binary on a port of its choosing over a fresh SQLite file, for one test
// file.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

/** The binary under test: $CITIES_API_BIN, else the debug build of this repository. */
export const binary =
  process.env.CITIES_API_BIN ?? resolve(import.meta.dirname, "../../target/debug/cities-api");

/** The address of the first `<message> addr=...` line of the service's log, colours or not. */
function loggedAddress(log, message = "serving") {
  const plain = log.replace(/\x1b\[[0-9;]*m/g, "");
  const found = plain.match(new RegExp(` ${message} addr=(\\S+)`));
  return found ? found[1] : null;
}

/** Starts the service on a port it chooses itself (no other process can take the port between
 * a choice and a bind); resolves with its base URL and a stop function once /readyz answers. */
export async function startService(env = {}) {
  const dir = mkdtempSync(join(tmpdir(), "cities-api-clients-"));
  const filter = env.RUST_LOG ?? "warn";
  const child = spawn(binary, ["serve"], {
    env: {
      ...process.env,
      LISTEN_ADDR: "127.0.0.1:0",
      DATABASE_URL: `sqlite://${join(dir, "db.sqlite")}?mode=rwc`,
      ...env,
      // The line that names the bound address, whatever else the test asks to see.
      RUST_LOG: `${filter},api=info`,
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let log = "";
  child.stderr.on("data", (chunk) => {
    const text = chunk.toString();
    if (!loggedAddress(log)) log += text;
    // The service's warnings and errors still reach the test's output.
    for (const line of text.split("\n")) {
      if (/ (WARN|ERROR) /.test(line.replace(/\x1b\[[0-9;]*m/g, ""))) process.stderr.write(`${line}\n`);
    }
  });
  let address = null;
  for (let attempt = 0; attempt < 600 && !address; attempt++) {
    address = loggedAddress(log);
    if (child.exitCode !== null) throw new Error(`the service exited with ${child.exitCode}\n${log}`);
    if (!address) await new Promise((r) => setTimeout(r, 50));
  }
  if (!address) throw new Error(`the service never said where it listens\n${log}`);
  const url = `http://${address}`;
  for (let attempt = 0; attempt < 600; attempt++) {
    try {
      const ready = await fetch(`${url}/readyz`);
      if (ready.ok) break;
    } catch {
      // not answering yet
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
