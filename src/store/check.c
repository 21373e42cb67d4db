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

/* Lines listed per kind of problem; the rest are counted. */
#define CHECK_LIST_MAX 1000
/* Buckets of keys for the replay's digests: a difference is looked for key by key only in the
 * buckets whose digests differ. */
#define BUCKETS 16384
/* At most this many keys are followed at once while a difference is looked for. */
#define TRACK_MAX 400000

/* ---- problems, said in order --------------------------------------------------------- */

struct checker {
    struct store *st;
    long problems;
    long listed; /* of the current kind */
    char **lines;
    size_t n_lines, cap_lines;
    const struct check_options *opt;
    int version; /* of the file's schema */
};

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

static void unreadable(struct checker *c, const char *what, int rc)
{
    problem(c, "%s: cannot be read whole: %s", what,
            c->st->db ? sqlite3_errmsg(c->st->db) : sqlite3_errstr(rc));
}

static void progress(struct checker *c, const char *phase, int64_t done, int64_t total)
{
    if (c->opt && c->opt->progress)
        c->opt->progress(c->opt->progress_ctx, phase, done, total);
}

/* A value of the log or a table, shown in a line: neutralised and cut. */
static void shown(const struct fj_member *m, char *out, size_t outsz)
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

/* ---- the schema ---------------------------------------------------------------------- */

static void schema_problem(void *ctx, enum schema_diff d, const char *type, const char *name)
{
    struct checker *c = ctx;
    char safe[3 * 64 + 1];
    text_neutralise(name, safe, sizeof safe, false);
    problem(c, "schema: %s %s %s", type, safe,
            d == SCHEMA_MISSING ? "is missing (the program creates it)"
            : d == SCHEMA_ADDED ? "was added (the program does not create it)"
                                : "was changed (its definition is not the program's)");
}

static void check_schema(struct checker *c)
{
    struct oph_error err;
    if (schema_compare(c->st->db, true, schema_problem, c, &err) < 0)
        problem(c, "schema: %s", err.msg);
    end_kind(c, "schema");
}

/* ---- the tables the log covers ------------------------------------------------------- */

#define TABLES_MAX 32

struct covered {
    char name[64];
    char key[64]; /* its primary key column */
    char *select; /* "SELECT CAST(key AS TEXT), json_object(...) FROM name" */
};

struct coverage {
    struct covered t[TABLES_MAX];
    int n;
};

/* Every table with a logging trigger ("<table>_audit_insert"), its key and its row as the
 * triggers write it: every column, in order. */
static int coverage_read(sqlite3 *db, struct coverage *cv)
{
    memset(cv, 0, sizeof *cv);
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(db,
                                "SELECT tbl_name FROM sqlite_schema WHERE type = 'trigger' AND "
                                "name = tbl_name || '_audit_insert' ORDER BY tbl_name",
                                -1, &s, NULL);
    while (rc == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW && cv->n < TABLES_MAX) {
        struct covered *t = &cv->t[cv->n++];
        text_copy(t->name, sizeof t->name, (const char *)sqlite3_column_text(s, 0));
    }
    sqlite3_finalize(s);
    for (int i = 0; rc == SQLITE_OK && i < cv->n; i++) {
        struct covered *t = &cv->t[i];
        char *cols = sqlite3_mprintf("%s", "");
        s = NULL;
        rc = sqlite3_prepare_v2(db, "SELECT name, pk FROM pragma_table_info(?1) ORDER BY cid", -1,
                                &s, NULL);
        if (rc == SQLITE_OK)
            sqlite3_bind_text(s, 1, t->name, -1, SQLITE_STATIC);
        while (rc == SQLITE_OK && cols && sqlite3_step(s) == SQLITE_ROW) {
            const char *col = (const char *)sqlite3_column_text(s, 0);
            if (sqlite3_column_int(s, 1) == 1)
                text_copy(t->key, sizeof t->key, col);
            char *grown = sqlite3_mprintf("%s%s'%q', \"%w\"", cols, *cols ? ", " : "", col, col);
            sqlite3_free(cols);
            cols = grown;
        }
        sqlite3_finalize(s);
        if (!cols || !t->key[0]) {
            sqlite3_free(cols);
            rc = SQLITE_ERROR;
            break;
        }
        t->select = sqlite3_mprintf("SELECT CAST(\"%w\" AS TEXT), json_object(%s) FROM \"%w\"",
                                    t->key, cols, t->name);
        sqlite3_free(cols);
        if (!t->select)
            rc = SQLITE_NOMEM;
    }
    return rc;
}

static void coverage_free(struct coverage *cv)
{
    for (int i = 0; i < cv->n; i++)
        sqlite3_free(cv->t[i].select);
}

static int coverage_find(const struct coverage *cv, const char *name)
{
    for (int i = 0; i < cv->n; i++)
        if (strcmp(cv->t[i].name, name) == 0)
            return i;
    return -1;
}

/* ---- digests of rows ----------------------------------------------------------------- */

/* A row's state: its table, key and every member that is not null (a column added later,
 * null in the rows logged before, changes nothing), hashed; 4 lanes summed per bucket. */
struct digest {
    uint64_t lane[4];
    int64_t rows;
};

static uint32_t bucket_of(const char *tbl, const char *key)
{
    uint32_t h = 2166136261u;
    for (const unsigned char *p = (const unsigned char *)tbl; *p; p++)
        h = (h ^ *p) * 16777619u;
    h = (h ^ 0xFFu) * 16777619u;
    for (const unsigned char *p = (const unsigned char *)key; *p; p++)
        h = (h ^ *p) * 16777619u;
    return h % BUCKETS;
}

static void row_hash(const char *tbl, const char *key, const char *json, size_t len,
                     uint64_t out[4])
{
    struct sha256_ctx h;
    sha256_init(&h);
    log_hash_field(&h, tbl, strlen(tbl));
    log_hash_field(&h, key, strlen(key));
    struct fj_iter it;
    struct fj_member m;
    fj_init(&it, json, len);
    while (fj_next(&it, &m)) {
        if (fj_is_null(&m))
            continue;
        log_hash_field(&h, m.key, m.key_len);
        log_hash_field(&h, m.value, m.value_len);
    }
    if (it.bad)
        log_hash_field(&h, json, len); /* not an object: counts as itself */
    uint8_t d[SHA256_DIGEST_SIZE];
    sha256_digest(&h, sizeof d, d);
    for (int i = 0; i < 4; i++) {
        uint64_t v = 0;
        for (int k = 0; k < 8; k++)
            v = v << 8 | d[8 * i + k];
        out[i] = v;
    }
}

static void digest_add(struct digest *d, const uint64_t h[4], int sign)
{
    for (int i = 0; i < 4; i++)
        d->lane[i] += sign > 0 ? h[i] : (uint64_t)0 - h[i];
    d->rows += sign;
}

/* ---- one pass over the log ----------------------------------------------------------- */

/* A change of the log as the replay sees it: legacy rows carry a negative id. */
struct change_row {
    int64_t ref;
    const char *tbl, *key, *old, *new_;
    size_t old_len, new_len;
};

struct replay {
    struct checker *c;
    const struct coverage *cv;
    struct digest *from_log; /* BUCKETS */
    int64_t unknown_tables;
};

static void replay_change(struct replay *r, const struct change_row *ch)
{
    if (coverage_find(r->cv, ch->tbl) < 0) {
        if (r->unknown_tables++ < 20) {
            char safe[200];
            text_neutralise(ch->tbl, safe, sizeof safe, false);
            problem(r->c, "log: change %s%lld names table %s, which the log does not cover",
                    ch->ref < 0 ? "legacy " : "", (long long)(ch->ref < 0 ? -ch->ref : ch->ref),
                    safe);
        }
        return;
    }
    struct digest *d = &r->from_log[bucket_of(ch->tbl, ch->key)];
    uint64_t h[4];
    if (ch->old) {
        row_hash(ch->tbl, ch->key, ch->old, ch->old_len, h);
        digest_add(d, h, -1);
    }
    if (ch->new_) {
        row_hash(ch->tbl, ch->key, ch->new_, ch->new_len, h);
        digest_add(d, h, +1);
    }
}

static void change_from_row(sqlite3_stmt *s, int tbl, struct change_row *ch)
{
    ch->tbl = (const char *)sqlite3_column_text(s, tbl);
    ch->key = (const char *)sqlite3_column_text(s, tbl + 1);
    ch->old = (const char *)sqlite3_column_text(s, tbl + 3);
    ch->old_len = (size_t)sqlite3_column_bytes(s, tbl + 3);
    ch->new_ = (const char *)sqlite3_column_text(s, tbl + 4);
    ch->new_len = (size_t)sqlite3_column_bytes(s, tbl + 4);
    if (!ch->tbl)
        ch->tbl = "";
    if (!ch->key)
        ch->key = "";
}

/* The log of schemas 1 to 3: each row's hash recomputed over the row before's and its own
 * content; a row changed fails its own hash, one removed or put in shows at the next row. */
static void check_legacy_log(struct checker *c, struct replay *r, char last[LOG_HASH_HEX + 1],
                             int64_t *rows)
{
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(c->st->db,
                                "SELECT id, prev_hash, hash, oph_sha256(prev_hash, at, actor, tbl, "
                                "row_key, op, old_values, new_values), tbl, row_key, op, "
                                "old_values, new_values FROM audit_log ORDER BY id",
                                -1, &s, NULL);
    char prev[LOG_HASH_HEX + 1] = "";
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
                        "log of schemas 1-3, row %lld: the first row's prev_hash is not empty "
                        "(rows before it were removed)",
                        (long long)id);
            else
                problem(c,
                        "log of schemas 1-3, row %lld: prev_hash is not the hash of row %lld "
                        "(a row between them was removed or changed)",
                        (long long)id, (long long)prev_id);
        }
        if (!again || strcmp(again, hash) != 0)
            problem(c, "log of schemas 1-3, row %lld: hash does not match its content",
                    (long long)id);
        struct change_row ch = {.ref = -id};
        change_from_row(s, 4, &ch);
        if (r)
            replay_change(r, &ch);
        text_copy(prev, sizeof prev, hash);
        prev_id = id;
        ++*rows;
    }
    if (rc != SQLITE_DONE && rc != SQLITE_OK)
        unreadable(c, "the log of schemas 1-3", rc);
    sqlite3_finalize(s);
    text_copy(last, LOG_HASH_HEX + 1, prev);
}

/* The actions, each with its changes (one cursor over each, side by side): ranges that
 * follow on, changes that belong to their action, hashes recomputed, the chain whole. */
static void check_actions(struct checker *c, struct replay *r, const char *legacy_last,
                          struct check_summary *out)
{
    sqlite3_stmt *a = NULL, *ch = NULL;
    int rc = sqlite3_prepare_v2(c->st->db,
                                "SELECT id, at, actor_id, actor, os_user, what, case_id, "
                                "first_change, last_change, prev_hash, hash FROM log_actions "
                                "ORDER BY id",
                                -1, &a, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(c->st->db, LOG_CHANGES_SELECT " ORDER BY id", -1, &ch, NULL);
    char prev[LOG_HASH_HEX + 1];
    text_copy(prev, sizeof prev, legacy_last);
    int64_t prev_id = 0, next_change = 1, total = 0;
    int crc = rc == SQLITE_OK ? sqlite3_step(ch) : rc; /* the change cursor, one ahead */
    {
        sqlite3_stmt *n = NULL;
        if (sqlite3_prepare_v2(c->st->db, "SELECT coalesce(max(id), 0) FROM log_changes", -1, &n,
                               NULL) == SQLITE_OK &&
            sqlite3_step(n) == SQLITE_ROW)
            total = sqlite3_column_int64(n, 0);
        sqlite3_finalize(n);
    }
    while (rc == SQLITE_OK && (rc = sqlite3_step(a)) == SQLITE_ROW) {
        rc = SQLITE_OK;
        struct log_action la;
        memset(&la, 0, sizeof la);
        la.id = sqlite3_column_int64(a, 0);
        col_text(a, 1, la.at, sizeof la.at);
        la.actor_id = sqlite3_column_int64(a, 2);
        col_text(a, 3, la.actor, sizeof la.actor);
        col_text(a, 4, la.os_user, sizeof la.os_user);
        col_text(a, 5, la.what, sizeof la.what);
        la.case_id = sqlite3_column_int64(a, 6);
        la.first_change = sqlite3_column_int64(a, 7);
        la.last_change = sqlite3_column_int64(a, 8);
        col_text(a, 9, la.prev_hash, sizeof la.prev_hash);
        char stored[LOG_HASH_HEX + 1];
        col_text(a, 10, stored, sizeof stored);
        if (strcmp(la.prev_hash, prev) != 0)
            problem(c,
                    prev_id ? "log: action %lld does not chain on action %lld (an action "
                              "between them was removed or changed)"
                            : "log: action %lld does not chain on the log before it%.0lld "
                              "(actions or rows before it were removed)",
                    (long long)la.id, (long long)prev_id);
        if (la.first_change != next_change)
            problem(c, "log: action %lld starts at change %lld, not %lld (changes %s)",
                    (long long)la.id, (long long)la.first_change, (long long)next_change,
                    la.first_change > next_change ? "before it belong to no action"
                                                  : "are claimed twice");
        struct sha256_ctx h;
        log_hash_action_head(&h, &la);
        /* changes before the range belong to no action */
        while (crc == SQLITE_ROW && sqlite3_column_int64(ch, 0) < la.first_change) {
            problem(c, "log: change %lld belongs to no action",
                    (long long)sqlite3_column_int64(ch, 0));
            crc = sqlite3_step(ch);
        }
        int64_t expect = la.first_change;
        while (crc == SQLITE_ROW && sqlite3_column_int64(ch, 0) <= la.last_change) {
            int64_t id = sqlite3_column_int64(ch, 0);
            if (id != expect)
                problem(c, "log: action %lld: change %lld is missing", (long long)la.id,
                        (long long)expect);
            expect = id + 1;
            if (sqlite3_column_int64(ch, 1) != la.id)
                problem(c, "log: change %lld says it belongs to action %lld, not %lld",
                        (long long)id, (long long)sqlite3_column_int64(ch, 1), (long long)la.id);
            log_hash_change(&h, ch);
            struct change_row row = {.ref = id};
            change_from_row(ch, 2, &row);
            if (r)
                replay_change(r, &row);
            out->changes++;
            if (out->changes % 65536 == 0)
                progress(c, "the log", out->changes, total);
            crc = sqlite3_step(ch);
        }
        if (expect <= la.last_change)
            problem(c, "log: action %lld: changes %lld to %lld are missing", (long long)la.id,
                    (long long)expect, (long long)la.last_change);
        char again[LOG_HASH_HEX + 1];
        log_hash_hex(&h, again);
        if (strcmp(again, stored) != 0)
            problem(c, "log: action %lld: its hash does not match its content", (long long)la.id);
        text_copy(prev, sizeof prev, stored);
        prev_id = la.id;
        next_change = la.last_change + 1;
        out->actions++;
        out->head.id = la.id;
        text_copy(out->head.hash, sizeof out->head.hash, stored);
    }
    if (rc != SQLITE_DONE && rc != SQLITE_OK)
        unreadable(c, "the log", rc);
    while (crc == SQLITE_ROW) {
        problem(c, "log: change %lld belongs to no action (after the last one)",
                (long long)sqlite3_column_int64(ch, 0));
        crc = sqlite3_step(ch);
    }
    if (crc != SQLITE_DONE && crc != SQLITE_ROW && rc == SQLITE_DONE)
        unreadable(c, "the log's changes", crc);
    sqlite3_finalize(a);
    sqlite3_finalize(ch);
}

/* ---- the tables, against the log ----------------------------------------------------- */

static void digest_tables(
    struct checker *c, const struct coverage *cv, struct digest *from_db, const uint8_t *only,
    void (*each)(void *ctx, int t, const char *key, const char *json, size_t len), void *ctx)
{
    int64_t done = 0;
    for (int i = 0; i < cv->n; i++) {
        sqlite3_stmt *s = NULL;
        int rc = sqlite3_prepare_v2(c->st->db, cv->t[i].select, -1, &s, NULL);
        while (rc == SQLITE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
            rc = SQLITE_OK;
            const char *key = (const char *)sqlite3_column_text(s, 0);
            const char *json = (const char *)sqlite3_column_text(s, 1);
            size_t len = (size_t)sqlite3_column_bytes(s, 1);
            key = key ? key : "";
            uint32_t b = bucket_of(cv->t[i].name, key);
            if (only && !only[b])
                continue;
            if (from_db) {
                uint64_t h[4];
                row_hash(cv->t[i].name, key, json, len, h);
                digest_add(&from_db[b], h, +1);
            }
            if (each)
                each(ctx, i, key, json, len);
            if (++done % 65536 == 0 && !only)
                progress(c, "the tables", done, 0);
        }
        if (rc != SQLITE_DONE && rc != SQLITE_OK)
            unreadable(c, cv->t[i].name, rc);
        sqlite3_finalize(s);
    }
}

/* A key the search for differences follows: what the log says of it. */
struct tracked {
    int t; /* table (coverage index) */
    char *key;
    bool exists;            /* after the last change */
    bool seen;              /* in the table */
    uint64_t last_new[4];   /* hash of its last new values */
    int64_t last_ref;       /* the change that wrote them */
    int64_t break_ref;      /* the first change whose old values were not the last new ones */
    int64_t break_prev_ref; /* the change before it */
    struct tracked *next;   /* in its hash chain */
};

struct tracker {
    struct checker *c;
    const struct coverage *cv;
    const uint8_t *only;
    struct tracked **slots;
    size_t n_slots, n;
    struct tracked *all; /* the records, in one array */
    size_t cap;
};

static uint32_t key_hash(int t, const char *key)
{
    uint32_t h = 2166136261u ^ (uint32_t)t;
    for (const unsigned char *p = (const unsigned char *)key; *p; p++)
        h = (h ^ *p) * 16777619u;
    return h;
}

static struct tracked *track_find(struct tracker *k, int t, const char *key, bool add)
{
    uint32_t h = key_hash(t, key) % (uint32_t)k->n_slots;
    for (struct tracked *x = k->slots[h]; x; x = x->next)
        if (x->t == t && strcmp(x->key, key) == 0)
            return x;
    if (!add || k->n == k->cap)
        return NULL;
    struct tracked *x = &k->all[k->n++];
    memset(x, 0, sizeof *x);
    x->t = t;
    x->key = strdup(key);
    if (!x->key) {
        k->n--;
        return NULL;
    }
    x->next = k->slots[h];
    k->slots[h] = x;
    return x;
}

/* The values of a change, read again by its reference (a change or a legacy row). */
static char *change_values(struct checker *c, int64_t ref, bool new_values)
{
    const char *sql = ref < 0 ? (new_values ? "SELECT new_values FROM audit_log WHERE id = ?1"
                                            : "SELECT old_values FROM audit_log WHERE id = ?1")
                              : (new_values ? "SELECT new_values FROM log_changes WHERE id = ?1"
                                            : "SELECT old_values FROM log_changes WHERE id = ?1");
    sqlite3_stmt *s = NULL;
    char *v = NULL;
    if (sqlite3_prepare_v2(c->st->db, sql, -1, &s, NULL) == SQLITE_OK) {
        sqlite3_bind_int64(s, 1, ref < 0 ? -ref : ref);
        if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
            v = strdup((const char *)sqlite3_column_text(s, 0));
    }
    sqlite3_finalize(s);
    return v;
}

static void ref_name(int64_t ref, char *out, size_t outsz)
{
    if (ref < 0)
        snprintf(out, outsz, "row %lld of the log of schemas 1-3", (long long)-ref);
    else
        snprintf(out, outsz, "change %lld", (long long)ref);
}

/* Each column whose values differ, as "column C: <a_says> X, <b_says> Y". */
static void column_diffs(struct checker *c, const char *head, const char *a, const char *a_says,
                         const char *b, const char *b_says)
{
    struct fj_iter ia;
    struct fj_member ma, mb;
    int said = 0;
    fj_init(&ia, a ? a : "{}", a ? strlen(a) : 2);
    while (fj_next(&ia, &ma)) {
        char key[64];
        snprintf(key, sizeof key, "%.*s", (int)ma.key_len, ma.key);
        int found = b ? fj_find(b, strlen(b), key, &mb) : 0;
        bool same =
            found ? (ma.value_len == mb.value_len && memcmp(ma.value, mb.value, ma.value_len) == 0)
                  : fj_is_null(&ma);
        if (same)
            continue;
        char va[300], vb[300];
        shown(&ma, va, sizeof va);
        shown(found ? &mb : NULL, vb, sizeof vb);
        problem(c, "%s, column %s: %s %s, %s %s", head, key, a_says, va, b_says, vb);
        said++;
    }
    struct fj_iter ib;
    fj_init(&ib, b ? b : "{}", b ? strlen(b) : 2);
    while (fj_next(&ib, &mb)) {
        char key[64];
        snprintf(key, sizeof key, "%.*s", (int)mb.key_len, mb.key);
        if (fj_is_null(&mb) || (a && fj_find(a, strlen(a), key, &ma)))
            continue;
        char vb[300];
        shown(&mb, vb, sizeof vb);
        problem(c, "%s, column %s: %s nothing, %s %s", head, key, a_says, b_says, vb);
        said++;
    }
    if (!said)
        problem(c, "%s: differs", head);
}

static void track_change(struct tracker *k, const struct change_row *ch)
{
    int t = coverage_find(k->cv, ch->tbl);
    if (t < 0 || !k->only[bucket_of(ch->tbl, ch->key)])
        return;
    struct tracked *x = track_find(k, t, ch->key, true);
    if (!x)
        return;
    uint64_t h[4];
    if (ch->old) {
        row_hash(ch->tbl, ch->key, ch->old, ch->old_len, h);
        if (!x->break_ref && (!x->exists || memcmp(h, x->last_new, sizeof h) != 0)) {
            x->break_ref = ch->ref;
            x->break_prev_ref = x->exists ? x->last_ref : 0;
        }
    } else if (x->exists && !x->break_ref) {
        x->break_ref = ch->ref; /* put in again over a row that was there */
        x->break_prev_ref = x->last_ref;
    }
    if (ch->new_) {
        row_hash(ch->tbl, ch->key, ch->new_, ch->new_len, x->last_new);
        x->exists = true;
    } else {
        x->exists = false;
    }
    x->last_ref = ch->ref;
}

static void track_log(struct tracker *k)
{
    static const char *const sql[] = {
        "SELECT id, tbl, row_key, op, old_values, new_values FROM audit_log ORDER BY id",
        "SELECT id, tbl, row_key, op, old_values, new_values FROM log_changes ORDER BY id",
    };
    for (int i = 0; i < 2; i++) {
        sqlite3_stmt *s = NULL;
        if (sqlite3_prepare_v2(k->c->st->db, sql[i], -1, &s, NULL) != SQLITE_OK)
            continue;
        while (sqlite3_step(s) == SQLITE_ROW) {
            struct change_row ch = {.ref = i == 0 ? -sqlite3_column_int64(s, 0)
                                                  : sqlite3_column_int64(s, 0)};
            change_from_row(s, 1, &ch);
            track_change(k, &ch);
        }
        sqlite3_finalize(s);
    }
}

static void track_row(void *ctx, int t, const char *key, const char *json, size_t len)
{
    struct tracker *k = ctx;
    struct checker *c = k->c;
    const char *tbl = k->cv->t[t].name;
    char safe_key[3 * 64 + 1];
    text_neutralise(key, safe_key, sizeof safe_key, false);
    struct tracked *x = track_find(k, t, key, false);
    if (!x || !x->exists) {
        problem(c, "data: %s %s is not in the log (%s outside ophamp)", tbl, safe_key,
                x ? "deleted in the log, put back" : "added");
        return;
    }
    x->seen = true;
    uint64_t h[4];
    row_hash(tbl, key, json, len, h);
    if (memcmp(h, x->last_new, sizeof h) == 0)
        return;
    char *logged = change_values(c, x->last_ref, true);
    char head[512], by[80];
    ref_name(x->last_ref, by, sizeof by);
    snprintf(head, sizeof head, "data: %s %s differs from the log (last logged by %s)", tbl,
             safe_key, by);
    char *row = strndup(json, len);
    column_diffs(c, head, logged, "the log says", row, "the table holds");
    free(row);
    free(logged);
}

/* Where the digests differ: the log followed key by key in those buckets (a batch at a time,
 * so memory stays bounded), the tables compared with it. */
static void find_differences(struct checker *c, const struct coverage *cv,
                             const struct digest *from_log, const struct digest *from_db)
{
    uint8_t *only = calloc(BUCKETS, 1);
    struct tracker k = {.c = c, .cv = cv, .only = only, .n_slots = 1u << 16, .cap = TRACK_MAX};
    k.slots = calloc(k.n_slots, sizeof *k.slots);
    k.all = malloc(k.cap * sizeof *k.all);
    if (!only || !k.slots || !k.all) {
        problem(c, "data: out of memory while looking for the differences");
        goto done;
    }
    size_t b = 0;
    long buckets_left = 0;
    for (size_t i = 0; i < BUCKETS; i++)
        buckets_left += memcmp(&from_log[i], &from_db[i], sizeof from_log[i]) != 0;
    while (b < BUCKETS && c->listed <= CHECK_LIST_MAX) {
        /* A batch of differing buckets whose rows fit the tracker. */
        memset(only, 0, BUCKETS);
        int64_t rows = 0;
        int in_batch = 0;
        for (; b < BUCKETS; b++) {
            if (memcmp(&from_log[b], &from_db[b], sizeof from_log[b]) == 0)
                continue;
            int64_t n = from_log[b].rows > from_db[b].rows ? from_log[b].rows : from_db[b].rows;
            if (in_batch && rows + n > (int64_t)k.cap / 2)
                break;
            only[b] = 1;
            rows += n;
            in_batch++;
        }
        if (!in_batch)
            break;
        buckets_left -= in_batch;
        memset(k.slots, 0, k.n_slots * sizeof *k.slots);
        k.n = 0;
        track_log(&k);
        digest_tables(c, cv, NULL, only, track_row, &k);
        for (size_t i = 0; i < k.n; i++) {
            struct tracked *x = &k.all[i];
            const char *tbl = cv->t[x->t].name;
            char safe_key[3 * 64 + 1];
            text_neutralise(x->key, safe_key, sizeof safe_key, false);
            if (x->exists && !x->seen) {
                char by[80];
                ref_name(x->last_ref, by, sizeof by);
                problem(c,
                        "data: %s %s is missing from the table (the log has it, last from "
                        "%s): deleted outside ophamp",
                        tbl, safe_key, by);
            }
            if (x->break_ref) {
                char at[80], head[512];
                ref_name(x->break_ref, at, sizeof at);
                snprintf(head, sizeof head,
                         "data: %s %s was changed outside ophamp before %s (its old values "
                         "are not the new values logged before)",
                         tbl, safe_key, at);
                char *before = x->break_prev_ref ? change_values(c, x->break_prev_ref, true) : NULL;
                char *old = change_values(c, x->break_ref, false);
                column_diffs(c, head, before, "logged", old, "then found");
                free(before);
                free(old);
            }
        }
        for (size_t i = 0; i < k.n; i++)
            free(k.all[i].key);
        k.n = 0;
    }
    if (buckets_left > 0)
        problem(c, "data: %ld more groups of rows differ from the log (not listed)", buckets_left);
done:
    free(only);
    free(k.slots);
    free(k.all);
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
            problem(c,
                    "head %lld:%.16s… (%s): action %lld now has another hash: the log was "
                    "rewritten since",
                    (long long)h->id, h->hash, where, (long long)h->id);
    } else if (rc == SQLITE_DONE) {
        problem(c,
                "head %lld:%.16s… (%s): the log has no action %lld (it ends at %lld): it was "
                "cut back or rewritten since",
                (long long)h->id, h->hash, where, (long long)h->id, (long long)last);
    } else {
        unreadable(c, "the log", rc);
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
            problem(c, "head file %s: cannot be read or is damaged", path);
        } else if (rc > 0) {
            check_head(c, &f.head, "kept outside the database", out->head.id);
            for (int i = 0; i < f.n_lost; i++)
                problem(c,
                        "head %lld:%.16s… was in the log until %s and is no longer: the log "
                        "was cut back or rewritten (restoring an older backup does this too)",
                        (long long)f.lost[i].head.id, f.lost[i].head.hash, f.lost[i].noticed);
        }
    }
    end_kind(c, "heads");
}

/* ---- derived tables ------------------------------------------------------------------ */

/* report_done, worked out again from the steps and follow-ups (schema.sql's triggers):
 * report_done_expected_sql's columns. */
static bool same_int(sqlite3_stmt *s, int a, int b)
{
    int ta = sqlite3_column_type(s, a), tb = sqlite3_column_type(s, b);
    if (ta == SQLITE_NULL || tb == SQLITE_NULL)
        return ta == tb;
    return sqlite3_column_int64(s, a) == sqlite3_column_int64(s, b);
}

static void check_report_done(struct checker *c)
{
    sqlite3_stmt *s = NULL;
    char *sql = report_done_expected_sql();
    int rc = sql ? sqlite3_prepare_v2(c->st->db, sql, -1, &s, NULL) : SQLITE_NOMEM;
    sqlite3_free(sql);
    while (rc == SQLITE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        rc = SQLITE_OK;
        const char *ref = (const char *)sqlite3_column_text(s, 2 + 2 * RD_COLS + 1);
        bool has_row = sqlite3_column_int(s, 1);
        bool wants_row = sqlite3_column_int(s, 2 + RD_COLS);
        if (has_row != wants_row) {
            problem(c, "derived: report_done %s row for case %s", has_row ? "has a" : "has no",
                    ref ? ref : "?");
            continue;
        }
        for (int i = 0; has_row && i < RD_COLS; i++) {
            int want = 2 + i, got = 3 + RD_COLS + i;
            /* the follow-up counts are 0, not NULL, when there are none */
            if (i >= STEP_COUNT && sqlite3_column_type(s, want) != SQLITE_NULL &&
                sqlite3_column_int64(s, want) == sqlite3_column_int64(s, got))
                continue;
            if (!same_int(s, want, got)) {
                char a[32] = "nothing", b[32] = "nothing";
                if (sqlite3_column_type(s, got) != SQLITE_NULL)
                    snprintf(a, sizeof a, "%lld", (long long)sqlite3_column_int64(s, got));
                if (sqlite3_column_type(s, want) != SQLITE_NULL)
                    snprintf(b, sizeof b, "%lld", (long long)sqlite3_column_int64(s, want));
                char col[64];
                report_done_column((size_t)i, col, sizeof col);
                problem(c,
                        "derived: report_done for case %s, column %s: holds %s, but its steps "
                        "and follow-ups give %s",
                        ref ? ref : "?", col, a, b);
            }
        }
    }
    if (rc != SQLITE_DONE && rc != SQLITE_OK)
        unreadable(c, "report_done", rc);
    sqlite3_finalize(s);
    s = NULL;
    rc = sqlite3_prepare_v2(c->st->db,
                            "SELECT case_id FROM report_done rd WHERE NOT EXISTS "
                            "(SELECT 1 FROM cases WHERE id = rd.case_id)",
                            -1, &s, NULL);
    while (rc == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
        problem(c, "derived: report_done has a row for case id %lld, which does not exist",
                (long long)sqlite3_column_int64(s, 0));
    sqlite3_finalize(s);
    end_kind(c, "derived");
}

/* The search index: one row per case, as case_search_source makes it. */
static void check_case_search(struct checker *c)
{
    sqlite3_stmt *src = NULL, *idx = NULL;
    int rc = sqlite3_prepare_v2(c->st->db,
                                "SELECT key, reference, names, text, facets FROM "
                                "case_search_source",
                                -1, &src, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(c->st->db,
                                "SELECT reference, names, text, facets FROM case_search "
                                "WHERE rowid = ?1",
                                -1, &idx, NULL);
    int64_t cases = 0;
    while (rc == SQLITE_OK && (rc = sqlite3_step(src)) == SQLITE_ROW) {
        rc = SQLITE_OK;
        cases++;
        const char *ref = (const char *)sqlite3_column_text(src, 1);
        sqlite3_reset(idx);
        sqlite3_bind_int64(idx, 1, sqlite3_column_int64(src, 0));
        int irc = sqlite3_step(idx);
        if (irc == SQLITE_DONE) {
            problem(c, "derived: case %s is missing from the search index (no search finds it)",
                    ref ? ref : "?");
            continue;
        }
        if (irc != SQLITE_ROW) {
            rc = irc;
            break;
        }
        static const char *const cols[] = {"reference", "names", "text", "facets"};
        for (int i = 0; i < 4; i++) {
            const char *want = (const char *)sqlite3_column_text(src, 1 + i);
            const char *got = (const char *)sqlite3_column_text(idx, i);
            if (strcmp(want ? want : "", got ? got : "") != 0)
                problem(c, "derived: the search index's %s of case %s is not the case's", cols[i],
                        ref ? ref : "?");
        }
    }
    if (rc != SQLITE_DONE && rc != SQLITE_OK)
        unreadable(c, "the search index", rc);
    sqlite3_finalize(src);
    sqlite3_finalize(idx);
    sqlite3_stmt *n = NULL;
    if (sqlite3_prepare_v2(c->st->db, "SELECT count(*) FROM case_search", -1, &n, NULL) ==
            SQLITE_OK &&
        sqlite3_step(n) == SQLITE_ROW && sqlite3_column_int64(n, 0) != cases)
        problem(c, "derived: the search index holds %lld rows for %lld cases",
                (long long)sqlite3_column_int64(n, 0), (long long)cases);
    sqlite3_finalize(n);
    end_kind(c, "derived");
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

/* The log and the tables, in this connection's read transaction. */
static void check_log(struct checker *c, int version, struct check_summary *out)
{
    char legacy_last[LOG_HASH_HEX + 1];
    struct coverage cv;
    struct digest *from_log = calloc(BUCKETS, sizeof *from_log);
    struct digest *from_db = calloc(BUCKETS, sizeof *from_db);
    bool replay = version >= 4 && from_log && from_db;
    if (version >= 4 && (!from_log || !from_db))
        problem(c, "data: out of memory for the replay");
    if (replay && coverage_read(c->st->db, &cv) != SQLITE_OK) {
        problem(c, "data: cannot read which tables the log covers");
        replay = false;
    }
    struct replay r = {.c = c, .cv = &cv, .from_log = from_log};
    progress(c, "the log", 0, 0);
    check_legacy_log(c, replay ? &r : NULL, legacy_last, &out->audit_rows);
    if (version >= 4)
        check_actions(c, replay ? &r : NULL, legacy_last, out);
    end_kind(c, "log");
    if (replay) {
        progress(c, "the tables", 0, 0);
        digest_tables(c, &cv, from_db, NULL, NULL, NULL);
        bool same = true;
        for (size_t i = 0; i < BUCKETS && same; i++)
            same = memcmp(&from_log[i], &from_db[i], sizeof from_log[i]) == 0;
        if (!same) {
            progress(c, "the differences", 0, 0);
            find_differences(c, &cv, from_log, from_db);
        }
        end_kind(c, "data");
        coverage_free(&cv);
    }
    free(from_log);
    free(from_db);
    if (version >= 4)
        check_heads(c, out);
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
        unreadable(&c, "cases", rc);
    if (version < STORE_SCHEMA_VERSION) {
        problem(&c,
                "schema: the file is at version %d (this program's is %d): any ophamp command "
                "that writes upgrades it; check it again then",
                version, STORE_SCHEMA_VERSION);
        end_kind(&c, "schema");
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
    check_log(&c, version, out);
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
