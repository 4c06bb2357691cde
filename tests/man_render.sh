#!/bin/sh
# The manual pages as a reader sees them: each rendered with mandoc -T utf8,
# and the text checked, not only the source (man-lint does that).
#  - No page shows quotes nested by mistake: `.Pq Sq a , Sq b` renders as
#    (‘a, ‘b’’), an open quote left open and closed twice at the end.
#  - kanbao-corpus.5 has a subsection for each section of the file, and its
#    tables give every header, article and block field at the offset
#    include/kanbao/format/corpus_file.h puts it, and its example shows
#    the header of the bundled corpus as it is (as kanbao-build makes it
#    with OpenCC: without, the corpus has no variants table, and the
#    example is not compared).
#
# usage: man_render.sh MANDOC SOURCE_ROOT BUNDLED_CORPUS
set -u
mandoc=$1 root=$2 bundled=$3
status=0
# Overstrike (bold X\bX, underline _\bX) out; in a UTF-8 locale, so that
# the character before a backspace is a whole character.
bs=$(printf '\b')
LC_ALL=C.UTF-8
export LC_ALL

fail() {
	echo "FAIL: $*"
	status=1
}

# A page as plain text, a paragraph a line.
render() {
	"$mandoc" -T utf8 -O width=1000 "$1" | sed "s/.$bs//g"
}

tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
for page in "$root"/man/*.[0-9]; do
	name=$(basename "$page")
	if ! render "$page" >"$tmp" || ! [ -s "$tmp" ]; then
		fail "$name does not render"
		continue
	fi
	# Three closing (or opening) quotes in a row, or a quote still open
	# where the next item of a list opens one.
	bad=$(grep -n -e '’’’' -e '‘‘‘' -e '””' -e '““' \
		-e '‘[^‘’]*[,;] ‘' -e '“[^“”]*[,;] “' "$tmp")
	if [ -n "$bad" ]; then
		fail "$name renders nested quotes:"
		printf '%s\n' "$bad"
	else
		echo "ok: $name: no nested quotes"
	fi
done

corpus=$root/man/kanbao-corpus.5
render "$corpus" >"$tmp"
for s in ARTICLES BLOCKS STRINGS TEXT FOLD INDEX SUMS; do
	# a subsection heading is indented three spaces
	if grep -q "^   $s\( \|\$\)" "$tmp"; then
		echo "ok: kanbao-corpus.5: a subsection for $s"
	else
		fail "kanbao-corpus.5: no subsection for $s"
	fi
done

# Every field offset of corpus_file.h is a row of its table: the rows of
# the subsection that starts with heading $1 that start with the offset.
rows() {
	awk -v h="$1" '/^[^ ]/ { on = 0 } /^   [^ ]/ { on = ($0 == "   " h) } on' "$tmp" |
		awk '/^ +[0-9]+ +/ { print $1 }'
}
fields=$root/include/kanbao/format/corpus_file.h
check_offsets() {
	heading=$1 prefix=$2
	have=$(rows "$heading" | tr '\n' ' ')
	n=0
	for field in $(sed -n "s/^[[:space:]]*\(${prefix}_[A-Z_0-9]*\) = \([0-9]*\),.*/\1=\2/p" \
		"$fields"); do
		n=$((n + 1))
		case " $have" in
		*" ${field#*=} "*) ;;
		*) fail "kanbao-corpus.5: $heading has no row at ${field#*=}" \
			"(${field%=*})" ;;
		esac
	done
	if [ "$n" -eq 0 ]; then
		fail "no ${prefix}_ offsets found in $fields"
	else
		echo "ok: kanbao-corpus.5: $heading: $n offsets of corpus_file.h" \
			"checked"
	fi
}
check_offsets "The header" H
check_offsets ARTICLES A
check_offsets BLOCKS B

# The example's xxd lines: the 8 groups of hex digits after the offset.
hsize=$(sed -n 's/^[[:space:]]*CORPUS_HEADER_SIZE = \([0-9]*\),.*/\1/p' \
	"$root/include/kanbao/format/corpus.h")
shown=$(grep -E '^ +[0-9a-f]{8}: ' "$tmp" |
	awk '{ for (i = 2; i <= 9; i++) printf "%s", $i }')
have=$(od -A n -t x1 -v -N "$hsize" "$bundled" | tr -d ' \n')
if [ ${#shown} -ne $((2 * hsize)) ]; then
	fail "kanbao-corpus.5: the example shows ${#shown} hex digits, not" \
		"the $hsize bytes of a header"
elif [ "$shown" != "$have" ] &&
	[ "$(od -A n -t u8 -j 112 -N 8 "$bundled" | tr -d ' ')" = 0 ]; then
	# FOLD's length is 0: kanbao-build had no OpenCC, and the example is
	# of the bundled corpus as a build with it makes it
	echo "skip: kanbao-corpus.5: the bundled corpus has no variants" \
		"table (built without OpenCC): its header is not the example's"
elif [ "$shown" != "$have" ]; then
	fail "kanbao-corpus.5: the example is not the bundled corpus's header:"
	echo "shown: $shown"
	echo "file:  $have"
else
	echo "ok: kanbao-corpus.5: the example is the bundled corpus's header"
fi
exit $status
