#!/usr/bin/env bash
# Starts a private Docker engine for the end-to-end tests, with all its state under one temp dir.
#
#   .ci/docker-up.sh            installs Debian's docker.io when dockerd is missing, starts dockerd in the
#                               background (idempotent: reuses a live one), loads the fixture base images,
#                               writes "$IPG_DOCKER_DIR/env" and prints one line: DOCKER_HOST=unix:///…/docker.sock
#   eval "export $(.ci/docker-up.sh)"   to use it from a shell
#
# Environment: IPG_DOCKER_DIR (default ${TMPDIR:-/tmp}/ipg-docker), IPG_FIXTURES (default
# <repo>/../shared/fixtures/images), IPG_DOCKER_WAIT (seconds to wait for the daemon, default 60),
# IPG_DOCKER_STORAGE_DRIVER (default vfs; .ci/overlay2-up.sh asks for overlay2), IPG_DOCKER_BASES
# (default 1; 0 loads no base images). Everything but the final DOCKER_HOST line goes to stderr.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
state_dir="${IPG_DOCKER_DIR:-${TMPDIR:-/tmp}/ipg-docker}"
fixtures="${IPG_FIXTURES:-$repo_root/../shared/fixtures/images}"
wait_seconds="${IPG_DOCKER_WAIT:-60}"
storage_driver="${IPG_DOCKER_STORAGE_DRIVER:-vfs}"
load_base_images="${IPG_DOCKER_BASES:-1}"
socket="$state_dir/docker.sock"
pidfile="$state_dir/dockerd.pid"
log="$state_dir/dockerd.log"
env_file="$state_dir/env"
# Base images the e2e Dockerfiles build FROM; each archive is loaded as it is tagged inside.
base_archives=(alpine-3.20.docker26.tar busybox-musl.docker20.tar distroless-static.containerd.tar)

say() { printf 'docker-up: %s\n' "$*" >&2; }
die() {
  say "ERROR: $*"
  exit 1
}

# The socket path must fit a sockaddr_un (108 bytes including the scheme-less path and NUL).
if [ "${#socket}" -gt 100 ]; then
  die "socket path '$socket' is too long for a unix socket; set IPG_DOCKER_DIR to a shorter directory"
fi

install_docker() {
  if command -v dockerd >/dev/null 2>&1; then return; fi
  [ "$(id -u)" = 0 ] || die "dockerd is not installed and installing docker.io needs root (apt-get install docker.io)"
  command -v apt-get >/dev/null 2>&1 || die "dockerd is not installed and apt-get is not available to install it"
  say "dockerd not found: installing Debian's docker.io (apt-get)"
  local started=$SECONDS
  export DEBIAN_FRONTEND=noninteractive
  timeout 600 apt-get update -qq </dev/null >&2 || die "apt-get update failed or timed out"
  timeout 900 apt-get install -y -qq docker.io </dev/null >&2 || die "apt-get install docker.io failed or timed out"
  command -v dockerd >/dev/null 2>&1 || die "docker.io installed but dockerd is still not on PATH"
  say "docker.io installed in $((SECONDS - started))s"
}

docker_cli() { DOCKER_HOST="unix://$socket" timeout "${DOCKER_CLI_TIMEOUT:-120}" docker "$@"; }

daemon_answers() { DOCKER_HOST="unix://$socket" timeout 10 docker info >/dev/null 2>&1; }

running_pid() {
  [ -s "$pidfile" ] || return 1
  local pid
  pid="$(cat "$pidfile")"
  kill -0 "$pid" 2>/dev/null && printf '%s' "$pid"
}

start_daemon() {
  mkdir -p "$state_dir/data" "$state_dir/exec"
  # No bridge and no iptables: the e2e builds need no network (RUN uses --network none), and this works
  # inside containers where netfilter is unavailable. vfs needs no kernel overlay support.
  setsid dockerd \
    --iptables=false --ip6tables=false --bridge=none --storage-driver="$storage_driver" \
    --data-root "$state_dir/data" --exec-root "$state_dir/exec" \
    --pidfile "$pidfile" --host "unix://$socket" \
    </dev/null >"$log" 2>&1 &
  local launcher=$!
  say "dockerd starting (pid $launcher, storage driver $storage_driver, log $log)"
  local deadline=$((SECONDS + wait_seconds))
  until daemon_answers; do
    if ! kill -0 "$launcher" 2>/dev/null; then
      say "dockerd exited before answering; last lines of $log:"
      tail -n 30 "$log" >&2 || true
      exit 1
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      say "dockerd did not answer 'docker info' within ${wait_seconds}s; last lines of $log:"
      tail -n 30 "$log" >&2 || true
      kill "$launcher" 2>/dev/null || true
      exit 1
    fi
    sleep 1
  done
  # dockerd writes its own pidfile; keep ours in step in case it has not yet.
  [ -s "$pidfile" ] || echo "$launcher" >"$pidfile"
}

check_fixtures() {
  [ -d "$fixtures" ] || die "fixture images not found at $fixtures (set IPG_FIXTURES)"
  local archive
  for archive in "${base_archives[@]}"; do
    [ -f "$fixtures/$archive" ] || die "fixture $fixtures/$archive is missing"
  done
}

load_bases() {
  local archive tag
  for archive in "${base_archives[@]}"; do
    local out
    if ! out="$(docker_cli load -i "$fixtures/$archive" 2>&1)"; then
      die "docker load -i $archive failed: $out"
    fi
    tag="$(printf '%s\n' "$out" | sed -n 's/^Loaded image: //p' | head -n 1)"
    say "loaded $archive as ${tag:-<untagged>}"
  done
}

command -v timeout >/dev/null 2>&1 || die "coreutils 'timeout' is required"
if [ "$load_base_images" = 1 ]; then check_fixtures; fi
mkdir -p "$state_dir"
install_docker
command -v docker >/dev/null 2>&1 || die "the docker client is not on PATH"

if pid="$(running_pid)" && daemon_answers; then
  say "reusing dockerd pid $pid on $socket"
else
  if [ -e "$socket" ]; then rm -f "$socket"; fi
  start_daemon
fi
driver="$(docker_cli info --format '{{.Driver}}' 2>&1)" || die "docker info failed: $driver"
[ "$driver" = "$storage_driver" ] || die "the engine on $socket uses storage driver $driver, not $storage_driver (stop it with .ci/docker-down.sh)"
if [ "$load_base_images" = 1 ]; then load_bases; fi
say "engine: $(docker_cli version --format 'client {{.Client.Version}}, server {{.Server.Version}}' 2>&1)"

printf 'DOCKER_HOST=unix://%s\n' "$socket" >"$env_file"
printf 'DOCKER_HOST=unix://%s\n' "$socket"
