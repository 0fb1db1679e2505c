#!/usr/bin/env bash
# Builds the Dockerfile unchanged with podman and runs the image as the Kubernetes manifests do.
# Run by .ci/run; needs root, podman, runc and debootstrap (Debian packages; .ci/run installs
# them). There is no registry here: the two images the Dockerfile starts from are made locally
# and cached on this machine, each under a tag keyed by what goes into it:
#   debian:bookworm-slim      <- debootstrap --variant=minbase bookworm, from apt's own mirror
#   rust:1.95-slim-bookworm   <- that base + gcc, libc6-dev, ca-certificates + this machine's
#                                Rust toolchain (the one that builds the project everywhere else)
# (podman's complaint that there is no systemd to schedule health checks goes to
# target/container/podman.log: the health command is run here by hand.)
# Then: build (--format docker, so that HEALTHCHECK is kept), run as uid 10001 with a read-only
# root filesystem and a data volume, check the health command, a GraphQL answer, a feed, JSON
# logs, and a graceful stop on SIGTERM. Prints the image size and each step's time.
set -euo pipefail
cd "$(dirname "$0")/.."

work="$PWD/target/container"
mkdir -p "$work"
export CONTAINERS_CONF="$work/containers.conf"
# No setrlimit in this sandbox (podman's default ulimits fail with RLIMIT_NPROC), no systemd
# (cgroupfs), and crun refuses hybrid cgroups: runc.
cat >"$CONTAINERS_CONF" <<'EOF'
[containers]
default_ulimits = []
[engine]
cgroup_manager = "cgroupfs"
runtime = "runc"
EOF

step() { printf '== container: %s (%ss)\n' "$1" "$SECONDS"; }
mirror=$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -1)
mirror=${mirror:-http://deb.debian.org/debian}
key() { printf '%s' "$*" | sha256sum | cut -c1-16; }

# The runtime base: a minbase bookworm, made slim as Debian's `-slim` images are: no
# documentation, manual pages or translations, now or in what apt installs later.
slim='path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/groff/*
path-exclude /usr/share/info/*
path-exclude /usr/share/lintian/*
path-exclude /usr/share/locale/*'
base_key=$(key "debootstrap minbase bookworm $mirror $slim")
if ! podman image exists "localhost/cities-base:$base_key"; then
  step "debootstrap minbase bookworm from $mirror"
  rm -rf "$work/rootfs"
  debootstrap --variant=minbase bookworm "$work/rootfs" "$mirror" >"$work/debootstrap.log" 2>&1
  printf '%s\n' "$slim" >"$work/rootfs/etc/dpkg/dpkg.cfg.d/slim"
  find "$work/rootfs/usr/share/doc" -mindepth 2 ! -name copyright -delete 2>/dev/null || true
  rm -rf "$work/rootfs"/usr/share/{man,groff,info,lintian,locale}/* \
    "$work/rootfs"/var/cache/apt/*.bin "$work/rootfs"/var/lib/apt/lists/*
  tar -C "$work/rootfs" -c . | podman import - "localhost/cities-base:$base_key" >/dev/null 2>&1
  rm -rf "$work/rootfs"
fi
podman tag "localhost/cities-base:$base_key" docker.io/library/debian:bookworm-slim

# The build stage's image: the base, a C toolchain for the crates that build C, and Rust.
sysroot=$(rustc --print sysroot)
rust_version=$(rustc --version)
builder_key=$(key "$base_key gcc libc6-dev ca-certificates $rust_version")
if ! podman image exists "localhost/cities-builder:$builder_key"; then
  step "builder image ($rust_version)"
  cat >"$work/Containerfile.builder" <<EOF
FROM localhost/cities-base:$base_key
RUN apt-get update && apt-get install -y --no-install-recommends gcc libc6-dev ca-certificates \
    && rm -rf /var/lib/apt/lists/*
RUN cp -a /toolchain /usr/local/rust
ENV PATH=/usr/local/rust/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
EOF
  podman build --network host -v "$sysroot:/toolchain:ro" -f "$work/Containerfile.builder" \
    -t "localhost/cities-builder:$builder_key" "$work" >"$work/builder.log" 2>&1
fi
podman tag "localhost/cities-builder:$builder_key" docker.io/library/rust:1.95-slim-bookworm

# What earlier runs left: base and builder images of other keys, and build stages older than
# half an hour (a rebuild leaves its build stage, about 4 GB, untagged; the newest stays, so
# that an unchanged context is a cache hit).
remove_other_keys() {
  local name=$1 keep=$2 tag
  for tag in $(podman images --format '{{.Repository}}:{{.Tag}}'); do
    case "$tag" in
      "$name:$keep") ;;
      "$name:"*) podman rmi "$tag" >/dev/null 2>&1 || true ;;
    esac
  done
}
remove_other_keys localhost/cities-base "$base_key"
remove_other_keys localhost/cities-builder "$builder_key"
podman image prune -f --filter until=30m >/dev/null 2>&1 || true

# The image itself, from the Dockerfile as it stands. Crate downloads pass through this
# machine's TLS setup: its CA certificates are mounted into the build.
step "podman build"
if ! podman build --format docker --network host -v /etc/ssl/certs:/etc/ssl/certs:ro \
  -t localhost/cities-api:ci . >"$work/build.log" 2>&1; then
  tail -n 40 "$work/build.log" >&2
  exit 1
fi
size=$(podman image inspect localhost/cities-api:ci --format '{{.Size}}')
echo "image size: $((size / 1000000)) MB"

# Run it as the manifests do: uid 10001, read-only root, the data volume.
step "run"
port=18$((RANDOM % 900 + 100))
podman volume rm -f cities-ci-data >/dev/null 2>&1 || true
podman volume create cities-ci-data >/dev/null
podman rm -f cities-ci >/dev/null 2>&1 || true
podman run -d --name cities-ci --network host --read-only \
  -v cities-ci-data:/var/lib/cities-api -e LISTEN_ADDR="127.0.0.1:$port" \
  localhost/cities-api:ci >/dev/null 2>>"$work/podman.log"
trap 'podman rm -f cities-ci >/dev/null 2>&1 || true' EXIT
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
  sleep 0.2
done
test "$(podman exec cities-ci id -u)" = 10001
podman exec cities-ci cities-api healthcheck --listen "127.0.0.1:$port"
health=$(podman inspect cities-ci --format '{{.Config.Healthcheck.Test}}')
case "$health" in *healthcheck*) ;; *) echo "no HEALTHCHECK in the image: $health" >&2; exit 1 ;; esac
answer=$(curl -fsS "http://127.0.0.1:$port/graphql" -H 'content-type: application/json' \
  -d '{"query":"{ sessions { totalCount } }"}')
test "$answer" = '{"data":{"sessions":{"totalCount":13}}}' || { echo "answer: $answer" >&2; exit 1; }
# No `grep -q` or `head` on a pipe (pipefail would see the writer's SIGPIPE): files.
curl -fsS "http://127.0.0.1:$port/schedule.ics" >"$work/schedule.ics"
grep -c 'BEGIN:VEVENT' "$work/schedule.ics" >/dev/null
podman logs cities-ci >"$work/run.log" 2>&1
python3 - "$work/run.log" <<'PY'
import json, sys
lines = [line for line in open(sys.argv[1]) if line.strip()]
assert lines, "the service logged nothing"
for line in lines:
    json.loads(line)  # every line is JSON (LOG_FORMAT=json)
PY

# SIGTERM: in-flight requests finish, then exit 0 within the shutdown timeout.
step "stop"
started=$SECONDS
podman stop --time 30 cities-ci >/dev/null 2>>"$work/podman.log"
code=$(podman inspect cities-ci --format '{{.State.ExitCode}}')
test "$code" = 0 || { echo "exit code $code" >&2; podman logs --tail 5 cities-ci >&2; exit 1; }
echo "stopped with exit 0 in $((SECONDS - started)) s"
podman rm -f cities-ci >/dev/null 2>>"$work/podman.log"
podman volume rm -f cities-ci-data >/dev/null

# Three replicas of the image on this machine's PostgreSQL (host network, three ports): one
# load, identical answers, and a `load-data` (from a fourth container of the image) seen by all
# three within --data-version-max-age.
step "three replicas on PostgreSQL"
pg=${CONTAINER_PG:-postgres://postgres@127.0.0.1:5432}
export PGOPTIONS='--client-min-messages=warning' 
database="cities_container_ci"
psql "$pg/postgres" -qc "DROP DATABASE IF EXISTS $database WITH (FORCE)" -c "CREATE DATABASE $database" >/dev/null
url="$pg/$database"
replicas=()
for n in 1 2 3; do
  replica_port=$((port + n))
  podman rm -f "cities-ci-$n" >/dev/null 2>&1 || true
  podman run -d --name "cities-ci-$n" --network host --read-only \
    -e LISTEN_ADDR="127.0.0.1:$replica_port" -e DATABASE_URL="$url" \
    localhost/cities-api:ci >/dev/null 2>>"$work/podman.log"
  replicas+=("$replica_port")
done
trap 'podman rm -f cities-ci cities-ci-1 cities-ci-2 cities-ci-3 >/dev/null 2>&1 || true' EXIT
version_at() {
  curl -fsS "http://127.0.0.1:$1/graphql" -H 'content-type: application/json' \
    -d '{"query":"{ dataset { version } sessions { totalCount } }"}'
}
for replica_port in "${replicas[@]}"; do
  for _ in $(seq 1 150); do
    curl -fsS "http://127.0.0.1:$replica_port/readyz" >/dev/null 2>&1 && break
    sleep 0.2
  done
done
first=$(version_at "${replicas[0]}")
for replica_port in "${replicas[@]}"; do
  test "$(version_at "$replica_port")" = "$first" || { echo "replicas disagree" >&2; exit 1; }
done
loads=0
for n in 1 2 3; do
  podman logs "cities-ci-$n" >"$work/replica-$n.log" 2>&1
  loads=$((loads + $(grep -c 'loaded the built-in dataset into an empty database' "$work/replica-$n.log" || true)))
done
test "$loads" = 1 || { echo "$loads replicas loaded the dataset" >&2; exit 1; }
# A new dataset version: a copy of the repository's data whose Mission list completeness note
# names this reload (a comment alone is the same version: the version follows the content).
rm -rf "$work/data-next"
cp -r data "$work/data-next"
sed -i '0,/^note = "/s//note = "(reloaded by scripts\/container-check.sh) /' \
  "$work/data-next/reference/completeness.toml"
grep -F '(reloaded by scripts/container-check.sh)' "$work/data-next/reference/completeness.toml" >/dev/null
podman run --rm --network host --read-only -v "$work/data-next:/data-next:ro" \
  -e DATABASE_URL="$url" localhost/cities-api:ci load-data --data-dir /data-next \
  >"$work/load-data.log" 2>&1
# Each replica reads the revision at most --data-version-max-age (1 s) after the last read,
# then builds the new programme beside the old one: within seconds, never by a restart.
seen_by_all() {
  local reference
  reference=$(version_at "${replicas[0]}")
  [ "$reference" != "$first" ] || return 1
  for replica_port in "${replicas[@]}"; do
    [ "$(version_at "$replica_port")" = "$reference" ] || return 1
  done
}
for attempt in $(seq 1 50); do
  seen_by_all && break
  [ "$attempt" = 50 ] && { echo "the replicas did not all serve the new version in 10 s" >&2; exit 1; }
  sleep 0.2
done
podman rm -f cities-ci-1 cities-ci-2 cities-ci-3 >/dev/null 2>>"$work/podman.log"
psql "$pg/postgres" -qc "DROP DATABASE IF EXISTS $database WITH (FORCE)" >/dev/null
rm -rf "$work/data-next"
echo "three replicas: one load, identical answers, a load-data seen by all three"
step "done"
