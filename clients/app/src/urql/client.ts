// urql with graphcache, persisted documents only and live updates: queries go as GETs by their
// persisted id at the newest known revision (../revision.ts), subscriptions by the same id over
// graphql-ws. The service may run with --trusted-documents-only: no request carries text.
import { cacheExchange } from "@urql/exchange-graphcache";
import { persistedExchange } from "@urql/exchange-persisted";
import { Client, type Exchange, fetchExchange, makeOperation, subscriptionExchange } from "@urql/core";
import { createClient as createSocket } from "graphql-ws";
import { map, pipe } from "wonka";

import { atRevision, fetchAtRevision } from "../revision";

/** Every object type of the schema without an `id`: values, embedded in their parent. */
const VALUE_TYPES = [
  "Appearance", "CityConnection", "CityEdge", "Completeness", "Contact", "Coordinates",
  "Dataset", "LeadingAreaConnection", "LeadingAreaEdge", "LeadingAreaRound", "LocalDateTime",
  "MissionCityConnection", "MissionCityEdge", "OrganisationConnection", "OrganisationEdge",
  "PageInfo", "ParticipationGroup", "ProgrammeMembership", "Provenance", "ReferenceList",
  "SearchResultConnection", "SearchResultEdge", "SessionConnection", "SessionEdge",
  "SessionKindLabel", "Source", "SpeakerConnection", "SpeakerEdge",
];

/** Sends each query to the endpoint at the newest known revision. */
const revisionExchange: Exchange = ({ forward }) => (operations) =>
  forward(
    pipe(
      operations,
      map((operation) =>
        operation.kind === "query"
          ? makeOperation(operation.kind, operation, { ...operation.context, url: atRevision(operation.context.url) })
          : operation,
      ),
    ),
  );

export function client(endpoint: string): Client {
  const socket = createSocket({ url: endpoint.replace(/^http/, "ws") });
  return new Client({
    url: endpoint,
    fetch: fetchAtRevision,
    exchanges: [
      cacheExchange({ keys: Object.fromEntries(VALUE_TYPES.map((type) => [type, () => null])) }),
      revisionExchange,
      persistedExchange({
        enforcePersistedQueries: true,
        enableForSubscriptions: true,
        preferGetForPersistedQueries: true,
        generateHash: async (_, document) => (document as { __meta__?: { hash?: string } }).__meta__?.hash ?? "",
      }),
      subscriptionExchange({
        forwardSubscription: (request) => ({
          subscribe: (sink) => ({
            unsubscribe: socket.subscribe(
              { ...request, query: request.query ?? "" },
              {
                // Only the members the message has (strict TypeScript: exactOptionalPropertyTypes).
                next: ({ data, errors, extensions }) =>
                  sink.next({
                    ...(data !== undefined ? { data } : {}),
                    ...(errors !== undefined ? { errors } : {}),
                    ...(extensions ? { extensions } : {}),
                  }),
                error: (error) => sink.error(error),
                complete: () => sink.complete(),
              },
            ),
          }),
        }),
      }),
      fetchExchange,
    ],
  });
}
