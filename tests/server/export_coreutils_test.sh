#!/usr/bin/env bash
# An outsider re-verifies an export with coreutils only: each event line's
# SHA-256 is the next line's "prev", and the last one is the header's "head".
# Usage: export_coreutils_test.sh /path/to/lif
set -euo pipefail
LIF="$1"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for role in admin inspector board; do
  "$LIF" token create --data "$work/data" --role "$role" >/dev/null 2>&1
done
"$LIF" export --data "$work/data" --out "$work/bundle.ndjson" 2>/dev/null

lines=$(wc -l < "$work/bundle.ndjson")
[ "$lines" -eq 4 ] || { echo "expected 4 lines, got $lines"; exit 1; }
prev=$(printf '0%.0s' $(seq 64))
n=0
while IFS= read -r line; do
  n=$((n + 1))
  [ "$n" -eq 1 ] && continue
  got_prev=$(printf '%s' "$line" | grep -o '"prev":"[0-9a-f]*"' | cut -d'"' -f4)
  [ "$got_prev" = "$prev" ] || { echo "line $n: prev $got_prev, expected $prev"; exit 1; }
  prev=$(printf '%s' "$line" | sha256sum | cut -d' ' -f1)
done < "$work/bundle.ndjson"
head_hash=$(head -n1 "$work/bundle.ndjson" | grep -o '"head":"[0-9a-f]*"' | cut -d'"' -f4)
[ "$head_hash" = "$prev" ] || { echo "header head $head_hash, last hash $prev"; exit 1; }

# One flipped byte is caught by the same check.
sed -i '3s/"role":"inspector"/"role":"inspectoR"/' "$work/bundle.ndjson"
bad=$(sed -n 3p "$work/bundle.ndjson" | sha256sum | cut -d' ' -f1)
next_prev=$(sed -n 4p "$work/bundle.ndjson" | grep -o '"prev":"[0-9a-f]*"' | cut -d'"' -f4)
[ "$bad" != "$next_prev" ] || { echo "tampering not detected"; exit 1; }
# And lif verify on the store is clean.
"$LIF" verify --data "$work/data" | grep -q '"ok":true'
echo "export verified with coreutils: 3 events"
