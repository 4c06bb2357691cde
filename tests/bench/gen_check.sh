#!/bin/sh
# kanbao-gen end to end.  1 MB of generated raw text, built by kanbao-build,
# must list the articles the generator's manifest says it wrote, in order
# (DATE<TAB>TITLE); the same arguments must give the same bytes, the size
# asked for must be the size written, and bad usage must get one line and
# status 2.
#
# The builder misreads some generated articles (see MAX_MISMATCHES): the
# check prints how many manifest and --list lines differ and fails only
# above that measured count, printing the first differences.
#
# usage: gen_check.sh KANBAO_GEN KANBAO_BUILD KANBAO CORPUS
set -u

gen=$1
build=$2
kanbao=$3
corpus=$4
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export LC_ALL=C.UTF-8
failed=0

# Measured with this builder on this sample (--seed 3 --size 1M: 2 days,
# one in each layout, 439 articles): 26 lines differ.  19 are one known
# misreading: a headline standing between a news article that opened with
# a dateline ("新华社北京1月1日电 …") and a feature that will close with one
# ("(新华社北京1月1日电)"), where one page of the paper ends and the next
# begins, is read as a section head, and the two articles become one.  The
# rest are the builder's repair of interleaved columns joining a paragraph
# cut by a column to a block of another article.  Lower this when the
# builder improves; a count above it fails.
MAX_MISMATCHES=26

fail() {
	echo "FAIL: $*"
	failed=$((failed + 1))
}

ok() {
	echo "ok: $*"
}

# expect_usage PATTERN ARGS...: kanbao-gen exits 2 with one line on stderr
# matching PATTERN and nothing on stdout.
expect_usage() {
	pattern=$1
	shift
	"$gen" "$@" >"$tmp/out" 2>"$tmp/err"
	status=$?
	if [ "$status" != 2 ] || [ "$(wc -l <"$tmp/err")" != 1 ] ||
		! grep -q -- "$pattern" "$tmp/err" || [ -s "$tmp/out" ]; then
		fail "kanbao-gen $*: status $status, stderr '$(cat "$tmp/err")'"
	else
		ok "kanbao-gen $* -> 2: $(cat "$tmp/err")"
	fi
}

expect_usage "no output folder" --size 1K
expect_usage "size" --size 1X -o "$tmp/x"
expect_usage "not a date" --from 2020-02-30 -o "$tmp/x"
expect_usage "seed" --seed -1 -o "$tmp/x"
expect_usage "unknown" --frobnicate -o "$tmp/x"
expect_usage "unexpected argument" -o "$tmp/x" extra
expect_usage "$tmp/none.kb" --corpus "$tmp/none.kb" -o "$tmp/x"
if "$gen" --help | grep -q "^usage: kanbao-gen"; then ok "--help"
else fail "--help prints no usage"; fi

size=1048576
for run in a b; do
	"$gen" --seed 3 --size 1M --corpus "$corpus" -o "$tmp/$run" 2>"$tmp/err" ||
		{ echo "FAIL: kanbao-gen exited $?: $(cat "$tmp/err")"; exit 1; }
done
if diff -r "$tmp/a" "$tmp/b" >/dev/null; then ok "same arguments, same bytes"
else fail "two runs with the same arguments differ"; fi

got=$(cat "$tmp/a"/*.txt | wc -c)
if [ "$got" -ge $((size * 97 / 100)) ] && [ "$got" -le $((size * 103 / 100)) ]
then ok "asked $size bytes, wrote $got"
else fail "asked $size bytes, wrote $got (more than 3% off)"; fi

"$build" --quiet -o "$tmp/gen.kb" "$tmp/a"/*.txt ||
	{ echo "FAIL: kanbao-build exited $?"; exit 1; }
"$kanbao" --list "$tmp/gen.kb" | cut -f2- >"$tmp/list"

diff "$tmp/a/manifest.tsv" "$tmp/list" >"$tmp/diff"
missing=$(grep -c '^<' "$tmp/diff")
extra=$(grep -c '^>' "$tmp/diff")
mismatches=$((missing + extra))
echo "manifest: $(wc -l <"$tmp/a/manifest.tsv") articles; kanbao-build:" \
	"$(wc -l <"$tmp/list"); $mismatches lines differ ($missing manifest" \
	"lines not listed, $extra listed lines not in the manifest)"
if [ "$mismatches" -gt "$MAX_MISMATCHES" ]; then
	fail "$mismatches lines differ, more than the $MAX_MISMATCHES" \
		"measured; the first differences:"
	head -40 "$tmp/diff"
elif [ "$mismatches" -gt 0 ]; then
	echo "KNOWN BUILDER MISREADINGS: $mismatches lines differ (at most" \
		"$MAX_MISMATCHES tolerated); the first:"
	head -12 "$tmp/diff"
	ok "--list = manifest but for the known misreadings"
else
	ok "--list = manifest"
fi

[ "$failed" = 0 ] || exit 1
