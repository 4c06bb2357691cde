#!/bin/sh
# shellcheck disable=SC2317 # conditions run through check, until_screen
# End to end over a real SSH connection: the reader on the far side of an
# OpenSSH session, seen through tmux.  The test starts its own sshd on
# 127.0.0.1 (its own configuration, host key, user key and authorized_keys,
# all in a temporary folder, as the current user), then types an ssh command
# into a shell inside a detached tmux session, so every byte kanbao writes
# and every key and window-size change it gets goes through the ssh channel.
# Nothing sleeps a fixed time waiting for the program: each step polls the
# pane until the screen it expects appears, with a deadline, and then until
# the screen is still.
#
# usage: e2e_ssh.sh KANBAO
# Each check prints "ok - ..." or "FAIL - ..."; the exit status is 1 if any
# check failed, 77 (skipped) when tmux, ssh, ssh-keygen or sshd is missing.
# KANBAO_E2E_TIMEOUT: seconds to wait for one screen (default 20);
# KANBAO_E2E_KEEP=1: keep the temporary folder (its name is printed).
set -u

# T, q, ok, fail, check, keys, capture, has, row...: the shared pane helpers
. "$(dirname "$0")/e2e/pane.sh"
take_kanbao "$@"
for tool in tmux ssh ssh-keygen; do
	if ! command -v $tool >/dev/null 2>&1; then
		echo "SKIP: $tool is not installed (Debian: apt-get install" \
			"tmux openssh-client openssh-server)"
		exit 77
	fi
done
# sshd re-executes itself and so must be started by its absolute path; it
# is often outside a normal user's PATH.
sshd=/usr/sbin/sshd
[ -x "$sshd" ] || sshd=$(command -v sshd 2>/dev/null)
case $sshd in
/*) ;;
*)
	echo "SKIP: sshd is not installed (Debian: apt-get install" \
		"openssh-server)"
	exit 77
	;;
esac

sshd_pid=
pane_setup ssh 20 SSH_AUTH_SOCK
t0=$(now)

cleanup() {
	if [ -n "$sshd_pid" ]; then
		kill "$sshd_pid" 2>/dev/null
		wait "$sshd_pid" 2>/dev/null
	fi
	pane_cleanup files
}

# The last lines of sshd's log, for a failure report.
sshd_log() {
	echo "    sshd's log:"
	tail -n 20 "$tmp/sshd.log" | sed 's/^/    |/'
}

finish() {
	echo "# $passed passed, $failed failed, $(($(now) - t0)) s"
	[ "$failed" -eq 0 ] || exit 1
	exit 0
}

# ---- the server -------------------------------------------------------------
ssh-keygen -q -t ed25519 -N '' -C kanbao-test-host -f "$tmp/host_key" ||
	exit 2
ssh-keygen -q -t ed25519 -N '' -C kanbao-test-user -f "$tmp/user_key" ||
	exit 2
cp "$tmp/user_key.pub" "$tmp/authorized_keys"
user=$(id -un)

# As root, sshd drops privileges into an empty directory before
# authentication and refuses to start without it; Debian's init script
# creates it, a container has often never run that.
if [ "$(id -u)" = 0 ] && [ ! -d /run/sshd ]; then
	mkdir -p /run/sshd && chmod 755 /run/sshd
fi

# write_config PORT: a configuration that reads nothing of the system's:
# public keys from our folder only, no PAM (it would need the system's
# login set-up), no permission checks on our folder (StrictModes).
write_config() {
	cat >"$tmp/sshd_config" <<EOF
Port $1
ListenAddress 127.0.0.1
HostKey $tmp/host_key
PidFile $tmp/sshd.pid
AuthorizedKeysFile $tmp/authorized_keys
AuthenticationMethods publickey
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
AllowUsers $user
UsePAM no
StrictModes no
PrintMotd no
PrintLastLog no
PermitTTY yes
X11Forwarding no
AllowTcpForwarding no
AllowAgentForwarding no
LogLevel INFO
EOF
}

# start_sshd: on a random free high port.  sshd says "Server listening"
# once it accepts connections; when the port is taken it exits, and the
# next port is tried.
start_sshd() {
	for _try in 1 2 3 4 5 6 7 8 9 10; do
		port=$((20000 + $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') %
			40000))
		write_config "$port"
		: >"$tmp/sshd.log"
		"$sshd" -D -e -f "$tmp/sshd_config" </dev/null \
			>>"$tmp/sshd.log" 2>&1 &
		sshd_pid=$!
		_end=$(($(now) + limit))
		while :; do
			if grep -q 'Server listening on 127.0.0.1' \
				"$tmp/sshd.log"; then
				return 0
			fi
			if ! kill -0 "$sshd_pid" 2>/dev/null; then
				wait "$sshd_pid" 2>/dev/null
				sshd_pid=
				break
			fi
			if [ "$(now)" -ge "$_end" ]; then
				kill "$sshd_pid" 2>/dev/null
				sshd_pid=
				break
			fi
			sleep 0.05
		done
		# only a port in use is worth another try
		grep -q -i -e 'bind' -e 'address already in use' \
			"$tmp/sshd.log" || return 1
	done
	return 1
}

if start_sshd; then
	ok "sshd ($($sshd -V 2>&1 | head -n 1 | cut -d, -f1)) listens on" \
		"127.0.0.1 port $port as $user"
else
	fail "sshd did not start"
	sshd_log
	finish
fi

# The client: its own identity only, no configuration, no host checks.
ssh_opts="-F /dev/null -i $(q "$tmp/user_key") -o IdentitiesOnly=yes \
-o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null \
-o LogLevel=ERROR -o ConnectTimeout=$limit -p $port"

# One command over the connection without a terminal: the keys work.
if out=$(eval "ssh $ssh_opts 127.0.0.1 'echo KANBAO-SSH-OK'" </dev/null \
	2>&1) && [ "$out" = KANBAO-SSH-OK ]; then
	ok "ssh logs in with the test key"
else
	fail "ssh cannot log in: $out"
	sshd_log
	finish
fi

# And with a terminal.  An sshd that is not root cannot give the terminal
# to the user when /dev/pts is not mounted with gid=5 (the tty group), as
# in many containers: it gives up ("chown(/dev/pts/N, ...) failed").  That
# is the machine, not kanbao: skip, and say how to run the test.
if out=$(eval "ssh -tt $ssh_opts 127.0.0.1 tty" </dev/null 2>&1) &&
	printf '%s\n' "$out" | grep -q '^/dev/'; then
	ok "ssh -tt gets a terminal on the far side ($(printf '%s' "$out" |
		tr -d '\r'))"
elif [ "$(id -u)" != 0 ] && grep -q 'chown(/dev/pts' "$tmp/sshd.log"; then
	echo "SKIP: sshd run as $user cannot hand over a terminal here" \
		"(/dev/pts is mounted: $(grep -m 1 ' /dev/pts ' /proc/mounts |
			cut -d' ' -f4)); run the test as root"
	sshd_log
	exit 77
else
	fail "ssh -tt cannot get a terminal: $out"
	sshd_log
	finish
fi

# go.sh REMOTE-COMMAND: what is typed in the pane.  ssh with a terminal
# (-tt), the terminal modes recorded before and after, then the status.
cat >"$tmp/go.sh" <<EOF
stty -g >$(q "$tmp/stty0") 2>/dev/null
ssh -tt $ssh_opts 127.0.0.1 "\$1"
st=\$?
stty -g >$(q "$tmp/stty1") 2>/dev/null
echo "SSH-EXIT:\$st"
EOF

# The command run on the far side.  sshd passes no environment of ours:
# the locale, the sanitizer options (pane_setup's: a sanitizer build fails
# the test on any finding) and the terminal type go on the command line.
# Full stacks for leaks (slow unwinding): GPM's, under TERM=linux, is
# suppressed by the ncurses function that calls it (tests/lsan.supp), which
# the fast unwinder cannot reach through libgpm.
san="ASAN_OPTIONS=$(q "$ASAN_OPTIONS:fast_unwind_on_malloc=0") \
UBSAN_OPTIONS=$(q "$UBSAN_OPTIONS") \
LSAN_OPTIONS=$(q "${LSAN_OPTIONS:-}")"
# XDG_STATE_HOME: a folder of the session's own, made fresh by session():
# kanbao keeps the reading place and read marks there between runs, and
# each run here must start as a first run does, at the list.
remote() {
	echo "exec env LANG=C.UTF-8 LC_ALL=C.UTF-8 $san \
XDG_STATE_HOME=$(q "$tmp/state/$S") $1 $(q "$kanbao")${2:+ $2}"
}

# ---- the pane ---------------------------------------------------------------
# For until_screen: kanbao (or ssh) ended while its screen was awaited
# (unless the command waits for just that).
program_ended() {
	[ "$1" != prompt_back ] && grep -q '^SSH-EXIT:' "$tmp/cap"
}

# Columns of a line as the C library counts them (GNU wc -L uses wcwidth:
# Han 2 columns, the East Asian Ambiguous quotes 1, as kanbao lays out).
columns() {
	printf '%s\n' "$1" | sed 's/ *$//' | wc -L
}

# The capture is laid out for a W x H pane: H rows, none wider than W, the
# status line (row H-2) flush right, ending one column from the edge.
laid_out() {
	[ "$(wc -l <"$tmp/cap")" -eq "$H" ] &&
		[ "$(sed 's/ *$//' "$tmp/cap" | wc -L)" -le "$W" ] &&
		[ "$(columns "$(status_row)")" -eq $((W - 1)) ]
}

# reverse ROW: some text on row ROW of the pane is in reverse video
# (capture-pane -e gives the SGR sequences; tmux carries attributes over
# line ends, so the state is followed from the top).
reverse() {
	T capture-pane -p -e -t "$S" >"$tmp/cape" 2>/dev/null
	awk -v want="$1" '
	function sgr(ps,   n, p, k) {
		n = split(ps, p, /[;:]/)
		if (n == 0) { rev = 0; return }
		for (k = 1; k <= n; k++) {
			if (p[k] == "" || p[k] == 0) rev = 0
			else if (p[k] == 7) rev = 1
			else if (p[k] == 27) rev = 0
			else if (p[k] == 38 || p[k] == 48)
				k += p[k + 1] == 5 ? 2 : 4
		}
	}
	NR <= want + 1 {
		line = $0
		while (1) {
			i = index(line, "\033[")
			text = i ? substr(line, 1, i - 1) : line
			if (NR == want + 1 && rev && text ~ /[^ ]/) found = 1
			if (!i) break
			line = substr(line, i + 2)
			match(line, /^[0-9;:?]*/)
			ps = substr(line, 1, RLENGTH)
			fin = substr(line, RLENGTH + 1, 1)
			line = substr(line, RLENGTH + 2)
			if (fin == "m") sgr(ps)
		}
	}
	END { exit found ? 0 : 1 }' "$tmp/cape"
}

# colour: the pane shows some text in a colour (SGR 30-37, 90-97, 38;...).
colour() {
	T capture-pane -p -e -t "$S" >"$tmp/cape" 2>/dev/null
	grep -E -q "$(printf '\033')\\[([0-9]*;)*(3[0-8]|9[0-7])[;m]" \
		"$tmp/cape"
}

# session NAME W H: a new session, an interactive shell in it, and no
# state folder for it yet ($tmp/state/NAME, see remote).
session() {
	S=$1 W=$2 H=$3
	rm -f "$tmp/stty0" "$tmp/stty1"
	mkdir -p "$tmp/state"
	rm -rf "$tmp/state/$S"
	T new-session -d -s "$S" -x "$W" -y "$H" "exec env -u ENV \
LANG=C.UTF-8 LC_ALL=C.UTF-8 PS1='kbsh\$ ' /bin/sh -i" </dev/null
	until_screen "shell prompt" has 'kbsh$'
}

# over_ssh ENV [ARGS]: type the ssh command running kanbao with ENV (such
# as TERM=xterm) and ARGS at the prompt.
over_ssh() {
	send_text "sh $(q "$tmp/go.sh") $(q "$(remote "$1" "${2:-}")")"
	keys Enter
}

prompt_back() {
	[ "$(grep -v '^ *$' "$tmp/cap" | tail -n 2 | tr '\n' '|')" = \
		"SSH-EXIT:0|kbsh\$|" ]
}

# quit_clean [alternate]: after q, ssh ends with kanbao's status 0, the
# shell prompt comes back, the terminal modes are those from before, the
# cursor shows, the mouse is released; with "alternate", the terminal left
# the alternate screen and kanbao's screen is gone.
quit_clean() {
	until_screen "shell prompt after SSH-EXIT:0" prompt_back || {
		# do not leave kanbao running for the next session
		stop
		return 1
	}
	ok "$S: q: the remote command exited 0, the shell prompt is back"
	if [ -s "$tmp/stty0" ] && cmp -s "$tmp/stty0" "$tmp/stty1"; then
		ok "$S: the local terminal modes are as before ssh"
	else
		fail "$S: the local terminal modes changed:" \
			"$(cat "$tmp/stty0" 2>/dev/null) ->" \
			"$(cat "$tmp/stty1" 2>/dev/null)"
	fi
	check "the cursor shows, no mouse reporting" test \
		"$(pane_var cursor_flag)$(pane_var mouse_any_flag)" = 10
	if [ "${1:-}" = alternate ]; then
		check "the alternate screen is left, kanbao's screen gone" \
			left_alternate
	fi
	stop
}

left_alternate() {
	[ "$(pane_var alternate_on)" = 0 ] && lacks "$title1"
}

list_drawn() {
	laid_out && has "$title1"
}

# The article is drawn again at the new size.
redrawn() {
	status_matches "^ 1/$narticles  " && laid_out
}

# Article 1's title on the top row.
at_top() {
	row 0 | grep -F -q -e "$title1"
}

start_server
narticles=$("$kanbao" --list | wc -l)
title1=$("$kanbao" --list | sed -n '1s/^[^	]*	[^	]*	//p')
# 残疾: how many hits, in how many articles
"$kanbao" --search 残疾 --count >"$tmp/hits"
nhits=$(awk -F'\t' '{ n += $2 } END { print n }' "$tmp/hits")
nhitart=$(wc -l <"$tmp/hits")

# ---- reading over ssh -------------------------------------------------------
session read 80 24
over_ssh "TERM=xterm-256color"
if wait_status "^ 1/$narticles articles"; then
	check "the list is drawn over ssh, laid out for 80x24" laid_out
	check "the list shows article 1" has "$title1"
	check "while running: the alternate screen, no cursor" test \
		"$(pane_var alternate_on)$(pane_var cursor_flag)" = 10
	keys Enter
	wait_status "^ 1/$narticles  .*[0-9]+%" &&
		check "Enter opens article 1, its title on screen" has "$title1"
	# Space to the end: each page a new screen, the percentage rising.
	pages=0
	while ! status_matches ' 100%' && [ $pages -lt 60 ]; do
		cp "$tmp/cap" "$tmp/before"
		keys Space
		until_screen "change after Space" changed || break
		pages=$((pages + 1))
	done
	check "Space pages down to 100% ($pages pages)" status_matches ' 100%'
	# The pane's size changes; tmux tells ssh (SIGWINCH), ssh tells sshd
	# (a window-change request), sshd sets the far terminal's size and
	# kanbao gets its SIGWINCH.
	for size in 60x20 120x40 80x24; do
		resize "${size%x*}" "${size#*x}"
		until_screen "the screen redrawn at $size" redrawn &&
			ok "$S: resized to $size through ssh: the status line on \
row $((H - 2)), flush right, no line wider than $W"
	done
	check "the article still at its end after the resizes" \
		status_matches ' 100%'
	# Search the whole corpus as you type, from the top of the article:
	# the first hit after the reading position is then hit 1 (article
	# 1's title).
	keys g
	until_screen "article 1 at its top after g" at_top
	send_text /
	# (the mark 简繁 at the right: search folds simplified and
	# traditional characters, in a corpus built with OpenCC)
	until_screen "the search bar" message_matches '^/( +简繁)?$' &&
		ok "$S: / opens the search bar"
	send_text 残疾
	wait_status "hit 1 of $nhits in $nhitart articles" &&
		check "typing 残疾: 'hit 1 of $nhits in $nhitart articles' on \
the status line, the query in the bar" message_matches '^/残疾'
	keys Enter
	until_screen "the bar closed after Enter" message_matches '^ *$' &&
		check "Enter keeps the search at hit 1" status_matches \
			"hit 1 of $nhits"
	keys n
	wait_status "hit 2 of $nhits" && ok "$S: n: hit 2 of $nhits"
	send_text q
	quit_clean alternate
fi
stop

# ---- the link drops -----------------------------------------------------------
# The ssh client is killed (-9: no goodbye to the server) while kanbao is
# reading.  sshd sees the connection close and hangs up the far terminal:
# kanbao gets SIGHUP and must be gone at once, not left running, and not
# spinning on a terminal that is no more.
cp "${KANBAO_BUNDLED:-${kanbao%/*}/kanbao.kb}" "$tmp/hangup.kb"
session hangup 80 24
over_ssh "TERM=xterm-256color" "$(q "$tmp/hangup.kb")"
if wait_status "^ 1/$narticles articles"; then
	keys Enter
	wait_status "^ 1/$narticles  "
	far=$(pgrep -f "^$kanbao $tmp/hangup.kb\$")
	near=$(pgrep -f "^ssh -tt .*hangup.kb")
	if [ -z "$far" ] || [ -z "$near" ]; then
		fail "$S: kanbao on the far side (pid '$far') or the ssh client" \
			"(pid '$near') not found"
	else
		_t0=$(date +%s%N)
		kill -9 $near
		_end=$(($(now) + limit))
		while kill -0 "$far" 2>/dev/null && [ "$(now)" -lt "$_end" ]; do
			sleep 0.05
		done
		if kill -0 "$far" 2>/dev/null; then
			fail "$S: kanbao still runs ${limit}s after the link dropped"
			kill -9 "$far" 2>/dev/null
		else
			ok "$S: the link dropped (ssh killed): kanbao on the far" \
				"side is gone $((($(date +%s%N) - _t0) / 1000000))" \
				"ms later"
		fi
	fi
fi
stop

# ---- terminal types ---------------------------------------------------------
# Each type draws the list and quits cleanly; the status line is in
# reverse video with or without colours.  vt100 and linux have no
# alternate screen: their last screen stays, as with any program.
for how in xterm-256color screen-256color tmux-256color xterm vt100 linux \
	never; do
	args=
	case $how in
	never) t=xterm-256color args=--color=never ;;
	*) t=$how ;;
	esac
	session "term-$how" 80 24
	over_ssh "TERM=$t" "$args"
	wait_status "^ 1/$narticles articles" || {
		stop
		continue
	}
	check "TERM=$t${args:+ $args}: the list is drawn, laid out for 80x24" \
		list_drawn
	check "TERM=$t${args:+ $args}: the status line is in reverse video" \
		reverse $((H - 2))
	case $how in
	vt100 | never)
		check "TERM=$t${args:+ $args}: no colours" eval '! colour'
		;;
	*)
		check "TERM=$t: colours" colour
		;;
	esac
	send_text q
	case $how in
	vt100 | linux) quit_clean ;;
	*) quit_clean alternate ;;
	esac
done

finish
