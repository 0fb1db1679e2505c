// The programme app: `?api=<GraphQL endpoint>` names the API (another origin in the test).
import { ApolloProvider } from "@apollo/client/react";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";

import { App } from "./App";
import { client } from "./apollo";

const endpoint = new URLSearchParams(window.location.search).get("api") ?? `${window.location.origin}/graphql`;
const root = document.getElementById("root");
if (root) {
  createRoot(root).render(
    <StrictMode>
      <ApolloProvider client={client(endpoint)}>
        <App />
      </ApolloProvider>
    </StrictMode>,
  );
}
