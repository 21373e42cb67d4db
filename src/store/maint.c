/* Keeping the file sound: a consistent copy while others write (SQLite's online backup), and
 * the check of everything the program relies on: SQLite's own integrity check, the foreign
 * keys, and the audit log's hash chain and append-only triggers. Both only read. */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ophamp/text.h"
#include "store_internal.h"

/* ---- backup -------------------------------------------------------------------------- */

int store_backup(struct store *st, const char *dest, struct oph_error *err)
{
    sqlite3 *d = NULL;
    int rc = sqlite3_open_v2(dest, &d, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW, NULL);
    if (rc != SQLITE_OK) {
        oph_fail(err, OPH_DB, "cannot write the copy %s: %s", dest,
                 d ? sqlite3_errmsg(d) : sqlite3_errstr(rc));
        sqlite3_close(d);
        return -1;
    }
    /* The copy is a temporary file until it is whole: a journal beside it would only be one
     * more file to clean up. */
    sqlite3_exec(d, "PRAGMA journal_mode = OFF", NULL, NULL, NULL);
    sqlite3_backup *b = sqlite3_backup_init(d, "main", st->db, "main");
    if (!b) {
        oph_fail(err, OPH_DB, "cannot copy %s: %s", st->path, sqlite3_errmsg(d));
        sqlite3_close(d);
        return -1;
    }
    /* All pages in one step: one read transaction, so the copy is the database as of one
     * moment; writers go on meanwhile (write-ahead log). A lock held by a writer of a file
     * in rollback mode is waited for, as long as the busy timeout would. */
    int waited = 0;
    while ((rc = sqlite3_backup_step(b, -1)) == SQLITE_BUSY || rc == SQLITE_LOCKED) {
        if (waited >= 2000)
            break;
        usleep(50 * 1000);
        waited += 50;
    }
    int frc = sqlite3_backup_finish(b);
    if (rc == SQLITE_DONE)
        rc = frc;
    if (rc == SQLITE_DONE || rc == SQLITE_OK) {
        /* The copy stands alone: one file, in rollback mode until ophamp opens it to write. */
        rc = sqlite3_exec(d, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL);
        if (rc != SQLITE_OK)
            oph_fail(err, OPH_DB, "cannot write the copy: %s", sqlite3_errmsg(d));
    } else if ((rc & 0xFF) == SQLITE_FULL || (rc & 0xFF) == SQLITE_IOERR) {
        oph_fail(err, OPH_DB, "cannot write the copy (%s): nothing was written",
                 (rc & 0xFF) == SQLITE_FULL ? "the disk is full" : sqlite3_errstr(rc));
    } else {
        store_fail(st, rc, err, "copying");
    }
    if (sqlite3_close(d) != SQLITE_OK && rc == SQLITE_OK)
        rc = oph_fail(err, OPH_DB, "cannot write the copy %s", dest);
    return rc == SQLITE_OK || rc == SQLITE_DONE ? 0 : -1;
}

/* ---- check --------------------------------------------------------------------------- */

/* Lines listed per kind of problem; the rest are counted. */
#define CHECK_LIST_MAX 1000

/* What one connection found: problems counted, their lines kept to be said in order. */
struct checker {
    struct store *st;
    long problems;
    long listed; /* of the current kind */
    char **lines;
    size_t n_lines, cap_lines;
};

/* Keeps a line to be said; out of memory, the problem is still counted. */
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

static void problem(struct checker *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void problem(struct checker *c, const char *fmt, ...)
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

/* After each kind: how many were not listed. */
static void end_kind(struct checker *c, const char *what)
{
    if (c->listed > CHECK_LIST_MAX) {
        char line[256];
        snprintf(line, sizeof line, "%s: %ld more problems not listed", what,
                 c->listed - CHECK_LIST_MAX);
        say(c, line);
    }
    c->listed = 0;
}

/* A statement that failed part-way: the file can be opened but not all of it read. */
static void unreadable(struct checker *c, const char *what, int rc)
{
    problem(c, "%s: cannot be read whole: %s", what,
            c->st->db ? sqlite3_errmsg(c->st->db) : sqlite3_errstr(rc));
}

static void check_integrity(struct checker *c)
{
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(c->st->db, "PRAGMA integrity_check", -1, &s, NULL);
    while (rc == SQLITE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        rc = SQLITE_OK;
        const char *m = (const char *)sqlite3_column_text(s, 0);
        if (m && strcmp(m, "ok") != 0)
            problem(c, "integrity: %s", m);
    }
    if (rc != SQLITE_DONE && rc != SQLITE_OK)
        unreadable(c, "integrity check", rc);
    sqlite3_finalize(s);
    end_kind(c, "integrity");
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
            problem(c, "foreign key: a row of %s refers to a missing row of %s",
                    table ? table : "?", parent ? parent : "?");
        else
            problem(c, "foreign key: %s row %lld refers to a missing row of %s",
                    table ? table : "?", (long long)sqlite3_column_int64(s, 1),
                    parent ? parent : "?");
    }
    if (rc != SQLITE_DONE && rc != SQLITE_OK)
        unreadable(c, "foreign key check", rc);
    sqlite3_finalize(s);
    end_kind(c, "foreign key");
}

/* Every row's hash, recomputed exactly as the audit_entry_insert trigger made it: oph_sha256
 * over the previous row's hash, the time, actor, table, key, operation and the old and new
 * values. A row whose content was changed fails its own hash; a row removed (or one put in)
 * shows at the next row, whose prev_hash no longer names the row before it. Each break is
 * said once: the chain goes on from the stored hash. */
static void check_audit_chain(struct checker *c, int64_t *rows)
{
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(c->st->db,
                                "SELECT id, prev_hash, hash, oph_sha256(prev_hash, at, actor, tbl, "
                                "row_key, op, old_values, new_values) FROM audit_log ORDER BY id",
                                -1, &s, NULL);
    char prev[65] = "";
    int64_t prev_id = 0;
    *rows = 0;
    while (rc == SQLITE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        rc = SQLITE_OK;
        int64_t id = sqlite3_column_int64(s, 0);
        const char *prev_hash = (const char *)sqlite3_column_text(s, 1);
        const char *hash = (const char *)sqlite3_column_text(s, 2);
        const char *again = (const char *)sqlite3_column_text(s, 3);
        prev_hash = prev_hash ? prev_hash : "";
        hash = hash ? hash : "";
        if (strcmp(prev_hash, prev) != 0) {
            if (*rows == 0)
                problem(c,
                        "audit log row %lld: the first row's prev_hash is not empty (rows "
                        "before it were removed)",
                        (long long)id);
            else
                problem(c,
                        "audit log row %lld: prev_hash is not the hash of row %lld (a row "
                        "between them was removed or changed)",
                        (long long)id, (long long)prev_id);
        }
        if (!again || strcmp(again, hash) != 0)
            problem(c, "audit log row %lld: hash does not match its content", (long long)id);
        text_copy(prev, sizeof prev, hash);
        prev_id = id;
        ++*rows;
    }
    if (rc != SQLITE_DONE && rc != SQLITE_OK)
        unreadable(c, "audit log", rc);
    sqlite3_finalize(s);
    end_kind(c, "audit log");
}

/* The chaining trigger of schemas 1 and 2 (same hash, slower SQL): a file of that age that is
 * only read, and so not upgraded, still has it. */
static const char legacy_audit_entry_insert[] =
    "CREATE TRIGGER audit_entry_insert INSTEAD OF INSERT ON audit_entry\n"
    "BEGIN\n"
    "    INSERT INTO audit_log(at, actor, tbl, row_key, op, old_values, new_values, prev_hash, "
    "hash)\n"
    "    SELECT t.at, t.actor, NEW.tbl, NEW.row_key, NEW.op, NEW.old_values, NEW.new_values, p.h,\n"
    "           oph_sha256(p.h, t.at, t.actor, NEW.tbl, NEW.row_key, NEW.op,\n"
    "                      NEW.old_values, NEW.new_values)\n"
    "    FROM (SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'now') AS at, oph_actor() AS actor) AS t,\n"
    "         (SELECT coalesce((SELECT hash FROM audit_log\n"
    "                           WHERE id = (SELECT max(id) FROM audit_log)), '') AS h) AS p;\n"
    "END";

/* The triggers that keep the log append-only and chained, exactly as schema.sql made them. */
static void check_audit_triggers(struct checker *c)
{
    static const char *const names[] = {"audit_log_no_update", "audit_log_no_delete",
                                        "audit_entry_insert"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        char head[64];
        snprintf(head, sizeof head, "CREATE TRIGGER %s ", names[i]);
        const char *want = strstr(oph_schema_sql, head);
        const char *end = want ? strstr(want, "\nEND;") : NULL;
        sqlite3_stmt *s = NULL;
        int rc = sqlite3_prepare_v2(c->st->db,
                                    "SELECT sql FROM sqlite_schema WHERE type = 'trigger' "
                                    "AND name = ?1",
                                    -1, &s, NULL);
        if (rc == SQLITE_OK)
            sqlite3_bind_text(s, 1, names[i], -1, SQLITE_STATIC);
        rc = rc == SQLITE_OK ? sqlite3_step(s) : rc;
        if (rc == SQLITE_ROW) {
            const char *sql = (const char *)sqlite3_column_text(s, 0);
            size_t n = want && end ? (size_t)(end - want) + 4 : 0;
            bool legacy = i == 2 && sql && strcmp(sql, legacy_audit_entry_insert) == 0;
            if (!legacy &&
                (!sql || !want || !end || strlen(sql) != n || strncmp(sql, want, n) != 0))
                problem(c, "audit log: trigger %s has been changed", names[i]);
        } else if (rc == SQLITE_DONE) {
            problem(c, "audit log: trigger %s is missing: the log can be %s", names[i],
                    i == 0   ? "edited"
                    : i == 1 ? "deleted from"
                             : "written without its hash");
        } else {
            unreadable(c, "the schema", rc);
        }
        sqlite3_finalize(s);
    }
    end_kind(c, "audit log");
}

/* SQLite's integrity and foreign-key checks. */
static void check_file(struct checker *c)
{
    check_integrity(c);
    check_foreign_keys(c);
}

/* The same on a second connection, in one read transaction of its own. */
static void *run_check_file(void *arg)
{
    struct checker *c = arg;
    sqlite3_exec(c->st->db, "BEGIN", NULL, NULL, NULL);
    check_file(c);
    sqlite3_exec(c->st->db, "COMMIT", NULL, NULL, NULL);
    return NULL;
}

int store_check(struct store *st, check_problem_cb cb, void *ctx, struct check_summary *out,
                struct oph_error *err)
{
    struct checker c = {.st = st};
    memset(out, 0, sizeof *out);
    /* One read transaction for the counts, the audit log and its triggers. */
    int rc = sqlite3_exec(st->db, "BEGIN", NULL, NULL, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_stmt *s = NULL;
        rc = sqlite3_prepare_v2(st->db, "SELECT count(*) FROM cases", -1, &s, NULL);
        if (rc == SQLITE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
            out->cases = sqlite3_column_int64(s, 0);
            rc = SQLITE_OK;
        }
        sqlite3_finalize(s);
    }
    /* A file whose first pages cannot be read is not checked but refused. */
    if (rc != SQLITE_OK && (rc & 0xFF) != SQLITE_CORRUPT) {
        sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
        return store_fail(st, rc, err, "checking");
    }
    if (rc != SQLITE_OK)
        unreadable(&c, "cases", rc);
    /* SQLite's checks read the whole file, the chain recomputes every row's hash: about the
     * same time at any size, so the file is checked on a second connection in a second
     * thread meanwhile (each connection reads one moment of the file; with no second
     * connection, one after the other). The lines come out in the same order either way. */
    struct oph_error ignored;
    struct checker file = {.st = store_open_reader(st, &ignored)};
    pthread_t th;
    bool threaded = file.st && pthread_create(&th, NULL, run_check_file, &file) == 0;
    if (!threaded) {
        store_close(file.st);
        file.st = st;
        check_file(&file);
    }
    check_audit_chain(&c, &out->audit_rows);
    check_audit_triggers(&c);
    sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL);
    if (threaded) {
        pthread_join(th, NULL);
        store_close(file.st);
    }
    say_all_and_free(&file, cb, ctx);
    say_all_and_free(&c, cb, ctx);
    out->problems = c.problems + file.problems;
    return out->problems > 0 ? 1 : 0;
}
