// Live updates: the app follows `dataRevision` over the WebSocket transport. Each event's token
// addresses the queries that follow (revision.ts); when the data is reloaded while the page is
// open, it says so and reads every query on screen again, at the new revision's URLs.
import { useApolloClient, useQuery, useSubscription } from "@apollo/client/react";
import { useRef, useState } from "react";

import { graphql } from "./gql";
import { learnRevision } from "./revision";

const RevisionSubscription = graphql(`
  subscription Revision {
    dataRevision { version shortVersion loadedAt revision }
  }
`);

const DatasetQuery = graphql(`
  query DatasetVersion {
    dataset { version shortVersion revision }
  }
`);

/** A notice, once the data served has changed since the page opened. */
export function RevisionNotice() {
  const client = useApolloClient();
  const first = useRef<string | null>(null);
  const [updated, setUpdated] = useState<string | null>(null);
  useSubscription(RevisionSubscription, {
    onData: ({ data }) => {
      const revision = data.data?.dataRevision;
      if (!revision) return;
      learnRevision(revision.revision);
      if (first.current === null) {
        first.current = revision.version;
      } else if (revision.version !== first.current) {
        first.current = revision.version;
        setUpdated(revision.shortVersion);
        void client.refetchQueries({ include: "active" });
      }
    },
  });
  if (!updated) return null;
  return (
    <p className="notice" role="status">
      The programme was updated (data version {updated}); this page shows it now.
    </p>
  );
}

/** The data version the page shows, as its answers name it. */
export function DatasetFooter() {
  const { data } = useQuery(DatasetQuery);
  const dataset = data?.dataset;
  if (!dataset) return null;
  return (
    <footer>
      Data version <span className="data-version">{dataset.shortVersion}</span>
    </footer>
  );
}
