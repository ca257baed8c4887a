#!/bin/sh
# tests/memcheck.sh - `make check-memory`: every unit test of build/rel and a
# representative set of khaldun commands (good and bad input, one and two threads)
# under valgrind memcheck. A run fails on any memory error or any definitely or
# indirectly lost block (still-reachable blocks, e.g. of libraries, are not errors).
# Prints one line per run and "memcheck: N runs, N clean, N with errors".
#   MEMCHECK_BUILD  the build to check (default build/rel)
#   MEMCHECK_ONLY   a pattern: only runs whose name matches (grep -E)
#   MEMCHECK_SKIP   a pattern: leave out runs whose name matches
#   MEMCHECK_TIMEOUT seconds per run (default 900); a run that takes longer is a
#                   failure of its own kind (TIMEOUT), not a memory error
#   KH_TEST_MODEL   the model for the commands that need one (default: the bundled one)
#   KH_SHARED       shared corpora (some runs use them when present)
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
B=${MEMCHECK_BUILD:-build/rel}
KH="$B/khaldun"
SH=${KH_SHARED:-../shared}
ONLY=${MEMCHECK_ONLY:-.}
SKIP=${MEMCHECK_SKIP:-^$}
TMO=${MEMCHECK_TIMEOUT:-900}
M=""; [ -n "${KH_TEST_MODEL:-}" ] && M="--model $KH_TEST_MODEL"
command -v valgrind >/dev/null 2>&1 || { echo "memcheck: valgrind is missing (apt-get install valgrind)"; exit 2; }
[ -x "$KH" ] || { echo "memcheck: $KH is missing (make first)"; exit 2; }
L=$(mktemp -d); trap 'rm -rf "$L"' EXIT
# Exit status 97 marks valgrind's own verdict; the program's 1 (input rejected) is not an error.
VG="valgrind --tool=memcheck --leak-check=full --errors-for-leak-kinds=definite,indirect \
    --error-exitcode=97 --num-callers=30 --track-fds=no"
runs=0; clean=0; bad=0; slow=0; badnames=""

wanted() { printf '%s\n' "$1" | grep -qE "$ONLY" && ! printf '%s\n' "$1" | grep -qE "$SKIP"; }

check() {  # check NAME [STDIN_FILE] -- COMMAND...
  name=$1; shift
  in=/dev/null
  if [ "$1" != "--" ]; then in=$1; shift; fi
  shift
  wanted "$name" || return 0
  runs=$((runs + 1))
  log="$L/$runs.log"
  timeout "$TMO" $VG --log-file="$log" "$@" <"$in" >"$L/out" 2>"$L/err"; rc=$?
  verdict "$name" "$rc" "$log"
}

verdict() {  # verdict NAME EXIT LOG: counts and prints the run's result
  name=$1; rc=$2; log=$3
  errs=$(sed -n 's/.*ERROR SUMMARY: \([0-9]*\) errors.*/\1/p' "$log" | tail -1)
  def=$(sed -n 's/.*definitely lost: \([0-9,]*\) bytes.*/\1/p' "$log" | tail -1 | tr -d ,)
  ind=$(sed -n 's/.*indirectly lost: \([0-9,]*\) bytes.*/\1/p' "$log" | tail -1 | tr -d ,)
  if [ "$rc" -eq 124 ]; then
    slow=$((slow + 1)); badnames="$badnames $name"
    printf 'TIMEOUT %-38s over %d s under valgrind (%s errors until then)\n' "$name" "$TMO" "${errs:-?}"
    return 0
  fi
  if [ "$rc" -ne 97 ] && [ "$rc" -lt 124 ] && [ "${errs:-x}" = 0 ]; then
    clean=$((clean + 1))
    printf 'ok    %-40s exit %d, 0 errors\n' "$name" "$rc"
  else
    bad=$((bad + 1)); badnames="$badnames $name"
    printf 'FAIL  %-40s exit %d, %s errors, definitely lost %s B, indirectly lost %s B\n' \
      "$name" "$rc" "${errs:-?}" "${def:-0}" "${ind:-0}"
    grep -E '^==[0-9]+== (Invalid|Conditional|Use of|Syscall|Mismatched|[0-9,]+ .*(definitely|indirectly) lost)' "$log" \
      | sort | uniq -c | head -5 | sed 's/^/      /'
    grep -m1 -A8 -E '(Invalid|Conditional|definitely lost in)' "$log" | sed 's/^/      /'
    mkdir -p build/memcheck && cp "$log" "build/memcheck/$(echo "$name" | tr / _).log"
  fi
}

# The service: started under valgrind, a few good and bad requests, then SIGTERM.
check_serve() {
  name=serve/requests
  wanted "$name" || return 0
  runs=$((runs + 1))
  log="$L/$runs.log"
  timeout "$TMO" $VG --log-file="$log" "$KH" serve $M --host 127.0.0.1 --port 0 --max-body 4096 \
    --threads 2 </dev/null >"$L/out" 2>"$L/serve.err" &
  spid=$!
  port=""
  for i in $(seq 1 600); do      # valgrind needs time to load the model
    port=$(sed -n 's|.*listening on http://127\.0\.0\.1:\([0-9]*\).*|\1|p' "$L/serve.err" | head -1)
    [ -n "$port" ] && break
    kill -0 "$spid" 2>/dev/null || break
    sleep 0.2
  done
  if [ -n "$port" ]; then
    u="http://127.0.0.1:$port"
    curl -s -m 120 "$u/health" >/dev/null
    curl -s -m 120 --data-binary '{"id": "s1", "date": "2023-03-11", "text": "Iraq signed an agreement with the United States."}' "$u/code" >/dev/null
    curl -s -m 120 --data-binary '[{"id": "s2", "text": "The minister met the president."}, {"id": 3}]' "$u/code" >/dev/null
    curl -s -m 120 --data-binary '{"id": "s3", "text": "unterminated' "$u/code" >/dev/null
    head -c 5000 /dev/zero | tr '\0' x | curl -s -m 120 --data-binary @- "$u/code" >/dev/null
    curl -s -m 120 "$u/events?dyad=IRQ,USA&limit=5" >/dev/null
    curl -s -m 120 "$u/nowhere" >/dev/null
  else
    echo "      (the server did not start: $(tail -1 "$L/serve.err"))"
  fi
  # timeout(1) passes the SIGTERM on to the server, which then shuts down cleanly.
  kill -TERM "$spid" 2>/dev/null
  wait "$spid"; rc=$?
  [ -n "$port" ] || rc=125
  verdict "$name" "$rc" "$log"
}

echo "== unit tests of $B =="
for t in "$B"/tests/test_*; do
  [ -x "$t" ] || continue
  case $t in *.d) continue ;; esac
  CMOCKA_MESSAGE_OUTPUT=TAP check "unit/$(basename "$t")" -- "$t"
done

echo "== khaldun commands =="
ex=examples/articles.jsonl
printf '{"id": "a", "text": "ok"}\n{"id": \n{"id": "b", "text": "\\u00e9t\\u00e9 \\ud800"}\nnot json\n' >"$L/bad.jsonl"
printf 'Iraq signed an agreement with the United States on Saturday.\n\nThe minister said: "We welcome it."\n' >"$L/text.txt"
printf '\377\376 broken \300 utf-8\n' >"$L/badutf8.txt"
check "help"                    -- "$KH" help
check "docs/examples"           -- "$KH" docs "$ex"
check "docs/bad-jsonl"          -- "$KH" docs "$L/bad.jsonl"
check "segment/text"            -- "$KH" segment "$L/text.txt"
check "segment/bad-utf8"        -- "$KH" segment "$L/badutf8.txt"
check "segment/lenient-conllu"  -- "$KH" segment --lenient --format conllu "$L/badutf8.txt"
check "dict/check-ours"         -- "$KH" dict check data/dict
check "dict/lookup"             -- "$KH" dict lookup "Iraqi defence minister" --date 2023-03-11
check "parse/text"              -- "$KH" parse $M "$L/text.txt"
check "code/examples-j1"        -- "$KH" code $M -j 1 "$ex"
check "code/examples-j2-tsv"    -- "$KH" code $M -j 2 --format tsv "$ex"
check "code/bad-jsonl"          -- "$KH" code $M -j 1 "$L/bad.jsonl"
check "code/stdin-text"  "$L/text.txt" -- "$KH" code $M -j 1 --input-format text --date 2023-03-11 -
check "explain"                 -- "$KH" explain $M "Iraq signed an agreement with the United States."
if "$KH" serve --help >/dev/null 2>&1 && command -v curl >/dev/null 2>&1; then
  check_serve
fi
if [ -r "$SH/data/validation/petrarch/PETR.Validate.agents.txt" ]; then
  check "dict/check-petrarch-agents" -- "$KH" dict check "$SH/data/validation/petrarch/PETR.Validate.agents.txt"
  check "dict/check-tabari-demo"     -- "$KH" dict check "$SH/data/validation/tabari/TABARI.Demo.verbs" \
                                                        "$SH/data/validation/tabari/TABARI.Demo.actors"
  head -c 20000 "$SH/data/validation/petrarch/PETR.UnitTest.records.xml" >"$L/petr.xml"
  check "docs/petrarch-xml-head"     -- "$KH" docs "$L/petr.xml"
  head -n 400 "$SH/data/ud/en_ewt-ud-dev.conllu" >"$L/dev.conllu"
  check "parse/pretokenized-conllu"  -- "$KH" parse $M --pretokenized "$L/dev.conllu"
  # the coder's suite readings: TABARI's shallow reading with its dictionaries, and
  # PETRARCH's with the records' own parses (synsets, gaps, word ends, new actors)
  check "validate/tabari"            -- "$KH" validate $M "$SH/data/validation/tabari/Validate.project"
  check "validate/petrarch-parses"   -- "$KH" validate --use-file-parses \
                                                        "$SH/data/validation/petrarch/PETR.UnitTest.records.xml"
else
  echo "  ($SH is absent: the runs on the shared corpora are left out)"
fi
echo "memcheck: $runs runs, $clean clean, $bad with errors, $slow timed out${badnames:+ ($badnames )}"
[ "$bad" -eq 0 ] && [ "$slow" -eq 0 ]
