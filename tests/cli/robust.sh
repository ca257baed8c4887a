#!/bin/sh
# Bad input never stops a run: for each input format, invalid UTF-8, binary data
# (NUL bytes), a 50 MB line, an empty file and a truncated record, each next to
# good documents. Expect exit 1 (not a crash), FILE:LINE: error: in the messages
# and every good document listed.
. "$(dirname "$0")/../lib.sh"
plan 30

big() {  # big FILE PREFIX SUFFIX: one line of 50 MB between PREFIX and SUFFIX
  { printf '%s' "$2"; head -c 52428800 /dev/zero | tr '\0' 'x'; printf '%s\n' "$3"; } >>"$1"
}

# JSONL
f=$T/bad.jsonl
printf '{"id":"good-1","text":"Iraq and Turkey met."}\n' >"$f"
printf '{"id":"utf8","text":"caf\351"}\n' >>"$f"
printf '{"id":"nul","te\000xt":"x"}\n' >>"$f"
big "$f" '{"id":"long","text":"' '"}'
printf '{"id":"cut","text":"abc\n' >>"$f"
printf '{"id":"good-2","text":"Turkey protested."}\n' >>"$f"
"$KH" docs "$f" >"$T/out" 2>"$T/err"; rc=$?
check "jsonl: exit 1, no crash" test $rc -eq 1
check "jsonl: good documents listed" sh -c "grep -q '^good-1' '$T/out' && grep -q '^good-2' '$T/out' && test \$(wc -l <'$T/out') -eq 2"
check "jsonl: each bad line named" sh -c "grep -q '^$f:2: error: broken JSON' '$T/err' && grep -q '^$f:3: error: NUL byte' '$T/err' && grep -q '^$f:4: error: line of 52428823 bytes' '$T/err' && grep -q '^$f:5: error: broken JSON' '$T/err'"
check "jsonl: counts" grep -q '^2 read, 4 rejected$' "$T/err"

# PETRARCH XML
f=$T/bad.xml
cat >"$f" <<'X'
<Sentences>
<Sentence id="good-1" date="20240101"><Text>Iraq and Turkey met.</Text></Sentence>
X
printf '<Sentence id="utf8" date="20240101"><Text>caf\351</Text></Sentence>\n' >>"$f"
printf '<Sentence id="nul" date="20240101"><Text>a\000b</Text></Sentence>\n' >>"$f"
big "$f" '<Sentence id="long" date="20240101"><Text>' '</Text></Sentence>'
printf '<Sentence id="cut" date="20240101"><Text>never closed\n' >>"$f"
printf '<Sentence id="good-2" date="20240102"><Text>Turkey protested.</Text></Sentence>\n</Sentences>\n' >>"$f"
"$KH" docs "$f" >"$T/out" 2>"$T/err"; rc=$?
check "petrarch: exit 1, no crash" test $rc -eq 1
check "petrarch: good documents listed" sh -c "grep -q '^good-1' '$T/out' && grep -q '^good-2' '$T/out' && test \$(wc -l <'$T/out') -eq 2"
check "petrarch: each bad record named" sh -c "grep -q '^$f:3: error: invalid UTF-8' '$T/err' && grep -q '^$f:4: error: NUL byte' '$T/err' && grep -q '^$f:5: error: line of' '$T/err' && grep -q '^$f:6: error: record not terminated' '$T/err'"
check "petrarch: counts" grep -q '^2 read, 4 rejected$' "$T/err"

# TABARI records
f=$T/bad.text
printf '240101  GOOD-1\nIraq and Turkey met.\n/*\\n{ IRQ / TUR / 040 } */\n\n' >"$f"
printf '240101  UTF8\ncaf\351\n\n' >>"$f"
printf '240101  NUL\na\000b\n\n' >>"$f"
printf '240101  LONG\n' >>"$f"; big "$f" '' ''; printf '\n' >>"$f"
printf '2401\n\n' >>"$f"
printf '240102  GOOD-2\nTurkey protested.\n' >>"$f"
"$KH" docs "$f" >"$T/out" 2>"$T/err"; rc=$?
check "tabari: exit 1, no crash" test $rc -eq 1
check "tabari: good documents listed" sh -c "grep -q '^GOOD-1' '$T/out' && grep -q '^GOOD-2' '$T/out' && test \$(wc -l <'$T/out') -eq 2"
check "tabari: each bad record named" sh -c "grep -q '^$f:6: error: invalid UTF-8' '$T/err' && grep -q '^$f:9: error: NUL byte' '$T/err' && grep -q '^$f:12: error: line of' '$T/err' && grep -q '^$f:14: error: record does not start' '$T/err'"
check "tabari: counts" grep -q '^2 read, 4 rejected$' "$T/err"

# CoNLL-U
f=$T/bad.conllu
printf '# newdoc id = good-1\n1\tIraq\tIraq\tPROPN\tNNP\t_\t2\tnsubj\t_\t_\n2\tmet\tmeet\tVERB\tVBD\t_\t0\troot\t_\t_\n\n' >"$f"
printf '1\tcaf\351\tx\tX\t_\t_\t0\troot\t_\t_\n\n' >>"$f"
printf '1\ta\000b\tx\tX\t_\t_\t0\troot\t_\t_\n\n' >>"$f"
big "$f" '1	' '	x	X	_	_	0	root	_	_'; printf '\n' >>"$f"
printf '1\tcut\tcut\tX\t_\t_\t0\n\n' >>"$f"
printf '# newdoc id = good-2\n1\tTurkey\tTurkey\tPROPN\tNNP\t_\t2\tnsubj\t_\t_\n2\tprotested\tprotest\tVERB\tVBD\t_\t0\troot\t_\t_\n\n' >>"$f"
"$KH" docs "$f" >"$T/out" 2>"$T/err"; rc=$?
check "conllu: exit 1, no crash" test $rc -eq 1
check "conllu: good documents listed" sh -c "grep -q '^good-1' '$T/out' && grep -q '^good-2' '$T/out' && test \$(wc -l <'$T/out') -eq 2"
check "conllu: each bad sentence named" sh -c "grep -q '^$f:5: error: invalid UTF-8' '$T/err' && grep -q '^$f:7: error: NUL byte' '$T/err' && grep -q '^$f:9: error: line too long' '$T/err' && grep -q '^$f:11: error: expected 10 tab-separated columns, found 7' '$T/err'"
check "conllu: counts" grep -q '^2 read, 4 rejected$' "$T/err"

# plain text: one document per file
printf 'Iraq and Turkey met.\n' >"$T/good-1.txt"
printf 'caf\351\n' >"$T/utf8.txt"
printf 'a\000b\n' >"$T/nul.txt"
: >"$T/long.txt"; big "$T/long.txt" '' ''
printf 'Turkey protested.\n' >"$T/good-2.txt"
"$KH" docs "$T/good-1.txt" "$T/utf8.txt" "$T/nul.txt" "$T/long.txt" "$T/good-2.txt" >"$T/out" 2>"$T/err"; rc=$?
check "text: exit 1, no crash" test $rc -eq 1
check "text: good documents listed" sh -c "grep -q '^good-1' '$T/out' && grep -q '^good-2' '$T/out' && test \$(wc -l <'$T/out') -eq 2"
check "text: each bad file named" sh -c "grep -q '^$T/utf8.txt:1: error: invalid UTF-8' '$T/err' && grep -q '^$T/nul.txt:1: error: NUL byte' '$T/err' && grep -q '^$T/long.txt:1: error: line of' '$T/err'"
check "text: counts" grep -q '^2 read, 3 rejected$' "$T/err"

# empty files, one per format, between good ones
n=0
for ext in jsonl xml text conllu txt; do
  : >"$T/empty.$ext"
  "$KH" docs "$T/empty.$ext" >"$T/out" 2>"$T/err"; rc=$?
  check "empty .$ext: exit 1 and named" sh -c "test $rc -eq 1 && grep -q '^$T/empty.$ext:1: error: empty input' '$T/err'"
done
"$KH" docs "$T/good-1.txt" "$T/empty.jsonl" "$T/good-2.txt" >"$T/out" 2>"$T/err"; rc=$?
check "empty file between good ones: both good listed" sh -c "test $rc -eq 1 && test \$(wc -l <'$T/out') -eq 2"

# binary junk with no format at all, on stdin
head -c 100000 /dev/urandom >"$T/junk"
"$KH" docs <"$T/junk" >"$T/out" 2>"$T/err"; rc=$?
check "random bytes on stdin: exit 1, not a crash" test $rc -eq 1
check "random bytes: a FILE:LINE message" grep -q '^-:[0-9]*: error: ' "$T/err"
# --strict stops at the first rejection
"$KH" docs --strict "$T/bad.jsonl" >"$T/out" 2>"$T/err"; rc=$?
check "--strict: exit 1 after the first rejection" sh -c "test $rc -eq 1 && test \$(wc -l <'$T/out') -eq 1 && grep -q '^1 read, 1 rejected$' '$T/err'"
# a file that does not exist is fatal
"$KH" docs "$T/nope.jsonl" >"$T/out" 2>"$T/err"; rc=$?
check "missing file: exit 2 and named" sh -c "test $rc -eq 2 && grep -q 'nope.jsonl: error: cannot open' '$T/err'"
