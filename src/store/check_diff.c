/* ophamp check, the differences (check.c): where the log's digests and the tables' differ,
 * the log is followed key by key in those buckets, a batch at a time so that memory stays
 * bounded, and each row that differs is named by table, key and column. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ophamp/flatjson.h"
#include "ophamp/text.h"
#include "store_internal.h"

/* At most this many keys are followed at once while a difference is looked for. */
#define TRACK_MAX 400000

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
        check_shown(&ma, va, sizeof va);
        check_shown(found ? &mb : NULL, vb, sizeof vb);
        check_problem(c, "%s, column %s: %s %s, %s %s", head, key, a_says, va, b_says, vb);
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
        check_shown(&mb, vb, sizeof vb);
        check_problem(c, "%s, column %s: %s nothing, %s %s", head, key, a_says, b_says, vb);
        said++;
    }
    if (!said)
        check_problem(c, "%s: differs", head);
}

static void track_change(struct tracker *k, const struct change_row *ch)
{
    int t = check_coverage_find(k->cv, ch->tbl);
    if (t < 0 || !k->only[check_bucket_of(ch->tbl, ch->key)])
        return;
    struct tracked *x = track_find(k, t, ch->key, true);
    if (!x)
        return;
    uint64_t h[4];
    if (ch->old) {
        check_row_hash(ch->tbl, ch->key, ch->old, ch->old_len, h);
        if (!x->break_ref && (!x->exists || memcmp(h, x->last_new, sizeof h) != 0)) {
            x->break_ref = ch->ref;
            x->break_prev_ref = x->exists ? x->last_ref : 0;
        }
    } else if (x->exists && !x->break_ref) {
        x->break_ref = ch->ref; /* put in again over a row that was there */
        x->break_prev_ref = x->last_ref;
    }
    if (ch->new_) {
        check_row_hash(ch->tbl, ch->key, ch->new_, ch->new_len, x->last_new);
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
            check_change_from_row(s, 1, &ch);
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
        check_problem(c, "data: %s %s is not in the log (%s outside ophamp)", tbl, safe_key,
                      x ? "deleted in the log, put back" : "added");
        return;
    }
    x->seen = true;
    uint64_t h[4];
    check_row_hash(tbl, key, json, len, h);
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

/* What the log says of a followed key and the table did not: the row missing, or changed
 * outside ophamp between two logged changes. */
static void say_tracked(struct checker *c, const struct coverage *cv, const struct tracked *x)
{
    const char *tbl = cv->t[x->t].name;
    char safe_key[3 * 64 + 1];
    text_neutralise(x->key, safe_key, sizeof safe_key, false);
    if (x->exists && !x->seen) {
        char by[80];
        ref_name(x->last_ref, by, sizeof by);
        check_problem(c,
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

/* Where the digests differ: the log followed key by key in those buckets (a batch at a time,
 * so memory stays bounded), the tables compared with it. */
void check_find_differences(struct checker *c, const struct coverage *cv,
                            const struct digest *from_log, const struct digest *from_db)
{
    uint8_t *only = calloc(BUCKETS, 1);
    struct tracker k = {.c = c, .cv = cv, .only = only, .n_slots = 1u << 16, .cap = TRACK_MAX};
    k.slots = calloc(k.n_slots, sizeof *k.slots);
    k.all = malloc(k.cap * sizeof *k.all);
    if (!only || !k.slots || !k.all) {
        check_problem(c, "data: out of memory while looking for the differences");
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
        check_digest_tables(c, cv, NULL, only, track_row, &k);
        for (size_t i = 0; i < k.n; i++)
            say_tracked(c, cv, &k.all[i]);
        for (size_t i = 0; i < k.n; i++)
            free(k.all[i].key);
        k.n = 0;
    }
    if (buckets_left > 0)
        check_problem(c, "data: %ld more groups of rows differ from the log (not listed)",
                      buckets_left);
done:
    free(only);
    free(k.slots);
    free(k.all);
}
