#!/usr/bin/env bash
# The README's first command: installs what is needed, builds lif, fills a
# RocksDB folder with the demo board (first run only), and starts the server on
# 127.0.0.1:8080 with the web view. Prints where to look and a token per role.
#
# Environment: LIF_DATA (default ./data), LIF_LISTEN (default 127.0.0.1:8080).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$(pwd)"
DATA="${LIF_DATA:-$ROOT/data}"
LISTEN="${LIF_LISTEN:-127.0.0.1:8080}"
BUILD_DIR="${LIF_BUILD_DIR:-build}"
LIF="$ROOT/$BUILD_DIR/server/lif"
TOKENS="$DATA.tokens"  # Demo tokens, kept beside (not inside) the data folder, mode 0600.

bash scripts/install-deps.sh
bash scripts/build.sh

if [ ! -d "$DATA" ] || [ ! -f "$TOKENS" ]; then
  if "$LIF" help 2>/dev/null | grep -q "lif demo"; then
    echo "start: generating the demo board in $DATA (one year up to today)"
    "$LIF" demo --data "$DATA" --years 1
  fi
  umask 077
  : > "$TOKENS"
  for spec in "admin:" "agency:--agency cleveland-police" "agency:--agency hartlepool-cs" \
              "subgroup_chair:--agency hartlepool-cs --subgroup lipsg" "inspector:" "board:"; do
    role="${spec%%:*}"; extra="${spec#*:}"
    # shellcheck disable=SC2086
    token="$("$LIF" token create --data "$DATA" --role "$role" $extra --name "demo $role $extra" 2>/dev/null)"
    echo "$role ${extra:+($extra) }$token" >> "$TOKENS"
  done
fi

ADMIN="$(awk '$1=="admin"{print $NF; exit}' "$TOKENS")"
BOARD="$(awk '$1=="board"{print $NF; exit}' "$TOKENS")"
cat <<MSG

lif is starting on http://$LISTEN with its data in $DATA

  Web view (board member):  http://$LISTEN/#token=$BOARD
  API description:          http://$LISTEN/openapi.json
  Tokens (one per role, also in $TOKENS):
$(sed 's/^/    /' "$TOKENS")

  Try:  curl -s -H "Authorization: Bearer $ADMIN" http://$LISTEN/v1/views/learning
  Stop with Ctrl-C; run this command again to restart on the same data.

MSG
exec "$LIF" serve --data "$DATA" --listen "$LISTEN" --web "$ROOT/$BUILD_DIR/web/lif.html"
