#!/bin/sh
# Benchmark at scale: kanbao on generated corpora of the given sizes, side
# by side with rg and grep on the same raw text; a file a day read as one,
# and kanbao-build --merge beside cat.  Prints one table: a row
# per figure, a column per size, and the target from README ("At scale").
#
# usage: tests/bench/scale.sh [SIZE...]       (default: 1M 100M 1G)
# Run from the source tree after `meson setup build && ninja -C build`.
# KANBAO_BENCH_RUNS: runs per timed figure, median taken (default 5).
# KANBAO_BENCH_DIR: where the generated text and corpora are kept between
#   runs (default /tmp/kanbao-bench; 1 GB needs about 3 GB there).
# KANBAO_BENCH_BUILD: the build folder (default build).
# Needs: rg (ripgrep), hyperfine, GNU time (Debian: apt-get install
# ripgrep hyperfine time).
set -eu
cd "$(dirname "$0")/../.."
b=${KANBAO_BENCH_BUILD:-build}
runs=${KANBAO_BENCH_RUNS:-5}
dir=${KANBAO_BENCH_DIR:-/tmp/kanbao-bench}
sizes=${*:-1M 100M 1G}
for tool in rg hyperfine /usr/bin/time; do
	command -v "$tool" >/dev/null ||
		{ echo "$0: needs $tool (apt-get install ripgrep hyperfine time)" >&2
		  exit 2; }
done
for p in kanbao kanbao-build tests/bench/kanbao-gen tests/bench/kanbao-bench
do
	[ -x "$b/$p" ] || { echo "$0: $b/$p is not built" >&2; exit 2; }
done
ninja -C "$b" >/dev/null
mkdir -p "$dir"
export LC_ALL=C.UTF-8

# med CMDLINE: the median wall time in ms of a shell command line over
# $runs runs (hyperfine: one warm-up run, the shell's own start-up taken
# off, failures such as grep finding nothing allowed, output through a
# pipe: grep stops at the first match when it writes to /dev/null).
med() {
	hyperfine -i --style none --warmup 1 --runs "$runs" --output=pipe \
		--export-json "$dir/hf.json" "$1" >/dev/null 2>&1 ||
		{ echo "?"; return; }
	python3 -c 'import json,sys; print("%.1f" % (1000 * json.load(open(sys.argv[1]))["results"][0]["median"]))' "$dir/hf.json"
}

# fig SIZE NAME: a figure kanbao-bench printed for SIZE.
fig() {
	awk -F'\t' -v n="$2" '$1 == n { printf "%s", $2 + 0; exit }' \
		"$dir/$1/bench.tsv"
}

# median_time FILE, median_kb FILE: of lines "SECONDS KB" (GNU time's
# '%e %M').
median_time() {
	sort -n "$1" | awk '{ t[NR] = $1 } END {
		print (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2 }'
}
median_kb() {
	sort -n -k2 "$1" | awk '{ m[NR] = $2 } END { print m[int((NR + 1) / 2)] }'
}

table=$dir/table.tsv
: >"$table"
put() { # SIZE ROW VALUE
	printf '%s\t%s\t%s\n' "$1" "$2" "$3" >>"$table"
}

for size in $sizes; do
	d=$dir/$size
	mkdir -p "$d"
	if [ ! -f "$d/raw/manifest.tsv" ]; then
		echo "== $size: generating" >&2
		rm -rf "$d/raw"
		# (from 2020 on, kanbao-gen's days run past 2100 beyond about
		# 3.8 GB: the larger sizes start in 1946, as the paper did)
		case $size in
		[4-9]G | [1-9][0-9]G) from="--from 1946-05-15" ;;
		*) from= ;;
		esac
		# shellcheck disable=SC2086 # $from is one option or none
		"$b/tests/bench/kanbao-gen" --size "$size" $from -o "$d/raw"
	fi
	raw_bytes=$(cat "$d"/raw/*.txt | wc -c)
	raw_mb=$(echo "$raw_bytes" | awk '{ printf "%.1f", $1 / 1048576 }')
	put "$size" "raw text (MB)" "$raw_mb"

	echo "== $size: building ($runs runs)" >&2
	: >"$d/build.times"
	for _ in $(seq "$runs"); do
		/usr/bin/time -f '%e %M' -a -o "$d/build.times" \
			"$b/kanbao-build" -q -o "$d/c.kb" "$d"/raw/*.txt
	done
	bt=$(median_time "$d/build.times")
	bm=$(median_kb "$d/build.times")
	put "$size" "build time (s)" "$bt"
	put "$size" "build throughput (MB/s)" "$(awk -v m="$raw_mb" -v t="$bt" \
		'BEGIN { printf "%.1f", m / t }')"
	put "$size" "build peak memory (MB)" "$(awk -v k="$bm" \
		'BEGIN { printf "%.0f", k / 1024 }')"
	kb_bytes=$(wc -c <"$d/c.kb")
	put "$size" "corpus file / raw text" "$(awk -v a="$kb_bytes" \
		-v b="$raw_bytes" 'BEGIN { printf "%.2f", a / b }')"

	# The same days as one large file (an archive as some keep it), in
	# UTF-8: the GBK days converted, since one file has one encoding.
	if [ ! -f "$d/one.txt" ]; then
		for f in "$d"/raw/*.txt; do
			if iconv -f UTF-8 -t UTF-8 "$f" >/dev/null 2>&1; then
				cat "$f"
			else
				iconv -f GB18030 -t UTF-8 "$f"
			fi
		done >"$d/one.tmp" && mv "$d/one.tmp" "$d/one.txt"
	fi
	one_mb=$(wc -c <"$d/one.txt" | awk '{ printf "%.1f", $1 / 1048576 }')
	echo "== $size: building one large file ($runs runs)" >&2
	: >"$d/one.times"
	for _ in $(seq "$runs"); do
		/usr/bin/time -f '%e %M' -a -o "$d/one.times" \
			"$b/kanbao-build" -q -o "$d/one.kb" "$d/one.txt"
	done
	ot=$(median_time "$d/one.times")
	om=$(median_kb "$d/one.times")
	put "$size" "one large file: raw text (MB)" "$one_mb"
	put "$size" "one large file: build time (s)" "$ot"
	put "$size" "one large file: build throughput (MB/s)" \
		"$(awk -v m="$one_mb" -v t="$ot" 'BEGIN { printf "%.1f", m / t }')"
	put "$size" "one large file: build peak memory (MB)" \
		"$(awk -v k="$om" 'BEGIN { printf "%.0f", k / 1024 }')"
	put "$size" "one large file: articles" \
		"$("$b/kanbao" --list "$d/one.kb" | wc -l)"
	rm -f "$d/one.kb"

	echo "== $size: the reader's own figures" >&2
	"$b/tests/bench/kanbao-bench" --runs "$runs" "$d/c.kb" >"$d/bench.tsv"
	put "$size" "articles" "$(fig "$size" articles)"
	put "$size" "index / text" "$(awk -v i="$(fig "$size" index)" \
		-v t="$(fig "$size" text)" 'BEGIN { printf "%.2f", i / t }')"
	put "$size" "open to first frame, in process (ms)" \
		"$(fig "$size" "open to first frame")"
	put "$size" "kanbao --list \\| head -1 (ms)" \
		"$(med "$b/kanbao --list $d/c.kb | head -n 1")"
	put "$size" "reader heap after open (MB)" "$(fig "$size" "heap after open")"
	put "$size" "reader RSS after open (MB)" "$(fig "$size" "rss after open")"
	put "$size" "reader peak RSS after 100 searches (MB)" \
		"$(fig "$size" "peak rss after 100 searches")"
	put "$size" "reader heap after 100 searches (MB)" \
		"$(fig "$size" "heap after 100 searches")"

	echo "== $size: searching" >&2
	while IFS='|' read -r class q; do
		put "$size" "search $class '$q': hits" "$(fig "$size" "hits $class")"
		k=$(fig "$size" "search $class ($q)")
		put "$size" "search $class: kanbao, in process (ms)" "$k"
		put "$size" "search $class: a key in the bar, key to frame (ms, worst)" \
			"$(fig "$size" "bar keystroke $class")"
		put "$size" "search $class: the bar's first hits near, on screen (ms, worst)" \
			"$(fig "$size" "bar near hits $class")"
		put "$size" "search $class: the bar's query to all its hits on screen (ms, worst)" \
			"$(fig "$size" "bar hits $class")"
		put "$size" "search $class: kanbao --search --count (ms)" \
			"$(med "$b/kanbao --search $q --count $d/c.kb")"
		rg=$(med "rg -c -F $q $d/raw")
		put "$size" "search $class: rg -c -F (ms)" "$rg"
		put "$size" "search $class: grep -r -c -F (ms)" \
			"$(med "grep -r -c -F $q $d/raw")"
		put "$size" "search $class: rg / kanbao in process" \
			"$(awk -v a="$rg" -v b="$k" 'BEGIN {
				if (b > 0 && a != "?") printf "%.1f", a / b }')"
	done <<'EOF'
1 Han|的
2 Han|发展
3 Han|新时代
4 Han|协同发展
digits|2020
no hit|鲲鹏鳄鱼
EOF
	for k in "key j in the list" "key j in an article" \
		"key Space in an article" "key ] (next article)"; do
		put "$size" "$k: CPU to frame (ms)" "$(fig "$size" "$k")"
	done

	# A corpus that grows a file a day: the first 365 days (all of them
	# when fewer) built a corpus file each, read as one; and the text cut
	# into 10 corpus files (the raw days in 10 runs) merged back into one,
	# against the one-go build above.
	echo "== $size: a file a day, read as one; merged" >&2
	ls "$d"/raw/*.txt >"$d/days.list"
	if [ ! -f "$d/days/.built" ]; then
		rm -rf "$d/days"
		mkdir -p "$d/days"
		head -n 365 "$d/days.list" | while read -r f; do
			"$b/kanbao-build" -q -o "$d/days/$(basename "$f" .txt).kb" "$f"
		done
		: >"$d/days/.built"
	fi
	ndays=$(ls "$d"/days/*.kb | wc -l)
	put "$size" "day files read as one (the first 365 days)" "$ndays"
	"$b/tests/bench/kanbao-bench" --runs "$runs" --open-only "$d/days" \
		>"$d/days.tsv"
	put "$size" "day files: open as one to first frame, in process (ms)" \
		"$(awk -F'\t' '$1 == "open to first frame" { print $2 + 0 }' \
			"$d/days.tsv")"
	put "$size" "day files: kanbao --list DIR \\| head -1 (ms)" \
		"$(med "$b/kanbao --list $d/days | head -n 1")"
	put "$size" "day files: kanbao --search 发展 --count DIR (ms)" \
		"$(med "$b/kanbao --search 发展 --count $d/days")"
	if [ ! -f "$d/parts/.built" ]; then
		rm -rf "$d/parts"
		mkdir -p "$d/parts"
		per=$((($(wc -l <"$d/days.list") + 9) / 10))
		split -l "$per" -d "$d/days.list" "$d/parts/list."
		for l in "$d"/parts/list.*; do
			# shellcheck disable=SC2046 # a file name a word
			"$b/kanbao-build" -q -o "$d/parts/${l##*.}.kb" $(cat "$l")
		done
		: >"$d/parts/.built"
	fi
	: >"$d/merge.times"
	for _ in $(seq "$runs"); do
		/usr/bin/time -f '%e %M' -a -o "$d/merge.times" \
			"$b/kanbao-build" -q --merge -o "$d/merged.kb" "$d/parts"
	done
	mt=$(sort -n "$d/merge.times" | awk '{ t[NR] = $1 } END {
		print (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2 }')
	parts_mb=$(cat "$d"/parts/*.kb | wc -c | awk '{ printf "%.1f", $1 / 1048576 }')
	put "$size" "merge: corpus files read (MB, $(ls "$d"/parts/*.kb | wc -l) files)" \
		"$parts_mb"
	put "$size" "merge: time (s)" "$mt"
	put "$size" "merge: throughput (MB/s of files read)" "$(awk -v m="$parts_mb" \
		-v t="$mt" 'BEGIN { if (t > 0) printf "%.0f", m / t }')"
	put "$size" "merge: peak memory (MB)" "$(sort -n -k2 "$d/merge.times" |
		awk '{ m[NR] = $2 } END { printf "%.0f", m[int((NR + 1) / 2)] / 1024 }')"
	put "$size" "merge: the one-go build's bytes (cmp)" \
		"$(cmp -s "$d/merged.kb" "$d/c.kb" && echo same || echo differ)"
	put "$size" "cat of the same files, fsync'd (ms)" \
		"$(med "cat $d/parts/*.kb >$d/cat.out && sync $d/cat.out")"
done

# The table: a row per figure in first-seen order, a column per size.
python3 - "$table" $sizes <<'EOF'
import sys
rows, order = {}, []
for line in open(sys.argv[1], encoding='utf-8'):
    size, name, value = line.rstrip('\n').split('\t')
    if name not in rows:
        rows[name] = {}
        order.append(name)
    rows[name][size] = value
sizes = sys.argv[2:]
print('| figure | ' + ' | '.join(sizes) + ' |')
print('|---|' + '---|' * len(sizes))
for name in order:
    print('| %s | %s |' % (name, ' | '.join(rows[name].get(s, '')
                                             for s in sizes)))
EOF
