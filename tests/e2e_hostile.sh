#!/bin/sh
# Hostile text never reaches a terminal raw: escape sequences (CSI, OSC 52
# clipboard writes, title changes), C0 and C1 controls, DEL, bidi overrides
# and isolates, invisible format characters.  Two ways in: raw text through
# the builder, and a forged corpus written straight by the corpus writer
# (tests/e2e/mkhostile.c), which only the reader's own defences stop.  Every
# way out is checked: --list, --print, --search, --count, and the bytes the
# reader sends to a real terminal (tmux, recorded with pipe-pane).
#
# usage: e2e_hostile.sh KANBAO KANBAO_BUILD MKHOSTILE SOURCE_DIR
set -u
kanbao=$1
build=$2
mkhostile=$3
src=$4
tmp=$(mktemp -d)
sock=kanbao-hostile-$$
trap 'tmux -L "$sock" kill-server 2>/dev/null; rm -rf "$tmp"' EXIT
export LC_ALL=C.UTF-8 LANG=C.UTF-8
unset KANBAO_CORPUS
failed=0

ok() { echo "ok - $*"; }
fail() {
	echo "FAIL - $*"
	failed=$((failed + 1))
}

# clean FILE WHAT [tabs]: no byte that could act on a terminal.  Newlines
# are allowed, tabs only when a third argument says so (--list, --search).
clean() {
	python3 - "$1" "${3:-}" <<'EOF'
import sys
data = open(sys.argv[1], 'rb').read()
tabs = sys.argv[2] == 'tabs'
bad = []
for i, b in enumerate(data):
    if b < 0x20 and b != 0x0A and not (tabs and b == 0x09):
        bad.append('control 0x%02x at %d' % (b, i))
    elif b == 0x7F:
        bad.append('DEL at %d' % i)
text = data.decode('utf-8', errors='replace')
for i, ch in enumerate(text):
    c = ord(ch)
    if 0x80 <= c <= 0x9F:
        bad.append('C1 U+%04X' % c)
    elif 0x202A <= c <= 0x202E or 0x2066 <= c <= 0x2069 or c in (
            0x200E, 0x200F, 0x061C, 0xFEFF, 0x200B):
        bad.append('format character U+%04X' % c)
for b in bad[:5]:
    print('   ', b)
sys.exit(1 if bad else 0)
EOF
	if [ $? = 0 ]; then ok "$2: nothing that acts on a terminal"; else
		fail "$2: bytes that act on a terminal"
	fi
}

# Both ways in.
"$build" -q -o "$tmp/built.kb" "$src/tests/e2e/hostile-raw.txt" ||
	fail "the builder failed on hostile text"
"$mkhostile" "$tmp/forged.kb" || fail "mkhostile failed"
[ "$("$kanbao" --verify "$tmp/forged.kb" | grep -c sound)" = 1 ] ||
	fail "the forged corpus is not a sound corpus"

for kb in built forged; do
	f=$tmp/$kb.kb
	"$kanbao" --list "$f" >"$tmp/list" || fail "$kb: --list failed"
	clean "$tmp/list" "$kb: --list" tabs
	[ "$(wc -l <"$tmp/list")" -ge 1 ] || fail "$kb: --list is empty"
	"$kanbao" --print 1 "$f" >"$tmp/print" || fail "$kb: --print failed"
	clean "$tmp/print" "$kb: --print"
	"$kanbao" --print 1 --width 0 "$f" >"$tmp/print0"
	clean "$tmp/print0" "$kb: --print --width 0"
	grep -q '␛\]0;pwned␇' "$tmp/print0" &&
		ok "$kb: the escape is shown as pictures (␛]0;pwned␇)" ||
		fail "$kb: the title change is not shown as pictures"
	"$kanbao" --search pwned "$f" >"$tmp/search"
	[ $? = 0 ] || fail "$kb: --search pwned found nothing"
	clean "$tmp/search" "$kb: --search" tabs
	"$kanbao" --search pwned --count "$f" >"$tmp/count"
	clean "$tmp/count" "$kb: --search --count" tabs
done
grep -q '剪贴板␛\]52' "$tmp/print0" ||
	fail "forged: the OSC 52 write is not shown as pictures"

# The reader in tmux, every byte it writes recorded.
if ! command -v tmux >/dev/null; then
	echo "tmux is not installed"
	[ "$failed" = 0 ] && exit 77
	exit 1
fi
T() { tmux -L "$sock" "$@"; }
for kb in built forged; do
	S=$kb
	# a title in the article list: the forged corpus has a plain one too
	listed='恶意标题'
	[ "$kb" = forged ] && listed='普通文章'
	: >"$tmp/$S.bytes"
	# a state folder of its own, empty: kanbao starts at the list (it
	# would resume where a former run left off), and writes nothing to
	# $HOME
	rm -rf "$tmp/state-$S"
	# the program starts when Enter arrives: after pipe-pane records
	T new-session -d -s "$S" -x 100 -y 30 "exec env TERM=xterm-256color \
LANG=C.UTF-8 LC_ALL=C.UTF-8 XDG_STATE_HOME='$tmp/state-$S' \
sh -c 'read go; exec \"\$0\" \"\$1\"' '$kanbao' '$tmp/$kb.kb'" </dev/null
	T pipe-pane -o -t "$S" "cat >>'$tmp/$S.bytes'"
	T send-keys -t "$S" Enter
	# wait for each step's screen, with a deadline
	wait_for() {
		n=0
		while [ $n -lt 200 ]; do
			T capture-pane -p -t "$S" >"$tmp/cap" 2>/dev/null
			grep -q -e "$1" "$tmp/cap" && return 0
			n=$((n + 1))
			sleep 0.05
		done
		fail "$S: no '$1' on the screen"
		cat "$tmp/cap"
		return 1
	}
	wait_for "$listed"
	T send-keys -t "$S" g Enter
	wait_for '剪贴板'
	T send-keys -t "$S" Space b
	T send-keys -t "$S" / ; T send-keys -t "$S" -l pwned
	wait_for 'hit 1 of'
	T send-keys -t "$S" Enter Tab
	wait_for "$listed"
	T send-keys -t "$S" q
	n=0
	while T has-session -t "$S" 2>/dev/null && [ $n -lt 200 ]; do
		n=$((n + 1))
		sleep 0.05
	done
	python3 - "$tmp/$S.bytes" <<'EOF'
import sys
data = open(sys.argv[1], 'rb').read()
bad = []
for what, seq in (('an OSC sequence (ESC ])', b'\x1b]'),
                  ('BEL', b'\x07'),
                  ('the text\'s own CSI (ESC [31mred)', b'\x1b[31mred'),
                  ('the text\'s clear screen', b'\x1b[2J\x1b[31m'),
                  ('C1 CSI', b'\xc2\x9b'), ('C1 OSC', b'\xc2\x9d'),
                  ('RLO', b'\xe2\x80\xae'), ('LRI', b'\xe2\x81\xa6'),
                  ('BOM', b'\xef\xbb\xbf'), ('DEL', b'\x7f')):
    if seq in data:
        bad.append(what)
if not data:
    bad.append('nothing recorded')
print('    %d bytes recorded%s' % (len(data), (': ' + ', '.join(bad)) if bad
                                  else ''))
sys.exit(1 if bad else 0)
EOF
	if [ $? = 0 ]; then
		ok "$S: the reader sent none of the text's controls to tmux"
	else
		fail "$S: the reader let hostile bytes through to the terminal"
	fi
done

if [ "$failed" != 0 ]; then
	echo "$failed failed"
	exit 1
fi
echo "all passed"
