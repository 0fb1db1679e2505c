// The README's client code is the tested code: every ```ts block that starts with
// `// clients/<path>` is that file, whole; and the README's list of value types, and the urql
// snippet's graphcache keys, are the schema's object types without `id` (roots aside).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { test } from "node:test";

import { buildSchema, isObjectType } from "graphql";

const root = resolve(import.meta.dirname, "../..");
const readme = readFileSync(resolve(root, "README.md"), "utf8");

/** The schema's object types without an `id` field, roots aside, sorted. */
function valueTypes() {
  const schema = buildSchema(readFileSync(resolve(root, "schema.graphql"), "utf8"));
  const roots = new Set([schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]);
  return Object.values(schema.getTypeMap())
    .filter((type) => isObjectType(type) && !type.name.startsWith("__") && !roots.has(type))
    .filter((type) => !("id" in type.getFields()))
    .map((type) => type.name)
    .sort();
}

test("every README block that names a file of clients/ is that file", () => {
  const blocks = [...readme.matchAll(/```ts\n\/\/ (clients\/\S+)\n([\s\S]*?)```\n/g)];
  assert.ok(blocks.length >= 3, `README blocks naming files: ${blocks.length}`);
  for (const [, path, body] of blocks) {
    assert.equal(body, readFileSync(resolve(root, path), "utf8"), `README's ${path} differs from the file`);
  }
});

test("the README's value types are the schema's object types without id", () => {
  const listed = readme.match(/<!-- value-types -->([\s\S]*?)<!-- \/value-types -->/);
  assert.ok(listed, "the README marks its list of value types");
  const names = [...listed[1].matchAll(/`(\w+)`/g)].map((m) => m[1]).sort();
  assert.deepEqual(names, valueTypes());
});

test("the urql snippet's graphcache keys cover every value type", () => {
  const client = readFileSync(resolve(root, "clients/app/src/urql/client.ts"), "utf8");
  const list = client.match(/const VALUE_TYPES = \[([\s\S]*?)\];/);
  assert.ok(list, "client.ts lists VALUE_TYPES");
  const names = [...list[1].matchAll(/"(\w+)"/g)].map((m) => m[1]).sort();
  assert.deepEqual(names, valueTypes());
});
