/* The report's reading: the cases of a period with their steps and follow-ups, one case at a
 * time. A join would look up each case's items with one b-tree search per case (a million
 * searches for a million cases); instead three covering indexes, each ordered by case id, are
 * read side by side, as a merge, so every entry is read once and in page order. All three
 * run inside one read transaction, so they see the same database. */
#include <stdlib.h>
#include <string.h>

#include "ophamp/report.h"
#include "store_internal.h"

/* The ids of the period's cases: the merge reads only this stretch of each index. */
#define SQL_RANGE                                                                                  \
    "SELECT min(id), max(id) FROM cases "                                                          \
    "WHERE reported_at >= ?1 AND reported_at < ?2"
#define SQL_CASES                                                                                  \
    "SELECT id, reported_at, location_kind, injury, days_off, arrested_at IS NOT NULL, "           \
    "status = 'open', outcome, coalesce(support_score, 0) FROM cases "                             \
    "WHERE id BETWEEN ?3 AND ?4 AND reported_at >= ?1 AND reported_at < ?2 ORDER BY id"
#define SQL_STEPS                                                                                  \
    "SELECT case_id, code, status, due_at, done_at FROM steps "                                    \
    "WHERE case_id BETWEEN ?1 AND ?2 ORDER BY case_id"
#define SQL_FOLLOWUPS                                                                              \
    "SELECT case_id, kind, status, due_at, done_at FROM followups "                                \
    "WHERE case_id BETWEEN ?1 AND ?2 ORDER BY case_id"

/* One of the item streams: the statement, whether it stands on a row, and that row's case. */
struct stream {
    sqlite3_stmt *s;
    bool row;
    int rc;
    int64_t case_id;
};

static void advance(struct stream *x)
{
    x->rc = sqlite3_step(x->s);
    x->row = x->rc == SQLITE_ROW;
    x->case_id = x->row ? sqlite3_column_int64(x->s, 0) : INT64_MAX;
}

/* Skips the rows of cases before `id` (cases of the stretch outside the period). */
static void skip_to(struct stream *x, int64_t id)
{
    while (x->case_id < id)
        advance(x);
}

static bool at_case(const struct stream *x, int64_t id)
{
    return x->case_id == id;
}

/* The vocabularies of items by their first letters, without a string search per row (a
 * million cases hand over some fourteen million item rows). The database's CHECK constraints
 * allow no other words; anything else reads as unknown (-1). */
static int status_of(const unsigned char *v)
{
    return !v            ? -1
           : v[0] == 'p' ? STATUS_PENDING
           : v[0] == 'd' ? STATUS_DONE
           : v[0] == 'n' ? STATUS_NA
                         : -1;
}

static int step_of(const unsigned char *v)
{
    if (!v)
        return -1;
    switch (v[0]) {
    case 'c':
        return STEP_CRIME;
    case 'v':
        return STEP_VICTIM_CODE;
    case 'i':
        return v[1] == 'n' ? STEP_INVESTIGATOR : v[1] == 'o' ? STEP_IOD : -1;
    case 'w':
        return STEP_WELFARE;
    case 's':
        return STEP_SLT;
    case 'e':
        return STEP_EVIDENCE;
    }
    return -1;
}

static int followup_of(const unsigned char *v)
{
    if (!v)
        return -1;
    switch (v[0]) {
    case 'w':
        return FU_WELFARE;
    case 'v':
        return FU_VICTIM_UPDATE;
    case 'o':
        return FU_OUTCOME_NOTICE;
    case 'r':
        return FU_RIDDOR;
    }
    return -1;
}

static void read_item(sqlite3_stmt *s, struct report_item *it)
{
    it->status = status_of(sqlite3_column_text(s, 2));
    it->due_at = sqlite3_column_int64(s, 3);
    it->done_at = it->status == STATUS_PENDING ? OPH_NO_TIME : sqlite3_column_int64(s, 4);
}

int store_report_range(struct store *st, oph_time from, oph_time to, int64_t *lo, int64_t *hi,
                       struct oph_error *err)
{
    sqlite3_stmt *s = store_stmt(st, Q_REPORT_RANGE, SQL_RANGE, err);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, from);
    sqlite3_bind_int64(s, 2, to);
    int rc = sqlite3_step(s);
    int found = rc == SQLITE_ROW && sqlite3_column_type(s, 0) != SQLITE_NULL;
    if (found) {
        *lo = sqlite3_column_int64(s, 0);
        *hi = sqlite3_column_int64(s, 1);
    }
    sqlite3_reset(s);
    if (rc != SQLITE_ROW)
        return store_fail(st, rc, err, "reading the report's cases");
    return found;
}

static int scan(struct store *st, oph_time from, oph_time to, int64_t lo, int64_t hi,
                report_case_cb cb, void *ctx, struct oph_error *err)
{
    int rc;
    sqlite3_stmt *sc = store_stmt(st, Q_REPORT_CASES, SQL_CASES, err);
    sqlite3_stmt *ss = sc ? store_stmt(st, Q_REPORT_STEPS, SQL_STEPS, err) : NULL;
    sqlite3_stmt *sf = ss ? store_stmt(st, Q_REPORT_FOLLOWUPS, SQL_FOLLOWUPS, err) : NULL;
    if (!sf)
        return -1;
    sqlite3_bind_int64(sc, 1, from);
    sqlite3_bind_int64(sc, 2, to);
    sqlite3_bind_int64(sc, 3, lo);
    sqlite3_bind_int64(sc, 4, hi);
    sqlite3_bind_int64(ss, 1, lo);
    sqlite3_bind_int64(ss, 2, hi);
    sqlite3_bind_int64(sf, 1, lo);
    sqlite3_bind_int64(sf, 2, hi);

    struct stream cases = {sc, false, 0, 0}, steps = {ss, false, 0, 0}, fus = {sf, false, 0, 0};
    advance(&steps);
    advance(&fus);
    struct report_case c;
    int result = 0;
    for (advance(&cases); cases.row && result == 0; advance(&cases)) {
        c.n_followups = 0;
        c.more_followups = false;
        c.id = cases.case_id;
        c.reported_at = sqlite3_column_int64(sc, 1);
        c.location_kind = col_vocab(sc, 2, &VOCAB_LOCATION);
        c.injury = col_vocab(sc, 3, &VOCAB_INJURY);
        c.days_off = sqlite3_column_int(sc, 4);
        c.arrested = sqlite3_column_int(sc, 5) != 0;
        c.open = sqlite3_column_int(sc, 6) != 0;
        c.outcome =
            sqlite3_column_type(sc, 7) == SQLITE_NULL ? -1 : col_vocab(sc, 7, &VOCAB_OUTCOME);
        c.support_score = sqlite3_column_int(sc, 8);
        for (int i = 0; i < STEP_COUNT; i++)
            c.steps[i].status = -1;
        skip_to(&steps, c.id);
        for (; at_case(&steps, c.id); advance(&steps)) {
            int code = step_of(sqlite3_column_text(ss, 1));
            if (code >= 0)
                read_item(ss, &c.steps[code]);
        }
        skip_to(&fus, c.id);
        for (; at_case(&fus, c.id) && result == 0; advance(&fus)) {
            int kind = followup_of(sqlite3_column_text(sf, 1));
            if (kind < 0)
                continue;
            if (c.n_followups == REPORT_CASE_FOLLOWUPS) {
                c.more_followups = true;
                result = cb(ctx, &c);
                c.n_followups = 0;
                c.more_followups = false;
            }
            struct report_followup *f = &c.followups[c.n_followups++];
            f->kind = (enum followup_kind)kind;
            read_item(sf, &f->item);
        }
        if (result == 0)
            result = cb(ctx, &c);
    }
    rc = cases.rc != SQLITE_ROW && cases.rc != SQLITE_DONE   ? cases.rc
         : steps.rc != SQLITE_ROW && steps.rc != SQLITE_DONE ? steps.rc
         : fus.rc != SQLITE_ROW && fus.rc != SQLITE_DONE     ? fus.rc
                                                             : SQLITE_OK;
    sqlite3_reset(sc);
    sqlite3_reset(ss);
    sqlite3_reset(sf);
    if (rc != SQLITE_OK)
        return store_fail(st, rc, err, "reading the report's cases");
    return result < 0 ? -1 : 0;
}

int store_report_scan(struct store *st, oph_time from, oph_time to, int64_t lo, int64_t hi,
                      report_case_cb cb, void *ctx, struct oph_error *err)
{
    /* One snapshot for the three streams (inside a save, the save's). */
    bool own = st->depth == 0;
    if (own) {
        sqlite3_stmt *b = store_stmt(st, Q_REPORT_READ, "BEGIN", err);
        if (!b || store_exec_stmt(st, b, err, "starting to read"))
            return -1;
    }
    int rc = scan(st, from, to, lo, hi, cb, ctx, err);
    if (own) {
        struct oph_error end_err = {0};
        sqlite3_stmt *e = store_stmt(st, Q_REPORT_END, "COMMIT", &end_err);
        if ((!e || store_exec_stmt(st, e, &end_err, "finishing the read")) && rc == 0) {
            *err = end_err;
            rc = -1;
        }
    }
    return rc;
}

struct store *store_open_reader(struct store *st, struct oph_error *err)
{
    struct store *r = calloc(1, sizeof *r);
    if (!r) {
        oph_fail(err, OPH_DB, "out of memory");
        return NULL;
    }
    memcpy(r->path, st->path, sizeof r->path);
    int rc = sqlite3_open_v2(r->path, &r->db,
                             SQLITE_OPEN_READONLY | SQLITE_OPEN_NOFOLLOW | SQLITE_OPEN_NOMUTEX |
                                 SQLITE_OPEN_EXRESCODE,
                             NULL);
    if (rc != SQLITE_OK) {
        store_fail(r, rc, err, "opening a second reader");
        store_close(r);
        return NULL;
    }
    sqlite3_busy_timeout(r->db, 2000);
    return r;
}

int store_report_first(struct store *st, oph_time *out, struct oph_error *err)
{
    sqlite3_stmt *s = store_stmt(st, Q_REPORT_FIRST, "SELECT min(reported_at) FROM cases", err);
    if (!s)
        return -1;
    int rc = sqlite3_step(s);
    int found = rc == SQLITE_ROW && sqlite3_column_type(s, 0) != SQLITE_NULL;
    if (found)
        *out = sqlite3_column_int64(s, 0);
    sqlite3_reset(s);
    if (rc != SQLITE_ROW)
        return store_fail(st, rc, err, "reading the first case");
    return found;
}
