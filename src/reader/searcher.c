/* searcher: the reader's search thread (see include/kanbao/reader/searcher.h). */
#include "kanbao/reader/searcher.h"


#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct searcher {
	struct corpus *c;
	long delay; /* ms added to every search: KANBAO_SEARCH_DELAY */
	pthread_t thread;
	pthread_mutex_t mu; /* guards all below but `stop` */
	pthread_cond_t wake; /* for the thread: a request, or quit */
	pthread_cond_t done; /* for the caller: hits */
	atomic_int stop; /* the running search gives up */
	int quit;
	/* the request not yet started */
	char *q;
	size_t len;
	unsigned long id;
	int asked;
	int running; /* a request is being searched */
	/* the hits not yet taken */
	int ready;
	unsigned long rid;
	struct search_result r;
	struct err e;
};

static void *run(void *arg)
{
	struct searcher *j = arg;
	pthread_mutex_lock(&j->mu);
	for (;;) {
		while (!j->asked && !j->quit)
			pthread_cond_wait(&j->wake, &j->mu);
		if (j->quit)
			break;
		char *q = j->q;
		size_t len = j->len;
		unsigned long id = j->id;
		j->q = NULL;
		j->asked = 0;
		j->running = 1;
		atomic_store(&j->stop, 0);
		pthread_mutex_unlock(&j->mu);

		struct search_result r;
		struct err e = { 0 };
		enum err_code rc = search_run_until(j->c, q, len, &r, &j->stop,
						    &e);
		free(q);
		/* A slow search on demand, for the tests of what the reader
		 * shows meanwhile; it can be cancelled as a real one can. */
		for (long t = 0; rc == ERR_OK && t < j->delay; t += 5) {
			if (atomic_load(&j->stop)) {
				search_result_free(&r);
				rc = ERR_CANCELLED;
				break;
			}
			nanosleep(&(struct timespec){ 0, 5000000L }, NULL);
		}

		pthread_mutex_lock(&j->mu);
		j->running = 0;
		if (rc == ERR_CANCELLED || j->asked || j->quit) {
			/* a later request wants other hits */
			search_result_free(&r);
			continue;
		}
		search_result_free(&j->r);
		j->r = r;
		j->e = e;
		j->rid = id;
		j->ready = 1;
		pthread_cond_broadcast(&j->done);
	}
	pthread_mutex_unlock(&j->mu);
	return NULL;
}

struct searcher *searcher_new(struct corpus *c)
{
	struct searcher *j = calloc(1, sizeof *j);
	if (!j)
		return NULL;
	j->c = c;
	const char *delay = getenv("KANBAO_SEARCH_DELAY");
	j->delay = delay ? strtol(delay, NULL, 10) : 0;
	atomic_init(&j->stop, 0);
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	/* searcher_take's deadline is on the monotonic clock */
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	int ok = !pthread_mutex_init(&j->mu, NULL);
	ok = ok && !pthread_cond_init(&j->wake, NULL);
	ok = ok && !pthread_cond_init(&j->done, &ca);
	pthread_condattr_destroy(&ca);
	if (!ok || pthread_create(&j->thread, NULL, run, j)) {
		free(j);
		return NULL;
	}
	return j;
}

void searcher_free(struct searcher *j)
{
	if (!j)
		return;
	pthread_mutex_lock(&j->mu);
	j->quit = 1;
	atomic_store(&j->stop, 1);
	pthread_cond_signal(&j->wake);
	pthread_mutex_unlock(&j->mu);
	pthread_join(j->thread, NULL);
	free(j->q);
	search_result_free(&j->r);
	pthread_cond_destroy(&j->wake);
	pthread_cond_destroy(&j->done);
	pthread_mutex_destroy(&j->mu);
	free(j);
}

int searcher_search(struct searcher *j, const char *q, size_t len, unsigned long id)
{
	char *copy = malloc(len + 1);
	if (!copy)
		return -1;
	memcpy(copy, q, len);
	copy[len] = '\0';
	pthread_mutex_lock(&j->mu);
	free(j->q);
	j->q = copy;
	j->len = len;
	j->id = id;
	j->asked = 1;
	if (j->ready) {
		search_result_free(&j->r);
		j->ready = 0;
	}
	atomic_store(&j->stop, 1); /* the running search is stale */
	pthread_cond_signal(&j->wake);
	pthread_mutex_unlock(&j->mu);
	return 0;
}

int searcher_take(struct searcher *j, int ms, unsigned long *id,
	     struct search_result *r, struct err *e)
{
	pthread_mutex_lock(&j->mu);
	while (!j->ready && ms < 0 && (j->asked || j->running))
		pthread_cond_wait(&j->done, &j->mu);
	if (!j->ready && ms > 0 && (j->asked || j->running)) {
		struct timespec until;
		clock_gettime(CLOCK_MONOTONIC, &until);
		until.tv_sec += ms / 1000;
		until.tv_nsec += (long)(ms % 1000) * 1000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		while (!j->ready && (j->asked || j->running) &&
		       pthread_cond_timedwait(&j->done, &j->mu, &until) !=
			       ETIMEDOUT)
			;
	}
	int got = j->ready;
	if (got) {
		*id = j->rid;
		*r = j->r;
		*e = j->e;
		memset(&j->r, 0, sizeof j->r);
		j->ready = 0;
	}
	pthread_mutex_unlock(&j->mu);
	return got;
}

int searcher_busy(struct searcher *j)
{
	pthread_mutex_lock(&j->mu);
	int busy = j->asked || j->running || j->ready;
	pthread_mutex_unlock(&j->mu);
	return busy;
}
