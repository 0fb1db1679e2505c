// Live updates: the app follows `dataRevision` over the WebSocket transport. When the data is
// reloaded while the page is open, it says so and reads every query on screen again.
import { useApolloClient, useSubscription } from "@apollo/client/react";
import { useRef, useState } from "react";

import { graphql } from "./gql";

const RevisionSubscription = graphql(`
  subscription Revision {
    dataRevision { version shortVersion loadedAt }
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
