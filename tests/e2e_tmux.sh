#!/bin/sh
# End to end: the reader in a real terminal emulator.  tmux runs kanbao in
# panes of chosen sizes, keys go in with send-keys, and capture-pane gives
# back what a reader sees (-e: with the attributes).  Nothing sleeps a fixed
# time waiting for the program: every step polls the pane until the screen
# it expects appears, with a deadline, and then until the screen is still.
# Only what needs a terminal is here; the screens after keys are golden
# screens (tests/golden/script/, run without a terminal in a second).
#
# usage: e2e_tmux.sh KANBAO
# Each check prints "ok - ..." or "FAIL - ..."; the exit status is 1 if any
# check failed, 77 (skipped) when tmux or python3 is missing.
# KANBAO_E2E_TIMEOUT: seconds to wait for one screen (default 10);
# KANBAO_E2E_KEEP=1: keep the captures (their directory is printed).
set -u

# T, q, ok, fail, check, keys, capture, has, row...: the shared pane helpers
. "$(dirname "$0")/e2e/pane.sh"
take_kanbao "$@"
need tmux python3
pane_setup e2e 10
nsnap=0

cleanup() {
	pane_cleanup captures
}

# ---- the helper that measures what tmux shows -------------------------------
cat >"$tmp/reader.py" <<'EOF'
"""Reads tmux captures: widths, panes, the list, the body, SGR."""
import re
import sys
import unicodedata

SEP = '\u2502'  # between the list and the body
IDSP = '\u3000'  # the paragraph indent
# 避头: characters that never start a line of body text
NO_START = set('。，、；：？！）》」』】〕”’％…·')


def cw(c):
    """Columns of one character as wcwidth counts them in C.UTF-8:
    East Asian Wide and Fullwidth 2, Ambiguous 1, marks 0."""
    if unicodedata.combining(c) or unicodedata.category(c) in ('Mn', 'Me',
                                                               'Cf'):
        return 0
    return 2 if unicodedata.east_asian_width(c) in ('W', 'F') else 1


def width(s):
    return sum(cw(c) for c in s)


def rows_of(path):
    with open(path, encoding='utf-8', errors='replace', newline='') as f:
        t = f.read()
    if t.endswith('\n'):
        t = t[:-1]
    return t.split('\n')


def from_col(s, col):
    x = 0
    for i, c in enumerate(s):
        if x >= col:
            return s[i:]
        x += cw(c)
    return ''


def sep_col(rows):
    """The separator's column if the screen is split, else None."""
    i = rows[0].find(SEP) if rows else -1
    return None if i < 0 else width(rows[0][:i])


def panes(rows, h):
    """(list rows, body rows, list width or None, problems) of a screen
    without overlays: rows 0..h-3 are panes."""
    top = rows[:max(h - 2, 0)]
    col = sep_col(top)
    if col is None:
        return top, top, None, []
    bad = []
    lst, body = [], []
    for r, line in enumerate(top):
        i = line.find(SEP)
        if i < 0 or width(line[:i]) != col:
            bad.append('row %d: the separator is not in column %d: %r'
                       % (r, col, line))
        lst.append(line[:i] if i >= 0 else line)
        body.append(from_col(line, col + 1))
    return lst, body, col, bad


def unmargin(body):
    """Body rows without the left margin; the margin must be one width."""
    lead = [len(t) - len(t.lstrip(' ')) for t in body if t.strip(' ')]
    m = min(lead) if lead else 0
    bad = ['row %d: margin %d, others %d: %r' % (r, len(t) - len(
        t.lstrip(' ')), m, t) for r, t in enumerate(body)
           if t.strip(' ') and len(t) - len(t.lstrip(' ')) != m]
    return [t[m:].rstrip(' ') for t in body], bad


def body_problems(body, maxw):
    text, bad = unmargin(body)
    for r, t in enumerate(text):
        if maxw and width(t) > maxw:
            bad.append('row %d: %d columns of text, the measure is %d: %r'
                       % (r, width(t), maxw, t))
        # a paragraph may begin so (a "……" of omission): its wrapped
        # lines may not
        if t and t[0] != IDSP and t[0] in NO_START:
            bad.append('row %d starts with %s: %r' % (r, t[0], t))
    return bad


def articles(path):
    out = []
    with open(path, encoding='utf-8') as f:
        for line in f:
            i, date, title = line.rstrip('\n').split('\t', 2)
            out.append((int(i), date, title))
    return out


OPENERS = '（《「『【〔〖“‘([{〈'


def clipped(pre, rest, title, lw):
    """rest is title cut to end with … at column lw - 1 (the last is kept
    blank), or before it where a line may not end: never after an
    opening mark, a space or half of —— or …… (issue 12, item 15)."""
    if not rest.endswith('…'):
        return False
    cut = rest[:-1]
    if not title.startswith(cut) or width(pre + title) <= lw - 1:
        return False
    if cut and (cut[-1] in OPENERS or cut[-1] == ' '):
        return False
    k = len(cut)  # then the most that would fit before the …
    while k < len(title) and width(pre + title[:k + 1]) <= lw - 2:
        k += 1
    return all(c in OPENERS or c in ' —…' for c in title[len(cut):k])


def list_problems(rows, lw, arts, seen=None):
    """Each row: ' M ID  DATE  TITLE', M N (unread) or a blank (read), the
    ID right-aligned; where the title would keep fewer than 16 columns the
    date is left out, then the ID (issue 12, item 13).  The title whole or
    clipped with … to the list's width less one column; articles in
    order, blank rows only after the last."""
    n, d = len(arts), len(str(len(arts)))
    room = lw - 1 - 3  # the title's, with nothing but the N before it
    show_date = room - (d + 2 + 12) >= 16
    show_id = show_date or room - (d + 2) >= 16
    bad, want = [], None
    for r, line in enumerate(rows):
        line = line.rstrip(' ')
        if not line:
            if want is None or want <= n:
                bad.append('row %d is blank, article %s expected'
                           % (r, want or 'rows'))
            want = n + 1
            continue
        if show_id:
            m = re.match(r' [N ] +(\d+)(  |$)', line)
            i = int(m.group(1)) if m else None
        else:  # by its title: the first row's, or the next
            m = re.match(r' [N ] ', line)
            i = want or next((k + 1 for k, a in enumerate(arts)
                              if line[3:].rstrip('…') and
                              a[2].startswith(line[3:].rstrip('…'))), 0)
        if not m:
            bad.append('row %d is not an article row: %r' % (r, line))
            continue
        if want is not None and i != want:
            bad.append('row %d shows article %d, %d expected' % (r, i, want))
        want = i + 1
        if not 1 <= i <= n:
            bad.append('row %d: no article %d' % (r, i))
            continue
        _, date, title = arts[i - 1]
        pre = ' ' + line[1] + ' ' + \
            (str(i).rjust(d) + '  ' if show_id else '') + \
            ((date or ' ' * 10) + '  ' if show_date else '')
        rest = line[len(pre):]
        if not line.startswith(pre):
            bad.append('row %d: %r does not start %r' % (r, line, pre))
        elif width(line) > lw - 1:
            bad.append('row %d: %d columns in a list %d wide (the last is '
                       'kept blank): %r' % (r, width(line), lw, line))
        elif rest == title or clipped(pre, rest, title, lw):
            if seen is not None:
                seen.add(i)
        else:
            bad.append('row %d: %r is neither the title %r nor the title '
                       'clipped to %d columns with …' % (r, rest, title,
                                                        lw - 1))
    return bad


def status_problems(rows, w, h):
    """The status line's right-hand part (key hints, or on a narrow screen
    the position or the help key alone) ends one column from the edge."""
    s = rows[h - 2].rstrip(' ') if len(rows) >= h else ''
    right = re.search(r'(q quit|(\?|F1) help|[0-9]+%)$', s)
    if right and width(s) != w - 1:
        return ['the status line ends at column %d, not %d: %r'
                % (width(s), w - 1, s)]
    return []


def cmd_flush(cap, w, h):
    """The status line has its hints, flush right: drawn at this width."""
    rows = rows_of(cap)
    h = int(h)
    return 0 if len(rows) == h and \
        re.search(r'(q quit|(\?|F1) help|[0-9]+%)$',
                  rows[h - 2].rstrip(' ')) \
        and not status_problems(rows, int(w), h) else 1


def cmd_list(cap, listfile, w, h, some=None):
    """The list shows every article of --list (with `some`: those rows
    have room for)."""
    arts = articles(listfile)
    rows = rows_of(cap)
    lst, _, col, bad = panes(rows, int(h))
    seen = set()
    bad += list_problems(lst, col or int(w), arts, seen)
    missing = sorted(set(range(1, len(arts) + 1)) - seen)
    if missing and not (some and len(seen) == min(len(arts), len(lst))):
        bad.append('articles not shown: %s' % missing)
    for b in bad:
        print(b)
    return 1 if bad else 0


def cmd_screens(manifest, listfile):
    """Every captured screen: no line wider than the pane; list rows and
    body lines as they should be."""
    arts = articles(listfile)
    bad = n = 0
    with open(manifest, encoding='utf-8') as f:
        for entry in f:
            path, kind, w, h, maxw, label = entry.rstrip('\n').split('\t')
            w, h, maxw = int(w), int(h), int(maxw)
            rows = rows_of(path)
            n += 1
            out = []
            if len(rows) != h:
                out.append('%d rows in a pane %d high' % (len(rows), h))
            out += ['row %d is %d columns wide, the pane %d: %r'
                    % (r, width(t), w, t) for r, t in enumerate(rows)
                    if width(t) > w]
            if kind in ('list', 'body', 'split'):
                lst, body, col, sep = panes(rows, h)
                out += sep
                if kind == 'split' and col is None:
                    out.append('no separator: the screen is not split')
                if kind in ('list', 'body') and col is not None:
                    out.append('split at %d columns' % w)
                if kind in ('list', 'split'):
                    out += list_problems(lst, col or w, arts)
                if kind in ('body', 'split'):
                    out += body_problems(body, maxw)
                out += status_problems(rows, w, h)
            if out:
                bad += 1
                print('%s (%dx%d, %s):' % (label, w, h, kind))
                for o in out:
                    print('    ' + o)
                for t in rows:
                    print('    |' + t)
    print('%d screens checked, %d with problems' % (n, bad))
    return 1 if bad else 0


def body_text(cap, h):
    _, body, _, _ = panes(rows_of(cap), h)
    return unmargin(body)[0]


def cmd_offset(printfile, cap, h):
    """Which line of `kanbao --print` the body's top row is: the rows
    must be that many lines of it in order."""
    want = [t.rstrip(' ') for t in rows_of(printfile)]
    got = body_text(cap, int(h))
    pad = want + [''] * len(got)
    for k in range(len(want)):
        if pad[k:k + len(got)] == got:
            print(k)
            return 0
    print(-1)
    sys.stderr.write('the body is not a run of lines of %s:\n' % printfile)
    for t in got:
        sys.stderr.write('    |%s\n' % t)
    return 1


def cmd_bodyrow(cap, h, r):
    print(body_text(cap, int(h))[int(r)])
    return 0


def cmd_anchor(old, cap, h):
    """After a resize the line holding the old top line's first byte is at
    the top: the old top line's first characters start on the new top
    line (they may run on into the second)."""
    text = body_text(cap, int(h))
    old = old.lstrip(IDSP)
    new0 = text[0].lstrip(IDSP)
    if not old:
        if not new0:
            return 0
        print('the top was a blank line, now %r' % text[0])
        return 1
    head = old[:4]
    at = (new0 + (text[1].lstrip(IDSP) if len(text) > 1 else '')).find(head)
    if 0 <= at < len(new0):
        return 0
    print('the old top line began %r; the new top lines are:' % head)
    for t in text[:3]:
        print('    |' + t)
    return 1


COLOR = set(range(30, 38)) | set(range(40, 48)) | set(range(90, 98)) | \
    set(range(100, 108))


def sgr_cells(cap):
    """Rows of (character, attributes) from a capture-pane -e; attributes
    carry over line ends, as tmux writes them."""
    data = open(cap, encoding='utf-8', errors='replace').read()
    st = {'bold': 0, 'dim': 0, 'ul': 0, 'rev': 0, 'fg': 0, 'bg': 0}
    colors = []
    rows, cur = [], []
    i = 0
    while i < len(data):
        c = data[i]
        if c == '\x1b':
            m = re.match(r'\x1b\[([0-9;:]*)m', data[i:i + 64])
            if m:
                ps = [int(p or 0) for p in re.split('[;:]', m.group(1))]
                k = 0
                while k < len(ps):
                    p = ps[k]
                    if p == 0:
                        st = dict.fromkeys(st, 0)
                    elif p in (1, 2, 4, 7):
                        st[{1: 'bold', 2: 'dim', 4: 'ul', 7: 'rev'}[p]] = 1
                    elif p == 22:
                        st['bold'] = st['dim'] = 0
                    elif p == 24:
                        st['ul'] = 0
                    elif p == 27:
                        st['rev'] = 0
                    elif p in (39, 49):
                        st['fg' if p == 39 else 'bg'] = 0
                    elif p in COLOR:
                        colors.append(str(p))
                        st['fg' if p % 10 < 8 and p < 40 or 90 <= p < 98
                           else 'bg'] = p
                    elif p in (38, 48):
                        n = 3 if k + 1 < len(ps) and ps[k + 1] == 5 else 5
                        colors.append(';'.join(map(str, ps[k:k + n])))
                        st['fg' if p == 38 else 'bg'] = p
                        k += n - 1
                    k += 1
                i += m.end()
                continue
            m = re.match(r'\x1b(\[[0-9;?]*[A-Za-z]|\][^\x07]*\x07|.)',
                         data[i:i + 256])
            i += m.end() if m else 1
            continue
        if c == '\n':
            rows.append(cur)
            cur = []
        else:
            cur.append((c, dict(st)))
        i += 1
    if cur:
        rows.append(cur)
    return rows, colors


def cmd_sgr(cap, query, *args):
    """nocolor | color | row R ATTR | norow R ATTR | text TEXT ATTR [COL]
    (TEXT's first appearance, from column COL on): ATTR is bold, dim, ul,
    rev, fg (a colour) or bg."""
    rows, colors = sgr_cells(cap)
    if query == 'nocolor':
        if colors:
            print('colour SGR used: ' + ' '.join(sorted(set(colors))))
            return 1
        return 0
    if query == 'color':
        if not colors:
            print('no colour SGR at all')
            return 1
        return 0
    if query in ('row', 'norow'):
        r, attr = int(args[0]), args[1]
        cells = rows[r] if r < len(rows) else []
        has = any(a[attr] for ch, a in cells if ch != ' ')
        if has != (query == 'row'):
            print('row %d %s %s: %r' % (r, 'lacks' if query == 'row' else
                                         'has', attr,
                                         ''.join(ch for ch, _ in cells)))
            return 1
        return 0
    if query == 'text':
        text, attr = args[:2]
        col = int(args[2]) if len(args) > 2 else 0
        for cells in rows:
            x = 0
            for k, (ch, _) in enumerate(cells):
                if x >= col:
                    break
                x += cw(ch)
            else:
                continue
            cells = cells[k:]
            line = ''.join(ch for ch, _ in cells)
            at = line.find(text)
            if at >= 0:
                if all(a[attr] for ch, a in cells[at:at + len(text)]
                       if ch != ' '):
                    return 0
                print('%r is not %s: %r' % (text, attr, [
                    (ch, {k: v for k, v in a.items() if v})
                    for ch, a in cells[at:at + len(text)]][:4]))
                return 1
        print('%r is not on the screen' % text)
        return 1
    print('bad query ' + query)
    return 2


if __name__ == '__main__':
    sys.exit(globals()['cmd_' + sys.argv[1]](*sys.argv[2:]))
EOF

find_python

# ---- panes ------------------------------------------------------------------
# run.sh PIDFILE PROGRAM [ARG...]: what a pane runs.  It records the program's
# pid and the terminal modes before and after it, marks its start and its
# exit status on the screen, and leaves an interactive shell behind.
cat >"$tmp/run.sh" <<'EOF'
p=$1
shift
stty -g >"$p.stty0" 2>/dev/null
echo KANBAO-START
ulimit -c 0
# kanbao's standard error is the terminal's, this shell's own report of a
# signal ("Segmentation fault") is not: kanbao's line is what is checked
if [ -n "${KANBAO_E2E_STDIN_NULL:-}" ]; then
	{ sh -c 'echo $$ >"$0"; exec "$@" 2>&3' "$p" "$@" </dev/null; } \
		3>&2 2>/dev/null
else
	{ sh -c 'echo $$ >"$0"; exec "$@" 2>&3' "$p" "$@"; } 3>&2 2>/dev/null
fi
st=$?
stty -g >"$p.stty1" 2>/dev/null
echo "KANBAO-EXIT:$st"
exec env -u ENV PS1='kbsh$ ' /bin/sh
EOF

term=xterm-256color

# fresh_state NAME: a state folder for session NAME that does not exist yet
# (printed).  kanbao keeps the reading place, read marks and bookmarks in
# $XDG_STATE_HOME/kanbao between runs: each session gets its own, empty, so
# every launch starts as a first run does, at the list with nothing read,
# and nothing lands in $HOME.
fresh_state() {
	mkdir -p "$tmp/state"
	rm -rf "$tmp/state/$1"
	echo "$tmp/state/$1"
}

# start NAME W H [ENV-ARG...] [-- ARG...]: a new session running kanbao with
# LANG=C.UTF-8, LC_ALL=C.UTF-8, TERM=$term and a fresh XDG_STATE_HOME,
# changed by the ENV-ARGs (as env(1) takes them: -u NAME, NAME=VALUE).  S,
# W and H name the pane.
start() {
	S=$1 W=$2 H=$3
	shift 3
	rm -f "$tmp/$S.pid" "$tmp/$S.pid.stty0" "$tmp/$S.pid.stty1"
	kanbao_session "$(fresh_state "$S")" "$tmp/$S.pid" "$@"
}

# until_screen WHAT COMMAND...: pane.sh's, and the screen kept for the
# checks at the end (snap).  until_frame: the same for a COMMAND that checks
# the whole frame, without waiting for stillness.
until_frame() {
	until_seen "$@" && snap plain "$1"
}

until_screen() {
	until_seen "$@" && until_still && snap plain "$1"
}

row6_underlined() {
	T capture-pane -p -e -t "$S" >"$tmp/cape" &&
		py sgr "$tmp/cape" row 6 ul >/dev/null
}

# The search bar: the message row without the mark 简繁 at its right end
# (there when search folds simplified and traditional characters: a corpus
# kanbao-build made with OpenCC).
bar_row() {
	message_row | sed 's/  *简繁$//'
}

bar_is() {
	[ "$(bar_row)" = "$1" ]
}

both() {
	"$1" "$2" && "$3" "$4"
}

remember() {
	cp "$tmp/cap" "$tmp/before"
}

wait_for() {
	until_screen "'$1' on the screen" has "$1"
}

# After a resize: the status line matches and is drawn at the new width.
redrawn() {
	status_matches "$1" && py flush "$tmp/cap" "$W" "$H"
}

wait_resized() {
	until_screen "status line matching '$1' at ${W}x$H" redrawn "$1"
}

wait_change() {
	until_screen "change of the screen after $1" changed
}

# snap KIND LABEL [MEASURE]: keep the last capture for the checks every
# screen gets at the end: KIND list (the list alone), body (the article
# alone), split (both) or plain (widths only: every screen waited for is
# kept so); MEASURE caps the body's text width.
snap() {
	nsnap=$((nsnap + 1))
	_f=$tmp/snap-$nsnap.txt
	cp "$tmp/cap" "$_f"
	printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$_f" "$1" "$W" "$H" "${3:-0}" \
		"#$nsnap $S: $2" >>"$tmp/manifest"
}

percent() {
	status_row | grep -o '[0-9]*%' | tr -d %
}

# The width of the text column: a margin each side, at most 80 columns (40
# Han) unless --full-width; from 100 columns on beside the list and a
# separator: the body has half the screen, at most the 80 columns and the
# margins (the list the rest), or with --full-width 3/5 of it.
text_width() {
	_bw=$W
	if [ "$W" -ge 100 ]; then
		if [ "${1:-cap}" = cap ]; then
			_bw=$((W - 1 - W / 2))
			[ "$_bw" -gt 82 ] && _bw=82
		else
			_bw=$((W - 1 - W * 2 / 5))
		fi
	fi
	_tw=$((_bw - 2))
	[ "${1:-cap}" = cap ] && [ "$_tw" -gt 80 ] && _tw=80
	echo "$_tw"
}

# The article as --print lays it out at the text width.
print_file() {
	_p=$tmp/print-$1-$2
	[ -f "$_p" ] || "$kanbao" --print "$1" --width "$2" >"$_p"
	echo "$_p"
}

# check_offset ARTICLE WANT [full]: the body shows ARTICLE from line WANT of
# its --print layout on (WANT "top": 0; "end": the last page).
check_offset() {
	_tw=$(text_width "${3:-cap}")
	_pf=$(print_file "$1" "$_tw")
	_n=$(wc -l <"$_pf")
	_rows=$((H - 2))
	_max=$((_n > _rows ? _n - _rows : 0))
	case $2 in
	top) _want=0 ;;
	end) _want=$_max ;;
	*) _want=$2 ;;
	esac
	[ "$_want" -gt "$_max" ] && _want=$_max
	[ "$_want" -lt 0 ] && _want=0
	got=$(py offset "$_pf" "$tmp/cap" "$H" 2>"$tmp/offset.err")
	if [ "$got" = "$_want" ]; then
		return 0
	fi
	echo "    article $1 at width $_tw: top line $got, $_want expected"
	sed 's/^/  /' "$tmp/offset.err"
	return 1
}

# kanbao has exited (with any status) and the shell is back.
exited() {
	grep -q '^KANBAO-EXIT:[0-9]*$' "$tmp/cap" && has 'kbsh$'
}

# left_shell CODE [LINE]: the pane shows the shell again: the line before
# kanbao, LINE (an ERE) if given, kanbao's exit status CODE and the prompt,
# and nothing else (nothing of kanbao's screen, no stray output).
left_shell() {
	grep -v '^ *$' "$tmp/cap" >"$tmp/seen"
	_n=3
	[ $# -gt 1 ] && _n=4
	[ "$(wc -l <"$tmp/seen")" -eq "$_n" ] &&
		[ "$(sed -n 1p "$tmp/seen")" = KANBAO-START ] &&
		[ "$(sed -n "$((_n - 1))p" "$tmp/seen")" = "KANBAO-EXIT:$1" ] &&
		[ "$(sed -n "${_n}p" "$tmp/seen")" = 'kbsh$' ] &&
		{ [ $# -lt 2 ] || sed -n 2p "$tmp/seen" | grep -E -q -e "$2"; }
}

# quit_clean CODE [LINE]: kanbao has gone with status CODE and left the
# terminal as it found it: the normal screen as left_shell says, the cursor
# shown, no mouse or keypad mode, the same tty modes.
quit_clean() {
	until_screen "exit of kanbao" exited || { stop; return 1; }
	check "exit $1; the shell's screen is back${2:+ with one line}, \
nothing of kanbao's left" left_shell "$@"
	_flags=$(pane_var alternate_on),$(pane_var cursor_flag)
	_flags=$_flags,$(pane_var mouse_any_flag),$(pane_var keypad_cursor_flag)
	expect "normal screen, cursor shown, mouse and keypad modes off" \
		test "$_flags" = 0,1,0,0
	expect "the tty modes are restored (stty -g before = after)" \
		cmp "$tmp/$S.pid.stty0" "$tmp/$S.pid.stty1"
	stop
}

same() {
	cmp -s "$tmp/cap" "$1"
}

at_line() {
	check_offset "$1" "$2" "${3:-cap}" >/dev/null 2>&1
}

# moves KEY ARTICLE LINE: in the body, KEY shows ARTICLE from LINE on.
moves() {
	keys "$1"
	until_screen "article $2 from line $3 after $1" at_line "$2" "$3" &&
		ok "$S: $1 shows article $2 from line $3"
}

# selects KEY N: in the list, KEY selects article N.
selects() {
	keys "$1"
	wait_status "^ $2/$narticles articles " &&
		ok "$S: $1 selects article $2"
}

pid_of() {
	cat "$tmp/$S.pid" 2>/dev/null
}

alive() {
	_p=$(pid_of)
	[ -n "$_p" ] && kill -0 "$_p" 2>/dev/null
}

# The page after Space: the lines expected, and the status line redrawn.
next_page() {
	at_line "$_a" "$_off" "$_m" && [ "$(percent)" != "$_lastp" ]
}

# page_through ARTICLE LABEL [full]: from the article's top, Space until the
# status says 100%: each page is the next H-2 lines of --print (nothing
# skipped or repeated), the last one ends with the article, the percentage
# grows and is 100 exactly there.
page_through() {
	_a=$1 _label=$2 _m=${3:-cap}
	_kind=body
	[ "$W" -ge 100 ] && _kind="split"
	_tw=$(text_width "$_m")
	_n=$(wc -l <"$(print_file "$_a" "$_tw")")
	_rows=$((H - 2)) _off=0 _pages=1 _lastp=-1 _why=
	if ! check_offset "$_a" "$_off" "$_m" >"$tmp/why"; then
		_why=$(cat "$tmp/why")
	fi
	while [ -z "$_why" ]; do
		snap "$_kind" "$_label page $_pages" "$_tw"
		_p=$(percent)
		if [ -z "$_p" ] || [ "$_p" -le "$_lastp" ]; then
			_why="status '$(status_row)' after $_lastp%"
			break
		fi
		_lastp=$_p
		if [ $((_off + _rows)) -ge "$_n" ]; then
			[ "$_p" = 100 ] || _why="at the end the status says $_p%"
			break
		elif [ "$_p" = 100 ]; then
			_why="100% with lines $((_off + _rows))-$_n still to come"
			break
		fi
		keys Space
		_pages=$((_pages + 1))
		_off=$((_off + _rows))
		[ "$_off" -gt $((_n - _rows)) ] && _off=$((_n - _rows))
		until_frame "page $_pages of article $_a" next_page || return 1
	done
	if [ -z "$_why" ]; then
		ok "$S: $_label: pages: $_pages of $_rows lines at width $_tw, as \
--print lays it out, 100% at the end"
	else
		fail "$S: $_label, page $_pages:"
		echo "$_why" | sed 's/^/    /'
		show
	fi
}

list_file=$tmp/list
"$kanbao" --list >"$list_file" || { fail "kanbao --list"; exit 1; }
narticles=$(wc -l <"$list_file")
title1='“残疾人也可以活出精彩的人生”' # article 1's
: >"$tmp/manifest"
start_server
T set-option -g status off

echo "# kanbao: $kanbao"
t0=$(now)

# What a screen shows after keys (the list, reading, every key, going to an
# ID, the help, side by side, resizes and small sizes, search) is tested
# without a terminal by the golden screens (tests/golden/script/, `meson
# test -C build screens`), which run the program's own model, search and
# view through its loop.  What follows needs the terminal: keys as the
# terminal encodes them, what term.c sends (rows redrawn, attributes, the
# cursor, a 1x1 pane), the mouse, resizes through the terminal, signals,
# suspending, the terminal given back.

# ---- keys through the terminal ------------------------------------------
section "keys through the terminal"
# TERM=tmux-256color here: inside tmux, Home and End arrive as tmux sends
# them (\E[1~ \E[4~), which xterm's terminfo spells otherwise (\EOH \EOF).
term=tmux-256color
infocmp $term >/dev/null 2>&1 || term=screen
start keys 80 24
if wait_status "^ 1/$narticles articles "; then
	snap list "the list"
	expect "the list shows all $narticles articles of --list, titles \
clipped with …" py list "$tmp/cap" "$list_file" "$W" "$H"
	T capture-pane -p -e -t "$S" >"$tmp/cape"
	expect "the selected row is reversed" py sgr "$tmp/cape" row 0 rev
	expect "the next row is not" py sgr "$tmp/cape" norow 1 rev
	expect "the status line is reversed" \
		py sgr "$tmp/cape" row $((H - 2)) rev
	# the keys the terminal encodes, through its terminfo and ncurses
	selects Down 2
	T capture-pane -p -e -t "$S" >"$tmp/cape"
	expect "the selection bar moved to row 1" \
		py sgr "$tmp/cape" row 1 rev
	expect "and left row 0" py sgr "$tmp/cape" norow 0 rev
	selects Up 1
	selects End "$narticles"
	selects Home 1
	selects NPage "$narticles"
	selects PPage 1
	for kk in Right:Left Enter:Escape Tab:Tab; do
		keys "${kk%:*}"
		wait_status "^ 1/$narticles  2022" &&
			ok "$S: ${kk%:*} opens the article"
		snap body "opened with ${kk%:*}" 78
		keys "${kk#*:}"
		wait_status "^ 1/$narticles articles " &&
			ok "$S: ${kk#*:} goes back to the list"
	done
	keys F1
	wait_for 'kanbao keys' && ok "$S: F1 shows the help"
	keys x
	wait_status "^ 1/$narticles articles " && ok "$S: x closes it"
	# Ctrl-L: the screen, spoilt behind the program's back, comes back
	send_text 7
	keys Enter
	wait_status "^ 7/$narticles "
	remember
	printf '\033[3;10HGARBAGE\033[20;1HGARBAGE' >"$(pane_var pane_tty)"
	if wait_for GARBAGE; then
		keys C-l
		until_screen "redrawn screen after Ctrl-L" same "$tmp/before" &&
			ok "$S: Ctrl-L redraws the whole screen"
	fi
	send_text Q
	quit_clean 0
fi
term=xterm-256color

# ---- the title in the status line ------------------------------------------
# Once an article's title has scrolled away the status line shows it, cut
# to fit (never after an opening mark); back at the top, the source.  At
# 200x50, beside the list, the whole title and the unread count.
section "the title in the status line"
title1='“残疾人也可以活出精彩的人生”'
start status-title-80x24 80 24
if wait_status "^ 1/$narticles articles"; then
	keys 8 Enter
	wait_status "^ 8/$narticles  2023-05-15  新华社 北京 .*F1 help" &&
		ok "$S: at the top of article 8: the source; F1 for the help"
	keys j
	if wait_status "^ 8/$narticles  2023-05-15  《求是》杂志发表"; then
		cut='《求是》[^《]*(《[^《…]+)?…'
		check "j: the title, cut to fit with … (not after 《)" \
			status_matches "^ 8/$narticles  2023-05-15  $cut  +[0-9]+%"
	fi
	keys g
	wait_status "^ 8/$narticles  2023-05-15  新华社 北京 " &&
		ok "$S: g: the title is shown again, the status has the source"
	send_text q
	quit_clean 0
fi
start status-title-200x50 200 50
if wait_status "^ 1/$narticles  "; then
	keys Tab G
	wait_status "^ 1/$narticles  2022-03-01  $title1  .* 9 unread  100%" &&
		ok "$S: G: the whole title, the unread count beside the list"
	send_text q
	quit_clean 0
fi

# ---- reading in the terminal ---------------------------------------------
# Article 1 paged to its end: each page as tmux shows it is the next 22
# lines of --print, so term.c sends every row that changed, and only those
# rows are needed.
section "reading in the terminal"
start read 80 24
if wait_status "^ 1/$narticles articles "; then
	keys Enter
	wait_status "^ 1/$narticles  2022-03-01  " &&
		check "Enter opens article 1 at its top" check_offset 1 top
	page_through 1 "article 1"
	send_text q
	quit_clean 0
fi

# ---- the mouse wheel -----------------------------------------------------
section "the mouse wheel"
start wheel 80 24
if wait_status "^ 1/$narticles articles "; then
	send_text 3
	keys Enter
	wait_status "^ 3/$narticles  "
	# SGR reports, as xterm-256color has them: 3 lines a step
	send_text "$(printf '\033[<65;40;10M')"
	until_screen "wheel down" at_line 3 3 && ok "$S: the wheel scrolls down"
	send_text "$(printf '\033[<64;40;10M')"
	until_screen "wheel up" at_line 3 0 && ok "$S: the wheel scrolls up"
	send_text q
	quit_clean 0
fi

# ---- mouse clicks -------------------------------------------------------------
# A click selects a row of the list, a double click opens it (issue 12's
# habit); beside the list a click in the body gives it the focus.  The
# reports are SGR ones (1006), as xterm-256color has them: press, release.
section "mouse clicks"
# click ROW COL [2]: the first button clicked (twice) at row ROW, column
# COL, from 0.
click() {
	_c="$(printf '\033[<0;%d;%dM\033[<0;%d;%dm' $(($2 + 1)) $(($1 + 1)) \
		$(($2 + 1)) $(($1 + 1)))"
	[ "${3:-1}" = 2 ] && _c=$_c$_c
	send_text "$_c"
}
# row_has ROW ATTR: row ROW of the pane has the attribute (ul, rev...).
row_has() {
	T capture-pane -p -e -t "$S" >"$tmp/cape" &&
		py sgr "$tmp/cape" row "$1" "$2" >/dev/null
}
start click-80x24 80 24
if wait_status "^ 1/$narticles articl"; then
	click 4 20
	wait_status "^ 5/$narticles articl" &&
		ok "$S: a click on row 4 selects article 5"
	click 23 20
	click 22 20
	click 15 20
	send_text 9
	wait_status "^ 5/$narticles articl" &&
		check "clicks on the message row, the status line and below \
the list change nothing" message_matches '^Go to article 9'
	keys Escape
	click 6 20 2
	wait_status "^ 7/$narticles  " &&
		check "a double click on row 6 opens article 7" \
			check_offset 7 top
	send_text q
	quit_clean 0
fi
start click-200x50 200 50
if wait_status "^ 1/$narticles  "; then
	click 2 20
	wait_status "^ 3/$narticles  " &&
		check "a click on row 2 selects article 3, the body follows" \
			check_offset 3 top
	click 10 120
	until_screen "the focus in the body after a click there" \
		row_has 2 ul && ok "$S: a click in the body: the focus there"
	click 5 20 2
	wait_status "^ 6/$narticles  " &&
		until_screen "the focus in the body after a double click" \
			row_has 5 ul &&
		ok "$S: a double click on row 5 opens article 6, the focus in it"
	click 1 20
	wait_status "^ 2/$narticles  " &&
		until_screen "the focus in the list after a click there" \
			row_has 1 rev &&
		ok "$S: a click in the list: article 2, the focus there"
	send_text q
	quit_clean 0
fi

# ---- resizing through the terminal ---------------------------------------
section "resizing"
start resize 120 40
if wait_status "^ 1/$narticles  "; then
	T capture-pane -p -e -t "$S" >"$tmp/cape"
	expect "the title beside the list has a colour" \
		py sgr "$tmp/cape" text "$title1" fg 49
	send_text 7
	keys Enter
	wait_status "^ 7/$narticles  "
	until_screen "the selection dimmed beside the article" row6_underlined &&
		expect "the article has the focus: the list's selection \
underlined, not reversed" py sgr "$tmp/cape" norow 6 rev
	for _ in 1 2 3; do
		remember
		keys Space
		wait_change Space
	done
	snap split "article 7, 3 pages down" 57
	cp "$tmp/cap" "$tmp/resize-before"
	top=$(py bodyrow "$tmp/cap" "$H" 0)
	resize 50 20
	wait_resized "^ 7/$narticles  " && {
		snap body "article 7 at 50x20" 48
		expect "120x40 → 50x20: the old top line ('$(echo "$top" |
			cut -c1-12)…') starts on the top line" \
			py anchor "$top" "$tmp/cap" "$H"
	}
	resize 120 40
	wait_resized "^ 7/$narticles  " && {
		snap split "article 7 back at 120x40" 57
		check "50x20 → 120x40: the same screen as before" \
			same "$tmp/resize-before"
	}
	keys g
	resize 50 20
	wait_resized "^ 7/$narticles  " && check "at the top, a resize stays \
at the top" check_offset 7 top
	moves G 7 end
	resize 120 40
	wait_resized "^ 7/$narticles  " && snap split "the end, resized up" 57
	check "at the end, resized up: the last line of article 7 shows" \
		has "$(tail -n 1 "$(print_file 7 57)" | sed 's/^　*//')"
	# the end there is the bound: k goes up a line, j comes back, nothing
	# jumps (issue 12, item 1)
	check "resized up: the last full page at 120x40" check_offset 7 end
	end=$(($(wc -l <"$(print_file 7 57)") - (H - 2)))
	moves k 7 $((end - 1))
	moves j 7 "$end"
	moves j 7 "$end"
	send_text q
	quit_clean 0
fi

# Made wide enough for both panes, the body shows what the list selects
# (issue 12, item 2).
row8_underlined() {
	T capture-pane -p -e -t "$S" >"$tmp/cape" &&
		py sgr "$tmp/cape" row 8 ul >/dev/null
}
start resize-follow 80 24
if wait_status "^ 1/$narticles articles "; then
	send_text 7
	keys Enter
	wait_status "^ 7/$narticles  "
	keys Escape j j
	wait_status "^ 9/$narticles articles "
	resize 100 30
	wait_resized "^ 9/$narticles  " &&
		check "80x24 → 100x30: the body beside the list shows article \
9, selected" check_offset 9 top
	keys Tab
	until_screen "the focus on the body, the selection (row 8) \
underlined" row8_underlined &&
		check "Tab reads article 9" status_matches "^ 9/$narticles  "
	# back at the size it started at, as tmux leaves a pane grown
	# beyond it with the old screen's rows when the program ends
	resize 80 24
	wait_resized "^ 9/$narticles  "
	send_text q
	quit_clean 0
fi

# ---- small terminals -------------------------------------------------------
section "small terminals"
blank() {
	! grep -q '[^ ]' "$tmp/cap"
}

list_shown() {
	py list "$tmp/cap" "$list_file" "$W" "$H" >/dev/null
}

# At 1x1 the screen holds one cell, the bottom-right one, which term.c
# never writes (the terminal would scroll): the pane is blank.  (The
# session starts at the size it ends at: tmux 3.3 leaves rows of the
# alternate screen on the normal one when a pane leaves it larger than it
# entered it; less does the same.)
start small 80 24
if wait_status "^ 1/$narticles articles"; then
	resize 1 1
	until_screen "a blank 1x1 pane" blank && snap plain "1x1"
	resize 80 24
	wait_resized "^ 1/$narticles articl" && snap list "80x24"
	check "back at 80x24 after 1x1, still running, the list whole" \
		both alive '' list_shown ''
	keys Enter
	wait_status "^ 1/$narticles  "
	resize 1 1
	until_screen "a blank 1x1 pane" blank
	resize 80 24
	wait_resized "^ 1/$narticles  " &&
		check "an article, 1x1 and back: the article as it was" \
			check_offset 1 top
	send_text q
	quit_clean 0
fi

# A storm: 100 resizes within about a second, to sizes from 1x1 to 300x100
# (the same pseudo-random list each run), in ten bursts of ten tmux
# commands: within a burst they come faster than kanbao draws, between
# bursts it draws.  It ends at the size it started at, on
# the very screen it left.
start storm 120 40
if wait_status "^ 1/$narticles "; then
	keys 7 Enter
	wait_status "^ 7/$narticles  "
	for _ in 1 2; do
		remember
		keys Space
		wait_change Space
	done
	snap split "article 7 before the storm" 57
	cp "$tmp/cap" "$tmp/storm-before"
	_cmds=$(awk 'BEGIN {
		x = 12345
		for (i = 0; i < 100; i++) {
			x = (x * 1103515245 + 12345) % 2147483648
			w = 1 + int(x / 65536) % 300
			x = (x * 1103515245 + 12345) % 2147483648
			h = 1 + int(x / 65536) % 100
			printf "resize-window -t '"$S"' -x %d -y %d \\; ", w, h
			if (i % 10 == 9)
				printf "display -p -t '"$S"' \047%s\047\n", \
					"#{window_width}x#{window_height}"
		}
	}')
	_t0=$(date +%s%N)
	_sizes=$(echo "$_cmds" | while read -r _batch; do
		eval "T $_batch"
		sleep 0.08
	done | tr '\n' ' ')
	_t1=$(date +%s%N)
	echo "    100 resizes in 10 bursts over $(((_t1 - _t0) / 1000000)) ms;" \
		"the size after each burst: $_sizes"
	resize 120 40
	if wait_resized "^ 7/$narticles  "; then
		check "after 100 resizes (1x1 to 300x100) and back: \
the same screen as before" same "$tmp/storm-before"
		check "still running" alive
	fi
	send_text q
	quit_clean 0
fi

# ---- colours ----------------------------------------------------------------
section "colours"
for how in NO_COLOR=1 --color=never NO_COLOR=1:--color=always default; do
	case $how in
	NO_COLOR=1) start nocolor 80 24 NO_COLOR=1 ;;
	--color=never) start never 80 24 -- --color=never ;;
	default) start colour 80 24 ;;
	*) start always 80 24 NO_COLOR=1 -- --color=always ;;
	esac
	wait_status "^ 1/$narticles articles" || { stop; continue; }
	T capture-pane -p -e -t "$S" >"$tmp/cape-list"
	keys Enter
	wait_status "^ 1/$narticles  "
	T capture-pane -p -e -t "$S" >"$tmp/cape"
	case $how in
	NO_COLOR=1 | --color=never)
		expect "$how: no colour SGR in the list" \
			py sgr "$tmp/cape-list" nocolor
		expect "$how: no colour SGR in the article" \
			py sgr "$tmp/cape" nocolor
		expect "$how: the selected row is reversed" \
			py sgr "$tmp/cape-list" row 0 rev
		expect "$how: the status line is reversed" \
			py sgr "$tmp/cape" row $((H - 2)) rev
		expect "$how: the title is bold" py sgr "$tmp/cape" \
			text "$title1" bold
		;;
	*)
		expect "$how: the title has a colour" py sgr "$tmp/cape" \
			text "$title1" fg
		expect "$how: the list's IDs have a colour" \
			py sgr "$tmp/cape-list" row 1 fg
		;;
	esac
	send_text q
	quit_clean 0
done

# ---- leaving ----------------------------------------------------------------
section "leaving"
start quit 80 24
if wait_status "^ 1/$narticles articles "; then
	check "while running: the alternate screen, no cursor, the mouse" \
		test "$(pane_var alternate_on)$(pane_var cursor_flag)$(pane_var \
		mouse_any_flag)" = 101
	keys Enter
	wait_status "^ 1/$narticles  "
	remember
	keys Space
	wait_change Space
	send_text q
	quit_clean 0
fi
start ctrl-c 80 24
if wait_status "^ 1/$narticles articles "; then
	keys C-c
	quit_clean 0
fi
for sig in TERM:143 HUP:129 INT:130 QUIT:131; do
	start "sig${sig%:*}" 80 24
	wait_status "^ 1/$narticles articles " || { stop; continue; }
	keys Enter
	wait_status "^ 1/$narticles  "
	kill -"${sig%:*}" "$(pid_of)"
	quit_clean "${sig#*:}"
done
# A fault (here sent by kill) ends it with the terminal put back and one
# line; a corpus file cut short under the reader is a real one (SIGBUS:
# the mapped pages are gone), and the line names the file.
start sigSEGV 80 24
if wait_status "^ 1/$narticles articles "; then
	keys Enter
	wait_status "^ 1/$narticles  "
	kill -SEGV "$(pid_of)"
	quit_clean 139 '^kanbao: internal error \(a fatal signal\); the terminal'
fi
cp "${KANBAO_BUNDLED:-${kanbao%/*}/kanbao.kb}" "$tmp/shrinks.kb"
start sigBUS 120 24 -- "$tmp/shrinks.kb"
if wait_status "^ 1/$narticles "; then
	truncate -s 4096 "$tmp/shrinks.kb"
	keys G Enter
	quit_clean 135 "^kanbao: $tmp/shrinks.kb: the file shrank while it"
fi
# keys from the terminal when standard input is not one
start stdin-null 80 24 KANBAO_E2E_STDIN_NULL=1
if wait_status "^ 1/$narticles articles "; then
	selects j 2
	send_text q
	quit_clean 0
fi

# ---- terminals and locales it cannot use: one line, status 1 ---------------
section "unusable terminals and locales"
start lang-c 100 30 -u LC_ALL -u LC_CTYPE LANG=C
quit_clean 1 '^kanbao: needs a UTF-8 locale, e.g\. LANG=C\.UTF-8'
start term-unknown 100 30 TERM=nosuchterm
quit_clean 1 "^kanbao: unknown terminal type 'nosuchterm'"
start term-unset 100 30 -u TERM
quit_clean 1 '^kanbao: TERM is not set'

# ---- suspending -------------------------------------------------------------
# In an interactive shell, as a reader would run it: Ctrl-Z stops kanbao and
# gives the shell back; fg returns to the same screen.
section "suspending"
S=suspend W=80 H=24
T new-session -d -s "$S" -x "$W" -y "$H" "exec env -u ENV LANG=C.UTF-8 \
LC_ALL=C.UTF-8 XDG_STATE_HOME=$(q "$(fresh_state "$S")") PS1='kbsh\$ ' \
/bin/sh -i" </dev/null
if wait_for 'kbsh$'; then
	send_text "TERM=$term $(q "$kanbao")"
	keys Enter
	wait_status "^ 1/$narticles articles "
	keys Enter
	wait_status "^ 1/$narticles  "
	moves Space 1 22
	cp "$tmp/cap" "$tmp/suspended"
	keys C-z
	if until_screen "the shell after Ctrl-Z" both has Stopped has 'kbsh$'
	then
		check "Ctrl-Z: the shell's job message, then its prompt" \
			test "$(grep -v '^ *$' "$tmp/cap" | tail -n 2 | sed \
			's/^\[1\].*Stopped.*/STOPPED/' | tr '\n' ' ')" = \
			'STOPPED kbsh$ '
		check "kanbao's screen is gone" lacks '2022-03-01'
		check "suspended: normal screen, cursor shown, no mouse" \
			test "$(pane_var alternate_on)$(pane_var cursor_flag)$(
			pane_var mouse_any_flag)" = 010
		send_text fg
		keys Enter
		until_screen "the same screen after fg" same "$tmp/suspended" &&
			ok "$S: fg: back to the same screen"
		moves j 1 23
		# resized while stopped: laid out again at the new size, the
		# top line kept
		top=$(py bodyrow "$tmp/cap" "$H" 0)
		keys C-z
		until_screen "the shell after the second Ctrl-Z" both has \
			Stopped lacks '2022-03-01' &&
			ok "$S: Ctrl-Z again: the shell's screen"
		resize 110 30
		send_text fg
		keys Enter
		if wait_resized "^ 1/$narticles  2022"; then
			snap split "fg after a resize while stopped (110x30)" 80
			expect "resized while stopped, fg: the old top \
line ('$(echo "$top" | cut -c1-12)…') starts on the top line" \
				py anchor "$top" "$tmp/cap" "$H"
		fi
		# from the search bar and the help too, each there again
		# after fg, and fg typed into the shell, not the query
		# (issue 12, item 5)
		send_text /残疾
		until_screen "the query in the bar" bar_is /残疾
		keys C-z
		until_screen "the shell after Ctrl-Z in the search bar" both \
			has Stopped lacks '2022-03-01' &&
			ok "$S: Ctrl-Z in the search bar suspends"
		send_text fg
		keys Enter
		until_screen "the search bar after fg" bar_is /残疾 &&
			ok "$S: fg: the bar as it was, the query without fg"
		keys Escape
		keys F1
		wait_for 'kanbao keys'
		keys C-z
		until_screen "the shell after Ctrl-Z in the help" both \
			has Stopped lacks 'kanbao keys' &&
			ok "$S: Ctrl-Z in the help suspends"
		send_text fg
		keys Enter
		wait_for 'kanbao keys' && ok "$S: fg: the help still shown"
		keys Escape
		send_text q
		wait_for 'kbsh$'
		send_text 'echo KANBAO-EXIT:$?'
		keys Enter
		wait_for 'KANBAO-EXIT:0' && ok "$S: then q: exit status 0"
	fi
fi
stop

# ---- search through the terminal -------------------------------------------
# The cursor in the bar after Han characters, the hits in reverse video, a
# problem in bold, Backspace as the terminal sends it.
section "search"
start search-80x24 80 24
if wait_status "^ 1/$narticles articles "; then
	send_text /
	until_screen "the search bar" bar_is / &&
		ok "$S: / opens the search bar on the last row"
	check "the cursor is in the bar, after the prompt" test \
		"$(pane_var cursor_flag) $(pane_var cursor_x) $(pane_var cursor_y)" \
		= "1 1 $((H - 1))"
	send_text 残疾
	wait_status "hit 1 of 107 in 2 articles" &&
		check "the bar holds the query, the cursor after the two \
Han characters" test "$(bar_row)|$(pane_var cursor_x)" = "/残疾|5"
	keys Enter
	if wait_status "^ 1/10  2022-03-01  hit 1 of 107"; then
		snap body "Enter: the search kept, reading at the hit"
		T capture-pane -p -e -t "$S" >"$tmp/cape"
		expect "the hits are highlighted (reverse)" \
			py sgr "$tmp/cape" text 残疾 rev
		check "only the hits" \
			test "$(py sgr "$tmp/cape" text 人事业纪实 rev)" != ""
		check "the cursor is hidden again" test \
			"$(pane_var cursor_flag)" = 0
	fi
	send_text 99
	keys Enter
	if until_screen "error for article 99" message_matches '^No article 99'
	then
		T capture-pane -p -e -t "$S" >"$tmp/cape"
		expect "a message that reports a problem is bold" \
			py sgr "$tmp/cape" text "No article 99" bold
	fi
	send_text /没有的词
	until_screen "'Not found'" message_matches 'Not found'
	keys BSpace
	until_screen "the bar after Backspace" message_matches \
		'^/没有的( |$)' &&
		ok "$S: Backspace removes one character"
	keys Escape
	# a hit near the end shows the last full page, and k goes up a line
	# from there (issue 12, item 1)
	keys 1 Enter
	wait_status "^ 1/10  2022-03-01  "
	send_text /向阳而生
	keys Enter
	if wait_status "^ 1/10  2022-03-01  .*hit 1 of 1 in 1 article +100%"
	then
		check "a hit in the last lines: the last full page" \
			check_offset 1 end
		end=$(($(wc -l <"$(print_file 1 78)") - (H - 2)))
		moves k 1 $((end - 1))
		moves j 1 "$end"
	fi
	send_text q
	quit_clean 0
fi
stop

# A slow search (KANBAO_SEARCH_DELAY: 3 s more for each): typing does not
# wait for it, then its hits come.
start slow-search 80 24 KANBAO_SEARCH_DELAY=3000
if wait_status "^ 1/$narticles articles "; then
	send_text /
	until_screen "the search bar" bar_is /
	send_text 残疾
	until_frame "the first hits near, while searching" both \
		status_matches "^ 1/10 articles  searching…" \
		message_matches '^/残疾' &&
		ok "$S: typing does not wait: 'searching…', the query in the bar"
	wait_status "^ 1/10 articles  .*hit 1 of 107 in 2 articles" &&
		ok "$S: then all the hits"
	keys Escape
	send_text q
	quit_clean 0
fi
stop

# n typed while the search runs goes to the next hit once the hits come, and
# "Searching…" goes then (issue 12, item 12).
start slow-n 80 24 KANBAO_SEARCH_DELAY=2000
if wait_status "^ 1/$narticles articles "; then
	keys Enter
	wait_status "^ 1/10  2022-03-01  "
	send_text /
	until_screen "the search bar" bar_is /
	send_text 京津冀
	keys Enter
	send_text n
	until_frame "'Searching…' after n" message_matches '^Searching…' &&
		ok "$S: n while the search runs: 'Searching…'"
	wait_status "^ 7/10  .*hit 2 of 43 in 1 article" &&
		check "the hits came: n went on to hit 2, 'Searching…' gone" \
			lacks 'Searching'
	send_text q
	quit_clean 0
fi
stop

# ---- readers' habits (issue 12) -----------------------------------------------
section "readers' habits"
# no_highlight TEXT: TEXT is on the screen, not reversed as a hit is.
no_highlight() {
	T capture-pane -p -e -t "$S" >"$tmp/cape"
	has "$1" && ! py sgr "$tmp/cape" text "$1" rev >/dev/null
}
# U, Space at an article's end, / Enter, c and A, at 80x24 and 200x50.
for size in 80x24 200x50; do
	start "habits-$size" "${size%x*}" "${size#*x}"
	wait_status "^ 1/$narticles " || { stop; continue; }
	send_text U
	wait_status "^ 2/$narticles " &&
		ok "$S: U in the list: the next unread article, 2"
	keys Enter G
	wait_status "^ 2/$narticles  .*100%"
	keys Space
	until_screen "(END)" message_matches '^\(END\) Space: the next article' &&
		check "Space at the end says (END), still article 2" \
			status_matches "^ 2/$narticles  "
	keys Space
	wait_status "^ 3/$narticles  " &&
		check "Space again reads article 3 from its top" \
			check_offset 3 top
	send_text U
	wait_status "^ 4/$narticles  " &&
		ok "$S: U in an article reads the next unread, 4"
	send_text /残疾
	keys Enter
	wait_status "^ 10/$narticles  .*hit ([0-9]+) of 107"
	hit=$(status_row | sed -n 's/.*hit \([0-9]*\) of 107.*/\1/p')
	send_text /
	until_screen "the search bar" bar_is /
	keys Enter
	wait_status "hit $((hit + 1)) of 107" &&
		ok "$S: / Enter on an empty bar: the last search, its next hit"
	send_text c
	until_screen "the search cleared" message_matches '^Search cleared' &&
		check "c clears the search: no hit count" lacks 'of 107'
	check "and no highlight on 残疾" no_highlight 残疾
	keys g
	send_text /
	until_screen "the search bar" bar_is /
	keys Enter
	wait_status "^ 10/$narticles  .*hit $hit of 107" &&
		ok "$S: after c, / Enter searches the last query anew"
	keys Escape
	send_text A
	until_screen "the question" message_matches \
		'^Mark the [0-9]+ unread articles listed read\? y: yes' &&
		ok "$S: A asks first"
	send_text x
	until_screen "the answer no" message_matches '^Nothing marked' &&
		ok "$S: any other key: nothing marked"
	send_text A
	until_screen "the question" message_matches '^Mark the '
	send_text y
	until_screen "every article read" message_matches \
		'marked read: 0 unread' &&
		check "y: every article read, no N left in the list" \
			test "$(grep -c '^ N ' "$tmp/cap")" = 0
	send_text q
	quit_clean 0
done

# ---- raw input the builder must cope with ----------------------------------
# Each file through the real kanbao-build, then in the reader: it finishes,
# warns where due, and the reader shows the text.
section "raw input"
S= # the builder's checks: about no pane
kbuild=${kanbao%/*}/kanbao-build
raw=$tmp/raw
mkdir -p "$raw"
"$python" -S -E - "$raw" <<'EOF'
import sys
d = sys.argv[1]
han = '的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府研质'
with open(d + '/invalid.txt', 'wb') as f:
    f.write('坏字节的标题\n\n第一段，完整。\n\n第二'.encode() + b'\xff\xfe'
            + '段，坏了。\n'.encode())
with open(d + '/nul.txt', 'wb') as f:
    f.write('空字节的标题\n\n正文里有\0一个空字节。\n'.encode())
# 10 MB on one line, no break anywhere, no newline at the end
unit = (han * 20)[:3333]
with open(d + '/long.txt', 'wb') as f:
    f.write((unit * 1000).encode())
    f.write('长行的最后几个字'.encode())
with open(d + '/blank.txt', 'w') as f:
    f.write('\n \n\t\n\r\n' * 20000)
with open(d + '/lines.txt', 'w') as f:
    for i in range(100000):
        f.write(han[i % len(han)] + '\n')
    f.write('终\n')
EOF
ls -l "$raw" | sed 's/^/    /'

# raw_build NAME ARTICLES WARNING: kanbao-build makes NAME.kb of NAME.txt
# with exit status 0, ARTICLES articles and a warning matching WARNING.
raw_build() {
	_t0=$(date +%s%N)
	"$kbuild" -o "$raw/$1.kb" "$raw/$1.txt" 2>"$raw/$1.err"
	_st=$?
	_ms=$((($(date +%s%N) - _t0) / 1000000))
	_n=$("$kanbao" --list "$raw/$1.kb" 2>/dev/null | wc -l)
	if [ "$_st" = 0 ] && [ "$_n" = "$2" ] &&
		grep -E -q -e "^kanbao-build: warning: .*$3" "$raw/$1.err"; then
		ok "$1.txt: built in $_ms ms, $2 article(s), warned: $(grep -E \
-m1 -o -e "$3.*" "$raw/$1.err" | cut -c1-50)"
	else
		fail "$1.txt: status $_st, $_n articles (want 0, $2, a warning \
matching '$3')"
		sed 's/^/    /' "$raw/$1.err"
	fi
}
raw_build invalid 1 'invalid.txt:5: .*U\+FFFD'
raw_build nul 1 'control'
raw_build long 1 'no headline'
raw_build blank 0 'no articles: the file is empty or blank'
raw_build lines 1 'no headline'

# --print keeps every character of the long line and of the 100,000 lines
expect "long.txt: --print at 40 columns holds the 10 MB line whole, in \
lines of at most 40 columns" "$python" -S -E - "$raw/long.txt" \
	"$kanbao" "$raw/long.kb" <<'EOF'
import subprocess, sys, unicodedata
src = open(sys.argv[1], encoding='utf-8').read()
out = subprocess.run([sys.argv[2], '--print', '1', '--width', '40',
                      sys.argv[3]], capture_output=True).stdout.decode()
lines = out.split('\n')
body = lines[lines.index('') + 1:]   # after the title block
text = ''.join(l.lstrip('\u3000') for l in body)
wide = max(sum(2 if unicodedata.east_asian_width(c) in 'WF' else 1
               for c in l) for l in body)
if text != src or wide > 40:
    sys.exit('text %s, widest line %d' % ('kept' if text == src else
             'differs (%d of %d characters)' % (len(text), len(src)), wide))
EOF
expect "lines.txt: --print: 100,001 paragraphs, one character each" \
	"$python" -S -E - "$raw/lines.txt" "$kanbao" "$raw/lines.kb" <<'EOF'
import subprocess, sys
src = open(sys.argv[1], encoding='utf-8').read().split()
out = subprocess.run([sys.argv[2], '--print', '1', '--width', '40',
                      sys.argv[3]], capture_output=True).stdout.decode()
paras = [l for l in out.split('\n') if l.startswith('\u3000\u3000')]
got = [l[2:] for l in paras]
if got != src:
    sys.exit('%d paragraphs, %d lines in the file' % (len(got), len(src)))
EOF

# NAME|TEXT|WHAT: article 1 of NAME.kb shows TEXT
for case in \
	"invalid|第二��段|the two bad bytes show as two U+FFFD (�, one each)" \
	"nul|正文里有␀一个|the NUL shows as ␀"; do
	name=${case%%|*} rest=${case#*|}
	start "raw-$name" 80 24 -- "$raw/$name.kb"
	wait_status "^ 1/1 articles" || { stop; continue; }
	keys Enter
	wait_for "${rest%%|*}" && ok "$S: ${rest#*|}"
	snap plain "raw input: $name.txt"
	send_text q
	quit_clean 0
done
start raw-long 80 24 -- "$raw/long.kb"
if wait_status "^ 1/1 articles"; then
	keys Enter
	wait_status "^ 1/1  .* 0%" && snap body "the 10 MB line, the top" 78
	keys G
	if wait_status "^ 1/1  .*100%"; then
		snap body "the 10 MB line, the end" 78
		check "G: the line's last characters end the last row" \
			row_matches $((H - 3)) '长行的最后几个字$'
	fi
	send_text q
	quit_clean 0
fi
start raw-lines 80 24 -- "$raw/lines.kb"
if wait_status "^ 1/1 articles"; then
	keys Enter G
	if wait_status "^ 1/1  .*100%"; then
		snap body "100,001 one-character paragraphs, the end" 78
		check "G: the last paragraph, indented, on the last row" \
			row_matches $((H - 3)) '^ *　　终$'
	fi
	send_text q
	quit_clean 0
fi
start raw-blank 80 24 -- "$raw/blank.kb"
if wait_for 'The corpus has no articles.'; then
	check "an empty corpus: 0/0 on the status line" \
		status_matches '^ 0/0 articles'
	keys j Enter G k
	check "keys on an empty corpus change nothing" \
		both has 'The corpus has no articles.' alive ''
	send_text q
	quit_clean 0
fi

# ---- every screen captured --------------------------------------------------
section "every screen"
S= # a check on every pane, not one
# shellcheck disable=SC1112 # the closing quotes are the point
no_start='。，、；：？！）》」』】〕”’％…·'
expect "no line wider than its pane (East Asian Wide = 2 columns); lists \
as --list; body lines in one margin, within the measure, none starting \
with $no_start; the status hints flush right" \
	py screens "$tmp/manifest" "$list_file"
echo "# $nsnap screens, $passed passed, $failed failed, $(($(now) - t0)) s"
[ "$failed" -eq 0 ]
