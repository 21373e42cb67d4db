/* A case's items in the database: steps, follow-ups, evidence items and timeline entries
 * inserted (one by one or many in one statement) and updated. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ophamp/text.h"
#include "ophamp/xalloc.h"
#include "store_internal.h"

/* ---- items --------------------------------------------------------------------------- */

void store_keep_ids(struct store *st, bool on)
{
    st->keep_ids = on;
}

/* The id an insert asks for: the struct's own while keep_ids is on (the statement takes it
 * only if no row has it), else none, and SQLite numbers the row. */
static void bind_kept_id(const struct store *st, sqlite3_stmt *s, int i, int64_t id)
{
    if (st->keep_ids && id > 0)
        sqlite3_bind_int64(s, i, id);
    else
        sqlite3_bind_null(s, i);
}

static void bind_step(sqlite3_stmt *s, const struct step *p)
{
    bind_vocab(s, 2, &VOCAB_STEP, (int)p->code);
    bind_vocab(s, 3, &VOCAB_STATUS, (int)p->status);
    bind_time(s, 4, p->due_at);
    bind_time(s, 5, p->done_at);
    bind_text(s, 6, p->done_by);
    bind_text(s, 7, p->reason);
    bind_text(s, 8, p->note);
    bind_time(s, 9, p->victim_signed_at);
    bind_time(s, 10, p->supervisor_signed_at);
}

int store_step_insert(struct store *st, int64_t case_id, const struct step *p,
                      struct oph_error *err)
{
    sqlite3_stmt *s = store_stmt(st, Q_STEP_INSERT,
                                 "INSERT INTO steps(case_id, code, status, due_at, done_at, "
                                 "done_by, reason, note, victim_signed_at, supervisor_signed_at) "
                                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                 err);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, case_id);
    bind_step(s, p);
    return store_exec_stmt(st, s, err, "saving a step");
}

int store_step_update(struct store *st, int64_t case_id, const struct step *p,
                      struct oph_error *err)
{
    sqlite3_stmt *s = store_stmt(st, Q_STEP_UPDATE,
                                 "UPDATE steps SET status = ?3, due_at = ?4, done_at = ?5, "
                                 "done_by = ?6, reason = ?7, note = ?8, victim_signed_at = ?9, "
                                 "supervisor_signed_at = ?10 WHERE case_id = ?1 AND code = ?2",
                                 err);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, case_id);
    bind_step(s, p);
    return store_exec_stmt(st, s, err, "saving a step");
}

static void bind_followup(sqlite3_stmt *s, const struct followup *f)
{
    bind_vocab(s, 2, &VOCAB_FOLLOWUP, (int)f->kind);
    bind_text(s, 3, f->rule);
    bind_time(s, 4, f->event_at);
    bind_time(s, 5, f->due_at);
    bind_vocab(s, 6, &VOCAB_STATUS, (int)f->status);
    bind_time(s, 7, f->done_at);
    bind_text(s, 8, f->reason);
    bind_text(s, 9, f->note);
    bind_text(s, 11, f->done_by);
    bind_vocab(s, 12, &VOCAB_RIDDOR_ROUTE, f->route);
    bind_text(s, 13, f->reference);
}

int store_followup_insert(struct store *st, int64_t case_id, struct followup *f,
                          struct oph_error *err)
{
    sqlite3_stmt *s = store_stmt(st, Q_FOLLOWUP_INSERT,
                                 "INSERT INTO followups(id, case_id, kind, rule, event_at, "
                                 "due_at, status, done_at, reason, note, done_by, route, "
                                 "reference) VALUES ((SELECT ?10 WHERE NOT EXISTS (SELECT 1 "
                                 "FROM followups WHERE id = ?10)), ?1, ?2, ?3, ?4, ?5, ?6, ?7, "
                                 "?8, ?9, ?11, ?12, ?13)",
                                 err);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, case_id);
    bind_followup(s, f);
    bind_kept_id(st, s, 10, f->id);
    if (store_exec_stmt(st, s, err, "saving a follow-up"))
        return -1;
    f->id = sqlite3_last_insert_rowid(st->db);
    return 0;
}

/* Many rows in one statement: a statement costs more than a row (its journal, the savepoints
 * it opens, the search index's flush at each), and a new case brings fifteen or more. */
#define MANY_MAX (Q_FOLLOWUPS_INSERT_LAST - Q_FOLLOWUPS_INSERT_1 + 1)
#define FOLLOWUP_COLS 12
#define STEP_COLS 11

/* "INSERT INTO t(cols) VALUES (?, …), (?, …)" for rows of ncols each, into buf. */
static void many_sql(char *buf, size_t size, const char *head, int rows, int ncols)
{
    size_t o = (size_t)snprintf(buf, size, "%s VALUES ", head);
    for (int r = 0; r < rows && o < size; r++)
        for (int c = 0; c < ncols && o < size; c++)
            o += (size_t)snprintf(buf + o, size - o, "%s?%s", c == 0 ? (r ? ", (" : "(") : ", ",
                                  c == ncols - 1 ? ")" : "");
}

int store_followups_insert(struct store *st, int64_t case_id, struct followup *f, int n,
                           struct oph_error *err)
{
    if (st->keep_ids) { /* each asks for its own id: one at a time */
        for (int i = 0; i < n; i++)
            if (store_followup_insert(st, case_id, &f[i], err))
                return -1;
        return 0;
    }
    for (int first = 0; first < n;) {
        int rows = n - first < MANY_MAX ? n - first : MANY_MAX;
        char sql[MANY_MAX * FOLLOWUP_COLS * 4 + 256];
        sqlite3_stmt *s = st->stmts[Q_FOLLOWUPS_INSERT_1 + rows - 1];
        if (!s)
            many_sql(sql, sizeof sql,
                     "INSERT INTO followups(case_id, kind, rule, event_at, due_at, status, "
                     "done_at, reason, note, done_by, route, reference)",
                     rows, FOLLOWUP_COLS);
        s = store_stmt(st, (enum stmt_id)(Q_FOLLOWUPS_INSERT_1 + rows - 1), sql, err);
        if (!s)
            return -1;
        for (int r = 0; r < rows; r++) {
            const struct followup *x = &f[first + r];
            int i = r * FOLLOWUP_COLS + 1;
            sqlite3_bind_int64(s, i++, case_id);
            bind_vocab(s, i++, &VOCAB_FOLLOWUP, (int)x->kind);
            bind_text(s, i++, x->rule);
            bind_time(s, i++, x->event_at);
            bind_time(s, i++, x->due_at);
            bind_vocab(s, i++, &VOCAB_STATUS, (int)x->status);
            bind_time(s, i++, x->done_at);
            bind_text(s, i++, x->reason);
            bind_text(s, i++, x->note);
            bind_text(s, i++, x->done_by);
            bind_vocab(s, i++, &VOCAB_RIDDOR_ROUTE, x->route);
            bind_text(s, i++, x->reference);
        }
        if (store_exec_stmt(st, s, err, "saving the follow-ups"))
            return -1;
        /* The rows were numbered one after the other, the last one last. */
        int64_t last = sqlite3_last_insert_rowid(st->db);
        for (int r = 0; r < rows; r++)
            f[first + r].id = last - (rows - 1 - r);
        first += rows;
    }
    return 0;
}

int store_evidence_insert_all(struct store *st, int64_t case_id, struct evidence_item *e, int n,
                              struct oph_error *err)
{
    if (st->keep_ids) {
        for (int i = 0; i < n; i++)
            if (store_evidence_insert(st, case_id, &e[i], err))
                return -1;
        return 0;
    }
    for (int first = 0; first < n;) {
        int rows = n - first < MANY_MAX ? n - first : MANY_MAX;
        char sql[MANY_MAX * 8 * 4 + 256];
        if (!st->stmts[Q_EVIDENCE_INSERT_1 + rows - 1])
            many_sql(sql, sizeof sql,
                     "INSERT INTO evidence_items(case_id, kind, status, ref, reason, due_at, "
                     "created_at, updated_at)",
                     rows, 8);
        sqlite3_stmt *s = store_stmt(st, (enum stmt_id)(Q_EVIDENCE_INSERT_1 + rows - 1), sql, err);
        if (!s)
            return -1;
        for (int r = 0; r < rows; r++) {
            const struct evidence_item *x = &e[first + r];
            int i = r * 8 + 1;
            sqlite3_bind_int64(s, i++, case_id);
            bind_vocab(s, i++, &VOCAB_EVIDENCE_KIND, (int)x->kind);
            bind_vocab(s, i++, &VOCAB_EVIDENCE_STATUS, (int)x->status);
            bind_text(s, i++, x->ref);
            bind_text(s, i++, x->reason);
            bind_time(s, i++, x->due_at);
            bind_time(s, i++, x->created_at);
            bind_time(s, i++, x->updated_at);
        }
        if (store_exec_stmt(st, s, err, "saving the evidence items"))
            return -1;
        int64_t last = sqlite3_last_insert_rowid(st->db);
        for (int r = 0; r < rows; r++)
            e[first + r].id = last - (rows - 1 - r);
        first += rows;
    }
    return 0;
}

int store_timeline_insert_all(struct store *st, int64_t case_id, struct timeline_entry *t, int n,
                              struct oph_error *err)
{
    static const char *const head[TL_COUNT] = {
        [TL_WELFARE] = "INSERT INTO welfare_contacts(case_id, at, method, note)",
        [TL_VICTIM_UPDATE] = "INSERT INTO victim_updates(case_id, at, note)",
        [TL_DECISION] = "INSERT INTO decisions(case_id, at, kind)",
        [TL_NOTE] = "INSERT INTO notes(case_id, at, text)",
    };
    if (st->keep_ids) {
        for (int i = 0; i < n; i++)
            if (store_timeline_insert(st, case_id, &t[i], err))
                return -1;
        return 0;
    }
    /* Each kind is a table of its own: its entries, in timeline order, a statement at a time. */
    for (int kind = 0; kind < TL_COUNT; kind++) {
        int idx[MANY_MAX], rows = 0;
        for (int i = 0; i <= n; i++) {
            if (i < n && (int)t[i].kind != kind)
                continue;
            if (i < n)
                idx[rows++] = i;
            if (rows == 0 || (rows < MANY_MAX && i < n))
                continue;
            int ncols = kind == TL_WELFARE ? 4 : 3;
            enum stmt_id id = (enum stmt_id)(Q_TIMELINE_INSERT_0 + kind * MANY_MAX + rows - 1);
            char sql[MANY_MAX * 4 * 4 + 128];
            if (!st->stmts[id])
                many_sql(sql, sizeof sql, head[kind], rows, ncols);
            sqlite3_stmt *s = store_stmt(st, id, sql, err);
            if (!s)
                return -1;
            for (int r = 0; r < rows; r++) {
                const struct timeline_entry *x = &t[idx[r]];
                int k = r * ncols + 1;
                sqlite3_bind_int64(s, k++, case_id);
                bind_time(s, k++, x->at);
                if (kind == TL_WELFARE || kind == TL_DECISION)
                    bind_text(s, k++, x->label);
                if (kind != TL_DECISION)
                    bind_text(s, k++, x->text);
            }
            if (store_exec_stmt(st, s, err, "saving to the timeline"))
                return -1;
            int64_t last = sqlite3_last_insert_rowid(st->db);
            for (int r = 0; r < rows; r++)
                t[idx[r]].id = last - (rows - 1 - r);
            rows = 0;
        }
    }
    return 0;
}

int store_steps_insert(struct store *st, int64_t case_id, const struct step steps[STEP_COUNT],
                       struct oph_error *err)
{
    char sql[STEP_COUNT * STEP_COLS * 4 + 256];
    if (!st->stmts[Q_STEPS_INSERT_ALL])
        many_sql(sql, sizeof sql,
                 "INSERT INTO steps(case_id, code, status, due_at, done_at, done_by, reason, note, "
                 "victim_signed_at, supervisor_signed_at)",
                 STEP_COUNT, STEP_COLS - 1);
    sqlite3_stmt *s = store_stmt(st, Q_STEPS_INSERT_ALL, sql, err);
    if (!s)
        return -1;
    for (int k = 0; k < STEP_COUNT; k++) {
        const struct step *p = &steps[k];
        int i = k * (STEP_COLS - 1) + 1;
        sqlite3_bind_int64(s, i++, case_id);
        bind_vocab(s, i++, &VOCAB_STEP, (int)p->code);
        bind_vocab(s, i++, &VOCAB_STATUS, (int)p->status);
        bind_time(s, i++, p->due_at);
        bind_time(s, i++, p->done_at);
        bind_text(s, i++, p->done_by);
        bind_text(s, i++, p->reason);
        bind_text(s, i++, p->note);
        bind_time(s, i++, p->victim_signed_at);
        bind_time(s, i++, p->supervisor_signed_at);
    }
    return store_exec_stmt(st, s, err, "saving the steps");
}

int store_followup_update(struct store *st, const struct followup *f, struct oph_error *err)
{
    sqlite3_stmt *s = store_stmt(st, Q_FOLLOWUP_UPDATE,
                                 "UPDATE followups SET kind = ?2, rule = ?3, event_at = ?4, "
                                 "due_at = ?5, status = ?6, done_at = ?7, reason = ?8, note = ?9, "
                                 "done_by = ?11, route = ?12, reference = ?13 WHERE id = ?1",
                                 err);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, f->id);
    bind_followup(s, f);
    return store_exec_stmt(st, s, err, "saving a follow-up");
}

static void bind_evidence(sqlite3_stmt *s, const struct evidence_item *e)
{
    bind_vocab(s, 2, &VOCAB_EVIDENCE_KIND, (int)e->kind);
    bind_vocab(s, 3, &VOCAB_EVIDENCE_STATUS, (int)e->status);
    bind_text(s, 4, e->ref);
    bind_text(s, 5, e->reason);
    bind_time(s, 6, e->due_at);
    bind_time(s, 7, e->created_at);
    bind_time(s, 8, e->updated_at);
}

int store_evidence_insert(struct store *st, int64_t case_id, struct evidence_item *e,
                          struct oph_error *err)
{
    sqlite3_stmt *s = store_stmt(st, Q_EVIDENCE_INSERT,
                                 "INSERT INTO evidence_items(id, case_id, kind, status, ref, "
                                 "reason, due_at, created_at, updated_at) VALUES ((SELECT ?9 "
                                 "WHERE NOT EXISTS (SELECT 1 FROM evidence_items WHERE id = ?9)), "
                                 "?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                                 err);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, case_id);
    bind_evidence(s, e);
    bind_kept_id(st, s, 9, e->id);
    if (store_exec_stmt(st, s, err, "saving an evidence item"))
        return -1;
    e->id = sqlite3_last_insert_rowid(st->db);
    return 0;
}

int store_evidence_update(struct store *st, const struct evidence_item *e, struct oph_error *err)
{
    sqlite3_stmt *s = store_stmt(st, Q_EVIDENCE_UPDATE,
                                 "UPDATE evidence_items SET kind = ?2, status = ?3, ref = ?4, "
                                 "reason = ?5, due_at = ?6, created_at = ?7, updated_at = ?8 "
                                 "WHERE id = ?1",
                                 err);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, e->id);
    bind_evidence(s, e);
    return store_exec_stmt(st, s, err, "saving an evidence item");
}

int store_timeline_insert(struct store *st, int64_t case_id, struct timeline_entry *t,
                          struct oph_error *err)
{
    static const char *const sql[TL_COUNT] = {
        [TL_WELFARE] = "INSERT INTO welfare_contacts(id, case_id, at, method, note) VALUES "
                       "((SELECT ?5 WHERE NOT EXISTS (SELECT 1 FROM welfare_contacts "
                       "WHERE id = ?5)), ?1, ?2, ?3, ?4)",
        [TL_VICTIM_UPDATE] = "INSERT INTO victim_updates(id, case_id, at, note) VALUES "
                             "((SELECT ?5 WHERE NOT EXISTS (SELECT 1 FROM victim_updates "
                             "WHERE id = ?5)), ?1, ?2, ?4)",
        [TL_DECISION] = "INSERT INTO decisions(id, case_id, at, kind) VALUES "
                        "((SELECT ?5 WHERE NOT EXISTS (SELECT 1 FROM decisions WHERE id = ?5)), "
                        "?1, ?2, ?3)",
        [TL_NOTE] = "INSERT INTO notes(id, case_id, at, text) VALUES "
                    "((SELECT ?5 WHERE NOT EXISTS (SELECT 1 FROM notes WHERE id = ?5)), "
                    "?1, ?2, ?4)",
    };
    static const enum stmt_id ids[TL_COUNT] = {
        [TL_WELFARE] = Q_WELFARE_INSERT,
        [TL_VICTIM_UPDATE] = Q_VICTIM_UPDATE_INSERT,
        [TL_DECISION] = Q_DECISION_INSERT,
        [TL_NOTE] = Q_NOTE_INSERT,
    };
    if ((unsigned)t->kind >= TL_COUNT)
        return oph_fail(err, OPH_INVALID, "unknown timeline entry");
    sqlite3_stmt *s = store_stmt(st, ids[t->kind], sql[t->kind], err);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, case_id);
    bind_time(s, 2, t->at);
    bind_text(s, 3, t->label);
    bind_text(s, 4, t->text);
    bind_kept_id(st, s, 5, t->id);
    if (store_exec_stmt(st, s, err, "saving to the timeline"))
        return -1;
    t->id = sqlite3_last_insert_rowid(st->db);
    return 0;
}

int store_open_cases_with_rule(struct store *st, const char *rule_key, case_ref_cb cb, void *ctx,
                               struct oph_error *err)
{
    sqlite3_stmt *s = store_stmt(
        st, Q_OPEN_CASES_WITH_RULE,
        "SELECT c.reference FROM cases c WHERE c.status = 'open' AND ("
        "EXISTS (SELECT 1 FROM steps WHERE case_id = c.id AND status = 'pending' AND code = ?1) "
        "OR EXISTS (SELECT 1 FROM followups WHERE case_id = c.id AND status = 'pending' "
        "AND rule = ?1) OR EXISTS (SELECT 1 FROM evidence_items WHERE case_id = c.id "
        "AND status = 'requested' AND 'evidence-' || kind = ?1))",
        err);
    if (!s)
        return -1;
    bind_text(s, 1, rule_key);
    /* Collect first: the callback writes to the same tables this query reads. */
    char(*refs)[REF_LEN + 1] = NULL;
    int n = 0, rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        refs = xreallocarray(refs, (size_t)n + 1, sizeof *refs);
        col_text(s, 0, refs[n++], REF_LEN + 1);
    }
    sqlite3_reset(s);
    if (rc != SQLITE_DONE) {
        free(refs);
        return store_fail(st, rc, err, "finding open cases");
    }
    int result = 0;
    for (int i = 0; i < n && result == 0; i++)
        result = cb(ctx, refs[i]);
    free(refs);
    return result;
}
