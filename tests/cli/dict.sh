#!/bin/sh
# `khaldun dict check` and `khaldun dict lookup` on our fixtures and the shared dictionaries.
. "$(dirname "$0")/../lib.sh"
F=tests/fixtures/dict
plan 18
"$KH" dict check "$F/small.dict" >"$T/out" 2>&1; rc=$?
check "check of a clean file exits 0" test $rc -eq 0
check "check counts actors and patterns" grep -q "actors 3 .*patterns 2" "$T/out"
"$KH" dict check "$F/malformed.dict" >"$T/out" 2>&1; rc=$?
check "check of a malformed file exits 1" test $rc -eq 1
check "malformed line is named FILE:LINE" grep -q "malformed.dict:3: error: expected" "$T/out"
"$KH" dict lookup "Iraqi police" --dict "$F/small.dict" >"$T/out" 2>&1
check "lookup combines agent and country" grep -q "^code: IRQCOP" "$T/out"
"$KH" dict lookup "Thabet al-Abbasi" --date 2021-01-01 --dict "$F/small.dict" >"$T/out" 2>&1
check "lookup honours the date" grep -q "^code: IRQELI" "$T/out"
"$KH" dict convert "$F/mini.verbs" "$F/mini.actors" "$F/mini.options" -o "$T/cv" >"$T/out" 2>&1; rc=$?
check "convert of TABARI fixtures exits 0" test $rc -eq 0
check "convert reports the same counts" grep -q "^round trip: same counts" "$T/out"
check "convert writes one file per kind" test -f "$T/cv/verbs.dict" -a -f "$T/cv/time.dict" -a -f "$T/cv/options.dict" -a -f "$T/cv/nouns.dict"
"$KH" dict lookup "sang" --dict "$T/cv" >"$T/out" 2>&1
check "converted irregular form is found" grep -q "^verb: SING in block" "$T/out"
D=data/dict
"$KH" dict lookup "Thabit Muhammad al-Abassi" --date 2023-01-01 --dict "$D" >"$T/out" 2>&1; rc=$?
check "variant lookup exits 0 with the person's code" sh -c "test $rc -eq 0 && grep -q '^code: IRQGOVMIL' '$T/out'"
check "variant lookup says name variant with a score" grep -q "^(name variant) of 'Thabit al-Abbasi', score 1.00" "$T/out"
check "variant lookup shows the entry" grep -q "^actor: Thabet al-Abbasi (entity thabet_al-abbasi)" "$T/out"
"$KH" dict lookup "Mahmoud Abbasi" --dict "$D" >"$T/out" 2>&1; rc=$?
check "a near miss is not a variant" sh -c "test $rc -eq 1 && grep -q 'not in the dictionaries' '$T/out'"
if need_shared data/dictionaries/phoenix/CAMEO.2.0.txt; then
  "$KH" dict convert "$KH_SHARED/data/dictionaries/phoenix" -o "$T/ph" >"$T/out" 2>/dev/null
  check "phoenix converts with the same counts" grep -q "^round trip: same counts" "$T/out"
  "$KH" dict check "$KH_SHARED/data/dictionaries/phoenix" >"$T/out" 2>&1
  check "phoenix role elements are warnings, not errors" grep -q "warning: element PPL not in the CAMEO reference" "$T/out"
  "$KH" dict check "$KH_SHARED/data/dictionaries/phoenix/Phoenix.discards.txt" >"$T/out" 2>&1
  check "phoenix discards: 506" grep -q "discards 506" "$T/out"
  "$KH" dict lookup "Hamid Karzai" --date 2005-01-01 --dict "$KH_SHARED/data/dictionaries/phoenix" >"$T/out" 2>&1
  check "phoenix dated code" grep -q "^code: AFGGOV" "$T/out"
else
  for i in 1 2 3 4; do skip_test "shared dictionaries absent"; done
fi
