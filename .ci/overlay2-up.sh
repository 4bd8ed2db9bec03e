#!/usr/bin/env bash
# Starts a second private Docker engine, with the overlay2 storage driver, as the reference the merge is
# compared with (__tests__/reference/overlay2.test.ts: docker load, create, export). overlay2 is what
# Docker uses by default, GitHub's runners included. Where the kernel refuses overlay2 (some
# containers), falls back to fuse-overlayfs, the same semantics in user space.
#
#   .ci/overlay2-up.sh     prints one line, IPG_OVERLAY2_DOCKER_HOST=unix:///…/docker.sock, and writes it
#                          to $IPG_OVERLAY2_DIR/env; exits 3 when neither driver starts
#
# Environment: IPG_OVERLAY2_DIR (default ${TMPDIR:-/tmp}/ipg-overlay2; keep it short, it holds the
# socket). Stop it with: IPG_DOCKER_DIR="$IPG_OVERLAY2_DIR" .ci/docker-down.sh
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
state_dir="${IPG_OVERLAY2_DIR:-${TMPDIR:-/tmp}/ipg-overlay2}"
say() { printf 'overlay2-up: %s\n' "$*" >&2; }

for driver in overlay2 fuse-overlayfs; do
  if [ "$driver" = fuse-overlayfs ] && ! command -v fuse-overlayfs >/dev/null 2>&1; then
    say "fuse-overlayfs is not installed (apt-get install fuse-overlayfs): no fallback"
    break
  fi
  if line="$(IPG_DOCKER_DIR="$state_dir" IPG_DOCKER_STORAGE_DRIVER="$driver" IPG_DOCKER_BASES=0 "$here/docker-up.sh")"; then
    printf '%s\n' "$driver" >"$state_dir/driver"
    printf 'IPG_OVERLAY2_DOCKER_HOST=%s\n' "${line#DOCKER_HOST=}" >"$state_dir/env"
    say "reference engine with storage driver $driver"
    printf 'IPG_OVERLAY2_DOCKER_HOST=%s\n' "${line#DOCKER_HOST=}"
    exit 0
  fi
  say "no engine with storage driver $driver"
  IPG_DOCKER_DIR="$state_dir" "$here/docker-down.sh" || true
done
say "neither overlay2 nor fuse-overlayfs works here"
exit 3
