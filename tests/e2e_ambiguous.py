"""The reader on terminals that draw East Asian Ambiguous characters
(“ ” ‘ ’ … — ·) two columns wide, and on those that draw them one column
wide or never answer (issue 15).

Each terminal here is a pseudo-terminal whose far end is played by pyte,
a terminal emulator in Python (Debian's python3-pyte), with its width
function set as the terminal's: an Ambiguous character that would take one
column takes two on a wide terminal, as in xterm -cjk_width or PuTTY with
"treat CJK ambiguous characters as wide".  It answers the cursor position
request (ESC [ 6 n) from its own screen, as such a terminal does, or
late, or never.  kanbao runs in it as a reader would start it (TERM
xterm-256color, C.UTF-8, the bundled corpus, no state).

Checked:
- auto on a wide terminal: every row of several frames at 80x24 and
  40x12 (the list, the article's pages, the help) is what kbscript lays
  out with --ambiguous=wide, cell for cell, so no line runs past the edge
  and nothing wraps; and the article's rows are consecutive lines of
  `kanbao --print ID --width N --ambiguous=wide`;
- auto on a narrow terminal: the narrow layout, the same checks;
- a terminal that never answers: the first frame within the deadline
  (TERM_ASK_MS, 100 ms, with room for a loaded machine), narrow;
- an answer after the deadline: swallowed, not read as keys;
- keys typed before the answer are read, after it;
- --print and --version on a wide terminal follow its answer.

usage: e2e_ambiguous.py KANBAO KBSCRIPT
       e2e_ambiguous.py --time RUNS KANBAO [KANBAO_BEFORE]
                                    (start-up, medians)
Exit status 1 when a check fails."""
import fcntl
import os
import pty
import re
import select
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
import unicodedata

import pyte
import pyte.screens

NARROW_WIDTH = pyte.screens.wcwidth  # the emulator's own (wcwidth module)
ASK = b'\x1b[6n'


def wide_width(c):
    """A terminal that draws the Ambiguous characters two columns wide."""
    w = NARROW_WIDTH(c)
    return 2 if w == 1 and unicodedata.east_asian_width(c) == 'A' else w


class Stream(pyte.ByteStream):
    # REP (ESC [ n b), which ncurses uses on xterm and pyte 0.8 lacks
    csi = dict(pyte.ByteStream.csi, b='repeat_last')
    events = pyte.ByteStream.events | {'repeat_last'}


class Screen(pyte.Screen):
    """pyte's screen with REP, and the cursor position answered as the
    terminal's `answer` says: 'now', a delay in seconds, or None."""

    def __init__(self, w, h, term):
        super().__init__(w, h)
        self.term = term
        self.last = ' '

    def draw(self, data):
        super().draw(data)
        if data:
            self.last = data[-1]

    def repeat_last(self, count=1):
        super().draw(self.last * max(count, 1))

    def write_process_input(self, data):
        self.term.reply(data.encode())


class Term:
    """kanbao (argv) in a pseudo-terminal of w x h shown by pyte."""

    def __init__(self, argv, w, h, wide, answer='now', env=None,
                 before_answer=b'', below=True):
        self.wide, self.answer = wide, answer
        self.before_answer = before_answer
        self.asked = None  # when the request came (time.monotonic())
        self.pending = []  # (when, bytes): late answers
        self.screen = Screen(w, h, self)
        self.stream = Stream(self.screen)
        # the cursor mid-screen, below a shell's output (`below`), so that
        # an answer is not one of the function keys' sequences (ESC [ 1 ; 3
        # R is Alt-F3 to xterm)
        if below:
            self.stream.feed(b'$ kanbao\r\n' * (h // 2))
        self.start = time.monotonic()
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.execve(argv[0], argv, env)
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ,
                    struct.pack('HHHH', h, w, 0, 0))
        self.done = False

    def reply(self, data):
        if self.asked is None:
            self.asked = time.monotonic()
        if self.answer is None:
            return
        if self.before_answer:
            os.write(self.fd, self.before_answer)
        if self.answer == 'now':
            os.write(self.fd, data)
        else:
            self.pending.append((time.monotonic() + self.answer, data))

    def pump(self, seconds):
        """Read and show what kanbao writes for up to `seconds`."""
        end = time.monotonic() + seconds
        while not self.done:
            now = time.monotonic()
            for due in [p for p in self.pending if p[0] <= now]:
                os.write(self.fd, due[1])
                self.pending.remove(due)
            left = end - now
            if left <= 0:
                break
            r, _, _ = select.select([self.fd], [], [], min(left, 0.01))
            if not r:
                continue
            try:
                data = os.read(self.fd, 65536)
            except OSError:
                data = b''
            if not data:
                self.done = True
                break
            # the emulator's widths while it draws this terminal's output
            pyte.screens.wcwidth = wide_width if self.wide else NARROW_WIDTH
            try:
                self.stream.feed(data)
            finally:
                pyte.screens.wcwidth = NARROW_WIDTH

    def rows(self):
        pyte.screens.wcwidth = wide_width if self.wide else NARROW_WIDTH
        try:
            return [r.rstrip() for r in self.screen.display]
        finally:
            pyte.screens.wcwidth = NARROW_WIDTH

    def wait_for(self, want, seconds=10):
        """Pump until the screen's rows are `want` (a list) or satisfy it
        (a function); the rows either way."""
        end = time.monotonic() + seconds
        while time.monotonic() < end and not self.done:
            rows = self.rows()
            if (want(rows) if callable(want) else rows == want):
                return rows
            self.pump(0.02)
        return self.rows()

    def keys(self, data):
        os.write(self.fd, data)

    def close(self):
        if not self.done:
            try:
                os.write(self.fd, b'q')
            except OSError:
                pass
            self.pump(2)
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.waitpid(self.pid, 0)
        os.close(self.fd)


failures = 0


def ok(cond, what, detail=''):
    global failures
    if cond:
        print('ok: ' + what)
    else:
        failures += 1
        print('FAIL: ' + what)
        if detail:
            print(detail)


def diff(got, want):
    out = []
    for i in range(max(len(got), len(want))):
        g = got[i] if i < len(got) else '<none>'
        w = want[i] if i < len(want) else '<none>'
        if g != w:
            out.append('  row %d:\n    shown: %r\n    laid:  %r' % (i, g, w))
    return '\n'.join(out)


HEAD = re.compile(r'^--- (\S+): (\d+)x(\d+), (.*), (no cursor|cursor at .*)$')
ARTICLE = re.compile(r'the article \((\d+)\) in (\d+) columns')


def kbscript(kb, steps, env):
    """The dumps of a kbscript run of `steps`: {name: (what, rows)}."""
    with tempfile.NamedTemporaryFile('w', suffix='.keys') as f:
        f.write('\n'.join(steps) + '\n')
        f.flush()
        out = subprocess.run([kb, f.name], env=env, capture_output=True,
                             text=True, check=True).stdout
    dumps, name = {}, None
    for line in out.split('\n'):
        m = HEAD.match(line)
        if m:
            name = m.group(1)
            dumps[name] = (m.group(4), [])
        elif name and line.startswith('|'):
            dumps[name][1].append(line[1:].rstrip())
        elif not line.startswith('|'):
            name = None
    return dumps


def print_lines(kanbao, art, width, wide, env):
    argv = [kanbao, '--print', str(art), '--width', str(width),
            '--ambiguous=' + ('wide' if wide else 'narrow')]
    return subprocess.run(argv, env=env, capture_output=True, text=True,
                          check=True).stdout.split('\n')[:-1]


def check_article(kanbao, name, what, rows, wide, env):
    """The article's rows are consecutive lines of --print (each in the
    text column's margin)."""
    m = ARTICLE.search(what)
    if not m:
        return
    art, width = int(m.group(1)), int(m.group(2))
    w = len(rows[0]) if rows else 0
    lines = print_lines(kanbao, art, width, wide, env)
    margin = None
    body = []
    for r in rows[:-2]:  # above the status line and the message row
        if margin is None and r.strip():
            margin = len(r) - len(r.lstrip(' '))
        body.append(r[margin:] if margin and r[:margin].strip() == '' else r)
    while body and not body[-1]:
        body.pop()
    found = any(lines[i:i + len(body)] == body
                for i in range(len(lines) - len(body) + 1))
    ok(found, '%s: the article rows are %d consecutive lines of --print %d '
       '--width %d%s' % (name, len(body), art, width,
                          ' --ambiguous=wide' if wide else ''),
       '\n'.join('  ' + b for b in body))


def env_for(state):
    """The reader's environment: a state folder of its own under `state`,
    so that each start is a first run, as kbscript's."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith('KANBAO_AMBIGUOUS')}
    env.update(LANG='C.UTF-8', LC_ALL='C.UTF-8', TERM='xterm-256color',
               XDG_STATE_HOME=tempfile.mkdtemp(dir=state))
    return env


# The frames compared: name, the keys after the frame before as the
# terminal sends them, and as kbscript names them.
FRAMES = [
    ('list', None, []),
    ('page1', b'\r', ['keys Enter']),
    ('page2', b' ', ['keys Space']),
    ('page3', b' ', ['keys Space']),
    ('next', b']', ['keys ]']),
    ('help', b'\x1bOP', ['keys F1']),
    ('search', b'\x1b/\xe6\xae\x8b\xe7\x96\xbe\r',  # Esc / 残疾 Enter
     ['keys Escape /', 'text 残疾', 'keys Enter']),
    ('hits', b'\x12', ['keys C-r']),
]
SPLIT = FRAMES[:3]  # side by side: the list, the article beside it


def shown_rows(laid, w, width):
    """What the terminal can show of rows `laid`: all but the bottom-right
    cell, which term.c never writes (the terminal would scroll)."""
    rows = list(laid)
    if rows:
        last, cols = rows[-1], 0
        for i, c in enumerate(last):
            cols += width(c)
            if cols >= w:
                rows[-1] = last[:i].rstrip()
                break
    return rows


def frames(kanbao, kb, w, h, wide, env, state, frames_=FRAMES):
    """auto on a terminal that answers as it draws (wide or narrow): each
    frame as kbscript lays it out, and the article as --print."""
    what = '%s terminal, %dx%d' % ('wide' if wide else 'narrow', w, h)
    steps = ['start %d %d%s' % (w, h, ' --ambiguous=wide' if wide else '')]
    for name, _, keys in frames_:
        steps += keys + ['dump ' + name]
    want = kbscript(kb, steps, env)
    t = Term([kanbao, os.environ['KANBAO_BUNDLED']], w, h, wide,
             env=env_for(state))
    try:
        for name, key, _ in frames_:
            if key:
                t.keys(key)
            laid = shown_rows(want[name][1], w,
                              wide_width if wide else NARROW_WIDTH)
            shown = t.wait_for(laid)
            ok(shown == laid, '%s, %s: every row as laid out' % (what, name),
               diff(shown, laid))
            check_article(kanbao, '%s, %s' % (what, name), want[name][0],
                          shown, wide, env)
        ok(t.asked is not None, '%s: the terminal was asked' % what)
    finally:
        t.close()


def no_answer(kanbao, kb, env, state):
    """A terminal that never answers: narrow, within the deadline."""
    want = kbscript(kb, ['start 80 24', 'dump list'], env)['list'][1]
    t = Term([kanbao, os.environ['KANBAO_BUNDLED']], 80, 24, False,
             answer=None, env=env_for(state))
    try:
        shown = t.wait_for(want)
        took = time.monotonic() - t.start
        ok(t.asked is not None, 'no answer: the terminal was asked')
        ok(shown == want, 'no answer: the list laid out narrow',
           diff(shown, want))
        # the deadline is 100 ms; the rest is room for a loaded machine
        ok(took < 1.5, 'no answer: the first frame after %.0f ms' %
           (took * 1000))
    finally:
        t.close()


def late_answer(kanbao, kb, env, state):
    """An answer 500 ms late, the reader in an article by then, is
    swallowed: not read as Esc (back to the list) and the rest; the keys
    after it work."""
    d = kbscript(kb, ['start 80 24', 'dump list', 'keys Enter',
                      'dump page1', 'keys j', 'dump j'], env)
    want = {k: shown_rows(v[1], 80, NARROW_WIDTH) for k, v in d.items()}
    t = Term([kanbao, os.environ['KANBAO_BUNDLED']], 80, 24, False,
             answer=0.5, env=env_for(state))
    try:
        t.wait_for(want['list'])
        t.keys(b'\r')
        t.wait_for(want['page1'])
        t.pump(0.8)  # the answer comes, and whatever it would bring
        ok(not t.pending and t.asked, 'late answer: sent')
        shown = t.rows()
        ok(shown == want['page1'], 'late answer: swallowed, the article '
           'as it was', diff(shown, want['page1']))
        t.keys(b'j')
        shown = t.wait_for(want['j'])
        ok(shown == want['j'], 'late answer: the next key works',
           diff(shown, want['j']))
    finally:
        t.close()


def typed_ahead(kanbao, kb, env, state):
    """Keys typed before the terminal answers are read after it."""
    want = kbscript(kb, ['start 80 24 --ambiguous=wide', 'keys j j',
                         'dump jj'], env)['jj'][1]
    t = Term([kanbao, os.environ['KANBAO_BUNDLED']], 80, 24, True,
             env=env_for(state), before_answer=b'jj')
    try:
        shown = t.wait_for(want)
        ok(shown == want, 'keys typed before the answer: read, in order',
           diff(shown, want))
    finally:
        t.close()


def print_and_version(kanbao, env, state):
    """--print on a wide terminal: no line wider than --width, the lines
    of --ambiguous=wide; --version says so."""
    want = print_lines(kanbao, 1, 80, True, env)
    t = Term([kanbao, '--print', '1', os.environ['KANBAO_BUNDLED']], 80,
             len(want) + 2, True, env=env_for(state), below=False)
    try:
        t.pump(5)
        shown = t.rows()[:len(want)]
        ok(shown == want, '--print on a wide terminal: as --ambiguous=wide, '
           'nothing wrapped', diff(shown, want))
    finally:
        t.close()
    t = Term([kanbao, '--version'], 80, 5, True, env=env_for(state),
             below=False)
    try:
        t.pump(3)
        rows = t.rows()
        ok(rows[1] == '“ ” ‘ ’ … — · take 2 columns (auto: the terminal '
           'draws them wide)', '--version on a wide terminal says so, on '
           'one line', '\n'.join(rows))
    finally:
        t.close()


def first_frame_ms(argv, answer, state):
    """Milliseconds from the start to the read that brought the list's
    status line (each read looked at as it comes)."""
    t = Term(argv + [os.environ['KANBAO_BUNDLED']], 80, 24, False,
             answer=answer, env=env_for(state))
    try:
        while not t.done:
            t.pump(0.0005)
            if 'articles' in t.rows()[22]:
                return (time.monotonic() - t.start) * 1000
        return float('nan')
    finally:
        t.close()


def measure(runs, kanbao, before, state):
    """Start-up, alternated: `before` (a kanbao from before issue 15, or
    this one with --ambiguous=narrow: nothing asked), this one asking a
    terminal that answers at once, and one that never answers."""
    kinds = [('before', before, 'now'), ('auto, answered', [kanbao], 'now'),
             ('auto, no answer', [kanbao], None)]
    times = {k[0]: [] for k in kinds}
    for _ in range(runs):
        for name, argv, answer in kinds:
            times[name].append(first_frame_ms(argv, answer, state))
    print('first frame, ms, median (min-max) of %d runs:' % runs)
    for name, _, _ in kinds:
        t = times[name]
        print('  %-16s %7.2f (%.2f-%.2f)' % (name, statistics.median(t),
                                              min(t), max(t)))


def main():
    if sys.argv[1] == '--time':
        kanbao = sys.argv[3]
        before = sys.argv[4:5] or [kanbao, '--ambiguous=narrow']
        with tempfile.TemporaryDirectory() as state:
            measure(int(sys.argv[2]), kanbao, before, state)
        return 0
    kanbao, kb = sys.argv[1], sys.argv[2]
    env = dict(os.environ, LANG='C.UTF-8')
    with tempfile.TemporaryDirectory() as state:
        for w, h in ((80, 24), (40, 12)):
            frames(kanbao, kb, w, h, True, env, state)
        frames(kanbao, kb, 120, 30, True, env, state, SPLIT)
        frames(kanbao, kb, 80, 24, False, env, state)
        no_answer(kanbao, kb, env, state)
        late_answer(kanbao, kb, env, state)
        typed_ahead(kanbao, kb, env, state)
        print_and_version(kanbao, env, state)
    print('%d failed' % failures if failures else 'all passed')
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
