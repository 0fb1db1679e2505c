// GraphQL Code Generator for the app: the client preset with persisted documents whose ids are
// the GraphQL-over-HTTP persisted-documents appendix's `sha256:<hex>` (draft Appendix A,
// graphql/graphql-over-http#264), and `__typename` added to every selection before the hash is
// taken, so that the stored documents are the ones Apollo's cache sends and normalises.
import { createHash } from "node:crypto";
import { resolve } from "node:path";

import { generate } from "@graphql-codegen/cli";
import { addTypenameSelectionDocumentTransform } from "@graphql-codegen/client-preset";

const here = import.meta.dirname;

/** The appendix's prefixed document identifier of a document text. */
export function documentId(text) {
  return `sha256:${createHash("sha256").update(text).digest("hex")}`;
}

/** The configuration: `schema` is the live URL or `schema.graphql`. */
export function config(schema) {
  return {
    schema,
    documents: [resolve(here, "src/**/*.{ts,tsx}"), `!${resolve(here, "src/gql/**")}`],
    ignoreNoDocuments: false,
    silent: true,
    generates: {
      [`${resolve(here, "src/gql")}/`]: {
        preset: "client",
        presetConfig: {
          fragmentMasking: false,
          persistedDocuments: { mode: "embedHashInDocument", hashAlgorithm: documentId },
        },
        documentTransforms: [addTypenameSelectionDocumentTransform],
        config: {
          scalars: { DateTime: "string", Date: "string" },
          enumsAsTypes: true,
          useTypeImports: true,
        },
      },
    },
  };
}

/** Writes `src/gql/` (types, documents with their ids, `persisted-documents.json`). */
export async function run(schema) {
  await generate(config(schema), true);
}
