// Routes on the URL's hash: `#/session/<slug>` is a session page, anything else the programme
// (`#/?theme=<slug>&tz=<zone>` keeps the filter and the zone in the URL).
import { useEffect, useState } from "react";

import { Programme } from "./Programme";
import { DatasetFooter, RevisionNotice } from "./Revision";
import { SessionPage } from "./SessionPage";
import { styles } from "./styles";

/** What the hash asks for. */
export type Route = { page: "programme"; theme: string | null; zone: string } | { page: "session"; slug: string; zone: string };

export function parseRoute(hash: string): Route {
  const [path = "", query = ""] = hash.replace(/^#/, "").split("?");
  const params = new URLSearchParams(query);
  const zone = params.get("tz") ?? "CET";
  const session = path.match(/^\/session\/([a-z0-9-]+)$/);
  if (session?.[1]) return { page: "session", slug: session[1], zone };
  return { page: "programme", theme: params.get("theme"), zone };
}

export function App() {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const follow = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener("hashchange", follow);
    return () => window.removeEventListener("hashchange", follow);
  }, []);
  return (
    <main style={styles.main}>
      <style>{styles.sheet}</style>
      <RevisionNotice />
      {route.page === "session" ? (
        <SessionPage slug={route.slug} zone={route.zone} />
      ) : (
        <Programme theme={route.theme} zone={route.zone} />
      )}
      <DatasetFooter />
    </main>
  );
}
