// Day one for tools that read the schema: the standard introspection query (as graphql-js
// sends it, with the options GraphiQL turns on) passes under the default limits, while a
// circular introspection query nested far deeper is refused.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { buildClientSchema, getIntrospectionQuery, printSchema } from "graphql";

import { post, startService } from "../lib/server.js";

let service;
before(async () => {
  service = await startService();
});
after(() => service.stop());

test("the standard introspection query passes and describes the served schema", async () => {
  const query = getIntrospectionQuery({
    descriptions: true,
    specifiedByUrl: true,
    directiveIsRepeatable: true,
    schemaDescription: true,
    inputValueDeprecation: true,
  });
  const answer = await post(service.endpoint, query);
  assert.equal(answer.errors, undefined, JSON.stringify(answer.errors));
  const schema = buildClientSchema(answer.data);
  const sdl = printSchema(schema);
  assert.match(sdl, /type Query/);
  assert.match(sdl, /scalar DateTime @specifiedBy\(url: "https:\/\/datatracker\.ietf\.org\/doc\/html\/rfc3339#section-5\.6"\)/);
  assert.deepEqual(
    schema.getPossibleTypes(schema.getType("Node")).map((t) => t.name).sort(),
    ["City", "CityPairing", "Country", "Event", "LeadingArea", "MissionCity", "Organisation", "Session", "Speaker", "Theme"],
  );
});

test("a circular introspection query nested far deeper is refused", async () => {
  let selection = "name";
  for (let level = 0; level < 12; level++) selection = `fields { type { ${selection} } }`;
  const answer = await post(service.endpoint, `{ __type(name: "Session") { ${selection} } }`);
  assert.equal(answer.errors?.[0]?.extensions?.code, "OPERATION_LIMIT_EXCEEDED");
  assert.equal(answer.errors?.[0]?.extensions?.limit, "introspectionDepth");
});

test("data queries keep their depth limit", async () => {
  const answer = await post(
    service.endpoint,
    "{ sessions { nodes { speakers { city { country { cities { speakers { organisation { city { country { name } } } } } } } } } } }",
  );
  assert.equal(answer.errors?.[0]?.extensions?.limit, "depth");
});

// The introspection budget is graphql-js's MaxIntrospectionDepthRule, written again in Rust
// (async-graphql has no such rule): on the same documents, the service refuses exactly those
// that graphql-js's own rule reports.
test("the introspection budget agrees with graphql-js's MaxIntrospectionDepthRule", async () => {
  const { MaxIntrospectionDepthRule, parse, validate } = await import("graphql");
  const introspection = await post(service.endpoint, getIntrospectionQuery());
  const schema = buildClientSchema(introspection.data);
  const lists = ["fields", "interfaces", "possibleTypes", "inputFields"];
  // A type reference at the end of a list field leads back to a type: `fields`/`inputFields`
  // through `type`, `interfaces`/`possibleTypes` directly.
  const step = (list, inner) =>
    list === "fields" || list === "inputFields" ? `${list} { name type { ${inner} } }` : `${list} { ${inner} }`;
  const documents = [];
  // Every chain of one to four list fields, written inline, through a named fragment at each
  // position, and through an inline fragment.
  const chains = [[]];
  for (let length = 1; length <= 4; length++) {
    for (const chain of chains.filter((c) => c.length === length - 1)) {
      for (const list of lists) chains.push([...chain, list]);
    }
  }
  for (const chain of chains.filter((c) => c.length > 0 && c.length <= 4)) {
    if (chain.length === 4 && !chain.every((l) => l === chain[0])) continue;
    const inline = chain.reduceRight((inner, list) => step(list, inner), "name");
    documents.push(`{ __schema { types { ${inline} } } }`);
    documents.push(`{ __type(name: "Session") { ... on __Type { ${inline} } } }`);
    for (let cut = 1; cut < chain.length; cut++) {
      const inner = chain.slice(cut).reduceRight((acc, list) => step(list, acc), "name");
      const outer = chain.slice(0, cut).reduceRight((acc, list) => step(list, acc), "...F");
      documents.push(`{ __type(name: "Node") { ${outer} } } fragment F on __Type { ${inner} }`);
    }
  }
  // The security review's amplification, T1 to T4.
  let amplification =
    "{ __schema { types { ...T4 } } } fragment T1 on __Type { fields { type { name ofType { name ofType { name } } } } }";
  for (let n = 2; n <= 4; n++) {
    const inner = `type { ...T${n - 1} ofType { ...T${n - 1} ofType { ...T${n - 1} } } }`;
    amplification += ` fragment T${n} on __Type { fields { ${inner} } x${n}_0: fields { ${inner} } x${n}_1: fields { ${inner} } }`;
  }
  documents.push(amplification);
  documents.push(getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true, schemaDescription: true, inputValueDeprecation: true }));
  let refused = 0;
  for (const document of documents) {
    const graphqlJs = validate(schema, parse(document), [MaxIntrospectionDepthRule]).length > 0;
    const answer = await post(service.endpoint, document);
    const limit = answer.errors?.[0]?.extensions?.limit;
    assert.equal(limit === "introspectionLists", graphqlJs, `${document}\n${JSON.stringify(answer.errors ?? "answered")}`);
    if (!graphqlJs) assert.equal(answer.errors, undefined, `${document}\n${JSON.stringify(answer.errors)}`);
    refused += graphqlJs ? 1 : 0;
  }
  // Both outcomes are exercised.
  assert.ok(refused > 10 && refused < documents.length - 10, `${refused} of ${documents.length} refused`);
});
