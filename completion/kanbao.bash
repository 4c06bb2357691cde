# Bash completion for kanbao and kanbao-build.             -*- shell-script -*-
#
# `meson install` puts this file where bash-completion looks for it
# (completions/kanbao, with completions/kanbao-build a link to it); without
# bash-completion, source it from ~/.bashrc.  It needs nothing of
# bash-completion's own functions.
#
# kanbao: the options that go with those already on the line (as kanbao
# refuses the others), --color's and --ambiguous's values, the article IDs
# of the corpus on the line (its files and directories read as one; else
# KANBAO_CORPUS, else the bundled one) for --print, and corpus files (*.kb)
# and directories.  kanbao-build: its options, encodings for --encoding,
# the names of the fields for --field (at the start of its value and after
# each comma), *.kb for --output, and the files it reads by their names
# (raw text, web pages, feeds, Markdown, JSON; or any file but a corpus
# when there is none) and directories, or with --merge corpus files.
# Bash 4.1 or later: patterns are matched as extglob ones.

# The long options of each program (--colour is --color's other spelling).
_kanbao_longs=(--list --print --width --search --count --verify --color
	--colour --no-mouse --full-width --no-resume --no-clipboard --ambiguous
	--keys --help --version)
_kanbao_build_longs=(--output --encoding --date --year --field --quiet
	--merge --help --version)

# The names of the files kanbao-build reads, lowercase: raw text, web
# pages, feeds, Markdown, JSON (it tells a file's kind by its bytes, so
# these are the names such files go by).
_kanbao_build_raw='*.@(txt|html|htm|xml|rss|atom|md|markdown|json|jsonl|ndjson)'

# Word $1 with a leading ~/ made $HOME/: the words on the line are as
# typed, not yet expanded.
_kanbao_tilde()
{
	# shellcheck disable=SC2088 # the ~ as typed, to be expanded here
	if [[ $1 == "~/"* ]]; then
		printf '%s\n' "$HOME/${1#"~/"}"
	else
		printf '%s\n' "$1"
	fi
}

# The long option among $2... that word $1 names, in full or by a
# beginning that only it has (--colour counts as --color); nothing when
# none or several do.
_kanbao_long()
{
	local w=${1%%=*} o found=
	shift
	[[ $w == --?* ]] || return
	for o; do
		[[ $o == "$w"* ]] || continue
		[[ $o == --colour ]] && o=--color
		[[ -n $found && $found != "$o" ]] && return
		found=$o
	done
	[[ -n $found ]] && printf '%s\n' "$found"
}

# The options on the line but the word being completed, long and in full,
# one a line.  $1 maps each short option letter to its long option
# ("l=--list p=--print"), $2 lists the short ones that take a value,
# $3... are the long options.  A word after one that takes a value is
# that value, skipped.
_kanbao_given()
{
	local shorts=$1 valued=$2 i w o c j
	shift 2
	for ((i = 1; i < ${#COMP_WORDS[@]}; i++)); do
		((i == COMP_CWORD)) && continue
		w=${COMP_WORDS[i]}
		case $w in
		--) return ;;
		=) ((i++)); continue ;;
		--*)
			o=$(_kanbao_long "$w" "$@") || continue
			[[ -n $o ]] || continue
			printf '%s\n' "$o"
			# its value a word of its own: skip it
			[[ $w != *=* && ${COMP_WORDS[i + 1]-} != = ]] &&
				_kanbao_takes_value "$o" && ((i++))
			;;
		-?*)
			for ((j = 1; j < ${#w}; j++)); do
				c=${w:j:1}
				o=" $shorts "
				o=${o#* "$c"=}
				[[ $o == " $shorts " ]] && continue
				printf '%s\n' "${o%% *}"
				if [[ $valued == *"$c"* ]]; then
					((j == ${#w} - 1)) && ((i++))
					break
				fi
			done
			;;
		esac
	done
}

# Whether long option $1 takes a value (of either program).
_kanbao_takes_value()
{
	case $1 in
	--print | --width | --search | --color | --ambiguous | --output | \
		--encoding | --date | --year | --field) return 0 ;;
	esac
	return 1
}

# The operands on the line but the word being completed (kanbao's corpus
# files and directories), tilde expanded, one a line.
_kanbao_operands()
{
	local i w o dashdash=
	for ((i = 1; i < ${#COMP_WORDS[@]}; i++)); do
		w=${COMP_WORDS[i]}
		if ((i == COMP_CWORD)); then
			continue
		elif [[ -n $dashdash || ($w != -?* && $w != =) ]]; then
			_kanbao_tilde "$w"
		elif [[ $w == -- ]]; then
			dashdash=1
		elif [[ $w == = ]]; then
			((i++)) # the value of the option before
		elif [[ $w == --* ]]; then
			o=$(_kanbao_long "$w" "${_kanbao_longs[@]}")
			[[ $w != *=* && ${COMP_WORDS[i + 1]-} != = ]] &&
				_kanbao_takes_value "$o" && ((i++))
		elif [[ $w =~ ^-[^pws]*[pws]$ ]]; then
			((i++)) # -p 3, -lp 3
		fi
	done
}

# Where the word being completed stands: sets _kanbao_opt to the option
# (as typed) whose value it is, or to the word before it, _kanbao_cur to
# what is typed of it, _kanbao_pre to what a reply must begin with (the
# "--color=" of a word "--color=al" that readline did not split), and
# _kanbao_cut to what a reply must not begin with: readline splits a word
# at each '=', and a reply replaces only the last part, while
# _kanbao_cur holds the word whole (--field's "title=x,b", readline's
# "title", "=" and "x,b": _kanbao_cut is "title=").
_kanbao_where()
{
	local i=$COMP_CWORD w last
	last=${COMP_WORDS[i]-}
	[[ $last == = ]] && last=
	w=${COMP_WORDS[i]-}
	while ((i > 1)) && [[ ${COMP_WORDS[i]} == = || ${COMP_WORDS[i - 1]} == = ]]
	do
		((i--))
		w=${COMP_WORDS[i]}$w
	done
	_kanbao_opt=
	_kanbao_cur=$w
	if [[ $w == --*=* ]]; then
		_kanbao_opt=${w%%=*}
		_kanbao_cur=${w#*=}
	elif ((i > 1)) && [[ ${COMP_WORDS[i - 1]} != *=* ]]; then
		_kanbao_opt=${COMP_WORDS[i - 1]}
	fi
	_kanbao_pre=
	_kanbao_cut=
	if [[ $_kanbao_cur == *"$last" ]]; then
		_kanbao_cut=${_kanbao_cur%"$last"}
	else
		_kanbao_pre=${last%"$_kanbao_cur"}
	fi
}

# COMPREPLY: the words among $2... that begin with $1, each after
# $_kanbao_pre and without $_kanbao_cut; case-insensitive when
# _kanbao_nocase is set.
_kanbao_words()
{
	local cur=$1 w
	shift
	COMPREPLY=()
	for w; do
		if [[ -n ${_kanbao_nocase-} ]]; then
			[[ ${w,,} == "${cur,,}"* ]] || continue
		else
			[[ $w == "$cur"* ]] || continue
		fi
		COMPREPLY+=("$_kanbao_pre${w#"$_kanbao_cut"}")
	done
}

# COMPREPLY: the directories and the files matching pattern $2 but not
# pattern $3 (when given) whose names begin with $1, each without
# $_kanbao_cut; the patterns are lowercase and match whatever the case.
_kanbao_files()
{
	local f l
	COMPREPLY=()
	compopt -o filenames 2>/dev/null
	while IFS= read -r f; do
		l=${f,,}
		# shellcheck disable=SC2053 # $2 and $3 are patterns
		if [[ -d $f ]] || { [[ $l == $2 ]] && [[ -z ${3-} || $l != $3 ]]; }
		then
			COMPREPLY+=("${f#"$_kanbao_cut"}")
		fi
	done < <(compgen -f -- "$1")
}

_kanbao()
{
	local cur opt corpora given opts
	_kanbao_where
	cur=$_kanbao_cur
	opt=$(_kanbao_long "$_kanbao_opt" "${_kanbao_longs[@]}")
	case $_kanbao_opt in
	-p) opt=--print ;;
	-w) opt=--width ;;
	-s) opt=--search ;;
	esac
	case $opt in
	--print)
		# the IDs of the corpus kanbao would open: the one on the line,
		# else KANBAO_CORPUS, else the bundled one; in their order
		mapfile -t corpora < <(_kanbao_operands)
		mapfile -t COMPREPLY < <("$(_kanbao_tilde "${COMP_WORDS[0]}")" \
			--list "${corpora[@]}" 2>/dev/null |
			awk -F '\t' -v p="$cur" -v pre="$_kanbao_pre" \
				'index($1, p) == 1 { print pre $1 }')
		compopt -o nosort 2>/dev/null
		return
		;;
	--color)
		_kanbao_words "$cur" auto always never
		return
		;;
	--ambiguous)
		_kanbao_words "$cur" auto narrow wide
		return
		;;
	--width | --search)
		COMPREPLY=()
		return
		;;
	esac
	given=" $(_kanbao_given "l=--list p=--print w=--width s=--search \
c=--count h=--help V=--version" pws "${_kanbao_longs[@]}" | tr '\n' ' ')"
	if [[ $cur == -* ]]; then
		_kanbao_pre=
		mapfile -t opts < <(_kanbao_options "$given")
		_kanbao_words "$cur" "${opts[@]}"
		# --color= and --ambiguous= take their value at once
		[[ ${COMPREPLY[*]} == --color= || ${COMPREPLY[*]} == --ambiguous= ]] &&
			compopt -o nospace 2>/dev/null
		return
	fi
	if [[ $given == *" --keys "* ]]; then
		COMPREPLY=() # --keys takes no corpus
		return
	fi
	_kanbao_files "$cur" '*.kb'
}

# The options of kanbao that go with those given ($1: " --a --b "), as
# kanbao refuses the others: a face (--list, --print, --search, --verify,
# --keys) takes only what serves it; the reader's options only each other
# (--ambiguous serves the reader and --print).
_kanbao_options()
{
	local given=$1 o out=()
	local faces=(--list --print --search --verify --keys)
	local reader=(--color= --no-mouse --full-width --no-resume
		--no-clipboard --ambiguous=)
	for o in "${faces[@]}"; do
		if [[ $given == *" $o "* ]]; then
			case $o in
			--print) out=(--width --ambiguous=) ;;
			--search) out=(--count) ;;
			esac
			_kanbao_unless_given "$given" "${out[@]}"
			return
		fi
	done
	if [[ $given == *" --width "* ]]; then
		out=(--print --ambiguous=)
	elif [[ $given == *" --count "* ]]; then
		out=(--search)
	elif [[ $given == *" --color "* || $given == *" --no-"* ||
		$given == *" --full-width "* ]]; then
		out=("${reader[@]}")
	elif [[ $given == " --ambiguous " ]]; then
		out=(--print --width "${reader[@]}")
	elif [[ $given == " " ]]; then
		out=("${faces[@]}" --width --count "${reader[@]}" --help
			--version)
	fi
	_kanbao_unless_given "$given" "${out[@]}"
}

# The options $2... but those in $1 (" --a --b "), one a line.
_kanbao_unless_given()
{
	local given=$1 o
	shift
	for o; do
		[[ $given == *" ${o%=} "* ]] || printf '%s\n' "$o"
	done
}

_kanbao_build()
{
	local cur opt given o out
	_kanbao_where
	cur=$_kanbao_cur
	opt=$(_kanbao_long "$_kanbao_opt" "${_kanbao_build_longs[@]}")
	case $_kanbao_opt in
	-o) opt=--output ;;
	-e) opt=--encoding ;;
	-d) opt=--date ;;
	-y) opt=--year ;;
	esac
	case $opt in
	--output)
		_kanbao_files "$cur" '*.kb'
		return
		;;
	--encoding)
		# the encodings Chinese text comes in (any name iconv knows
		# is taken), whatever the case typed
		_kanbao_nocase=1 _kanbao_words "$cur" UTF-8 GB18030 GBK \
			GB2312 BIG5 BIG5-HKSCS UTF-16 UTF-16LE UTF-16BE
		return
		;;
	--date | --year)
		COMPREPLY=()
		return
		;;
	--field)
		# NAME=KEY[,NAME=KEY...]: a name at the start and after each
		# comma (the key is the user's)
		COMPREPLY=()
		if [[ ${cur##*,} != *=* ]]; then
			o=${cur%"${cur##*,}"}
			_kanbao_words "$cur" "${o}title=" "${o}body=" \
				"${o}date=" "${o}source=" "${o}author=" \
				"${o}page=" "${o}subtitle="
		fi
		compopt -o nospace 2>/dev/null
		return
		;;
	esac
	given=" $(_kanbao_given "o=--output e=--encoding d=--date y=--year \
q=--quiet m=--merge h=--help V=--version" oedy "${_kanbao_build_longs[@]}" |
		tr '\n' ' ')"
	if [[ $cur == -* ]]; then
		_kanbao_pre=
		out=(--output --quiet)
		# --merge reads corpus files, not raw text: not with the options
		# of reading raw text; --date gives every dateline its year:
		# not with --year
		if [[ $given != *" --merge "* ]]; then
			out+=(--encoding --field)
			[[ $given == *" --year "* ]] || out+=(--date)
			[[ $given == *" --date "* ]] || out+=(--year)
			[[ $given == *" --encoding "* || $given == *" --date "* ||
				$given == *" --year "* || $given == *" --field "* ]] ||
				out+=(--merge)
		fi
		[[ $given == " " ]] && out+=(--help --version)
		mapfile -t out < <(_kanbao_unless_given "$given" "${out[@]}")
		_kanbao_words "$cur" "${out[@]}"
		return
	fi
	if [[ $given == *" --merge "* ]]; then
		_kanbao_files "$cur" '*.kb'
		return
	fi
	# the files it reads by their names, else any file but a corpus
	_kanbao_files "$cur" "$_kanbao_build_raw"
	for o in "${COMPREPLY[@]}"; do
		[[ -d $o ]] || return
	done
	_kanbao_files "$cur" '*' '*.kb'
}

complete -F _kanbao kanbao
complete -F _kanbao_build kanbao-build
