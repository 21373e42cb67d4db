/* Reading the flat JSON objects of the log (SQLite's json_object(): "key":value members, no
 * spaces, values that are numbers, strings, true, false or null), member by member, without
 * copying. Pure C. */
#ifndef OPHAMP_FLATJSON_H
#define OPHAMP_FLATJSON_H

#include <stdbool.h>
#include <stddef.h>

struct fj_member {
    const char *key; /* without its quotes */
    size_t key_len;
    const char *value; /* as written: "…" with its quotes and escapes, 12, null */
    size_t value_len;
};

struct fj_iter {
    const char *p, *end;
    bool bad;
};

void fj_init(struct fj_iter *it, const char *json, size_t len);
/* The next member: 1, or 0 at the end; malformed text ends it with it->bad set. */
int fj_next(struct fj_iter *it, struct fj_member *m);
bool fj_is_null(const struct fj_member *m);
/* The member called key (0-terminated), or 0 when there is none. */
int fj_find(const char *json, size_t len, const char *key, struct fj_member *out);
/* A string value unescaped into out (at most outsz-1 bytes; \u escapes as UTF-8), other
 * values copied as written, null as "". */
void fj_text(const struct fj_member *m, char *out, size_t outsz);

#endif
