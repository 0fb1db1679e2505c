// GraphQL Code Generator, client preset: the same documents typed from the live service's
// introspection and from the repository's schema.graphql. Used by test/codegen.test.js.
import { generate } from "@graphql-codegen/cli";

/** The codegen configuration a front-end team would use; `schema` is a URL or a file. */
export function config(schema, output) {
  return {
    schema,
    documents: ["src/**/*.ts"],
    ignoreNoDocuments: false,
    silent: true,
    generates: {
      [output]: {
        preset: "client",
        config: {
          scalars: { DateTime: "string", Date: "string" },
          enumsAsTypes: true,
          useTypeImports: true,
        },
      },
    },
  };
}

/** Runs codegen; resolves when the files are written. */
export async function run(schema, output) {
  await generate(config(schema, output), true);
}
