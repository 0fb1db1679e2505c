// Codegen on day one: GraphQL Code Generator (client preset) types the front-end's documents
// from the live URL and from schema.graphql alike, and the typed usage compiles in strict mode.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync, readdirSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { after, before, test } from "node:test";

import { run } from "../codegen.js";
import { startService } from "../lib/server.js";

const root = resolve(import.meta.dirname, "..");
let service;
before(async () => {
  service = await startService();
  rmSync(join(root, "gen"), { recursive: true, force: true });
});
after(() => service.stop());

/** The generated files of a folder, by name. */
function files(folder) {
  return Object.fromEntries(
    readdirSync(join(root, folder)).sort().map((name) => [name, readFileSync(join(root, folder, name), "utf8")]),
  );
}

test("codegen from the live URL and from schema.graphql succeed and agree", async () => {
  process.chdir(root);
  await run(service.endpoint, "gen/url/");
  await run("../schema.graphql", "gen/file/");
  const fromUrl = files("gen/url");
  const fromFile = files("gen/file");
  assert.deepEqual(Object.keys(fromUrl), Object.keys(fromFile));
  assert.ok(Object.keys(fromFile).includes("graphql.ts"));
  for (const name of Object.keys(fromFile)) assert.equal(fromUrl[name], fromFile[name], name);
  assert.match(fromFile["graphql.ts"], /organisation: \{ __typename\?: 'Organisation'/);
});

test("the typed usage file compiles with tsc --noEmit in strict mode", () => {
  const tsc = join(root, "node_modules/.bin/tsc");
  execFileSync(tsc, ["--noEmit", "-p", join(root, "tsconfig.json")], { stdio: "inherit" });
});
