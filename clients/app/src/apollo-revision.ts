// Apollo Client: a link that sends each query to the endpoint at the newest known revision
// (see revision.ts). It sets the context's `uri`, which HttpLink (with `useGETForQueries`) and
// this app's documentIdLink both read; use `fetchAtRevision` as the terminating link's fetch.
import { ApolloLink } from "@apollo/client";

import { atRevision } from "./revision";

export function revisionLink(endpoint: string): ApolloLink {
  return new ApolloLink((operation, forward) => {
    operation.setContext(({ uri }: { uri?: string }) => ({ uri: atRevision(uri ?? endpoint) }));
    return forward(operation);
  });
}
