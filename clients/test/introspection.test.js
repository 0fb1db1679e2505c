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
    ["City", "CityPairing", "Country", "Event", "Organisation", "Session", "Speaker", "Theme"],
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
