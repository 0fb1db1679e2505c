// Relay 21 against the live service: relay-compiler writes the artifacts and its persisted
// queries file (SHA-256 ids) from the repository's schema.graphql; the service trusts that file
// only (--trusted-documents-only); relay-runtime sends each operation by `doc_id` and pages a
// @connection backwards (`last`/`before`), merging each earlier page in front as
// `usePaginationFragment`'s `loadPrevious` does, until the whole programme is in the store.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { after, before, test } from "node:test";

import relay from "relay-runtime";

import { post, startService } from "../lib/server.js";

const { Environment, Network, RecordSource, Store, createOperationDescriptor, fetchQuery, getSelector } = relay;
const here = resolve(import.meta.dirname, "../relay");
let service;
let artifacts;

/** Runs relay-compiler over relay/src (it wants its output folder and file to exist). */
function compile() {
  mkdirSync(resolve(here, "__generated__"), { recursive: true });
  const persisted = resolve(here, "persisted-queries.json");
  if (!existsSync(persisted)) writeFileSync(persisted, "{}\n");
  execFileSync(resolve(import.meta.dirname, "../node_modules/.bin/relay-compiler"), [], {
    cwd: here,
    stdio: "pipe",
  });
  // Node's ES modules need the extension a bundler would add to the artifacts' imports.
  const generated = resolve(here, "__generated__");
  for (const file of readdirSync(generated)) {
    const path = resolve(generated, file);
    writeFileSync(path, readFileSync(path, "utf8").replace(/(from '\.\/[^']+\.graphql)'/g, "$1.js'"));
  }
  return persisted;
}

before(async () => {
  const persisted = compile();
  artifacts = {
    programme: (await import("../relay/__generated__/documentsProgrammeQuery.graphql.js")).default,
    previous: (await import("../relay/__generated__/documentsSessionsPaginationQuery.graphql.js")).default,
    sessions: (await import("../relay/__generated__/documentsSessions_query.graphql.js")).default,
  };
  service = await startService({ TRUSTED_DOCUMENTS: persisted, TRUSTED_DOCUMENTS_ONLY: "true" });
});
after(() => service?.stop());

/** An environment whose network sends Relay's persisted id, never the text. */
function environment(sent) {
  const network = Network.create(async (params, variables) => {
    assert.equal(params.text, null, "the artifacts are persisted: no text to send");
    sent.push(params.id);
    const response = await fetch(service.endpoint, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ doc_id: params.id, operationName: params.name, variables }),
    });
    return response.json();
  });
  return new Environment({ network, store: new Store(new RecordSource()) });
}

test("loadPrevious-style paging walks the programme backwards into one connection", async () => {
  const sent = [];
  const env = environment(sent);
  const operation = createOperationDescriptor(artifacts.programme, { count: 4 });
  env.retain(operation);
  await fetchQuery(env, artifacts.programme, { count: 4 }).toPromise();
  const read = () => env.lookup(getSelector(artifacts.sessions, env.lookup(operation.fragment).data)).data.sessions;
  let connection = read();
  assert.equal(connection.edges.length, 4);
  const total = connection.totalCount;
  for (let pages = 1; connection.pageInfo.hasPreviousPage; pages++) {
    assert.ok(pages < 10, "paging does not end");
    const before = connection.edges.length;
    await fetchQuery(env, artifacts.previous, { count: 4, cursor: connection.pageInfo.startCursor }).toPromise();
    connection = read();
    assert.ok(connection.edges.length > before, "each earlier page is merged in front");
  }
  const slugs = connection.edges.map((edge) => edge.node.slug);
  assert.equal(slugs.length, total);
  // The same order as the programme read forwards, in one request, without Relay.
  const open = await startService();
  try {
    const forward = await post(open.endpoint, "{ sessions(first: 100) { nodes { slug } } }");
    assert.deepEqual(slugs, forward.data.sessions.nodes.map((node) => node.slug));
  } finally {
    await open.stop();
  }
  assert.ok(sent.length >= 4);
  for (const id of sent) assert.match(id, /^[0-9a-f]{64}$/);
});
