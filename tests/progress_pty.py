#!/usr/bin/env python3
"""The progress line of kanbao-build and kanbao --verify, on a terminal.

Each program runs on a pseudo-terminal of its own (its controlling
terminal, 80 columns unless said), and every byte it writes there is
read back.  A small model of the terminal (carriage return, line feed,
erase to the end of the line, printable text) gives the screen those
bytes leave, so "the line was cleared" and "no warning was written over
the line" are checked on what a person would see.

  - kanbao-build on a terminal draws the line (files, MB, articles), never
    wider than the terminal less a column, clears it before each warning
    and the summary, and leaves the screen as the same build with no line
    leaves it (its warnings, which the repeated seeds give by the hundred,
    and its summary); at 40 columns too;
  - with --quiet it writes nothing; with standard error a file, the file
    holds the warning and the summary alone, and the terminal nothing;
  - run in the background of a shell with job control, it draws nothing;
  - ended by SIGINT, SIGTERM or SIGHUP while the line is up, it leaves a
    blank line (the line cleared by the signal handler), ended by the
    signal;
  - kanbao --verify draws its line and leaves only its verdict; with
    standard error a file, nothing in it; ended by SIGINT, a blank line.

usage: progress_pty.py KANBAO_BUILD KANBAO SEED...
"""
import fcntl
import os
import re
import select
import signal
import struct
import subprocess
import sys
import tempfile
import termios
import time

build, kanbao = sys.argv[1:3]
seeds = sys.argv[3:]
failed = 0
# A drawing of the line: \r, its text, erase to the end of the line (a
# clearing is the same with no text).
DRAW = re.compile(rb'\r(?!\n)([^\r\n\x1b]+)\x1b\[K')


def ok(what):
    print('ok - ' + what)


def fail(what):
    global failed
    print('FAIL - ' + what)
    failed += 1


def check(cond, what, detail=''):
    if cond:
        ok(what)
    else:
        fail(what + (': ' + detail if detail else ''))


def screen(data, cols):
    """The lines a terminal `cols` wide shows after `data`: \\r to the
    first column, \\n to the next line, ESC [ K erases to the end of the
    line, anything else printable is written over what is there (a line
    longer than the terminal wraps)."""
    lines, row, col = [[]], 0, 0
    text = data.decode('utf-8', 'replace')
    i = 0
    while i < len(text):
        c = text[i]
        if text.startswith('\x1b[K', i):
            del lines[row][col:]
            i += 3
            continue
        if c == '\r':
            col = 0
        elif c == '\n':
            row += 1
            if row == len(lines):
                lines.append([])
        elif c == '\x1b':
            lines[row].append('<ESC>')  # nothing else is expected
            col += 1
        else:
            if col == cols:  # wrap, as the terminal would
                row, col = row + 1, 0
                if row == len(lines):
                    lines.append([])
            line = lines[row]
            line.extend(' ' * (col - len(line)))
            if col < len(line):
                line[col] = c
            else:
                line.append(c)
            col += 1
        i += 1
    return [''.join(line).rstrip() for line in lines]


def spawn(argv, cols=80, stderr_file=None, shell=False):
    """Start argv on a new pseudo-terminal, its controlling terminal, as
    the leader of its session and so in the foreground.  Returns the
    process and the master side."""
    master, slave = os.openpty()
    fcntl.ioctl(master, termios.TIOCSWINSZ,
                struct.pack('HHHH', 24, cols, 0, 0))

    def take_terminal():
        fcntl.ioctl(0, termios.TIOCSCTTY, 0)

    p = subprocess.Popen(argv, stdin=slave, stdout=slave,
                         stderr=stderr_file if stderr_file else slave,
                         start_new_session=True, preexec_fn=take_terminal)
    os.close(slave)
    return p, master


def read_some(master, timeout):
    """What the master side has within `timeout` seconds; None at the
    end (every slave side closed)."""
    r, _, _ = select.select([master], [], [], timeout)
    if not r:
        return b''
    try:
        return os.read(master, 65536)
    except OSError:  # EIO: the program and its children are gone
        return None


def finish(p, master, got=b''):
    """Everything the program writes until it ends, and its status."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        d = read_some(master, 1)
        if d is None:
            break
        got += d
    os.close(master)
    return got, p.wait(timeout=60)


def run(argv, **kw):
    p, master = spawn(argv, **kw)
    return finish(p, master)


def draws(out):
    return [m.group(1).decode() for m in DRAW.finditer(out)]


def signalled(argv, sig, label):
    """Run argv; at its first drawing of the line stop it, send `sig`,
    and let it go on: it ends by the signal with its line cleared."""
    p, master = spawn(argv)
    got = b''
    deadline = time.monotonic() + 60
    while not DRAW.search(got) and time.monotonic() < deadline:
        d = read_some(master, 1)
        if d is None:
            break
        got += d
    if DRAW.search(got):
        # stopped at once, so that the work is surely under way when the
        # signal comes, however fast this machine
        p.send_signal(signal.SIGSTOP)
        p.send_signal(sig)
        p.send_signal(signal.SIGCONT)
    got, status = finish(p, master, got)
    name = signal.Signals(sig).name
    shown = [x for x in screen(got, 80) if x]
    if not draws(got):
        fail('%s: %s: the line was never drawn' % (label, name))
    elif status != -sig:
        fail('%s: %s while the line was up: exit status %d, not the '
             'signal' % (label, name, status))
    else:
        check(shown == [], '%s: %s while the line was up: the line '
              'cleared, the screen blank' % (label, name), repr(shown))


with tempfile.TemporaryDirectory() as d:
    # Raw text to build: four files of about 2 MB (the seeds repeated:
    # warnings by the hundred, headlines the repeats lack), and an empty
    # one in the middle.
    raws = []
    for k in range(4):
        text = open(seeds[k % len(seeds)], 'rb').read()
        path = os.path.join(d, 'day%d.txt' % k)
        with open(path, 'wb') as f:
            f.write(text * (2_000_000 // len(text) + 1))
        raws.append(path)
    empty = os.path.join(d, 'empty.txt')
    open(empty, 'wb').close()
    raws.insert(2, empty)
    out = os.path.join(d, 'out.kb')

    # What the build writes with no line: its warnings and summary, as a
    # terminal would show them (a newline is \r\n on it).
    with open(os.path.join(d, 'err'), 'w+b') as err:
        got, status = run([build, '-o', out] + raws, stderr_file=err)
        err.seek(0)
        plain = err.read()
    check(status == 0 and got == b'',
          'standard error a file: nothing on the terminal', repr(got[:200]))
    check(b'\r' not in plain and b'\x1b' not in plain and
          re.search(rb'\nkanbao-build: wrote .*out\.kb: \d+ articles from 5 '
                    rb'files, \d+ warnings\n$', plain) and
          ('%s: no articles' % empty).encode() in plain,
          'standard error a file: the warnings and the summary alone',
          repr(plain[-300:]))

    # ---- kanbao-build on a terminal ----
    for cols in (80, 40):
        got, status = run([build, '-o', out] + raws, cols=cols)
        lines = draws(got)
        check(status == 0, '%d columns: the build succeeds' % cols,
              'exit %d' % status)
        check(lines and lines[0].startswith('kanbao-build: '),
              '%d columns: the line is drawn (%d times)' % (cols,
                                                          len(lines)),
              repr(got[:200]))
        if cols == 80:
            check(any(re.search(r'\d+/5 files, [\d.,]+/[\d.,]+ MB, '
                                r'[\d,]+ articles', x) for x in lines),
                  'the line counts files, MB and articles',
                  repr(lines))
        wide = [x for x in lines if len(x) > cols - 1]
        check(not wide, '%d columns: no line wider than %d' %
              (cols, cols - 1), repr(wide))
        # each warning and the summary start on a cleared line
        messy = []
        for m in re.finditer(rb'kanbao-build: (warning|wrote)', got):
            drawn = [x.end() for x in DRAW.finditer(got, 0, m.start())]
            if drawn and b'\r\x1b[K' not in got[drawn[-1]:m.start()]:
                messy.append(got[m.start():m.start() + 60])
        check(not messy, '%d columns: the line cleared before each of '
              'the %d messages' % (cols, got.count(b'kanbao-build: w')),
              repr(messy[:3]))
        want = screen(plain.replace(b'\n', b'\r\n'), cols)
        shown = screen(got, cols)
        check(shown == want, '%d columns: the screen at the end as '
              'without the line (%d rows)' % (cols, len(want)),
              repr([x for x in shown if x not in want][:3]))

    # ---- no line: --quiet, the background ----
    got, status = run([build, '-q', '-o', out] + raws)
    check(status == 0 and got == b'',
          '--quiet: nothing written to the terminal', repr(got[:200]))
    got, status = run(['sh', '-c', 'set -m; "$@" & wait $!', 'sh', build,
                       '-o', out] + raws)
    check(status == 0 and not draws(got) and b'wrote' in got,
          'in the background of a shell with job control: no line',
          repr(got[:300]))

    # ---- kanbao --verify ----
    verdict = subprocess.run([kanbao, '--verify', out], check=True,
                             stdout=subprocess.PIPE).stdout
    got, status = run([kanbao, '--verify', out])
    lines = draws(got)
    check(status == 0 and lines and
          re.fullmatch(r'kanbao --verify: \d+% of [\d.,]+ MB, \d+:\d\d '
                       r'elapsed', lines[0]),
          '--verify: the line is drawn (%d times)' % len(lines),
          repr(got[:200]))
    check(screen(got, 80) == screen(verdict.replace(b'\n', b'\r\n'), 80),
          '--verify: only the verdict left on the screen',
          repr(screen(got, 80)))
    with open(os.path.join(d, 'err'), 'w+b') as err:
        got, status = run([kanbao, '--verify', out], stderr_file=err)
        err.seek(0)
        logged = err.read()
    check(status == 0 and logged == b'' and b'\x1b' not in got,
          '--verify, standard error a file: nothing in it',
          repr((logged, got)))

    # ---- ended by a signal ----
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signalled([build, '-o', os.path.join(d, 'sig.kb')] + raws, sig,
                  'kanbao-build')
    check(not [n for n in os.listdir(d) if n.startswith('sig.kb')],
          'kanbao-build: no corpus or temporary file left by the signals')
    signalled([kanbao, '--verify', out], signal.SIGINT, '--verify')

sys.exit(1 if failed else 0)
