#!/bin/sh
# `khaldun validate` on a small TABARI project written here: FORWARD (a pronoun opening
# the next record of a story stands for the first actor of the record before) and the
# <TIME> phrases of the verbs file (SET: TIME SHIFT: a [###] phrase discards).
. "$(dirname "$0")/../lib.sh"
plan 4
MODEL=${KH_MODEL:+--model $KH_MODEL}
cat >"$T/t.verbs" <<'V'
<TIME>
ONCE_UPON_A_TIME [###]
NEXT_WEEK [+7]
</TIME>
ATTACK  [190]
V
cat >"$T/t.actors" <<'A'
ARNOR [ARN]
GONDOR [GON]
ROHAN [ROH]
A
cat >"$T/t.project" <<'P'
Test project
<actorsfile> t.actors
<verbsfile> t.verbs
<textfile> t.text
P
write_text() {  # $1: the FORWARD option block
  cat >"$T/t.text" <<R
950101  CHK-Init
Turning the forwarding of pronouns on for the story records below.
/* { OPTION: $1 } */

950102  STRY-001-001
Arnor attacked Gondor near the river on Monday morning after dawn.
/* { ARN / GON / 190 } */

950102  STRY-001-002
Later he attacked Rohan near the old bridge on the same day.
/* { ARN / ROH / 190 } */

950103  TIME-001
Arnor attacked Gondor once upon a time in the west long ago.
/* { ### } */
R
}
write_text "FORWARD: ^^*****NNN*SSS"
"$KH" validate "$T/t.project" $MODEL >"$T/out" 2>"$T/err"
if grep -q "model .*missing\|rebuild it with 'khaldun train'" "$T/err"; then
  model_refused "$T/err"; model_refused "$T/err"
  model_refused "$T/err"; model_refused "$T/err"
  exit 0
fi
check "FORWARD: 'he' opening the story's next record is the actor of the one before" \
  sh -c "! grep -q 'FAIL STRY-001-002' '$T/out'"
check "a [###] time phrase discards the sentence" sh -c "! grep -q 'FAIL TIME-001' '$T/out'"
check "all three checked records pass" grep -q '^3 passed, 0 failed' "$T/out"
write_text "FORWARD: ^^*****NNN*SSS OFF"
"$KH" validate "$T/t.project" $MODEL >"$T/out2" 2>&1
check "FORWARD ... OFF: the pronoun is no actor" grep -q 'FAIL STRY-001-002' "$T/out2"
