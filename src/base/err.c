/* err: the one table of error codes (see include/kanbao/base/err.h). */
#include "kanbao/base/err.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const struct {
	int status;
	const char *text;
} table[] = {
#define ERR_ROW(name, status, text) [ERR_##name] = { status, text },
	ERR_CODES(ERR_ROW)
#undef ERR_ROW
};

static void vrecord(struct err *e, enum err_code code, const char *fmt,
		    va_list ap)
{
	e->code = code;
	vsnprintf(e->msg, sizeof e->msg, fmt, ap);
}

enum err_code err_set(struct err *e, enum err_code code, const char *fmt, ...)
{
	if (e) {
		va_list ap;
		va_start(ap, fmt);
		vrecord(e, code, fmt, ap);
		va_end(ap);
	}
	return code;
}

enum err_code err_errno(struct err *e, int errnum, const char *fmt, ...)
{
	enum err_code code;
	switch (errnum) {
	case ENOENT: case ENOTDIR: code = ERR_NOENT; break;
	case EACCES: case EPERM: code = ERR_ACCESS; break;
	case EISDIR: code = ERR_ISDIR; break;
	case ENOMEM: code = ERR_NOMEM; break;
	default: code = ERR_IO; break;
	}
	if (e) {
		va_list ap;
		va_start(ap, fmt);
		vrecord(e, code, fmt, ap);
		va_end(ap);
		size_t n = strlen(e->msg);
		snprintf(e->msg + n, sizeof e->msg - n, ": %s", strerror(errnum));
	}
	return code;
}

const char *err_text(enum err_code code)
{
	if ((size_t)code >= sizeof table / sizeof table[0])
		return "unknown error";
	return table[code].text;
}

int err_exit_status(enum err_code code)
{
	if ((size_t)code >= sizeof table / sizeof table[0])
		return 2;
	return table[code].status;
}

void diag_warn(struct diag *d, const char *fmt, ...)
{
	if (!d)
		return;
	d->count++;
	if (!d->warn)
		return;
	char msg[ERR_MSG_MAX];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	d->warn(d->ctx, msg);
}
