#!/bin/sh
# khaldun report: the page from event JSONL, escaping, errors, and the progress line
# on a terminal (script -qc) but not on a pipe. The Chromium test is tests/browser/.
. "$(dirname "$0")/../lib.sh"
# the Chromium check runs once, with the optimised build's tests
case "${KH_BUILD:-rel}" in *asan*) plan 16 ;; *) plan 17 ;; esac
G="$(dirname "$0")/../browser/gen_events.sh"
sh "$G" 60 > "$T/ev.jsonl"
"$KH" report --events "$T/ev.jsonl" -o "$T/r.html" 2>"$T/err"; rc=$?
check "report exits 0" test $rc -eq 0
check "60 events listed" test "$(grep -c '<article class="kh-event' "$T/r.html")" -eq 60
check "4 dyads plotted" test "$(grep -o 'class="card kh-dyad"' "$T/r.html" | wc -l)" -eq 4
check "5 plots (timeline + 4 dyads)" test "$(grep -o '<svg ' "$T/r.html" | wc -l)" -eq 5
check "the injected <script> stays text" test "$(grep -c '<script' "$T/r.html")" -eq 0
check "  ... and is shown escaped" grep -q '&lt;script&gt;alert(1)&lt;/script&gt;' "$T/r.html"
check "a CSP forbids every fetch" grep -q "Content-Security-Policy\" content=\"default-src 'none'" "$T/r.html"
check "nothing is fetched (no src= or external href)" test -z "$(grep -oE '(src=|<link|url\()' "$T/r.html")"
check "code names in words" grep -q '<code>042</code> Make a visit' "$T/r.html"
"$KH" report --events "$T/ev.jsonl" > "$T/r2.html" 2>/dev/null
check "same input, same bytes (stdout)" cmp -s "$T/r.html" "$T/r2.html"
{ head -3 "$T/ev.jsonl"; echo '{"cameo": "999"}'; } > "$T/bad.jsonl"
"$KH" report --events "$T/bad.jsonl" -o "$T/b.html" 2>"$T/err"; rc=$?
check "a bad line: exit 1, named FILE:LINE" test $rc -eq 1 -a -n "$(grep 'bad.jsonl:4: error' "$T/err")"
"$KH" report -o "$T/x.html" >/dev/null 2>&1; rc=$?
check "no input: exit 2" test $rc -eq 2
"$KH" report --db "$T/none.sqlite" -o "$T/x.html" >/dev/null 2>&1; rc=$?
check "a missing database: exit 2" test $rc -eq 2
# progress: on a terminal only
sh "$G" 3000 > "$T/big.jsonl"
"$KH" report --events "$T/big.jsonl" -o "$T/big.html" 2>"$T/pipe.err"
check "no progress when stderr is not a terminal" test -z "$(tr -d -c '\r\033' < "$T/pipe.err")"
if command -v script >/dev/null 2>&1; then
  script -qc "$KH report --events $T/big.jsonl -o $T/big2.html" /dev/null > "$T/tty.out" 2>&1 </dev/null
  check "progress on a terminal: events and percent done" grep -q 'events  [0-9]*%' "$T/tty.out"
  check "progress on a terminal: redrawn in place (CR, erase line)" grep -q "$(printf '\r')" "$T/tty.out"
else
  skip_test "script (bsdutils) is not installed"
  skip_test "script (bsdutils) is not installed"
fi
# the rendering in headless Chromium (tests/browser/chromium.sh), once: in the rel build
case "${KH_BUILD:-rel}" in
  *asan*) ;;
  *) if command -v chromium >/dev/null 2>&1; then
       KH="$KH" sh "$(dirname "$0")/../browser/chromium.sh" > "$T/browser.tap" 2>&1
       check "headless Chromium: all 9 checks pass" test "$(grep -c '^ok' "$T/browser.tap")" -eq 9 -a -z "$(grep '^not ok' "$T/browser.tap")"
     else
       skip_test "chromium is not installed (apt-get install chromium)"
     fi ;;
esac
