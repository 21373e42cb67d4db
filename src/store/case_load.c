/* A whole case read from the database (its facts, roles, steps, follow-ups, evidence and
 * timeline), and the walks over cases. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ophamp/text.h"
#include "ophamp/xalloc.h"
#include "store_internal.h"

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
    case_read_facts(s, 15, &out->facts);
    case_read_extra(s, 15 + N_FACT_COLS, out);
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
