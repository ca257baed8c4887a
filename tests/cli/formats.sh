#!/bin/sh
# `khaldun docs` on every input format: what it lists, how it detects formats,
# its options, and the shared validation files when present.
. "$(dirname "$0")/../lib.sh"
plan 22
F=tests/fixtures/formats

"$KH" docs $F/mixed.jsonl >"$T/out" 2>"$T/err"; rc=$?
check "jsonl: exit 1 when lines are rejected" test $rc -eq 1
check "jsonl: three documents in order" sh -c "cut -f1 '$T/out' | tr '\n' ' ' | grep -qx 'a1 mixed.jsonl:5 7 '"
check "jsonl: id, date, format, bytes, title" grep -qx 'a1	2024-04-13	jsonl	71	Minister visits Washington' "$T/out"
check "jsonl: FILE:LINE for the bad date" grep -qx "$F/mixed.jsonl:4: error: date '13/04/2024' does not parse (YYYY-MM-DD, YYYYMMDD or ISO 8601)" "$T/err"
check "jsonl: summary line" grep -qx '3 read, 4 rejected' "$T/err"

"$KH" docs --json $F/mixed.jsonl >"$T/out" 2>/dev/null
check "--json: unknown fields kept" grep -q '"extra":{"lang":"en","tags":\["defence","visit"\]}' "$T/out"

"$KH" docs <$F/mixed.jsonl >"$T/out" 2>"$T/err"
check "stdin: detected as JSONL by its first bytes" sh -c "test \$(wc -l <'$T/out') -eq 3 && grep -q '^-:2: error: broken JSON' '$T/err'"

"$KH" docs $F/small.xml >"$T/out" 2>"$T/err"; rc=$?
check "petrarch: exit 1 and three records" sh -c "test $rc -eq 1 && cut -f1 '$T/out' | tr '\n' ' ' | grep -qx 'X-01 X-03 X-06 '"
check "petrarch: unterminated record named" grep -qx "$F/small.xml:23: error: record not terminated (a new <Sentence> starts at line 29)" "$T/err"
"$KH" docs --json $F/small.xml >"$T/out" 2>/dev/null
check "petrarch: gold and parse carried" grep -q '"id":"X-01".*"category":"DEMO".*"gold":2,"parse":true' "$T/out"

"$KH" docs $F/small.text >"$T/out" 2>"$T/err"; rc=$?
check "tabari: exit 1 and five records" sh -c "test $rc -eq 1 && test \$(wc -l <'$T/out') -eq 5"
check "tabari: YYMMDD and YYYYMMDD dates" sh -c "grep -q '^KH-01	2024-04-13	tabari' '$T/out' && grep -q '^KH-03	2024-04-15	tabari' '$T/out'"
check "tabari: bad date named" grep -qx "$F/small.text:28: error: record KH-05: date '241399' does not parse" "$T/err"

"$KH" docs $F/two.conllu >"$T/out" 2>"$T/err"; rc=$?
check "conllu: one document per newdoc, text rebuilt" sh -c "test $rc -eq 1 && grep -qx 'doc-a	-	conllu	23	Iraq signed. It'\''s done.' '$T/out' && grep -q '^doc-b' '$T/out'"

"$KH" docs $F/2024-04-14_signing.txt >"$T/out" 2>"$T/err"; rc=$?
check "text: id and date from the file name" sh -c "test $rc -eq 0 && grep -q '^2024-04-14_signing	2024-04-14	text	89	' '$T/out'"
"$KH" docs --date 2023-05-06 $F/2024-04-14_signing.txt >"$T/out" 2>/dev/null
check "--date overrides" grep -q '	2023-05-06	text	' "$T/out"
"$KH" docs --input-format text $F/mixed.jsonl >"$T/out" 2>/dev/null; rc=$?
check "--input-format forces a format" sh -c "test $rc -eq 0 && test \$(wc -l <'$T/out') -eq 1 && grep -q '	text	' '$T/out'"
"$KH" docs --input-format nope $F/mixed.jsonl >/dev/null 2>"$T/err"; rc=$?
check "unknown format: exit 2" sh -c "test $rc -eq 2 && grep -q \"unknown input format 'nope'\" '$T/err'"

"$KH" docs examples/articles.jsonl >"$T/out" 2>"$T/err"; rc=$?
check "examples: seven articles, none rejected" sh -c "test $rc -eq 0 && test \$(wc -l <'$T/out') -eq 7 && grep -qx '7 read, 0 rejected' '$T/err'"

if need_shared data/validation/petrarch/PETR.UnitTest.records.xml; then
  "$KH" docs "$KH_SHARED/data/validation/petrarch/PETR.UnitTest.records.xml" >"$T/out" 2>"$T/err"; rc=$?
  check "shared PETRARCH XML: 284 records" sh -c "test $rc -eq 0 && grep -qx '284 read, 0 rejected' '$T/err'"
else skip_test "PETRARCH records absent"; fi
if need_shared data/validation/tabari/Validate.text; then
  "$KH" docs "$KH_SHARED/data/validation/tabari/Validate.text" >"$T/out" 2>"$T/err"; rc=$?
  check "shared TABARI Validate.text: 480 records, YYYY-03's 9-digit date rejected" sh -c "test $rc -eq 1 && grep -qx '480 read, 1 rejected' '$T/err' && grep -q ':3397: error: record YYYY-03' '$T/err'"
else skip_test "TABARI records absent"; fi
if need_shared data/ud/en_ewt-ud-test.conllu; then
  "$KH" docs "$KH_SHARED/data/ud/en_ewt-ud-test.conllu" >"$T/out" 2>"$T/err"; rc=$?
  check "shared EWT test as documents" sh -c "test $rc -eq 0 && grep -q ' read, 0 rejected' '$T/err' && test \$(wc -l <'$T/out') -gt 100"
else skip_test "UD EWT absent"; fi
