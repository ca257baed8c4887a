#!/bin/sh
# docs/khaldun.1 covers every command and every option that `khaldun CMD --help` prints.
. "$(dirname "$0")/../lib.sh"
MAN="$(dirname "$0")/../../docs/khaldun.1"
[ -r "$MAN" ] || { echo "1..1"; echo "not ok 1 - docs/khaldun.1 is missing"; exit 0; }
sed 's/\\-/-/g; s/\\e/\\/g' "$MAN" > "$T/man.txt"
cmds=$("$KH" help | sed -n 's/^  \([a-z][a-z-]*\)  .*/\1/p')
plan $(($(echo "$cmds" | wc -l) + 2))
for c in $cmds; do
  "$KH" "$c" --help > "$T/help" 2>&1
  missing=""
  grep -q "^\.SS \"khaldun $c\"" "$T/man.txt" || missing=" (no section)"
  for o in $(grep -oE -- '(^|[][ ,(|])--?[a-zA-Z][a-zA-Z0-9-]*' "$T/help" | sed 's/^[][ ,(|]//' | sort -u); do
    grep -qF -- "$o" "$T/man.txt" || missing="$missing $o"
  done
  [ -n "$missing" ] && echo "# khaldun $c: missing from docs/khaldun.1:$missing"
  check "khaldun $c: section and every option in the man page" test -z "$missing"
done
# the check can fail: an option the page lacks is found missing
check "an absent option is detected" sh -c "! grep -qF -- '--no-such-option-xyz' '$T/man.txt'"
if command -v man >/dev/null 2>&1; then
  check "the page renders without roff warnings" sh -c "MANWIDTH=80 man --warnings -l '$MAN' 2>&1 >/dev/null | grep -q . && exit 1 || exit 0"
else
  skip_test "man is not installed"
fi
