// Apollo's persisted-queries link: the first request is a hash-only GET; the server answers
// PERSISTED_QUERY_NOT_FOUND, the link retries with the text, and the next request of the same
// document is a hash-only GET that the server answers from its store.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { after, before, test } from "node:test";

import { ApolloClient, HttpLink, InMemoryCache, gql } from "@apollo/client";
import { PersistedQueryLink } from "@apollo/client/link/persisted-queries";

import { startService } from "../lib/server.js";

let service;
before(async () => {
  service = await startService();
});
after(() => service.stop());

test("the APQ link registers a document, then reads it by hash over GET", async () => {
  const sent = [];
  const recordingFetch = (url, init) => {
    const parsed = new URL(url);
    sent.push({
      method: init?.method ?? "GET",
      hasQuery: parsed.searchParams.has("query") || /"query"/.test(String(init?.body ?? "")),
    });
    return fetch(url, init);
  };
  const link = new PersistedQueryLink({
    sha256: (text) => createHash("sha256").update(text).digest("hex"),
    useGETForHashedQueries: true,
  }).concat(new HttpLink({ uri: service.endpoint, fetch: recordingFetch }));
  const query = gql`query Themes { themes { slug name } }`;
  const first = new ApolloClient({ link, cache: new InMemoryCache() });
  const result = await first.query({ query });
  assert.equal(result.data.themes.length, 6);
  // Hash-only GET, then the retry with the text.
  assert.deepEqual(sent.slice(0, 2), [
    { method: "GET", hasQuery: false },
    { method: "POST", hasQuery: true },
  ]);
  // A second client (empty cache): one hash-only GET is enough now.
  sent.length = 0;
  const second = new ApolloClient({ link, cache: new InMemoryCache() });
  const again = await second.query({ query });
  assert.equal(again.data.themes.length, 6);
  assert.deepEqual(sent, [{ method: "GET", hasQuery: false }]);
});
