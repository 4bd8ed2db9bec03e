#!/bin/sh
# Checks a generated archive with GNU tools only: every blob's sha256 matches its name, every layer
# (gunzipped if needed) lists cleanly with GNU tar, and the total entry count matches the .json beside it.
# Usage: sh bench/verify-archive.sh bench/out/KEY.tar
set -eu
archive=$1
meta=${archive%.tar}.json
total=0
for blob in $(tar -tf "$archive" | grep '^blobs/sha256/.' ); do
  actual=$(tar -xOf "$archive" "$blob" | sha256sum | cut -d' ' -f1)
  [ "$actual" = "${blob#blobs/sha256/}" ] || { echo "digest mismatch: $blob" >&2; exit 1; }
  magic=$(tar -xOf "$archive" "$blob" | head -c 2 | od -An -tx1 | tr -d ' ')
  if [ "$magic" = 1f8b ]; then
    n=$(tar -xOf "$archive" "$blob" | gzip -dc | tar -tf - | wc -l)
  elif tar -xOf "$archive" "$blob" | tar -tf - > /dev/null 2>&1; then
    n=$(tar -xOf "$archive" "$blob" | tar -tf - | wc -l)
  else
    echo "json blob: $blob $(tar -xOf "$archive" "$blob" | head -c 80)"
    continue
  fi
  echo "layer blob: $blob $n entries"
  total=$((total + n))
done
for name in index.json manifest.json oci-layout; do tar -tf "$archive" "$name" > /dev/null; done
[ "$total" = "$(sed -n '/"totals"/,/}/p' "$meta" | grep '"entries"' | tr -dc 0-9)" ] || { echo "entry count $total differs from $meta" >&2; exit 1; }
echo "ok: $archive, $total layer entries, digests match"
