#!/bin/sh
# chromium.sh - the HTML report in headless Chromium, without network (unshare -n):
# counts the events, dyads and plots in the rendered DOM, checks that the console
# stays silent (and that the check catches a control page with an error), and saves
# screenshots 1280 and 390 pixels wide in $KH_SHOTS (default build/screenshots).
# Usage: KH=build/rel/khaldun sh tests/browser/chromium.sh   (TAP output)
. "$(dirname "$0")/../lib.sh"
CHROME=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROME" ]; then
  echo "1..0 # SKIP chromium is not installed (apt-get install chromium)"; exit 0
fi
SHOTS=${KH_SHOTS:-build/screenshots}
mkdir -p "$SHOTS" && SHOTS=$(cd "$SHOTS" && pwd)
NET="unshare -n"
$NET true 2>/dev/null || { NET=""; echo "# unshare -n is not permitted here: running with the network"; }
browse() {  # browse OUT ERR ARGS... : one headless run with a fresh profile
  out=$1; err=$2; shift 2
  prof=$(mktemp -d)
  $NET "$CHROME" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$prof" --enable-logging=stderr --v=0 --hide-scrollbars "$@" >"$out" 2>"$err"
  rc=$?; rm -rf "$prof"; return $rc
}
plan 9
sh "$(dirname "$0")/gen_events.sh" 60 > "$T/ev.jsonl"
"$KH" report --quiet --events "$T/ev.jsonl" -o "$T/report.html"
page="file://$(cd "$T" && pwd)/report.html"
browse "$T/dom" "$T/log" --dump-dom "$page"
check "the page renders 60 events" test "$(grep -o '<article class="kh-event' "$T/dom" | wc -l)" -eq 60
check "the page renders 4 dyad cards" test "$(grep -o 'class="card kh-dyad"' "$T/dom" | wc -l)" -eq 4
check "the page renders 5 plots" test "$(grep -o '<svg ' "$T/dom" | wc -l)" -eq 5
check "no script ran: the injected one is text" test "$(grep -c '<script' "$T/dom")" -eq 0
check "the console stays silent (no errors, no CSP violations)" test -z "$(grep ':CONSOLE' "$T/log")"
printf '%s\n' '<!DOCTYPE html><html><head><meta charset="utf-8"><title>control</title></head>' \
  '<body><p>control</p><script>console.error("kh-control"); noSuchFunction();</script></body></html>' > "$T/control.html"
browse "$T/cdom" "$T/clog" --dump-dom "file://$(cd "$T" && pwd)/control.html"
check "the console check catches a control page's error" grep -q ':CONSOLE.*Uncaught ReferenceError' "$T/clog"
browse "$T/s1" "$T/l1" --screenshot="$SHOTS/report-1280.png" --window-size=1280,1600 "$page"
check "screenshot 1280 px wide" test -s "$SHOTS/report-1280.png"
browse "$T/s2" "$T/l2" --screenshot="$SHOTS/report-390.png" --window-size=390,2400 "$page"
check "screenshot 390 px wide" test -s "$SHOTS/report-390.png"
check "the screenshots differ (the layout responds)" sh -c "! cmp -s '$SHOTS/report-1280.png' '$SHOTS/report-390.png'"
