/* fs: small file-system steps (see include/kanbao/base/fs.h). */
#include "kanbao/base/fs.h"

#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

void fs_sync_parent(const char *path)
{
	/* On the stack: a save that ran out of memory must still be made
	 * durable.  A longer name could not be opened anyway. */
	char dir[PATH_MAX] = ".";
	const char *slash = strrchr(path, '/');
	if (slash) {
		size_t n = (size_t)(slash - path) + 1;
		if (n >= sizeof dir)
			return;
		memcpy(dir, path, n);
		dir[n] = '\0';
	}
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

void fs_release(const void *map, size_t from, size_t to)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	size_t a = from / page * page, b = to / page * page;
	/* a hint that fails leaves the pages where they were */
	if (map && b > a)
		(void)madvise((char *)map + a, b - a, MADV_DONTNEED);
}
