/* Cases in the database: their references, facts and roles written (case_load.c reads a
 * whole case, case_items.c writes its items). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ophamp/text.h"
#include "ophamp/xalloc.h"
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
void case_read_facts(sqlite3_stmt *s, int first, struct case_facts *f)
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

void case_read_extra(sqlite3_stmt *s, int first, struct case_detail *c)
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
