/* Reading a JSON object's fields (the case bundle's): each getter takes one member, checks
 * its kind and its text by the core's rules, and names what is wrong by the member's path
 * ("steps[2].done_at"); nested objects and lists are read through the store (SQLite's JSON). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import_internal.h"
#include "ophamp/text.h"
#include "ophamp/workflow.h"
#include "ophamp/xalloc.h"

void jget_vproblem(struct jget *g, const char *field, const char *fmt, va_list ap)
{
    char reason[700];
    (void)!vsnprintf(reason, sizeof reason, fmt, ap);
    g->problem(g->ctx, field, reason);
}

void jget_problem(struct jget *g, const char *field, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    jget_vproblem(g, field, fmt, ap);
    va_end(ap);
}

void jget_path(char *out, size_t outsz, const char *parent, const char *key)
{
    (void)!snprintf(out, outsz, "%s%s%s", parent ? parent : "", parent ? "." : "", key);
}

const struct json_member *jget_find(const struct json_members *o, const char *key)
{
    for (int i = 0; i < o->n; i++)
        if (o->m[i].key && strcmp(o->m[i].key, key) == 0)
            return &o->m[i];
    return NULL;
}

static int by_key(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A key given twice would leave which one counts to chance. */
void jget_keys(struct jget *g, const struct json_members *o, const char *parent)
{
    if (o->n < 2)
        return;
    char **keys = xcalloc((size_t)o->n, sizeof *keys);
    int k = 0;
    for (int i = 0; i < o->n; i++)
        if (o->m[i].key)
            keys[k++] = o->m[i].key;
    qsort(keys, (size_t)k, sizeof *keys, by_key);
    for (int i = 1; i < k; i++)
        if (strcmp(keys[i - 1], keys[i]) == 0 && (i < 2 || strcmp(keys[i - 2], keys[i]) != 0)) {
            char path[160];
            jget_path(path, sizeof path, parent, keys[i]);
            jget_problem(g, path, "is given twice");
        }
    free(keys);
}

/* The member `key`, or NULL when it is null or left out (a problem unless allowed). */
static const struct json_member *member(struct jget *g, const struct json_members *o,
                                        const char *path, const char *key, unsigned f)
{
    const struct json_member *m = jget_find(o, key);
    if (!m) {
        if (!(f & F_OPT))
            jget_problem(g, path, "is missing");
        return NULL;
    }
    if (m->kind == JSON_NULL) {
        if (!(f & (F_NULL | F_OPT)))
            jget_problem(g, path, "is required");
        return NULL;
    }
    return m;
}

/* Text as JSON gave it: no NUL inside (an escaped \u0000 would cut it short). */
static bool is_text(struct jget *g, const struct json_member *m, const char *path)
{
    if (m->kind != JSON_TEXT) {
        jget_problem(g, path, "expected text");
        return false;
    }
    if (strlen(m->text) != m->len) {
        jget_problem(g, path, "contains a NUL character");
        return false;
    }
    return true;
}

void jget_text(struct jget *g, const struct json_members *o, const char *parent, const char *key,
               unsigned f, char *out, size_t outsz, size_t max_chars, unsigned tflags)
{
    char path[160], label[170];
    jget_path(path, sizeof path, parent, key);
    out[0] = '\0';
    const struct json_member *m = member(g, o, path, key, f);
    if (!m || !is_text(g, m, path))
        return;
    if (m->len >= outsz) {
        jget_problem(g, path, "is too long (at most %zu characters)", max_chars);
        return;
    }
    memcpy(out, m->text, m->len + 1);
    struct oph_error e;
    (void)!snprintf(label, sizeof label, "%s:", path);
    if (check_text(label, out, max_chars, tflags, &e)) {
        jget_problem(g, NULL, "%s", e.msg);
        out[0] = '\0';
    }
}

void jget_vocab(struct jget *g, const struct json_members *o, const char *parent, const char *key,
                unsigned f, const struct vocab *v, int *out)
{
    char path[160], list[256];
    jget_path(path, sizeof path, parent, key);
    *out = -1;
    const struct json_member *m = member(g, o, path, key, f);
    if (!m || !is_text(g, m, path))
        return;
    *out = vocab_find(v, m->text);
    if (*out < 0)
        jget_problem(g, path, "unknown %s '%.40s' (one of %s)", v->what, m->text,
                     vocab_list(v, list, sizeof list));
}

/* Times are written as ISO 8601 UTC with a Z, to the second: nothing else is read. */
void jget_time(struct jget *g, const struct json_members *o, const char *parent, const char *key,
               unsigned f, oph_time *out)
{
    char path[160];
    jget_path(path, sizeof path, parent, key);
    *out = OPH_NO_TIME;
    const struct json_member *m = member(g, o, path, key, f);
    if (!m || !is_text(g, m, path))
        return;
    const char *s = m->text, *why = NULL;
    oph_time t;
    if (m->len != 20 || s[10] != 'T' || s[16] != ':' || s[19] != 'Z' ||
        time_parse(s, &t, &why) != 0) {
        jget_problem(g, path, "expected a UTC time YYYY-MM-DDTHH:MM:SSZ (got '%.40s')", s);
        return;
    }
    *out = t;
}

void jget_bool(struct jget *g, const struct json_members *o, const char *parent, const char *key,
               bool *out)
{
    char path[160];
    jget_path(path, sizeof path, parent, key);
    *out = false;
    const struct json_member *m = member(g, o, path, key, 0);
    if (!m)
        return;
    if (m->kind != JSON_TRUE && m->kind != JSON_FALSE)
        jget_problem(g, path, "expected true or false");
    *out = m->kind == JSON_TRUE;
}

void jget_tri(struct jget *g, const struct json_members *o, const char *parent, const char *key,
              int *out)
{
    char path[160];
    jget_path(path, sizeof path, parent, key);
    *out = TRI_UNKNOWN;
    const struct json_member *m = member(g, o, path, key, F_NULL);
    if (!m)
        return;
    if (m->kind != JSON_TRUE && m->kind != JSON_FALSE)
        jget_problem(g, path, "expected true, false or null");
    else
        *out = m->kind == JSON_TRUE ? TRI_YES : TRI_NO;
}

void jget_int(struct jget *g, const struct json_members *o, const char *parent, const char *key,
              unsigned f, int64_t min, int64_t max, int64_t *out)
{
    char path[160];
    jget_path(path, sizeof path, parent, key);
    const struct json_member *m = member(g, o, path, key, f);
    if (!m)
        return;
    if (m->kind != JSON_INTEGER || m->integer < min || m->integer > max)
        jget_problem(g, path, "expected a whole number from %lld to %lld", (long long)min,
                     (long long)max);
    else
        *out = m->integer;
}

/* The members of an object member (or the elements of an array member), read through
 * SQLite; false when it is missing, null (when allowed) or of the wrong kind. */
bool jget_nested(struct jget *g, const struct json_members *o, const char *parent, const char *key,
                 unsigned f, enum json_kind kind, struct json_members *out)
{
    char path[160];
    jget_path(path, sizeof path, parent, key);
    memset(out, 0, sizeof *out);
    const struct json_member *m = member(g, o, path, key, f);
    if (!m)
        return false;
    if (m->kind != kind) {
        jget_problem(g, path, kind == JSON_OBJECT ? "expected an object" : "expected a list");
        return false;
    }
    struct oph_error e;
    if (store_json_read(g->app->store, m->text, m->len, "$", true, out, &e)) {
        jget_problem(g, path, "%s", e.msg);
        return false;
    }
    if (kind == JSON_OBJECT)
        jget_keys(g, out, path);
    return true;
}

/* The object element i of an array, read; false (reported) otherwise. */
bool jget_element(struct jget *g, const struct json_members *arr, int i, const char *path,
                  struct json_members *out)
{
    memset(out, 0, sizeof *out);
    const struct json_member *m = &arr->m[i];
    if (m->kind != JSON_OBJECT) {
        jget_problem(g, path, "expected an object");
        return false;
    }
    struct oph_error e;
    if (store_json_read(g->app->store, m->text, m->len, "$", true, out, &e)) {
        jget_problem(g, path, "%s", e.msg);
        return false;
    }
    jget_keys(g, out, path);
    return true;
}

bool jget_each(struct jget *g, const struct json_members *o, const char *key, jget_each_cb each,
               void *ctx)
{
    struct json_members arr;
    if (!jget_nested(g, o, NULL, key, 0, JSON_ARRAY, &arr))
        return false;
    for (int i = 0; i < arr.n; i++) {
        struct json_members e;
        char path[32];
        (void)!snprintf(path, sizeof path, "%s[%d]", key, i);
        if (!jget_element(g, &arr, i, path, &e))
            continue;
        each(ctx, &e, path);
        json_members_free(&e);
    }
    json_members_free(&arr);
    return true;
}
