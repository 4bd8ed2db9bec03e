#!/usr/bin/env bash
# Installs the outside references the tests compare against, from Debian's packages, when missing:
# Go (archive/tar, the tar reader Docker and containerd use), umoci and skopeo (OCI unpacking and
# copying), docker-registry (a real OCI distribution registry), htpasswd (its basic auth), openssl
# (the certificates of its token flow and of HTTPS), fuse-overlayfs (the overlay2 reference engine's
# fallback where the kernel refuses overlay2); and the shells and multi-call binaries content detection
# is tested on.
# Everything but errors goes to stderr; idempotent.
set -euo pipefail

say() { printf 'install-tools: %s\n' "$*" >&2; }

# command → Debian package
declare -A wanted=(
  [go]=golang-go
  [umoci]=umoci
  [skopeo]=skopeo
  [docker-registry]=docker-registry
  [htpasswd]=apache2-utils
  [fuse-overlayfs]=fuse-overlayfs
  [openssl]=openssl
  # Shells and multi-call binaries whose content the detection tests read (dash and bash are always there).
  [mksh]=mksh
  [zsh]=zsh
  [bash-static]=bash-static
  [ksh93]=ksh93u+m
  [posh]=posh
  [toybox]=toybox
  [busybox]=busybox
)
missing=()
for command in "${!wanted[@]}"; do
  command -v "$command" >/dev/null 2>&1 || missing+=("${wanted[$command]}")
done
if [ "${#missing[@]}" -eq 0 ]; then
  say "all present"
  exit 0
fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  say "missing ${missing[*]} and cannot install them (needs root and apt-get)"
  exit 1
fi
say "installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
started=$SECONDS
timeout 600 apt-get update -qq </dev/null >&2
timeout 900 apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null >&2
say "installed in $((SECONDS - started))s"
