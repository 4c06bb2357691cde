/* model_marks: what the reader keeps of the reading: read marks (an
 * article opened in the body is read; u in the list unmarks it),
 * bookmarks (m makes one, ' lists them) and the place to come back to,
 * and their exchange with the state kept between runs (state.h).  Part of
 * the model (model.h): these functions take the whole model. */
#ifndef KANBAO_MODEL_MARKS_H
#define KANBAO_MODEL_MARKS_H

#include <stddef.h>
#include <stdint.h>

#include "kanbao/reader/model_mode.h"
#include "kanbao/reader/state.h"
#include "kanbao/ui/keys.h"

struct model;
struct pos; /* a display line (model.h) */

/* A bookmark: a place in an article (an anchor as the body's: a piece and
 * a byte in it) and when it was made (Unix seconds). */
struct model_mark {
	size_t article, piece, off;
	int64_t when;
};

/* Where the reader is, to come back to: the selected article, and the open
 * article's anchor when an article is being read. */
struct model_place {
	int in_article;
	size_t sel, article, piece, off;
};

/* Read marks: whether article i was read, and marking it (as opening it
 * in the body does).  Unread articles: m->n - m->nread. */
int model_is_read(const struct model *m, size_t i);
void model_set_read(struct model *m, size_t i, int read);

/* Add a bookmark (kept in reading order; one at the same place already
 * there is not added twice).  0, or -1 when out of memory or the article
 * is not in the corpus. */
int model_add_mark(struct model *m, const struct model_mark *mk);

/* Where the reader left each article, as less keeps a place for each file
 * of its list: model_marks_leave keeps the open article's anchor (with the
 * time; an anchor at the article's start forgets its place), model_open
 * calls it before it opens another; model_marks_return moves the article
 * just opened to where it was left, if anywhere (a place no longer in it
 * is passed over).  The STATE_LEFT_MAX most recent are kept; when memory
 * runs out a place is not kept. */
void model_marks_leave(struct model *m);
void model_marks_return(struct model *m);

/* Where the reader is, and going back there: an article and anchor out of
 * the corpus's range fall back to the article's start or the list. */
void model_where(struct model *m, struct model_place *p);
void model_resume(struct model *m, const struct model_place *p);

/* The state kept between runs (include/kanbao/reader/state.h): taken in at
 * the start, the list's order, read marks, bookmarks and where articles
 * were left, and with
 * `resume` the place the reader was at; what lies outside the corpus is
 * dropped.  model_save_state fills `st` (empty before) for saving: 0, or
 * -1 when out of memory. */
void model_load_state(struct model *m, const struct state *st, int resume);
int model_save_state(struct model *m, struct state *st);

/* u in the list: the selected article unread, or read again. */
void model_marks_toggle_read(struct model *m);

/* U: the next unread article in the list's order after the one the
 * reader is at (round the list's end, with a message), read when the
 * article has the focus, else selected; a message when none is. */
void model_next_unread(struct model *m);

/* The articles the list shows that are not read. */
size_t model_unread_listed(const struct model *m);

/* Every article the list shows marked read (A, once asked). */
void model_mark_listed_read(struct model *m);

/* m: in an article, a bookmark at its top line, or those on the top line
 * removed (the margin shows them, model_mark_on); in the list, a bookmark
 * at the selected article's start, or the one there removed. */
void model_marks_toggle(struct model *m);

/* Whether a bookmark of the open article stands on its display line p
 * (the line holds its byte): the view marks that line in the margin. */
int model_mark_on(struct model *m, struct pos p);

/* ': the bookmarks view (MODE_MARKS), the one nearest the reading place
 * selected; 0 (with a message) when there are none. */
int model_marks_open(struct model *m);

/* MODE_MARKS's keys: the moving keys and the wheel move the selection,
 * Enter goes to the bookmark, d deletes it, Esc goes back; the rest go
 * on to the program's keys. */
mode_key_fn model_marks_key;

#endif
