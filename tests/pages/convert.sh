#!/bin/sh
# Make the traditional-character items from the simplified ones, at
# development time (CI does not run it: the results are committed).
# items-hk/ for Hong Kong (s2hk: the sentences layout), items-tw/ for
# Taiwan (s2tw: the clauses layout).  Needs the opencc command
# (apt-get install opencc).  Run it after changing any item.
#
# usage: tests/pages/convert.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)
for variant in hk tw; do
	out=$here/items-$variant
	rm -rf "$out"
	mkdir -p "$out"
	for f in "$here"/items/*.txt; do
		opencc -c "s2$variant.json" -i "$f" -o "$out/$(basename "$f")"
	done
done
echo "converted $(ls "$here"/items/*.txt | wc -l) items to items-hk/ and items-tw/"
