#!/bin/sh
# Runs every test of one or more builds and prints one summary line:
#   N passed, N failed, N skipped
# Unit tests are cmocka programs (TAP output); command tests are shell scripts in
# tests/cli/ that print TAP ("ok N - what", "not ok N - what", "ok N # SKIP why").
# A program that crashes or prints fewer results than its plan counts as a failure.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
pass=0; fail=0; skip=0
failed_names=""
log=$(mktemp); trap 'rm -f "$log"' EXIT

tally() {  # $1 = name of the test program; TAP text in $log; $2 = exit status
  name=$1; rc=$2
  # cmocka prints a skipped test as "not ok N # SKIP"; TAP scripts as "ok N # SKIP".
  s=$(grep -E '^(not )?ok [0-9]+' "$log" | grep -ciE '# *skip' | tr -d ' ')
  p=$(grep -E '^ok [0-9]+' "$log" | grep -civE '# *skip' | tr -d ' ')
  f=$(grep -E '^not ok [0-9]+' "$log" | grep -civE '# *skip' | tr -d ' ')
  plan=$(sed -n 's/^1\.\.\([0-9][0-9]*\).*/\1/p' "$log" | head -1)
  got=$((p + s + f))
  if [ -n "$plan" ] && [ "$got" -lt "$plan" ]; then
    echo "FAIL $name: $got of $plan results (exit $rc)"; f=$((f + 1))
  elif [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
    echo "FAIL $name: exit status $rc"; f=$((f + 1))
  fi
  grep -E '^not ok' "$log" | grep -viE '# *skip' | sed "s|^|  $name: FAIL |"
  grep -iE '^(not )?ok [0-9]+.*# *skip' "$log" | sed "s|^|  $name: |"
  [ "$f" -gt 0 ] && failed_names="$failed_names $name"
  printf '%-40s %4d passed %3d failed %3d skipped\n' "$name" "$p" "$f" "$s"
  pass=$((pass + p)); fail=$((fail + f)); skip=$((skip + s))
}

for B in "$@"; do
  kind=$(basename "$B")
  echo "== tests, $kind build =="
  for t in "$B"/tests/test_*; do
    [ -x "$t" ] || continue
    CMOCKA_MESSAGE_OUTPUT=TAP KH_BUILD="$B" "$t" >"$log" 2>&1; rc=$?
    tally "$kind/$(basename "$t")" $rc
  done
  for t in tests/cli/*.sh; do
    [ -f "$t" ] || continue
    KH="$top/$B/khaldun" KH_BUILD="$B" sh "$t" >"$log" 2>&1; rc=$?
    tally "$kind/cli/$(basename "$t" .sh)" $rc
  done
done
[ -n "$failed_names" ] && echo "failed:$failed_names"
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
