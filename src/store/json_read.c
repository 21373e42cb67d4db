/* JSON documents read through SQLite's own JSON functions (json_valid, json_type, json_each):
 * the whole document is bound as one parameter, never pasted into SQL, and SQLite's parser,
 * which the rest of the program already trusts, does the reading. The largest document is
 * SQLite's longest string (SQLITE_MAX_LENGTH, 1,000,000,000 bytes). */
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"
#include "ophamp/xalloc.h"

static int kind_of(const char *type, enum json_kind *out)
{
    static const char *const names[] = {"null", "true", "false", "integer",
                                        "real", "text", "array", "object"};
    for (int i = 0; i < (int)(sizeof names / sizeof names[0]); i++)
        if (type && strcmp(type, names[i]) == 0) {
            *out = (enum json_kind)i;
            return 0;
        }
    return -1;
}

static int bind_doc(sqlite3_stmt *s, const char *json, size_t len)
{
    if (len > (size_t)0x7fffffff)
        return SQLITE_TOOBIG;
    return sqlite3_bind_text(s, 1, json, (int)len, SQLITE_STATIC);
}

static int too_big(struct oph_error *err)
{
    return oph_fail(err, OPH_INVALID,
                    "the document is larger than SQLite's longest string "
                    "(1,000,000,000 bytes)");
}

int store_json_kind(struct store *st, const char *json, size_t len, enum json_kind *out,
                    struct oph_error *err)
{
    sqlite3_stmt *s =
        store_stmt(st, Q_JSON_TYPE, "SELECT CASE WHEN json_valid(?1) THEN json_type(?1) END", err);
    if (!s)
        return -1;
    int rc = bind_doc(s, json, len);
    if (rc == SQLITE_TOOBIG)
        return too_big(err);
    rc = sqlite3_step(s);
    int found = -1;
    if (rc == SQLITE_ROW)
        found = kind_of((const char *)sqlite3_column_text(s, 0), out);
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    if (rc == SQLITE_TOOBIG)
        return too_big(err);
    if (rc != SQLITE_ROW)
        return store_fail(st, rc, err, "reading JSON");
    if (found < 0)
        return oph_fail(err, OPH_INVALID, "not JSON");
    return 0;
}

void json_members_free(struct json_members *m)
{
    for (int i = 0; i < m->n; i++) {
        free(m->m[i].key);
        free(m->m[i].text);
    }
    free(m->m);
    m->m = NULL;
    m->n = 0;
}

static char *copy_bytes(const void *p, size_t n)
{
    char *s = xmalloc(n + 1);
    if (n)
        memcpy(s, p, n);
    s[n] = '\0';
    return s;
}

/* Columns: key, type, atom, and the JSON of arrays and objects. */
static void read_member(sqlite3_stmt *s, bool nested, struct json_member *m)
{
    memset(m, 0, sizeof *m);
    if (sqlite3_column_type(s, 0) == SQLITE_TEXT)
        m->key = copy_bytes(sqlite3_column_text(s, 0), (size_t)sqlite3_column_bytes(s, 0));
    else
        m->index = (long)sqlite3_column_int64(s, 0);
    if (kind_of((const char *)sqlite3_column_text(s, 1), &m->kind))
        m->kind = JSON_NULL;
    if (m->kind == JSON_INTEGER) {
        m->integer = sqlite3_column_int64(s, 2);
    } else if (m->kind == JSON_TEXT) {
        const unsigned char *t = sqlite3_column_text(s, 2);
        m->len = (size_t)sqlite3_column_bytes(s, 2);
        m->text = copy_bytes(t ? (const char *)t : "", m->len);
    } else if (nested && (m->kind == JSON_ARRAY || m->kind == JSON_OBJECT)) {
        const unsigned char *t = sqlite3_column_text(s, 3);
        m->len = (size_t)sqlite3_column_bytes(s, 3);
        m->text = copy_bytes(t ? (const char *)t : "", m->len);
    }
}

int store_json_read(struct store *st, const char *json, size_t len, const char *path, bool nested,
                    struct json_members *out, struct oph_error *err)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *s = store_stmt(st, Q_JSON_READ,
                                 "SELECT key, type, atom, CASE WHEN ?3 AND type IN "
                                 "('array', 'object') THEN value END FROM json_each(?1, ?2)",
                                 err);
    if (!s)
        return -1;
    if (bind_doc(s, json, len) == SQLITE_TOOBIG)
        return too_big(err);
    sqlite3_bind_text(s, 2, path, -1, SQLITE_STATIC);
    sqlite3_bind_int(s, 3, nested);
    int rc, cap = 0;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (out->n == cap) {
            cap = cap ? cap * 2 : 16;
            out->m = xreallocarray(out->m, (size_t)cap, sizeof *out->m);
        }
        read_member(s, nested, &out->m[out->n++]);
    }
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    if (rc != SQLITE_DONE) {
        json_members_free(out);
        if (rc == SQLITE_ERROR)
            return oph_fail(err, OPH_INVALID, "not JSON");
        return rc == SQLITE_TOOBIG ? too_big(err) : store_fail(st, rc, err, "reading JSON");
    }
    return 0;
}

int store_json_each(struct store *st, const char *json, size_t len, const char *path,
                    json_element_cb cb, void *ctx, struct oph_error *err)
{
    sqlite3_stmt *s =
        store_stmt(st, Q_JSON_ITER, "SELECT key, type, value FROM json_each(?1, ?2)", err);
    if (!s)
        return -1;
    if (bind_doc(s, json, len) == SQLITE_TOOBIG)
        return too_big(err);
    sqlite3_bind_text(s, 2, path, -1, SQLITE_STATIC);
    int rc, result = 0;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        enum json_kind kind;
        if (kind_of((const char *)sqlite3_column_text(s, 1), &kind))
            kind = JSON_NULL;
        const unsigned char *t = sqlite3_column_text(s, 2);
        size_t n = (size_t)sqlite3_column_bytes(s, 2);
        if ((result =
                 cb(ctx, (long)sqlite3_column_int64(s, 0), kind, t ? (const char *)t : "", n)) != 0)
            break;
    }
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    if (result == 0 && rc != SQLITE_DONE) {
        if (rc == SQLITE_ERROR)
            return oph_fail(err, OPH_INVALID, "not JSON");
        return rc == SQLITE_TOOBIG ? too_big(err) : store_fail(st, rc, err, "reading JSON");
    }
    return result;
}
