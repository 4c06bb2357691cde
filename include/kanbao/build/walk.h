/* walk: the files a builder's inputs stand for, folders read through.
 *
 * A folder given to kanbao-build stands for every regular file under it,
 * at any depth, in the order of their paths (strcmp: 2024/01/02 before
 * 2024/01/10, so an archive of daily folders comes in date order); each is
 * then read by its kind (source.h).  Hidden files and folders (a name
 * starting with '.') and corpus files (*.kb, *.KB) are left out; links
 * are followed, but a folder met again (a second link to it, or a link
 * loop) is read once.  A file met again in the whole list (named twice,
 * named beside a folder that holds it, a link to it) is read once, where
 * it comes first, with a warning. */
#ifndef KANBAO_WALK_H
#define KANBAO_WALK_H

#include <stddef.h>

#include "kanbao/base/err.h"

struct walk_list {
	char **v; /* the paths, each malloc'd */
	size_t n, cap;
};

/* The files `paths[0..n)` stand for, appended to `out`: a path that is
 * not a folder as it is ("-", and a file that is missing, for the
 * importer to name), a folder by the files under it, as above.  What
 * under a folder cannot be read (a folder that does not open, a file
 * that does not, a link to nothing, a thing that is no regular file) is
 * left out with a warning through `d` naming it.  Returns ERR_OK, or
 * ERR_NOENT for a folder given with no file to read under it, or
 * ERR_NOMEM; `out` then holds what it had, and what was found so far. */
enum err_code walk_inputs(const char *const *paths, size_t n, struct diag *d,
			  struct walk_list *out, struct err *e);

/* Free the paths and the list, and zero it. */
void walk_list_free(struct walk_list *l);

#endif
