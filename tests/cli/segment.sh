#!/bin/sh
# `khaldun segment` and `khaldun eval-segment`: output formats, UTF-8 errors,
# lenient mode, and floors on UD English EWT test (skipped without ../shared).
. "$(dirname "$0")/../lib.sh"
F="$(dirname "$0")/../fixtures/text"
plan 12
"$KH" segment --help >"$T/out" 2>&1; check "segment --help exits 0" test $? -eq 0
check "segment --help names the formats" grep -q -- "--format tsv|conllu" "$T/out"
"$KH" segment <"$F/news.txt" >"$T/tsv" 2>"$T/err"
check "tsv output from stdin is exactly as expected" cmp "$T/tsv" "$F/news.tsv"
"$KH" segment --format conllu "$F/news.txt" >"$T/conllu"
check "conllu output has 5 sentences" test "$(grep -c '^# text = ' "$T/conllu")" -eq 5
check "conllu has the multiword token and SpaceAfter=No" \
  grep -q "^3-4	don't	_	_	_	_	_	_	_	_" "$T/conllu"
printf 'Talks in Erbil \351t\351 ended.\n' >"$T/bad.txt"
"$KH" segment "$T/bad.txt" >"$T/out" 2>"$T/err"; rc=$?
check "invalid UTF-8 exits 1" test $rc -eq 1
check "invalid UTF-8 names file and byte offset" \
  grep -q "bad.txt:1: error: invalid UTF-8 at byte 15 of document" "$T/err"
"$KH" segment --lenient "$T/bad.txt" >"$T/out" 2>"$T/err"; rc=$?
check "--lenient exits 0 and warns" sh -c "test $rc -eq 0 && grep -q 'replaced 2 invalid UTF-8' '$T/err'"
check "--lenient keeps the repaired word whole" grep -q "^1	4	15	22	" "$T/out"
if need_shared data/ud/en_ewt-ud-test.conllu; then
  "$KH" eval-segment >"$T/ev" 2>&1; rc=$?
  check "eval-segment prints the fixed format" grep -qE '^tokens    P [0-9]+\.[0-9]{2} R [0-9]+\.[0-9]{2} F1 [0-9]+\.[0-9]{2}$' "$T/ev"
  # reached: tokens 99.33, words 99.07, sentences 86.03 (floors 0.05 below)
  check "EWT test floors: token F1 99.28, word F1 99.02, sentence F1 85.98" \
    "$KH" eval-segment --min-token-f1 99.28 --min-word-f1 99.02 --min-sentence-f1 85.98
  "$KH" eval-segment --min-token-f1 99.995 >/dev/null 2>&1; rc=$?
  check "a floor above the figure exits 1" test $rc -eq 1
else
  skip_test "eval-segment format (no shared corpora)"
  skip_test "EWT test floors (no shared corpora)"
  skip_test "floor failure (no shared corpora)"
fi
