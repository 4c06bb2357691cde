#!/bin/sh
# kanbao-gen end to end.  1 MB of generated raw text (8 days, every layout
# it writes, every kind of item), built by kanbao-build, must list the
# articles the generator's manifest says it wrote, in order (DATE<TAB>TITLE;
# every item has its headline, so no TITLE is derived); the same arguments
# must give the same bytes, the size asked for must be the size written,
# and bad usage must get one line and status 2.
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

# Measured with the staged builder (issue 11) on this sample: --seed 3
# --size 1M is 8 days, 452 articles, every layout kanbao-gen writes: lines
# 01-01 (a masthead a page) and 01-06 (a source line under each headline),
# lines-gbk 01-02 and 01-07, wrapped 01-03 (headlines after their bodies)
# and 01-08, pdf 01-04, pdf-layout 01-05.  79 lines differ (an article
# misread costs its manifest line and the line listed instead); by the
# date on each differing line (an issue's articles mostly carry the day
# before's datelines, so a day's file shows under its own date and the
# one before): 01-01 2, 01-02 4, 01-03 16, 01-04 23, 01-05 12, 01-06 6,
# 01-07 6, 01-08 10.  (101 before a commentary's author's note,
# （作者为…）, ended its article: the headline after it was read as a
# section head, and the next article's date went to the commentary; 84
# before a headline as wide as a narrow column, set apart by blank
# lines, stood alone.)
# What is misread:
#
#  - pdf-layout 01-05: a headline wrapped over two lines of a column
#    read in part ("察" listed for "习近平总书记赴雄安新区考察", "构9000
#    多家"), its first line left in the text before; a photo item's
#    headline cut at its wrap ("振兴专干（附图片2张）").  (Until the
#    renderer set -layout pages in positions as pdftotext does, a Han
#    character one position and not two, centred headlines fell right of
#    the gutter: 50 lines.)
#  - wrapped 01-03, headlines after their bodies: part of the day read as
#    if they stood before them, each article with its neighbour's date
#    ("2020-01-01 打牢思想理论基础", listed "2020-01-03 …").  A generated
#    headline shares no words with its body (the two are drawn apart), as
#    real headlines do, so only headlines at the edges of regions and
#    pages vote (KANBAO_DEBUG: "region 1: … 1 votes for after, 1
#    against").  Also section heads ("关怀，始终如一") listed as articles,
#    kickers joined.
#  - pdf 01-04: a kicker or a commentary's author joined to the headline
#    ("平等享受公共就业服务陶桂宇"), a two-line headline's second line
#    taken for the body, a subtitle taken for a headline.
#  - wrapped 01-08: a kicker or plain subtitle joined to the headline
#    ("北京冬残奥会即将开幕有的跋山涉水"), a section head taken for a
#    headline ("关爱，无处不在").
#  - the lines and lines-gbk days (01-01, 01-02, 01-06, 01-07): a kicker
#    or subtitle taken for the headline, a brief under a column head.
#
# Lower this when the builder improves; a count above it fails.
MAX_MISMATCHES=79

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
