// nginx with the repository's deploy/nginx.conf in front of one service: the same file, with
// only what a test machine needs changed (the upstream's address, a port of its own, a
// temporary folder for the cache, the pid file and logs, in the foreground). Skipped where
// nginx is not installed (.ci/run installs it).
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const NGINX = "/usr/sbin/nginx";

/** Why nginx tests cannot run here, or null. */
export function nginxMissing() {
  try {
    execFileSync(NGINX, ["-v"], { stdio: "ignore" });
    return null;
  } catch {
    return `nginx is not installed (${NGINX}); .ci/run installs Debian's nginx-light`;
  }
}

/** A port free now (nginx cannot bind port 0 and say which it took). */
async function freePort() {
  const server = createServer();
  await new Promise((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address();
  await new Promise((done) => server.close(done));
  return port;
}

/** deploy/nginx.conf, pointed at `upstream` (host:port), listening on `port`, with its state
 * in `dir`. Fails when the file no longer has a line this edits. */
export function testConfig(upstream, port, dir) {
  const edits = [
    // As root (CI), the workers would run as `nobody` and could not write the cache in a
    // folder of the test's: they run as the test's user.
    [
      "worker_processes auto;",
      `worker_processes 1;\ndaemon off;\npid ${dir}/nginx.pid;\nerror_log ${dir}/error.log warn;` +
        (process.getuid?.() === 0 ? "\nuser root;" : ""),
    ],
    ["events { worker_connections 4096; }", "events { worker_connections 256; }"],
    ["server api:8000 max_fails=0;", `server ${upstream} max_fails=0;`],
    ["listen 8000;", `listen 127.0.0.1:${port};\n    access_log ${dir}/access.log;`],
    ["/var/cache/nginx/cities-api", `${dir}/cache`],
    ["http {", `http {\n  client_body_temp_path ${dir}/body;\n  proxy_temp_path ${dir}/proxy;`],
  ];
  let text = readFileSync(resolve(import.meta.dirname, "../../deploy/nginx.conf"), "utf8");
  for (const [from, to] of edits) {
    if (!text.includes(from)) throw new Error(`deploy/nginx.conf no longer has \`${from}\``);
    text = text.replace(from, to);
  }
  return text;
}

/** Starts nginx in front of the service at `serviceUrl`; resolves with its base URL and a stop
 * function once it answers. */
export async function startNginx(serviceUrl) {
  const dir = mkdtempSync(join(tmpdir(), "cities-api-nginx-"));
  const port = await freePort();
  const config = join(dir, "nginx.conf");
  writeFileSync(config, testConfig(new URL(serviceUrl).host, port, dir));
  const child = spawn(NGINX, ["-c", config, "-p", dir], { stdio: ["ignore", "ignore", "pipe"] });
  let log = "";
  child.stderr.on("data", (chunk) => (log += chunk));
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; ; attempt++) {
    if (child.exitCode !== null) throw new Error(`nginx exited with ${child.exitCode}\n${log}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      if (attempt > 300) throw new Error(`nginx never answered\n${log}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  const exited = new Promise((r) => child.once("exit", r));
  return {
    url,
    endpoint: `${url}/graphql`,
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
