// A raw WebSocket to the service (the `ws` package: Node 20 has no global WebSocket), for what a
// GraphQL client library hides: close codes, refusals of the upgrade, the legacy protocol.
import WebSocket from "ws";

import { events } from "./events.js";

/** `http://...` as `ws://...`. */
export function wsUrl(endpoint) {
  return endpoint.replace(/^http/, "ws");
}

/** Opens a socket speaking `protocol` (`null`: none). Resolves with its helpers once open, or with
 * `{ refused: { status, headers, body } }` when the service answers the upgrade with HTTP. */
export function openSocket(endpoint, { protocol = "graphql-transport-ws", origin, autoPong = true } = {}) {
  const headers = origin ? { origin } : {};
  const socket = protocol === null
    ? new WebSocket(wsUrl(endpoint), { headers, autoPong })
    : new WebSocket(wsUrl(endpoint), protocol, { headers, autoPong });
  const messages = events();
  let pings = 0;
  socket.on("message", (data) => messages.sink.next(JSON.parse(data.toString())));
  socket.on("ping", () => pings++);
  const closed = new Promise((resolve) =>
    socket.once("close", (code, reason) => resolve({ code, reason: reason.toString() })));
  return new Promise((resolve, reject) => {
    socket.once("unexpected-response", (_request, response) => {
      let body = "";
      response.on("data", (chunk) => (body += chunk));
      response.on("end", () =>
        resolve({ refused: { status: response.statusCode, headers: response.headers, body: JSON.parse(body) } }));
    });
    socket.once("error", (error) => reject(error));
    socket.once("open", () =>
      resolve({
        socket,
        protocol: socket.protocol,
        closed,
        pings: () => pings,
        send: (message) => socket.send(typeof message === "string" ? message : JSON.stringify(message)),
        /** The next message the service sends (within `ms`). */
        next: (ms = 10000) => messages.next(ms),
        close: () => socket.close(),
      }));
  });
}

/** Opens a graphql-transport-ws socket and completes its handshake. */
export async function initialisedSocket(endpoint, options) {
  const open = await openSocket(endpoint, options);
  if (open.refused) throw new Error(`upgrade refused: ${JSON.stringify(open.refused)}`);
  open.send({ type: "connection_init" });
  const ack = await open.next();
  if (ack.type !== "connection_ack") throw new Error(`no ack: ${JSON.stringify(ack)}`);
  return open;
}
