// Codegen's persisted documents end to end: the client preset writes persisted-documents.json
// with the appendix's `sha256:<hex>` ids (draft Appendix A of GraphQL over HTTP,
// graphql/graphql-over-http#264) and `__typename` in every selection; the service trusts that
// file only; urql sends the documents through @urql/exchange-persisted (APQ's extension,
// carrying the prefixed id), and a plain fetch by `documentId` over GET and POST.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { after, before, test } from "node:test";

import { Client, fetchExchange } from "@urql/core";
import { persistedExchange } from "@urql/exchange-persisted";
import { Kind, parse, visit } from "graphql";

import { documentId, run as codegen } from "../app/codegen.js";
import { startService } from "../lib/server.js";

let service;
let documents;

before(async () => {
  await codegen(resolve(import.meta.dirname, "../../schema.graphql"));
  const file = resolve(import.meta.dirname, "../app/src/gql/persisted-documents.json");
  documents = JSON.parse(readFileSync(file, "utf8"));
  service = await startService({ TRUSTED_DOCUMENTS: file, TRUSTED_DOCUMENTS_ONLY: "true" });
});
after(() => service?.stop());

/** The stored document of operation `name`, as codegen's module exports it at run time: the
 * parsed text with its id in `__meta__.hash` (the client preset's embedHashInDocument). */
function stored(name) {
  const [id, text] = Object.entries(documents).find(([, text]) => text.startsWith(`query ${name}`));
  return Object.assign(parse(text), { __meta__: { hash: id } });
}

test("the stored documents carry their appendix ids and __typename in every selection but a subscription's root", () => {
  assert.ok(Object.keys(documents).length >= 3);
  for (const [id, text] of Object.entries(documents)) {
    assert.equal(id, documentId(text));
    visit(parse(text), {
      SelectionSet(node, _key, parent) {
        // A subscription's root selects one field and nothing else (the spec's single root
        // field rule): the transform leaves it alone, rightly.
        if (parent?.kind === Kind.OPERATION_DEFINITION && parent.operation === "subscription") return;
        const typename = node.selections.some((s) => s.kind === Kind.FIELD && s.name.value === "__typename");
        assert.ok(typename, `a selection without __typename in ${text}`);
      },
    });
  }
});

test("urql's persisted exchange runs them on a trusted-documents-only service", async () => {
  const sent = [];
  const client = new Client({
    url: service.endpoint,
    preferGetMethod: "within-url-limit",
    fetch: (url, init) => {
      sent.push(String(url));
      return fetch(url, init);
    },
    exchanges: [
      persistedExchange({
        enforcePersistedQueries: true,
        generateHash: async (_, document) => document.__meta__.hash,
      }),
      fetchExchange,
    ],
  });
  const session = await client.query(stored("Session"), { slug: "day1-panel-1", zone: "JST" }).toPromise();
  assert.equal(session.error, undefined);
  assert.equal(session.data.session.slug, "day1-panel-1");
  assert.equal(session.data.session.localStart.abbreviation, "JST");
  assert.equal(session.data.session.__typename, "Session");
  const url = new URL(sent[0]);
  assert.equal(url.searchParams.get("query"), null, "the id only, never the text");
  assert.match(JSON.parse(url.searchParams.get("extensions")).persistedQuery.sha256Hash, /^sha256:/);
});

test("documentId over GET and POST, and a document not in the file is refused", async () => {
  const themes = stored("Themes").__meta__.hash;
  const get = await fetch(`${service.endpoint}?documentId=${encodeURIComponent(themes)}`);
  assert.equal(get.status, 200);
  assert.ok(get.headers.get("etag"), "a GET by id is cacheable");
  const viaGet = await get.json();
  assert.ok(viaGet.data.themes.length > 0);
  const post = await fetch(service.endpoint, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ documentId: themes.replace("sha256:", "") }),
  });
  assert.deepEqual(await post.json(), viaGet);
  const other = await fetch(service.endpoint, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query: "{ countries { code } }" }),
  });
  assert.equal((await other.json()).errors[0].extensions.code, "PERSISTED_QUERY_NOT_IN_LIST");
});
