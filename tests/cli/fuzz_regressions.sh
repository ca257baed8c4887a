#!/bin/sh
# Replays every input the fuzzers found crashing (fuzz/regressions/<harness>/) through
# the khaldun command that reads the same surface. A replay passes when the command
# ends by itself with a normal status (0, 1 rejected, 2 refused) and no sanitizer
# report: bad input must be reported, never crash. With the asan build this is the
# same check the fuzzer made. KH_TEST_MODEL names the model when the bundled one is
# not there yet.
. "$(dirname "$0")/../lib.sh"
top=$(cd "$(dirname "$0")/../.." && pwd)
R="$top/fuzz/regressions"
files=$(find "$R" -type f ! -name '*.md' ! -name '*.txt' 2>/dev/null | sort)
n=$(printf '%s\n' "$files" | grep -c . )
if [ "$n" -eq 0 ]; then plan 1; skip_test "no saved fuzz inputs in $R"; exit 0; fi
plan "$n"
export ASAN_OPTIONS="exitcode=86:detect_leaks=1" UBSAN_OPTIONS="halt_on_error=1:exitcode=86:print_stacktrace=1"
cd "$top"
M=""; [ -n "${KH_TEST_MODEL:-}" ] && M="--model $KH_TEST_MODEL"   # else the bundled model

# dict harnesses: the first byte chose the kind; the rest is the file.
strip1() { tail -c +2 "$1" >"$2"; }
kind_byte() { od -An -tu1 -N1 "$1" | tr -d ' '; }

worst() { [ "$1" -gt "$2" ] && return "$1"; return "$2"; }

replay() {  # replay HARNESS FILE: runs the matching command, output in $T/err
  h=$1; f=$2
  case $h in
    jsonl)        "$KH" docs --input-format jsonl "$f" ;;
    text)         "$KH" segment "$f"; a=$?; "$KH" segment --lenient "$f"; worst $a $? ;;
    petrarch_xml) "$KH" docs --input-format petrarch "$f" ;;
    tabari)       "$KH" docs --input-format tabari "$f" ;;
    conllu)       "$KH" docs --input-format conllu "$f"; a=$?; "$KH" parse $M --pretokenized "$f"; worst $a $? ;;
    dict_ours)    cp "$f" "$T/fuzz.dict"; "$KH" dict check "$T/fuzz.dict" ;;
    dict_petrarch)
      set -- verbs actors agents discards issues prepositions
      k=$(( $(kind_byte "$f") % 6 )); shift "$k"
      strip1 "$f" "$T/fuzz.$1.txt"; "$KH" dict check "$T/fuzz.$1.txt" ;;
    dict_tabari)
      set -- verbs actors agents options
      k=$(( $(kind_byte "$f") % 4 )); shift "$k"
      strip1 "$f" "$T/fuzz.$1"; "$KH" dict check "$T/fuzz.$1" ;;
    model)        printf 'Iraq signed an agreement.\n' | "$KH" parse --model "$f" ;;
    pipeline)     "$KH" code $M --input-format text --date 2023-03-11 --dict data/dict -j 1 "$f" ;;
    *)            echo "no replay for harness $h"; return 99 ;;
  esac
}

for f in $files; do
  h=$(basename "$(dirname "$f")")
  replay "$h" "$f" >"$T/out" 2>"$T/err"; rc=$?
  # Every step of a replay may refuse the input (1, 2); a signal or sanitizer may not.
  if [ "$rc" -le 2 ] && ! grep -qE 'ERROR: AddressSanitizer|ERROR: LeakSanitizer|runtime error:' "$T/err"; then
    echo "ok $((_n = _n + 1)) - $h/$(basename "$f") ends normally (exit $rc)"
  else
    echo "not ok $((_n = _n + 1)) - $h/$(basename "$f") exit $rc"
    grep -m3 -E 'ERROR|runtime error|SUMMARY' "$T/err" | sed 's/^/# /'
  fi
done
