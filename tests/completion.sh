#!/bin/sh
# The bash completion of both programs (completion/kanbao.bash), run by
# bash itself as readline would: the script sourced, COMP_WORDS and
# COMP_CWORD set, the function called, COMPREPLY checked.  Also that
# `meson install` puts it where bash-completion looks.  Skipped (77) only
# when there is no bash.
#
# usage: completion.sh KANBAO KANBAO_BUILD SOURCE_DIR BUILD_DIR
if [ -z "${BASH_VERSION:-}" ]; then
	command -v bash >/dev/null 2>&1 || { echo "skip: no bash"; exit 77; }
	exec bash "$0" "$@"
fi
set -u

kanbao=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
build=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
src=$3
builddir=$4
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
unset KANBAO_CORPUS
export LC_ALL=C.UTF-8
failed=0

fail() {
	echo "FAIL: $*"
	failed=$((failed + 1))
}

# shellcheck source=../completion/kanbao.bash
. "$src/completion/kanbao.bash" || { echo "FAIL: cannot source"; exit 1; }

# expect FUNCTION 'WANT' WORD...: completing the last WORD (the command
# line as readline splits it) gives exactly WANT, the replies joined by
# spaces in their order.
expect() {
	local f=$1 want=$2 got
	shift 2
	COMP_WORDS=("$@")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMP_LINE="$*"
	COMP_POINT=${#COMP_LINE}
	COMPREPLY=()
	"$f" 2>"$tmp/err"
	got="${COMPREPLY[*]}"
	if [ "$got" != "$want" ]; then
		fail "[$*]: got '$got', want '$want'"
	elif [ -s "$tmp/err" ]; then
		fail "[$*]: printed on stderr: $(cat "$tmp/err")"
	else
		echo "ok: [$*] -> $got"
	fi
}

# -- registered for both programs
complete -p kanbao | grep -q -- '-F _kanbao kanbao' || fail "kanbao not registered"
complete -p kanbao-build | grep -q -- '-F _kanbao_build kanbao-build' ||
	fail "kanbao-build not registered"

# -- kanbao's options: all at first, then only those that go with the
# ones given (kanbao refuses the others)
all="--list --print --search --verify --keys --width --count --color= \
--no-mouse --full-width --no-resume --no-clipboard --ambiguous= --help \
--version"
expect _kanbao "$all" kanbao -
expect _kanbao "$all" kanbao --
expect _kanbao "--color=" kanbao --col
expect _kanbao "--no-mouse --no-resume --no-clipboard" kanbao --no
expect _kanbao "--width --ambiguous=" kanbao --print 3 --
expect _kanbao "--width --ambiguous=" kanbao -p 3 -
expect _kanbao "--width" kanbao -p 3 --ambiguous=wide -
expect _kanbao "--print --width --color= --no-mouse --full-width --no-resume \
--no-clipboard" kanbao --ambiguous wide -
expect _kanbao "--count" kanbao --search 残疾 -
expect _kanbao "" kanbao --search 残疾 --count -
expect _kanbao "" kanbao --list -
expect _kanbao "" kanbao --verify -
expect _kanbao "" kanbao --keys -
expect _kanbao "--print --ambiguous=" kanbao --width 40 -
expect _kanbao "--search" kanbao -c -
expect _kanbao "--color= --full-width --no-resume --no-clipboard \
--ambiguous=" kanbao --no-mouse -
expect _kanbao "--no-mouse --full-width --no-resume --no-clipboard \
--ambiguous=" kanbao --color=never -
expect _kanbao "--no-mouse --full-width --no-resume --no-clipboard \
--ambiguous=" kanbao --color = never -
expect _kanbao "--no-mouse --full-width --no-resume --no-clipboard \
--ambiguous=" kanbao --colour never -
expect _kanbao "--color= --no-mouse --full-width --no-clipboard" \
	kanbao --ambiguous=narrow --no-resume -

# -- --color's values, however readline split the word
expect _kanbao "auto always never" kanbao --color ""
expect _kanbao "always" kanbao --color al
expect _kanbao "auto always never" kanbao --color = ""
expect _kanbao "never" kanbao --color = n
expect _kanbao "--color=never" kanbao --color=n
expect _kanbao "always" kanbao --colo al
expect _kanbao "auto" kanbao --colour au
# -- --ambiguous's values
expect _kanbao "auto narrow wide" kanbao --ambiguous ""
expect _kanbao "wide" kanbao --ambig w
expect _kanbao "--ambiguous=narrow" kanbao --ambiguous=n
expect _kanbao "narrow" kanbao --print 1 --ambiguous = n
# nothing to offer for a width or a query
expect _kanbao "" kanbao --print 1 --width ""
expect _kanbao "" kanbao --search ""

# -- article IDs for --print, of the corpus kanbao would open: the bundled
# one beside the program, one named on the line (before or after), or
# KANBAO_CORPUS; in the corpus's order
expect _kanbao "1 2 3 4 5 6 7 8 9 10" "$kanbao" --print ""
expect _kanbao "1 10" "$kanbao" --print 1
expect _kanbao "1 10" "$kanbao" -p 1
expect _kanbao "1 10" "$kanbao" --width 40 -p 1
expect _kanbao "--print=1 --print=10" "$kanbao" --print=1
expect _kanbao "1 10" "$kanbao" --print = 1
"$build" -q -o "$tmp/four.kb" "$src/corpus/002_e3f5d4b44462f8ca.txt" ||
	fail "building four.kb"
expect _kanbao "1 2 3 4" "$kanbao" "$tmp/four.kb" --print ""
COMP_WORDS=("$kanbao" --print "" "$tmp/four.kb")
COMP_CWORD=2
COMPREPLY=()
_kanbao
if [ "${COMPREPLY[*]}" = "1 2 3 4" ]; then
	echo "ok: the corpus after --print"
else
	fail "the corpus after the word: got '${COMPREPLY[*]}'"
fi
expect _kanbao "1 2 3 4" "$kanbao" --color=never "$tmp/four.kb" -p ""
KANBAO_CORPUS=$tmp/four.kb expect _kanbao "1 2 3 4" "$kanbao" --print ""
mkdir "$tmp/home"
cp "$tmp/four.kb" "$tmp/home/h.kb"
# shellcheck disable=SC2088 # the ~ as typed
HOME=$tmp/home expect _kanbao "1 2 3 4" "$kanbao" "~/h.kb" --print ""
# several files and directories: the IDs of the set they make
"$build" -q -o "$tmp/six.kb" "$src/corpus/000_866acc2d959ea0dd.txt" ||
	fail "building six.kb"
expect _kanbao "1 10" "$kanbao" "$tmp/six.kb" "$tmp/four.kb" --print 1
mkdir "$tmp/days"
cp "$tmp/six.kb" "$tmp/four.kb" "$tmp/days/"
expect _kanbao "1 10" "$kanbao" "$tmp/days" --print 1
# no such corpus, no such program: nothing, and nothing said
expect _kanbao "" "$kanbao" "$tmp/none.kb" --print ""
expect _kanbao "" "$tmp/no-kanbao" --print ""

# -- corpus files: *.kb and folders, as many as wanted, none with --keys
mkdir "$tmp/d" "$tmp/d/sub"
: >"$tmp/d/a.kb"
: >"$tmp/d/B.KB"
: >"$tmp/d/raw.txt"
: >"$tmp/d/notes"
cd "$tmp/d" || exit 1
sorted() {
	[ ${#COMPREPLY[@]} = 0 ] ||
		printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' '
}
files() {
	local f=$1 want=$2
	shift 2
	COMP_WORDS=("$@")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMPREPLY=()
	"$f" 2>"$tmp/err"
	if [ "$(sorted)" != "$want" ] || [ -s "$tmp/err" ]; then
		fail "[$*]: got '$(sorted)', want '$want' $(cat "$tmp/err")"
	else
		echo "ok: [$*] -> $want"
	fi
}
files _kanbao "B.KB a.kb sub " kanbao ""
files _kanbao "B.KB a.kb sub " kanbao --list ""
files _kanbao "a.kb " kanbao --print 3 a
files _kanbao "B.KB a.kb sub " kanbao a.kb ""
files _kanbao "" kanbao --keys ""
# -- kanbao-build: the files it reads by their names (raw text, web pages,
# feeds, Markdown, JSON; whatever the case), else any file but a corpus;
# *.kb for --output
files _kanbao_build "raw.txt sub " kanbao-build ""
files _kanbao_build "raw.txt sub " kanbao-build -q -o x.kb ""
files _kanbao_build "notes " kanbao-build no
for f in page.html P.HTM feed.xml f.rss f.Atom a.md b.markdown a.json \
	a.JSONL a.ndjson photo.png; do
	: >"$f"
done
read_all="P.HTM a.JSONL a.json a.md a.ndjson b.markdown f.Atom f.rss \
feed.xml page.html raw.txt sub "
files _kanbao_build "$read_all" kanbao-build ""
files _kanbao_build "$read_all" kanbao-build -e GBK --field body=story ""
files _kanbao_build "$read_all" kanbao-build --field title = x,body = y ""
files _kanbao_build "page.html " kanbao-build pa
files _kanbao_build "P.HTM " kanbao-build P
files _kanbao_build "f.Atom f.rss feed.xml " kanbao-build f
files _kanbao_build "a.JSONL a.json a.md a.ndjson " kanbao-build a
files _kanbao_build "photo.png " kanbao-build ph
files _kanbao_build "sub " kanbao-build s
# a name split at its '=' by readline: the reply replaces its last part
: >"q=1.txt"
files _kanbao_build "1.txt " kanbao-build q = 1
files _kanbao_build "1.txt " kanbao-build -q q = ""
rm -f "q=1.txt" ./*.html ./*.HTM ./*.xml ./*.rss ./*.Atom ./*.md \
	./*.markdown ./*.json ./*.JSONL ./*.ndjson photo.png
files _kanbao_build "B.KB a.kb sub " kanbao-build -o ""
files _kanbao_build "B.KB a.kb sub " kanbao-build --output ""
files _kanbao_build "a.kb " kanbao-build --output=a
# --merge joins corpus files (and directories of them)
files _kanbao_build "B.KB a.kb sub " kanbao-build --merge ""
files _kanbao_build "B.KB a.kb sub " kanbao-build -m -o all.kb a.kb ""
cd - >/dev/null || exit 1

# -- kanbao-build's options and encodings
expect _kanbao_build "--output --quiet --encoding --field --date --year \
--merge --help --version" kanbao-build -
expect _kanbao_build "--encoding" kanbao-build --enc
# --date and --year do not go together
expect _kanbao_build "--quiet --encoding --field" kanbao-build -o x.kb --date 2001-01-01 -
expect _kanbao_build "--output --quiet --encoding --field" kanbao-build -y 2001 --
expect _kanbao_build "--output --encoding --field --date --year --merge" kanbao-build -q -
# --merge: none of the options of raw text
expect _kanbao_build "--output --quiet" kanbao-build --merge -
expect _kanbao_build "--output" kanbao-build -m -q -
expect _kanbao_build "GB18030 GBK GB2312" kanbao-build --encoding gb
expect _kanbao_build "GB18030 GBK GB2312" kanbao-build -e GB
expect _kanbao_build "BIG5 BIG5-HKSCS" kanbao-build --encoding = b
expect _kanbao_build "--encoding=UTF-8 --encoding=UTF-16 --encoding=UTF-16LE \
--encoding=UTF-16BE" kanbao-build --encoding=u
# --field: the names of the fields, not with --merge
expect _kanbao_build "title= body= date= source= author= page= subtitle=" \
	kanbao-build --field ""
expect _kanbao_build "source= subtitle=" kanbao-build --field s
# and after each comma, however readline split the word at its '='s (a
# reply replaces only what follows the last '='); never in a key
expect _kanbao_build "title=x,title= title=x,body= title=x,date= \
title=x,source= title=x,author= title=x,page= title=x,subtitle=" \
	kanbao-build --field title=x,
expect _kanbao_build "x,title= x,body= x,date= x,source= x,author= x,page= \
x,subtitle=" kanbao-build --field title = x,
expect _kanbao_build "x,source= x,subtitle=" kanbao-build --field title = x,s
expect _kanbao_build "y,page=" kanbao-build --field title = x,body = y,p
expect _kanbao_build "x,author=" kanbao-build --field = title = x,a
expect _kanbao_build "--field=title=x,date=" kanbao-build --field=title=x,d
expect _kanbao_build "--field=title=" kanbao-build --field=ti
expect _kanbao_build "title=" kanbao-build --field = ti
expect _kanbao_build "" kanbao-build --field title =
expect _kanbao_build "" kanbao-build --field title = h
expect _kanbao_build "" kanbao-build --field title=x,body=
expect _kanbao_build "" kanbao-build --field title = x,body =
expect _kanbao_build "--output --quiet --encoding --date --year" \
	kanbao-build --field title = x,body = y -
expect _kanbao_build "--output --quiet --encoding --date --year" \
	kanbao-build --field title=x -
expect _kanbao_build "" kanbao-build --date ""
expect _kanbao_build "" kanbao-build --year 2
# every encoding offered is one the builder reads
COMP_WORDS=(kanbao-build -e "")
COMP_CWORD=2
_kanbao_build
for enc in "${COMPREPLY[@]}"; do
	"$build" -q -e "$enc" -o "$tmp/enc.kb" "$src/corpus/002_e3f5d4b44462f8ca.txt" \
		2>"$tmp/err" || fail "kanbao-build -e $enc: $(cat "$tmp/err")"
done
echo "ok: kanbao-build reads every encoding offered (${#COMPREPLY[@]})"

# -- meson install puts it where bash-completion looks, for both names
if command -v meson >/dev/null 2>&1; then
	meson introspect "$builddir" --installed >"$tmp/installed" 2>/dev/null
	for name in kanbao kanbao-build; do
		grep -q "/bash-completion/completions/$name\"" "$tmp/installed" ||
			fail "meson install does not put completions/$name"
	done
	grep -q "completion/kanbao.bash\"" "$tmp/installed" ||
		fail "meson install does not install completion/kanbao.bash"
	echo "ok: installed as bash-completion/completions/kanbao and kanbao-build"
else
	echo "skip: no meson to ask where it installs"
fi

if [ "$failed" != 0 ]; then
	echo "$failed failed"
	exit 1
fi
echo "all passed"
