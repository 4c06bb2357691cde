/* model_copy: y, the text being read for the clipboard: the paragraph at
 * the top of the body, or during a search the sentence holding the
 * current hit.  The model only says what to copy; the program sends it
 * (term.h, OSC 52).  Part of the model (model.h). */
#ifndef KANBAO_MODEL_COPY_H
#define KANBAO_MODEL_COPY_H

#include <stddef.h>

struct model;

/* The piece the reading ruler keeps bright and y copies: the one the top
 * line of the body is in. */
size_t model_current_piece(const struct model *m);

/* y: make the text to copy (at most MODEL_COPY_MAX bytes, whole
 * characters), with a message saying what it is.  1 when there is text
 * for model_take_copy; 0 when there is none (copying is off, no article
 * is read, out of memory: the message says which). */
int model_copy(struct model *m);

/* The text y made, handed over (the caller frees it): NULL when there is
 * none. */
char *model_take_copy(struct model *m, size_t *len);

#endif
