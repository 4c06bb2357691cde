/* view: the model drawn into a screen of cells.
 *
 * It lays out only what is visible: the list rows on screen and the body
 * lines from the model's anchor down.  The terminal backend copies the
 * screen out; tests read it (tests/reader/test_view.c). */
#ifndef KANBAO_VIEW_H
#define KANBAO_VIEW_H

#include "kanbao/reader/model.h"
#include "kanbao/ui/screen.h"

/* Draw the whole frame for `m` into `s`, which must be m->w x m->h. */
void view_render(struct model *m, struct screen *s);

#endif
