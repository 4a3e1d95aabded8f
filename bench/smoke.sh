#!/usr/bin/env bash
# ctest bench.smoke: the benchmark's programs run on tiny inputs (no timing is
# asserted). Usage: smoke.sh TOOL ECHO LIF WORKDIR
set -euo pipefail
TOOL="$1" ECHO="$2" LIF="$3" WORK="$4"
rm -rf "$WORK"
mkdir -p "$WORK"
"$TOOL" bodies --out "$WORK/bodies" --end 2026-06-30 --count 5 | grep -q '^lines 5$'
"$TOOL" bodies --out "$WORK/batches" --end 2026-06-30 --batch 3 --count 2 | grep -q '^lines 2$'
"$LIF" demo --data "$WORK/demo" --end 2026-06-30 --max-events 300 | grep -q 'events  300'
"$LIF" export --data "$WORK/demo" --out "$WORK/demo.bundle" 2>/dev/null
"$TOOL" rocks-batch --dir "$WORK/raw" --bundle "$WORK/demo.bundle" --batch 50 --threads 2 \
  --seconds 1 | grep -q '^events_per_s '
"$TOOL" rebuild --data "$WORK/demo" | grep -q '^restart_seconds '
"$TOOL" asof --data "$WORK/demo" --samples 1 2>/dev/null | grep -q '^asof_mean_seconds '
"$TOOL" native-views --bundle "$WORK/demo.bundle" --today 2026-07-01 --repeat 1 | grep -q '^seconds '
# The echo server answers and stops on SIGTERM.
"$ECHO" --listen 127.0.0.1:0 >"$WORK/echo.out" &
pid=$!
for _ in $(seq 1 100); do grep -q 'listening on' "$WORK/echo.out" && break; sleep 0.05; done
port="$(awk '{ print $3 }' "$WORK/echo.out")"
curl -s -X POST -H 'Content-Type: application/json' -d '{"a":1}' "http://127.0.0.1:$port/v1/events" | grep -q '"a":1'
kill "$pid"
wait "$pid"
echo "bench smoke: ok"
