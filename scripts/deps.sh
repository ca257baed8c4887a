#!/bin/sh
# Installs the Debian packages Khaldun needs (as root), or names the missing ones.
# Kept in one place so that `make deps`, .ci/run and the README agree.
set -u
PKGS="make gcc pkg-config libutf8proc-dev libjansson-dev libsqlite3-dev zlib1g-dev libmicrohttpd-dev libcmocka-dev iso-codes wordnet-base valgrind curl bsdutils time chromium python3"
# `deps.sh dev` adds what only `make fuzz` and `make bench` need (libFuzzer, wrk).
[ "${1:-}" = dev ] && PKGS="$PKGS clang libclang-rt-14-dev wrk"
missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ]; then
  echo "deps: installing:$missing"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends $missing >/dev/null \
    || { echo "deps: apt-get failed for:$missing" >&2; exit 1; }
else
  echo "deps: missing Debian packages:$missing" >&2
  echo "deps: run 'sudo apt-get install$missing' or 'make deps' as root" >&2
  exit 1
fi
