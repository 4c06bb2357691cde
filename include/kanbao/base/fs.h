/* fs: small file-system steps the writers of files share. */
#ifndef KANBAO_FS_H
#define KANBAO_FS_H

#include <stddef.h>

/* Make a rename in the directory holding `path` durable: fsync that
 * directory.  Best effort: a directory that cannot be opened is left. */
void fs_sync_parent(const char *path);

/* Let the kernel drop the pages of bytes [from, to) of `map`, a
 * read-only mapping of a file starting on a page, read and not needed
 * soon: clean pages, read again from the file if touched.  Whole pages
 * only; best effort. */
void fs_release(const void *map, size_t from, size_t to);

#endif
