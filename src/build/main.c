/* kanbao-build: raw newspaper text in, one corpus file out. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kanbao/format/article.h"
#include "kanbao/format/corpus.h"
#include "kanbao/build/corpus_write.h"
#include "kanbao/build/dates.h"
#include "kanbao/base/err.h"
#include "kanbao/build/hanzi.h"
#include "kanbao/build/import.h"
#include "kanbao/build/merge.h"
#include "kanbao/build/walk.h"
#include "kanbao/base/opt.h"
#include "kanbao/base/progress.h"
#include "kanbao/base/utf8.h"

static const char usage[] =
	"usage: kanbao-build [-o FILE] [--encoding NAME] [--date YYYY-MM-DD]\n"
	"                    [--year YYYY] [--field NAME=KEY[,...]] [--quiet]\n"
	"                    RAW...\n"
	"       kanbao-build --merge [-o FILE] [--quiet] CORPUS...\n"
	"Turn raw newspaper text files into one kanbao corpus file.\n"
	"\n"
	"  -m, --merge          join corpus files (and directories of them,\n"
	"                       *.kb in name order) into one, without the raw\n"
	"                       text: the file building their raw text in one\n"
	"                       go makes\n"
	"  -o, --output FILE    write the corpus here (default kanbao.kb)\n"
	"  -e, --encoding NAME  read the raw files in this encoding (GB18030,\n"
	"                       GBK, UTF-16...); default: detect UTF-8 or\n"
	"                       GB18030\n"
	"  -d, --date DATE      the issue's date, YYYY-MM-DD, for files whose\n"
	"                       text and name give none: a dateline without a\n"
	"                       year takes its year from it\n"
	"  -y, --year YYYY      year of datelines that nothing else dates\n"
	"                       (the issue's date, --date): otherwise dates in\n"
	"                       the text naming the dateline's month, or none\n"
	"      --field NAME=KEY[,NAME=KEY...]\n"
	"                       the key of each field in JSON objects: title,\n"
	"                       body, date, source, author, page, subtitle\n"
	"                       (default: the usual names, title, content...)\n"
	"  -q, --quiet          no warnings, no summary, no progress line\n"
	"  -h, --help           show this help\n"
	"  -V, --version        show the version\n"
	"\n"
	"RAW - reads standard input; a folder, every file under it in the\n"
	"order of their paths (hidden ones and *.kb left out).  Each file is\n"
	"read by its kind, told by its bytes, standard input's too: raw\n"
	"text, a web page (HTML), an RSS or Atom feed, Markdown (YAML front\n"
	"matter or a # heading first, or a name *.md or *.markdown), or JSON\n"
	"lines or a JSON array of article objects (--field).  A structured\n"
	"file gives an article, or one per item (see kanbao-build(1),\n"
	"Structured sources):\n"
	"  curl -s URL | kanbao-build -o today.kb -\n"
	"Exit status: 0 written (warnings may have been printed), 2 nothing\n"
	"written.\n";

/* A line on standard error, after the program's name and `what`: its
 * controls shown as pictures, as all text from input is (a message names
 * files found under a folder, whose names may hold any byte). */
static void say(const char *what, const char *msg)
{
	size_t len;
	char *clean = utf8_clean(msg, strlen(msg), 0, &len, NULL);
	fprintf(stderr, "kanbao-build: %s%s\n", what,
		clean ? clean : "(out of memory)");
	free(clean);
}

/* A warning on a line of its own: the progress line (`ctx`, may be NULL)
 * cleared first and drawn again after. */
static void warn_stderr(void *ctx, const char *msg)
{
	progress_pause(ctx);
	say("warning: ", msg);
	progress_resume(ctx);
}

static void debug_stderr(const char *line)
{
	fprintf(stderr, "kanbao-build: debug: %s\n", line);
}

static void dont_warn(void *ctx, const char *msg)
{
	(void)ctx, (void)msg;
}

/* Ended by a signal (the terminal closed, Ctrl-C, kill): no progress line
 * and no temporary file left behind, then the signal's own ending, so the
 * status says so. */
static void on_signal(int sig)
{
	progress_abandon();
	corpus_write_abandon();
	merge_abandon();
	signal(sig, SIG_DFL);
	raise(sig);
}

static int fail(const struct err *e)
{
	say("", e->msg);
	return err_exit_status(e->code);
}

/* The signals that end a run are caught, so that no temporary file is
 * left behind (on_signal). */
static void catch_endings(void)
{
	static const int ending[] = { SIGHUP, SIGINT, SIGQUIT, SIGTERM,
				      SIGPIPE, SIGXFSZ };
	for (size_t i = 0; i < sizeof ending / sizeof ending[0]; i++) {
		struct sigaction sa = { .sa_handler = on_signal }, was;
		sigemptyset(&sa.sa_mask);
		/* what nohup or a shell ignores stays ignored */
		if (!sigaction(ending[i], NULL, &was) &&
		    was.sa_handler != SIG_IGN)
			sigaction(ending[i], &sa, NULL);
	}
}

/* --date (`word`, as typed): a whole ISO date, YYYY-MM-DD, into YYYYMMDD
 * in `*date`.  Returns 0, or 2 (the exit status) after saying what is
 * wrong. */
static int parse_date(const char *word, const char *arg, int *date)
{
	struct date d;
	size_t n = strlen(arg);
	if (dates_parse_iso(arg, n, &d) != n || n != 10 || arg[4] != '-') {
		fprintf(stderr, "kanbao-build: %s: '%s' is not a date "
			"(YYYY-MM-DD)\n", word, arg);
		return 2;
	}
	*date = d.year * 10000 + d.month * 100 + d.day;
	return 0;
}

/* --year (`word`, as typed): a year from 1 to 9999 into `*year`.  Returns
 * 0, or 2 (the exit status) after saying what is wrong. */
static int parse_year(const char *word, const char *arg, int *year)
{
	/* digits only: strtol would take " 2023" and "+2023" */
	size_t n = strspn(arg, "0123456789");
	long y = n && n <= 4 && !arg[n] ? strtol(arg, NULL, 10) : 0;
	if (y < 1) {
		fprintf(stderr, "kanbao-build: %s: '%s' is not a year\n",
			word, arg);
		return 2;
	}
	*year = (int)y;
	return 0;
}

/* The fields --field names, in enum import_field's order. */
static const char *const field_names[IMPORT_FIELDS] = {
	[IMPORT_TITLE] = "title",   [IMPORT_BODY] = "body",
	[IMPORT_DATE] = "date",     [IMPORT_SOURCE] = "source",
	[IMPORT_AUTHOR] = "author", [IMPORT_PAGE] = "page",
	[IMPORT_SUBTITLE] = "subtitle",
};

/* --field (`word`, as typed): NAME=KEY[,NAME=KEY...] in `spec`, which is
 * cut in place, into o->field.  Returns 0, or 2 (the exit status) after
 * saying what is wrong. */
static int parse_fields(const char *word, char *spec, struct import_opts *o)
{
	for (char *next, *one = spec; one; one = next) {
		next = strchr(one, ',');
		if (next)
			*next++ = '\0';
		char *key = strchr(one, '=');
		if (key)
			*key++ = '\0';
		size_t f = 0;
		while (f < IMPORT_FIELDS && strcmp(one, field_names[f]))
			f++;
		if (f == IMPORT_FIELDS) {
			fprintf(stderr, "kanbao-build: %s: '%s' is no field "
				"(title, body, date, source, author, page, "
				"subtitle)\n", word, one);
			return 2;
		}
		if (!key || !*key) {
			fprintf(stderr, "kanbao-build: %s: %s needs a key "
				"(%s=KEY)\n", word, one, one);
			return 2;
		}
		if (o->field[f]) {
			fprintf(stderr, "kanbao-build: %s: %s named twice\n",
				word, one);
			return 2;
		}
		o->field[f] = key;
	}
	return 0;
}

/* The progress line of a build on a terminal (base/progress.h): the raw
 * files `paths[0..n)` and their size, not known when standard input is
 * among them.  NULL when there is none. */
static struct progress *start_progress(char *const *paths, size_t n)
{
	uint64_t bytes = 0;
	for (size_t i = 0; i < n; i++) {
		struct stat st;
		if (!strcmp(paths[i], "-")) {
			bytes = 0;
			break;
		}
		/* one that cannot be read fails the build, and ends the line */
		if (!stat(paths[i], &st) && S_ISREG(st.st_mode))
			bytes += (uint64_t)st.st_size;
	}
	struct progress_spec s = { .label = "kanbao-build", .files = n,
				   .bytes = bytes, .items = "articles" };
	return progress_start(STDERR_FILENO, &s);
}

/* OpenCC's variants of Han characters, for the corpus's FOLD table (so
 * that search folds simplified and traditional characters), made on a
 * thread of their own while the raw text is imported: opening OpenCC and
 * asking it about the sweep (hanzi_sweep) needs no text, and the main
 * thread only waits for the importing threads then. */
struct variants {
	struct hanzi *h; /* NULL without them */
	char why[256]; /* why not */
	pthread_t tid;
	int started; /* on its thread: join it */
};

static void *make_variants(void *arg)
{
	struct variants *v = arg;
	struct err e;
	v->h = hanzi_opencc(v->why, sizeof v->why);
	/* a failure here comes again, and is told, in corpus_write */
	if (v->h)
		(void)hanzi_sweep(v->h, &e);
	return NULL;
}

static void variants_start(struct variants *v)
{
	memset(v, 0, sizeof *v);
	v->started = !pthread_create(&v->tid, NULL, make_variants, v);
}

/* The variants, made by now (here, if no thread could be started); NULL
 * without them, which a build with OpenCC warns of. */
static struct hanzi *variants_end(struct variants *v, struct diag *d)
{
	if (v->started)
		pthread_join(v->tid, NULL);
	else
		make_variants(v);
#if KANBAO_OPENCC
	if (!v->h)
		diag_warn(d, "simplified and traditional characters not folded "
			  "together: %s", v->why);
#else
	(void)d;
#endif
	return v->h;
}

/* What the options ask for. */
struct build_options {
	const char *output; /* -o */
	struct import_opts *import; /* --encoding, --date, --year, --field */
	char *fields; /* --field's value, cut into import->field (owned) */
	struct diag *diag; /* its warnings, silenced by --quiet */
	int quiet; /* --quiet */
	char merge_word[OPT_WORD]; /* --merge as typed, "" when not given */
	char import_word[OPT_WORD]; /* the first of --encoding, --date,
				       --year and --field as typed, "" when
				       none */
	char date_word[OPT_WORD]; /* --date as typed, "" when not given */
	char year_word[OPT_WORD]; /* --year as typed, "" when not given */
};

/* One option as opt_next gives it (`c`, `word` as typed, value `arg`)
 * into `b`: -1 to go on, else the status to exit with: 0 after --help or
 * --version, 2 for a bad value (said on stderr). */
static int build_option(int c, const char *word, const char *arg,
			struct build_options *b)
{
	/* an empty file or encoding name is a value left out: "" would be
	 * no file, and to iconv the locale's encoding */
	if ((c == 'o' || c == 'e') && !*arg) {
		fprintf(stderr, "kanbao-build: %s needs a value (see --help)\n",
			word);
		return 2;
	}
	/* The date gives every dateline its year (assemble.c,
	 * date_of), so with --date, --year would never be asked. */
	const char *other = c == 'd' ? b->year_word :
			    c == 'y' ? b->date_word : "";
	if (*other) {
		fprintf(stderr, "kanbao-build: %s and %s do not go together: "
			"the date gives every dateline its year (see "
			"--help)\n", other, word);
		return 2;
	}
	/* --merge reads corpus files: the options of reading raw text
	 * would do nothing */
	if ((c == 'e' || c == 'd' || c == 'y' || c == 'F') &&
	    !*b->import_word)
		snprintf(b->import_word, sizeof b->import_word, "%s", word);
	if (c == 'm')
		snprintf(b->merge_word, sizeof b->merge_word, "%s", word);
	if (*b->merge_word && *b->import_word) {
		fprintf(stderr, "kanbao-build: %s does not go with %s: it "
			"joins corpus files, whose text is read already (see "
			"--help)\n", b->import_word, b->merge_word);
		return 2;
	}
	switch (c) {
	case 'o':
		if (!strcmp(arg, "-")) {
			/* a corpus is made beside its name and renamed into
			 * place: standard output cannot take one */
			fprintf(stderr, "kanbao-build: %s -: a corpus is "
				"written to a file, not to standard output\n",
				word);
			return 2;
		}
		b->output = arg;
		break;
	case 'e': b->import->encoding = arg; break;
	case 'd':
		snprintf(b->date_word, sizeof b->date_word, "%s", word);
		return parse_date(word, arg, &b->import->date) ? 2 : -1;
	case 'y':
		snprintf(b->year_word, sizeof b->year_word, "%s", word);
		return parse_year(word, arg, &b->import->year) ? 2 : -1;
	case 'F':
		if (!(b->fields = strdup(arg))) {
			fprintf(stderr, "kanbao-build: out of memory\n");
			return 2;
		}
		return parse_fields(word, b->fields, b->import) ? 2 : -1;
	case 'q':
		b->quiet = 1;
		b->diag->warn = dont_warn;
		break;
	case 'h':
		fputs(usage, stdout);
		return 0;
	case 'V':
		puts("kanbao-build " KANBAO_VERSION);
		return 0;
	}
	return -1;
}

/* The options into `b`.  Returns -1 to go on with the build, from
 * argv[optind]; else the status to exit with: 0 after --help or
 * --version, 2 for a bad option or value, or one that would do nothing
 * (said on stderr). */
static int parse_options(int argc, char **argv, struct build_options *b)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "encoding", required_argument, NULL, 'e' },
		{ "date", required_argument, NULL, 'd' },
		{ "year", required_argument, NULL, 'y' },
		{ "field", required_argument, NULL, 'F' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "merge", no_argument, NULL, 'm' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ 0 },
	};
	struct opt op;
	struct err e = { 0 };
	int c;
	opt_start(&op, argc, argv, "o:e:d:y:qmhV", longopts);
	while ((c = opt_next(&op, &e)) != OPT_END) {
		if (c == OPT_BAD)
			return fail(&e);
		int rc = build_option(c, op.word, op.arg, b);
		if (rc >= 0)
			return rc;
	}
	return -1;
}

/* --merge: the corpus files `paths[0..n)` into `b->output`.  The exit
 * status. */
static int merge(const struct build_options *b, const char *const *paths,
		 size_t n)
{
	struct merge_stats st;
	struct err e = { 0 };
	if (merge_files(b->output, paths, n, &st, &e) != ERR_OK)
		return fail(&e);
	if (!b->quiet)
		fprintf(stderr, "kanbao-build: wrote %s: %zu article%s from %zu "
			"corpus file%s\n", b->output, st.articles,
			st.articles == 1 ? "" : "s", st.files,
			st.files == 1 ? "" : "s");
	return 0;
}

/* Where the articles go as they are imported: the corpus writer, which
 * keeps none of them in memory. */
struct writing {
	struct corpus_writer *w;
	size_t n; /* articles written */
};

static enum err_code to_writer(void *ctx, struct article *a, const char *name,
			       struct err *e)
{
	struct writing *wr = ctx;
	(void)name; /* the writer's messages name the corpus and article */
	enum err_code rc = corpus_writer_add(wr->w, a, e);
	article_free(a);
	wr->n += rc == ERR_OK;
	return rc;
}

/* Build the corpus b->output of the raw files `paths[0..n)`, folders read
 * through (walk.h).  The exit status. */
static int build(const struct build_options *b, const char *const *paths,
		 size_t n)
{
	struct import_opts *opts = b->import;
	struct diag *diag = b->diag;
	struct walk_list files = { 0 };
	struct err e = { 0 };
	if (walk_inputs(paths, n, diag, &files, &e) != ERR_OK) {
		walk_list_free(&files);
		return fail(&e);
	}

	/* On a terminal, a line of progress; not with --quiet, nor with
	 * KANBAO_DEBUG's lines streaming past. */
	struct progress *progress = NULL;
	if (!b->quiet && !opts->debug && progress_wanted(STDERR_FILENO))
		progress = start_progress(files.v, files.n);
	diag->ctx = progress;
	opts->progress = progress;

	struct writing wr = { NULL, 0 };
	struct import_sink sink = { to_writer, &wr };
	int status = 0;
	/* A file per core: importing is most of the work, and files are
	 * imported independently. */
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	struct variants var;
	variants_start(&var);
	enum err_code rc = corpus_writer_new(b->output, &wr.w, &e);
	if (rc == ERR_OK)
		rc = import_files_to((const char *const *)files.v, files.n,
				     opts, cores > 0 ? (unsigned)cores : 1,
				     &sink, &e);
	struct hanzi *h = NULL;
	if (rc != ERR_OK) {
		if (var.started)
			pthread_join(var.tid, NULL);
		hanzi_free(var.h);
	} else {
		h = variants_end(&var, diag);
		progress_note(progress, "writing the corpus");
		rc = corpus_writer_finish(wr.w, h, &e);
	}
	corpus_writer_free(wr.w);
	progress_end(progress);
	diag->ctx = NULL;
	if (rc != ERR_OK)
		status = fail(&e);
	hanzi_free(h);
	if (!status && !b->quiet)
		fprintf(stderr, "kanbao-build: wrote %s: %zu article%s from %zu "
			"file%s, %lu warning%s\n", b->output, wr.n,
			wr.n == 1 ? "" : "s", files.n,
			files.n == 1 ? "" : "s", diag->count,
			diag->count == 1 ? "" : "s");
	walk_list_free(&files);
	return status;
}

int main(int argc, char **argv)
{
	struct diag diag = { warn_stderr, NULL, 0 };
	struct import_opts opts = { .diag = &diag };
	struct build_options b = { .output = "kanbao.kb", .import = &opts,
				   .diag = &diag };

	catch_endings();
	if (getenv("KANBAO_DEBUG"))
		opts.debug = debug_stderr;
	int status = parse_options(argc, argv, &b);
	if (status >= 0) {
		/* done: --help, --version, or a bad option */
	} else if (optind >= argc) {
		fprintf(stderr, "kanbao-build: no %s files given (see --help)\n",
			*b.merge_word ? "corpus" : "raw");
		status = 2;
	} else if (*b.merge_word) {
		status = merge(&b, (const char *const *)argv + optind,
			       (size_t)(argc - optind));
	} else {
		status = build(&b, (const char *const *)argv + optind,
			       (size_t)(argc - optind));
	}
	free(b.fields);
	return status;
}
