#!/bin/sh
# Run each libFuzzer target for a given time, starting from the inputs kept
# under tests/fuzz/TARGET.
#
# usage: tests/fuzz/run.sh [-m] [SECONDS [TARGET...]]
#   SECONDS  per target (default 600: ten minutes)
#   TARGET   corpus (the corpus-file loader), import (the raw-text parser),
#            markdown (the Markdown reader, built with libcmark and
#            libyaml), html (web pages), feed (RSS and Atom), json (JSON
#            lines and arrays); default all
#   -m       merge the new inputs that reach new code into tests/fuzz/TARGET
#            (libFuzzer -merge=1 keeps only those), to commit with the fix
#            or as they are
#
# Builds build-fuzz with clang (-Dfuzz=true, ASan+UBSan) when it is missing.
# A crash, leak, hang or sanitizer finding stops the run: the input is
# written to tests/fuzz/TARGET-crash-*, the status is 1.  Each crash found
# becomes a test: fix it, then move the input into tests/fuzz/TARGET, where
# the fuzz-replay tests run it on every build.
set -eu
cd "$(dirname "$0")/../.."

merge=
if [ "${1:-}" = -m ]; then
	merge=1
	shift
fi
seconds=${1:-600}
[ $# -gt 0 ] && shift
targets=${*:-corpus import markdown html feed json}
case $seconds in
'' | *[!0-9]*)
	echo "$0: SECONDS must be a number, not '$seconds'" >&2
	exit 2
	;;
esac

if ! command -v clang >/dev/null; then
	echo "$0: needs clang (apt-get install clang)" >&2
	exit 2
fi
if [ ! -f build-fuzz/build.ninja ]; then
	CC=clang meson setup build-fuzz -Dfuzz=true \
		-Db_sanitize=address,undefined -Db_lundef=false >/dev/null
fi
for t in $targets; do
	case $t in
	corpus | import | markdown | html | feed | json) ;;
	*)
		echo "$0: no fuzz target '$t' (corpus, import, markdown, html,"\
		     "feed, json)" >&2
		exit 2
		;;
	esac
	ninja -C build-fuzz "tests/fuzz/fuzz_$t" >/dev/null
done

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
status=0
summary=
row='%-7s %7s %10s %7s %8s %5s  %s'
for t in $targets; do
	work=$(mktemp -d)
	log=$work.log
	echo "== fuzz_$t for $seconds s"
	before=$(ls "tests/fuzz/$t" | wc -l)
	if build-fuzz/tests/fuzz/fuzz_"$t" -max_total_time="$seconds" \
		-print_final_stats=1 -artifact_prefix="tests/fuzz/$t-" \
		"$work" "tests/fuzz/$t" >"$log" 2>&1; then
		result=clean
	else
		result="FOUND: $(ls -t tests/fuzz/"$t"-* 2>/dev/null | head -n 1)"
		status=1
		grep -E -m 3 'ERROR|SUMMARY|runtime error' "$log" || true
		echo "   the whole log: $log"
	fi
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	secs=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
	cov=$(grep -E -o 'cov: [0-9]+' "$log" | tail -n 1 | cut -d' ' -f2)
	added=0
	if [ -n "$merge" ] && [ "$result" = clean ]; then
		build-fuzz/tests/fuzz/fuzz_"$t" -merge=1 "tests/fuzz/$t" \
			"$work" >>"$log" 2>&1
		added=$(($(ls "tests/fuzz/$t" | wc -l) - before))
	fi
	summary="$summary$(printf "$row" "$t" "$seconds" "${runs:-?}" \
		"${secs:-?}" "${cov:-?}" "$added" "$result")
"
	rm -rf "$work"
	[ "$result" = clean ] && rm -f "$log"
done
printf "$row\n" target seconds runs 'runs/s' coverage kept result
printf '%s' "$summary"
exit $status
