#!/bin/sh
# shellcheck disable=SC2317 # conditions are called through settle
# Benchmark: bytes sent to the terminal, kanbao beside less on the same
# article text.  Each program runs in a tmux pane; `tmux pipe-pane -o`
# copies everything the pane's program writes (what crosses the pty, so
# what an ssh connection would carry) into a file, and the bytes an action
# costs are the growth of that file from the key to the settled screen.
# "Settled": the screen shows what the action should give, and neither the
# screen (capture-pane) nor the byte count has changed for several polls in
# a row.  Nothing sleeps a fixed time.
#
# usage: tests/bench/bytes.sh [KANBAO]   (default: build/kanbao)
# Prints, for 80x24 and 120x40, the median of $KANBAO_BENCH_RUNS runs
# (default 5) of each action: action | kanbao bytes | less bytes | ratio,
# and of those bytes the control part (all but the text) of each program.
# KANBAO_BENCH_VERBOSE=1: every sample on standard error;
# KANBAO_BENCH_DUMP=DIR: the bytes of every sample kept in DIR (cat -v).
# Not a test: it fails only when a screen never comes.
#
# The actions:
#   first frame   start until the first screen is complete (kanbao: the
#                 list, as it starts; less: the article file)
#   line down     j, in the article at its top
#   page down     Space, in the article at its top
#   search key    in the / bar after "残", the second character "疾"
#                 (kanbao searches as you type; less only echoes it)
#   search key /2->20 incsearch
#                 the same with "0" after "/2", less run with --incsearch
#                 (it searches as you type too, but in less 590 drops Han
#                 characters typed in the bar)
#   resize        the window grows (80x24 -> 100x30, 120x40 -> 150x50),
#                 bytes until the screen is redrawn (kanbao from the
#                 article; at 100 columns and more it shows the list
#                 beside the article)
# At 120x40 kanbao shows the list beside the article (69 columns of text),
# less the same 78-column file as at 80x24.
# less reads `kanbao --print 1 --width 78` (the text kanbao shows at 80
# columns: 78 and a margin each side), with LESSCHARSET=utf-8 and no
# history file (LESSHISTFILE=-), HOME an empty folder (no lesskey);
# kanbao gets a new, empty XDG_STATE_HOME each run (no place to resume).
set -u

here=$(cd "$(dirname "$0")" && pwd)
kanbao=${1:-$here/../../build/kanbao}
case $kanbao in /*) ;; *) kanbao=$PWD/$kanbao ;; esac
[ -x "$kanbao" ] || { echo "$0: '$kanbao' is not executable" >&2; exit 2; }
for tool in tmux less; do
	command -v $tool >/dev/null 2>&1 ||
		{ echo "$0: $tool is not installed" >&2; exit 2; }
done
less=$(command -v less)

unset TMUX TMUX_PANE NO_COLOR KANBAO_CORPUS ENV LESS LESSOPEN LESSCLOSE
export LANG=C.UTF-8 LC_ALL=C.UTF-8 SHELL=/bin/sh
runs=${KANBAO_BENCH_RUNS:-5}
limit=${KANBAO_BENCH_TIMEOUT:-20}
sock=kanbao-bytes-$$
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kanbao-bytes.XXXXXX") || exit 2
mkdir "$tmp/home"
# T, q, ok, fail, keys, capture, has, row...: the shared pane helpers
. "$here/../e2e/pane.sh"

# kanbao hung up by the server's end saves its place on the way out: the
# folder goes once every pane's program (kanbao itself, exec'd) is gone.
cleanup() {
	_pids=$(T list-panes -a -F '#{pane_pid}' 2>/dev/null)
	T kill-server >/dev/null 2>&1
	_end=$(($(now) + limit))
	for _p in $_pids; do
		while kill -0 "$_p" 2>/dev/null && [ "$(now)" -lt "$_end" ]; do
			sleep 0.05
		done
	done
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP
trap 'trap "" PIPE; exit 141' PIPE

"$kanbao" --print 1 --width 78 >"$tmp/article.txt" || exit 2
narticles=$("$kanbao" --list | wc -l)

# ---- a pane and its recording -----------------------------------------------
# start PROG W H [OPTION]: a session whose shell turns echo off and waits
# for a line before it runs PROG (with OPTION), so the recording starts
# before PROG writes a byte (the Enter that releases it is not echoed;
# stty writes nothing).
start() {
	prog=$1 W=$2 H=$3
	_opt=${4:+ $(q "$4")}
	S=s$((${S#s} + 1))
	rec=$tmp/$S.bytes
	: >"$rec"
	case $prog in
	kanbao) cmd="$(q "$kanbao")$_opt" ;;
	less) cmd="$(q "$less")$_opt $(q "$tmp/article.txt")" ;;
	esac
	# kanbao's state (its place, read marks) in a folder of the session's
	# own, empty: each run starts at the list as the first did
	rm -rf "$tmp/state/$S"
	T new-session -d -s "$S" -x "$W" -y "$H" "stty -echo; read go; \
stty echo; exec env -i HOME=$(q "$tmp/home") PATH=$(q "$PATH") \
XDG_STATE_HOME=$(q "$tmp/state/$S") TERM=xterm-256color LANG=C.UTF-8 \
LC_ALL=C.UTF-8 LESSCHARSET=utf-8 LESSHISTFILE=- $cmd" </dev/null
	T pipe-pane -o -t "$S" "cat >>$(q "$rec")"
	# the shell is waiting once echo is off
	until_echo_off || die "the pane's shell never waited"
}

die() {
	echo "$0: $S ($prog ${W}x$H): $*" >&2
	sed 's/^/    |/' "$tmp/cap" >&2 2>/dev/null
	exit 1
}

# cap: the text, for the conditions; cape: with the attributes (-e), for
# telling screens apart (in the split view, Enter only moves the focus: the
# list's selection goes from reverse to underline).
capture() {
	T capture-pane -p -t "$S" >"$tmp/cap" 2>/dev/null
	T capture-pane -p -e -t "$S" >"$tmp/cape" 2>/dev/null
}

bytes() {
	wc -c <"$rec" | tr -d ' '
}

# settle COND...: poll until COND holds on the capture and the screen and
# the byte count have both stood still for 4 polls (0.05 s apart).
settle() {
	_end=$(($(now) + limit))
	_last=
	_same=0
	while :; do
		capture
		_sig="$(bytes) $(cksum <"$tmp/cape")"
		if "$@"; then
			if [ "$_sig" = "$_last" ]; then
				_same=$((_same + 1))
			else
				_same=0
			fi
			[ $_same -ge 4 ] && return 0
		else
			_same=0
		fi
		_last=$_sig
		[ "$(now)" -ge "$_end" ] && die "no settled screen for: $*"
		sleep 0.05
	done
}

changed() {
	! cmp -s "$tmp/cape" "$tmp/before"
}

remember() {
	cp "$tmp/cape" "$tmp/before"
	mark=$(bytes)
}

# The bytes of text (what is shown) in standard input: without escape
# sequences (CSI, charset designations, any other ESC pair) and control
# characters.  The rest is the cost of moving, scrolling and attributes.
text_bytes() {
	LC_ALL=C sed -e 's|\x1b\[[0-9;?<=>]*[ -/]*[@-~]||g' \
		-e 's|\x1b[()][0-9A-Za-z]||g' -e 's|\x1b.||g' |
		LC_ALL=C tr -d '\000-\037\177' | wc -c | tr -d ' '
}

# measure ACTION: the bytes written since remember, all and the control
# part, as a line ACTION|PROG|WIDTH|ALL|CONTROL of $tmp/samples (with
# KANBAO_BENCH_DUMP=DIR, the bytes also kept in DIR/WxH-PROG-ACTION-RUN).
measure() {
	tail -c +$((mark + 1)) "$rec" >"$tmp/sample"
	_all=$(wc -c <"$tmp/sample" | tr -d ' ')
	_text=$(text_bytes <"$tmp/sample")
	echo "$1|$prog|$W|$_all|$((_all - _text))" >>"$tmp/samples"
	if [ -n "${KANBAO_BENCH_DUMP:-}" ]; then
		mkdir -p "$KANBAO_BENCH_DUMP" && cp "$tmp/sample" \
"$KANBAO_BENCH_DUMP/${W}x$H-$prog-$(echo "$1" | tr ' ' -)-$((i + 1)).bytes"
	fi
	[ -n "${KANBAO_BENCH_VERBOSE:-}" ] &&
		echo "# ${W}x$H $prog $1: $_all ($((_all - _text)) control)" >&2
	return 0
}

# The screen each program shows when it is ready.  kanbao starts in the
# list; from 100 columns on, the first article is shown beside it.
kanbao_list() {
	row $((H - 2)) | grep -q -E "^ 1/$narticles( articles|  )"
}

kanbao_article() {
	row $((H - 2)) | grep -q "^ 1/$narticles  .*%"
}

less_file() {
	row $((H - 1)) | grep -q 'article.txt'
}

# The status line at the new size: kanbao has laid the screen out again.
kanbao_laid_out() {
	kanbao_article &&
		[ "$(row $((H - 2)) | sed 's/ *$//' | wc -L)" -eq $((W - 1)) ]
}

# less has filled the taller screen: text down to the row above the prompt.
less_laid_out() {
	[ "$(wc -l <"$tmp/cap")" -eq "$H" ] && row $((H - 1)) | grep -q . &&
		row $((H - 2)) | grep -q '[^ ]'
}

# The search bar holds $1 (the mark 简繁 at its right end, there when search
# folds simplified and traditional characters, left aside).
bar_is() {
	row $((H - 1)) | sed -e 's/ *$//' -e 's/  *简繁$//' | grep -q -x -e "$1"
}

bar_has_hits() {
	bar_is "$1" && row $((H - 2)) | grep -q 'hit [0-9]* of'
}

# step KEY: a key whose bytes are not counted; the screen changes.
step() {
	remember
	keys "$1"
	settle changed
}

text() {
	T send-keys -t "$S" -l "$1"
}

go() {
	mark=0
	keys Enter
}

# From the top of the article: line down, back to the top, page down, back.
paging() {
	remember
	keys j
	settle changed
	measure "line down"
	step g
	remember
	keys Space
	settle changed
	measure "page down"
	step g
}

# ---- one run: first frame, line down, page down, search key; then resize ---
run_kanbao() {
	W0=$1 H0=$2 W1=$3 H1=$4
	start kanbao "$W0" "$H0"
	go
	settle kanbao_list
	measure "first frame"
	step Enter
	settle kanbao_article
	paging
	text /残
	settle bar_has_hits '/残'
	remember
	text 疾
	settle bar_has_hits '/残疾'
	measure "search key"
	step Escape
	text /2
	settle bar_has_hits '/2'
	remember
	text 0
	settle bar_has_hits '/20'
	measure "search key inc"
	T kill-session -t "$S"

	start kanbao "$W0" "$H0"
	go
	settle kanbao_list
	step Enter
	settle kanbao_article
	remember
	T resize-window -t "$S" -x "$W1" -y "$H1"
	W=$W1 H=$H1
	settle kanbao_laid_out
	W=$W0 H=$H0
	measure "resize"
	T kill-session -t "$S"
}

run_less() {
	W0=$1 H0=$2 W1=$3 H1=$4
	start less "$W0" "$H0"
	go
	settle less_file
	measure "first frame"
	paging
	text /残
	settle bar_is '/残'
	remember
	text 疾
	settle bar_is '/残疾'
	measure "search key"
	T kill-session -t "$S"

	start less "$W0" "$H0"
	go
	settle less_file
	remember
	T resize-window -t "$S" -x "$W1" -y "$H1"
	W=$W1 H=$H1
	settle less_laid_out
	W=$W0 H=$H0
	measure "resize"
	T kill-session -t "$S"

	# less searching as you type, as kanbao does (less 590 --incsearch
	# drops Han characters typed in the bar: "20" instead)
	start less "$W0" "$H0" --incsearch
	go
	settle less_file
	text /2
	settle bar_is '/2'
	remember
	text 0
	settle bar_is '/20'
	measure "search key inc"
	T kill-session -t "$S"
}

# The server stays up between sessions (the first session's own start-up
# costs are not counted: a keeper session holds it).
start_server
S=s0
: >"$tmp/samples"
for size in 80x24:100x30 120x40:150x50; do
	a=${size%:*} b=${size#*:}
	i=0
	while [ $i -lt "$runs" ]; do
		run_kanbao "${a%x*}" "${a#*x}" "${b%x*}" "${b#*x}"
		run_less "${a%x*}" "${a#*x}" "${b%x*}" "${b#*x}"
		i=$((i + 1))
	done
done

# ---- the table --------------------------------------------------------------
# median ACTION PROG WIDTH FIELD: the median of the samples' FIELD (4: all
# bytes, 5: control bytes).
median() {
	awk -F'|' -v a="$1" -v p="$2" -v w="$3" -v f="$4" \
		'$1 == a && $2 == p && $3 == w { print $f }' "$tmp/samples" |
		sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]
			else print int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'
}

echo "Bytes written to the terminal, median of $runs runs (less $("$less" \
--version | sed -n '1s/^less \([0-9]*\).*/\1/p'), TERM=xterm-256color)."
echo "control: the part of them that is not text (escape sequences, CR, LF,"
echo "BS): moving the cursor, scrolling, attributes."
for size in 80x24:100x30 120x40:150x50; do
	a=${size%:*} b=${size#*:}
	echo
	echo "## ${a}"
	printf '| %-29s | %12s | %10s | %6s | %14s | %12s |\n' action \
		"kanbao bytes" "less bytes" ratio "kanbao control" "less control"
	printf '|%s|%s|%s|%s|%s|%s|\n' ------------------------------- \
		-------------- ------------ -------- ---------------- --------------
	for action in "first frame" "line down" "page down" "search key" \
		"search key inc" resize; do
		k=$(median "$action" kanbao "${a%x*}" 4)
		l=$(median "$action" less "${a%x*}" 4)
		label=$action
		[ "$action" = resize ] && label="resize $a -> $b"
		[ "$action" = "search key inc" ] &&
			label="search key /2->20 incsearch"
		printf '| %-29s | %12s | %10s | %6s | %14s | %12s |\n' \
			"$label" "$k" "$l" "$(awk -v k="$k" -v l="$l" 'BEGIN {
				if (l > 0) printf "%.2f", k / l; else print "-" }')" \
			"$(median "$action" kanbao "${a%x*}" 5)" \
			"$(median "$action" less "${a%x*}" 5)"
	done
done
