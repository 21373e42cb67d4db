/* ophamp check, the log (check.c): every hash of the log recomputed (the per-row log of
 * schemas 1 to 3 too), and the log replayed into digests of rows, bucket by bucket, against
 * the same digests of every table it covers; where they differ, check_diff.c looks key by
 * key. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ophamp/flatjson.h"
#include "ophamp/text.h"
#include "store_internal.h"

/* ---- the tables the log covers ------------------------------------------------------- */

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

int check_coverage_find(const struct coverage *cv, const char *name)
{
    for (int i = 0; i < cv->n; i++)
        if (strcmp(cv->t[i].name, name) == 0)
            return i;
    return -1;
}

/* ---- digests of rows ----------------------------------------------------------------- */

uint32_t check_bucket_of(const char *tbl, const char *key)
{
    uint32_t h = 2166136261u;
    for (const unsigned char *p = (const unsigned char *)tbl; *p; p++)
        h = (h ^ *p) * 16777619u;
    h = (h ^ 0xFFu) * 16777619u;
    for (const unsigned char *p = (const unsigned char *)key; *p; p++)
        h = (h ^ *p) * 16777619u;
    return h % BUCKETS;
}

void check_row_hash(const char *tbl, const char *key, const char *json, size_t len, uint64_t out[4])
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

struct replay {
    struct checker *c;
    const struct coverage *cv;
    struct digest *from_log; /* BUCKETS */
    int64_t unknown_tables;
};

static void replay_change(struct replay *r, const struct change_row *ch)
{
    if (check_coverage_find(r->cv, ch->tbl) < 0) {
        if (r->unknown_tables++ < 20) {
            char safe[200];
            text_neutralise(ch->tbl, safe, sizeof safe, false);
            check_problem(r->c, "log: change %s%lld names table %s, which the log does not cover",
                          ch->ref < 0 ? "legacy " : "",
                          (long long)(ch->ref < 0 ? -ch->ref : ch->ref), safe);
        }
        return;
    }
    struct digest *d = &r->from_log[check_bucket_of(ch->tbl, ch->key)];
    uint64_t h[4];
    if (ch->old) {
        check_row_hash(ch->tbl, ch->key, ch->old, ch->old_len, h);
        digest_add(d, h, -1);
    }
    if (ch->new_) {
        check_row_hash(ch->tbl, ch->key, ch->new_, ch->new_len, h);
        digest_add(d, h, +1);
    }
}

void check_change_from_row(sqlite3_stmt *s, int tbl, struct change_row *ch)
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
                check_problem(
                    c,
                    "log of schemas 1-3, row %lld: the first row's prev_hash is not empty "
                    "(rows before it were removed)",
                    (long long)id);
            else
                check_problem(c,
                              "log of schemas 1-3, row %lld: prev_hash is not the hash of row %lld "
                              "(a row between them was removed or changed)",
                              (long long)id, (long long)prev_id);
        }
        if (!again || strcmp(again, hash) != 0)
            check_problem(c, "log of schemas 1-3, row %lld: hash does not match its content",
                          (long long)id);
        struct change_row ch = {.ref = -id};
        check_change_from_row(s, 4, &ch);
        if (r)
            replay_change(r, &ch);
        text_copy(prev, sizeof prev, hash);
        prev_id = id;
        ++*rows;
    }
    if (rc != SQLITE_DONE && rc != SQLITE_OK)
        check_unreadable(c, "the log of schemas 1-3", rc);
    sqlite3_finalize(s);
    text_copy(last, LOG_HASH_HEX + 1, prev);
}

/* The actions, each with its changes (one cursor over each, side by side): ranges that
 * follow on, changes that belong to their action, hashes recomputed, the chain whole. */
/* The walk over the actions and, one ahead, their changes. */
struct action_walk {
    struct checker *c;
    struct replay *r;
    struct check_summary *out;
    sqlite3_stmt *ch;
    int crc; /* the change cursor's last step */
    int64_t total;
};

/* The changes of action la, hashed into h (and replayed): the ones before its range belong to
 * no action, a gap in its range is missing. */
static void action_changes(struct action_walk *w, const struct log_action *la, struct sha256_ctx *h)
{
    struct checker *c = w->c;
    sqlite3_stmt *ch = w->ch;
    while (w->crc == SQLITE_ROW && sqlite3_column_int64(ch, 0) < la->first_change) {
        check_problem(c, "log: change %lld belongs to no action",
                      (long long)sqlite3_column_int64(ch, 0));
        w->crc = sqlite3_step(ch);
    }
    int64_t expect = la->first_change;
    while (w->crc == SQLITE_ROW && sqlite3_column_int64(ch, 0) <= la->last_change) {
        int64_t id = sqlite3_column_int64(ch, 0);
        if (id != expect)
            check_problem(c, "log: action %lld: change %lld is missing", (long long)la->id,
                          (long long)expect);
        expect = id + 1;
        if (sqlite3_column_int64(ch, 1) != la->id)
            check_problem(c, "log: change %lld says it belongs to action %lld, not %lld",
                          (long long)id, (long long)sqlite3_column_int64(ch, 1), (long long)la->id);
        log_hash_change(h, ch);
        struct change_row row = {.ref = id};
        check_change_from_row(ch, 2, &row);
        if (w->r)
            replay_change(w->r, &row);
        w->out->changes++;
        if (w->out->changes % 65536 == 0)
            check_progress(c, "the log", w->out->changes, w->total);
        w->crc = sqlite3_step(ch);
    }
    if (expect <= la->last_change)
        check_problem(c, "log: action %lld: changes %lld to %lld are missing", (long long)la->id,
                      (long long)expect, (long long)la->last_change);
}

/* One action: chained on the one before, its range of changes where the last one ended, its
 * hash recomputed over its fields and changes. */
static void check_action(struct action_walk *w, const struct log_action *la, const char *prev,
                         int64_t prev_id, int64_t next_change)
{
    struct checker *c = w->c;
    if (strcmp(la->prev_hash, prev) != 0)
        check_problem(c,
                      prev_id ? "log: action %lld does not chain on action %lld (an action "
                                "between them was removed or changed)"
                              : "log: action %lld does not chain on the log before it%.0lld "
                                "(actions or rows before it were removed)",
                      (long long)la->id, (long long)prev_id);
    if (la->first_change != next_change)
        check_problem(c, "log: action %lld starts at change %lld, not %lld (changes %s)",
                      (long long)la->id, (long long)la->first_change, (long long)next_change,
                      la->first_change > next_change ? "before it belong to no action"
                                                     : "are claimed twice");
    struct sha256_ctx h;
    log_hash_action_head(&h, la);
    action_changes(w, la, &h);
    char again[LOG_HASH_HEX + 1];
    log_hash_hex(&h, again);
    if (strcmp(again, la->hash) != 0)
        check_problem(c, "log: action %lld: its hash does not match its content",
                      (long long)la->id);
}

static int64_t max_change_id(sqlite3 *db)
{
    sqlite3_stmt *n = NULL;
    int64_t total = 0;
    if (sqlite3_prepare_v2(db, "SELECT coalesce(max(id), 0) FROM log_changes", -1, &n, NULL) ==
            SQLITE_OK &&
        sqlite3_step(n) == SQLITE_ROW)
        total = sqlite3_column_int64(n, 0);
    sqlite3_finalize(n);
    return total;
}

static void check_actions(struct checker *c, struct replay *r, const char *legacy_last,
                          struct check_summary *out)
{
    sqlite3_stmt *a = NULL, *ch = NULL;
    /* log_read_action's columns; the case's reference is not needed (nor hashed). */
    int rc = sqlite3_prepare_v2(c->st->db,
                                "SELECT id, at, actor_id, actor, os_user, what, case_id, NULL, "
                                "first_change, last_change, prev_hash, hash FROM log_actions "
                                "ORDER BY id",
                                -1, &a, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(c->st->db, LOG_CHANGES_SELECT " ORDER BY id", -1, &ch, NULL);
    char prev[LOG_HASH_HEX + 1];
    text_copy(prev, sizeof prev, legacy_last);
    int64_t prev_id = 0, next_change = 1;
    struct action_walk w = {.c = c, .r = r, .out = out, .ch = ch};
    w.crc = rc == SQLITE_OK ? sqlite3_step(ch) : rc; /* the change cursor, one ahead */
    w.total = max_change_id(c->st->db);
    while (rc == SQLITE_OK && (rc = sqlite3_step(a)) == SQLITE_ROW) {
        rc = SQLITE_OK;
        struct log_action la;
        log_read_action(a, &la);
        check_action(&w, &la, prev, prev_id, next_change);
        text_copy(prev, sizeof prev, la.hash);
        prev_id = la.id;
        next_change = la.last_change + 1;
        out->actions++;
        out->head.id = la.id;
        text_copy(out->head.hash, sizeof out->head.hash, la.hash);
    }
    if (rc != SQLITE_DONE && rc != SQLITE_OK)
        check_unreadable(c, "the log", rc);
    while (w.crc == SQLITE_ROW) {
        check_problem(c, "log: change %lld belongs to no action (after the last one)",
                      (long long)sqlite3_column_int64(ch, 0));
        w.crc = sqlite3_step(ch);
    }
    if (w.crc != SQLITE_DONE && w.crc != SQLITE_ROW && rc == SQLITE_DONE)
        check_unreadable(c, "the log's changes", w.crc);
    sqlite3_finalize(a);
    sqlite3_finalize(ch);
}

/* ---- the tables, against the log ----------------------------------------------------- */

void check_digest_tables(
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
            uint32_t b = check_bucket_of(cv->t[i].name, key);
            if (only && !only[b])
                continue;
            if (from_db) {
                uint64_t h[4];
                check_row_hash(cv->t[i].name, key, json, len, h);
                digest_add(&from_db[b], h, +1);
            }
            if (each)
                each(ctx, i, key, json, len);
            if (++done % 65536 == 0 && !only)
                check_progress(c, "the tables", done, 0);
        }
        if (rc != SQLITE_DONE && rc != SQLITE_OK)
            check_unreadable(c, cv->t[i].name, rc);
        sqlite3_finalize(s);
    }
}

/* A key the search for differences follows: what the log says of it. */
/* The log and the tables, in this connection's read transaction. */
void check_log_replay(struct checker *c, int version, struct check_summary *out)
{
    char legacy_last[LOG_HASH_HEX + 1];
    struct coverage cv;
    struct digest *from_log = calloc(BUCKETS, sizeof *from_log);
    struct digest *from_db = calloc(BUCKETS, sizeof *from_db);
    bool replay = version >= 4 && from_log && from_db;
    if (version >= 4 && (!from_log || !from_db))
        check_problem(c, "data: out of memory for the replay");
    if (replay && coverage_read(c->st->db, &cv) != SQLITE_OK) {
        check_problem(c, "data: cannot read which tables the log covers");
        replay = false;
    }
    struct replay r = {.c = c, .cv = &cv, .from_log = from_log};
    check_progress(c, "the log", 0, 0);
    check_legacy_log(c, replay ? &r : NULL, legacy_last, &out->audit_rows);
    if (version >= 4)
        check_actions(c, replay ? &r : NULL, legacy_last, out);
    check_end_kind(c, "log");
    if (replay) {
        check_progress(c, "the tables", 0, 0);
        check_digest_tables(c, &cv, from_db, NULL, NULL, NULL);
        bool same = true;
        for (size_t i = 0; i < BUCKETS && same; i++)
            same = memcmp(&from_log[i], &from_db[i], sizeof from_log[i]) == 0;
        if (!same) {
            check_progress(c, "the differences", 0, 0);
            check_find_differences(c, &cv, from_log, from_db);
        }
        check_end_kind(c, "data");
        coverage_free(&cv);
    }
    free(from_log);
    free(from_db);
}
