#!/bin/sh
# docs/khaldun.1 covers every command and, in that command's own section, every option
# that `khaldun CMD --help` prints.
. "$(dirname "$0")/../lib.sh"
MAN="$(dirname "$0")/../../docs/khaldun.1"
[ -r "$MAN" ] || { echo "1..1"; echo "not ok 1 - docs/khaldun.1 is missing"; exit 0; }
sed 's/\\-/-/g; s/\\e/\\/g' "$MAN" > "$T/man.txt"

# section CMD: the page's text from `.SS "khaldun CMD"` to the next .SS or .SH
section() { awk -v h=".SS \"khaldun $1\"" '/^\.S[HS] /{ins = ($0 == h)} ins' "$T/man.txt"; }
# missing HELP SECTION: the options HELP names that SECTION lacks, each after a blank
missing() {
  for o in $(grep -oE -- '(^|[][ ,(|])--?[a-zA-Z][a-zA-Z0-9-]*' "$1" | sed 's/^[][ ,(|]//' | sort -u); do
    grep -qF -- "$o" "$2" || printf ' %s' "$o"
  done
}

cmds=$("$KH" help | sed -n 's/^  \([a-z][a-z-]*\)  .*/\1/p')
plan $(($(echo "$cmds" | wc -l) + 3))
for c in $cmds; do
  "$KH" "$c" --help > "$T/help" 2>&1
  section "$c" > "$T/section"
  gaps=""
  [ -s "$T/section" ] || gaps=" (no section)"
  gaps="$gaps$(missing "$T/help" "$T/section")"
  [ -n "$gaps" ] && echo "# khaldun $c: missing from its section of docs/khaldun.1:$gaps"
  check "khaldun $c: section and every option in it" test -z "$gaps"
done
# the check can fail: an option the page lacks, or one documented under another command only
printf '  --no-such-option-xyz  nothing\n' > "$T/fake"
check "an absent option is detected" test "$(missing "$T/fake" "$T/man.txt")" = " --no-such-option-xyz"
section code > "$T/code"
printf '  --unknown  list only unknown actors\n' > "$T/fake"
m=$(missing "$T/fake" "$T/code")
check "an option documented under another command only is detected" \
  sh -c "grep -qF -- --unknown '$T/man.txt' && test '$m' = ' --unknown'"
if command -v man >/dev/null 2>&1; then
  check "the page renders without roff warnings" sh -c "MANWIDTH=80 man --warnings -l '$MAN' 2>&1 >/dev/null | grep -q . && exit 1 || exit 0"
else
  skip_test "man is not installed"
fi
