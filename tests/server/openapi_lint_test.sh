#!/usr/bin/env bash
# /openapi.json passes a standard linter (Redocly CLI, the recommended rules)
# with no errors; and the same linter does fail a document broken on purpose,
# so that this test can fail.
# Usage: openapi_lint_test.sh /path/to/lif_openapi_dump /path/to/node_modules
set -euo pipefail
DUMP="$1"
MODULES="$2"
CONFIG="$(dirname "$0")/redocly.yaml"
REDOCLY="$MODULES/@redocly/cli/bin/cli.js"
# No telemetry, no update check: the test stays on this machine.
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true NO_UPDATE_NOTIFIER=1
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$DUMP" > "$work/openapi.json"

node "$REDOCLY" lint --config "$CONFIG" "$work/openapi.json" 2>&1 | tee "$work/lint.txt"
status=${PIPESTATUS[0]}
[ "$status" -eq 0 ] || { echo "FAIL: the linter found errors in /openapi.json"; exit 1; }

# Broken on purpose: an operation without responses, a path parameter not declared.
node -e '
  const fs = require("fs");
  const doc = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
  delete doc.paths["/v1/events"].get.responses;
  doc.paths["/v1/streams/{stream}"].get.parameters =
      doc.paths["/v1/streams/{stream}"].get.parameters.filter(p => p.in !== "path");
  fs.writeFileSync(process.argv[2], JSON.stringify(doc));
' "$work/openapi.json" "$work/broken.json"
if node "$REDOCLY" lint --config "$CONFIG" "$work/broken.json" > "$work/broken.txt" 2>&1; then
  echo "FAIL: the linter passed a broken document"
  exit 1
fi
echo "ok: /openapi.json lints with no errors; a broken copy does not"
