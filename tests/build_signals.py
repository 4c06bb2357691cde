#!/usr/bin/env python3
"""kanbao-build ended by a signal while it writes: the corpus file it
replaces is untouched, and its temporary file is gone.

The builder writes beside the target (FILE.XXXXXX) and renames at the end.
This waits for the temporary file to appear, sends the signal at once,
and checks what is left.  The input is a seed repeated to about 3 MB, so
the write takes long enough to be caught in the act.

usage: build_signals.py KANBAO_BUILD KANBAO SEED
"""
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time

build, kanbao, seed = sys.argv[1:4]
failed = 0


def ok(what):
    print('ok - ' + what)


def fail(what):
    global failed
    print('FAIL - ' + what)
    failed += 1


def no_core():
    """SIGQUIT's default dumps core: not here."""
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


with tempfile.TemporaryDirectory() as d:
    text = open(seed, 'rb').read()
    raw = os.path.join(d, 'big.txt')
    with open(raw, 'wb') as f:
        for _ in range(3_000_000 // len(text) + 1):
            f.write(text)
    out = os.path.join(d, 'out.kb')
    # the file a build would replace: a sound corpus of the seed alone
    subprocess.run([build, '-q', '-o', out, seed], check=True)
    old = open(out, 'rb').read()

    for sig in (signal.SIGHUP, signal.SIGINT, signal.SIGTERM,
                signal.SIGQUIT):
        name = signal.Signals(sig).name
        p = subprocess.Popen([build, '-q', '-o', out, raw],
                             stderr=subprocess.PIPE, preexec_fn=no_core)
        caught = None
        deadline = time.monotonic() + 120
        while p.poll() is None and time.monotonic() < deadline:
            tmps = [n for n in os.listdir(d) if n.startswith('out.kb.')]
            if tmps:
                p.send_signal(sig)
                caught = tmps[0]
                break
        p.wait()
        p.stderr.close()
        left = sorted(n for n in os.listdir(d) if n.startswith('out.kb.'))
        if caught is None:
            fail('%s: the temporary file was never seen (exit %d)'
                 % (name, p.returncode))
            continue
        if p.returncode != -sig:
            fail('%s: ended with status %d, not by the signal'
                 % (name, p.returncode))
        elif left:
            fail('%s: sent while %s was written: left behind: %s'
                 % (name, caught, ' '.join(left)))
        elif open(out, 'rb').read() != old:
            fail('%s: the old corpus file was changed' % name)
        else:
            ok('%s while writing %s: ended by it, the old corpus intact, '
               'no temporary file left' % (name, caught))
        for n in left:
            os.unlink(os.path.join(d, n))

    # and the old file still reads
    r = subprocess.run([kanbao, '--verify', out], capture_output=True)
    if r.returncode == 0:
        ok('the old corpus still verifies')
    else:
        fail('the old corpus no longer verifies: %s' % r.stderr.decode())

    # ignored signals stay ignored (nohup): the build completes
    p = subprocess.Popen([build, '-q', '-o', out, raw],
                         preexec_fn=lambda: signal.signal(signal.SIGHUP,
                                                          signal.SIG_IGN))
    deadline = time.monotonic() + 120
    sent = False
    while p.poll() is None and time.monotonic() < deadline:
        if any(n.startswith('out.kb.') for n in os.listdir(d)):
            p.send_signal(signal.SIGHUP)
            sent = True
            break
    p.wait()
    if sent and p.returncode == 0 and open(out, 'rb').read() != old:
        ok('SIGHUP under nohup: ignored, the new corpus written')
    else:
        fail('SIGHUP under nohup: sent %s, exit %d' % (sent, p.returncode))

sys.exit(1 if failed else 0)
