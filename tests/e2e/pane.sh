# Sourced by the scripts that drive programs in tmux (tests/e2e_tmux.sh,
# tests/e2e_comforts.sh, tests/e2e_ssh.sh, tests/bench/bytes.sh): our own
# tmux server and the pane of the moment.  The end-to-end tests set
# themselves up with take_kanbao and pane_setup below; bytes.sh sets sock
# (the server's socket name) and tmp (a scratch folder) itself.  The caller
# sets S (the session), W and H (its size) and, for section, t0 (when the
# run began); the checks count passed and failed.

# ---- setting up an end-to-end test -----------------------------------------
# take_kanbao ARG...: kanbao, the program under test, from the one argument
# (made absolute, for the panes' shells); usage or a program that is not
# executable: exit 2.
take_kanbao() {
	[ $# -eq 1 ] || { echo "usage: $0 KANBAO" >&2; exit 2; }
	case $1 in /*) kanbao=$1 ;; *) kanbao=$PWD/$1 ;; esac
	[ -x "$kanbao" ] ||
		{ echo "$0: '$kanbao' is not executable" >&2; exit 2; }
}

# need TOOL...: exit 77 (skipped) when a TOOL is not installed.
need() {
	for _tool; do
		if ! command -v "$_tool" >/dev/null 2>&1; then
			echo "SKIP: $_tool is not installed"
			exit 77
		fi
	done
}

# pane_setup NAME SECONDS [VARIABLE...]: the environment of a test: none of
# the caller's tmux, NO_COLOR, corpus, shell start-up file (ENV) or
# VARIABLEs; the C.UTF-8 locale; SHELL, the server's default-shell, which
# runs each session's command; sanitizers that stop at the first finding
# (unless the environment sets their options).  Sets limit (seconds to wait for
# one screen: KANBAO_E2E_TIMEOUT, default SECONDS), sock (kanbao-NAME-PID),
# tmp (a new scratch folder), sockpath (empty: start_server sets it) and
# the counts; the exit, however it comes (a signal, output into a closed
# pipe as with | head), runs the caller's cleanup.
pane_setup() {
	_name=$1
	limit=${KANBAO_E2E_TIMEOUT:-$2}
	shift 2
	unset TMUX TMUX_PANE NO_COLOR KANBAO_CORPUS ENV "$@"
	export LANG=C.UTF-8 LC_ALL=C.UTF-8 SHELL=/bin/sh
	: "${ASAN_OPTIONS:=detect_leaks=1:abort_on_error=1}"
	: "${UBSAN_OPTIONS:=halt_on_error=1:print_stacktrace=1}"
	export ASAN_OPTIONS UBSAN_OPTIONS
	sock=kanbao-$_name-$$
	tmp=$(mktemp -d "${TMPDIR:-/tmp}/kanbao-$_name.XXXXXX") || exit 2
	sockpath=
	failed=0
	passed=0
	trap cleanup EXIT
	trap 'exit 130' INT TERM HUP
	trap 'trap "" PIPE; exit 141' PIPE
}

# pane_cleanup WHAT: what the caller's cleanup does last: our server
# stopped and its socket gone; the scratch folder removed, or with
# KANBAO_E2E_KEEP set kept and named ("# WHAT kept in ...").
pane_cleanup() {
	T kill-server >/dev/null 2>&1
	[ -n "$sockpath" ] && rm -f "$sockpath"
	if [ -n "${KANBAO_E2E_KEEP:-}" ]; then
		echo "# $1 kept in $tmp"
	else
		rm -rf "$tmp"
	fi
}

# The interpreter itself into python, not a wrapper (a pyenv shim costs
# 0.1 s a call).
find_python() {
	python=$(python3 -c 'import sys; print(sys.executable)' 2>/dev/null)
	[ -x "$python" ] || python=python3
}

# py COMMAND ARG...: the caller's reader of captures, $tmp/reader.py, with
# -S -E: the standard library only, no site or environment.
py() {
	"$python" -S -E "$tmp/reader.py" "$@"
}

# section TITLE...: a heading in the output, with the seconds since t0.
section() {
	echo "# $* (at $(($(now) - t0)) s)"
}

# ---- the server and the pane ------------------------------------------------
# Our own server, on our own socket, without the user's configuration.
T() {
	tmux -L "$sock" -f /dev/null "$@"
}

# Start our server with a session that outlives the tests' own, so it
# stays up between them (a new session right after the last one ended
# could meet a server on its way out).  sockpath: its socket, for
# pane_cleanup to remove.
start_server() {
	T new-session -d -s keeper -x 20 -y 5 cat </dev/null
	T set-option -g exit-empty off
	sockpath=$(T display -p -t keeper '#{socket_path}')
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

# check DESCRIPTION COMMAND...: a check on the last capture, named after the
# session S (when there is one).
check() {
	_d=${S:+$S: }$1
	shift
	if "$@"; then ok "$_d"; else fail "$_d"; show; fi
}

# expect DESCRIPTION COMMAND...: a check whose command says what is wrong.
expect() {
	_d=${S:+$S: }$1
	shift
	if _out=$("$@" 2>&1); then
		ok "$_d"
	else
		fail "$_d"
		printf '%s\n' "$_out" | sed 's/^/    /'
	fi
}

# The last capture, for a failure report.
show() {
	echo "    the pane (${W}x$H):"
	sed 's/^/    |/' "$tmp/cap"
}

# kanbao_session STATE P [ENV-ARG...] [-- ARG...]: the session S, W x H,
# whose pane runs the caller's $tmp/run.sh with P, kanbao and the ARGs,
# under LANG and LC_ALL C.UTF-8, TERM=$term and XDG_STATE_HOME=STATE,
# changed by the ENV-ARGs (as env(1) takes them: -u NAME, NAME=VALUE).
kanbao_session() {
	_xdg=$(q "$1") _run="$(q "$tmp/run.sh") $(q "$2")"
	shift 2
	_env=
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		_env="$_env $(q "$1")"
		shift
	done
	[ $# -gt 0 ] && shift
	_args=
	for _a; do _args="$_args $(q "$_a")"; done
	T new-session -d -s "$S" -x "$W" -y "$H" "exec env LANG=C.UTF-8 \
LC_ALL=C.UTF-8 TERM=$term XDG_STATE_HOME=$_xdg env$_env /bin/sh $_run \
$(q "$kanbao")$_args" </dev/null
}

# until_echo_off: until the shell in the pane has turned echo off (it then
# waits for a line), at most $limit seconds; 1 if it never did.
until_echo_off() {
	_tty=$(pane_var pane_tty)
	_end=$(($(now) + limit))
	until stty -a -F "$_tty" 2>/dev/null | grep -q -E '(^| )-echo( |$)'
	do
		[ "$(now)" -ge "$_end" ] && return 1
		sleep 0.05
	done
}

stop() {
	T kill-session -t "$S" 2>/dev/null
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

status_row() {
	row $((H - 2))
}

message_row() {
	row $((H - 1))
}

# row_matches N ERE, status_matches ERE, message_matches ERE: row N, the
# status line, the message line matches the extended regular expression.
row_matches() {
	row "$1" | grep -E -q -e "$2"
}

status_matches() {
	status_row | grep -E -q -e "$1"
}

message_matches() {
	message_row | grep -E -q -e "$1"
}

changed() {
	! cmp -s "$tmp/cap" "$tmp/before"
}

# until_seen WHAT COMMAND...: capture until COMMAND (reading $tmp/cap)
# succeeds; fail after $limit seconds, or at once when program_ended says
# the program awaited has ended.
until_seen() {
	_what=$1
	shift
	_end=$(($(now) + limit))
	while :; do
		capture
		"$@" && return 0
		if program_ended "$1"; then
			fail "$S: the program ended; no $_what"
			show
			return 1
		fi
		if [ "$(now)" -ge "$_end" ]; then
			fail "$S: no $_what after ${limit}s"
			show
			return 1
		fi
		sleep 0.05
	done
}

# program_ended COMMAND: the pane shows that the program awaited (by
# until_seen with COMMAND) has ended.  A caller that can tell defines its
# own; this one never knows.
program_ended() {
	return 1
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

# until_screen WHAT COMMAND...: until_seen, then until the screen stands
# still.
until_screen() {
	until_seen "$@" && until_still
}

wait_status() {
	until_screen "status line matching '$1'" status_matches "$1"
}
