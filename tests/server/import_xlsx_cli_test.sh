#!/usr/bin/env bash
# `lif import` of XLSX workbooks (written by libxlsxwriter through
# lif_xlsx_fixture) on a real data folder: a dry run names each bad cell's
# row and column letters and exits 2 appending nothing; a workbook of 3,000
# rows imports in one append; the same workbook again, and the same rows as
# CSV, append nothing; a workbook is known by its bytes without its
# extension; a file that is not a zip, an .xls, a zip bomb and an unknown
# sheet exit 2 appending nothing; the folder still verifies.
# Usage: import_xlsx_cli_test.sh /path/to/lif /path/to/lif_xlsx_fixture
set -euo pipefail
LIF="$1"
FIXTURE="$2"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
data="$work/data"
"$LIF" token create --data "$data" --role admin >/dev/null 2>&1
head_of() { "$LIF" verify --data "$data" | grep -o '"length":[0-9]*' | cut -d: -f2; }
start=$(head_of)
# Runs lif import, expecting exit code $1; its stdout in $work/out, stderr in $work/err.
expect_exit() {
  local want="$1"; shift
  set +e
  "$LIF" import --data "$data" "$@" >"$work/out" 2>"$work/err"
  local rc=$?
  set -e
  [ "$rc" -eq "$want" ] || { echo "lif import $*: exit $rc, expected $want"; cat "$work/err"; exit 1; }
}

# Two bad rows among good ones, in a workbook: each error names the cell.
printf 'plan,plan_title,plan_kind,action,title,owner_agency,lead,due\r\n' > "$work/bad.csv"
printf 'p1,Plan,board,a1,Fine,police,DI Smith,2026-06-30\r\n' >> "$work/bad.csv"
printf 'p1,,,a2,Bad date,police,DI Smith,2026-13-01\r\n' >> "$work/bad.csv"
printf 'p1,,,a3,,police,DI Smith,2026-06-30\r\n' >> "$work/bad.csv"
"$FIXTURE" csv "$work/bad.csv" "$work/bad.xlsx"
expect_exit 2 --kind actions --file "$work/bad.xlsx" --dry-run
grep -q 'row 3, column H (due): ' "$work/err" || { echo "row 3's error missing"; cat "$work/err"; exit 1; }
grep -q 'row 4, column E (title): ' "$work/err" || { echo "row 4's error missing"; cat "$work/err"; exit 1; }
grep -q '"format":"xlsx"' "$work/out" || { echo "no xlsx report on stdout"; cat "$work/out"; exit 1; }
grep -q '"column_letters":"H"' "$work/out" || { echo "no column letters in the report"; exit 1; }
expect_exit 2 --kind actions --file "$work/bad.xlsx"
[ "$(head_of)" -eq "$start" ] || { echo "a workbook with errors appended"; exit 1; }

# 3,000 rows: one plan, 3,000 actions with a RAG each.
{
  printf 'plan,plan_title,plan_kind,action,title,owner_agency,lead,due,rag,progress_note\r\n'
  for i in $(seq 1 3000); do
    printf 'big,Big plan,board,b%d,"Action %d, in quotes ""%d""",police,Lead %d,2027-06-%02d,amber,Note %d\r\n' \
      "$i" "$i" "$i" "$i" $(( (i % 28) + 1 )) "$i"
  done
} > "$work/big.csv"
"$FIXTURE" csv "$work/big.csv" "$work/big.xlsx" "Action plan"
expect_exit 0 --kind actions --file "$work/big.xlsx"
grep -q '"new_rows":3000' "$work/out" || { echo "not 3000 new rows"; cat "$work/out"; exit 1; }
grep -q '"sheet":"Action plan"' "$work/out" || { echo "the sheet is not reported"; cat "$work/out"; exit 1; }
expected=$((start + 1 + 3000 * 2 + 1))
[ "$(head_of)" -eq "$expected" ] || { echo "head $(head_of), expected $expected"; exit 1; }

# Again, as the workbook, as the same workbook without its extension (known
# by its bytes), and as the CSV it was made from: nothing new.
expect_exit 0 --kind actions --file "$work/big.xlsx"
grep -q '"skipped_rows":3000' "$work/out" || { echo "the second import did not skip"; cat "$work/out"; exit 1; }
cp "$work/big.xlsx" "$work/big-export"
expect_exit 0 --kind actions --file "$work/big-export" --sheet "action plan"
grep -q '"format":"xlsx"' "$work/out" || { echo "the workbook was not known by its bytes"; cat "$work/out"; exit 1; }
grep -q '"skipped_rows":3000' "$work/out" || { echo "the extensionless import did not skip"; exit 1; }
expect_exit 0 --kind actions --file "$work/big.csv"
grep -q '"skipped_rows":3000' "$work/out" || { echo "the CSV of the same rows did not skip"; cat "$work/out"; exit 1; }
[ "$(head_of)" -eq "$expected" ] || { echo "a repeated import appended"; exit 1; }

# Files that are not workbooks lif reads: exit 2, a clear reason, nothing appended.
cp "$work/bad.csv" "$work/not-a-zip.xlsx"
expect_exit 2 --kind actions --file "$work/not-a-zip.xlsx"
grep -q 'not a zip archive' "$work/err" || { echo "no reason for a non-zip"; cat "$work/err"; exit 1; }
{ printf '\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1'; head -c 504 /dev/zero; } > "$work/old.xls"
expect_exit 2 --kind actions --file "$work/old.xls"
grep -q 'Excel 97-2003' "$work/err" || { echo "no reason for an .xls"; cat "$work/err"; exit 1; }
"$FIXTURE" bomb "$work/bad.xlsx" "$work/bomb.xlsx" 65
[ "$(stat -c %s "$work/bomb.xlsx")" -lt 1048576 ] || { echo "the bomb is not small"; exit 1; }
expect_exit 2 --kind actions --file "$work/bomb.xlsx"
grep -q 'zip bomb' "$work/err" || { echo "no reason for a zip bomb"; cat "$work/err"; exit 1; }
expect_exit 2 --kind actions --file "$work/big.xlsx" --sheet Budget
grep -q "no sheet named 'Budget'" "$work/err" || { echo "no reason for an unknown sheet"; cat "$work/err"; exit 1; }
expect_exit 2 --kind actions --file "$work/big.csv" --sheet Budget
[ "$(head_of)" -eq "$expected" ] || { echo "a refused file appended"; exit 1; }
"$LIF" verify --data "$data" | grep -q '"ok":true' || { echo "the folder does not verify"; exit 1; }
echo "lif import (xlsx): ok"
