# Sourced by the scripts that drive programs in tmux (tests/e2e_tmux.sh,
# tests/e2e_ssh.sh, tests/bench/bytes.sh): our own tmux server and the
# pane of the moment.  The caller sets sock (the server's socket name), tmp
# (a scratch folder), S (the session), W and H (its size); it counts
# passed and failed checks.

# Our own server, on our own socket, without the user's configuration.
T() {
	tmux -L "$sock" -f /dev/null "$@"
}

# Start our server with a session that outlives the tests' own, so it
# stays up between them (a new session right after the last one ended
# could meet a server on its way out).
start_server() {
	T new-session -d -s keeper -x 20 -y 5 cat </dev/null
	T set-option -g exit-empty off
}

# A shell word for any string.
q() {
	printf "'%s'" "$(printf %s "$1" | sed "s/'/'\\\\''/g")"
}

now() {
	date +%s
}

ok() {
	passed=$((passed + 1))
	echo "ok - $*"
}

fail() {
	failed=$((failed + 1))
	echo "FAIL - $*"
}

# The last capture, for a failure report.
show() {
	echo "    the pane (${W}x$H):"
	sed 's/^/    |/' "$tmp/cap"
}

capture() {
	T capture-pane -p -t "$S" >"$tmp/cap" 2>/dev/null
}

keys() {
	T send-keys -t "$S" "$@"
}

# Literal characters, never taken for key names.
send_text() {
	T send-keys -t "$S" -l "$1"
}

resize() {
	W=$1 H=$2
	T resize-window -t "$S" -x "$W" -y "$H"
}

pane_var() {
	T display -p -t "$S" "#{$1}"
}

# Checks on the last capture.
has() {
	grep -F -q -e "$1" "$tmp/cap"
}

lacks() {
	! grep -F -q -e "$1" "$tmp/cap"
}

row() {
	sed -n "$(($1 + 1))p" "$tmp/cap"
}

changed() {
	! cmp -s "$tmp/cap" "$tmp/before"
}

# Capture until the pane stands still (two captures 50 ms apart alike), for
# at most 3 s: what was waited for may be drawn in more than one write.
until_still() {
	_end=$(($(now) + 3))
	while :; do
		cp "$tmp/cap" "$tmp/still"
		sleep 0.05
		capture
		cmp -s "$tmp/cap" "$tmp/still" && break
		[ "$(now)" -ge "$_end" ] && break
	done
}
