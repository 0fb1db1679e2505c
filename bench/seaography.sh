#!/usr/bin/env bash
# The Seaography peer of the benchmark (issue 12), generated at bench time over our own SQLite
# file, as a new user would: sea-orm-cli writes the entities (`--seaography`), seaography-cli
# writes an axum server around them, cargo builds it. Everything lands in target/ (scratch,
# never committed).
#
#   bash bench/seaography.sh DATABASE_FILE     # prints the path of the built server
#
# The CLIs are installed once, with `cargo install --locked`, into target/bench-tools.
# Known snag (sea-orm-cli 2.0.4): over our schema it writes a `RelatedEntity` variant twice
# where two paths join the same tables (event <-> organisation, directly and through the
# organiser link); bench/drop_duplicate_related.py drops the repeat so that the crate builds.
set -euo pipefail
cd "$(dirname "$0")/.."

database=$(realpath "$1")
tools=$PWD/target/bench-tools
peer=$PWD/target/bench-seaography
sea_orm_cli_version=2.0.4
seaography_cli_version=2.0.0-rc.9

if [ ! -x "$tools/bin/sea-orm-cli" ]; then
  cargo install --quiet --locked --root "$tools" "sea-orm-cli@$sea_orm_cli_version" >&2
fi
if [ ! -x "$tools/bin/seaography-cli" ]; then
  cargo install --quiet --locked --root "$tools" "seaography-cli@$seaography_cli_version" >&2
fi

# Regenerated every run (the schema may have changed); the build folder is kept between runs.
rm -rf "$peer/src"
mkdir -p "$peer/src"
"$tools/bin/sea-orm-cli" generate entity --seaography \
  -u "sqlite://$database" -o "$peer/src/entities" >/dev/null
python3 bench/drop_duplicate_related.py "$peer/src/entities" >&2
"$tools/bin/seaography-cli" -o "$peer" -e "$peer/src/entities" -u "sqlite://$database" \
  -f axum seaography-peer >/dev/null
# As ours runs with RUST_LOG=warn: the generated server logs every SQL statement at INFO (a
# fixed level, no RUST_LOG), which would measure logging rather than the GraphQL stack.
sed -i 's/tracing::Level::INFO/tracing::Level::WARN/' "$peer/src/main.rs"
grep -q 'tracing::Level::WARN' "$peer/src/main.rs"
cargo build --quiet --release --manifest-path "$peer/Cargo.toml" --target-dir "$peer/target" >&2
echo "$peer/target/release/seaography-peer"
