#!/bin/sh
# fuzz/run.sh - builds one libFuzzer harness per input surface (fuzz/fuzz_*.c) with
# clang, address and undefined-behaviour sanitizers, replays the saved crashing
# inputs of fuzz/regressions/<harness>/, then fuzzes each harness for FUZZ_SECONDS.
# Every new crash, leak, timeout or out-of-memory input is kept in
# fuzz/regressions/<harness>/ (libFuzzer's artifact) and the run fails.
#
#   FUZZ_SECONDS=30      time per harness
#   FUZZ_HARNESSES="jsonl text"  only these (default: every fuzz/fuzz_*.c)
#   FUZZ_CC=clang        the compiler (needs libFuzzer: apt-get install clang libclang-rt-14-dev)
#   FUZZ_BUILD=build/fuzz  objects and binaries (under build/, which git ignores);
#                        fuzz/corpus/<harness>/ the growing corpora (ignored too)
#   KH_SHARED=../shared  seeds from the shared corpora when present
#   KH_FUZZ_MODEL        the model of the pipeline harness and the model seeds (default: the bundled one)
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
FUZZ_SECONDS=${FUZZ_SECONDS:-30}
CC=${FUZZ_CC:-clang}
B=${FUZZ_BUILD:-build/fuzz}
SH=${KH_SHARED:-../shared}

if ! command -v "$CC" >/dev/null 2>&1; then
  echo "fuzz: $CC is missing (apt-get install clang libclang-rt-14-dev)"; exit 2
fi
mkdir -p "$B/obj" fuzz/corpus fuzz/regressions
printf 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { return 0; }\n' >"$B/probe.c"
if ! "$CC" -fsanitize=fuzzer "$B/probe.c" -o "$B/probe" 2>/dev/null; then
  echo "fuzz: $CC cannot link libFuzzer (apt-get install libclang-rt-14-dev)"; exit 2
fi

SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
# The Makefile's own flags (defines, packages), without its warnings: see bench/flags.mk.
MKFLAGS=$(make -s -f Makefile -f bench/flags.mk kh-cflags | sed 's/ -W[a-z-]*//g')
LIBS=$(make -s -f Makefile -f bench/flags.mk kh-libs)
[ -n "$MKFLAGS" ] || { echo "fuzz: cannot read the Makefile's flags"; exit 2; }
BASE="$MKFLAGS -O1 -g"

# The library, compiled once per change of a source file (or of any header).
newest_h=$(ls -t src/*.h | head -1)
objs=""
for c in src/*.c; do
  o="$B/obj/$(basename "$c" .c).o"
  objs="$objs $o"
  if [ ! -f "$o" ] || [ "$c" -nt "$o" ] || [ "$newest_h" -nt "$o" ] || [ Makefile -nt "$o" ]; then
    echo "CC $c"
    # -w: the library's warnings are the gcc build's business, not the fuzzer's.
    $CC $BASE -w $SAN -fsanitize=fuzzer-no-link -c "$c" -o "$o" || { echo "fuzz: cannot compile $c"; exit 2; }
  fi
done
rm -f "$B/libkhaldun_fuzz.a"
ar rcs "$B/libkhaldun_fuzz.a" $objs

# Seeds: our own small inputs (fuzz/seeds/<harness>/), plus, when present, the first
# kilobytes of the shared corpora (copied to fuzz/corpus/, which git ignores).
seed_from() {  # seed_from HARNESS FILE...: first 4 KiB of each readable file
  h=$1; shift
  for f in "$@"; do
    [ -r "$f" ] && head -c 4096 "$f" >"fuzz/corpus/$h/shared-$(basename "$f")"
  done
  return 0
}
seed() {
  h=$1; d="fuzz/corpus/$h"; mkdir -p "$d"
  [ -d "fuzz/seeds/$h" ] && cp fuzz/seeds/"$h"/* "$d"/ 2>/dev/null
  case $h in
    jsonl|pipeline) cp examples/articles.jsonl "$d/examples.jsonl" ;;
    text) seed_from text "$SH/data/validation/tabari/TABARI.Demo.text" ;;
    petrarch_xml) seed_from petrarch_xml "$SH/data/validation/petrarch/PETR.UnitTest.records.xml" ;;
    tabari) seed_from tabari "$SH/data/validation/tabari/Validate.text" "$SH/data/validation/tabari/TABARI.Demo.text" ;;
    conllu) seed_from conllu "$SH/data/ud/en_ewt-ud-dev.conllu" "$SH/data/ud/en_gum-ud-dev.conllu" ;;
    dict_ours) for f in data/dict/*.dict; do head -c 4096 "$f" >"$d/$(basename "$f")"; done ;;
    dict_petrarch)  # the first byte picks the kind: 0 verbs, 1 actors, 2 agents, 3 discards, 4 issues, 5 preps
      n=0
      for f in PETR.Validate.verbs.txt PETR.Validate.actors.txt PETR.Validate.agents.txt \
               ../../dictionaries/phoenix/Phoenix.discards.txt ../../dictionaries/phoenix/Phoenix.IssueCoding.txt \
               ../../dictionaries/phoenix/Phoenix.prepositions.txt; do
        p="$SH/data/validation/petrarch/$f"
        [ -r "$p" ] && { printf "\\$(printf '%03o' $n)" >"$d/shared-$n"; head -c 4096 "$p" >>"$d/shared-$n"; }
        n=$((n + 1))
      done ;;
    dict_tabari)    # 0 verbs, 1 actors, 2 agents, 3 options
      n=0
      for f in TABARI.Demo.verbs TABARI.Demo.actors Validate.agents Validate.options; do
        p="$SH/data/validation/tabari/$f"
        [ -r "$p" ] && { printf "\\$(printf '%03o' $n)" >"$d/shared-$n"; head -c 4096 "$p" >>"$d/shared-$n"; }
        n=$((n + 1))
      done ;;
    model)
      m=""
      for c in ${KH_FUZZ_MODEL:-} data/models/en_ewt.khm build/models/en_ewt.khm; do [ -r "$c" ] && { m=$c; break; }; done
      if [ -n "$m" ] && $CC $BASE $SAN fuzz/seed_model.c "$B/libkhaldun_fuzz.a" $LIBS -o "$B/seed_model"; then
        "$B/seed_model" "$m" "$d" || echo "fuzz: no model seeds"
      fi ;;
  esac
  return 0
}

harnesses=${FUZZ_HARNESSES:-$(ls fuzz/fuzz_*.c | sed 's|fuzz/fuzz_||; s|\.c$||')}
failed=""
total_new=0
for h in $harnesses; do
  src="fuzz/fuzz_$h.c"; bin="$B/fuzz_$h"
  [ -f "$src" ] || { echo "fuzz: no $src"; failed="$failed $h"; continue; }
  $CC $BASE -Wall -Wextra -Werror -Wno-unused-parameter $SAN -fsanitize=fuzzer "$src" \
      "$B/libkhaldun_fuzz.a" $LIBS -o "$bin" || { echo "fuzz: cannot build $src"; failed="$failed $h"; continue; }
  seed "$h"
  reg="fuzz/regressions/$h"; mkdir -p "$reg"
  # Known crashing inputs first: each is replayed once and reported while it still fails.
  known=0; still=0
  for f in "$reg"/*; do
    [ -f "$f" ] || continue
    case $f in *.txt|*.md) continue ;; esac
    known=$((known + 1))
    if ! "$bin" -runs=1 -artifact_prefix="$B/" "$f" >"$B/replay.log" 2>&1; then
      still=$((still + 1)); echo "fuzz $h: still fails: $f"
    fi
  done
  ls "$reg" >"$B/before.lst"
  before=$(wc -l <"$B/before.lst")
  log="$B/fuzz_$h.log"
  maxlen=4096; [ "$h" = model ] && maxlen=65536
  "$bin" -max_total_time="$FUZZ_SECONDS" -max_len=$maxlen -timeout=20 -rss_limit_mb=2048 \
         -print_final_stats=1 -artifact_prefix="$reg/" "fuzz/corpus/$h" >"$log" 2>&1
  rc=$?
  # New crashing inputs are minimised (they may start from a shared-corpus seed, whose
  # text must not go into the repository whole): the smallest input that still fails.
  for f in $(ls "$reg" | grep -vxF -f "$B/before.lst"); do
    case $f in crash-*|leak-*)
      "$bin" -minimize_crash=1 -max_total_time=30 -exact_artifact_path="$reg/$f.min" "$reg/$f" \
        >"$B/minimize.log" 2>&1
      [ -s "$reg/$f.min" ] && mv -f "$reg/$f.min" "$reg/$f" ;;
    esac
    echo "fuzz $h: new failing input $reg/$f ($(wc -c <"$reg/$f") bytes)"
  done
  after=$(ls "$reg" | wc -l)
  new=$((after - before)); total_new=$((total_new + new))
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | sed 's/cov: //')
  status=ok
  if [ $rc -ne 0 ] || [ $new -gt 0 ]; then
    status="FAIL (exit $rc, $new new input(s) in $reg; log $log)"
    grep -m3 -E 'ERROR: |runtime error|SUMMARY' "$log" | sed 's/^/    /'
    failed="$failed $h"
  elif [ $still -gt 0 ]; then
    status="ok, but $still of $known saved input(s) still fail"
    failed="$failed $h"
  fi
  grep -q 'coding without one' "$log" && status="$status (WITHOUT a model: none loaded)"
  printf 'fuzz %-14s %8s runs  cov %6s  %s\n' "$h" "${execs:-?}" "${cov:-?}" "$status"
done
if [ -n "$failed" ]; then
  echo "fuzz: failures in:$failed ($total_new new crashing input(s))"
  exit 1
fi
echo "fuzz: no crash in $FUZZ_SECONDS s per harness"
