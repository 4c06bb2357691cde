"""What every screen of a kbscript transcript must be, whatever its golden
file says (tests/screens.sh runs this on each transcript it makes, so a
golden file written again after a change is checked too):

- as many rows as the screen has, none wider than the screen, with the
  widths Python's unicodedata gives (East Asian Wide and Fullwidth 2,
  Ambiguous 1, marks 0): a second opinion on the program's width function;
- an article shown (alone, or beside the list): its rows in one margin,
  within the text column the heading names, none starting with a
  character a line must not start with (避头), and a run of consecutive
  lines of `kanbao --print ID --width N` (so paging skips or repeats
  nothing);
- the list: each row ' M ID  DATE  [HITS ]TITLE', as `kanbao --list` has
  the article, the title whole or clipped with … within the list's width
  less one column;
- a status line ending in its key hints or percentage ends one column
  from the right edge;
- the help dumps of one size together show every line of `kanbao --keys`.

usage: screens_check.py KANBAO TRANSCRIPT...
Each problem is printed with the dump it is in, then how many screens of
each kind were checked; the exit status is 1 if there is any problem.
Dumps of some rows only ("part") are not checked."""
import re
import subprocess
import sys
import unicodedata

SEP = '\u2502'  # between the list and the article
IDSP = '\u3000'  # the paragraph indent
NO_START = set('。，、；：？！）》」』】〕”’％…·')
HEAD = re.compile(r'^--- (.*): (\d+)x(\d+), (.*), (no cursor|cursor at '
                  r'\d+,\d+)$')
ARTICLE = re.compile(r'^(the article|list and article) \((\d+)\) in (\d+) '
                     r'columns$')


def cw(c):
    if unicodedata.combining(c) or unicodedata.category(c) in ('Mn', 'Me',
                                                               'Cf'):
        return 0
    return 2 if unicodedata.east_asian_width(c) in ('W', 'F') else 1


def width(s):
    return sum(cw(c) for c in s)


def from_col(s, col):
    x = 0
    for i, c in enumerate(s):
        if x >= col:
            return s[i:]
        x += cw(c)
    return ''


class Kanbao:
    """kanbao's --list, --keys and --print, each asked once."""

    def __init__(self, path):
        self.path = path
        self.prints = {}
        self.arts = []
        for line in self.run('--list').split('\n'):
            if line:
                i, date, title = line.split('\t', 2)
                self.arts.append((int(i), date, title))
        self.keys = [' '.join(k.split())
                     for k in self.run('--keys').split('\n') if k.strip()]

    def run(self, *args):
        return subprocess.run([self.path] + list(args), check=True,
                              capture_output=True).stdout.decode()

    def print_lines(self, art, w):
        if (art, w) not in self.prints:
            out = self.run('--print', str(art), '--width', str(w))
            self.prints[art, w] = [t.rstrip(' ') for t in
                                   out.rstrip('\n').split('\n')]
        return self.prints[art, w]


def dumps(path):
    """Each dump of the transcript: (name, w, h, what, rows or None when
    only some rows are shown)."""
    out, cur = [], None
    for line in open(path, encoding='utf-8'):
        line = line.rstrip('\n')
        m = HEAD.match(line)
        if m:
            cur = [m.group(1), int(m.group(2)), int(m.group(3)),
                   m.group(4), []]
            out.append(cur)
        elif line.startswith('--- ') or not line.startswith(('|', ' ')) \
                and not line[:1].isdigit():
            cur = None  # attributes, a step, an event: not rows
        elif cur is not None:
            head, _, text = line.partition('|')
            if head.strip():
                cur[4] = None  # some rows only
                cur = None
            else:
                cur[4].append(text)
    return out


def panes(rows, h, split):
    """The list's rows and the article's rows of a screen (rows 0..h-3),
    and problems with the separator."""
    top = rows[:max(h - 2, 0)]
    if not split:
        return top, top, None, []
    i = top[0].find(SEP) if top else -1
    col = width(top[0][:i]) if i >= 0 else None
    if col is None:
        return top, top, None, ['no separator: the screen is not split']
    bad, lst, body = [], [], []
    for r, line in enumerate(top):
        i = line.find(SEP)
        if i < 0 or width(line[:i]) != col:
            bad.append('row %d: the separator is not in column %d: %r'
                       % (r, col, line))
        lst.append(line[:i] if i >= 0 else line)
        body.append(from_col(line, col + 1))
    return lst, body, col, bad


def body_problems(body, maxw, kb, art):
    lead = [len(t) - len(t.lstrip(' ')) for t in body if t.strip(' ')]
    m = min(lead) if lead else 0
    bad = ['row %d: margin %d, others %d: %r' % (r, len(t) - len(
        t.lstrip(' ')), m, t) for r, t in enumerate(body)
           if t.strip(' ') and len(t) - len(t.lstrip(' ')) != m]
    text = [t[m:].rstrip(' ') for t in body]
    for r, t in enumerate(text):
        if width(t) > maxw:
            bad.append('row %d: %d columns of text, the column is %d: %r'
                       % (r, width(t), maxw, t))
        # a paragraph may begin so (a "……" of omission): its wrapped
        # lines may not
        if t and t[0] != IDSP and t[0] in NO_START:
            bad.append('row %d starts with %s: %r' % (r, t[0], t))
    want = kb.print_lines(art, maxw)
    pad = want + [''] * len(text)
    if not any(pad[k:k + len(text)] == text for k in range(len(want))):
        bad.append('the article is not a run of lines of kanbao --print '
                   '%d --width %d' % (art, maxw))
    return bad


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


def list_problems(rows, lw, kb):
    """Each row: ' M ID  DATE  [COUNT ]TITLE'; where the title would keep
    fewer than 16 columns the date is left out, then the ID (issue 12,
    item 13); a search's hit counts right-aligned (item 16)."""
    n, d = len(kb.arts), len(str(len(kb.arts)))
    room = lw - 1 - 3  # the title's, with nothing but the N before it
    show_date = room - (d + 2 + 12) >= 16
    show_id = show_date or room - (d + 2) >= 16
    bad = []
    want = None
    for r, line in enumerate(rows):
        line = line.rstrip(' ')
        if not line:
            continue
        if show_id:
            m = re.match(r' [N ] +(\d+)(  |$)', line)
            i = int(m.group(1)) if m else None
        else:  # by its title: the first row's, or the next
            m = re.match(r' [N ] ', line)
            i = want or next((k + 1 for k, a in enumerate(kb.arts)
                              if line[3:].rstrip('…') and
                              a[2].startswith(line[3:].rstrip('…'))), 0)
        if not m or not i or not 1 <= i <= n:
            bad.append('row %d is not an article row: %r' % (r, line))
            continue
        want = i + 1
        _, date, title = kb.arts[i - 1]
        pre = ' ' + line[1] + ' ' + \
            (str(i).rjust(d) + '  ' if show_id else '') + \
            ((date or ' ' * 10) + '  ' if show_date else '')
        if not line.startswith(pre):
            bad.append('row %d: %r does not start %r' % (r, line, pre))
            continue
        if width(line) > lw - 1:
            bad.append('row %d: %d columns in a list %d wide (the last is '
                       'kept blank): %r' % (r, width(line), lw, line))
        rest = line[len(pre):]
        count = re.match(r'( *\d+ | +)', rest)  # the hits' count, padded
        if count:
            pre, rest = pre + count.group(1), rest[len(count.group(1)):]
        if rest != title and not clipped(pre, rest, title, lw):
            bad.append('row %d: %r is neither the title %r nor the title '
                       'clipped with …' % (r, rest, title))
    return bad


def status_problems(rows, w, h):
    s = rows[h - 2].rstrip(' ') if len(rows) >= h >= 2 else ''
    if re.search(r'(q quit|(\?|F1) help|[0-9]+%)$', s) and \
            width(s) != w - 1:
        return ['the status line ends at column %d, not %d: %r'
                % (width(s), w - 1, s)]
    return []


def help_windows(rows):
    """The help box's inner rows, joined, as words."""
    inner = []
    for t in rows:
        a = t.find('│')
        b = t.find('│', a + 1)
        if a >= 0 and b > a:
            inner.append(' '.join(t[a + 1:b].split()))
    return ' '.join(inner)


SEEN = {}  # kind of screen: how many checked


def check(path, kb):
    bad = 0
    helps = {}
    for name, w, h, what, rows in dumps(path):
        kind = 'part' if rows is None else ARTICLE.sub(r'\1', what)
        SEEN[kind] = SEEN.get(kind, 0) + 1
        if rows is None:
            continue
        out = []
        if len(rows) != h:
            out.append('%d rows on a screen %d high' % (len(rows), h))
        out += ['row %d is %d columns wide, the screen %d: %r'
                % (r, width(t), w, t) for r, t in enumerate(rows)
                if width(t) > w]
        m = ARTICLE.match(what)
        if m or what == 'the list':
            split = bool(m) and m.group(1) == 'list and article'
            lst, body, col, sep = panes(rows, h, split)
            out += sep
            if what == 'the list' or split:
                out += list_problems(lst, col or w, kb)
            if m and not sep:
                out += body_problems(body, int(m.group(3)), kb,
                                     int(m.group(2)))
            out += status_problems(rows, w, h)
        if what == 'the help':
            helps.setdefault((w, h), []).append(help_windows(rows))
        if out:
            bad += 1
            print('%s: %s (%dx%d, %s):' % (path, name, w, h, what))
            for o in out:
                print('    ' + o)
            for t in rows:
                print('    |' + t)
    for (w, h), shown in helps.items():
        for k in kb.keys:
            if not any(k in s for s in shown):
                print('%s: the help at %dx%d never shows %r' % (path, w, h,
                                                               k))
                bad += 1
    return bad


def main(argv):
    kb = Kanbao(argv[1])
    bad = sum(check(p, kb) for p in argv[2:])
    print('# screens checked: ' + ', '.join('%d %s' % (n, k) for k, n in
                                            sorted(SEEN.items())))
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
