/* ophamp check: proves the data from its log. Everything is read, nothing written:
 * - the schema is exactly the program's own (schema.c);
 * - the log is whole: each action's hash recomputed over its fields and changes and the one
 *   before (and the log of schemas 1 to 3 row by row), every change in its action's range;
 * - replaying the log gives exactly the rows of every table it covers, compared by digests
 *   in buckets of keys and, where a bucket differs, key by key and column by column;
 * - the derived tables (report_done, the search index) match what they are derived from;
 * - heads published earlier (--head) and the head kept outside the file are still in the log;
 * - SQLite's integrity and foreign-key checks.
 * Two connections: this one reads the log and the tables in one read transaction (the same
 * moment for both, as the replay needs); a second, in a second thread, runs SQLite's checks
 * and the derived tables' in a transaction of its own. */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ophamp/flatjson.h"
#include "ophamp/text.h"
#include "store_internal.h"

/* ---- problems, said in order --------------------------------------------------------- */

static void say(struct checker *c, const char *line)
{
    if (c->n_lines == c->cap_lines) {
        size_t cap = c->cap_lines ? 2 * c->cap_lines : 16;
        char **v = realloc(c->lines, cap * sizeof *v);
        if (!v)
            return;
        c->lines = v;
        c->cap_lines = cap;
    }
    char *copy = strdup(line);
    if (copy)
        c->lines[c->n_lines++] = copy;
}

static void say_all_and_free(struct checker *c, check_problem_cb cb, void *ctx)
{
    for (size_t i = 0; i < c->n_lines; i++) {
        cb(ctx, c->lines[i]);
        free(c->lines[i]);
    }
    free(c->lines);
    c->lines = NULL;
    c->n_lines = c->cap_lines = 0;
}

void check_problem(struct checker *c, const char *fmt, ...)
{
    c->problems++;
    if (++c->listed > CHECK_LIST_MAX)
        return;
    char line[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    say(c, line);
}

void check_end_kind(struct checker *c, const char *what)
{
    if (c->listed > CHECK_LIST_MAX) {
        char line[256];
        snprintf(line, sizeof line, "%s: %ld more problems not listed", what,
                 c->listed - CHECK_LIST_MAX);
        say(c, line);
    }
    c->listed = 0;
}

void check_unreadable(struct checker *c, const char *what, int rc)
{
    check_problem(c, "%s: cannot be read whole: %s", what,
                  c->st->db ? sqlite3_errmsg(c->st->db) : sqlite3_errstr(rc));
}

void check_progress(struct checker *c, const char *phase, int64_t done, int64_t total)
{
    if (c->opt && c->opt->progress)
        c->opt->progress(c->opt->progress_ctx, phase, done, total);
}

/* A value of the log or a table, shown in a line: neutralised and cut. */
void check_shown(const struct fj_member *m, char *out, size_t outsz)
{
    char raw[256];
    if (!m) {
        text_copy(out, outsz, "nothing");
        return;
    }
    if (fj_is_null(m)) {
        text_copy(out, outsz, "null");
        return;
    }
    fj_text(m, raw, sizeof raw);
    char safe[3 * 256];
    text_neutralise(raw, safe, sizeof safe, false);
    snprintf(out, outsz, "'%.80s%s'", safe, strlen(safe) > 80 ? "…" : "");
}

/* ---- SQLite's own checks ------------------------------------------------------------- */

static void check_integrity(struct checker *c)
{
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(c->st->db, "PRAGMA integrity_check", -1, &s, NULL);
    while (rc == SQLITE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        rc = SQLITE_OK;
        const char *m = (const char *)sqlite3_column_text(s, 0);
        if (m && strcmp(m, "ok") != 0)
            check_problem(c, "integrity: %s", m);
    }
    if (rc != SQLITE_DONE && rc != SQLITE_OK)
        check_unreadable(c, "integrity check", rc);
    sqlite3_finalize(s);
    check_end_kind(c, "integrity");
}

static void check_foreign_keys(struct checker *c)
{
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(c->st->db, "PRAGMA foreign_key_check", -1, &s, NULL);
    while (rc == SQLITE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        rc = SQLITE_OK;
        const char *table = (const char *)sqlite3_column_text(s, 0);
        const char *parent = (const char *)sqlite3_column_text(s, 2);
        if (sqlite3_column_type(s, 1) == SQLITE_NULL)
            check_problem(c, "foreign key: a row of %s refers to a missing row of %s",
                          table ? table : "?", parent ? parent : "?");
        else
            check_problem(c, "foreign key: %s row %lld refers to a missing row of %s",
                          table ? table : "?", (long long)sqlite3_column_int64(s, 1),
                          parent ? parent : "?");
    }
    if (rc != SQLITE_DONE && rc != SQLITE_OK)
        check_unreadable(c, "foreign key check", rc);
    sqlite3_finalize(s);
    check_end_kind(c, "foreign key");
}

/* ---- the schema ---------------------------------------------------------------------- */

static void schema_problem(void *ctx, enum schema_diff d, const char *type, const char *name)
{
    struct checker *c = ctx;
    char safe[3 * 64 + 1];
    text_neutralise(name, safe, sizeof safe, false);
    check_problem(c, "schema: %s %s %s", type, safe,
                  d == SCHEMA_MISSING ? "is missing (the program creates it)"
                  : d == SCHEMA_ADDED ? "was added (the program does not create it)"
                                      : "was changed (its definition is not the program's)");
}

static void check_schema(struct checker *c)
{
    struct oph_error err;
    if (schema_compare(c->st->db, true, schema_problem, c, &err) < 0)
        check_problem(c, "schema: %s", err.msg);
    check_end_kind(c, "schema");
}
/* ---- heads --------------------------------------------------------------------------- */

static void check_head(struct checker *c, const struct log_head *h, const char *where, int64_t last)
{
    sqlite3_stmt *s = NULL;
    int rc =
        sqlite3_prepare_v2(c->st->db, "SELECT hash FROM log_actions WHERE id = ?1", -1, &s, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_int64(s, 1, h->id);
        rc = sqlite3_step(s);
    }
    if (rc == SQLITE_ROW) {
        const char *hash = (const char *)sqlite3_column_text(s, 0);
        if (!hash || strncmp(hash, h->hash, strlen(h->hash)) != 0)
            check_problem(c,
                          "head %lld:%.16s… (%s): action %lld now has another hash: the log was "
                          "rewritten since",
                          (long long)h->id, h->hash, where, (long long)h->id);
    } else if (rc == SQLITE_DONE) {
        check_problem(c,
                      "head %lld:%.16s… (%s): the log has no action %lld (it ends at %lld): it was "
                      "cut back or rewritten since",
                      (long long)h->id, h->hash, where, (long long)h->id, (long long)last);
    } else {
        check_unreadable(c, "the log", rc);
    }
    sqlite3_finalize(s);
}

static void check_heads(struct checker *c, struct check_summary *out)
{
    const struct check_options *o = c->opt;
    for (int i = 0; o && i < o->n_heads; i++)
        check_head(c, &o->heads[i], "given", out->head.id);
    char path[4096];
    if (log_head_path(c->st, path, sizeof path)) {
        struct log_head_file f;
        int rc = log_head_read(path, &f);
        out->head_file = rc;
        if (rc < 0) {
            check_problem(c, "head file %s: cannot be read or is damaged", path);
        } else if (rc > 0) {
            check_head(c, &f.head, "kept outside the database", out->head.id);
            for (int i = 0; i < f.n_lost; i++)
                check_problem(c,
                              "head %lld:%.16s… was in the log until %s and is no longer: the log "
                              "was cut back or rewritten (restoring an older backup does this too)",
                              (long long)f.lost[i].head.id, f.lost[i].head.hash, f.lost[i].noticed);
        }
    }
    check_end_kind(c, "heads");
}

/* ---- the second thread --------------------------------------------------------------- */

static void check_file(struct checker *c)
{
    check_integrity(c);
    check_foreign_keys(c);
    if (c->version >= 4) {
        check_report_done(c);
        check_case_search(c);
    }
}

static void *run_check_file(void *arg)
{
    struct checker *c = arg;
    sqlite3_exec(c->st->db, "BEGIN", NULL, NULL, NULL);
    check_file(c);
    sqlite3_exec(c->st->db, "COMMIT", NULL, NULL, NULL);
    return NULL;
}

/* ---- the whole check ----------------------------------------------------------------- */

static int64_t count_of(struct store *st, const char *sql, int *rc)
{
    sqlite3_stmt *s = NULL;
    int64_t n = 0;
    *rc = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);
    if (*rc == SQLITE_OK && (*rc = sqlite3_step(s)) == SQLITE_ROW) {
        n = sqlite3_column_int64(s, 0);
        *rc = SQLITE_OK;
    }
    sqlite3_finalize(s);
    return n;
}

int store_check(struct store *st, const struct check_options *o, check_problem_cb cb, void *ctx,
                struct check_summary *out, struct oph_error *err)
{
    struct checker c = {.st = st, .opt = o};
    memset(out, 0, sizeof *out);
    int version = 0;
    int rc = sqlite3_exec(st->db, "BEGIN", NULL, NULL, NULL);
    if (rc == SQLITE_OK)
        version = (int)count_of(st, "PRAGMA user_version", &rc);
    if (rc == SQLITE_OK)
        out->cases = count_of(st, "SELECT count(*) FROM cases", &rc);
    /* A file whose first pages cannot be read is not checked but refused. */
    if (rc != SQLITE_OK && (rc & 0xFF) != SQLITE_CORRUPT) {
        sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
        return store_fail(st, rc, err, "checking");
    }
    if (rc != SQLITE_OK)
        check_unreadable(&c, "cases", rc);
    if (version < STORE_SCHEMA_VERSION) {
        check_problem(
            &c,
            "schema: the file is at version %d (this program's is %d): any ophamp command "
            "that writes upgrades it; check it again then",
            version, STORE_SCHEMA_VERSION);
        check_end_kind(&c, "schema");
    } else {
        check_schema(&c);
    }
    struct oph_error ignored;
    struct checker file = {.st = store_open_reader(st, &ignored), .opt = o, .version = version};
    pthread_t th;
    bool threaded = file.st && pthread_create(&th, NULL, run_check_file, &file) == 0;
    if (!threaded) {
        store_close(file.st);
        file.st = st;
        check_file(&file);
    }
    check_log_replay(&c, version, out);
    if (version >= 4)
        check_heads(&c, out);
    sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL);
    if (threaded) {
        pthread_join(th, NULL);
        store_close(file.st);
    }
    say_all_and_free(&c, cb, ctx);
    say_all_and_free(&file, cb, ctx);
    out->problems = c.problems + file.problems;
    return out->problems > 0 ? 1 : 0;
}

int store_rebuild_derived(struct store *st, struct oph_error *err)
{
    char *msg = NULL;
    int rc = refill_derived(st->db, true, &msg);
    sqlite3_free(msg);
    return rc == SQLITE_OK ? 0 : store_fail(st, rc, err, "rebuilding the derived tables");
}
