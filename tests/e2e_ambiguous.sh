#!/bin/sh
# The reader on terminals that draw “ ” ‘ ’ … — · two columns wide, on
# narrow ones and on one that never answers (issue 15): e2e_ambiguous.py,
# run by a Python that has pyte (Debian's python3-pyte, which
# /usr/bin/python3 has when the python3 first on the PATH is another).
# Skipped (status 77) without it.
#
# usage: e2e_ambiguous.sh KANBAO KBSCRIPT
for py in python3 /usr/bin/python3; do
	if "$py" -c 'import pyte' 2>/dev/null; then
		exec "$py" "$(dirname "$0")/e2e_ambiguous.py" "$@"
	fi
done
echo "skip: no python3 with pyte (Debian: apt-get install python3-pyte)"
exit 77
