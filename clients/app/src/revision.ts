// Content-addressed GETs: once the page knows the served revision (`Dataset.revision`, which
// every `dataRevision` event carries), each GraphQL GET names it as `revision=<token>`. An
// answer at the served revision is `immutable`, so the browser and any CDN keep it for good,
// and a new revision is a new URL: a refetch after an event can never meet a stale copy.
// A replica behind the token (a load not seen there yet) answers its own data with
// `Cache-Control: no-store`; the fetch below then waits a moment and asks once more.

let latest: string | null = null;

/** Remembers the newest revision token the page has been told of. */
export function learnRevision(token: string): void {
  latest = token;
}

/** `url` with the newest known revision token as its `revision` parameter (unchanged before
 * the page knows one). */
export function atRevision(url: string): string {
  if (latest === null) return url;
  const addressed = new URL(url);
  addressed.searchParams.set("revision", latest);
  return addressed.toString();
}

/** `fetch`, asking once more after `delayMs` when a GET that named a revision was answered
 * from another one (`no-store`: the replica has not seen that revision yet). */
export async function fetchAtRevision(input: RequestInfo | URL, init?: RequestInit, delayMs = 300): Promise<Response> {
  const response = await fetch(input, init);
  const named = new URL(input instanceof Request ? input.url : String(input)).searchParams.has("revision");
  if (!named || !response.ok || response.headers.get("cache-control") !== "no-store") return response;
  await new Promise((resolve) => setTimeout(resolve, delayMs));
  return fetch(input, init);
}
