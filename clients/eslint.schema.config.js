// @graphql-eslint over the served schema (schema.graphql): the recommended schema rules and
// all of the Relay rules, with two settings of this project's, each with its reason. Run by
// test/schema-lint.test.js (and README "For front-end teams").
import graphql from "@graphql-eslint/eslint-plugin";

const schema = new URL("../schema.graphql", import.meta.url).pathname;

/** Object types that are values, not entities (or, like `Dataset`, the one answer of a root
 * field): they have no identity of their own and are
 * read embedded in their owner (a cache must not normalise them). Connection and edge types
 * are values too (see `suffixes`). */
const VALUES = [
  "Appearance", "Completeness", "Contact", "Coordinates", "Dataset", "LeadingAreaRound", "LocalDateTime",
  "PageInfo", "ParticipationGroup", "ProgrammeMembership", "Provenance", "ReferenceList",
  "SessionKindLabel", "Source",
];

export default [
  {
    files: ["schema.graphql"],
    languageOptions: { parser: graphql.parser, parserOptions: { graphQLConfig: { schema } } },
    plugins: { "@graphql-eslint": graphql },
    rules: {
      ...graphql.configs["flat/schema-recommended"].rules,
      ...graphql.configs["flat/schema-relay"].rules,
      // Kept, with the values listed: every entity has a non-null `id: ID!` (and is a Node).
      "@graphql-eslint/strict-id-in-types": [
        "error",
        { exceptions: { types: VALUES, suffixes: ["Connection", "Edge"] } },
      ],
      // Kept for edges (a node, a cursor, the node's type), without `listTypeCanWrapOnlyEdgeType`:
      // short bounded lists (a session's speakers, the themes, the countries) are plain lists
      // by design, as the contract has them, and every connection offers `nodes` beside `edges`.
      "@graphql-eslint/relay-edge-types": ["error", { listTypeCanWrapOnlyEdgeType: false }],
    },
  },
];
