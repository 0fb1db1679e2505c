// The Apollo Client the README recommends: the cache normalises every entity by `id`, pages of
// `sessions` are merged by Apollo's `relayStylePagination` (the lists select `edges`, which is
// what it merges), and every operation goes out as a persisted document: a GET with the
// `documentId` of the draft GraphQL-over-HTTP persisted-documents appendix (the id codegen
// embedded in the document), never its text. Subscriptions go over the WebSocket transport
// (graphql-transport-ws), by the same id as APQ's `extensions.persistedQuery`. Queries name
// the newest revision the page knows (`revisionLink`): see revision.ts.
import { ApolloClient, ApolloLink, InMemoryCache } from "@apollo/client";
import { getMainDefinition, relayStylePagination } from "@apollo/client/utilities";
import { createClient } from "graphql-ws";
import { Observable, type Subscriber } from "rxjs";

import { revisionLink } from "./apollo-revision";
import { fetchAtRevision } from "./revision";

/** The cache of the README: `sessions` pages merge per `filter`, whatever `after` says. */
export function cache(): InMemoryCache {
  return new InMemoryCache({
    typePolicies: {
      Query: {
        fields: {
          sessions: relayStylePagination(["filter"]),
          speakers: relayStylePagination(["filter"]),
          cities: relayStylePagination(["filter"]),
        },
      },
    },
  });
}

type Persisted = { __meta__?: { hash?: string } };

/** A terminating link that hands each operation, with the id codegen embedded in its
 * document, to `send`, which answers through `observer` and returns its teardown; an
 * operation without an id is an error. */
function persistedLink(
  send: (operation: ApolloLink.Operation, id: string, observer: Subscriber<ApolloLink.Result>) => () => void,
): ApolloLink {
  return new ApolloLink(
    (operation) =>
      new Observable<ApolloLink.Result>((observer) => {
        const id = (operation.query as Persisted).__meta__?.hash;
        if (!id) {
          observer.error(new Error(`${operation.operationName ?? "operation"} has no persisted document id`));
          return;
        }
        return send(operation, id, observer);
      }),
  );
}

/** A terminating link that sends each operation by its persisted document id, over GET, to the
 * context's `uri` (set by `revisionLink`) or `endpoint`. */
export function documentIdLink(endpoint: string): ApolloLink {
  return persistedLink((operation, id, observer) => {
    const url = new URL((operation.getContext() as { uri?: string }).uri ?? endpoint);
    url.searchParams.set("documentId", id);
    if (operation.operationName) url.searchParams.set("operationName", operation.operationName);
    url.searchParams.set("variables", JSON.stringify(operation.variables));
    const controller = new AbortController();
    fetchAtRevision(url, {
      headers: { accept: "application/graphql-response+json, application/json;q=0.9" },
      signal: controller.signal,
    })
      .then((response) => response.json())
      .then((result) => {
        observer.next(result);
        observer.complete();
      })
      .catch((error: unknown) => observer.error(error));
    return () => controller.abort();
  });
}

/** A terminating link that runs each subscription over one WebSocket to `endpoint`
 * (graphql-transport-ws), sending its persisted document's id, never its text. */
export function socketLink(endpoint: string): ApolloLink {
  const socket = createClient({ url: endpoint.replace(/^http/, "ws"), retryAttempts: 5 });
  return persistedLink((operation, id, observer) =>
    socket.subscribe(
      {
        query: "",
        operationName: operation.operationName,
        variables: operation.variables,
        extensions: { persistedQuery: { version: 1, sha256Hash: id } },
      },
      {
        // Only the members the answer has (the app compiles with exactOptionalPropertyTypes).
        next: ({ data, errors, extensions }) =>
          observer.next({
            ...(data !== undefined ? { data } : {}),
            ...(errors !== undefined ? { errors } : {}),
            ...(extensions ? { extensions } : {}),
          }),
        error: (error) => observer.error(error),
        complete: () => observer.complete(),
      },
    ),
  );
}

/** True for a subscription operation. */
function isSubscription(operation: ApolloLink.Operation): boolean {
  const definition = getMainDefinition(operation.query);
  return definition.kind === "OperationDefinition" && definition.operation === "subscription";
}

/** The client for the API at `endpoint`: queries at the newest known revision. */
export function client(endpoint: string): ApolloClient {
  const link = ApolloLink.from([
    revisionLink(endpoint),
    ApolloLink.split(isSubscription, socketLink(endpoint), documentIdLink(endpoint)),
  ]);
  return new ApolloClient({ link, cache: cache() });
}
