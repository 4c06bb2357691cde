#!/bin/sh
# kanbao-bench runs on a corpus and prints each figure tests/bench/scale.sh
# reads, NAME<TAB>NUMBER<TAB>UNIT, and nothing else.  Not a timing test:
# the values are not judged.
#
# usage: bench_check.sh KANBAO_BENCH CORPUS
set -u
out=$("$1" --runs 2 "$2") || { echo "FAIL: kanbao-bench exited $?"; exit 1; }
failed=0
for name in "open to first frame" articles text index "heap after open" \
	"rss after open" "peak rss after 100 searches" \
	"heap after 100 searches" "search 1 Han (的)" "search 2 Han (发展)" \
	"search 4 Han (协同发展)" "search digits (2020)" \
	"search no hit (鲲鹏鳄鱼)" "hits 1 Han" "hits no hit" \
	"bar keystroke 1 Han" "bar keystroke no hit" "bar hits 1 Han" \
	"bar hits no hit" "bar near hits 1 Han" "key j in the list" \
	"key j in an article" "key Space in an article" \
	"key ] (next article)"; do
	if printf '%s\n' "$out" | awk -F'\t' -v n="$name" '
		$1 == n && $2 ~ /^[0-9]+(\.[0-9]+)?$/ { found = 1 }
		END { exit !found }'; then
		echo "ok - $name"
	else
		echo "FAIL - no number for '$name'"
		failed=1
	fi
done
if printf '%s\n' "$out" | grep -v -q -E '^[^	]+	[0-9.]+	'; then
	echo "FAIL - lines not NAME<TAB>NUMBER<TAB>UNIT:"
	printf '%s\n' "$out" | grep -v -E '^[^	]+	[0-9.]+	'
	failed=1
fi
# the bundled corpus has no hit for the no-hit query
printf '%s\n' "$out" | grep -q -P '^hits no hit\t0\.000\t' ||
	{ echo "FAIL - the no-hit query has hits"; failed=1; }
exit $failed
