#!/usr/bin/env bash
# Stops the dockerd that .ci/docker-up.sh started, by the pid in its pidfile, and removes its state.
# Set IPG_DOCKER_KEEP=1 to keep the state dir (images, logs) for inspection.
set -euo pipefail

state_dir="${IPG_DOCKER_DIR:-${TMPDIR:-/tmp}/ipg-docker}"
pidfile="$state_dir/dockerd.pid"

say() { printf 'docker-down: %s\n' "$*" >&2; }

if [ ! -s "$pidfile" ]; then
  say "no pidfile at $pidfile: nothing to stop"
else
  pid="$(cat "$pidfile")"
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    # dockerd stops its containerd child and unmounts before exiting; give it a bounded time.
    for _ in $(seq 1 30); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 1
    done
    if kill -0 "$pid" 2>/dev/null; then
      say "dockerd pid $pid still running after 30s: sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
    fi
    say "stopped dockerd pid $pid"
  else
    say "dockerd pid $pid is not running"
  fi
  rm -f "$pidfile"
fi
rm -f "$state_dir/env"
if [ "${IPG_DOCKER_KEEP:-}" != 1 ] && [ -d "$state_dir" ]; then
  # Leftover mounts under the exec root would make rm fail; vfs uses none, but be safe.
  rm -rf "$state_dir" 2>/dev/null || say "could not remove all of $state_dir (left in place)"
fi
