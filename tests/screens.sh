#!/bin/sh
# The golden screen tests: each script tests/golden/script/NAME.keys is run
# by kbscript (tests/reader/kbscript.c: the reader's own model, search
# thread and view, driven through the program's loop without a terminal)
# and what it writes is compared with NAME.screens beside it; a difference
# is printed as a unified diff.  Every screen is also checked for what it
# must be whatever the golden file says (tests/screens_check.py: widths,
# the article as --print lays it out, the list as --list has it, the help
# showing every key), unless python3 is missing.
#
# usage: screens.sh KBSCRIPT KANBAO DIR [NAME...]
#   (every script in DIR, or the NAMEs)
# KANBAO_GOLDEN_WRITE=1 writes the .screens files instead; after a change
# of what the reader shows:
#   KANBAO_GOLDEN_WRITE=1 meson test -C build screens
# then read `git diff tests/golden/script` before committing it.
set -u
[ $# -ge 3 ] || { echo "usage: $0 KBSCRIPT KANBAO DIR [NAME...]" >&2; exit 2; }
kbscript=$1 kanbao=$2 dir=$3
shift 3
[ $# -gt 0 ] || set -- $(cd "$dir" && ls ./*.keys | sed 's|^\./||; s|\.keys$||')
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kanbao-screens.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
failed=0 written=0 made=
for name; do
	out=$tmp/$name.screens
	if ! "$kbscript" "$dir/$name.keys" >"$out"; then
		echo "FAIL - $name: kbscript stopped (status $?)"
		failed=$((failed + 1))
		continue
	fi
	made="$made $out"
	if [ -n "${KANBAO_GOLDEN_WRITE:-}" ]; then
		if ! cmp -s "$out" "$dir/$name.screens"; then
			cp "$out" "$dir/$name.screens"
			echo "wrote $dir/$name.screens"
			written=$((written + 1))
		fi
	elif [ ! -f "$dir/$name.screens" ]; then
		echo "FAIL - $name: no $name.screens (KANBAO_GOLDEN_WRITE=1 makes it)"
		failed=$((failed + 1))
	elif diff -u "$dir/$name.screens" "$out" >"$tmp/diff"; then
		echo "ok - $name"
	else
		echo "FAIL - $name: the screens differ (- golden, + now):"
		cat "$tmp/diff"
		failed=$((failed + 1))
	fi
done
[ -n "${KANBAO_GOLDEN_WRITE:-}" ] && echo "# $written golden file(s) written"
if [ -z "$made" ]; then
	:
elif ! command -v python3 >/dev/null 2>&1; then
	echo "# python3 is not installed: the screens' layout not checked"
elif python3 -S -E "$(dirname "$0")/screens_check.py" "$kanbao" $made; then
	echo "ok - every screen's layout (screens_check.py)"
else
	echo "FAIL - screens_check.py: the screens above are wrong"
	failed=$((failed + 1))
fi
[ "$failed" -eq 0 ]
