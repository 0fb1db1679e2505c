// The documents relay-compiler reads (never executed: the tests import the artifacts it writes
// to ../__generated__). A programme list that pages backwards with Relay's @connection and a
// @refetchable fragment, as `usePaginationFragment`'s `loadPrevious` does.
import { graphql } from "relay-runtime";

export const programme = graphql`
  query documentsProgrammeQuery($count: Int!) {
    ...documentsSessions_query @arguments(count: $count)
  }
`;

export const sessions = graphql`
  fragment documentsSessions_query on Query
  @refetchable(queryName: "documentsSessionsPaginationQuery")
  @argumentDefinitions(count: { type: "Int!" }, cursor: { type: "String" }) {
    sessions(last: $count, before: $cursor) @connection(key: "documentsSessions_sessions") {
      totalCount
      edges {
        node {
          id
          slug
          title
        }
      }
    }
  }
`;
