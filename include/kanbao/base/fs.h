/* fs: small file-system steps the writers of files share. */
#ifndef KANBAO_FS_H
#define KANBAO_FS_H

/* Make a rename in the directory holding `path` durable: fsync that
 * directory.  Best effort: a directory that cannot be opened is left. */
void fs_sync_parent(const char *path);

#endif
