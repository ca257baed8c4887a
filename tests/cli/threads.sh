#!/bin/sh
# threads.sh - `khaldun code -j N` with the model: the worker pool (N - 1 threads and
# the main thread, src/pool.h) writes what -j 1 writes, in input order, for N = 2, 3
# and 5; and, when the ThreadSanitizer build is there (`make test` builds it:
# build/tsan), that build codes the same documents with -j 3 and its pool test runs
# without a data race reported.
. "$(dirname "$0")/../lib.sh"
top=$(cd "$(dirname "$0")/../.." && pwd)
# The ThreadSanitizer checks run once, with the optimised build's tests.
case "${KH_BUILD:-}" in *rel) run_tsan=1; plan 7 ;; *) run_tsan=0; plan 5 ;; esac

model=""
for m in ${KH_TEST_MODEL:-} data/models/en_ewt.khm build/models/en_ewt.khm; do [ -r "$m" ] && { model=$m; break; }; done

# 60 documents: the examples under new ids, of uneven length (one to all seven
# articles' texts a document), so that later documents often finish first.
awk '{ lines[NR] = $0 }
     END {
       for (d = 0; d < 60; d++) {
         k = (d * 5) % NR + 1
         line = lines[k]
         sub(/"id": "[^"]*"/, "\"id\": \"doc-" d "\"", line)
         print line
       }
     }' examples/articles.jsonl >"$T/in.jsonl"

ok_model=0
[ -n "$model" ] && "$KH" code -j 1 --model "$model" "$T/in.jsonl" >"$T/j1" 2>"$T/j1.err" && ok_model=1
if [ $ok_model = 1 ]; then
  check "-j 1 coded events in 60 documents" test "$(grep -o '"doc_id":"doc-[0-9]*"' "$T/j1" | sort -u | wc -l)" -eq 60
  for j in 2 3 5; do
    "$KH" code -j $j --model "$model" "$T/in.jsonl" >"$T/j$j" 2>/dev/null
    check "-j $j writes exactly what -j 1 writes" cmp -s "$T/j1" "$T/j$j"
  done
  grep -o '"doc_id":"doc-[0-9]*"' "$T/j3" | tr -dc '0-9\n' >"$T/order"
  check "documents come out in input order" sh -c "awk 'NR > 1 && \$1 < prev { bad = 1 } { prev = \$1 } END { exit bad }' '$T/order'"
else
  why="no model that loads (${model:-none}): $(tail -1 "$T/j1.err" 2>/dev/null)"
  for i in 1 2 3 4 5; do skip_test "$why"; done
fi

tsan="$top/build/tsan"
if [ $run_tsan = 0 ]; then
  :
elif [ -x "$tsan/khaldun" ] && [ -x "$tsan/tests/test_pool" ] && [ $ok_model = 1 ] &&
     "$tsan/khaldun" --version >"$T/tsan.start" 2>&1; then
  head -n 20 "$T/in.jsonl" >"$T/small.jsonl"
  "$KH" code -j 1 --model "$model" "$T/small.jsonl" >"$T/s1" 2>/dev/null
  TSAN_OPTIONS="halt_on_error=1 exitcode=66" "$tsan/khaldun" code -j 3 --model "$model" "$T/small.jsonl" >"$T/s3" 2>"$T/s3.err"
  check "ThreadSanitizer build, -j 3: no race reported, same output as -j 1" \
    sh -c "! grep -q ThreadSanitizer '$T/s3.err' && cmp -s '$T/s1' '$T/s3'"
  TSAN_OPTIONS="halt_on_error=1 exitcode=66" CMOCKA_MESSAGE_OUTPUT=TAP "$tsan/tests/test_pool" >"$T/pool" 2>&1
  check "ThreadSanitizer build: the pool's unit tests pass with no race reported" \
    sh -c "! grep -q ThreadSanitizer '$T/pool' && ! grep -q '^not ok' '$T/pool' && grep -q '^ok' '$T/pool'"
else
  # Some kernels' address-space layouts stop ThreadSanitizer before main ("FATAL:
  # ThreadSanitizer: unexpected memory mapping"): that is the machine, not a race.
  if [ -s "$T/tsan.start" ] && grep -q "FATAL: ThreadSanitizer" "$T/tsan.start"; then
    why="ThreadSanitizer cannot start on this machine: $(grep -m1 FATAL "$T/tsan.start")"
  else
    why="no ThreadSanitizer build ($tsan: make BUILD=tsan build/tsan/khaldun build/tsan/tests/test_pool) or no model"
  fi
  skip_test "$why"
  skip_test "$why"
fi
