#!/bin/sh
# bench/bench_serve.sh - `khaldun serve` under load, on 127.0.0.1 only: wrk with 16
# connections for 10 s (twice), POST /code mixing good, malformed (400) and oversized
# (413) requests (bench/serve.lua). Reports requests/s, latency p50/p90/p99, answers
# by status, socket errors, and the server's RSS before, after the first and after the
# second run (growth between runs would be a leak). Appends to bench/results.txt.
#   SERVE_SECONDS (10)  SERVE_CONNS (16)  KH (./khaldun)
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
KH=${KH:-./khaldun}
SECS=${SERVE_SECONDS:-10}
CONNS=${SERVE_CONNS:-16}
W=bench/work; mkdir -p "$W"
command -v wrk >/dev/null 2>&1 || { echo "bench_serve: wrk is missing (apt-get install wrk)"; exit 2; }
"$KH" serve --help >/dev/null 2>&1 || { echo "bench_serve: 'khaldun serve' is not available"; exit 2; }
command -v curl >/dev/null 2>&1 || { echo "bench_serve: curl is missing"; exit 2; }

rss() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null; }

"$KH" serve --host 127.0.0.1 --port 0 --max-body 65536 --threads 4 "$@" 2>"$W/serve.err" &
pid=$!
trap 'kill "$pid" 2>/dev/null' EXIT INT TERM
port=""
for i in $(seq 1 300); do      # up to 30 s for the model to load
  port=$(sed -n 's|.*listening on http://127\.0\.0\.1:\([0-9]*\).*|\1|p' "$W/serve.err" | head -1)
  [ -n "$port" ] && curl -s -o /dev/null "http://127.0.0.1:$port/health" && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
if [ -z "$port" ] || ! kill -0 "$pid" 2>/dev/null; then
  echo "bench_serve: the server did not start:"; cat "$W/serve.err"; exit 1
fi
url="http://127.0.0.1:$port/code"
# One request of each kind first: the statuses the rotation expects.
good='{"id": "b1", "date": "2023-03-11", "text": "Iraq signed an agreement with the United States."}'
s_good=$(curl -s -o "$W/good.json" -w '%{http_code}' -H 'Content-Type: application/json' --data-binary "$good" "$url")
s_bad=$(curl -s -o /dev/null -w '%{http_code}' --data-binary '{"id": "b2", "text": "unterm' "$url")
head -c 70000 /dev/zero | tr '\0' x >"$W/big.txt"
s_big=$(curl -s -o /dev/null -w '%{http_code}' --data-binary @"$W/big.txt" "$url")

r0=$(rss $pid)
wrk -t 2 -c "$CONNS" -d "${SECS}s" -s bench/serve.lua "$url" >"$W/wrk1.txt" 2>&1
r1=$(rss $pid)
wrk -t 2 -c "$CONNS" -d "${SECS}s" -s bench/serve.lua "$url" >"$W/wrk2.txt" 2>&1
r2=$(rss $pid)
alive=yes; kill -0 "$pid" 2>/dev/null || alive=no
kill -TERM "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rc=$?
trap - EXIT INT TERM

{
  echo "== khaldun serve under load (wrk, $CONNS connections, 2 threads, ${SECS} s, 127.0.0.1) =="
  printf '%-44s %s\n' "single requests good/malformed/oversized" "$s_good / $s_bad / $s_big (expected 200 / 400 / 413)"
  for k in 1 2; do
    f="$W/wrk$k.txt"
    printf '%-44s %s\n' "run $k" "$(grep '^requests ' "$f")"
    printf '%-44s %s\n' "run $k latency" "$(grep '^latency_us ' "$f")"
    printf '%-44s %s\n' "run $k answers" "$(grep '^status ' "$f")"
  done
  printf '%-44s %s\n' "server RSS KiB before / after 1 / after 2" "$r0 / $r1 / $r2"
  printf '%-44s %s\n' "server alive after load; exit on SIGTERM" "$alive; $rc"
} | tee "$W/serve_results.txt"
[ -f bench/results.txt ] && cat "$W/serve_results.txt" >>bench/results.txt
[ "$alive" = yes ]
