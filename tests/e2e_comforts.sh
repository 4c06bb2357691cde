#!/bin/sh
# End to end: the reader's comforts (issue 7) in a real terminal emulator.
# The place resumed at another size, read marks, bookmarks that outlive a
# run, the filter bar and the sort order, copying with OSC 52 (into tmux's
# own buffers: set-clipboard on), the reading ruler, and a state file that
# is corrupt or cannot be saved.  Each run gets a state folder
# (XDG_STATE_HOME) of the test's choosing: fresh, or the one a former run
# left, where a check is about what a run keeps for the next.  As in
# e2e_tmux.sh nothing sleeps a fixed time: every step polls the pane until
# the screen it expects appears, with a deadline.
#
# usage: e2e_comforts.sh KANBAO
# Each check prints "ok - ..." or "FAIL - ..."; the exit status is 1 if any
# check failed, 77 (skipped) when tmux or python3 is missing.
# KANBAO_E2E_TIMEOUT: seconds to wait for one screen (default 10);
# KANBAO_E2E_KEEP=1: keep the captures and state files (the folder is
# printed).
set -u

# T, q, ok, fail, check, keys, capture, has, row...: the shared pane helpers
. "$(dirname "$0")/e2e/pane.sh"
take_kanbao "$@"
need tmux python3
pane_setup comforts 10 XDG_STATE_HOME

cleanup() {
	pane_cleanup "captures and state"
}

# ---- the helper that reads the captures -------------------------------------
cat >"$tmp/reader.py" <<'EOF'
"""Reads tmux captures for e2e_comforts.sh: the body, the list, the
paragraphs of --print, and the dim attribute (SGR 2)."""
import re
import sys
import unicodedata

SEP = '\u2502'  # between the list and the body
MARK = '\u00bb'  # a bookmarked line, in the margin left of the text
IDSP = '\u3000'  # the paragraph indent
ENDS = '。！？'  # a sentence ends with one of these...
CLOSE = '”’」』）》'  # ...and the closing marks after it


def cw(c):
    if unicodedata.combining(c) or unicodedata.category(c) in ('Mn', 'Me',
                                                               'Cf'):
        return 0
    return 2 if unicodedata.east_asian_width(c) in ('W', 'F') else 1


def rows_of(path):
    with open(path, encoding='utf-8', errors='replace', newline='') as f:
        t = f.read()
    if t.endswith('\n'):
        t = t[:-1]
    return t.split('\n')


def body_rows(rows, h):
    """The body's rows (0..h-3), right of the separator if split, with
    the margin (the least leading blanks) taken off."""
    top = rows[:h - 2]
    i = top[0].find(SEP) if top else -1
    if i >= 0:
        top = [t[t.find(SEP) + 1:] if SEP in t else '' for t in top]
    # the margin's bookmark marks are not text
    top = [re.sub('^( *)' + MARK, r'\1 ', t) for t in top]
    lead = [len(t) - len(t.lstrip(' ')) for t in top if t.strip(' ')]
    m = min(lead) if lead else 0
    return [t[m:].rstrip(' ') for t in top]


def cmd_top(cap, h):
    """The text of the body's top line, without the paragraph indent."""
    print(body_rows(rows_of(cap), int(h))[0].lstrip(IDSP))
    return 0


def cmd_anchor(old, cap, h):
    """The old top line's first characters start on the new top line
    (lines wrap elsewhere at another width: they may run on into the
    next line, and the top line may begin earlier in the paragraph)."""
    text = [t.lstrip(IDSP) for t in body_rows(rows_of(cap), int(h))]
    head = old[:6]
    at = (text[0] + text[1]).find(head)
    if head and 0 <= at < len(text[0]):
        return 0
    print('the old top line began %r; the new top lines are:' % head)
    for t in text[:3]:
        print('    |' + t)
    return 1


def cmd_ids(cap, h):
    """The list's rows as 'ID MARK': MARK N (unread) or - (read)."""
    for line in rows_of(cap)[:int(h) - 2]:
        line = line.split(SEP)[0]
        m = re.match(r' ([N ]) +(\d+)  ', line)
        if m:
            print(m.group(2), m.group(1).strip() or '-')
    return 0


def cmd_marked(cap, h):
    """The rows of the body (0..h-3) with a bookmark's mark in the margin,
    on one line."""
    rows = rows_of(cap)[:int(h) - 2]
    print(' '.join(str(r) for r, t in enumerate(rows)
                   if re.match('^ *' + MARK, t.split(SEP)[-1])))
    return 0


def paragraphs(printfile):
    """The paragraphs of `kanbao --print ID --width 0`, without indent."""
    return [t.lstrip(IDSP) for t in rows_of(printfile) if t.strip()]


def cmd_para(printfile, text):
    """The paragraph holding TEXT (the top line's)."""
    hold = [p for p in paragraphs(printfile) if text in p]
    if len(hold) != 1:
        sys.stderr.write('%d paragraphs hold %r\n' % (len(hold), text))
        return 1
    print(hold[0])
    return 0


def cmd_sentence(printfile, buf, query):
    """BUF is one whole sentence of the article and holds QUERY: a run of a
    paragraph that begins it or follows a sentence's end, and ends with
    。！？ (and any closing marks)."""
    with open(buf, encoding='utf-8') as f:
        s = f.read()
    if query not in s:
        print('%r does not hold %r' % (s, query))
        return 1
    for p in paragraphs(printfile):
        at = p.find(s)
        while at >= 0:
            before = p[:at].rstrip(CLOSE)
            starts = at == 0 or (before and before[-1] in ENDS)
            ends = s.rstrip(CLOSE)[-1:] in ENDS or at + len(s) == len(p)
            inner = any(c in ENDS for c in s.rstrip(CLOSE)[:-1])
            if starts and ends and not inner:
                return 0
            at = p.find(s, at + 1)
    print('%r is not one whole sentence of the article' % s)
    return 1


def cells(cape):
    """Each row as (character, dim) pairs, the SGR state followed from the
    top (tmux carries attributes over line ends)."""
    dim = False
    out = []
    for line in rows_of(cape):
        row = []
        k = 0
        while k < len(line):
            m = re.match(r'\x1b\[([0-9;:]*)m', line[k:])
            if m:
                ps = m.group(1).replace(':', ';').split(';')
                j = 0
                while j < len(ps):
                    p = int(ps[j] or 0)
                    if p == 0 or p == 22:
                        dim = False
                    elif p == 2:
                        dim = True
                    elif p in (38, 48, 58):
                        j += 2 if ps[j + 1:j + 2] == ['5'] else 4
                    j += 1
                k += m.end()
                continue
            m = re.match(r'\x1b[^a-zA-Z]*[a-zA-Z]', line[k:])
            if m:
                k += m.end()
                continue
            row.append((line[k], dim))
            k += 1
        out.append(row)
    return out


def cmd_ruler(cape, h, on):
    """With the ruler (on=1): the top paragraph's lines (the top line and
    those after it up to the next indented or blank line) have no dim
    text, every later line of text is dim all through; without it (on=0)
    nothing in the body is dim."""
    h = int(h)
    rows = cells(cape)[:h - 2]
    text = [''.join(c for c, _ in r).strip(' ') for r in rows]
    end = 1
    while end < len(text) and text[end] and not text[end].startswith(IDSP):
        end += 1
    bad = []
    for r, row in enumerate(rows):
        chars = [(c, d) for c, d in row if c not in ' ' + IDSP]
        if not chars:
            continue
        ndim = sum(d for _, d in chars)
        if on == '1' and r >= end and ndim != len(chars):
            bad.append('row %d (after the top paragraph, rows 0-%d): %d of '
                       '%d characters dim: %s' % (r, end - 1, ndim,
                                                  len(chars), text[r]))
        elif (on == '0' or r < end) and ndim:
            bad.append('row %d: %d characters dim: %s' % (r, ndim, text[r]))
    for b in bad:
        print(b)
    if on == '1' and end >= len(text):
        bad.append('no line after the top paragraph')
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(globals()['cmd_' + sys.argv[1]](*sys.argv[2:]))
EOF

find_python

# ---- panes ------------------------------------------------------------------
# run.sh NAME PROGRAM [ARG...]: what a pane runs.  It waits for a line (the
# Enter start() sends once every byte of the pane is being recorded), runs
# the program with its standard error into NAME.err, writes its exit
# status into NAME.status and on the screen, and leaves a shell behind.
cat >"$tmp/run.sh" <<'EOF'
p=$1
shift
stty -echo
read -r _go
stty echo
echo KANBAO-START
"$@" 2>"$p.err"
st=$?
echo "$st" >"$p.status"
echo "KANBAO-EXIT:$st"
exec env -u ENV PS1='kbsh$ ' /bin/sh
EOF

# start NAME W H STATE [ENV-ARG...] [-- ARG...]: a new session running
# kanbao with XDG_STATE_HOME=STATE (as it is: a folder kept from a former
# run, or none yet, or a file), LANG and LC_ALL C.UTF-8, TERM=$term, changed
# by the ENV-ARGs (as env(1) takes them).  Every byte the pane receives is
# recorded in $tmp/NAME.bytes.  S, W and H name the pane.
start() {
	S=$1 W=$2 H=$3 _state=$4
	shift 4
	rm -f "$tmp/$S.err" "$tmp/$S.status"
	: >"$tmp/$S.bytes"
	kanbao_session "$_state" "$tmp/$S" "$@"
	T pipe-pane -o -t "$S" "cat >>$(q "$tmp/$S.bytes")"
	# the shell waits once echo is off: then the Enter starts kanbao
	until_echo_off
	keys Enter
}

wait_message() {
	until_screen "message matching '$1'" message_matches "$1"
}

# chars N TEXT: the first N characters of TEXT (cut -c counts bytes).
chars() {
	printf '%s\n' "$2" | sed "s/^\\(.\\{$1\\}\\).*/\\1/"
}

# The body's top line: the text after the margin and the indent.
top_line() {
	py top "$tmp/cap" "$H"
}

top_changed() {
	[ "$(top_line)" != "$_was" ]
}

# starts_title ID: the body's top line is the start of article ID's title.
starts_title() {
	_t=$(top_line)
	[ -n "$_t" ] && case "$(sed -n "${1}p" "$list_file" | cut -f3)" in
		"$_t"*) return 0 ;;
	esac
	return 1
}

# scroll KEY: KEY in the body, and wait until its top line is another.
scroll() {
	_was=$(top_line)
	keys "$1"
	until_screen "the body scrolled by $1" top_changed
}

# The list rows as "ID MARK" (N unread, - read), one a line.
list_ids() {
	py ids "$tmp/cap" "$H"
}

# The IDs the list shows, on one line.
ids_shown() {
	list_ids | cut -d' ' -f1 | tr '\n' ' ' | sed 's/ $//'
}

# has_ids WANT: the list shows exactly the IDs WANT ("1 2 3"), in order.
has_ids() {
	[ "$(ids_shown)" = "$1" ]
}

exited() {
	grep -q '^KANBAO-EXIT:[0-9]*$' "$tmp/cap"
}

# quit: q, then kanbao has ended with status 0; the session is closed.
quit() {
	send_text q
	until_screen "exit of kanbao after q" exited &&
		check "q: kanbao exits with status 0" \
			test "$(cat "$tmp/$S.status" 2>/dev/null)" = 0
	stop
}

# state_files STATE: the state files kanbao keeps under XDG_STATE_HOME=STATE
# (one a corpus: kanbao/IDENTITY.state), one a line.
state_files() {
	for _f in "$1"/kanbao/*.state; do
		[ -f "$_f" ] && echo "$_f"
	done
}

# The bytes the pane received hold an OSC 52 clipboard write.
osc52_in() {
	grep -q -F "$(printf '\033]52;')" "$1"
}

# Empty tmux's paste buffers, then put SENTINEL in one.
buffers_reset() {
	while T delete-buffer 2>/dev/null; do :; done
	T set-buffer -- KANBAO-SENTINEL
}

# The newest paste buffer, into $tmp/buf.
buffer() {
	T show-buffer >"$tmp/buf" 2>/dev/null
	cat "$tmp/buf"
}

term=tmux-256color
infocmp $term >/dev/null 2>&1 || term=screen
list_file=$tmp/list
"$kanbao" --list >"$list_file" || { fail "kanbao --list"; exit 1; }
narticles=$(wc -l <"$list_file")
all_ids=$(cut -f1 "$list_file" | tr '\n' ' ' | sed 's/ $//')
# the article read, paged and bookmarked: the longest of the corpus
long=$("$kanbao" --list | cut -f1 | while read -r id; do
	printf '%s %s\n' "$("$kanbao" --print "$id" --width 0 | wc -c)" "$id"
done | sort -n | tail -n 1 | cut -d' ' -f2)
"$kanbao" --print "$long" --width 0 >"$tmp/print0"
long_date=$(sed -n "${long}p" "$list_file" | cut -f2)
start_server
T set-option -g status off
# OSC 52 from the program makes a paste buffer
T set-option -g set-clipboard on

echo "# kanbao: $kanbao (article $long, the longest, for paging)"
t0=$(now)

# ---- the place resumed ------------------------------------------------------
# Article $long opened, paged down twice, q; at another size the same
# article, the same text at the top; with --no-resume the list.
section "the place resumed"
state=$tmp/state/resume
start resume-80x24 80 24 "$state"
if wait_status "^ 1/$narticles articles "; then
	send_text "$long"
	keys Enter
	wait_status "^ $long/$narticles  $long_date  "
	scroll Space
	scroll Space
	noted=$(top_line)
	echo "    the top line after two pages: $noted"
	quit
	check "one state file is kept in \$XDG_STATE_HOME/kanbao" \
		test "$(state_files "$state" | wc -l)" = 1
	start resume-120x40 120 40 "$state"
	if wait_status "^ $long/$narticles  $long_date  "; then
		ok "$S: relaunched at 120x40: article $long is open"
		expect "the noted text ('$(chars 12 "$noted")…') \
starts on the top line" py anchor "$noted" "$tmp/cap" "$H"
		check "beside it the list has article $long read (no N), the \
others unread" test "$(list_ids | tr '\n' ' ')" = "$(cut -f1 "$list_file" |
			awk -v r="$long" '{ printf "%s %s ", $1, $1 == r ? "-" : "N" }')"
	fi
	quit
	start resume-no 80 24 "$state" -- --no-resume
	if wait_status "^ 1/$narticles articles "; then
		ok "$S: --no-resume: the list, article 1 selected"
		check "the status line counts the unread: $((narticles - 1))" \
			status_matches "^ 1/$narticles articles  $((narticles - 1)) unread "
		check "article $long's row has no N, the others have" test \
			"$(list_ids | grep -c ' N$')|$(list_ids | grep "^$long ")" = \
			"$((narticles - 1))|$long -"
	fi

	# ---- read marks -----------------------------------------------------
	section "read marks"
	if status_matches "^ 1/$narticles articles "; then
		keys u
		wait_message "^Article 1 marked read" &&
			check "u: article 1 read, its N gone, $((narticles - 2)) \
unread" test "$(list_ids | sed -n 1p)|$(status_row | grep -o \
				'[0-9]* unread')" = "1 -|$((narticles - 2)) unread"
		keys u
		wait_message "^Article 1 marked unread" &&
			check "u again: article 1 unread, its N back" test \
				"$(list_ids | sed -n 1p)|$(status_row | grep -o \
				'[0-9]* unread')" = "1 N|$((narticles - 1)) unread"
	fi
	quit
fi

# ---- each article's place ----------------------------------------------------
# Each article keeps where it was left, in a run and across runs, as less
# keeps a place for each file of its list (issue 12's habit): ] then [
# returns to it, and so does opening it from the list in the next run.
section "each article's place"
for size in 80x24 200x50; do
	W=${size%x*} H=${size#*x}
	state=$tmp/state/places-$size
	start "places-$size" "$W" "$H" "$state" -- --no-resume
	wait_status "^ 1/$narticles " || { stop; continue; }
	send_text "$long"
	keys Enter
	wait_status "^ $long/$narticles  $long_date  "
	scroll Space
	scroll Space
	left=$(top_line)
	if [ "$long" = "$narticles" ]; then back='[' fore=']' other=$((long - 1))
	else back=']' fore='[' other=$((long + 1)); fi
	send_text "$back"
	wait_status "^ $other/$narticles  " &&
		check "$back: article $other, at its start (its title on top)" \
			starts_title "$other"
	send_text "$fore"
	wait_status "^ $long/$narticles  " &&
		check "$fore: article $long again, where it was left" \
			test "$(top_line)" = "$left"
	quit
	start "places-again-$size" "$W" "$H" "$state" -- --no-resume
	wait_status "^ 1/$narticles " || { stop; continue; }
	send_text "$long"
	keys Enter
	wait_status "^ $long/$narticles  " &&
		check "the next run (--no-resume): article $long opens where \
it was left" test "$(top_line)" = "$left"
	quit
done

# ---- bookmarks --------------------------------------------------------------
section "bookmarks"
state=$tmp/state/bookmarks
start bookmarks 80 24 "$state"
if wait_status "^ 1/$narticles articles "; then
	send_text "$long"
	keys Enter
	wait_status "^ $long/$narticles  "
	scroll Space
	scroll Space
	marked=$(top_line)
	keys m
	wait_message "^Bookmarked \\(1 in all; ' lists them\\)" &&
		ok "$S: m: 'Bookmarked (1 in all; ' lists them)'"
	scroll g
	send_text "'"
	if wait_status "^ bookmark 1 of 1 .*Enter go  d delete  Esc back"; then
		words=$(chars 8 "$marked")
		title=$(chars 4 "$(sed -n "${long}p" "$list_file" | cut -f3)")
		check "': one row: article $long, its date, its title \
('$title…'), the words at the mark ('$words…')" test "$(grep -c . \
			"$tmp/cap")|$(row 0 | grep -c -F " $long  $long_date  \
$title")|$(row 0 | grep -c -F "$words")" = "2|1|1"
	fi
	keys Enter
	wait_status "^ $long/$narticles  " &&
		check "Enter: back in article $long, the marked line on top" \
			test "$(top_line)" = "$marked"
	quit
	start bookmarks-again 80 24 "$state" -- --no-resume
	wait_status "^ 1/$narticles articles "
	send_text "'"
	wait_status "^ bookmark 1 of 1 " &&
		check "relaunched: the bookmark is still there" \
			row_matches 0 "^ +$long  $long_date  "
	keys d
	wait_message "^Bookmark deleted: 0 left" &&
		ok "$S: d: 'Bookmark deleted: 0 left'"
	send_text "'"
	wait_message "^No bookmarks" && ok "$S: ' now says 'No bookmarks…'"
	quit
	start bookmarks-gone 80 24 "$state" -- --no-resume
	wait_status "^ 1/$narticles articles "
	send_text "'"
	wait_message "^No bookmarks" &&
		ok "$S: relaunched: the deleted bookmark stays deleted"
	quit
fi

# ---- bookmarks on the screen ------------------------------------------------
# A bookmarked line is marked » in the margin, and m bookmarks the top line
# unless a bookmark is there (issue 12, item 6): Enter, d, m, g, m made
# "Bookmark removed: 0 left".
section "bookmarks on the screen"
for size in 80x24 200x50; do
	W=${size%x*} H=${size#*x}
	half=$(((H - 2) / 2))
	start "marks-$size" "$W" "$H" "$tmp/state/marks-$size" -- --no-resume
	wait_status "^ 1/$narticles " || { stop; continue; }
	keys Enter
	wait_status "^ 1/$narticles  "
	scroll d
	keys m
	wait_message "^Bookmarked \\(1 in all" &&
		check "d, m: the top line marked » in the margin" \
			test "$(py marked "$tmp/cap" "$H")" = 0
	scroll g
	check "g: the mark half a page down ($half)" \
		test "$(py marked "$tmp/cap" "$H")" = "$half"
	keys m
	wait_message "^Bookmarked \\(2 in all" &&
		check "m at the top: a second bookmark, both marked" \
			test "$(py marked "$tmp/cap" "$H")" = "0 $half"
	keys m
	wait_message "^Bookmark removed: 1 left" &&
		check "m again: the top one removed, the other kept" \
			test "$(py marked "$tmp/cap" "$H")" = "$half"
	title=$(chars 6 "$(sed -n 1p "$list_file" | cut -f3)")
	send_text "'"
	wait_status "^ bookmark 1 of 1 " &&
		check "': the row shows article 1's title ('$title…')" \
			row_matches 0 "^ +1  $(sed -n 1p "$list_file" |
				cut -f2)  $title"
	keys Escape
	quit
done

# ---- two readers of one corpus ---------------------------------------------
# Two logins reading the same corpus at once (issue 12, item 23): each
# marks an article read and bookmarks it; B quits first, then A.  Neither
# loses what the other added: a third run sees both.
section "two readers of one corpus"
state=$tmp/state/two
start two-a 80 24 "$state" -- --no-resume
if wait_status "^ 1/$narticles articles "; then
	send_text 2
	keys Enter
	wait_status "^ 2/$narticles  " && keys m &&
		wait_message "^Bookmarked" && ok "$S: article 2 read, bookmarked"
	start two-b 80 24 "$state" -- --no-resume
	wait_status "^ 1/$narticles articles "
	send_text 3
	keys Enter
	wait_status "^ 3/$narticles  " && keys m &&
		wait_message "^Bookmarked" && ok "$S: article 3 read, bookmarked"
	quit
	S=two-a W=80 H=24
	quit
	start two-c 80 24 "$state" -- --no-resume
	if wait_status "^ 1/$narticles articles "; then
		check "a third run: articles 2 and 3 both read" test \
			"$(list_ids | sed -n 2,3p | tr '\n' ' ')" = "2 - 3 - "
		send_text "'"
		wait_status "^ bookmark 1 of 2 " &&
			ok "$S: both bookmarks kept (2 in all)"
		keys Escape
		wait_status "^ 1/$narticles articles "
	fi
	quit
fi

# ---- a corpus that grows a file a day ---------------------------------------
# A set of files keeps its state under its first file's name (state.h):
# the marks and bookmarks of the days before survive a day added at the
# end, and the first day read alone keeps what the set marked after it.
# The days: the bundled corpus's two raw files, a corpus file each
# (tests/set: articles 1-6 and 7-10).
section "a corpus that grows a file a day"
days=$tmp/days
state=$tmp/state/days
mkdir -p "$days"
cp "$KANBAO_SET/2022-03-01.kb" "$days/"
start days-1 80 24 "$state" -- --no-resume "$days"
if wait_status "^ 1/6 articles "; then
	send_text 2
	keys Enter
	wait_status "^ 2/6  " && keys m && wait_message "^Bookmarked" &&
		ok "$S: the first day: article 2 read, bookmarked"
	quit
	cp "$KANBAO_SET/2023-05-15.kb" "$days/"
	start days-2 80 24 "$state" -- --no-resume "$days"
	if wait_status "^ 1/10 articles "; then
		check "a day added: article 2 still read, the day's articles \
unread" test "$(list_ids | tr '\n' ' ')" = \
			"1 N 2 - 3 N 4 N 5 N 6 N 7 N 8 N 9 N 10 N "
		send_text "'"
		wait_status "^ bookmark 1 of 1 " &&
			check "... and its bookmark kept" row_matches 0 "^ +2  "
		keys Escape
		wait_status "^ 1/10 articles "
		send_text 8
		keys Enter
		wait_status "^ 8/10  " && ok "$S: article 8, of the day added, read"
	fi
	quit
	start days-first 80 24 "$state" -- --no-resume "$days/2022-03-01.kb"
	wait_status "^ 1/6 articles " &&
		check "the first day alone: article 2 read" \
			test "$(list_ids | sed -n 2p)" = "2 -"
	quit
	start days-3 80 24 "$state" -- --no-resume "$days"
	wait_status "^ 1/10 articles " &&
		check "the set again: article 8 still read, after a run of the \
first day alone" test "$(list_ids | sed -n '2p;8p' | tr '\n' ' ')" = "2 - 8 - "
	quit
	check "one state file for the set and its first day" \
		test "$(state_files "$state" | wc -l)" = 1
	# merged (kanbao-build --merge makes the bundled corpus of the two,
	# byte for byte: tests/cli.sh), the days removed: a new first file,
	# whose state is taken from the set it continues
	cp "$KANBAO_BUNDLED" "$days/2022-05.kb"
	rm "$days/2022-03-01.kb" "$days/2023-05-15.kb"
	start days-merged 80 24 "$state" -- --no-resume "$days"
	if wait_status "^ 1/10 articles "; then
		check "merged into one file: articles 2 and 8 still read" \
			test "$(list_ids | sed -n '2p;8p' | tr '\n' ' ')" = "2 - 8 - "
		send_text "'"
		wait_status "^ bookmark 1 of 1 " &&
			check "... and the bookmark kept" row_matches 0 "^ +2  "
		keys Escape
		wait_status "^ 1/10 articles "
	fi
	quit
	check "the merged file has a state file of its own" \
		test "$(state_files "$state" | wc -l)" = 2
fi

# ---- the filter bar and the order -------------------------------------------
section "the filter bar and the order"
start filter 80 24 "$tmp/state/filter"
if wait_status "^ 1/$narticles articles "; then
	send_text f
	prompt='Filter (title or 2023-05): '
	wait_message '^Filter \(title or 2023-05\): ?$' &&
		check "f: '$prompt' on the message row, the cursor after it" \
			test "$(pane_var cursor_flag) $(pane_var cursor_x)" = \
			"1 ${#prompt}"
	want=$(awk -F'\t' 'index($2, "2023-05") == 1 { print $1 }' "$list_file" |
		tr '\n' ' ' | sed 's/ $//')
	send_text 2023-05
	until_screen "the list narrowed to 2023-05" has_ids "$want" &&
		check "2023-05: the articles of --list dated 2023-05 ($want), \
'N/M of $narticles articles  filter 2023-05'" status_matches \
			"^ 1/$(echo "$want" | wc -w) of $narticles articles  filter 2023-05 "
	keys Escape
	until_screen "every article again" has_ids "$all_ids" &&
		check "Esc: all $narticles articles, the bar closed" \
			message_matches "^Listing all $narticles articles\$"
	word=全国
	want=$(awk -F'\t' -v w="$word" 'index($3, w) { print $1 }' \
		"$list_file" | tr '\n' ' ' | sed 's/ $//')
	send_text f
	wait_message '^Filter'
	send_text "$word"
	until_screen "the list narrowed to $word" has_ids "$want" &&
		ok "$S: $word: the articles with $word in the title ($want)"
	keys Enter
	until_screen "the bar closed" message_matches '^[^F]' &&
		check "Enter keeps the filter" has_ids "$want"
	send_text f
	wait_message '^Filter'
	keys Escape
	until_screen "every article again" has_ids "$all_ids" &&
		ok "$S: f, Esc: all $narticles articles again"
	newest=$(cut -f2 "$list_file" | sort -r | head -n 1)
	first=$(awk -F'\t' -v d="$newest" '$2 == d { print $1; exit }' \
		"$list_file")
	send_text o
	wait_status "newest first" &&
		check "o: newest first, article $first ($newest) on top" \
			row_matches 0 "^ N +$first  $newest  "
	send_text o
	wait_message "^In corpus order" &&
		check "o again: corpus order" has_ids "$all_ids"
	quit
fi
start filter-narrow 40 12 "$tmp/state/filter-narrow"
if wait_status "^ 1/$narticles articles "; then
	send_text f
	wait_message '^f: ?$' && ok "$S: at 40 columns the prompt is 'f: '"
	send_text 2023-05
	until_screen "the list narrowed" has_ids "$(awk -F'\t' \
		'index($2, "2023-05") == 1 { print $1 }' "$list_file" |
		tr '\n' ' ' | sed 's/ $//')" && ok "$S: and it narrows the list"
	keys Escape
	wait_message '^Listing all'
	quit
fi

# ---- copying ----------------------------------------------------------------
section "copying (OSC 52 into tmux's buffers)"
buffers_reset
start copy 80 24 "$tmp/state/copy"
if wait_status "^ 1/$narticles articles "; then
	send_text "$long"
	keys Enter
	wait_status "^ $long/$narticles  "
	scroll Space
	scroll j
	para=$(py para "$tmp/print0" "$(top_line)")
	send_text y
	if wait_message '^Copied the paragraph \([0-9]+ characters\)$'; then
		check "y: the buffer holds the paragraph at the top, as --print \
$long --width 0 has it" test "$(buffer)" = "$para"
		check "the message counts its characters" message_matches \
			"\\($("$python" -c 'import sys; print(len(sys.argv[1]))' \
			"$para") characters\\)"
	fi
	# a word with hits further on in this article: Enter goes to the
	# first after the reading place, in it
	query=北京
	send_text /
	send_text "$query"
	keys Enter
	wait_status "^ $long/$narticles  [0-9-]*  .*hit [0-9]+ of "
	send_text y
	if wait_message "^Copied the hit's sentence \\([0-9]+ characters\\)$"
	then
		buffer >/dev/null
		expect "/$query Enter y: the buffer holds one whole sentence \
with $query" py sentence "$tmp/print0" "$tmp/buf" "$query"
	fi
	hit=$(status_row | grep -o 'hit [0-9]*')
	keys n
	until_screen "the next hit" eval '! status_matches "$hit "'
	nbuf=$(T list-buffers | wc -l)
	send_text y
	until_screen "a new paste buffer" eval \
		'[ "$(T list-buffers | wc -l)" -gt "$nbuf" ]' &&
		buffer >/dev/null &&
		expect "n y: the next hit's sentence, a whole one with $query" \
			py sentence "$tmp/print0" "$tmp/buf" "$query"
	quit
	check "the pane received OSC 52 writes (ESC ] 52 ;)" \
		osc52_in "$tmp/$S.bytes"
fi
buffers_reset
start no-clipboard 80 24 "$tmp/state/no-clipboard" -- --no-clipboard
if wait_status "^ 1/$narticles articles "; then
	keys Enter
	wait_status "^ 1/$narticles  "
	send_text y
	wait_message '^Copying is off \(--no-clipboard\)$' &&
		ok "$S: y: 'Copying is off (--no-clipboard)'"
	send_text /
	send_text 残疾
	keys Enter
	wait_status "hit [0-9]+ of "
	send_text y
	wait_message '^Copying is off' &&
		ok "$S: y during a search: the same"
	check "the buffers are as they were (the sentinel alone)" test \
		"$(buffer)|$(T list-buffers | wc -l)" = "KANBAO-SENTINEL|1"
	quit
	if [ -s "$tmp/$S.bytes" ] && ! osc52_in "$tmp/$S.bytes"; then
		ok "$S: of $(wc -c <"$tmp/$S.bytes") bytes recorded, no ESC ] 52"
	else
		fail "$S: an OSC 52 write (or nothing) recorded with --no-clipboard"
	fi
fi

# ---- the reading ruler ------------------------------------------------------
section "the reading ruler"
start ruler 80 24 "$tmp/state/ruler"
if wait_status "^ 1/$narticles articles "; then
	send_text "$long"
	keys Enter
	wait_status "^ $long/$narticles  "
	scroll Space
	send_text r
	if wait_message '^Reading ruler on'; then
		T capture-pane -p -e -t "$S" >"$tmp/cape"
		expect "r: the top paragraph bright, every later line dim (SGR 2)" \
			py ruler "$tmp/cape" "$H" 1
	fi
	scroll j
	T capture-pane -p -e -t "$S" >"$tmp/cape"
	expect "j: the ruler follows the new top paragraph" \
		py ruler "$tmp/cape" "$H" 1
	send_text r
	if wait_message '^Reading ruler off'; then
		T capture-pane -p -e -t "$S" >"$tmp/cape"
		expect "r again: nothing dim" py ruler "$tmp/cape" "$H" 0
	fi
	quit
fi

# ---- a corrupt state file ---------------------------------------------------
# Garbage in the state file a run left: the next run starts fresh at the
# list and says so once, on the message row, what it means first (a
# narrow row cuts the file's name short).  240 columns: the whole line.
section "a corrupt state file"
state=$tmp/state/corrupt
start corrupt-first 80 24 "$state"
if wait_status "^ 1/$narticles articles "; then
	keys Enter
	wait_status "^ 1/$narticles  "
	quit
	file=$(state_files "$state" | head -n 1)
	if [ -n "$file" ]; then
		printf 'not a state file\n\001\002garbage\n' >"$file"
		cp "$file" "$tmp/garbage"
		start corrupt 240 24 "$state"
		if wait_message "set aside"; then
			check "article 1 at the top, the list with nothing read" \
				test "$(list_ids | grep -c ' N$')|$(status_row |
				grep -c '^ 1/')" = "$narticles|1"
			check "one warning on the message row, naming the file and \
'set aside'" test "$(grep -c -F "$file" "$tmp/cap")|$(message_row |
				grep -c -F "Reading state set aside, starting afresh: \
$file: line 1: not a kanbao state file; set aside as ${file##*/}.corrupt")" \
				= "1|1"
			check "the file was renamed to .corrupt, as it was" \
				cmp -s "$file.corrupt" "$tmp/garbage"
			keys j
			until_screen "the message gone after a key" \
				message_matches '^$' &&
				ok "$S: the next key clears the warning"
		fi
		quit
		check "nothing on stderr" test ! -s "$tmp/$S.err"
		check "a new state file was saved" \
			grep -q -x 'kanbao-state 1' "$file"
		# At 80 columns the warning wraps onto the rows above the
		# message row, the status line above them, so the new name
		# shows; it was cut in the bottom-right cell, which is never
		# written, without a "…" (issue 12, item 22).
		rm -f "$file.corrupt"
		printf 'not a state file\n' >"$file"
		start corrupt-80x24 80 24 "$state"
		if wait_message "\.corrupt\$"; then
			want="Reading state set aside, starting afresh: $file: \
line 1: not a kanbao state file; set aside as ${file##*/}.corrupt"
			joined=$(tail -n 8 "$tmp/cap" | tr -d ' \n')
			case $joined in
			*"$(printf %s "$want" | tr -d ' ')")
				ok "$S: the whole warning, wrapped on the last \
rows (spaces at the breaks aside)" ;;
			*) fail "$S: the warning is not whole on the last rows"
				sed 's/^/    |/' "$tmp/cap" ;;
			esac
			check "the status line stands above it" test \
				"$(grep -c "^ 1/$narticles articles" "$tmp/cap")" = 1
			keys j
			until_screen "the status line back in its row, the \
message gone" eval 'status_matches "^ 2/$narticles articles" &&
				message_matches "^\$"' &&
				ok "$S: the next key clears it, the list is whole"
		fi
		quit
	else
		fail "$S: no state file in $state/kanbao"
	fi
fi

# ---- a state that cannot be saved -------------------------------------------
# XDG_STATE_HOME a regular file: nothing can be made under it (chmod would
# not do, as root writes anyway).  The reader runs; the warning comes once
# the terminal is back, on stderr.
section "a state that cannot be saved"
echo 'a file, not a folder' >"$tmp/state-file"
start unsaved 80 24 "$tmp/state-file"
if wait_status "^ 1/$narticles articles "; then
	keys Enter
	wait_status "^ 1/$narticles  " && ok "$S: the reader runs"
	quit
	warning='^kanbao: warning: the reading place was not saved: '
	check "after q: one line on stderr, the warning" test \
		"$(wc -l <"$tmp/$S.err")|$(grep -c "$warning" "$tmp/$S.err")" = "1|1"
	sed 's/^/    stderr: /' "$tmp/$S.err"
fi

echo "# comforts: $passed passed, $failed failed, $(($(now) - t0)) s"
[ "$failed" -eq 0 ]
