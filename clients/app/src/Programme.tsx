// The programme: a theme filter, a time-zone switch over the API's local-time fields, day
// headings from `dayNumber`, and "Load more" over the README's type policy.
import { useQuery } from "@apollo/client/react";

import { graphql } from "./gql";

const ThemesQuery = graphql(`
  query Themes {
    themes { id slug name }
  }
`);

const ProgrammeQuery = graphql(`
  query Programme($theme: String, $zone: String!, $after: String) {
    sessions(filter: { theme: $theme }, first: 4, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        cursor
        node {
          id
          slug
          title
          kindLabel
          dayNumber
          theme { id name }
          localStart(timeZone: $zone) { date time abbreviation dayOfEvent }
          localEnd(timeZone: $zone) { time }
        }
      }
    }
  }
`);

/** The zones of the switch: the event page's two labels, UTC, and the browser's own. */
function zones(): string[] {
  const own = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return [...new Set(["CET", "JST", "UTC", own])];
}

function go(theme: string | null, zone: string) {
  const params = new URLSearchParams({ tz: zone });
  if (theme) params.set("theme", theme);
  window.location.hash = `#/?${params}`;
}

/** Sessions grouped by the day of the event they are on, in order. */
function days<T extends { dayNumber: number }>(sessions: T[]): [number, T[]][] {
  const groups: [number, T[]][] = [];
  for (const session of sessions) {
    const last = groups[groups.length - 1];
    if (last && last[0] === session.dayNumber) last[1].push(session);
    else groups.push([session.dayNumber, [session]]);
  }
  return groups;
}

export function Programme({ theme, zone }: { theme: string | null; zone: string }) {
  // The themes in their own request: a stale slug in the URL cannot blank them.
  const themes = useQuery(ThemesQuery);
  const known = themes.data?.themes ?? [];
  const stale = theme !== null && themes.data !== undefined && !known.some((t) => t.slug === theme);
  const filter = stale ? null : theme;
  const programme = useQuery(ProgrammeQuery, {
    variables: { theme: filter, zone },
    skip: themes.data === undefined,
  });
  const connection = programme.data?.sessions;
  const sessions = connection?.edges.map((edge) => edge.node) ?? [];
  return (
    <>
      <h1>EU–Japan 100 Cities Event on Climate Action</h1>
      <div className="bar">
        <label>
          Theme{" "}
          <select aria-label="Theme" value={filter ?? ""} onChange={(e) => go(e.target.value || null, zone)}>
            <option value="">All themes</option>
            {known.map((t) => (
              <option key={t.id} value={t.slug}>
                {t.name}
              </option>
            ))}
          </select>
        </label>
        <span role="group" aria-label="Time zone">
          {zones().map((z) => (
            <button key={z} type="button" aria-pressed={z === zone} onClick={() => go(filter, z)}>
              {z}
            </button>
          ))}
        </span>
      </div>
      {stale && (
        <p className="notice" role="status">
          The theme “{theme}” is not on the programme (any more): showing every session.
        </p>
      )}
      {programme.error && <p role="alert">{programme.error.message}</p>}
      {connection && (
        <p>
          {connection.totalCount} {connection.totalCount === 1 ? "session" : "sessions"}, {sessions.length} shown
        </p>
      )}
      {days(sessions).map(([day, list]) => (
        <section key={day} aria-label={`Day ${day}`}>
          <h2>
            Day {day}: {list[0]?.localStart.date}
          </h2>
          <ol className="sessions">
            {list.map((s) => (
              <li key={s.id} data-slug={s.slug}>
                <span className="time">
                  {s.localStart.time}–{s.localEnd.time} {s.localStart.abbreviation}
                </span>
                <a href={`#/session/${s.slug}?tz=${encodeURIComponent(zone)}`}>{s.title}</a>
                <span className="kind">{s.kindLabel}</span>
              </li>
            ))}
          </ol>
        </section>
      ))}
      {connection?.pageInfo.hasNextPage && (
        <button
          type="button"
          onClick={() => void programme.fetchMore({ variables: { after: connection.pageInfo.endCursor ?? null } })}
        >
          Load more
        </button>
      )}
    </>
  );
}
