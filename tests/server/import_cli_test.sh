#!/usr/bin/env bash
# `lif import` end to end on a real data folder: a dry run lists each row's
# error and exits 2 appending nothing; a large file (5,000 rows) imports in
# one append; the same file again appends nothing; the folder still verifies;
# no progress bar is written when stderr is not a terminal.
# Usage: import_cli_test.sh /path/to/lif
set -euo pipefail
LIF="$1"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
data="$work/data"
"$LIF" token create --data "$data" --role admin >/dev/null 2>&1
head_of() { "$LIF" verify --data "$data" | grep -o '"length":[0-9]*' | cut -d: -f2; }
start=$(head_of)

# Two bad rows among good ones: both reported, nothing appended, exit 2.
printf 'plan,plan_title,plan_kind,action,title,owner_agency,lead,due\r\n' > "$work/bad.csv"
printf 'p1,Plan,board,a1,Fine,police,DI Smith,2026-06-30\r\n' >> "$work/bad.csv"
printf 'p1,,,a2,Bad date,police,DI Smith,2026-13-01\r\n' >> "$work/bad.csv"
printf 'p1,,,a3,,police,DI Smith,2026-06-30\r\n' >> "$work/bad.csv"
set +e
"$LIF" import --data "$data" --kind actions --file "$work/bad.csv" --dry-run >"$work/out" 2>"$work/err"
rc=$?
set -e
[ "$rc" -eq 2 ] || { echo "dry run with errors: exit $rc, expected 2"; cat "$work/err"; exit 1; }
grep -q 'row 3, column H (due)' "$work/err" || { echo "row 3's error missing"; cat "$work/err"; exit 1; }
grep -q 'row 4, column E (title)' "$work/err" || { echo "row 4's error missing"; cat "$work/err"; exit 1; }
grep -q '"dry_run":true' "$work/out" || { echo "no report on stdout"; exit 1; }
if grep -q 'rows\]' "$work/err" || grep -q $'\r' "$work/err"; then
  echo "a progress bar was written to a file"; exit 1
fi
[ "$(head_of)" -eq "$start" ] || { echo "the dry run appended"; exit 1; }
set +e
"$LIF" import --data "$data" --kind actions --file "$work/bad.csv" >/dev/null 2>&1
rc=$?
set -e
[ "$rc" -eq 2 ] || { echo "import with errors: exit $rc, expected 2"; exit 1; }
[ "$(head_of)" -eq "$start" ] || { echo "an import with errors appended"; exit 1; }

# 5,000 rows: one plan, 5,000 actions, a progress update each.
{
  printf 'plan,plan_title,plan_kind,action,title,owner_agency,lead,due,rag,progress_note\r\n'
  for i in $(seq 1 5000); do
    printf 'big,Big plan,board,b%d,"Action %d, in quotes ""%d""",police,Lead %d,%02d/06/2027,amber,Note %d\r\n' \
      "$i" "$i" "$i" "$i" $(( (i % 28) + 1 )) "$i"
  done
} > "$work/big.csv"
"$LIF" import --data "$data" --kind actions --file "$work/big.csv" >"$work/out" 2>"$work/err"
grep -q '"new_rows":5000' "$work/out" || { echo "not 5000 new rows"; cat "$work/out"; exit 1; }
expected=$((start + 1 + 5000 * 2 + 1))
[ "$(head_of)" -eq "$expected" ] || { echo "head $(head_of), expected $expected"; exit 1; }

# Again: nothing new.
"$LIF" import --data "$data" --kind actions --file "$work/big.csv" >"$work/out" 2>"$work/err"
grep -q '"skipped_rows":5000' "$work/out" || { echo "the second import did not skip"; cat "$work/out"; exit 1; }
[ "$(head_of)" -eq "$expected" ] || { echo "the second import appended"; exit 1; }
"$LIF" verify --data "$data" | grep -q '"ok":true' || { echo "the folder does not verify"; exit 1; }
echo "lif import: ok"
