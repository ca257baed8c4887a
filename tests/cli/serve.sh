#!/bin/sh
# khaldun serve: the real server on a free loopback port, every route with good and
# bad requests (curl), then SIGTERM and a clean exit.
. "$(dirname "$0")/../lib.sh"
if ! command -v curl >/dev/null 2>&1; then
  echo "1..0 # SKIP curl is not installed (apt-get install curl)"; exit 0
fi
plan 25
sh "$(dirname "$0")/../browser/gen_events.sh" 30 > "$T/ev.jsonl"
"$KH" serve --port 0 --no-model --events "$T/ev.jsonl" --max-body 2000 --threads 2 2>"$T/err" &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$T"' EXIT
port=""
for i in $(seq 1 100); do
  port=$(sed -n 's|.*listening on http://127\.0\.0\.1:\([0-9]*\).*|\1|p' "$T/err")
  [ -n "$port" ] && break
  sleep 0.1
done
check "starts and prints its loopback address" test -n "$port"
U="http://127.0.0.1:$port"
req() {  # req NAME METHOD PATH [curl args]: body in $T/NAME, status printed
  n=$1; m=$2; p=$3; shift 3
  curl -s -o "$T/$n" -D "$T/$n.h" -w '%{http_code}' -X "$m" "$@" "$U$p"
}
check "GET /health is 200" test "$(req h GET /health)" = 200
check "GET /health says ok" grep -q '"status":"ok"' "$T/h"
check "GET /events is 200 with all 30" test "$(req e GET /events)" = 200 -a -n "$(grep '"count":30,' "$T/e")"
st=$(req d GET '/events?dyad=IRQ,USA&from=2023-01&to=2024-12-31')
check "GET /events?dyad=IRQ,USA filters" test "$st" = 200 -a -n "$(grep '"total":' "$T/d")" -a -z "$(grep '"code":"TUR' "$T/d")"
check "the dyad filter found events" grep -q '"code":"IRQGOV"' "$T/d"
check "GET /events?root=99 is 400" test "$(req b GET '/events?root=99')" = 400
check "the 400 says why" grep -q 'not a CAMEO root' "$T/b"
check "GET /actors is 200" test "$(req a GET /actors)" = 200
check "GET /actors lists the entity" grep -q '"entity":"Q-irq-gov"' "$T/a"
check "GET / is the report of the 30 events" test "$(req r GET /)" = 200 -a -n "$(grep 'data-events="30"' "$T/r")"
check "GET / forbids fetching (CSP header)" grep -qi "^Content-Security-Policy: default-src 'none'" "$T/r.h"
check "unknown route is 404" test "$(req n GET /nope)" = 404
check "DELETE /events is 405" test "$(req m DELETE /events)" = 405
check "405 names the allowed methods" grep -qi '^Allow: GET, HEAD' "$T/m.h"
st=$(req c1 POST /code -H 'Content-Type: application/json' --data-binary '{"id":"x","text":')
check "malformed JSON is 400" test "$st" = 400
check "the 400 gives jansson's position" grep -q 'malformed JSON at line 1, column' "$T/c1"
st=$(req c2 POST /code -H 'Content-Type: application/json' --data-binary '[{"id":"x","text":"Iraq thanked Turkey."},{"id":"y","text":"Oman met Qatar."}]')
check "POST /code with two documents is 200 with counts" test "$st" = 200 -a -n "$(grep '"documents":2' "$T/c2")"
head -c 3000 /dev/zero | tr '\0' ' ' > "$T/big"
check "a body over --max-body is 413" test "$(req c3 POST /code --data-binary @"$T/big")" = 413
kill -TERM $pid
wait $pid; rc=$?
check "SIGTERM: exit 0" test $rc -eq 0
check "SIGTERM: says it stopped" grep -q 'stopped (SIGTERM)' "$T/err"
# The same routes over a database (`khaldun code --db` writes one; here the events are
# imported), with the dyad written as `khaldun query --dyad` writes it.
"$KH" query --db "$T/s.db" --import "$T/ev.jsonl" >/dev/null 2>&1
"$KH" serve --port 0 --no-code --db "$T/s.db" 2>"$T/err2" &
pid=$!
port=""
for i in $(seq 1 100); do
  port=$(sed -n 's|.*listening on http://127\.0\.0\.1:\([0-9]*\).*|\1|p' "$T/err2")
  [ -n "$port" ] && break
  sleep 0.1
done
U="http://127.0.0.1:$port"
st=$(req db GET '/events?dyad=IRQ-USA')
check "--db: GET /events?dyad=IRQ-USA is 200 and filters" test "$st" = 200 -a -n "$(grep '"code":"IRQGOV' "$T/db")" -a -z "$(grep '"code":"TUR' "$T/db")"
check "--db: GET /actors is 200" test "$(req da GET /actors)" = 200
kill -TERM $pid
wait $pid; rc=$?
check "--db: SIGTERM: exit 0" test $rc -eq 0
"$KH" serve --host not-an-address --port 0 --no-code >"$T/o" 2>&1; rc=$?
check "a bad --host is refused with exit 2" test $rc -eq 2
