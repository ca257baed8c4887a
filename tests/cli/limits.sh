#!/bin/sh
# Limits of `khaldun code`: a sentence longer than --max-words is skipped and counted
# as too_long (the rest of the document is still coded); a document larger than
# --max-doc-bytes is rejected with a message naming FILE:LINE and the limit (exit 1),
# and the other documents are still coded. Options that `khaldun code --help` does not list are
# reported as skipped.
. "$(dirname "$0")/../lib.sh"
plan 8
help=$("$KH" code --help 2>&1)
model=""
for m in ${KH_TEST_MODEL:-} data/models/en_ewt.khm build/models/en_ewt.khm; do [ -r "$m" ] && { model=$m; break; }; done
cat >"$T/in.jsonl" <<'J'
{"id": "short", "date": "2023-03-11", "text": "Iraq signed an agreement with the United States."}
{"id": "long", "date": "2023-03-11", "text": "Iraq signed an agreement with the United States. The Iraqi defence minister met the American defence secretary in Washington on Saturday and the two men discussed training, intelligence sharing and the maintenance of aircraft."}
J
# The limits are only seen when coding works: a model that loads (else all skip).
ok_model=0
[ -n "$model" ] && "$KH" code -j 1 --model "$model" "$T/in.jsonl" >"$T/all" 2>"$T/all.err" && ok_model=1
# 1-4: --max-words
if printf '%s' "$help" | grep -q -- '--max-words' && [ $ok_model = 1 ]; then
  "$KH" code -j 1 --model "$model" --max-words 10 "$T/in.jsonl" >"$T/ev" 2>"$T/err"; rc=$?
  check "a too long sentence is not an error (exit 0)" test $rc -eq 0
  check "it is counted: 1 skipped (1 too_long)" grep -qE '1 skipped \(1 too_long' "$T/err"
  check "without the limit nothing is skipped" grep -qE '2 documents, 3 sentences, [0-9]+ events, 0 skipped' "$T/all.err"
  check "all 3 sentences are read either way" grep -qE '2 documents, 3 sentences' "$T/err"
else
  for i in 1 2 3 4; do skip_test "--max-words: not in 'khaldun code --help' or no working model"; done
fi
# 5-8: --max-doc-bytes
if printf '%s' "$help" | grep -q -- '--max-doc-bytes' && [ $ok_model = 1 ]; then
  "$KH" code -j 1 --model "$model" --max-doc-bytes 100 "$T/in.jsonl" >"$T/ev" 2>"$T/err"; rc=$?
  check "a document over --max-doc-bytes is rejected (exit 1)" test $rc -eq 1
  check "the message names FILE:LINE and the limit" grep -qE 'in\.jsonl:2: .*100' "$T/err"
  check "it is counted as rejected" grep -qE '1 rejected' "$T/err"
  check "the document before it is still coded" grep -qE '^1 documents, 1 sentences' "$T/err"
else
  for i in 5 6 7 8; do skip_test "--max-doc-bytes: not in 'khaldun code --help' (tell the lead) or no working model"; done
fi
