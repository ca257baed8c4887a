#!/bin/sh
# The command line's frame: help, unknown commands, exit codes.
. "$(dirname "$0")/../lib.sh"
plan 4
"$KH" help >"$T/out" 2>&1; check "help exits 0" test $? -eq 0
check "help lists the commands" grep -q "segment" "$T/out"
"$KH" nosuchcommand >"$T/out" 2>&1; rc=$?
check "unknown command exits 2" test $rc -eq 2
check "unknown command is named" grep -q "unknown command 'nosuchcommand'" "$T/out"
