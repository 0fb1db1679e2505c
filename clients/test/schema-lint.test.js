// The served schema (schema.graphql, generated from the code) under the two schema linters a
// front-end team runs: @graphql-eslint (schema-recommended + schema-relay, settings in
// eslint.schema.config.js) and graphql-schema-linter (every default rule but the three below).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { test } from "node:test";

import { ESLint } from "eslint";

const root = resolve(import.meta.dirname, "../..");

/** graphql-schema-linter's rules this project turns off. Each sorts alphabetically what the
 * schema orders by meaning: fields in the order a reader needs them (`id` first, `pageInfo`
 * before `edges` as in Relay's examples), enum values in programme order (`SessionKind` follows
 * the day: OPENING ... CLOSING) or from general to particular. */
const EXCEPT = [
  "type-fields-sorted-alphabetically",
  "enum-values-sorted-alphabetically",
  "input-object-fields-sorted-alphabetically",
];

test("@graphql-eslint's recommended and Relay schema rules pass", async () => {
  const eslint = new ESLint({ cwd: root, overrideConfigFile: resolve(import.meta.dirname, "../eslint.schema.config.js") });
  const [result] = await eslint.lintFiles(["schema.graphql"]);
  const problems = result.messages.map((m) => `${m.line}: ${m.ruleId}: ${m.message}`);
  assert.deepEqual(problems, []);
});

test("graphql-schema-linter passes with every default rule but the sorting ones", () => {
  const linter = resolve(import.meta.dirname, "../node_modules/.bin/graphql-schema-linter");
  const run = spawnSync(linter, ["--format", "json", "--except", EXCEPT.join(","), resolve(root, "schema.graphql")], {
    encoding: "utf8",
  });
  const report = JSON.parse(run.stdout);
  assert.deepEqual(report.errors.map((e) => `${e.location.line}: ${e.rule}: ${e.message}`), []);
  assert.equal(run.status, 0);
});
