/* kanbao: the reader.  This file holds the command line, the non-terminal
 * faces (--list, --print, --verify) and finding the corpus. */
#include <errno.h>
#include <inttypes.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <locale.h>
#include <signal.h>

#include "kanbao/format/corpus.h"
#include "kanbao/format/corpus_set.h"
#include "kanbao/reader/answer.h"
#include "kanbao/reader/doc.h"
#include "kanbao/base/err.h"
#include "kanbao/base/opt.h"
#include "kanbao/base/progress.h"
#include "kanbao/reader/loop.h"
#include "kanbao/reader/searcher.h"
#include "kanbao/ui/keys.h"
#include "kanbao/reader/model.h"
#include "kanbao/search/search.h"
#include "kanbao/reader/state.h"
#include "kanbao/ui/term.h"
#include "kanbao/base/utf8.h"
#include "kanbao/base/width.h"

#ifndef KANBAO_DATADIR
#define KANBAO_DATADIR "/usr/local/share/kanbao"
#endif

static const char usage[] =
	"usage: kanbao [--color=WHEN] [--no-mouse] [--full-width] [--no-resume]\n"
	"              [--no-clipboard] [--ambiguous=W] [CORPUS...]\n"
	"       kanbao --list [CORPUS...]\n"
	"       kanbao --print ID [--width N] [--ambiguous=W] [CORPUS...]\n"
	"       kanbao --search QUERY [--count] [CORPUS...]\n"
	"       kanbao --verify [CORPUS...]\n"
	"       kanbao --keys\n"
	"Read Chinese news articles from a kanbao corpus file.\n"
	"\n"
	"  -l, --list        print one line per article: ID, date, title\n"
	"  -p, --print ID    print article ID as plain text\n"
	"  -w, --width N     with --print, wrap lines at N columns (default\n"
	"                    80; 0 puts each paragraph on one line)\n"
	"  -s, --search Q    print every hit of Q: ID, title, the hit in its\n"
	"                    context; exit 1 when there is none\n"
	"  -c, --count       with --search, print ID, number of hits, title\n"
	"                    for each article with hits\n"
	"      --verify      check every byte of the corpus against its\n"
	"                    checksums and every record against the format\n"
	"      --color=WHEN  colours: auto (default; honours NO_COLOR),\n"
	"                    always or never\n"
	"      --no-mouse    leave the mouse to the terminal (no wheel or clicks)\n"
	"      --full-width  let the text fill the pane instead of 40 Han\n"
	"      --no-resume   start at the list, not where you left off\n"
	"      --no-clipboard  y copies nothing (no OSC 52 sequence)\n"
	"      --ambiguous=W  lay “ ” ‘ ’ … — · out one column wide (narrow)\n"
	"                    or two (wide), or as the terminal answers (auto,\n"
	"                    the default; also $KANBAO_AMBIGUOUS)\n"
	"      --keys        print the keys of the reader\n"
	"  -h, --help        show this help\n"
	"  -V, --version     show the version and the width of “ ” … — ·\n"
	"\n"
	"The place, read marks and bookmarks are kept per corpus in\n"
	"$XDG_STATE_HOME/kanbao (default ~/.local/state/kanbao).\n"
	"CORPUS is a corpus file or a directory of them (*.kb); several are\n"
	"read as one, in the order given (a directory's in name order).\n"
	"CORPUS defaults to $KANBAO_CORPUS, else the bundled corpus.  On a\n"
	"terminal kanbao shows the reader (? lists its keys); into a pipe it\n"
	"lists the articles.  Search ignores ASCII case, full-width/half-width\n"
	"and curly/straight quotes.  Exit status: 0 success, 1 the terminal or\n"
	"locale cannot be used or --search found nothing, 2 error (bad usage,\n"
	"unreadable or invalid corpus).\n";

/* What answer.h makes for standard output, written there at once, so
 * that it stays in order with what goes through stdio (its memory kept
 * for the next). */
static struct buf piece;

static void put_piece(void)
{
	fwrite(piece.p, 1, piece.len, stdout);
	buf_clear(&piece);
}

/* Write text that came from a corpus: controls become pictures, never
 * escape sequences. */
static void put_clean(const char *s, size_t n)
{
	answer_clean(&piece, s, n);
	put_piece();
}

/* A number and a tab. */
static void put_field(uint64_t v)
{
	answer_field(&piece, v);
	put_piece();
}

/* The bundled corpus: beside the program in the build tree, else where
 * `meson install` put it (relative to the program, then the configured
 * data directory).  Returns a static path, or NULL. */
static const char *bundled_corpus(void)
{
	static char path[PATH_MAX + 64];
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	struct stat st;
	if (n > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			snprintf(path, sizeof path, "%s/kanbao.kb", exe);
			if (!stat(path, &st))
				return path;
			snprintf(path, sizeof path,
				 "%s/../share/kanbao/kanbao.kb", exe);
			if (!stat(path, &st))
				return path;
		}
	}
	snprintf(path, sizeof path, "%s/kanbao.kb", KANBAO_DATADIR);
	return stat(path, &st) ? NULL : path;
}

static int fail(const struct err *e)
{
	fflush(stdout);
	fprintf(stderr, "kanbao: %s\n", e->msg);
	return err_exit_status(e->code);
}

static int list(struct corpus *c)
{
	struct err e = { 0 };
	size_t n = corpus_article_count(c);
	for (size_t i = 0; i < n; i++) {
		struct doc d;
		if (doc_open(c, i, &d, &e) != ERR_OK)
			return fail(&e);
		char date[11];
		printf("%zu\t%s\t", i + 1, doc_date(d.a.date, date));
		put_clean(d.title, strlen(d.title));
		putchar('\n');
		doc_free(&d);
	}
	return 0;
}

static int print(struct corpus *c, size_t id, size_t width)
{
	struct err e = { 0 };
	struct doc d;
	size_t n = corpus_article_count(c);
	if (id < 1 || id > n) {
		if (n)
			fprintf(stderr, "kanbao: --print %zu: the corpus has "
				"articles 1 to %zu\n", id, n);
		else
			fprintf(stderr, "kanbao: --print %zu: the corpus has "
				"no articles\n", id);
		return 2;
	}
	if (doc_open(c, id - 1, &d, &e) != ERR_OK)
		return fail(&e);
	for (size_t i = 0; i < d.n; i++) {
		const struct doc_piece *p = &d.p[i];
		struct wrap_line *lines;
		long nl = doc_wrap(p, width, &lines);
		if (nl < 0) {
			doc_free(&d);
			err_set(&e, ERR_NOMEM, "out of memory");
			return fail(&e);
		}
		if (doc_gap_before(&d, i))
			putchar('\n');
		for (long k = 0; k < nl; k++) {
			if (k == 0 && doc_indent(p, width))
				fputs(DOC_INDENT_TEXT, stdout);
			put_clean(p->text + lines[k].start, lines[k].len);
			putchar('\n');
		}
		free(lines);
	}
	doc_free(&d);
	return 0;
}

/* The title of article i as --list and --search show it. */
static void put_title(struct corpus *c, size_t i)
{
	answer_title(&piece, c, i);
	put_piece();
}

/* Up to `chars` characters of context before byte `at` of s (so the hit
 * is centred) and after byte `end`. */
static size_t back_chars(const char *s, size_t at, int chars)
{
	while (at > 0 && chars-- > 0) {
		do
			at--;
		while (at > 0 && ((unsigned char)s[at] & 0xC0) == 0x80);
	}
	return at;
}

static size_t forward_chars(const char *s, size_t n, size_t at, int chars)
{
	while (at < n && chars-- > 0) {
		uint32_t uc;
		at += utf8_next(s + at, n - at, &uc);
	}
	return at;
}

/* --search --count: an article with hits a line. */
static int search_count_lines(struct corpus *c, const char *q)
{
	struct err e = { 0 };
	struct search_result r;
	if (search_count(c, q, strlen(q), &r, &e) != ERR_OK)
		return fail(&e);
	int status = r.n ? 0 : err_exit_status(ERR_NOMATCH);
	fflush(stdout);
	if (answer_counts(c, &r, STDOUT_FILENO) < 0) {
		if (errno != EPIPE)
			fprintf(stderr, "kanbao: standard output: %s\n",
				strerror(errno));
		status = 2;
	}
	search_result_free(&r);
	return status;
}

static int search(struct corpus *c, const char *q, int count)
{
	/* The answer in blocks of 64 KiB, not of stdio's 4 KiB for a pipe:
	 * a common character's hits are tens of thousands of lines. */
	static char out[1 << 16];
	if (!isatty(STDOUT_FILENO))
		setvbuf(stdout, out, _IOFBF, sizeof out);
	if (count)
		return search_count_lines(c, q);
	struct err e = { 0 };
	struct search_result r;
	if (search_run(c, q, strlen(q), &r, &e) != ERR_OK)
		return fail(&e);
	/* every hit is shown: all turned into bytes in one pass */
	if (search_result_bytes(&r, &e) != ERR_OK) {
		search_result_free(&r);
		return fail(&e);
	}
	struct search_query f;
	if (search_query_make(corpus_variants(c), q, strlen(q), &f) < 0) {
		search_result_free(&r);
		err_set(&e, ERR_NOMEM, "out of memory");
		return fail(&e);
	}
	int status = r.n ? 0 : err_exit_status(ERR_NOMATCH);
	size_t art = 0, seen = 0;
	for (size_t h = 0; h < r.n; h++) {
		while (art < r.narticles && seen + r.per_article[art] <= h)
			seen += r.per_article[art++];
		size_t block, off;
		struct corpus_block b;
		if (search_locate(c, r.pos[h], &block, &off, &e) != ERR_OK ||
		    corpus_block(c, block, &b, &e) != ERR_OK) {
			status = fail(&e);
			break;
		}
		size_t len = search_match(&f, b.text.s + off,
					  b.text.len - off);
		size_t from = back_chars(b.text.s, off, 20);
		size_t to = forward_chars(b.text.s, b.text.len, off + len, 20);
		put_field(art + 1);
		put_title(c, art);
		fputs(from ? "\t\xE2\x80\xA6" : "\t", stdout);
		put_clean(b.text.s + from, to - from);
		if (to < b.text.len)
			fputs("\xE2\x80\xA6", stdout);
		putchar('\n');
	}
	search_query_free(&f);
	search_result_free(&r);
	return status;
}

/* The key table, for --keys (and the test that checks the man page and
 * README list every key). */
static int keys(void)
{
	for (int a = ACT_NONE + 1; a < ACT_COUNT; a++)
		printf("%s\t%s\n", keys_help_keys((enum action)a),
		       keys_help_text((enum action)a));
	return 0;
}

/* How long the reader waits for a search's hits before it draws the frame
 * without them ("searching…"), and how often it looks for them after: a
 * frame is at most a few milliseconds late, typing is never held up. */
enum { SEARCH_WAIT = 4, SEARCH_POLL = 15 };

/* The state kept between runs (include/kanbao/reader/state.h): its file,
 * and what was read from it, to merge with at the end. */
struct kept {
	char *path; /* NULL when nothing can be kept */
	struct state base; /* as loaded: what this session changes is what
			      differs from it */
	struct state taken; /* when there was no file at `path`, the state
			       of a corpus this one continues, loaded in
			       its place (base stays empty: all of it is
			       this session's to save); else empty */
};

/* Whether corpus `ctx` starts with the articles of a corpus of shape `s`:
 * its first s->articles articles take s->blocks blocks and s->text bytes
 * of text (state_find_continued). */
static int continues(void *ctx, const struct state_shape *s)
{
	struct corpus *c = ctx;
	size_t n = corpus_article_count(c);
	struct corpus_article a;
	struct corpus_block b;
	if (s->articles > n)
		return 0;
	if (s->articles == n)
		return s->blocks == corpus_block_count(c) &&
		       s->text == corpus_text_size(c);
	return corpus_article(c, (size_t)s->articles, &a, NULL) == ERR_OK &&
	       a.first_block == s->blocks &&
	       corpus_block_record(c, a.first_block, &b, NULL) == ERR_OK &&
	       b.offset == s->text;
}

/* A corpus with no state file of its own (a merged file, a set whose
 * first file is new) takes the state of the corpus it continues, into
 * k->taken: the files merged into it, the set it grew from. */
static enum err_code take_continued(struct kept *k, struct corpus *c,
				    struct err *e)
{
	char *from;
	enum err_code rc = state_find_continued(continues, c, &from, e);
	if (rc == ERR_OK && from)
		rc = state_load(from, &k->taken, e);
	free(from);
	return rc;
}

/* Load the state; a problem with it is one warning, and the reader goes
 * on.  A set of files (corpus_set.h) keeps its state under its first
 * file's identity: a day added at the end keeps the marks of the days
 * before it, whose articles keep their numbers (state.h). */
static void state_open(struct kept *k, struct model *m, struct corpus *c,
		       int resume, char *warn, size_t wlen)
{
	char id[33];
	struct err e = { 0 };
	struct corpus_base at;
	memset(k, 0, sizeof *k);
	enum err_code rc = corpus_identity(corpus_part(c, 0, &at), id, &e);
	if (rc == ERR_OK)
		rc = state_path(id, &k->path, &e);
	if (rc == ERR_OK) {
		struct stat st;
		int none = stat(k->path, &st) != 0 && errno == ENOENT;
		rc = state_load(k->path, &k->base, &e);
		if (rc == ERR_OK && none)
			rc = take_continued(k, c, &e);
		if (rc != ERR_OK && rc != ERR_CORRUPT) {
			free(k->path); /* not read: not written over either */
			k->path = NULL;
		}
	}
	/* what it means first: the path makes the line long */
	if (rc == ERR_CORRUPT)
		snprintf(warn, wlen, "Reading state set aside, starting "
			 "afresh: %s", e.msg);
	else if (rc != ERR_OK)
		snprintf(warn, wlen, "Reading state not kept: %s", e.msg);
	model_load_state(m, k->taken.shape.articles ? &k->taken : &k->base,
			 resume);
}

/* Save the state, merged with what another reader of the corpus saved
 * meanwhile (state_save_merged); a failure is one line on standard error,
 * the terminal given back by then. */
static void state_close(struct kept *k, struct model *m, struct corpus *c)
{
	struct state mine = { 0 }, saved = { 0 };
	struct err e = { 0 };
	if (k->path) {
		/* what a longer set of files sharing the state holds about
		 * the articles after these is kept as it was */
		size_t n = corpus_article_count(c);
		if (model_save_state(m, &mine) < 0)
			err_set(&e, ERR_NOMEM, "out of memory");
		else if (state_keep_beyond(&mine, &k->base, n, &e) == ERR_OK &&
			 state_keep_beyond(&mine, &k->taken, n, &e) == ERR_OK) {
			/* so that a corpus continuing this one finds it */
			mine.shape = (struct state_shape){
				n, corpus_block_count(c), corpus_text_size(c)
			};
			state_save_merged(k->path, &k->base, &mine,
					  corpus_name(c), &saved, &e);
		}
		if (e.code != ERR_OK)
			fprintf(stderr, "kanbao: warning: the reading place "
				"was not saved: %s\n", e.msg);
	}
	state_free(&mine);
	state_free(&saved);
	state_free(&k->base);
	state_free(&k->taken);
	free(k->path);
}

/* The terminal as the loop asks for it (loop.h). */
static void size_of(void *ctx, int *w, int *h)
{
	(void)ctx;
	term_size(w, h);
}

static int copy_out(void *ctx, const char *text, size_t n)
{
	(void)ctx;
	return term_copy(text, n);
}

static void suspend(void *ctx)
{
	(void)ctx;
	term_suspend();
}

static const struct loop_term terminal = { size_of, copy_out, suspend, NULL };

/* The reader on a terminal. */
static int reader(struct corpus *c, const struct term_opts *o, int cap,
		  int resume, int clipboard)
{
	struct err e = { 0 };
	if (term_check_locale(&e) != ERR_OK || term_start(o, &e) != ERR_OK)
		return fail(&e);
	int w, h;
	term_size(&w, &h);
	struct model m;
	struct screen s = { 0 };
	model_init(&m, c, w, h, cap);
	m.clipboard = clipboard;
	char warn[sizeof e.msg + 64] = "";
	struct kept kept;
	state_open(&kept, &m, c, resume, warn, sizeof warn);
	if (*warn) {
		snprintf(m.msg, sizeof m.msg, "%.*s", (int)sizeof m.msg - 1,
			 warn);
		m.msg_error = 1;
	}
	int status = 0;
	if (screen_resize(&s, w, h) < 0) {
		err_set(&e, ERR_NOMEM, "out of memory");
		goto out;
	}
	/* Searches run on their own thread: typing never waits for one. */
	struct searcher *job = searcher_new(c);
	struct loop l = { &m, &s, &terminal, job, 0, 0 };
	for (;;) {
		loop_frame(&l, SEARCH_WAIT);
		term_draw(&s, l.full);
		l.full = 0;
		struct key k;
		/* while a search runs, look for its hits now and then */
		int r = term_read(&k, job && searcher_busy(job) ? SEARCH_POLL : -1);
		if (r < 0)
			break;
		if (r > 0 && loop_key(&l, k, &e))
			break;
	}
	searcher_free(job);
out:
	term_stop();
	state_close(&kept, &m, c);
	model_free(&m);
	screen_free(&s);
	if (e.code != ERR_OK)
		status = fail(&e);
	else if (term_signal())
		status = 128 + term_signal();
	return status;
}

/* What the command line asks for: the reader, or one of the faces without
 * a terminal. */
enum face { READ, LIST, PRINT, VERIFY, SEARCH, KEYS, FACES };

/* The option that asks for each face, to name it in a usage error. */
static const char *const face_option[FACES] = {
	[LIST] = "--list", [PRINT] = "--print", [VERIFY] = "--verify",
	[SEARCH] = "--search", [KEYS] = "--keys",
};

/* What each option (by its getopt val) is for: it asks for a face of its
 * own (`is`), or it changes how some go (`serves`), and so does nothing
 * with any other: --width serves --print, --color the reader, --ambiguous
 * both. */
#define FACE(f) (1u << (f))
static const struct {
	int c;
	enum face is; /* FACES when it asks for none */
	unsigned serves; /* the faces it serves, FACE(f) each */
} option_role[] = {
	{ 'l', LIST, 0 }, { 'p', PRINT, 0 }, { 'v', VERIFY, 0 },
	{ 's', SEARCH, 0 }, { 'k', KEYS, 0 },
	{ 'w', FACES, FACE(PRINT) }, { 'c', FACES, FACE(SEARCH) },
	{ 'O', FACES, FACE(READ) }, { 'm', FACES, FACE(READ) },
	{ 'F', FACES, FACE(READ) }, { 'R', FACES, FACE(READ) },
	{ 'C', FACES, FACE(READ) }, { 'A', FACES, FACE(READ) | FACE(PRINT) },
};
enum { ROLES = sizeof option_role / sizeof *option_role };

struct options {
	enum face face; /* what to do */
	char face_word[OPT_WORD]; /* the option that asked for it, as typed */
	char serving[ROLES][OPT_WORD]; /* per option serving faces, as it was
					  first typed ("" when not) */
	int serving_seq[ROLES]; /* and when: 1 for the first typed */
	int nserving; /* how many of them were typed */
	int version; /* --version: only that */
	const char *query; /* --search */
	int count; /* --count */
	size_t id, width; /* --print, --width */
	struct term_opts term; /* --color, --no-mouse, --ambiguous */
	char ambiguous_from[OPT_WORD]; /* what set term.ambiguous: the
					  option as typed, KANBAO_AMBIGUOUS,
					  or "": neither (auto) */
	int cap, resume, clipboard; /* not --full-width, --no-resume,
				       --no-clipboard */
};

/* The number of --print or --width (`word`, as typed): digits, at most
 * 100,000.  0, or 2 after a message. */
static int number(const char *word, const char *arg, size_t *v)
{
	char *end;
	errno = 0;
	unsigned long n = strtoul(arg, &end, 10);
	if (*arg < '0' || *arg > '9' || *end || errno || n > 100000) {
		fprintf(stderr, "kanbao: %s: '%s' is not a number\n", word,
			arg);
		return 2;
	}
	*v = n;
	return 0;
}

/* --color's WHEN (`word`, as typed).  0, or 2 after a message. */
static int color(const char *word, const char *arg, struct term_opts *t)
{
	if (!strcmp(arg, "auto"))
		t->color = TERM_COLOR_AUTO;
	else if (!strcmp(arg, "never"))
		t->color = TERM_COLOR_NEVER;
	else if (!strcmp(arg, "always"))
		t->color = TERM_COLOR_ALWAYS;
	else {
		fprintf(stderr, "kanbao: %s: '%s' is not auto, always or "
			"never\n", word, arg);
		return 2;
	}
	return 0;
}

/* --ambiguous's W (`word` as typed, or the environment variable's name):
 * 0, or 2 after a message. */
static int ambiguous(const char *word, const char *arg, struct term_opts *t)
{
	if (!strcmp(arg, "auto"))
		t->ambiguous = TERM_AMBIGUOUS_AUTO;
	else if (!strcmp(arg, "narrow"))
		t->ambiguous = TERM_AMBIGUOUS_NARROW;
	else if (!strcmp(arg, "wide"))
		t->ambiguous = TERM_AMBIGUOUS_WIDE;
	else {
		fprintf(stderr, "kanbao: %s: '%s' is not auto, narrow or "
			"wide\n", word, arg);
		return 2;
	}
	return 0;
}

/* What option `c` (`word` as typed) is for, noted in `o`: 0, or 2 after
 * a message when it asks for a face and another was asked for already. */
static int role(int c, const char *word, struct options *o)
{
	for (size_t i = 0; i < ROLES; i++) {
		if (option_role[i].c != c)
			continue;
		enum face f = option_role[i].is;
		if (f == FACES) {
			if (!o->serving_seq[i]) {
				o->serving_seq[i] = ++o->nserving;
				snprintf(o->serving[i], OPT_WORD, "%s", word);
			}
		} else if (o->face != READ && o->face != f) {
			fprintf(stderr, "kanbao: %s and %s do not go together "
				"(see --help)\n", o->face_word, word);
			return 2;
		} else {
			o->face = f;
			snprintf(o->face_word, sizeof o->face_word, "%s", word);
		}
	}
	return 0;
}

/* One option as opt_next gives it (`c`, `word` as typed, value `arg`):
 * -1 to go on, else the exit status (after --help, --version, or a bad
 * option or value). */
static int option(int c, const char *word, const char *arg,
		  struct options *o)
{
	if (role(c, word, o))
		return 2;
	switch (c) {
	case 'p': return number(word, arg, &o->id) ? 2 : -1;
	case 'w': return number(word, arg, &o->width) ? 2 : -1;
	case 's': o->query = arg; break;
	case 'c': o->count = 1; break;
	case 'O': return color(word, arg, &o->term) ? 2 : -1;
	case 'A':
		snprintf(o->ambiguous_from, OPT_WORD, "%s", word);
		return ambiguous(word, arg, &o->term) ? 2 : -1;
	case 'm': o->term.mouse = 0; break;
	case 'F': o->cap = 0; break;
	case 'R': o->resume = 0; break;
	case 'C': o->clipboard = 0; break;
	case 'h':
		fputs(usage, stdout);
		return 0;
	case 'V': o->version = 1; break;
	}
	return -1;
}

/* The option typed first (its index in option_role) that serves face `f`
 * but not the face asked for; -1 when none. */
static int serving_amiss(const struct options *o, enum face f)
{
	int first = -1;
	for (int i = 0; i < ROLES; i++)
		if (o->serving_seq[i] && (option_role[i].serves & FACE(f)) &&
		    !(option_role[i].serves & FACE(o->face)) &&
		    (first < 0 || o->serving_seq[i] < o->serving_seq[first]))
			first = i;
	return first;
}

/* "kanbao: --ambiguous goes only with the reader and --print, not with
 * --list": option `i` typed where it does nothing. */
static void say_amiss(const struct options *o, int i)
{
	fprintf(stderr, "kanbao: %s goes only with", o->serving[i]);
	const char *and = " ";
	for (int f = READ; f < FACES; f++) {
		if (!(option_role[i].serves & FACE(f)))
			continue;
		fprintf(stderr, "%s%s", and,
			f == READ ? "the reader" : face_option[f]);
		and = " and ";
	}
	if (option_role[i].serves & FACE(READ))
		fprintf(stderr, ", not with %s", o->face_word);
	fputs(" (see --help)\n", stderr);
}

/* After the options: each one serving faces only with one of them, and
 * the operands (`n` of them) what the face takes.  -1, or 2 after a
 * message. */
static int together(const struct options *o, int n)
{
	for (int f = READ; f < FACES; f++) {
		int i = o->face == (enum face)f ? -1 : serving_amiss(o, f);
		if (i >= 0) {
			say_amiss(o, i);
			return 2;
		}
	}
	if (o->face == KEYS && n > 0) {
		fprintf(stderr, "kanbao: %s takes no corpus file (see "
			"--help)\n", o->face_word);
		return 2;
	}
	return -1;
}

/* Set the Ambiguous characters' width for --print and --version as the
 * reader's term_start does: as the option or the variable says, else as
 * the terminal answers.  What decided goes into `why`. */
static void settle_width(const struct options *o, char *why, size_t n)
{
	static const char *const answer[] = {
		[TERM_ANSWER_NOT_TTY] = "not on a terminal",
		[TERM_ANSWER_NO_REQUEST] = "TERM cannot be asked",
		[TERM_ANSWER_NONE] = "no answer in time",
		[TERM_ANSWER_NARROW] = "the terminal draws them narrow",
		[TERM_ANSWER_WIDE] = "the terminal draws them wide",
	};
	enum term_ambiguous a = o->term.ambiguous;
	if (a == TERM_AMBIGUOUS_AUTO) {
		enum term_answer t = term_ask_ambiguous();
		width_set_ambiguous(t == TERM_ANSWER_WIDE);
		snprintf(why, n, "auto: %s", answer[t]);
	} else {
		width_set_ambiguous(a == TERM_AMBIGUOUS_WIDE);
		snprintf(why, n, "%s=%s", o->ambiguous_from,
			 a == TERM_AMBIGUOUS_WIDE ? "wide" : "narrow");
	}
}

/* --version: the version, and the width “ ” … take here (within 80
 * columns even where they are two columns each). */
static int version(const struct options *o)
{
	char why[96];
	settle_width(o, why, sizeof why);
	printf("kanbao %s\n", KANBAO_VERSION);
	printf("\u201C \u201D \u2018 \u2019 \u2026 \u2014 \u00B7 take %s "
	       "(%s)\n", width_ambiguous() ? "2 columns" : "1 column", why);
	return 0;
}

/* The command line into `o`: -1 to go on, else the exit status.  Every
 * option is read before any is acted on, so that --keys and the faces
 * are checked against all the others. */
static int options(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{ "list", no_argument, NULL, 'l' },
		{ "print", required_argument, NULL, 'p' },
		{ "width", required_argument, NULL, 'w' },
		{ "verify", no_argument, NULL, 'v' },
		{ "search", required_argument, NULL, 's' },
		{ "count", no_argument, NULL, 'c' },
		{ "color", required_argument, NULL, 'O' },
		{ "colour", required_argument, NULL, 'O' },
		{ "no-mouse", no_argument, NULL, 'm' },
		{ "full-width", no_argument, NULL, 'F' },
		{ "no-resume", no_argument, NULL, 'R' },
		{ "no-clipboard", no_argument, NULL, 'C' },
		{ "ambiguous", required_argument, NULL, 'A' },
		{ "keys", no_argument, NULL, 'k' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ 0 },
	};
	struct opt op;
	struct err e = { 0 };
	int c;
	opt_start(&op, argc, argv, "lp:w:s:chV", longopts);
	while ((c = opt_next(&op, &e)) != OPT_END) {
		if (c == OPT_BAD)
			return fail(&e);
		int rc = option(c, op.word, op.arg, o);
		if (rc >= 0)
			return rc;
	}
	int status = o->version ? -1 : together(o, argc - optind);
	if (status >= 0)
		return status;
	/* the variable, where the option was not given and is of use */
	const char *env = getenv("KANBAO_AMBIGUOUS");
	if (!*o->ambiguous_from && env && *env &&
	    (o->version || o->face == READ || o->face == PRINT)) {
		snprintf(o->ambiguous_from, OPT_WORD, "KANBAO_AMBIGUOUS");
		if (ambiguous(o->ambiguous_from, env, &o->term))
			return 2;
	}
	return o->version ? version(o) : -1;
}

/* Ended by a signal during --verify: the progress line cleared, then the
 * signal's own ending, so the status says so. */
static void verify_ended(int sig)
{
	progress_abandon();
	signal(sig, SIG_DFL);
	raise(sig);
}

/* --verify's progress line on a terminal (base/progress.h): the passes
 * over corpus `c` (at `path`) as corpus_verify_counted and
 * search_verify_counted count them, shown as a share of the file.  The
 * signals that end a run are caught to clear it (progress_abandon does
 * nothing when there is no line).  NULL when there is none. */
static struct progress *verify_progress(struct corpus *c, const char *path)
{
	struct stat st;
	if (!progress_wanted(STDERR_FILENO) || stat(path, &st) < 0)
		return NULL;
	struct progress_spec s = {
		.label = "kanbao --verify",
		.bytes = (uint64_t)st.st_size + 2 * corpus_text_size(c) +
			 corpus_index_size(c),
		.size = (uint64_t)st.st_size,
	};
	/* caught before the line is first drawn, which is at once */
	static const int ending[] = { SIGHUP, SIGINT, SIGQUIT, SIGTERM };
	for (size_t i = 0; i < sizeof ending / sizeof *ending; i++) {
		struct sigaction sa = { .sa_handler = verify_ended }, was;
		sigemptyset(&sa.sa_mask);
		/* what nohup or a shell ignores stays ignored */
		if (!sigaction(ending[i], NULL, &was) &&
		    was.sa_handler != SIG_IGN)
			sigaction(ending[i], &sa, NULL);
	}
	return progress_start(STDERR_FILENO, &s);
}

/* --verify of `corpus` (at `path`): the exit status. */
static int verify(struct corpus *corpus, const char *path)
{
	struct err e = { 0 };
	struct progress *p = verify_progress(corpus, path);
	enum err_code rc = corpus_verify_counted(corpus, p, &e);
	if (rc == ERR_OK)
		rc = search_verify_counted(corpus, p, &e);
	progress_end(p);
	if (rc != ERR_OK)
		return fail(&e);
	printf("%s: %zu articles, every checksum, record and the search "
	       "index sound\n", path, corpus_article_count(corpus));
	return 0;
}

/* What the options ask of corpus `corpus` (at `path`): the exit status. */
static int run(struct corpus *corpus, const char *path, struct options *o)
{
	switch (o->face) {
	case VERIFY:
		return verify(corpus, path);
	case KEYS: /* main() answers it without a corpus */
	case FACES:
		break;
	case PRINT: {
		char why[96];
		settle_width(o, why, sizeof why);
		return print(corpus, o->id, o->width);
	}
	case SEARCH:
		return search(corpus, o->query, o->count);
	case READ:
		/* Into a pipe, list, as less acts as cat. */
		if (isatty(STDOUT_FILENO)) {
			o->term.file = path;
			return reader(corpus, &o->term, o->cap, o->resume,
				      o->clipboard);
		}
		/* fall through */
	case LIST:
		return list(corpus);
	}
	return 0;
}

/* What the options ask of the corpus the `n` operands `arg` name (files
 * and directories read as one), else the one KANBAO_CORPUS names, else the
 * bundled one: the exit status. */
static int with_corpus(struct options *o, const char *const *arg, size_t n)
{
	const char *path = n ? NULL : getenv("KANBAO_CORPUS");
	if (!n && (!path || !*path))
		path = bundled_corpus();
	if (!n && !path) {
		fputs("kanbao: no corpus: the bundled corpus is not installed; "
		      "give a corpus file or set KANBAO_CORPUS\n", stderr);
		return 2;
	}
	struct corpus *corpus;
	struct err e = { 0 };
	if (corpus_open_set(n ? arg : &path, n ? n : 1, &corpus, &e) != ERR_OK)
		return fail(&e);
	int status = run(corpus, corpus_name(corpus), o);
	corpus_close(corpus);
	return status;
}

int main(int argc, char **argv)
{
	struct options o = { .face = READ, .width = 80,
			     .term = { TERM_COLOR_AUTO, 1, NULL,
				       TERM_AMBIGUOUS_AUTO },
			     .cap = 1, .resume = 1, .clipboard = 1 };
	setlocale(LC_ALL, "");
	int status = options(argc, argv, &o);
	if (status >= 0)
		return status;
	if (o.face == KEYS)
		status = keys();
	else
		status = with_corpus(&o, (const char *const *)argv + optind,
				     (size_t)(argc - optind));
	if (fflush(stdout) == EOF || ferror(stdout)) {
		if (errno != EPIPE)
			fprintf(stderr, "kanbao: standard output: %s\n",
				strerror(errno));
		status = status ? status : 2;
	}
	return status;
}
