// Apollo Client 4 with the in-memory cache: entities are normalised by id, relay-style
// pagination walks the whole programme in order, and possibleTypes come from introspection.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { ApolloClient, HttpLink, InMemoryCache, gql } from "@apollo/client";
import { relayStylePagination } from "@apollo/client/utilities";

import { post, startService } from "../lib/server.js";

let service;
before(async () => {
  service = await startService();
});
after(() => service.stop());

/** `possibleTypes` for the cache, read from the live schema as Apollo's docs recommend. */
async function possibleTypes(endpoint) {
  const answer = await post(
    endpoint,
    "{ __schema { types { kind name possibleTypes { name } } } }",
  );
  const out = {};
  for (const type of answer.data.__schema.types) {
    if (type.possibleTypes) out[type.name] = type.possibleTypes.map((t) => t.name);
  }
  return out;
}

async function client() {
  return new ApolloClient({
    link: new HttpLink({ uri: service.endpoint, fetch }),
    cache: new InMemoryCache({
      possibleTypes: await possibleTypes(service.endpoint),
      typePolicies: { Query: { fields: { sessions: relayStylePagination(["filter"]) } } },
    }),
  });
}

test("possibleTypes for Node list every entity with an id", async () => {
  const types = await possibleTypes(service.endpoint);
  assert.deepEqual(types.Node.sort(), [
    "City", "CityPairing", "Country", "Event", "LeadingArea", "MissionCity", "Organisation", "Session", "Speaker", "Theme",
  ]);
});

test("the same entity fetched by two queries is one cache entry", async () => {
  const apollo = await client();
  const list = await apollo.query({
    query: gql`{ speakers(filter: { country: "jp" }, first: 3) { nodes { id name country { id code } } } }`,
  });
  const first = list.data.speakers.nodes[0];
  const one = await apollo.query({
    query: gql`query One($id: ID!) { node(id: $id) { id ... on Speaker { name role } } }`,
    variables: { id: first.id },
  });
  assert.equal(one.data.node.id, first.id);
  const cache = apollo.cache.extract();
  const speakerKeys = Object.keys(cache).filter((key) => key.startsWith("Speaker:"));
  assert.equal(speakerKeys.length, 3, speakerKeys.join(", "));
  assert.equal(cache[`Speaker:${first.id}`].name, first.name);
  assert.ok(cache[`Speaker:${first.id}`].role, "the second query's fields merged into the same entry");
  // Countries are entities too: one entry for Japan, shared by the three speakers.
  assert.equal(Object.keys(cache).filter((key) => key.startsWith("Country:")).length, 1);
});

test("relayStylePagination returns all 13 sessions in order", async () => {
  const apollo = await client();
  const query = gql`query Page($after: String) { sessions(first: 5, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id title startsAt } } } }`;
  let result = await apollo.query({ query });
  // Each page comes from the network and is merged by relayStylePagination into one list
  // (the field's cache key ignores `after`); reading the cache gives the merged list.
  for (let pages = 1; result.data.sessions.pageInfo.hasNextPage; pages++) {
    assert.ok(pages < 10, "pagination does not end");
    const after = result.data.sessions.pageInfo.endCursor;
    await apollo.query({ query, variables: { after }, fetchPolicy: "network-only" });
    result = await apollo.query({ query, fetchPolicy: "cache-only" });
  }
  const sessions = result.data.sessions.edges.map((edge) => edge.node);
  assert.equal(sessions.length, 13);
  const starts = sessions.map((s) => s.startsAt);
  assert.deepEqual(starts, [...starts].sort());
  assert.equal(sessions[0].title, "Opening Remarks");
  assert.equal(sessions[12].title, "Closing Session");
});
