// A session reached by its slug (`#/session/day1-panel-1`): a readable URL, no global id.
import { useQuery } from "@apollo/client/react";

import { graphql } from "./gql";

const SessionQuery = graphql(`
  query Session($slug: String!, $zone: String!) {
    session(slug: $slug) {
      id
      slug
      title
      kindLabel
      description
      theme { id name }
      localStart(timeZone: $zone) { date time abbreviation timeZone }
      localEnd(timeZone: $zone) { time }
      appearances {
        talkTitle
        note
        speaker { id name role organisation { id name } country { id code } }
      }
    }
  }
`);

export function SessionPage({ slug, zone }: { slug: string; zone: string }) {
  const { data, error } = useQuery(SessionQuery, { variables: { slug, zone } });
  if (error) return <p role="alert">{error.message}</p>;
  if (!data) return <p>Loading…</p>;
  const session = data.session;
  if (!session) return <p role="status">No session has the slug “{slug}”.</p>;
  return (
    <article>
      <p>
        <a href={`#/?tz=${encodeURIComponent(zone)}`}>← Programme</a>
      </p>
      <h1>{session.title}</h1>
      <p>
        <span className="time">
          {session.localStart.date}, {session.localStart.time}–{session.localEnd.time} {session.localStart.abbreviation} (
          {session.localStart.timeZone})
        </span>
        <span className="kind">{session.kindLabel}</span>
        {session.theme && <span className="kind">{session.theme.name}</span>}
      </p>
      {session.description && <p>{session.description}</p>}
      <ul aria-label="Speakers">
        {session.appearances.map((a) => (
          <li key={a.speaker.id}>
            <strong>{a.speaker.name}</strong>
            {a.speaker.role ? `, ${a.speaker.role}` : ""}, {a.speaker.organisation.name} ({a.speaker.country?.code ?? "—"})
            {a.talkTitle && <em>: {a.talkTitle}</em>}
            {a.note && <span className="kind">{a.note}</span>}
          </li>
        ))}
      </ul>
    </article>
  );
}
