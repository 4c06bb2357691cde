/* loop: between one key and the next (see include/kanbao/reader/loop.h). */
#include "kanbao/reader/loop.h"

#include <stdio.h>
#include <stdlib.h>

#include "kanbao/reader/view.h"

int loop_key(struct loop *l, struct key k, struct err *e)
{
	struct model *m = l->m;
	unsigned todo = model_key(m, k);
	if (todo & MODEL_DO_COPY) {
		size_t len;
		char *clip = model_take_copy(m, &len);
		if (clip && l->t->copy(l->t->ctx, clip, len) < 0) {
			snprintf(m->msg, sizeof m->msg, "out of memory");
			m->msg_error = 1;
		}
		free(clip);
	}
	if (todo & MODEL_DO_SUSPEND) {
		l->t->suspend(l->t->ctx);
		l->full = 1;
		k.code = KB_RESIZE; /* the size may have changed */
	}
	if (k.code == KB_RESIZE) {
		int w, h;
		l->t->size(l->t->ctx, &w, &h);
		model_resize(m, w, h);
		if (screen_resize(l->s, w, h) < 0) {
			err_set(e, ERR_NOMEM, "out of memory");
			return -1;
		}
	}
	if (todo & MODEL_DO_REDRAW)
		l->full = 1;
	return todo & MODEL_DO_QUIT ? 1 : 0;
}

int loop_search_give(struct loop *l)
{
	const char *q;
	size_t len;
	unsigned long want = model_search_wanted(l->m, &q, &len);
	if (!l->job) {
		model_search_now(l->m);
		return -1;
	}
	if (!want || want == l->started)
		return 0;
	if (searcher_search(l->job, q, len, want) < 0) {
		model_search_now(l->m);
		return -1;
	}
	l->started = want;
	return 1;
}

int loop_search_take(struct loop *l, int ms)
{
	unsigned long id;
	struct search_result r;
	struct err e = { 0 };
	if (!l->job || !searcher_take(l->job, ms, &id, &r, &e))
		return 0;
	model_search_done(l->m, id, &r, &e);
	return 1;
}

void loop_frame(struct loop *l, int ms)
{
	int given = loop_search_give(l);
	if (given >= 0 && !loop_search_take(l, given ? ms : 0))
		model_search_preview(l->m); /* slow: the hits near, meanwhile */
	view_render(l->m, l->s);
}
