#!/bin/sh
# The saved inputs of the corpus fuzz target are what mkseeds writes: make
# them again in a temporary directory and compare each with the committed
# one, a line per file.  Inputs kept from fuzzer runs (run.sh -m) are listed
# but not compared: mkseeds does not make them.
#
# usage: seeds_check.sh MKSEEDS SEED_DIR
set -u
mkseeds=$1
seeds=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if ! "$mkseeds" "$tmp"; then
	echo "FAIL - mkseeds could not make the seeds"
	exit 1
fi
made=0
failed=0
for f in "$tmp"/*; do
	[ -f "$f" ] || continue
	name=${f##*/}
	made=$((made + 1))
	if [ ! -f "$seeds/$name" ]; then
		echo "FAIL - $name: made by mkseeds, not in $seeds"
		failed=$((failed + 1))
	elif diff=$(cmp "$seeds/$name" "$f" 2>&1); then
		echo "ok - $name"
	else
		echo "FAIL - $name differs from what mkseeds writes: $diff"
		failed=$((failed + 1))
	fi
done
for f in "$seeds"/*; do
	[ -e "$tmp/${f##*/}" ] || echo "ok - ${f##*/}: kept from a fuzzer run, not made by mkseeds"
done
if [ "$made" -eq 0 ]; then
	echo "FAIL - mkseeds wrote nothing"
	exit 1
fi
if [ "$failed" -gt 0 ]; then
	echo "$failed of $made seeds are not what mkseeds writes.  If that is"
	echo "meant (the format changed), refresh them from the source tree:"
	echo "  build/tests/fuzz/mkseeds tests/fuzz/corpus"
	exit 1
fi
