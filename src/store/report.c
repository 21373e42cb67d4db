/* The report's reading: the cases of a period with their steps, follow-ups and evidence, one
 * case at a time. Finished work (a step done or not applicable, a welfare or victim follow-up
 * done or not applicable) never changes with the clock, so the triggers of schema.sql keep it
 * summed up in report_done, one row a case; pending items are read one by one, and they are
 * few (the partial indexes on pending items); so are RIDDOR reports, and the evidence items
 * (a few a case). A join would look up each case's rows with one b-tree search per case;
 * instead six streams ordered by case id are read side by side, as a merge, so every row is
 * read once and in page order. All run inside one read transaction: one snapshot. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ophamp/report.h"
#include "store_internal.h"

/* The ids of the period's cases: the merge reads only this stretch of each stream. */
#define SQL_RANGE "SELECT min(id), max(id) FROM cases WHERE reported_at >= ?1 AND reported_at < ?2"
/* From the index cases_report, which holds every column read here. */
#define SQL_CASES                                                                                  \
    "SELECT id, reported_at, location_kind, "                                                      \
    "CASE injury WHEN 'none' THEN 0 WHEN 'minor' THEN 1 ELSE 2 END, days_off, "                    \
    "arrested_at IS NOT NULL, status = 'open', outcome, coalesce(support_score, 0), mechanism, "   \
    "victim_id, coalesce(offender_known, -1), no_arrest_reason FROM cases "                        \
    "WHERE id BETWEEN ?3 AND ?4 AND reported_at >= ?1 AND reported_at < ?2 ORDER BY id"
/* SQL_DONE: report_done's column of each step (its code, `_` for `-`), in plan order. */
#define SQL_DONE_MAX 512
#define SQL_PENDING_STEPS                                                                          \
    "SELECT case_id, code, due_at FROM steps "                                                     \
    "WHERE status = 'pending' AND case_id BETWEEN ?1 AND ?2 ORDER BY case_id"
#define SQL_PENDING_FOLLOWUPS                                                                      \
    "SELECT case_id, kind, due_at, id FROM followups "                                             \
    "WHERE status = 'pending' AND case_id BETWEEN ?1 AND ?2 ORDER BY case_id"
/* The finished RIDDOR reports (the pending ones come with the pending follow-ups), through the
 * partial index followups_riddor. */
#define SQL_RIDDOR                                                                                 \
    "SELECT case_id, status = 'done', due_at, done_at, id FROM followups "                         \
    "WHERE kind = 'riddor' AND status <> 'pending' AND case_id BETWEEN ?1 AND ?2 ORDER BY case_id"
#define SQL_EVIDENCE                                                                               \
    "SELECT case_id, kind, status, due_at, updated_at, id FROM evidence_items "                    \
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

static const char *sql_done(char sql[SQL_DONE_MAX])
{
    int o = snprintf(sql, SQL_DONE_MAX, "SELECT case_id");
    for (int i = 0; i < STEP_COUNT; i++)
        o += snprintf(sql + o, (size_t)(SQL_DONE_MAX - o), ", %s", STEP_DEFS[i].code);
    snprintf(sql + o, (size_t)(SQL_DONE_MAX - o),
             ", followups_on_time, followups_late, followups_na FROM report_done "
             "WHERE case_id BETWEEN ?1 AND ?2 ORDER BY case_id");
    for (char *c = sql; *c; c++) /* victim-code: the column victim_code */
        *c = *c == '-' ? '_' : *c;
    return sql;
}

/* A stored word as its enum, through the plan's tables (the database's CHECK constraints
 * allow no other words); none or anything else reads as `none`. */
static int word_of(const unsigned char *v, const struct vocab *vocab, int none)
{
    int i = vocab_find(vocab, (const char *)v);
    return i < 0 ? none : i;
}

static int step_of(const unsigned char *v)
{
    return word_of(v, &VOCAB_STEP, -1);
}

/* An outcome, or -1 for none. */
static int outcome_of(const unsigned char *v)
{
    return word_of(v, &VOCAB_OUTCOME, -1);
}

static int location_of(const unsigned char *v)
{
    return word_of(v, &VOCAB_LOCATION, LOC_OTHER);
}

/* A mechanism, or -1 when not recorded. */
static int mechanism_of(const unsigned char *v)
{
    return word_of(v, &VOCAB_MECHANISM, -1);
}

static int evidence_kind_of(const unsigned char *v)
{
    return word_of(v, &VOCAB_EVIDENCE_KIND, EV_OTHER);
}

static int evidence_status_of(const unsigned char *v)
{
    return word_of(v, &VOCAB_EVIDENCE_STATUS, EVS_REQUESTED);
}

static int followup_of(const unsigned char *v)
{
    return word_of(v, &VOCAB_FOLLOWUP, -1);
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

/* Hands the case over when one of its item arrays is full, then goes on with the rest. */
static int flush_if_full(struct report_case *c, bool full, report_case_cb cb, void *ctx)
{
    if (!full)
        return 0;
    c->more = true;
    int rc = cb(ctx, c);
    c->n_followups = c->n_evidence = 0;
    c->more = false;
    return rc;
}

static int scan(struct store *st, oph_time from, oph_time to, int64_t lo, int64_t hi,
                report_case_cb cb, void *ctx, struct oph_error *err)
{
    int rc;
    sqlite3_stmt *sc = store_stmt(st, Q_REPORT_CASES, SQL_CASES, err);
    char done_sql[SQL_DONE_MAX];
    sqlite3_stmt *sd = sc ? store_stmt(st, Q_REPORT_STEPS, sql_done(done_sql), err) : NULL;
    sqlite3_stmt *ss = sd ? store_stmt(st, Q_REPORT_PENDING_STEPS, SQL_PENDING_STEPS, err) : NULL;
    sqlite3_stmt *sf = ss ? store_stmt(st, Q_REPORT_FOLLOWUPS, SQL_PENDING_FOLLOWUPS, err) : NULL;
    sqlite3_stmt *sr = sf ? store_stmt(st, Q_REPORT_RIDDOR, SQL_RIDDOR, err) : NULL;
    sqlite3_stmt *se = sr ? store_stmt(st, Q_REPORT_EVIDENCE, SQL_EVIDENCE, err) : NULL;
    if (!se)
        return -1;
    sqlite3_bind_int64(sc, 1, from);
    sqlite3_bind_int64(sc, 2, to);
    sqlite3_bind_int64(sc, 3, lo);
    sqlite3_bind_int64(sc, 4, hi);
    sqlite3_stmt *ranged[5] = {sd, ss, sf, sr, se};
    for (int i = 0; i < 5; i++) {
        sqlite3_bind_int64(ranged[i], 1, lo);
        sqlite3_bind_int64(ranged[i], 2, hi);
    }

    struct stream cases = {sc, false, 0, 0}, done = {sd, false, 0, 0}, steps = {ss, false, 0, 0},
                  fus = {sf, false, 0, 0}, riddor = {sr, false, 0, 0}, ev = {se, false, 0, 0};
    advance(&done);
    advance(&steps);
    advance(&fus);
    advance(&riddor);
    advance(&ev);
    struct report_case c;
    int result = 0;
    for (advance(&cases); cases.row && result == 0; advance(&cases)) {
        c.n_followups = c.n_evidence = 0;
        c.more = false;
        c.id = cases.case_id;
        c.reported_at = sqlite3_column_int64(sc, 1);
        c.location_kind = location_of(sqlite3_column_text(sc, 2));
        c.injury = sqlite3_column_int(sc, 3);
        c.days_off = sqlite3_column_int(sc, 4);
        c.arrested = sqlite3_column_int(sc, 5) != 0;
        c.open = sqlite3_column_int(sc, 6) != 0;
        c.outcome = outcome_of(sqlite3_column_text(sc, 7));
        c.support_score = sqlite3_column_int(sc, 8);
        c.mechanism = mechanism_of(sqlite3_column_text(sc, 9));
        c.victim_id = sqlite3_column_int64(sc, 10);
        c.offender_known = sqlite3_column_int(sc, 11);
        c.not_arrested_reason = -1; /* not in the case record yet (issue 12, point 7) */
        c.no_arrest_reason = col_vocab(sc, 12, &VOCAB_NO_ARREST);
        for (int i = 0; i < STEP_COUNT; i++)
            c.steps[i] = (struct report_item){-1, false, OPH_NO_TIME, OPH_NO_TIME};
        memset(c.followups_finished, 0, sizeof c.followups_finished);
        /* Finished work: columns in plan order (schema.sql), then the follow-up counts. */
        skip_to(&done, c.id);
        if (at_case(&done, c.id)) {
            for (int i = 0; i < STEP_COUNT; i++) {
                /* NULL (read as 0, never a value: done_at * 2 of a time after 1990) is
                 * pending, or no such step. */
                int64_t v = sqlite3_column_int64(sd, 1 + i);
                if (v == 0)
                    continue;
                if (v < 0)
                    c.steps[i].status = STATUS_NA;
                else
                    c.steps[i] =
                        (struct report_item){STATUS_DONE, (v & 1) != 0, OPH_NO_TIME, v >> 1};
            }
            /* Each count holds the groups in fields of 12 bits (schema.sql), in this order. */
            static const int groups[FG_COUNT] = {FG_WELFARE, FG_VICTIM, FG_DUTY, FG_RIDDOR,
                                                 FG_FORCE};
            for (int k = 0; k < FIN_COUNT; k++) {
                uint64_t v = (uint64_t)sqlite3_column_int64(sd, 1 + STEP_COUNT + k);
                for (int g = 0; g < FG_COUNT; g++)
                    c.followups_finished[groups[g]][k] =
                        (long)((v >> (FOLLOWUP_FIELD_BITS * g)) & 4095u);
            }
        }
        skip_to(&steps, c.id);
        for (; at_case(&steps, c.id); advance(&steps)) {
            int code = step_of(sqlite3_column_text(ss, 1));
            if (code >= 0)
                c.steps[code] = (struct report_item){STATUS_PENDING, false,
                                                     sqlite3_column_int64(ss, 2), OPH_NO_TIME};
        }
        skip_to(&fus, c.id);
        for (; at_case(&fus, c.id) && result == 0; advance(&fus)) {
            int kind = followup_of(sqlite3_column_text(sf, 1));
            if (kind < 0)
                continue;
            result = flush_if_full(&c, c.n_followups == REPORT_CASE_ITEMS, cb, ctx);
            c.followups[c.n_followups++] = (struct report_followup){
                (enum followup_kind)kind,
                {STATUS_PENDING, false, sqlite3_column_int64(sf, 2), OPH_NO_TIME},
                sqlite3_column_int64(sf, 3)};
        }
        skip_to(&riddor, c.id);
        for (; at_case(&riddor, c.id) && result == 0; advance(&riddor)) {
            result = flush_if_full(&c, c.n_followups == REPORT_CASE_ITEMS, cb, ctx);
            bool is_done = sqlite3_column_int(sr, 1) != 0;
            oph_time due = sqlite3_column_int64(sr, 2), at = sqlite3_column_int64(sr, 3);
            c.followups[c.n_followups++] = (struct report_followup){
                FU_RIDDOR,
                {is_done ? STATUS_DONE : STATUS_NA, is_done && at > due, due, at},
                sqlite3_column_int64(sr, 4)};
        }
        skip_to(&ev, c.id);
        for (; at_case(&ev, c.id) && result == 0; advance(&ev)) {
            result = flush_if_full(&c, c.n_evidence == REPORT_CASE_ITEMS, cb, ctx);
            c.evidence[c.n_evidence++] = (struct report_evidence){
                (enum evidence_kind)evidence_kind_of(sqlite3_column_text(se, 1)),
                (enum evidence_status)evidence_status_of(sqlite3_column_text(se, 2)),
                sqlite3_column_int64(se, 3), sqlite3_column_int64(se, 4),
                sqlite3_column_int64(se, 5)};
        }
        if (result == 0)
            result = cb(ctx, &c);
    }
    struct stream *all[6] = {&cases, &done, &steps, &fus, &riddor, &ev};
    rc = SQLITE_OK;
    for (int i = 0; i < 6; i++) {
        if (rc == SQLITE_OK && all[i]->rc != SQLITE_ROW && all[i]->rc != SQLITE_DONE)
            rc = all[i]->rc;
        sqlite3_reset(all[i]->s);
    }
    if (rc != SQLITE_OK)
        return store_fail(st, rc, err, "reading the report's cases");
    return result < 0 ? -1 : 0;
}

int store_report_scan(struct store *st, oph_time from, oph_time to, int64_t lo, int64_t hi,
                      report_case_cb cb, void *ctx, struct oph_error *err)
{
    /* One snapshot for the streams (inside a save, the save's). */
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

int store_report_people(struct store *st, report_person_cb cb, void *ctx, struct oph_error *err)
{
    sqlite3_stmt *s = store_stmt(
        st, Q_REPORT_PEOPLE, "SELECT id, role, coalesce(team, '') FROM people ORDER BY id", err);
    if (!s)
        return -1;
    int rc, result = 0;
    while (result == 0 && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        const char *role = (const char *)sqlite3_column_text(s, 1);
        int r = ROLE_OFFICER;
        for (size_t i = 0; role && i < VOCAB_PERSON_ROLE.count; i++)
            if (strcmp(role, VOCAB_PERSON_ROLE.names[i]) == 0)
                r = (int)i;
        const char *team = (const char *)sqlite3_column_text(s, 2);
        result = cb(ctx, sqlite3_column_int64(s, 0), r, team ? team : "");
    }
    sqlite3_reset(s);
    if (result)
        return -1;
    return rc == SQLITE_DONE ? 0 : store_fail(st, rc, err, "reading the victims' roles and teams");
}

int store_report_overdue_names(struct store *st, struct report_overdue *list, int n,
                               struct oph_error *err)
{
    static const char *const sql[3] = {
        "SELECT reference, 'step ' || ?2 FROM cases WHERE id = ?1",
        "SELECT c.reference, 'follow-up ' || f.rule || ' #' || " FOLLOWUP_NUMBER_OF_F
        " FROM followups f JOIN cases c ON c.id = f.case_id WHERE f.id = ?3",
        "SELECT c.reference, 'evidence ' || e.kind || ' #' || " EVIDENCE_NUMBER_OF_E
        " FROM evidence_items e JOIN cases c ON c.id = e.case_id WHERE e.id = ?3",
    };
    for (int i = 0; i < n; i++) {
        struct report_overdue *o = &list[i];
        int k = o->kind == DUE_FOLLOWUP ? 1 : o->kind == DUE_EVIDENCE ? 2 : 0;
        sqlite3_stmt *s = store_stmt(st, (enum stmt_id)(Q_REPORT_OVERDUE_STEP + k), sql[k], err);
        if (!s)
            return -1;
        if (k == 0) {
            sqlite3_bind_int64(s, 1, o->case_id);
            sqlite3_bind_text(s, 2, VOCAB_STEP.names[o->item_id], -1, SQLITE_STATIC);
        } else {
            sqlite3_bind_int64(s, 3, o->item_id);
        }
        int rc = sqlite3_step(s);
        if (rc == SQLITE_ROW) {
            const char *ref = (const char *)sqlite3_column_text(s, 0);
            const char *item = (const char *)sqlite3_column_text(s, 1);
            snprintf(o->reference, sizeof o->reference, "%s", ref ? ref : "");
            snprintf(o->item, sizeof o->item, "%s", item ? item : "");
        }
        sqlite3_reset(s);
        if (rc != SQLITE_ROW && rc != SQLITE_DONE)
            return store_fail(st, rc, err, "naming the overdue items");
    }
    return 0;
}
