// Starts the cities-api binary on a port of its choosing over a fresh SQLite file, for one test
// file.
import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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
  const databaseUrl = env.DATABASE_URL ?? `sqlite://${join(dir, "db.sqlite")}?mode=rwc`;
  const child = spawn(binary, ["serve"], {
    env: {
      ...process.env,
      LISTEN_ADDR: "127.0.0.1:0",
      DATABASE_URL: databaseUrl,
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
  const exited = new Promise((r) => child.once("exit", (code, signal) => r({ code, signal })));
  return {
    url,
    endpoint: `${url}/graphql`,
    databaseUrl,
    pid: child.pid,
    /** Sends SIGTERM; resolves with the exit code and signal once the process has exited. */
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      const end = await exited;
      rmSync(dir, { recursive: true, force: true });
      return end;
    },
  };
}

/** Runs `cities-api load-data` on `databaseUrl` with a copy of the repository's data whose Mission
 * list completeness note names this reload: a real change of content (a comment alone is the
 * same version), so a new dataset version, as an operator's reload makes one. A fixture, not a
 * fact: the copy is deleted once loaded. */
export async function loadNewVersion(databaseUrl, comment = "reloaded by a client test") {
  const data = mkdtempSync(join(tmpdir(), "cities-api-data-"));
  cpSync(resolve(import.meta.dirname, "../../data"), data, { recursive: true });
  const completeness = join(data, "reference", "completeness.toml");
  const text = readFileSync(completeness, "utf8");
  const marked = text.replace('note = "', `note = "(${comment} ${Date.now()}) `);
  if (marked === text) throw new Error("completeness.toml has no note to mark");
  writeFileSync(completeness, marked);
  const child = spawn(binary, ["load-data", "--data-dir", data], {
    env: { ...process.env, DATABASE_URL: databaseUrl, RUST_LOG: "warn" },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let log = "";
  child.stderr.on("data", (chunk) => (log += chunk));
  const code = await new Promise((r) => child.once("exit", r));
  rmSync(data, { recursive: true, force: true });
  if (code !== 0) throw new Error(`load-data exited with ${code}\n${log}`);
  return log;
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
