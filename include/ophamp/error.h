/* How every layer reports a refusal or failure: a kind (which becomes the exit status) and
 * one clear line naming the field or file. */
#ifndef OPHAMP_ERROR_H
#define OPHAMP_ERROR_H

enum oph_err_kind {
    OPH_OK = 0,
    OPH_REFUSED = 1, /* a rule refused the request, or nothing matched */
    OPH_INVALID = 2, /* malformed input: bad date, unknown value, text too long */
    OPH_DB = 3       /* database or file error */
};

struct oph_error {
    enum oph_err_kind kind;
    char msg[512];
};

/* Sets err (may be NULL) and returns -1, so callers can `return oph_fail(...)`. */
int oph_fail(struct oph_error *err, enum oph_err_kind kind, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void oph_error_clear(struct oph_error *err);

#endif
