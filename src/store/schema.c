/* The program's own schema, as objects: what schema.sql declares, compared with what a file
 * holds (the write guard, `check`) and brought into line by an upgrade. SQLite keeps each
 * object's CREATE statement as it was typed, so a declared statement and a file's
 * sqlite_schema.sql are compared as text. */
#include "store_internal.h"

#include <ctype.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ophamp/text.h"

struct schema_object {
    char type[8]; /* table, index, trigger, view */
    char name[64];
    bool virtual_table;
    char *sql; /* as sqlite_schema keeps it; NULL for an automatic index */
};

struct schema_list {
    struct schema_object *v;
    size_t n, cap;
};

static struct schema_list declared;
static bool declared_ok;

static void list_free(struct schema_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i].sql);
    free(l->v);
    memset(l, 0, sizeof *l);
}

static struct schema_object *list_add(struct schema_list *l)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 128;
        struct schema_object *v = realloc(l->v, cap * sizeof *v);
        if (!v)
            return NULL;
        l->v = v;
        l->cap = cap;
    }
    struct schema_object *o = &l->v[l->n++];
    memset(o, 0, sizeof *o);
    return o;
}

static const struct schema_object *list_find(const struct schema_list *l, const char *name)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->v[i].name, name) == 0)
            return &l->v[i];
    return NULL;
}

/* "CREATE [UNIQUE|VIRTUAL] TABLE|INDEX|TRIGGER|VIEW name": the type and name of a statement
 * (leading comments and space already skipped); false for any other statement. */
static bool parse_create(const char *sql, struct schema_object *o)
{
    static const struct {
        const char *prefix, *type;
        bool virtual_table;
    } kinds[] = {
        {"CREATE TABLE ", "table", false},     {"CREATE VIRTUAL TABLE ", "table", true},
        {"CREATE INDEX ", "index", false},     {"CREATE UNIQUE INDEX ", "index", false},
        {"CREATE TRIGGER ", "trigger", false}, {"CREATE VIEW ", "view", false},
    };
    for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++) {
        size_t n = strlen(kinds[i].prefix);
        if (strncmp(sql, kinds[i].prefix, n) != 0)
            continue;
        const char *p = sql + n;
        size_t k = 0;
        while ((isalnum((unsigned char)p[k]) || p[k] == '_') && k + 1 < sizeof o->name)
            k++;
        if (k == 0)
            return false;
        memcpy(o->name, p, k);
        o->name[k] = '\0';
        text_copy(o->type, sizeof o->type, kinds[i].type);
        o->virtual_table = kinds[i].virtual_table;
        return true;
    }
    return false;
}

/* Skips space and "--" comments. */
static const char *skip_space(const char *p, const char *end)
{
    for (;;) {
        while (p < end && isspace((unsigned char)*p))
            p++;
        if (p + 1 < end && p[0] == '-' && p[1] == '-') {
            while (p < end && *p != '\n')
                p++;
            continue;
        }
        return p;
    }
}

/* One statement of schema.sql (from start to its ';'), kept if it creates an object. */
static int add_statement(const char *start, const char *end)
{
    const char *p = skip_space(start, end);
    while (end > p && (isspace((unsigned char)end[-1]) || end[-1] == ';'))
        end--;
    struct schema_object probe;
    memset(&probe, 0, sizeof probe);
    char head[128];
    size_t n = (size_t)(end - p) < sizeof head - 1 ? (size_t)(end - p) : sizeof head - 1;
    memcpy(head, p, n);
    head[n] = '\0';
    if (!parse_create(head, &probe))
        return 0;
    struct schema_object *o = list_add(&declared);
    if (!o)
        return -1;
    *o = probe;
    o->sql = strndup(p, (size_t)(end - p));
    return o->sql ? 0 : -1;
}

/* Splits schema.sql into statements: a line ending in ';' may end one, and SQLite says
 * whether it does (a trigger's body holds several). */
static void parse_declared(void)
{
    const char *s = oph_schema_sql;
    const char *start = s, *line = s;
    char *buf = NULL;
    size_t cap = 0;
    bool ok = true;
    while (ok && *line) {
        const char *nl = strchr(line, '\n');
        const char *eol = nl ? nl : line + strlen(line);
        const char *last = eol;
        while (last > line && isspace((unsigned char)last[-1]))
            last--;
        if (last > line && last[-1] == ';') {
            size_t n = (size_t)(eol - start);
            if (n + 1 > cap) {
                char *grown = realloc(buf, n + 1);
                ok = grown != NULL;
                buf = ok ? grown : buf;
                cap = ok ? n + 1 : cap;
            }
            if (ok) {
                memcpy(buf, start, n);
                buf[n] = '\0';
                if (sqlite3_complete(buf)) {
                    ok = add_statement(start, last) == 0;
                    start = eol;
                }
            }
        }
        line = nl ? nl + 1 : eol;
    }
    free(buf);
    declared_ok = ok;
    if (!ok)
        list_free(&declared);
}

static int declared_schema(struct oph_error *err)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, parse_declared);
    return declared_ok ? 0 : oph_fail(err, OPH_DB, "out of memory reading the schema");
}

/* Every object a file holds but SQLite's own (sqlite_*) tables. */
static int read_objects(sqlite3 *db, struct schema_list *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(db,
                                "SELECT type, name, sql FROM sqlite_schema "
                                "WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
                                "OR type <> 'table' ORDER BY rowid",
                                -1, &s, NULL);
    while (rc == SQLITE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        rc = SQLITE_OK;
        struct schema_object *o = list_add(out);
        if (!o) {
            rc = SQLITE_NOMEM;
            break;
        }
        const char *type = (const char *)sqlite3_column_text(s, 0);
        const char *name = (const char *)sqlite3_column_text(s, 1);
        const char *sql = (const char *)sqlite3_column_text(s, 2);
        text_copy(o->type, sizeof o->type, type ? type : "");
        text_copy(o->name, sizeof o->name, name ? name : "");
        o->sql = sql ? strdup(sql) : NULL;
        o->virtual_table = sql && strncmp(sql, "CREATE VIRTUAL TABLE ", 21) == 0;
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) {
        list_free(out);
        return rc == SQLITE_OK ? SQLITE_ERROR : rc;
    }
    return SQLITE_OK;
}

/* The tables a virtual table keeps its data in (FTS5's case_search_data, …), as this SQLite
 * makes them: created beside the declared statement in a scratch database. */
static int shadow_tables(struct schema_list *out)
{
    memset(out, 0, sizeof *out);
    sqlite3 *mem = NULL;
    int rc = sqlite3_open_v2(":memory:", &mem, SQLITE_OPEN_READWRITE, NULL);
    for (size_t i = 0; rc == SQLITE_OK && i < declared.n; i++)
        if (declared.v[i].virtual_table)
            rc = sqlite3_exec(mem, declared.v[i].sql, NULL, NULL, NULL);
    if (rc == SQLITE_OK)
        rc = read_objects(mem, out);
    sqlite3_close(mem);
    return rc;
}

static bool is_shadow_of_declared(const struct schema_object *o)
{
    for (size_t i = 0; i < declared.n; i++) {
        size_t n = strlen(declared.v[i].name);
        if (declared.v[i].virtual_table && strncmp(o->name, declared.v[i].name, n) == 0 &&
            o->name[n] == '_')
            return true;
    }
    return false;
}

int schema_compare(sqlite3 *db, bool full, schema_diff_cb cb, void *ctx, struct oph_error *err)
{
    if (declared_schema(err))
        return -1;
    struct schema_list have, shadow = {0};
    int rc = read_objects(db, &have);
    if (rc == SQLITE_OK && full)
        rc = shadow_tables(&shadow);
    if (rc != SQLITE_OK) {
        list_free(&have);
        return oph_fail(err, OPH_DB, "cannot read the schema: %s", sqlite3_errstr(rc));
    }
    int diffs = 0;
    for (size_t i = 0; i < declared.n; i++) {
        const struct schema_object *want = &declared.v[i];
        const struct schema_object *got = list_find(&have, want->name);
        if (!got) {
            cb(ctx, SCHEMA_MISSING, want->type, want->name);
            diffs++;
        } else if (strcmp(got->type, want->type) != 0 || !got->sql ||
                   strcmp(got->sql, want->sql) != 0) {
            cb(ctx, SCHEMA_CHANGED, want->type, want->name);
            diffs++;
        }
    }
    for (size_t i = 0; i < have.n; i++) {
        const struct schema_object *o = &have.v[i];
        if (list_find(&declared, o->name))
            continue;
        bool ours = false;
        if (strncmp(o->name, "sqlite_autoindex_", 17) == 0 && !o->sql) {
            ours = true; /* made by SQLite for a UNIQUE or PRIMARY KEY of a table */
        } else if (is_shadow_of_declared(o)) {
            const struct schema_object *s = list_find(&shadow, o->name);
            ours = !full ||
                   (s && strcmp(s->type, o->type) == 0 &&
                    ((!s->sql && !o->sql) || (s->sql && o->sql && strcmp(s->sql, o->sql) == 0)));
            if (!ours && s) {
                cb(ctx, SCHEMA_CHANGED, o->type, o->name);
                diffs++;
                continue;
            }
        } else if (!full && strcmp(o->type, "table") == 0) {
            ours = true; /* a table of someone else's changes nothing the program writes */
        } else if (!full && strcmp(o->type, "index") == 0) {
            ours = true;
        }
        if (!ours) {
            cb(ctx, SCHEMA_ADDED, o->type, o->name);
            diffs++;
        }
    }
    if (full)
        for (size_t i = 0; i < shadow.n; i++)
            if (!list_find(&have, shadow.v[i].name) &&
                strncmp(shadow.v[i].name, "sqlite_", 7) != 0) {
                cb(ctx, SCHEMA_MISSING, shadow.v[i].type, shadow.v[i].name);
                diffs++;
            }
    list_free(&have);
    list_free(&shadow);
    return diffs;
}

/* ---- bringing a file into line (upgrades) -------------------------------------------- */

static int exec_fmt(sqlite3 *db, struct oph_error *err, const char *doing, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int exec_fmt(sqlite3 *db, struct oph_error *err, const char *doing, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *sql = sqlite3_vmprintf(fmt, ap);
    va_end(ap);
    if (!sql)
        return oph_fail(err, OPH_DB, "out of memory %s", doing);
    char *msg = NULL;
    int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
    sqlite3_free(sql);
    if (rc != SQLITE_OK) {
        oph_fail(err, OPH_DB, "cannot %s: %s", doing, msg ? msg : sqlite3_errstr(rc));
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

/* Names below are identifiers of schema.sql (letters, digits, _): quoted, never escaped. */
/* The columns two tables share, in the first one's order, as "a", "b", … */
static char *common_columns(sqlite3 *db, const char *a, const char *b)
{
    char *list = sqlite3_mprintf("%s", "");
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(db,
                           "SELECT x.name FROM pragma_table_info(?1) x "
                           "JOIN pragma_table_info(?2) y ON y.name = x.name ORDER BY x.cid",
                           -1, &s, NULL) == SQLITE_OK) {
        sqlite3_bind_text(s, 1, a, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 2, b, -1, SQLITE_STATIC);
        while (list && sqlite3_step(s) == SQLITE_ROW) {
            char *grown = sqlite3_mprintf("%s%s\"%s\"", list, *list ? ", " : "",
                                          (const char *)sqlite3_column_text(s, 0));
            sqlite3_free(list);
            list = grown;
        }
    }
    sqlite3_finalize(s);
    return list;
}

/* A table as declared, its rows kept: the old one renamed aside (legacy renaming leaves the
 * other tables' references and the views alone), the declared one made, the rows copied,
 * the old one dropped with its indexes and triggers (made again by the caller). Foreign keys
 * are checked at commit. */
static int rebuild_table(sqlite3 *db, const struct schema_object *want, struct oph_error *err)
{
    char doing[128];
    snprintf(doing, sizeof doing, "rebuild table %s", want->name);
    if (exec_fmt(db, err, doing, "ALTER TABLE \"%s\" RENAME TO \"%s__old\"", want->name,
                 want->name) ||
        exec_fmt(db, err, doing, "%s", want->sql))
        return -1;
    char old[80];
    snprintf(old, sizeof old, "%s__old", want->name);
    char *cols = common_columns(db, want->name, old);
    if (!cols)
        return oph_fail(err, OPH_DB, "out of memory to %s", doing);
    int rc = exec_fmt(db, err, doing, "INSERT INTO \"%s\"(%s) SELECT %s FROM \"%s\"", want->name,
                      cols, cols, old);
    sqlite3_free(cols);
    if (rc == 0)
        rc = exec_fmt(db, err, doing, "DROP TABLE \"%s\"", old);
    return rc;
}

/* The order objects are made in: tables, views, virtual tables, indexes, triggers last (so
 * that rows copied into a rebuilt table are not logged again). */
static int rank_of(const struct schema_object *o)
{
    if (strcmp(o->type, "table") == 0)
        return o->virtual_table ? 2 : 0;
    if (strcmp(o->type, "view") == 0)
        return 1;
    if (strcmp(o->type, "index") == 0)
        return 3;
    return 4;
}

int schema_converge(sqlite3 *db, const struct schema_refill *refills, struct oph_error *err)
{
    if (declared_schema(err))
        return -1;
    if (exec_fmt(db, err, "upgrade the schema", "%s",
                 "PRAGMA defer_foreign_keys = ON; PRAGMA legacy_alter_table = ON"))
        return -1;
    int rc = 0;
    for (int pass = 0; pass <= 4 && rc == 0; pass++) {
        for (size_t i = 0; i < declared.n && rc == 0; i++) {
            const struct schema_object *want = &declared.v[i];
            if (rank_of(want) != pass)
                continue;
            struct schema_list have;
            if (read_objects(db, &have) != SQLITE_OK) {
                rc = oph_fail(err, OPH_DB, "cannot read the schema");
                break;
            }
            const struct schema_object *got = list_find(&have, want->name);
            bool same = got && got->sql && strcmp(got->sql, want->sql) == 0;
            bool present = got != NULL;
            list_free(&have);
            if (same)
                continue;
            char doing[128];
            snprintf(doing, sizeof doing, "bring %s %s up to date", want->type, want->name);
            if (pass == 0 && present) {
                rc = rebuild_table(db, want, err);
                continue;
            }
            if (present)
                rc = exec_fmt(db, err, doing, "DROP %s \"%s\"",
                              pass == 1   ? "VIEW"
                              : pass == 2 ? "TABLE"
                              : pass == 3 ? "INDEX"
                                          : "TRIGGER",
                              want->name);
            if (rc == 0)
                rc = exec_fmt(db, err, doing, "%s", want->sql);
            for (const struct schema_refill *r = refills; rc == 0 && r && r->name; r++)
                if (pass == 2 && strcmp(r->name, want->name) == 0)
                    rc = exec_fmt(db, err, doing, "%s", r->sql);
        }
    }
    struct oph_error ignored;
    exec_fmt(db, rc ? &ignored : err, "upgrade the schema", "%s",
             "PRAGMA legacy_alter_table = OFF");
    return rc;
}
