// Builds the app as a front-end team's CI would: codegen from the repository's schema, strict
// `tsc`, then `vite build` into app/dist (the reference app, then the urql page: see
// vite.config.js). Resolves with the path of the persisted documents
// the server is to trust.
import { execFileSync } from "node:child_process";
import { resolve } from "node:path";

import { build } from "vite";

import { run as codegen } from "./codegen.js";

const here = import.meta.dirname;

export async function buildApp() {
  await codegen(resolve(here, "../../schema.graphql"));
  execFileSync(resolve(here, "../node_modules/.bin/tsc"), ["-p", resolve(here, "tsconfig.json")], {
    stdio: "inherit",
  });
  for (const mode of ["production", "development"]) {
    await build({ configFile: resolve(here, "vite.config.js"), logLevel: "warn", mode });
  }
  return {
    dist: resolve(here, "dist"),
    persistedDocuments: resolve(here, "src/gql/persisted-documents.json"),
  };
}

if (import.meta.main ?? process.argv[1] === import.meta.filename) {
  await buildApp();
}
