#!/bin/sh
# Each program holds only its own layers (README, "Architecture"): no
# function or table defined in a layer the program does not use is in its
# binary.  kanbao: base, format, search, ui, reader; kanbao-build: base,
# format, build.
#
# usage: layers.sh KANBAO KANBAO_BUILD BUILD_LIB SEARCH_LIB UI_LIB READER_LIB
set -u
kanbao=$1 builder=$2 build_lib=$3
shift 3
status=0

# The global names a static library defines.
defined() {
	nm -g --defined-only "$1" 2>/dev/null |
		awk 'NF == 3 && $2 ~ /^[TDRB]$/ { print $3 }' | sort -u
}

# Fail when binary $1 holds a name that library $2 defines (listed in
# $tmp).
holds_none() {
	defined "$2" >"$tmp"
	if ! [ -s "$tmp" ]; then
		echo "FAIL: $2 defines nothing (is it the layer's library?)"
		status=1
		return
	fi
	found=$(nm "$1" | awk 'NF == 3 { print $3 }' | sort -u |
		comm -12 - "$tmp")
	if [ -n "$found" ]; then
		echo "FAIL: $(basename "$1") holds $(basename "$2")'s:" $found
		status=1
	else
		echo "ok: $(basename "$1") holds nothing of $(basename "$2")" \
			"($(wc -l <"$tmp") names)"
	fi
}

tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
holds_none "$kanbao" "$build_lib"
for lib in "$@"; do
	holds_none "$builder" "$lib"
done
exit $status
