# lib.sh - TAP helpers for the command tests (sourced). $KH is the khaldun binary.
# plan N; check "what" command...; skip_all "why"; $T is a scratch folder.
set -u
: "${KH:=./khaldun}"
KH_SHARED=${KH_SHARED:-../shared}
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
_n=0
plan() { echo "1..$1"; }
check() {
  what=$1; shift
  _n=$((_n + 1))
  if "$@" >/dev/null 2>&1; then echo "ok $_n - $what"; else echo "not ok $_n - $what"; fi
}
skip_test() { _n=$((_n + 1)); echo "ok $_n # SKIP $1"; }
# model_refused ERRFILE: a check that fails, quoting why khaldun refused the model.
# The model is committed (data/models), so a refusal is a defect, not a reason to skip.
model_refused() { check "the parsing model loads (refused: $(head -n 1 "$1"))" false; }
need_shared() {  # need_shared REL: true when ../shared/REL is there; else prints why
  [ -r "$KH_SHARED/$1" ] && return 0
  echo "# $KH_SHARED/$1 is absent (set KH_SHARED to the shared corpora)"
  return 1
}
