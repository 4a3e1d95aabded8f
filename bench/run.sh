#!/usr/bin/env bash
# The benchmark of issue 7 (bench/README.md): builds what it needs, runs each
# workload with its baseline back to back on this machine, prints the table
# and writes it to docs/performance.md with the machine's description.
#
#   bash bench/run.sh            # the full run (1,000,000-event stores; ~10 min after the build)
#   bash bench/run.sh --quick    # a smoke run with small sizes (a few minutes)
#
# Options: --quick, --skip-build, --keep (keep the work folder), --no-doc
# (do not write docs/performance.md). Environment: LIF_BUILD_DIR (default
# ./build), LIF_BENCH_WORK (default <build>/bench-work), LIF_BENCH_SECONDS
# (seconds per load run).
#
# Every figure is a ratio against a baseline measured in the same run: the
# machine is shared and noisy, absolute numbers are not comparable between runs.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BUILD="${LIF_BUILD_DIR:-$ROOT/build}"
case "$BUILD" in /*) ;; *) BUILD="$ROOT/$BUILD" ;; esac
WORK="${LIF_BENCH_WORK:-$BUILD/bench-work}"
QUICK=0 SKIP_BUILD=0 KEEP=0 WRITE_DOC=1
for arg in "$@"; do
  case "$arg" in
    --quick) QUICK=1 ;;
    --skip-build) SKIP_BUILD=1 ;;
    --keep) KEEP=1 ;;
    --no-doc) WRITE_DOC=0 ;;
    *) echo "usage: bench/run.sh [--quick] [--skip-build] [--keep] [--no-doc]" >&2; exit 2 ;;
  esac
done

# Sizes. The big store is the demo board at a scale that gives about
# 1,000,000 events; the small one is its first 10,000 events.
END=2026-06-30
TODAY=2026-07-01
if [ "$QUICK" = 1 ]; then
  BIG_YEARS=2 BIG_SCALE=4 BUNDLE_SCALE=4 SECONDS_PER_RUN="${LIF_BENCH_SECONDS:-5}"
  SMALL_EVENTS=2000 ASOF_SAMPLES=2 LOAD_ROUNDS="${LIF_BENCH_ROUNDS:-2}"
else
  BIG_YEARS=10 BIG_SCALE=17 BUNDLE_SCALE=20 SECONDS_PER_RUN="${LIF_BENCH_SECONDS:-15}"
  SMALL_EVENTS=10000 ASOF_SAMPLES=5 LOAD_ROUNDS="${LIF_BENCH_ROUNDS:-3}"
fi
CONNECTIONS=32
BATCH_CONNECTIONS=4

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# --- packages used only by the benchmark -------------------------------------
need_packages=()
command -v wrk >/dev/null 2>&1 || need_packages+=(wrk)
[ -x /usr/lib/postgresql/15/bin/initdb ] || need_packages+=(postgresql-15)
command -v pgbench >/dev/null 2>&1 || need_packages+=(postgresql-client-15)
if [ "${#need_packages[@]}" -gt 0 ]; then
  [ "$(id -u)" = 0 ] || die "install ${need_packages[*]} (or run as root)"
  log "installing ${need_packages[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_packages[@]}" >/dev/null
fi

# --- build ---------------------------------------------------------------------
if [ "$SKIP_BUILD" = 0 ]; then
  log "building into $BUILD (native, WebAssembly core, page, bench programs)"
  cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE="${LIF_BUILD_TYPE:-RelWithDebInfo}" \
    -DLIF_BUILD_BENCH=ON >/dev/null
  cmake --build "$BUILD" -j"$(nproc)" --target lif lif_bench_tool lif_bench_echo \
    lif_make_bundle lif_web >/dev/null
fi
LIF="$BUILD/server/lif"
TOOL="$BUILD/bench/lif_bench_tool"
ECHO="$BUILD/bench/lif_bench_echo"
MAKE_BUNDLE="$BUILD/tests/web/lif_make_bundle"
for f in "$LIF" "$TOOL" "$ECHO" "$MAKE_BUNDLE" "$BUILD/wasm/wasm/lif_core.js" "$BUILD/web/lif.html"; do
  [ -e "$f" ] || die "$f is missing (run without --skip-build)"
done

rm -rf "$WORK"
mkdir -p "$WORK"
chmod 755 "$WORK"
RESULTS="$WORK/results.tsv"
: >"$RESULTS"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]:-}"; do
    [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  done
  if [ -n "${PGDATA_DIR:-}" ] && [ -d "$PGDATA_DIR" ]; then
    runuser -u postgres -- /usr/lib/postgresql/15/bin/pg_ctl -D "$PGDATA_DIR" -m fast stop \
      >/dev/null 2>&1 || true
  fi
  if [ "$KEEP" = 0 ]; then rm -rf "$WORK" "${PG_WORK:-}"; fi
}
trap cleanup EXIT

# "key value" lines of a tool's output -> the value of one key.
value() { awk -v k="$2" '$1 == k { print $2; exit }' "$1"; }
# Records one row: workload, lif figure, baseline figure, unit, ratio, target text, met (yes/no), note.
row() { printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >>"$RESULTS"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "nan"; else printf "%.2f", a / b }'; }
ge() { awk -v a="$1" -v b="$2" 'BEGIN { print (a >= b) ? "yes" : "no" }'; }
le() { awk -v a="$1" -v b="$2" 'BEGIN { print (a <= b) ? "yes" : "no" }'; }
# The median of numbers, one a line (the mean of the middle two for an even count).
median() {
  sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
fmt() { awk -v a="$1" 'BEGIN { if (a >= 100) printf "%.0f", a; else if (a >= 10) printf "%.1f", a; else printf "%.3g", a }'; }

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# Starts a server in the background; waits until it answers /healthz (lif) or listens (echo).
SERVER_PID=""
start_server() {  # name port command...
  local name="$1" port="$2"
  shift 2
  "$@" >"$WORK/$name.log" 2>&1 &
  SERVER_PID=$!
  PIDS+=("$SERVER_PID")
  for _ in $(seq 1 6000); do
    if grep -q "listening on\|serving" "$WORK/$name.log" 2>/dev/null; then
      if curl -s -o /dev/null "http://127.0.0.1:$port/healthz" || grep -q "listening on" "$WORK/$name.log"; then
        return 0
      fi
    fi
    kill -0 "$SERVER_PID" 2>/dev/null || die "$name did not start: $(tail -3 "$WORK/$name.log")"
    sleep 0.1
  done
  die "$name did not start in time"
}
stop_server() {
  [ -n "$SERVER_PID" ] || return 0
  kill "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
}

# wrk: requests per second (and checks that every answer was 2xx).
RUN_ID=0
wrk_rate() {  # out-file script url connections [extra wrk args]
  local out="$1" script="$2" url="$3" connections="$4"
  shift 4
  RUN_ID=$((RUN_ID + 1))
  LIF_RUN="$RUN_ID" wrk -t2 -c"$connections" -d"${SECONDS_PER_RUN}s" --timeout 30s --latency \
    -s "$ROOT/bench/wrk/$script" "$@" "$url" >"$out" 2>&1 || die "wrk failed: $(tail -3 "$out")"
  if grep -q "Non-2xx or 3xx responses" "$out"; then
    die "$(grep 'Non-2xx' "$out") in $out"
  fi
  awk '/^Requests\/sec:/ { print $2 }' "$out"
}
wrk_latency_ms() {  # wrk output -> the 50% latency in ms
  awk '$1 == "50%" { v = $2; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v) } else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 } print v }' "$1"
}
rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }

# --- the machine -----------------------------------------------------------------
CPU_MODEL="$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
MEM_GB="$(awk '/^MemTotal:/ { printf "%.1f", $2 / 1048576 }' /proc/meminfo)"
MACHINE="$(nproc) cores ($CPU_MODEL), ${MEM_GB} GB memory, Linux $(uname -r), $(. /etc/os-release && echo "$PRETTY_NAME")"
STARTED_AT="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
log "machine: $MACHINE"
# The allocator the programs are linked with (CMakeLists.txt, LIF_JEMALLOC).
if ldd "$LIF" 2>/dev/null | grep -q jemalloc; then
  ALLOCATOR="jemalloc with transparent huge pages (server/cli/jemalloc_conf.cc), in lif, the tool and the echo server alike"
else
  ALLOCATOR="glibc malloc"
fi
log "allocator: $ALLOCATOR"

# --- data ------------------------------------------------------------------------
log "demo store (1 year, scale 1) and request bodies"
"$LIF" demo --data "$WORK/demo" --years 1 --end "$END" >"$WORK/demo.out"
DEMO_EVENTS="$(awk '/^  events/ { print $2 }' "$WORK/demo.out")"
ADMIN="$("$LIF" token create --data "$WORK/demo" --role admin --name bench 2>/dev/null)"
BOARD="$("$LIF" token create --data "$WORK/demo" --role board --name bench-board 2>/dev/null)"
"$LIF" export --data "$WORK/demo" --out "$WORK/demo.bundle" 2>/dev/null
"$TOOL" bodies --out "$WORK/bodies.ndjson" --end "$END" >"$WORK/bodies.out"
"$TOOL" bodies --out "$WORK/batches.ndjson" --end "$END" --batch 1000 --count 16 >/dev/null
EVENT_BYTES="$(awk 'NR > 1 { n++; s += length($0) } END { printf "%.0f", s / n }' "$WORK/demo.bundle")"

log "big store: demo --years $BIG_YEARS --scale $BIG_SCALE (first $SMALL_EVENTS events: the small store)"
big_started=$(date +%s)
"$LIF" demo --data "$WORK/big" --years "$BIG_YEARS" --scale "$BIG_SCALE" --end "$END" >"$WORK/big.out"
"$LIF" demo --data "$WORK/small" --years "$BIG_YEARS" --scale "$BIG_SCALE" --end "$END" \
  --max-events "$SMALL_EVENTS" >"$WORK/small.out"
BIG_EVENTS="$(awk '/^  events/ { print $2 }' "$WORK/big.out")"
SMALL_EVENTS="$(awk '/^  events/ { print $2 }' "$WORK/small.out")"
log "big store: $BIG_EVENTS events in $(( $(date +%s) - big_started )) s"

# =================================================================================
# 1 and 2. Durable single-event appends over REST, 32 connections; atomic
# batches of 1,000 events per request.
# =================================================================================
# Both workloads run in $LOAD_ROUNDS rounds. A round runs every load of both
# back to back (the echo, the durable echo, lif with group commit on and off,
# PostgreSQL, lif's batches, raw RocksDB's batches), so that a slower minute of
# this shared machine falls on lif and its baselines alike. A figure in the
# table is the median of its rounds; a ratio is the median of the rounds'
# ratios (each lif figure against the baseline of its own round), and the note
# lists every round's ratio.
fig() { echo "$2" >>"$WORK/fig-$1.txt"; }  # name value: one round's figure
fig_median() { median <"$WORK/fig-$1.txt"; }
round_ratios() {  # lif-name baseline-name [factor]: each round's lif / (factor * baseline)
  paste "$WORK/fig-$1.txt" "$WORK/fig-$2.txt" |
    awk -v f="${3:-1}" '{ if ($2 == 0) print "nan"; else printf "%.2f\n", $1 / (f * $2) }'
}
ratio_median() { round_ratios "$@" | median | awk '{ printf "%.2f", $1 }'; }
ratio_list() { round_ratios "$@" | paste -sd ' ' | sed 's/ /, /g'; }

log "1. PostgreSQL 15: an append-only events table"
PG_WORK="$(mktemp -d /tmp/lif-bench-pg.XXXXXX)"
chmod 755 "$PG_WORK"
chown postgres "$PG_WORK"
PGDATA_DIR="$PG_WORK/data"
PGPORT="$(free_port)"
PGBIN=/usr/lib/postgresql/15/bin
runuser -u postgres -- "$PGBIN/initdb" -D "$PGDATA_DIR" --auth=trust -U postgres >"$WORK/pg-init.log" 2>&1
runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGDATA_DIR" -l "$PG_WORK/server.log" -w start \
  -o "-k $PG_WORK -c listen_addresses='' -p $PGPORT -c fsync=on -c synchronous_commit=on -c max_connections=100 -c shared_buffers=256MB" \
  >/dev/null
psql_() { psql -X -q -h "$PG_WORK" -p "$PGPORT" -U postgres -d postgres "$@"; }
psql_ -c "CREATE TABLE events (
  position bigserial PRIMARY KEY,
  stream text NOT NULL,
  version integer NOT NULL,
  type text NOT NULL,
  data jsonb NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (stream, version));
  CREATE SEQUENCE stream_ids;"
PG_SYNC="$(psql_ -At -c 'SHOW fsync' | tr '\n' ' ')$(psql_ -At -c 'SHOW synchronous_commit')"
# One realistic event (~500 bytes) as the row's data; each insert starts a new stream.
PG_EVENT="$(sed -n 2p "$WORK/demo.bundle" | sed "s/'/''/g")"
cat >"$WORK/pg-insert.sql" <<SQL
INSERT INTO events (stream, version, type, data)
  VALUES ('learning/bench-' || nextval('stream_ids'), 1, 'learning.identified', '$PG_EVENT');
SQL

# lif serve on a fresh copy of the demo store under one load: sets LOAD_RATE
# (requests/s). Run in this shell, not in $(...), so that the exit trap knows
# the server and a failure stops the run.
LOAD_RATE=""
lif_load() {  # name body-file connections [serve options]
  local name="$1" bodies="$2" connections="$3" port
  shift 3
  cp -a "$WORK/demo" "$WORK/$name"
  port="$(free_port)"
  start_server "$name" "$port" "$LIF" serve --data "$WORK/$name" --listen "127.0.0.1:$port" \
    --rate-limit 0 "$@"
  LOAD_RATE="$(LIF_TOKEN="$ADMIN" LIF_BODIES="$bodies" wrk_rate "$WORK/$name.txt" post.lua "http://127.0.0.1:$port" "$connections")"
  stop_server
  rm -rf "${WORK:?}/$name"
}
# lif_bench_echo under the append load: sets LOAD_RATE.
echo_load() {  # name [echo options]
  local name="$1" port
  shift
  port="$(free_port)"
  start_server "$name" "$port" "$ECHO" --listen "127.0.0.1:$port" "$@"
  LOAD_RATE="$(LIF_BODIES="$WORK/bodies.ndjson" wrk_rate "$WORK/$name.txt" post.lua "http://127.0.0.1:$port" $CONNECTIONS)"
  stop_server
}

for round in $(seq 1 "$LOAD_ROUNDS"); do
  log "1. appends, round $round of $LOAD_ROUNDS: echo ceiling"
  echo_load "w1-echo-$round"
  fig echo "$LOAD_RATE"
  log "1. appends, round $round of $LOAD_ROUNDS: durable echo (write + fdatasync a group, no lif work)"
  echo_load "w1-echo-durable-$round" --durable "$WORK/echo-durable.data"
  fig durable "$LOAD_RATE"
  rm -f "$WORK/echo-durable.data"
  log "1. appends, round $round of $LOAD_ROUNDS: lif, group commit on"
  lif_load "w1-on-$round" "$WORK/bodies.ndjson" $CONNECTIONS
  fig lif_post "$LOAD_RATE"
  log "1. appends, round $round of $LOAD_ROUNDS: lif, group commit off"
  lif_load "w1-off-$round" "$WORK/bodies.ndjson" $CONNECTIONS --group-commit off
  fig lif_off "$LOAD_RATE"
  log "1. appends, round $round of $LOAD_ROUNDS: PostgreSQL 15, pgbench"
  pgbench -h "$PG_WORK" -p "$PGPORT" -U postgres -n -c $CONNECTIONS -j 2 -T "$SECONDS_PER_RUN" \
    -f "$WORK/pg-insert.sql" postgres >"$WORK/w1-pg-$round.txt" 2>&1 ||
    die "pgbench failed: $(tail -3 "$WORK/w1-pg-$round.txt")"
  fig pg "$(awk '/^tps = / { print $3; exit }' "$WORK/w1-pg-$round.txt")"
  log "2. batches of 1,000, round $round of $LOAD_ROUNDS: lif"
  lif_load "w2-lif-$round" "$WORK/batches.ndjson" $BATCH_CONNECTIONS
  fig lif_batch "$(awk -v r="$LOAD_RATE" 'BEGIN { print r * 1000 }')"
  log "2. batches of 1,000, round $round of $LOAD_ROUNDS: raw RocksDB synced WriteBatch, $BATCH_CONNECTIONS threads"
  "$TOOL" rocks-batch --dir "$WORK/w2-raw-$round" --bundle "$WORK/demo.bundle" --batch 1000 \
    --threads $BATCH_CONNECTIONS --seconds "$SECONDS_PER_RUN" >"$WORK/w2-raw-$round.txt"
  rm -rf "${WORK:?}/w2-raw-$round"
  fig raw_batch "$(value "$WORK/w2-raw-$round.txt" events_per_s)"
done
runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGDATA_DIR" -m fast stop >/dev/null
PGDATA_DIR=""

ROUNDS_NOTE="median of $LOAD_ROUNDS rounds; the rounds' ratios"
LIF_POST="$(fig_median lif_post)"
R="$(ratio_median lif_post echo)"
row "1. appends, 32 conns vs HTTP echo ceiling" "$(fmt "$LIF_POST")" "$(fmt "$(fig_median echo)")" "req/s" \
  "$R" ">= 0.50" "$(ge "$R" 0.5)" \
  "every 201 a synced WAL write; echo parses and returns the JSON; $ROUNDS_NOTE $(ratio_list lif_post echo)"
R="$(ratio_median lif_post lif_off)"
row "1. appends vs lif with group commit off" "$(fmt "$LIF_POST")" "$(fmt "$(fig_median lif_off)")" "req/s" \
  "$R" ">= 10" "$(ge "$R" 10)" "one WAL sync per request; $ROUNDS_NOTE $(ratio_list lif_post lif_off)"
R="$(ratio_median lif_post pg)"
row "1. appends vs PostgreSQL 15 (pgbench)" "$(fmt "$LIF_POST")" "$(fmt "$(fig_median pg)")" "events/s" \
  "$R" ">= 2" "$(ge "$R" 2)" \
  "INSERT into an append-only events table, fsync and synchronous_commit: $PG_SYNC; $ROUNDS_NOTE $(ratio_list lif_post pg)"
# No target: what any durable answer costs here, so that the three above can be read.
row "1. appends vs durable echo (no lif work)" "$(fmt "$LIF_POST")" "$(fmt "$(fig_median durable)")" "req/s" \
  "$(ratio_median lif_post durable)" "none" "n/a" \
  "echo that answers once its group is written and fdatasync'ed, with lif's hand-offs: $(ratio_median durable echo) of the echo; 10x group commit off needs $(ratio_median lif_off durable 0.1) of it, 2x PostgreSQL $(ratio_median pg durable 0.5); $ROUNDS_NOTE $(ratio_list lif_post durable)"
R="$(ratio_median lif_batch raw_batch)"
row "2. batches of 1,000 vs raw RocksDB WriteBatch" "$(fmt "$(fig_median lif_batch)")" "$(fmt "$(fig_median raw_batch)")" "events/s" \
  "$R" ">= 0.50" "$(ge "$R" 0.5)" \
  "$BATCH_CONNECTIONS clients / threads, sync = true, the same event bytes and key families; $ROUNDS_NOTE $(ratio_list lif_batch raw_batch)"

# =================================================================================
# 3. Restart and rebuild from the big store.
# =================================================================================
log "3. rebuild of every projection from $BIG_EVENTS events; checkpoints; restart"
"$TOOL" rebuild --data "$WORK/big" >"$WORK/w3.txt"
PARSE_RATE="$(value "$WORK/w3.txt" parse_events_per_s)"
REBUILD_RATE="$(value "$WORK/w3.txt" rebuild_events_per_s)"
REBUILD_S="$(value "$WORK/w3.txt" rebuild_seconds)"
RESTART_S="$(value "$WORK/w3.txt" restart_seconds)"
row "3. rebuild from $BIG_EVENTS events vs iterate + parse" "$(fmt "$REBUILD_RATE")" "$(fmt "$PARSE_RATE")" \
  "events/s" "$(ratio "$REBUILD_RATE" "$PARSE_RATE")" ">= 0.50" \
  "$(ge "$(ratio "$REBUILD_RATE" "$PARSE_RATE")" 0.5)" \
  "rebuild $(fmt "$REBUILD_S") s; baseline: RocksDB iterator + nlohmann parse of every event"
row "3. restart (unchanged log) vs full rebuild" "$(fmt "$RESTART_S")" "$(fmt "$REBUILD_S")" "s" \
  "$(ratio "$REBUILD_S" "$RESTART_S")x" ">= 10x faster" "$(ge "$(ratio "$REBUILD_S" "$RESTART_S")" 10)" \
  "from the newest checkpoint ($(value "$WORK/w3.txt" checkpoints) on disk, $(fmt "$(awk -v b="$(value "$WORK/w3.txt" checkpoint_dir_bytes)" 'BEGIN { print b / 1048576 }')") MB)"

# =================================================================================
# 4. Views under load, and as of a past date.
# =================================================================================
log "4. views under load on the demo board"
cp -a "$WORK/demo" "$WORK/w4"
PORT="$(free_port)"
start_server lif-views "$PORT" "$LIF" serve --data "$WORK/w4" --listen "127.0.0.1:$PORT" --rate-limit 0
DASH_BYTES="$(curl -s -H "Authorization: Bearer $BOARD" "http://127.0.0.1:$PORT/v1/views/dashboard" | wc -c)"
ACTIONS_BYTES="$(curl -s -H "Authorization: Bearer $BOARD" "http://127.0.0.1:$PORT/v1/views/actions" | wc -c)"
LIF_DASH="$(LIF_TOKEN="$BOARD" LIF_PATH=/v1/views/dashboard wrk_rate "$WORK/w4-dash.txt" get.lua "http://127.0.0.1:$PORT" $CONNECTIONS)"
LIF_ACTIONS="$(LIF_TOKEN="$BOARD" LIF_PATH=/v1/views/actions wrk_rate "$WORK/w4-actions.txt" get.lua "http://127.0.0.1:$PORT" $CONNECTIONS)"
stop_server
PORT="$(free_port)"
start_server echo-dash "$PORT" "$ECHO" --listen "127.0.0.1:$PORT" --get-bytes "$DASH_BYTES"
ECHO_DASH="$(LIF_PATH=/v1/views/dashboard wrk_rate "$WORK/w4-echo-dash.txt" get.lua "http://127.0.0.1:$PORT" $CONNECTIONS)"
stop_server
PORT="$(free_port)"
start_server echo-actions "$PORT" "$ECHO" --listen "127.0.0.1:$PORT" --get-bytes "$ACTIONS_BYTES"
ECHO_ACTIONS="$(LIF_PATH=/v1/views/actions wrk_rate "$WORK/w4-echo-actions.txt" get.lua "http://127.0.0.1:$PORT" $CONNECTIONS)"
stop_server
row "4. GET dashboard, 32 conns vs echo of the same size" "$(fmt "$LIF_DASH")" "$(fmt "$ECHO_DASH")" "req/s" \
  "$(ratio "$LIF_DASH" "$ECHO_DASH")" ">= 0.50" "$(ge "$(ratio "$LIF_DASH" "$ECHO_DASH")" 0.5)" \
  "demo board ($DEMO_EVENTS events), $DASH_BYTES bytes a response"
row "4. GET actions, 32 conns vs echo of the same size" "$(fmt "$LIF_ACTIONS")" "$(fmt "$ECHO_ACTIONS")" "req/s" \
  "$(ratio "$LIF_ACTIONS" "$ECHO_ACTIONS")" ">= 0.50" "$(ge "$(ratio "$LIF_ACTIONS" "$ECHO_ACTIONS")" 0.5)" \
  "demo board, $ACTIONS_BYTES bytes a response"

log "4. dashboard as of random past dates on the big store"
"$TOOL" asof --data "$WORK/big" --samples "$ASOF_SAMPLES" >"$WORK/w4-asof.txt" 2>"$WORK/w4-asof.err"
ASOF_S="$(value "$WORK/w4-asof.txt" asof_mean_seconds)"
ASOF_MAX="$(value "$WORK/w4-asof.txt" asof_max_seconds)"
ASOF_REBUILD="$(value "$WORK/w4-asof.txt" rebuild_seconds)"
row "4. dashboard as of a past date vs full rebuild" "$(fmt "$ASOF_S")" "$(fmt "$ASOF_REBUILD")" "s" \
  "$(ratio "$ASOF_S" "$ASOF_REBUILD")" "<= 0.10" "$(le "$(ratio "$ASOF_S" "$ASOF_REBUILD")" 0.1)" \
  "mean of $ASOF_SAMPLES random dates (worst $(fmt "$ASOF_MAX") s), $BIG_EVENTS events"

# =================================================================================
# 5. The browser: wasm under node vs native, and headless Chromium.
# =================================================================================
log "5. a bundle of the demo board at scale $BUNDLE_SCALE: native, wasm under node, Chromium"
"$MAKE_BUNDLE" "$WORK/b.bundle" --board --scale "$BUNDLE_SCALE" >/dev/null
BUNDLE_EVENTS="$(head -c 4096 "$WORK/b.bundle" | head -1 | python3 -c 'import json,sys; print(json.load(sys.stdin)["size"])')"
"$TOOL" native-views --bundle "$WORK/b.bundle" --today "$TODAY" --repeat 2 >"$WORK/w5-native.txt"
NATIVE_S="$(value "$WORK/w5-native.txt" seconds)"
LIF_CORE_JS="$BUILD/wasm/wasm/lif_core.js" LIF_NODE_MODULES="$BUILD/web/node_modules" \
  LIF_WEB_SRC="$ROOT/web/src" node "$ROOT/bench/wasm_views.mjs" "$WORK/b.bundle" "$TODAY" >"$WORK/w5-wasm.txt"
WASM_S="$(value "$WORK/w5-wasm.txt" seconds)"
"$TOOL" native-open --bundle "$WORK/b.bundle" --today "$TODAY" --repeat 2 >"$WORK/w5-native-open.txt"
NATIVE_OPEN_S="$(value "$WORK/w5-native-open.txt" seconds)"
"$TOOL" pack --bundle "$WORK/b.bundle" --web "$BUILD/web/lif.html" --out "$WORK/pack.html" >/dev/null
BROWSER_S=""
if LIF_NODE_MODULES="$BUILD/web/node_modules" LIF_BENCH_PROFILE="$WORK" \
  node "$ROOT/bench/browser_pack.mjs" "$WORK/pack.html" >"$WORK/w5-browser.txt" 2>"$WORK/w5-browser.err"; then
  BROWSER_S="$(value "$WORK/w5-browser.txt" seconds)"
  FIRST_S="$(value "$WORK/w5-browser.txt" first_view_seconds)"
  FIRST_STATE="$(value "$WORK/w5-browser.txt" first_state)"
  RENDERER_MB="$(value "$WORK/w5-browser.txt" peak_renderer_mb)"
  CHROMIUM_MB="$(value "$WORK/w5-browser.txt" peak_mb)"
  PACK_MB="$(value "$WORK/w5-browser.txt" pack_mb)"
else
  log "Chromium run failed: $(tail -3 "$WORK/w5-browser.err")"
  BROWSER_S="failed" FIRST_S="failed" FIRST_STATE="" RENDERER_MB="failed" CHROMIUM_MB="failed" PACK_MB=""
fi
row "5. every view from a $BUNDLE_EVENTS-event bundle: wasm (node) vs native" "$(fmt "$WASM_S")" "$(fmt "$NATIVE_S")" "s" \
  "$(ratio "$WASM_S" "$NATIVE_S")x" "<= 3x" "$(le "$(ratio "$WASM_S" "$NATIVE_S")" 3)" \
  "open (parse, check every event and the chain) + fold + render all views"
row "5. board pack of $BUNDLE_EVENTS events: Chromium to the verified dashboard vs native" "$(fmt "$BROWSER_S")" "$(fmt "$NATIVE_OPEN_S")" "s" \
  "$(ratio "$BROWSER_S" "$NATIVE_OPEN_S")x" "<= 3x" "$(le "$(ratio "$BROWSER_S" "$NATIVE_OPEN_S")" 3)" \
  "the same work: inflate the gzip, check chain and Merkle root, fold, names + dashboard; pack $PACK_MB MB"
row "5. board pack: first dashboard in Chromium (from its checkpoint)" "$(fmt "$FIRST_S")" "2" "s" \
  "$(ratio "$FIRST_S" 2)" "<= 1 (under 2 s)" "$(le "$(ratio "$FIRST_S" 2)" 1)" \
  "navigation to the dashboard on screen, page state then: $FIRST_STATE (verified at $BROWSER_S s)"
row "5. board pack: Chromium renderer memory at its peak" "$(fmt "$RENDERER_MB")" "500" "MB" \
  "$(ratio "$RENDERER_MB" 500)" "<= 1 (under 500 MB)" "$(le "$(ratio "$RENDERER_MB" 500)" 1)" \
  "PSS of the renderer (page and worker); all of Chromium's processes: $CHROMIUM_MB MB"

# =================================================================================
# 6. Scale: 10,000 vs 1,000,000 events.
# =================================================================================
# Both stores are served at once and measured in turns (small, then big, three
# rounds), so that the machine's drift from one minute to the next falls on both
# alike. Append latency: one connection, wrk's median in each round, then the
# median of the three rounds. View time: the dashboard rendered after an append
# (the cache cannot answer), 15 a round in alternation, the median of all 45.
SCALE_ROUNDS=3
scale_token() { "$LIF" token create --data "$1" --role admin --name bench 2>/dev/null; }
SMALL_TOKEN="$(scale_token "$WORK/small")"
BIG_TOKEN="$(scale_token "$WORK/big")"
SMALL_PORT="$(free_port)"
start_server scale-small "$SMALL_PORT" "$LIF" serve --data "$WORK/small" --listen "127.0.0.1:$SMALL_PORT" --rate-limit 0
SMALL_PID="$SERVER_PID"
BIG_PORT="$(free_port)"
start_server scale-big "$BIG_PORT" "$LIF" serve --data "$WORK/big" --listen "127.0.0.1:$BIG_PORT" --rate-limit 0
BIG_PID="$SERVER_PID"
BIG_RSS_START="$(rss_kb "$BIG_PID")"
: >"$WORK/w6-small-append.txt"
: >"$WORK/w6-big-append.txt"
: >"$WORK/w6-small-view.txt"
: >"$WORK/w6-big-view.txt"
VIEW_BODY="$(sed -n 3p "$WORK/bodies.ndjson")"
append_and_view() {  # name port token i -> appends one event, then times one dashboard
  local name="$1" port="$2" token="$3" i="$4"
  local code
  code="$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "Authorization: Bearer $token" \
    -H 'Content-Type: application/json' -d "${VIEW_BODY//@N@/s$name$i}" \
    "http://127.0.0.1:$port/v1/events")"
  # A refused append would leave the log where it was, and the cache would answer.
  [ "$code" = 201 ] || die "an append before a dashboard on the $name store got $code"
  curl -s -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $token" \
    "http://127.0.0.1:$port/v1/views/dashboard" >>"$WORK/w6-$name-view.txt"
}
for round in $(seq 1 $SCALE_ROUNDS); do
  log "6. scale, round $round of $SCALE_ROUNDS: append latency on the small ($SMALL_EVENTS events) and the big store ($BIG_EVENTS)"
  for name in small big; do
    if [ "$name" = small ]; then port="$SMALL_PORT" token="$SMALL_TOKEN"; else port="$BIG_PORT" token="$BIG_TOKEN"; fi
    LIF_TOKEN="$token" LIF_BODIES="$WORK/bodies.ndjson" LIF_RUN=$((RUN_ID + 100 + round)) \
      wrk -t1 -c1 -d"$(( SECONDS_PER_RUN / 3 + 2 ))s" --latency -s "$ROOT/bench/wrk/post.lua" \
      "http://127.0.0.1:$port" >"$WORK/w6-$name-append-$round.txt" 2>&1
    wrk_latency_ms "$WORK/w6-$name-append-$round.txt" >>"$WORK/w6-$name-append.txt"
  done
  log "6. scale, round $round of $SCALE_ROUNDS: dashboards after appends, alternating the stores"
  for i in $(seq 1 15); do
    append_and_view small "$SMALL_PORT" "$SMALL_TOKEN" "$round-$i"
    append_and_view big "$BIG_PORT" "$BIG_TOKEN" "$round-$i"
  done
done
SMALL_APPEND="$(median <"$WORK/w6-small-append.txt")"
BIG_APPEND="$(median <"$WORK/w6-big-append.txt")"
SMALL_VIEW="$(median <"$WORK/w6-small-view.txt" | awk '{ print $1 * 1000 }')"
BIG_VIEW="$(median <"$WORK/w6-big-view.txt" | awk '{ print $1 * 1000 }')"
BIG_RSS="$(rss_kb "$BIG_PID")"
for pid in "$SMALL_PID" "$BIG_PID"; do
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
done
SERVER_PID=""
GB_PER_M="$(awk -v kb="$BIG_RSS" -v n="$BIG_EVENTS" 'BEGIN { printf "%.2f", kb / 1048576 / (n / 1000000) }')"
row "6. append latency at $BIG_EVENTS vs $SMALL_EVENTS events" "$(fmt "$BIG_APPEND")" "$(fmt "$SMALL_APPEND")" "ms" \
  "$(ratio "$BIG_APPEND" "$SMALL_APPEND")" "<= 1.5" "$(le "$(ratio "$BIG_APPEND" "$SMALL_APPEND")" 1.5)" \
  "one connection (a synced write each): the median of $SCALE_ROUNDS rounds' medians, the stores in turns"
row "6. dashboard time at $BIG_EVENTS vs $SMALL_EVENTS events" "$(fmt "$BIG_VIEW")" "$(fmt "$SMALL_VIEW")" "ms" \
  "$(ratio "$BIG_VIEW" "$SMALL_VIEW")" "<= 1.5" "$(le "$(ratio "$BIG_VIEW" "$SMALL_VIEW")" 1.5)" \
  "median of $((SCALE_ROUNDS * 15)) GETs, each after an append (rendered, not cached), the stores in turns; the small store is the big one's first events"
row "6. server memory per million events" "$(awk -v g="$GB_PER_M" 'BEGIN { print g }')" "1" "GB" \
  "$GB_PER_M" "<= 1 GB" "$(le "$GB_PER_M" 1)" \
  "VmRSS $(awk -v kb="$BIG_RSS" 'BEGIN { printf "%.0f", kb / 1024 }') MB with $BIG_EVENTS events after the views ($(awk -v kb="$BIG_RSS_START" 'BEGIN { printf "%.0f", kb / 1024 }') MB at start)"

# --- the table -----------------------------------------------------------------
TABLE="$WORK/table.md"
{
  echo "| workload | lif | baseline | unit | ratio | target | met? | note |"
  echo "| --- | ---: | ---: | --- | ---: | --- | --- | --- |"
  while IFS=$'\t' read -r w l b u r t m n; do
    echo "| $w | $l | $b | $u | $r | $t | $m | $n |"
  done <"$RESULTS"
} >"$TABLE"
echo
cat "$TABLE"
echo
# Rows without a target ("n/a") are baselines shown for reading the others.
TARGETS="$(awk -F'\t' '$7 == "yes" || $7 == "no"' "$RESULTS" | wc -l)"
MET="$(awk -F'\t' '$7 == "yes"' "$RESULTS" | wc -l)"
log "$MET of $TARGETS targets met"

if [ "$WRITE_DOC" = 1 ]; then
  MODE="full"
  [ "$QUICK" = 1 ] && MODE="quick (--quick: small sizes, not the issue's)"
  {
    echo "# Performance"
    echo
    echo "Written by \`bash bench/run.sh\` (bench/README.md); do not edit by hand. Every"
    echo "figure is a ratio against a baseline measured in the same run, on this machine:"
    echo
    echo "- machine: $MACHINE"
    echo "- allocator: $ALLOCATOR"
    echo "- run: $STARTED_AT, $MODE; ${SECONDS_PER_RUN} s per load run, wrk -t2, $CONNECTIONS connections;"
    echo "  workloads 1 and 2 in $LOAD_ROUNDS rounds (each figure the median of its rounds, each ratio"
    echo "  the median of the rounds' ratios)"
    echo "- events: about $EVENT_BYTES bytes each (the demo board's canonical events); big store"
    echo "  \`lif demo --years $BIG_YEARS --scale $BIG_SCALE\` = $BIG_EVENTS events, small store its first $SMALL_EVENTS"
    echo
    cat "$TABLE"
    echo
    if [ -f "$ROOT/bench/notes.md" ]; then cat "$ROOT/bench/notes.md"; fi
  } >"$ROOT/docs/performance.md"
  log "wrote docs/performance.md"
fi
