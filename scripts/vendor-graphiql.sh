#!/usr/bin/env bash
# Refreshes api/assets/graphiql/ from the npm registry: GraphiQL's UMD build and React's
# production UMD files, unchanged, with their licence files.
set -euo pipefail
cd "$(dirname "$0")/.."
graphiql=3.8.3
react=18.3.1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack "graphiql@$graphiql" "react@$react" "react-dom@$react" >/dev/null)
for package in "graphiql-$graphiql" "react-$react" "react-dom-$react"; do
  mkdir -p "$work/$package" && tar xzf "$work/$package.tgz" -C "$work/$package"
done
out=api/assets/graphiql
cp "$work/graphiql-$graphiql/package/graphiql.min.js" "$work/graphiql-$graphiql/package/graphiql.min.css" "$out/"
cp "$work/react-$react/package/umd/react.production.min.js" "$out/"
cp "$work/react-dom-$react/package/umd/react-dom.production.min.js" "$out/"
cp "$work/graphiql-$graphiql/package/LICENSE" "$out/LICENSE.graphiql"
cp "$work/react-$react/package/LICENSE" "$out/LICENSE.react"
cp "$work/react-dom-$react/package/LICENSE" "$out/LICENSE.react-dom"
echo "vendored graphiql $graphiql and react $react into $out"
