#!/bin/sh
# The segmentation measure end to end: compose every test page, build each
# with kanbao-build (its OPTIONS, warnings kept), score them all against
# tests/pages/thresholds and print the table.  Fails (status 1) when any
# layout's figure is worse than its threshold; 2 when something could not
# run.  See tests/pages/README.md.
#
# usage: run.sh KANBAO_PAGES KANBAO_BUILD KANBAO_SCORE SOURCE_DIR CORPUS [-v]
#
# -v lists every article that failed, with what was built instead.
# KANBAO_PAGES_DIR=DIR keeps the pages, corpora and warnings in DIR.
set -u

pages=$1
build=$2
score=$3
src=$4
corpus=$5
shift 5
verbose=
if [ "${1:-}" = -v ]; then
	verbose=-v
fi
export LC_ALL=C.UTF-8
unset KANBAO_DEBUG

out=${KANBAO_PAGES_DIR:-}
if [ -z "$out" ]; then
	out=$(mktemp -d)
	trap 'rm -rf "$out"' EXIT
fi

"$pages" --corpus "$corpus" -o "$out" "$src/tests/pages" || exit 2

for expect in "$out"/*/*.expect; do
	base=${expect%.expect}
	# OPTIONS, the fifth field, the same on every line of a page
	opts=$(head -n 1 "$expect" | cut -s -f 5)
	# shellcheck disable=SC2086 # the options are words
	"$build" -o "$base.kb" $opts "$base.txt" 2>"$base.err" >/dev/null
done

"$score" $verbose -t "$src/tests/pages/thresholds" "$out"
