#!/usr/bin/env bash
# `lif verify-pack` and `lif key fingerprint` from the command line, as an
# inspector uses them (docs/integrity.md, "Trust model"): a genuine pack is
# verified (exit 0), also against the board's fingerprint and key; a forged
# pack (other events with their own chain and root, signed by a fresh key
# that its bundle names, put into the genuine pack whose pinned key it keeps)
# is not (exit 3, naming the key); a wrong --fingerprint is exit 3; bad usage
# is exit 2 and an unreadable file exit 1.
# Usage: verify_pack_cli_test.sh /path/to/lif
set -euo pipefail
LIF="$1"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
page="$work/page.html"
printf '%s\n' '<html><body><p>page</p><script type="application/x-lif-bundle" id="lif-bundle" data-name=""></script></body></html>' > "$page"

fail() { echo "FAIL: $*"; exit 1; }
# Runs lif, expecting exit code $1; keeps stdout in $work/out and stderr in $work/err.
expect() {
  local want="$1"; shift
  set +e
  "$LIF" "$@" > "$work/out" 2> "$work/err"
  local got=$?
  set -e
  [ "$got" -eq "$want" ] || { cat "$work/out" "$work/err"; fail "lif $* exited $got, expected $want"; }
}

# The board, and another folder with its own key and other events.
for role in admin inspector board; do
  "$LIF" token create --data "$work/board" --role "$role" >/dev/null 2>&1
done
"$LIF" token create --data "$work/other" --role admin --name "a forger's token" >/dev/null 2>&1
"$LIF" export --data "$work/board" --out "$work/board.html" --web "$page" 2>/dev/null
"$LIF" export --data "$work/other" --out "$work/other.html" --web "$page" 2>/dev/null

# The fingerprint: two lines, the short form and the full one, which /v1/keys also gives.
expect 0 key fingerprint --data "$work/board"
short=$(sed -n 1p "$work/out")
full=$(sed -n 2p "$work/out")
[[ "$short" =~ ^[0-9a-f]{4}( [0-9a-f]{4}){7}$ ]] || fail "short fingerprint '$short'"
[[ "$full" =~ ^[0-9a-f]{64}$ ]] || fail "full fingerprint '$full'"
[ "${full:0:4}" = "${short:0:4}" ] || fail "the forms differ"
expect 0 key fingerprint --data "$work/other"
other_short=$(sed -n 1p "$work/out")
[ "$other_short" != "$short" ] || fail "two folders share a key"
expect 1 key fingerprint --data "$work/none"

# Genuine: verified, alone, with the fingerprint (either form) and with the key.
expect 0 verify-pack "$work/board.html"
grep -q '"verified":true' "$work/out" || fail "no verified:true"
grep -q "\"pinned_fingerprint\":\"$full\"" "$work/out" || fail "the pinned fingerprint is not the folder's"
grep -q "compare the fingerprint" "$work/err" || fail "no advice to compare the fingerprint"
expect 0 verify-pack "$work/board.html" --fingerprint "$short"
expect 0 verify-pack "$work/board.html" --fingerprint "$full"
# The key as /v1/keys gives it: base64 of the raw key, from the pack's pin.
key=$(grep -o '"public_key":"[^"]*"' "$work/board.html" | head -n1 | cut -d'"' -f4)
expect 0 verify-pack "$work/board.html" --key "$key"
printf '%s\n' "$key" > "$work/key.txt"
expect 0 verify-pack "$work/board.html" --key "$work/key.txt"

# The wrong fingerprint: not verified.
expect 3 verify-pack "$work/board.html" --fingerprint "$other_short"
grep -q "NOT VERIFIED (expected_key)" "$work/err" || fail "wrong fingerprint not named"
# The other pack is self-consistent, but not the board's.
expect 0 verify-pack "$work/other.html"
expect 3 verify-pack "$work/other.html" --fingerprint "$short"

# Forged: the genuine pack up to its checkpoint (its pinned key kept), then
# the other pack's checkpoint and bundle.
marker='<script type="application/json" id="lif-checkpoint">'
cut_board=$(grep -bo "$marker" "$work/board.html" | head -n1 | cut -d: -f1)
cut_other=$(grep -bo "$marker" "$work/other.html" | head -n1 | cut -d: -f1)
{ head -c "$cut_board" "$work/board.html"; tail -c +"$((cut_other + 1))" "$work/other.html"; } > "$work/forged.html"
expect 3 verify-pack "$work/forged.html"
grep -q "NOT VERIFIED (key)" "$work/err" || { cat "$work/err"; fail "the forged pack's key is not named"; }
grep -q "$short" "$work/err" || fail "the pinned key's fingerprint is not shown"
expect 3 verify-pack "$work/forged.html" --fingerprint "$short"

# One flipped byte inside the bundle's base64: not verified.
sed 's/\(id="lif-bundle"[^>]*>.\{40\}\)A/\1B/;t;s/\(id="lif-bundle"[^>]*>.\{40\}\)./\1A/' "$work/board.html" > "$work/flipped.html"
cmp -s "$work/flipped.html" "$work/board.html" && fail "the bundle was not changed"
expect 3 verify-pack "$work/flipped.html"

# Usage and I/O.
expect 2 verify-pack
expect 2 verify-pack "$work/board.html" --fingerprint "12ab"
expect 2 verify-pack "$work/board.html" --key "$key" --fingerprint "$short"
expect 2 verify-pack "$work/board.html" --key "not a key"
expect 1 verify-pack "$work/missing.html"
echo "verify-pack CLI: all checks passed"
