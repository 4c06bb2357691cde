#!/bin/sh
# Two builders side by side on the same raw text: kanbao-build of one
# build folder against another's (an older commit's, say), in one run, so
# that a change to the builder is measured against what it replaces on a
# shared, noisy machine.  Prints one table: median time of RUNS runs each,
# throughput, peak memory, articles made, and the ratio.
#
# usage: tests/bench/builders.sh OLD_BUILD NEW_BUILD RAW...
#   OLD_BUILD, NEW_BUILD: build folders holding kanbao-build
#   RAW: the raw files, or folders of them (every *.txt inside)
# KANBAO_BENCH_RUNS: runs per builder (default 5).
# Needs: hyperfine, GNU time (Debian: apt-get install hyperfine time).
#
# An older commit's builder: git worktree add /tmp/old COMMIT &&
# meson setup /tmp/old-build /tmp/old && ninja -C /tmp/old-build kanbao-build
set -eu
if [ $# -lt 3 ]; then
	echo "usage: $0 OLD_BUILD NEW_BUILD RAW..." >&2
	exit 2
fi
old=$1/kanbao-build
new=$2/kanbao-build
shift 2
runs=${KANBAO_BENCH_RUNS:-5}
for tool in hyperfine /usr/bin/time; do
	command -v "$tool" >/dev/null ||
		{ echo "$0: needs $tool (apt-get install hyperfine time)" >&2
		  exit 2; }
done
for b in "$old" "$new"; do
	[ -x "$b" ] || { echo "$0: $b is not built" >&2; exit 2; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
files=$tmp/files
for r in "$@"; do
	if [ -d "$r" ]; then
		find "$r" -maxdepth 1 -name '*.txt' | sort
	else
		echo "$r"
	fi
done >"$files"
bytes=$(xargs cat <"$files" | wc -c)

# The file list goes by xargs (hyperfine -N runs no shell), in one command
# line or not at all: xargs would otherwise split a long list (8192 day
# files) into several builds, each writing the output over the last.
max=$(xargs --show-limits </dev/null 2>&1 |
	sed -n 's/^Maximum length of command we could actually use: //p')
all="xargs -x -n 1000000000 -s $max -a $files"
hyperfine -N --warmup 1 --runs "$runs" --export-json "$tmp/h.json" \
	"$all $old -q -o $tmp/old.kb" \
	"$all $new -q -o $tmp/new.kb" >/dev/null 2>&1 ||
	{ echo "$0: a builder failed on this text (or its list of files is" \
	       "too long for one command line):" >&2
	  $all "$old" -q -o "$tmp/old.kb" >/dev/null 2>&1 ||
		echo "  $old: $($all "$old" -q -o "$tmp/old.kb" 2>&1 | tail -1)" >&2
	  $all "$new" -q -o "$tmp/new.kb" >/dev/null 2>&1 ||
		echo "  $new: $($all "$new" -q -o "$tmp/new.kb" 2>&1 | tail -1)" >&2
	  exit 1; }
medians=$(python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))["results"]
print(" ".join("%.3f" % x["median"] for x in r))' "$tmp/h.json")
set -- $medians
t_old=$1 t_new=$2

peak() {
	$all /usr/bin/time -f %M "$1" -q -o "$tmp/p.kb" 2>&1 >/dev/null |
		tail -1
}
m_old=$(peak "$old")
m_new=$(peak "$new")
count() {
	# the articles a corpus holds, read with the newer reader
	"$(dirname "$new")/kanbao" --list "$1" | wc -l
}
a_old=$(count "$tmp/old.kb")
a_new=$(count "$tmp/new.kb")

awk -v bytes="$bytes" -v n="$(wc -l <"$files")" -v runs="$runs" \
    -v to="$t_old" -v tn="$t_new" -v mo="$m_old" -v mn="$m_new" \
    -v ao="$a_old" -v an="$a_new" 'BEGIN {
	mb = bytes / 1048576
	printf "%d files, %.1f MB of raw text; medians of %d runs\n\n", n, mb, runs
	print "| figure | old | new | new / old |"
	print "|---|---|---|---|"
	printf "| build time (s) | %.2f | %.2f | %.2f |\n", to, tn, tn / to
	printf "| throughput (MB/s) | %.1f | %.1f | %.2f |\n", mb / to, mb / tn, to / tn
	printf "| peak memory (MB) | %.0f | %.0f | %.2f |\n", mo / 1024, mn / 1024, mn / mo
	printf "| articles | %d | %d | |\n", ao, an
}'
