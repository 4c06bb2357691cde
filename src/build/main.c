/* kanbao-build: raw newspaper text in, one corpus file out. */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kanbao/format/article.h"
#include "kanbao/format/corpus.h"
#include "kanbao/build/corpus_write.h"
#include "kanbao/build/dates.h"
#include "kanbao/base/err.h"
#include "kanbao/build/import.h"

static const char usage[] =
	"usage: kanbao-build [-o FILE] [--encoding NAME] [--date YYYY-MM-DD]\n"
	"                    [--year YYYY] [--quiet] RAW...\n"
	"Turn raw newspaper text files into one kanbao corpus file.\n"
	"\n"
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
	"  -q, --quiet          no warnings, no summary\n"
	"  -h, --help           show this help\n"
	"  -V, --version        show the version\n"
	"\n"
	"RAW - reads standard input.  Exit status: 0 written (warnings may\n"
	"have been printed), 2 nothing written.\n";

static void warn_stderr(void *ctx, const char *msg)
{
	(void)ctx;
	fprintf(stderr, "kanbao-build: warning: %s\n", msg);
}

static void debug_stderr(const char *line)
{
	fprintf(stderr, "kanbao-build: debug: %s\n", line);
}

static void dont_warn(void *ctx, const char *msg)
{
	(void)ctx, (void)msg;
}

/* Ended by a signal (the terminal closed, Ctrl-C, kill): no temporary
 * file left behind, then the signal's own ending, so the status says so. */
static void on_signal(int sig)
{
	corpus_write_abandon();
	signal(sig, SIG_DFL);
	raise(sig);
}

static int fail(const struct err *e)
{
	fprintf(stderr, "kanbao-build: %s\n", e->msg);
	return err_exit_status(e->code);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "encoding", required_argument, NULL, 'e' },
		{ "date", required_argument, NULL, 'd' },
		{ "year", required_argument, NULL, 'y' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ 0 },
	};
	const char *output = "kanbao.kb";
	struct diag diag = { warn_stderr, NULL, 0 };
	struct import_opts opts = { .diag = &diag };
	int quiet = 0, c;
	struct err e = { 0 };

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
	if (getenv("KANBAO_DEBUG"))
		opts.debug = debug_stderr;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "o:e:d:y:qhV", longopts, NULL)) !=
	       -1) {
		switch (c) {
		case 'o':
			output = optarg;
			break;
		case 'e':
			opts.encoding = optarg;
			break;
		case 'd': {
			struct date d;
			size_t n = strlen(optarg);
			if (dates_parse_iso(optarg, n, &d) != n || n != 10 ||
			    optarg[4] != '-') {
				fprintf(stderr, "kanbao-build: --date: '%s' is "
					"not a date (YYYY-MM-DD)\n", optarg);
				return 2;
			}
			opts.date = d.year * 10000 + d.month * 100 + d.day;
			break;
		}
		case 'y': {
			char *end;
			long y = strtol(optarg, &end, 10);
			if (*end || y < 1 || y > 9999) {
				fprintf(stderr, "kanbao-build: --year: '%s' is "
					"not a year\n", optarg);
				return 2;
			}
			opts.year = (int)y;
			break;
		}
		case 'q':
			quiet = 1;
			diag.warn = dont_warn;
			break;
		case 'h':
			fputs(usage, stdout);
			return 0;
		case 'V':
			puts("kanbao-build " KANBAO_VERSION);
			return 0;
		default:
			err_bad_option(&e, optopt, argv[optind - 1], "oedy");
			return fail(&e);
		}
	}
	if (optind >= argc) {
		fputs("kanbao-build: no raw files given (see --help)\n", stderr);
		return 2;
	}

	struct article_list list = { 0 };
	int status = 0;
	/* A file per core: importing is most of the work, and files are
	 * imported independently. */
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	if (import_files((const char *const *)argv + optind,
			 (size_t)(argc - optind), &opts,
			 cores > 0 ? (unsigned)cores : 1, &list,
			 &e) != ERR_OK)
		status = fail(&e);
	if (!status && corpus_write(output, list.v, list.n, &e) != ERR_OK)
		status = fail(&e);
	if (!status && !quiet)
		fprintf(stderr, "kanbao-build: wrote %s: %zu article%s from %d "
			"file%s, %lu warning%s\n", output, list.n,
			list.n == 1 ? "" : "s", argc - optind,
			argc - optind == 1 ? "" : "s", diag.count,
			diag.count == 1 ? "" : "s");
	article_list_free(&list);
	return status;
}
