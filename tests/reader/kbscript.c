/* kbscript: the reader driven by a script instead of a terminal, for the
 * golden screen tests (tests/golden/script/, run by tests/screens.sh).
 *
 * usage: kbscript SCRIPT
 *
 * It runs the program's own model, search thread and view through the
 * loop the program runs (include/kanbao/reader/loop.h): keys go to
 * loop_key, each frame is loop_frame's, and `dump` writes the screen of
 * cells as view_render drew it, the text a row a line, as tmux's
 * capture-pane shows it (tig's :save-display).  What it writes on
 * standard output is the transcript the golden file holds: each step of
 * the script after "> ", then what it brought about.
 *
 * A script, a step a line ('#' starts a comment line):
 *   start W H [--full-width] [--no-clipboard] [--ambiguous=wide] [--set]
 *                      the reader on a W x H terminal, on the bundled
 *                      corpus's articles (below; --set: the corpus files
 *                      of the folder $KANBAO_SET names, read as one), as
 *                      a first run (no state kept); a reader running
 *                      quits; --ambiguous=wide: laid out for a terminal
 *                      that draws “ ” … — · two columns wide
 *                      (tests/e2e_ambiguous.py compares it with such a
 *                      terminal)
 *   keys [-N COUNT] KEY...
 *                      keys as tmux's send-keys names them (Enter Escape
 *                      Space Tab BSpace Up Down Left Right Home End PPage
 *                      PageUp PgUp NPage PageDown PgDn F1 C-a..C-z); a word
 *                      that names no key is typed as its characters; -N:
 *                      the keys COUNT times over
 *   text TEXT          the rest of the line typed as it is (send-keys -l)
 *   resize W H         the terminal resized
 *   wheel up|down ROW COL
 *                      a mouse wheel step with the pointer at ROW, COL
 *   slow-search on|off on: a search's hits stay with the search thread
 *                      until wait-search, so the frames show what the
 *                      reader shows while a slow search runs (the hits
 *                      near); off (the default): the hits of each query
 *                      are waited for before the frame, as a fast search's
 *   wait-search        the hits of the query given, once they come
 *   dump NAME [attrs] [top] [status] [ROW[-ROW]...]
 *                      the screen: its size, what it shows and the cursor,
 *                      then each row after a '|', trailing blanks cut;
 *                      with attrs, each cell's attribute too, a letter a
 *                      cell (see `letters`).  Only some rows, each after
 *                      its number: top (row 0), status (the status line
 *                      and the message row), rows by number (from 0)
 *   same-as NAME       the screen is the one dumped as NAME, cell for cell,
 *                      or the script fails (status 1): for a promise such
 *                      as "Esc goes back to exactly where the reader was"
 *   page-through NAME  dump NAME-1, then Space and dump NAME-2, and so on
 *                      until the status line says 100% (model_percent)
 * What the model asks of the program is written as it happens: "copy|"
 * and the text y copies, "redraw" (Ctrl-L), "suspend" (Ctrl-Z), "quit".
 * A bad script: a message naming its line, exit status 2.
 *
 * The corpus is the bundled one's raw text (every *.txt of $KANBAO_SEEDS,
 * in name order, as meson builds it) built in memory without a variants
 * table, so the screens are the same whether kanbao-build had OpenCC or
 * not: no search bar shows the 简繁 mark, and traditional characters
 * find only themselves. */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kanbao/base/err.h"
#include "kanbao/base/utf8.h"
#include "kanbao/base/width.h"
#include "kanbao/format/corpus.h"
#include "kanbao/format/corpus_set.h"
#include "kanbao/reader/loop.h"
#include "kanbao/reader/model.h"
#include "kanbao/reader/searcher.h"
#include "kanbao/reader/state.h"
#include "kanbao/reader/view.h"
#include "kanbao/build/corpus_write.h"
#include "kanbao/build/import.h"

/* A letter for each enum attr, in its order (the build fails when an
 * attribute is added without its letter). */
static const char letters[] = ".TtmHiSs=MEbKhCcUrB";
_Static_assert(sizeof letters - 1 == ATTR_COUNT, "a letter per attribute");
static const char legend[] =
	"attrs: . normal, T title, t subtitle, m meta, H head, i list id, "
	"S selected, s selected unfocused, = status, M message, E error, "
	"b border, K help key, h hit, C current hit, c hit count, U unread, "
	"r ruler, B bookmark";

/* The script being run, and the reader it drives. */
struct run {
	const char *path; /* the script */
	int line; /* the line being run */
	int running; /* a reader is started and has not quit */
	void *bytes; /* the corpus, built on the first start (owned) */
	size_t size;
	struct corpus *c;
	struct model m;
	struct screen s;
	struct searcher *job;
	struct loop l;
	struct loop_term t;
	int w, h; /* the terminal's size */
	int slow; /* slow-search on */
	int legend_shown; /* the attribute letters explained once */
	struct dumped *dumped; /* the screens dumped, for same-as (owned) */
};

/* A screen dumped, kept whole. */
struct dumped {
	char name[64];
	struct screen s; /* its cells copied */
	struct dumped *next;
};

static void bad(struct run *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3), noreturn));

static void bad(struct run *r, const char *fmt, ...)
{
	va_list ap;
	fflush(stdout);
	fprintf(stderr, "%s:%d: ", r->path, r->line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

/* ---- the terminal the loop sees ---------------------------------------*/

static void script_size(void *ctx, int *w, int *h)
{
	struct run *r = ctx;
	*w = r->w;
	*h = r->h;
}

static int script_copy(void *ctx, const char *text, size_t n)
{
	(void)ctx;
	fputs("copy|", stdout);
	for (size_t i = 0; i < n; i++) {
		putchar(text[i]);
		if (text[i] == '\n' && i + 1 < n)
			fputs("copy|", stdout);
	}
	putchar('\n');
	return 0;
}

static void script_suspend(void *ctx)
{
	(void)ctx;
	puts("suspend");
}

/* ---- starting and stopping --------------------------------------------*/

static void stop(struct run *r)
{
	if (!r->running)
		return;
	searcher_free(r->job);
	model_free(&r->m);
	screen_free(&r->s);
	corpus_close(r->c);
	r->running = 0;
}

/* The frame drawn before the next key, as the program's loop draws it;
 * with slow-search on, as when the hits have not come yet. */
static void frame(struct run *r)
{
	if (!r->slow) {
		loop_frame(&r->l, -1);
		return;
	}
	if (loop_search_give(&r->l) >= 0)
		model_search_preview(&r->m);
	view_render(&r->m, &r->s);
}

static int size_arg(struct run *r, const char *word)
{
	char *end;
	errno = 0;
	long v = word ? strtol(word, &end, 10) : -1;
	if (!word || *end || errno || v < 0 || v > 10000)
		bad(r, "a size must be a number from 0 to 10000, not '%s'",
		    word ? word : "");
	return (int)v;
}

static int raw_text(const struct dirent *d)
{
	size_t n = strlen(d->d_name);
	return n > 4 && !strcmp(d->d_name + n - 4, ".txt");
}

/* The bundled corpus's raw text built into r->bytes, with no variants
 * table (no hanzi), as kanbao-build --quiet builds it but for that. */
static void build_corpus(struct run *r)
{
	const char *dir = getenv("KANBAO_SEEDS");
	struct dirent **names;
	if (!dir)
		bad(r, "no seeds: KANBAO_SEEDS is not set (run through meson "
		       "test)");
	int n = scandir(dir, &names, raw_text, alphasort);
	if (n <= 0)
		bad(r, "%s: no raw text", dir);
	char **paths = calloc((size_t)n, sizeof *paths);
	for (int i = 0; paths && i < n; i++) {
		size_t len = strlen(dir) + strlen(names[i]->d_name) + 2;
		if ((paths[i] = malloc(len)))
			snprintf(paths[i], len, "%s/%s", dir, names[i]->d_name);
	}
	struct diag quiet = { 0 };
	struct import_opts opts = { .diag = &quiet };
	struct article_list list = { 0 };
	struct err e = { 0 };
	if (!paths ||
	    import_files((const char *const *)paths, (size_t)n, &opts, 1,
			 &list, &e) != ERR_OK ||
	    corpus_write_mem(list.v, list.n, NULL, &r->bytes, &r->size,
			     &e) != ERR_OK)
		bad(r, "building the corpus: %s", paths ? e.msg : "no memory");
	article_list_free(&list);
	for (int i = 0; i < n; i++) {
		free(paths[i]);
		free(names[i]);
	}
	free(paths);
	free(names);
}

/* start W H [--full-width] [--no-clipboard] [--ambiguous=wide] [--set] */
static void start(struct run *r, char **arg, int n)
{
	stop(r);
	if (n < 2)
		bad(r, "start W H [--full-width] [--no-clipboard] "
		       "[--ambiguous=wide] [--set]");
	r->w = size_arg(r, arg[0]);
	r->h = size_arg(r, arg[1]);
	int cap = 1, clipboard = 1, wide = 0;
	const char *var = NULL; /* KANBAO_SET with --set */
	for (int i = 2; i < n; i++) {
		if (!strcmp(arg[i], "--full-width"))
			cap = 0;
		else if (!strcmp(arg[i], "--no-clipboard"))
			clipboard = 0;
		else if (!strcmp(arg[i], "--ambiguous=wide"))
			wide = 1;
		else if (!strcmp(arg[i], "--set"))
			var = "KANBAO_SET";
		else
			bad(r, "start: '%s' is not --full-width, "
			       "--no-clipboard, --ambiguous=wide or --set",
			    arg[i]);
	}
	/* as the program's term_start settles it, before the layout */
	width_set_ambiguous(wide);
	struct err e = { 0 };
	if (var) {
		const char *corpus = getenv(var);
		if (!corpus)
			bad(r, "no corpus: %s is not set (run through meson "
			       "test)", var);
		/* a folder of corpus files read as one, as the program
		 * opens its operands */
		if (corpus_open_set(&corpus, 1, &r->c, &e) != ERR_OK)
			bad(r, "%s", e.msg);
	} else {
		if (!r->bytes)
			build_corpus(r);
		if (corpus_open_mem(r->bytes, r->size, "kanbao.kb", &r->c,
				    &e) != ERR_OK)
			bad(r, "%s", e.msg);
	}
	/* as the program starts, on a state folder with nothing in it */
	model_init(&r->m, r->c, r->w, r->h, cap);
	r->m.clipboard = clipboard;
	struct state none = { 0 };
	model_load_state(&r->m, &none, 1);
	memset(&r->s, 0, sizeof r->s);
	if (screen_resize(&r->s, r->w, r->h) < 0)
		bad(r, "out of memory");
	r->job = searcher_new(r->c);
	r->t = (struct loop_term){ script_size, script_copy,
				   script_suspend, r };
	r->l = (struct loop){ &r->m, &r->s, &r->t, r->job, 0, 0 };
	r->running = 1;
	r->slow = 0;
	frame(r);
}

/* ---- keys -------------------------------------------------------------*/

/* A key to the reader, and the frame after it. */
static void press(struct run *r, struct key k)
{
	struct err e = { 0 };
	if (!r->running)
		bad(r, "no reader running: start one first");
	int rc = loop_key(&r->l, k, &e);
	if (rc < 0)
		bad(r, "%s", e.msg);
	if (r->l.full) {
		puts("redraw"); /* the program sends the next frame whole */
		r->l.full = 0;
	}
	if (rc > 0) {
		puts("quit");
		stop(r);
		return;
	}
	frame(r);
}

/* The key tmux's send-keys means by `name`, or 0 when it names none. */
static uint32_t key_named(const char *name)
{
	static const struct {
		const char *name;
		uint32_t code;
	} names[] = {
		/* Enter is a carriage return: the terminal is in nonl mode */
		{ "Enter", '\r' }, { "KPEnter", KB_ENTER },
		{ "Escape", 0x1B }, { "Space", ' ' }, { "Tab", '\t' },
		/* what ncurses makes of the ^? tmux sends, with
		 * xterm-256color's kbs */
		{ "BSpace", KB_BACKSPACE },
		{ "Up", KB_UP }, { "Down", KB_DOWN }, { "Left", KB_LEFT },
		{ "Right", KB_RIGHT }, { "Home", KB_HOME }, { "End", KB_END },
		{ "PPage", KB_PGUP }, { "PageUp", KB_PGUP },
		{ "PgUp", KB_PGUP }, { "NPage", KB_PGDN },
		{ "PageDown", KB_PGDN }, { "PgDn", KB_PGDN }, { "F1", KB_F1 },
	};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (!strcmp(name, names[i].name))
			return names[i].code;
	if (name[0] == 'C' && name[1] == '-' && name[2] >= 'a' &&
	    name[2] <= 'z' && !name[3])
		return (uint32_t)(name[2] - 'a' + 1);
	return 0;
}

/* Each character of `text` as a key. */
static void type(struct run *r, const char *text)
{
	size_t n = strlen(text);
	for (size_t i = 0; i < n;) {
		uint32_t uc;
		i += utf8_next(text + i, n - i, &uc);
		press(r, (struct key){ uc, 0, 0 });
	}
}

/* keys [-N COUNT] KEY... */
static void keys(struct run *r, char **arg, int n)
{
	long count = 1;
	if (n >= 2 && !strcmp(arg[0], "-N")) {
		count = size_arg(r, arg[1]);
		arg += 2;
		n -= 2;
	}
	if (n < 1)
		bad(r, "keys [-N COUNT] KEY...");
	for (long k = 0; k < count; k++)
		for (int i = 0; i < n; i++) {
			uint32_t code = key_named(arg[i]);
			if (code)
				press(r, (struct key){ code, 0, 0 });
			else
				type(r, arg[i]);
		}
}

/* wheel up|down ROW COL */
static void wheel(struct run *r, char **arg, int n)
{
	if (n != 3 || (strcmp(arg[0], "up") && strcmp(arg[0], "down")))
		bad(r, "wheel up|down ROW COL");
	press(r, (struct key){ !strcmp(arg[0], "up") ? KB_WHEEL_UP
						     : KB_WHEEL_DOWN,
			       size_arg(r, arg[1]), size_arg(r, arg[2]) });
}

/* resize W H: the terminal's new size, then the resize as term_read
 * reports it. */
static void resize(struct run *r, char **arg, int n)
{
	if (n != 2)
		bad(r, "resize W H");
	r->w = size_arg(r, arg[0]);
	r->h = size_arg(r, arg[1]);
	press(r, (struct key){ KB_RESIZE, 0, 0 });
}

/* ---- what the screen shows --------------------------------------------*/

/* What the screen shows, for the dump's heading (and for
 * tests/screens_check.py, which checks each kind of screen): "the list",
 * "the article (ID) in N columns" (its text column), "list and article
 * (ID) in N columns", or what covers the panes. */
static const char *shown(struct run *r)
{
	static char what[128];
	struct model *m = &r->m;
	struct geometry g;
	model_geometry(m, &g);
	if (g.too_small)
		return "too small";
	if (model_showing(m, MODE_HELP))
		return "the help";
	if (model_showing(m, MODE_RESULTS))
		return "the results";
	if (model_showing(m, MODE_MARKS))
		return "the bookmarks";
	if (!g.split && m->focus == PANE_LIST)
		return "the list";
	if (!m->body.open)
		return g.split ? "list and no article" : "no article";
	snprintf(what, sizeof what, "%s (%zu) in %d columns",
		 g.split ? "list and article" : "the article",
		 m->body.article + 1, g.text_w);
	return what;
}

/* The rows a dump shows: all, or those in `range` (from, to: both
 * included). */
struct rows {
	int all;
	int n;
	int range[16][2];
};

static int row_shown(const struct rows *w, int row)
{
	for (int i = 0; i < w->n; i++)
		if (row >= w->range[i][0] && row <= w->range[i][1])
			return 1;
	return w->all;
}

/* A row as dump writes it: after '|', or after its number and '|' when
 * the dump shows some rows only. */
static void put_row_start(const struct rows *w, int h, int row)
{
	int digits = 1;
	for (int last = h - 1; last >= 10; last /= 10)
		digits++;
	if (!w->all)
		printf("%*d", digits, row);
	putchar('|');
}

static void keep(struct run *r, const char *name);

static void dump(struct run *r, const char *name, int attrs,
		 const struct rows *w)
{
	struct screen *s = &r->s;
	if (!r->running)
		bad(r, "no reader running: start one first");
	keep(r, name);
	printf("--- %s: %dx%d, %s, ", name, s->w, s->h, shown(r));
	if (s->cursor_row < 0)
		puts("no cursor");
	else
		printf("cursor at %d,%d\n", s->cursor_row, s->cursor_col);
	for (int row = 0; row < s->h; row++) {
		if (!row_shown(w, row))
			continue;
		char *t = screen_row(s, row);
		if (!t)
			bad(r, "out of memory");
		put_row_start(w, s->h, row);
		printf("%s\n", t);
		free(t);
	}
	if (!attrs)
		return;
	printf("--- %s: attributes\n", name);
	if (!r->legend_shown)
		printf("%s\n", legend);
	r->legend_shown = 1;
	for (int row = 0; row < s->h; row++) {
		if (!row_shown(w, row))
			continue;
		const struct cell *c = &s->cells[(size_t)row * (size_t)s->w];
		int end = s->w;
		while (end > 0 && c[end - 1].attr == ATTR_NORMAL)
			end--;
		put_row_start(w, s->h, row);
		for (int col = 0; col < end; col++)
			putchar(c[col].attr < ATTR_COUNT ? letters[c[col].attr]
							 : '?');
		putchar('\n');
	}
}

/* dump NAME [attrs] [top] [status] [ROW[-ROW]...] */
static void dump_step(struct run *r, char **arg, int n)
{
	struct rows w = { 1, 0, { { 0, 0 } } };
	int attrs = 0;
	if (n < 1)
		bad(r, "dump NAME [attrs] [top] [status] [ROW[-ROW]...]");
	for (int i = 1; i < n; i++) {
		int from, to, end = 0;
		if (!strcmp(arg[i], "attrs")) {
			attrs = 1;
			continue;
		}
		if (w.n == 16)
			bad(r, "dump: at most 16 ranges of rows");
		if (!strcmp(arg[i], "top")) {
			from = to = 0;
		} else if (!strcmp(arg[i], "status")) {
			/* the status line and the message row */
			from = r->h - 2, to = r->h - 1;
		} else if (sscanf(arg[i], "%d-%d%n", &from, &to, &end) == 2 &&
			   !arg[i][end]) {
		} else if (sscanf(arg[i], "%d%n", &from, &end) == 1 &&
			   !arg[i][end]) {
			to = from;
		} else {
			bad(r, "dump: '%s' is not attrs, top, status or rows",
			    arg[i]);
		}
		w.all = 0;
		w.range[w.n][0] = from;
		w.range[w.n++][1] = to;
	}
	dump(r, arg[0], attrs, &w);
}

/* The screen now kept as `name`, for same-as (a later dump of the same
 * name replaces it). */
static void keep(struct run *r, const char *name)
{
	struct dumped *k = calloc(1, sizeof *k);
	if (!k || screen_resize(&k->s, r->s.w, r->s.h) < 0)
		bad(r, "out of memory");
	snprintf(k->name, sizeof k->name, "%s", name);
	memcpy(k->s.cells, r->s.cells,
	       (size_t)r->s.w * (size_t)r->s.h * sizeof *r->s.cells);
	k->s.cursor_row = r->s.cursor_row;
	k->s.cursor_col = r->s.cursor_col;
	k->next = r->dumped;
	r->dumped = k;
}

/* same-as NAME: the screen now is the one dumped as NAME, cell for cell
 * (characters and attributes) and the cursor; else the script fails
 * (status 1), golden file or not: it checks a promise ("Esc goes back to
 * exactly where the reader was"), not a picture. */
static void same_as(struct run *r, const char *name)
{
	const struct dumped *k = r->dumped;
	while (k && strcmp(k->name, name))
		k = k->next;
	if (!k)
		bad(r, "same-as: no screen was dumped as %s", name);
	const struct screen *a = &k->s, *b = &r->s;
	int same = a->w == b->w && a->h == b->h &&
		   a->cursor_row == b->cursor_row &&
		   a->cursor_col == b->cursor_col;
	for (int i = 0; same && i < a->w * a->h; i++)
		same = a->cells[i].ch == b->cells[i].ch &&
		       a->cells[i].attr == b->cells[i].attr;
	if (same)
		return;
	dump(r, "now", 1, &(struct rows){ 1, 0, { { 0, 0 } } });
	fflush(stdout);
	fprintf(stderr, "%s:%d: the screen is not the one dumped as %s\n",
		r->path, r->line, name);
	exit(1);
}

static void page_through(struct run *r, const char *name)
{
	char page[256];
	for (int n = 1;; n++) {
		snprintf(page, sizeof page, "%s-%d", name, n);
		dump(r, page, 0, &(struct rows){ 1, 0, { { 0, 0 } } });
		if (model_percent(&r->m) >= 100)
			return;
		if (n == 1000)
			bad(r, "page-through: not at 100%% after 1000 pages");
		press(r, (struct key){ ' ', 0, 0 });
		if (!r->running)
			return;
	}
}

/* ---- the script -------------------------------------------------------*/

enum { MAX_WORDS = 64 };

/* One step: `line` (its newline cut) split into words in place. */
static void step(struct run *r, char *line)
{
	if (!strncmp(line, "text ", 5)) {
		if (!r->running)
			bad(r, "no reader running: start one first");
		type(r, line + 5);
		return;
	}
	char *word[MAX_WORDS];
	int n = 0;
	for (char *w = strtok(line, " \t"); w; w = strtok(NULL, " \t")) {
		if (n == MAX_WORDS)
			bad(r, "more than %d words", MAX_WORDS);
		word[n++] = w;
	}
	if (!n)
		return;
	char **arg = word + 1;
	int na = n - 1;
	if (!strcmp(word[0], "start")) {
		start(r, arg, na);
	} else if (!strcmp(word[0], "keys")) {
		keys(r, arg, na);
	} else if (!strcmp(word[0], "resize")) {
		resize(r, arg, na);
	} else if (!strcmp(word[0], "wheel")) {
		wheel(r, arg, na);
	} else if (!strcmp(word[0], "slow-search") && na == 1 &&
		   (!strcmp(arg[0], "on") || !strcmp(arg[0], "off"))) {
		r->slow = !strcmp(arg[0], "on");
	} else if (!strcmp(word[0], "wait-search") && !na) {
		if (r->running && loop_search_take(&r->l, -1))
			frame(r);
	} else if (!strcmp(word[0], "dump")) {
		dump_step(r, arg, na);
	} else if (!strcmp(word[0], "same-as") && na == 1) {
		if (!r->running)
			bad(r, "no reader running: start one first");
		same_as(r, arg[0]);
	} else if (!strcmp(word[0], "page-through") && na == 1) {
		if (!r->running)
			bad(r, "no reader running: start one first");
		page_through(r, arg[0]);
	} else {
		bad(r, "not a step: %s (see tests/reader/kbscript.c)", word[0]);
	}
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fputs("usage: kbscript SCRIPT\n", stderr);
		return 2;
	}
	struct run r = { .path = argv[1] };
	FILE *f = fopen(r.path, "r");
	if (!f) {
		fprintf(stderr, "kbscript: %s: %s\n", r.path, strerror(errno));
		return 2;
	}
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	while ((len = getline(&line, &cap, f)) >= 0) {
		r.line++;
		if (len && line[len - 1] == '\n')
			line[--len] = '\0';
		if (!len || line[0] == '#')
			continue;
		printf("> %s\n", line);
		step(&r, line);
	}
	free(line);
	fclose(f);
	stop(&r);
	while (r.dumped) {
		struct dumped *next = r.dumped->next;
		screen_free(&r.dumped->s);
		free(r.dumped);
		r.dumped = next;
	}
	free(r.bytes);
	return fflush(stdout) ? 1 : 0;
}
