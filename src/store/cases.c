/* Cases and their items in the database: insert, update, load whole. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ophamp/text.h"
#include "store_internal.h"

/* ---- references ---------------------------------------------------------------------- */

#define REF_NUMBER_MAX 99999

static void ref_format(char out[REF_LEN + 1], int year, int number)
{
    snprintf(out, REF_LEN + 1, "OPH-%04d-%05d", year, number);
}

/* How many cases of the year have a reference numbered lo..hi (one pass over that part of the
 * index of references, reading no column), and the highest number of them (one seek), 0 when
 * none. */
static int ref_count(struct store *st, int year, int lo, int hi, int *count, int *max,
                     struct oph_error *err)
{
    sqlite3_stmt *s = store_stmt(st, Q_CASE_MAX_REF,
                                 "SELECT (SELECT count(*) FROM cases WHERE reference BETWEEN ?1 "
                                 "AND ?2), (SELECT max(reference) FROM cases WHERE reference "
                                 "BETWEEN ?1 AND ?2)",
                                 err);
    if (!s)
        return -1;
    char from[REF_LEN + 1], to[REF_LEN + 1];
    ref_format(from, year, lo);
    ref_format(to, year, hi);
    sqlite3_bind_text(s, 1, from, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 2, to, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        *count = sqlite3_column_int(s, 0);
        const char *ref = (const char *)sqlite3_column_text(s, 1);
        *max = ref && strlen(ref) == 14 ? atoi(ref + 9) : 0;
    }
    sqlite3_reset(s);
    return rc == SQLITE_ROW ? 0 : store_fail(st, rc, err, "numbering the case");
}

/* What this transaction knows of a year: every number below `next` is taken. Only kept while
 * the transaction holds the write lock (nobody else adds cases) and forgotten on any rollback
 * (which may free numbers), so a bulk write numbers each case with a probe or two. */
static struct ref_hint *ref_hint(struct store *st, int year, bool add)
{
    if (st->depth == 0)
        return NULL;
    for (int i = 0; i < STORE_REF_HINTS; i++)
        if (st->ref_hints[i].next > 0 && st->ref_hints[i].year == year)
            return &st->ref_hints[i];
    if (!add)
        return NULL;
    struct ref_hint *h = &st->ref_hints[st->ref_hint_turn++ % STORE_REF_HINTS];
    h->year = year;
    h->next = 1;
    return h;
}

void store_forget_reference_hints(struct store *st)
{
    memset(st->ref_hints, 0, sizeof st->ref_hints);
}

int store_case_free_reference(struct store *st, int year, int from, char out[REF_LEN + 1],
                              struct oph_error *err)
{
    year = year < 0 ? 0 : year % 10000;
    if (from < 1)
        from = 1;
    struct ref_hint *h = ref_hint(st, year, from == 1);
    bool from_known = h && from <= h->next; /* all numbers below `from` are known taken */
    int start = h && h->next > from ? h->next : from, n = 0;
    /* In the common case the number after the last one given is free: a probe or two. */
    for (int k = 0; k < 4 && n == 0 && start <= REF_NUMBER_MAX; k++, start++) {
        int c, m;
        if (ref_count(st, year, start, start, &c, &m, err))
            return -1;
        if (c == 0)
            n = start;
    }
    if (n == 0 && start <= REF_NUMBER_MAX) {
        /* Count the rest of the year: no gap when the numbers run on without one, else the
         * lowest gap by halving, each half counted (at most twice the year's cases read). */
        int c, m;
        if (ref_count(st, year, start, REF_NUMBER_MAX, &c, &m, err))
            return -1;
        if (c == 0) {
            n = start;
        } else if (c == m - start + 1) {
            n = m < REF_NUMBER_MAX ? m + 1 : 0;
        } else {
            int lo = start, hi = m;
            while (lo < hi) {
                int mid = lo + (hi - lo) / 2, left;
                if (ref_count(st, year, lo, mid, &left, &m, err))
                    return -1;
                if (left < mid - lo + 1)
                    hi = mid;
                else
                    lo = mid + 1;
            }
            n = lo;
        }
    }
    if (n == 0)
        return oph_fail(err, OPH_REFUSED, "no references left for %d: all %d numbers are taken",
                        year, REF_NUMBER_MAX);
    if (from_known)
        h->next = n;
    ref_format(out, year, n);
    return 0;
}

int store_case_next_reference(struct store *st, int year, char out[REF_LEN + 1],
                              struct oph_error *err)
{
    return store_case_free_reference(st, year, 1, out, err);
}

#define FACT_COLS                                                                                  \
    "victim_id, supervisor_id, occurred_at, reported_at, location, location_kind, offence, "       \
    "summary, mechanism, injury, body_part, treatment, specified_injury, days_off, off_work, "     \
    "offender_known, arrested_at, thor, crime_reference, referral, enhanced_rights, "              \
    "vps_offered, support_score, died_at"
#define N_FACT_COLS 24

/* Binds the fact columns in FACT_COLS order from parameter `first`. */
static void bind_facts(sqlite3_stmt *s, int first, const struct case_facts *f, int64_t victim_id,
                       int64_t supervisor_id)
{
    int i = first;
    sqlite3_bind_int64(s, i++, victim_id);
    sqlite3_bind_int64(s, i++, supervisor_id);
    bind_time(s, i++, f->occurred_at);
    bind_time(s, i++, f->reported_at);
    bind_text(s, i++, f->location);
    bind_vocab(s, i++, &VOCAB_LOCATION, f->location_kind);
    bind_text(s, i++, f->offence);
    bind_text(s, i++, f->summary);
    bind_vocab(s, i++, &VOCAB_MECHANISM, f->mechanism);
    bind_vocab(s, i++, &VOCAB_INJURY, f->injury);
    bind_text(s, i++, f->body_part);
    bind_vocab(s, i++, &VOCAB_TREATMENT, f->treatment);
    sqlite3_bind_int(s, i++, f->specified_injury);
    sqlite3_bind_int(s, i++, f->days_off);
    sqlite3_bind_int(s, i++, f->off_work);
    bind_tri(s, i++, f->offender_known);
    bind_time(s, i++, f->arrested_at);
    bind_text(s, i++, f->thor);
    bind_text(s, i++, f->crime_reference);
    bind_vocab(s, i++, &VOCAB_REFERRAL, f->referral);
    bind_tri(s, i++, f->enhanced_rights);
    bind_tri(s, i++, f->vps_offered);
    if (f->support_score > 0)
        sqlite3_bind_int(s, i++, f->support_score);
    else
        sqlite3_bind_null(s, i++);
    bind_time(s, i++, f->died_at);
}

/* Reads the fact columns (FACT_COLS order, victim and supervisor ids skipped) from column
 * `first`. */
static void read_facts(sqlite3_stmt *s, int first, struct case_facts *f)
{
    int i = first + 2;
    f->occurred_at = col_time(s, i++);
    f->reported_at = col_time(s, i++);
    col_text(s, i++, f->location, sizeof f->location);
    f->location_kind = col_vocab(s, i++, &VOCAB_LOCATION);
    col_text(s, i++, f->offence, sizeof f->offence);
    col_text(s, i++, f->summary, sizeof f->summary);
    f->mechanism = col_vocab(s, i++, &VOCAB_MECHANISM);
    f->injury = col_vocab(s, i++, &VOCAB_INJURY);
    col_text(s, i++, f->body_part, sizeof f->body_part);
    f->treatment = col_vocab(s, i++, &VOCAB_TREATMENT);
    f->specified_injury = sqlite3_column_int(s, i++) != 0;
    f->days_off = sqlite3_column_int(s, i++);
    f->off_work = sqlite3_column_int(s, i++) != 0;
    f->offender_known = col_tri(s, i++);
    f->arrested_at = col_time(s, i++);
    col_text(s, i++, f->thor, sizeof f->thor);
    col_text(s, i++, f->crime_reference, sizeof f->crime_reference);
    f->referral = col_vocab(s, i++, &VOCAB_REFERRAL);
    f->enhanced_rights = col_tri(s, i++);
    f->vps_offered = col_tri(s, i++);
    f->support_score = sqlite3_column_int(s, i++);
    f->died_at = col_time(s, i++);
}

/* The case's columns that are neither facts nor role holders nor its status (schema 4): the
 * reason for no arrest, and the review of a decision not to prosecute. */
#define EXTRA_COLS                                                                                 \
    "no_arrest_reason, no_arrest_note, review_until, review_asked_at, review_result, "             \
    "review_decided_at, review_note"
#define N_EXTRA_COLS 7

static void bind_extra(sqlite3_stmt *s, int first, const struct case_detail *c)
{
    int i = first;
    bind_vocab(s, i++, &VOCAB_NO_ARREST, c->no_arrest_reason);
    bind_text(s, i++, c->no_arrest_note);
    bind_time(s, i++, c->review_until);
    bind_time(s, i++, c->review_asked_at);
    bind_vocab(s, i++, &VOCAB_REVIEW_RESULT, c->review_result);
    bind_time(s, i++, c->review_decided_at);
    bind_text(s, i++, c->review_note);
}

static void read_extra(sqlite3_stmt *s, int first, struct case_detail *c)
{
    int i = first;
    c->no_arrest_reason = col_vocab(s, i++, &VOCAB_NO_ARREST);
    col_text(s, i++, c->no_arrest_note, sizeof c->no_arrest_note);
    c->review_until = col_time(s, i++);
    c->review_asked_at = col_time(s, i++);
    c->review_result = col_vocab(s, i++, &VOCAB_REVIEW_RESULT);
    c->review_decided_at = col_time(s, i++);
    col_text(s, i++, c->review_note, sizeof c->review_note);
}

int store_case_insert(struct store *st, struct case_detail *c, int64_t victim_id,
                      int64_t supervisor_id, const int64_t *role_ids, struct oph_error *err)
{
    sqlite3_stmt *s = store_stmt(
        st, Q_CASE_INSERT,
        "INSERT INTO cases(uuid, reference, created_at, status, outcome, outcome_at, closed_at, "
        "closing_note, second_line_id, investigator_id, statement_taker_id, "
        "welfare_officer_id, " FACT_COLS ", " EXTRA_COLS ") "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
        "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        err);
    if (!s)
        return -1;
    bind_text(s, 1, c->uuid);
    bind_text(s, 2, c->reference);
    sqlite3_bind_int64(s, 3, c->created_at);
    sqlite3_bind_text(s, 4, c->closed ? "closed" : "open", -1, SQLITE_STATIC);
    bind_vocab(s, 5, &VOCAB_OUTCOME, c->outcome);
    bind_time(s, 6, c->outcome >= 0 ? c->outcome_at : OPH_NO_TIME);
    bind_time(s, 7, c->closed ? c->closed_at : OPH_NO_TIME);
    bind_text(s, 8, c->closing_note);
    static const enum case_role held[] = {CROLE_SECOND_LINE, CROLE_INVESTIGATOR,
                                          CROLE_STATEMENT_TAKER, CROLE_WELFARE_OFFICER};
    for (int i = 0; i < 4; i++) {
        if (role_ids && role_ids[held[i]] > 0)
            sqlite3_bind_int64(s, 9 + i, role_ids[held[i]]);
        else
            sqlite3_bind_null(s, 9 + i);
    }
    bind_facts(s, 13, &c->facts, victim_id, supervisor_id);
    bind_extra(s, 13 + N_FACT_COLS, c);
    if (store_exec_stmt(st, s, err, "saving the case"))
        return -1;
    c->id = sqlite3_last_insert_rowid(st->db);
    return 0;
}

int store_case_update(struct store *st, const struct case_detail *c, int64_t victim_id,
                      int64_t supervisor_id, struct oph_error *err)
{
    sqlite3_stmt *s = store_stmt(st, Q_CASE_UPDATE,
                                 "UPDATE cases SET (" FACT_COLS
                                 ") = (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                                 "?, ?, ?, ?, ?, ?, ?) WHERE id = ?",
                                 err);
    if (!s)
        return -1;
    bind_facts(s, 1, &c->facts, victim_id, supervisor_id);
    sqlite3_bind_int64(s, N_FACT_COLS + 1, c->id);
    return store_exec_stmt(st, s, err, "saving the case");
}

int store_case_set_role(struct store *st, int64_t case_id, enum case_role role, int64_t person_id,
                        struct oph_error *err)
{
    static const char *const sql[CROLE_COUNT] = {
        [CROLE_SUPERVISOR] = "UPDATE cases SET supervisor_id = ? WHERE id = ?",
        [CROLE_SECOND_LINE] = "UPDATE cases SET second_line_id = ? WHERE id = ?",
        [CROLE_INVESTIGATOR] = "UPDATE cases SET investigator_id = ? WHERE id = ?",
        [CROLE_STATEMENT_TAKER] = "UPDATE cases SET statement_taker_id = ? WHERE id = ?",
        [CROLE_WELFARE_OFFICER] = "UPDATE cases SET welfare_officer_id = ? WHERE id = ?",
    };
    if ((unsigned)role >= CROLE_COUNT)
        return oph_fail(err, OPH_INVALID, "unknown case role");
    sqlite3_stmt *s = store_stmt(st, (enum stmt_id)(Q_CASE_ROLE_0 + (int)role), sql[role], err);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, person_id);
    sqlite3_bind_int64(s, 2, case_id);
    return store_exec_stmt(st, s, err, "assigning a role");
}

int store_case_set_outcome(struct store *st, int64_t case_id, int outcome, oph_time at,
                           struct oph_error *err)
{
    sqlite3_stmt *s = store_stmt(st, Q_CASE_OUTCOME,
                                 "UPDATE cases SET outcome = ?, outcome_at = ? WHERE id = ?", err);
    if (!s)
        return -1;
    bind_vocab(s, 1, &VOCAB_OUTCOME, outcome);
    bind_time(s, 2, outcome < 0 ? OPH_NO_TIME : at);
    sqlite3_bind_int64(s, 3, case_id);
    return store_exec_stmt(st, s, err, "recording the outcome");
}

int store_case_close(struct store *st, const struct case_detail *c, oph_time at, const char *note,
                     struct oph_error *err)
{
    sqlite3_stmt *s = store_stmt(st, Q_CASE_CLOSE,
                                 "UPDATE cases SET status = 'closed', closed_at = ?, "
                                 "closing_note = ?, no_arrest_reason = ?, no_arrest_note = ?, "
                                 "review_until = ? WHERE id = ?",
                                 err);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, at);
    bind_text(s, 2, note);
    bind_vocab(s, 3, &VOCAB_NO_ARREST, c->no_arrest_reason);
    bind_text(s, 4, c->no_arrest_note);
    bind_time(s, 5, c->review_until);
    sqlite3_bind_int64(s, 6, c->id);
    return store_exec_stmt(st, s, err, "closing the case");
}

int store_case_set_review(struct store *st, const struct case_detail *c, struct oph_error *err)
{
    sqlite3_stmt *s = store_stmt(st, Q_CASE_REVIEW,
                                 "UPDATE cases SET review_asked_at = ?, review_result = ?, "
                                 "review_decided_at = ?, review_note = ? WHERE id = ?",
                                 err);
    if (!s)
        return -1;
    bind_time(s, 1, c->review_asked_at);
    bind_vocab(s, 2, &VOCAB_REVIEW_RESULT, c->review_result);
    bind_time(s, 3, c->review_decided_at);
    bind_text(s, 4, c->review_note);
    sqlite3_bind_int64(s, 5, c->id);
    return store_exec_stmt(st, s, err, "recording the review");
}

int store_case_find(struct store *st, const char *key, char ref_out[REF_LEN + 1],
                    struct oph_error *err)
{
    sqlite3_stmt *s = store_stmt(
        st, Q_CASE_FIND, "SELECT reference FROM cases WHERE uuid = ?1 OR reference = ?1", err);
    if (!s)
        return -1;
    sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        col_text(s, 0, ref_out, REF_LEN + 1);
    sqlite3_reset(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return store_fail(st, rc, err, "looking for a case");
    return rc == SQLITE_ROW;
}

int store_case_rewrite(struct store *st, const struct case_detail *c, int64_t victim_id,
                       const int64_t *role_ids, struct oph_error *err)
{
    sqlite3_stmt *s = store_stmt(
        st, Q_CASE_REWRITE,
        "UPDATE cases SET (created_at, status, outcome, outcome_at, closed_at, closing_note, "
        "second_line_id, investigator_id, statement_taker_id, welfare_officer_id, " FACT_COLS
        ", " EXTRA_COLS ") = (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
        "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) WHERE id = ?",
        err);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, c->created_at);
    sqlite3_bind_text(s, 2, c->closed ? "closed" : "open", -1, SQLITE_STATIC);
    bind_vocab(s, 3, &VOCAB_OUTCOME, c->outcome);
    bind_time(s, 4, c->outcome >= 0 ? c->outcome_at : OPH_NO_TIME);
    bind_time(s, 5, c->closed ? c->closed_at : OPH_NO_TIME);
    bind_text(s, 6, c->closing_note);
    static const enum case_role held[] = {CROLE_SECOND_LINE, CROLE_INVESTIGATOR,
                                          CROLE_STATEMENT_TAKER, CROLE_WELFARE_OFFICER};
    for (int i = 0; i < 4; i++) {
        if (role_ids[held[i]] > 0)
            sqlite3_bind_int64(s, 7 + i, role_ids[held[i]]);
        else
            sqlite3_bind_null(s, 7 + i);
    }
    bind_facts(s, 11, &c->facts, victim_id, role_ids[CROLE_SUPERVISOR]);
    bind_extra(s, 11 + N_FACT_COLS, c);
    sqlite3_bind_int64(s, 11 + N_FACT_COLS + N_EXTRA_COLS, c->id);
    return store_exec_stmt(st, s, err, "replacing the case");
}

int store_case_clear_items(struct store *st, int64_t case_id, struct oph_error *err)
{
    static const struct {
        enum stmt_id id;
        const char *sql;
    } q[] = {
        {Q_CLEAR_FOLLOWUPS, "DELETE FROM followups WHERE case_id = ?"},
        {Q_CLEAR_EVIDENCE, "DELETE FROM evidence_items WHERE case_id = ?"},
        {Q_CLEAR_WELFARE, "DELETE FROM welfare_contacts WHERE case_id = ?"},
        {Q_CLEAR_VICTIM_UPDATES, "DELETE FROM victim_updates WHERE case_id = ?"},
        {Q_CLEAR_DECISIONS, "DELETE FROM decisions WHERE case_id = ?"},
        {Q_CLEAR_NOTES, "DELETE FROM notes WHERE case_id = ?"},
    };
    for (size_t i = 0; i < sizeof q / sizeof q[0]; i++) {
        sqlite3_stmt *s = store_stmt(st, q[i].id, q[i].sql, err);
        if (!s)
            return -1;
        sqlite3_bind_int64(s, 1, case_id);
        if (store_exec_stmt(st, s, err, "replacing the case's items"))
            return -1;
    }
    return 0;
}

/* ---- loading a whole case ------------------------------------------------------------ */

static int load_roles(struct store *st, struct case_detail *c, struct oph_error *err)
{
    sqlite3_stmt *s = store_stmt(
        st, Q_CASE_ROLES,
        "SELECT 0, p.number, p.name FROM cases c JOIN people p ON p.id = c.supervisor_id "
        "WHERE c.id = ?1 UNION ALL "
        "SELECT 1, p.number, p.name FROM cases c JOIN people p ON p.id = c.second_line_id "
        "WHERE c.id = ?1 UNION ALL "
        "SELECT 2, p.number, p.name FROM cases c JOIN people p ON p.id = c.investigator_id "
        "WHERE c.id = ?1 UNION ALL "
        "SELECT 3, p.number, p.name FROM cases c JOIN people p ON p.id = c.statement_taker_id "
        "WHERE c.id = ?1 UNION ALL "
        "SELECT 4, p.number, p.name FROM cases c JOIN people p ON p.id = c.welfare_officer_id "
        "WHERE c.id = ?1",
        err);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, c->id);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        int role = sqlite3_column_int(s, 0);
        if (role < 0 || role >= CROLE_COUNT)
            continue;
        c->roles[role].set = true;
        col_text(s, 1, c->roles[role].number, sizeof c->roles[role].number);
        col_text(s, 2, c->roles[role].name, sizeof c->roles[role].name);
    }
    sqlite3_reset(s);
    if (rc != SQLITE_DONE)
        return store_fail(st, rc, err, "reading role holders");
    text_copy(c->facts.supervisor_number, sizeof c->facts.supervisor_number,
              c->roles[CROLE_SUPERVISOR].number);
    return 0;
}

static int load_steps(struct store *st, struct case_detail *c, struct oph_error *err)
{
    sqlite3_stmt *s = store_stmt(st, Q_STEPS_LOAD,
                                 "SELECT code, status, due_at, done_at, done_by, reason, note, "
                                 "victim_signed_at, supervisor_signed_at FROM steps "
                                 "WHERE case_id = ?",
                                 err);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, c->id);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        int code = col_vocab(s, 0, &VOCAB_STEP);
        if (code < 0)
            continue;
        struct step *p = &c->steps[code];
        p->code = (enum step_code)code;
        int status = col_vocab(s, 1, &VOCAB_STATUS);
        p->status = status < 0 ? STATUS_PENDING : (enum item_status)status;
        p->due_at = col_time(s, 2);
        p->done_at = col_time(s, 3);
        col_text(s, 4, p->done_by, sizeof p->done_by);
        col_text(s, 5, p->reason, sizeof p->reason);
        col_text(s, 6, p->note, sizeof p->note);
        p->victim_signed_at = col_time(s, 7);
        p->supervisor_signed_at = col_time(s, 8);
    }
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? 0 : store_fail(st, rc, err, "reading steps");
}

/* Grows a malloc'ed array by one element (item arrays of a case: record_grow). */
static void *grow(void *arr, int n, size_t size)
{
    void *p = realloc(arr, (size_t)(n + 1) * size);
    if (!p)
        abort(); /* item arrays are small: running out of memory here is not recoverable */
    return p;
}

static int load_followups(struct store *st, struct case_detail *c, struct oph_error *err)
{
    sqlite3_stmt *s = store_stmt(st, Q_FOLLOWUPS_LOAD,
                                 "SELECT id, kind, rule, event_at, due_at, status, done_at, "
                                 "reason, note, done_by, route, reference, "
                                 "row_number() OVER (ORDER BY id) "
                                 "FROM followups WHERE case_id = ? ORDER BY due_at, id",
                                 err);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, c->id);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        c->followups =
            record_grow(c->followups, c->n_followups, &c->cap_followups, sizeof *c->followups);
        struct followup *f = &c->followups[c->n_followups++];
        memset(f, 0, sizeof *f);
        f->id = sqlite3_column_int64(s, 0);
        int kind = col_vocab(s, 1, &VOCAB_FOLLOWUP);
        f->kind = kind < 0 ? FU_WELFARE : (enum followup_kind)kind;
        col_text(s, 2, f->rule, sizeof f->rule);
        f->event_at = col_time(s, 3);
        f->due_at = col_time(s, 4);
        int status = col_vocab(s, 5, &VOCAB_STATUS);
        f->status = status < 0 ? STATUS_PENDING : (enum item_status)status;
        f->done_at = col_time(s, 6);
        col_text(s, 7, f->reason, sizeof f->reason);
        col_text(s, 8, f->note, sizeof f->note);
        col_text(s, 9, f->done_by, sizeof f->done_by);
        f->route = col_vocab(s, 10, &VOCAB_RIDDOR_ROUTE);
        col_text(s, 11, f->reference, sizeof f->reference);
        f->number = sqlite3_column_int(s, 12);
    }
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? 0 : store_fail(st, rc, err, "reading follow-ups");
}

static int load_evidence(struct store *st, struct case_detail *c, struct oph_error *err)
{
    sqlite3_stmt *s = store_stmt(st, Q_EVIDENCE_LOAD,
                                 "SELECT id, kind, status, ref, reason, due_at, created_at, "
                                 "updated_at FROM evidence_items WHERE case_id = ? ORDER BY id",
                                 err);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, c->id);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        c->evidence =
            record_grow(c->evidence, c->n_evidence, &c->cap_evidence, sizeof *c->evidence);
        struct evidence_item *e = &c->evidence[c->n_evidence++];
        memset(e, 0, sizeof *e);
        e->id = sqlite3_column_int64(s, 0);
        e->number = c->n_evidence; /* in id order: the first is 1 */
        int kind = col_vocab(s, 1, &VOCAB_EVIDENCE_KIND);
        e->kind = kind < 0 ? EV_OTHER : (enum evidence_kind)kind;
        int status = col_vocab(s, 2, &VOCAB_EVIDENCE_STATUS);
        e->status = status < 0 ? EVS_REQUESTED : (enum evidence_status)status;
        col_text(s, 3, e->ref, sizeof e->ref);
        col_text(s, 4, e->reason, sizeof e->reason);
        e->due_at = col_time(s, 5);
        e->created_at = col_time(s, 6);
        e->updated_at = col_time(s, 7);
    }
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? 0 : store_fail(st, rc, err, "reading evidence items");
}

static int load_timeline(struct store *st, struct case_detail *c, struct oph_error *err)
{
    sqlite3_stmt *s = store_stmt(
        st, Q_TIMELINE_LOAD,
        "SELECT 0, id, at, method, note FROM welfare_contacts WHERE case_id = ?1 UNION ALL "
        "SELECT 1, id, at, NULL, note FROM victim_updates WHERE case_id = ?1 UNION ALL "
        "SELECT 2, id, at, kind, NULL FROM decisions WHERE case_id = ?1 UNION ALL "
        "SELECT 3, id, at, NULL, text FROM notes WHERE case_id = ?1 ORDER BY 3, 1, 2",
        err);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, c->id);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        c->timeline =
            record_grow(c->timeline, c->n_timeline, &c->cap_timeline, sizeof *c->timeline);
        struct timeline_entry *t = &c->timeline[c->n_timeline++];
        memset(t, 0, sizeof *t);
        t->kind = (enum timeline_kind)sqlite3_column_int(s, 0);
        t->id = sqlite3_column_int64(s, 1);
        t->at = col_time(s, 2);
        col_text(s, 3, t->label, sizeof t->label);
        col_text(s, 4, t->text, sizeof t->text);
    }
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? 0 : store_fail(st, rc, err, "reading the timeline");
}

/* A reference the index of references did not find, looked for again another way: in the
 * full-text index (reference column), each match read from the table by its id. A damaged
 * index page can lose a key and still look whole to SQLite; a case that is there must never
 * read as "no case". Only a well-formed reference is looked for (the full-text query is then
 * plain tokens), at the cost of one phrase query. A UUID is not: the only other way to it is
 * reading every case, which a UUID not there (an import's new case) must not cost. Returns 0
 * when it is indeed absent, -1 (err set) when it is there after all or cannot be read. */
static int confirm_absent(struct store *st, const char *ref, struct oph_error *err)
{
    if (sqlite3_strglob("OPH-[0-9][0-9][0-9][0-9]-[0-9][0-9][0-9][0-9][0-9]", ref) != 0)
        return 0;
    char phrase[64];
    snprintf(phrase, sizeof phrase, "reference : \"%s\"", ref);
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(st->db,
                                "SELECT c.id FROM case_search CROSS JOIN cases c NOT INDEXED "
                                "ON c.id = (case_search.rowid & 67108863) "
                                "WHERE case_search MATCH ?2 AND c.reference = ?1 LIMIT 1",
                                -1, &s, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_text(s, 1, ref, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 2, phrase, -1, SQLITE_STATIC);
        rc = sqlite3_step(s);
    }
    sqlite3_finalize(s);
    if (rc == SQLITE_DONE)
        return 0;
    if (rc == SQLITE_ROW)
        return oph_fail(err, OPH_DB,
                        "%s is damaged: its index of cases does not find %s, which is there "
                        "(ophamp check lists the damage)",
                        st->path, ref);
    return store_fail(st, rc, err, "reading the case");
}

int store_case_load(struct store *st, const char *ref, struct case_detail *out,
                    struct oph_error *err)
{
    memset(out, 0, sizeof *out);
    case_facts_init(&out->facts);
    sqlite3_stmt *s = store_stmt(
        st, Q_CASE_LOAD,
        "SELECT c.id, c.uuid, c.reference, c.status, c.outcome, c.outcome_at, c.closed_at, "
        "c.closing_note, c.created_at, v.id, v.name, v.number, v.role, v.rank, v.team, "
        "c.victim_id, c.supervisor_id, c.occurred_at, c.reported_at, c.location, "
        "c.location_kind, c.offence, c.summary, c.mechanism, c.injury, c.body_part, "
        "c.treatment, c.specified_injury, c.days_off, c.off_work, c.offender_known, "
        "c.arrested_at, c.thor, c.crime_reference, c.referral, c.enhanced_rights, "
        "c.vps_offered, c.support_score, c.died_at, c.no_arrest_reason, c.no_arrest_note, "
        "c.review_until, c.review_asked_at, c.review_result, c.review_decided_at, c.review_note "
        "FROM cases c JOIN people v ON v.id = c.victim_id "
        "WHERE c.id = (SELECT id FROM cases WHERE reference = ?1 "
        "UNION ALL SELECT id FROM cases WHERE uuid = lower(?1) LIMIT 1)",
        err);
    if (!s)
        return -1;
    bind_text(s, 1, ref);
    int rc = sqlite3_step(s);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(s);
        if (rc != SQLITE_DONE)
            return store_fail(st, rc, err, "reading the case");
        return confirm_absent(st, ref, err);
    }
    out->id = sqlite3_column_int64(s, 0);
    col_text(s, 1, out->uuid, sizeof out->uuid);
    col_text(s, 2, out->reference, sizeof out->reference);
    const char *status = (const char *)sqlite3_column_text(s, 3);
    out->closed = status && strcmp(status, "closed") == 0;
    out->outcome = col_vocab(s, 4, &VOCAB_OUTCOME);
    out->outcome_at = col_time(s, 5);
    out->closed_at = col_time(s, 6);
    col_text(s, 7, out->closing_note, sizeof out->closing_note);
    out->created_at = col_time(s, 8);
    out->victim.id = sqlite3_column_int64(s, 9);
    col_text(s, 10, out->victim.name, sizeof out->victim.name);
    col_text(s, 11, out->victim.number, sizeof out->victim.number);
    int role = col_vocab(s, 12, &VOCAB_PERSON_ROLE);
    out->victim.role = role < 0 ? ROLE_OFFICER : (enum person_role)role;
    col_text(s, 13, out->victim.rank, sizeof out->victim.rank);
    col_text(s, 14, out->victim.team, sizeof out->victim.team);
    read_facts(s, 15, &out->facts);
    read_extra(s, 15 + N_FACT_COLS, out);
    sqlite3_reset(s);
    text_copy(out->facts.victim_number, sizeof out->facts.victim_number, out->victim.number);
    if (load_roles(st, out, err) || load_steps(st, out, err) || load_followups(st, out, err) ||
        load_evidence(st, out, err) || load_timeline(st, out, err)) {
        case_detail_done(out);
        return -1;
    }
    return 1;
}

int store_case_exists(struct store *st, const char *ref, struct oph_error *err)
{
    sqlite3_stmt *s = store_stmt(st, Q_CASE_EXISTS,
                                 "SELECT EXISTS (SELECT 1 FROM cases WHERE reference = ?1) "
                                 "OR EXISTS (SELECT 1 FROM cases WHERE uuid = lower(?1))",
                                 err);
    if (!s)
        return -1;
    bind_text(s, 1, ref);
    int rc = sqlite3_step(s), found = rc == SQLITE_ROW && sqlite3_column_int(s, 0) != 0;
    sqlite3_reset(s);
    return rc == SQLITE_ROW ? found : store_fail(st, rc, err, "finding the case");
}

int store_case_each(struct store *st, bool open_only, case_ref_cb cb, void *ctx,
                    struct oph_error *err)
{
    /* Reading one row at a time keeps one read transaction open for the whole walk, so the
     * cases loaded in cb all come from the same state of the database. */
    /* In the order the assaults happened, through the date indexes (the open cases' one
     * holds only those): no pass over the whole table to find a few thousand open cases. */
    sqlite3_stmt *s = open_only
                          ? store_stmt(st, Q_CASE_EACH_OPEN,
                                       "SELECT reference FROM cases WHERE status = 'open' "
                                       "ORDER BY occurred_at, id",
                                       err)
                          : store_stmt(st, Q_CASE_EACH_ALL,
                                       "SELECT reference FROM cases ORDER BY occurred_at, id", err);
    if (!s)
        return -1;
    int rc, result = 0;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        char ref[REF_LEN + 1];
        col_text(s, 0, ref, sizeof ref);
        if ((result = cb(ctx, ref)) != 0)
            break;
    }
    sqlite3_reset(s);
    if (result == 0 && rc != SQLITE_DONE)
        return store_fail(st, rc, err, "reading the cases");
    return result;
}

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
        refs = grow(refs, n, sizeof *refs);
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
