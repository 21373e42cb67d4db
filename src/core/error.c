/* Filling in an oph_error: one line, naming what is wrong. */
#include "ophamp/error.h"

#include <stdarg.h>
#include <stdio.h>

int oph_fail(struct oph_error *err, enum oph_err_kind kind, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        err->kind = kind;
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
    }
    return -1;
}

void oph_error_clear(struct oph_error *err)
{
    if (err) {
        err->kind = OPH_OK;
        err->msg[0] = '\0';
    }
}
