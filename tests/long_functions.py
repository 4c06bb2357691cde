#!/usr/bin/env python3
"""No function in src/ is over 80 lines (issue 13), except the few listed
in ALLOWED, each for a reason given there.

A function is what the project's style writes: its signature, then its
body from a `{` in column 0 to the next `}` in column 0.  Its length is
its body's lines, both braces included, and its signature's line when
that is one line; a signature over several lines (a long list of
parameters) is not counted.  The signature starts at the nearest line
above the `{` that begins in column 0; the name is its first identifier
followed by `(`.

An entry in ALLOWED that is no longer over the limit fails too, so the
list can only shrink: remove the entry when the function is split.

usage: long_functions.py SRC_DIR
"""
import os
import re
import sys

LIMIT = 80

# file:function -> why it may be longer, for now.
ALLOWED = {
}

NAME = re.compile(r'([A-Za-z_]\w*)\s*\(')


def functions(path):
    """Yield (name, line, length) for each function in a C file, line
    being the number (from 1) of its `{`."""
    with open(path, encoding='utf-8') as f:
        lines = f.read().split('\n')
    open_at = None
    for i, line in enumerate(lines):
        if line.startswith('{'):
            open_at = i
        elif line.startswith('}') and open_at is not None:
            start = open_at - 1
            while start > 0 and lines[start][:1] in (' ', '\t'):
                start -= 1
            m = NAME.search(' '.join(lines[start:open_at]))
            name = m.group(1) if m else '?'
            one_line = start == open_at - 1
            yield name, open_at + 1, i - open_at + 1 + one_line
            open_at = None


def main():
    src = sys.argv[1]
    failed = 0
    seen = set()
    for folder, _, files in sorted(os.walk(src)):
        for file in sorted(files):
            if not file.endswith('.c'):
                continue
            path = os.path.join(folder, file)
            rel = os.path.relpath(path, src).replace(os.sep, '/')
            for name, at, length in functions(path):
                key = rel + ':' + name
                if length <= LIMIT:
                    continue
                if key in ALLOWED:
                    seen.add(key)
                    print('allowed: src/%s:%d: %s is %d lines: %s'
                          % (rel, at, name, length, ALLOWED[key]))
                    continue
                print('FAIL: src/%s:%d: %s is %d lines (limit %d)'
                      % (rel, at, name, length, LIMIT))
                failed = 1
    for key in sorted(set(ALLOWED) - seen):
        print('FAIL: %s is allowed over %d lines but is not (or is gone):'
              ' remove it from ALLOWED in tests/long_functions.py'
              % (key, LIMIT))
        failed = 1
    if not failed:
        print('ok - no function in %s over %d lines, %d allowed'
              % (src, LIMIT, len(ALLOWED)))
    return failed


if __name__ == '__main__':
    sys.exit(main())
