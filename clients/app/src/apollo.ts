// The Apollo Client the README recommends: the cache normalises every entity by `id`, pages of
// `sessions` are merged by Apollo's `relayStylePagination` (the lists select `edges`, which is
// what it merges), and every operation goes out as a persisted document: a GET with the
// `documentId` of the draft GraphQL-over-HTTP persisted-documents appendix (the id codegen
// embedded in the document), never its text.
import { ApolloClient, ApolloLink, InMemoryCache } from "@apollo/client";
import { relayStylePagination } from "@apollo/client/utilities";
import { Observable } from "rxjs";

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

/** A terminating link that sends each operation by its persisted document id, over GET. */
export function documentIdLink(endpoint: string): ApolloLink {
  return new ApolloLink(
    (operation) =>
      new Observable((observer) => {
        const id = (operation.query as Persisted).__meta__?.hash;
        if (!id) {
          observer.error(new Error(`${operation.operationName ?? "operation"} has no persisted document id`));
          return;
        }
        const url = new URL(endpoint);
        url.searchParams.set("documentId", id);
        if (operation.operationName) url.searchParams.set("operationName", operation.operationName);
        url.searchParams.set("variables", JSON.stringify(operation.variables));
        const controller = new AbortController();
        fetch(url, {
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
      }),
  );
}

/** The client for the API at `endpoint`. */
export function client(endpoint: string): ApolloClient {
  return new ApolloClient({ link: documentIdLink(endpoint), cache: cache() });
}
