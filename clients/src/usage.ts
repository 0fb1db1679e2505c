// A front-end's typed usage of the API, checked by `tsc --noEmit` in strict mode against the
// types that GraphQL Code Generator (client preset) writes from the schema.
import type { ResultOf, VariablesOf } from "@graphql-typed-document-node/core";

import { graphql } from "../gen/file/gql";

export const ProgrammeQuery = graphql(`
  query Programme($first: Int, $after: String) {
    sessions(first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes {
        id
        title
        kind
        day
        startsAt(timeZone: "Asia/Tokyo")
        theme { id slug name }
        speakers { id name organisation { id name kind } city { id name nameJa } country { id code } }
      }
    }
  }
`);

export const PairingsQuery = graphql(`
  query Pairings($theme: String) {
    cityPairings(filter: { theme: $theme }) {
      id
      japanCity { id name }
      euCity { id name country { id code name } }
      sessions { id title }
    }
  }
`);

type Programme = ResultOf<typeof ProgrammeQuery>;

/** Every speaker's body: never null in the schema, so no optional chaining is needed. */
export function bodies(programme: Programme): string[] {
  return programme.sessions.nodes.flatMap((session) =>
    session.speakers.map((speaker) => speaker.organisation.name),
  );
}

/** Instants and dates are strings (RFC 3339 / ISO 8601, as their @specifiedBy says). */
export function starts(programme: Programme): Array<[string, string]> {
  return programme.sessions.nodes.map((session) => [session.day, session.startsAt]);
}

export const firstPage: VariablesOf<typeof ProgrammeQuery> = { first: 5 };

/** A pairing names its pair, and each side has a country with an id a cache can key on. */
export function pairs(pairings: ResultOf<typeof PairingsQuery>): string[] {
  return pairings.cityPairings.map(
    (p) => `${p.id}: ${p.japanCity.name}–${p.euCity.name} (${p.euCity.country.code})`,
  );
}
