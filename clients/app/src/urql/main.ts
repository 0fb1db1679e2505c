// The urql page: the programme's sessions, the data version in the footer, and a notice when a
// `dataRevision` event announces a new revision, after which both queries are read again (at
// the new revision's URLs). `?api=<GraphQL endpoint>` names the API; `&revision=off` keeps the
// plain URLs of a client that does not address its GETs by revision.
import { graphql } from "../gql";
import { learnRevision } from "../revision";
import { client } from "./client";

const SessionsQuery = graphql(`
  query UrqlSessions {
    sessions(first: 100) { totalCount nodes { id slug title } }
  }
`);

const VersionQuery = graphql(`
  query UrqlDatasetVersion {
    dataset { version shortVersion revision }
  }
`);

const RevisionSubscription = graphql(`
  subscription UrqlRevision {
    dataRevision { version shortVersion revision }
  }
`);

const params = new URLSearchParams(window.location.search);
const endpoint = params.get("api") ?? `${window.location.origin}/graphql`;
const addressed = params.get("revision") !== "off";
const urql = client(endpoint);

function element(selector: string): HTMLElement {
  const found = document.querySelector<HTMLElement>(selector);
  if (!found) throw new Error(`the page has no ${selector}`);
  return found;
}

/** Reads both queries (`network-only` after a new revision) and shows them. */
async function show(policy: "cache-first" | "network-only"): Promise<void> {
  const [sessions, version] = await Promise.all([
    urql.query(SessionsQuery, {}, { requestPolicy: policy }).toPromise(),
    urql.query(VersionQuery, {}, { requestPolicy: policy }).toPromise(),
  ]);
  const list = element("ol.sessions");
  list.replaceChildren(
    ...(sessions.data?.sessions.nodes ?? []).map((session) => {
      const item = document.createElement("li");
      item.dataset["slug"] = session.slug;
      item.textContent = session.title;
      return item;
    }),
  );
  const dataset = version.data?.dataset;
  if (dataset) element(".data-version").textContent = dataset.shortVersion;
}

let first: string | null = null;
urql.subscription(RevisionSubscription, {}).subscribe((result) => {
  const revision = result.data?.dataRevision;
  if (!revision) return;
  if (addressed) learnRevision(revision.revision);
  if (first === null) {
    first = revision.version;
  } else if (revision.version !== first) {
    first = revision.version;
    element("p.notice").textContent = `The programme was updated (data version ${revision.shortVersion}).`;
    element("p.notice").hidden = false;
    void show("network-only");
  }
});
void show("cache-first");
