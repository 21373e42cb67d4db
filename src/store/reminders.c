/* The worklist's reminders: pending items due up to a time, read through the partial indexes
 * on pending items, with their case, victim and supervisor, filtered by kind, by whose case it
 * is and by off work in the same statement. */
#include <stdio.h>
#include <string.h>

#include "store_internal.h"

int store_reminders(struct store *st, oph_time until, reminder_cb cb, void *ctx,
                    struct oph_error *err)
{
    struct remind_query q = {.until = until, .evidence = true};
    return store_reminders_query(st, &q, cb, ctx, err);
}

/* A follow-up's and an evidence item's number in its case, computed for the rows given only
 * (after the filters on the case). */
#define ITEM_NUMBER                                                                                \
    "CASE x.kind WHEN 1 THEN (SELECT count(*) FROM followups n WHERE n.case_id = x.case_id "       \
    "AND n.id <= x.id) WHEN 2 THEN (SELECT count(*) FROM evidence_items n "                        \
    "WHERE n.case_id = x.case_id AND n.id <= x.id) ELSE 0 END"

int store_reminders_query(struct store *st, const struct remind_query *q, reminder_cb cb, void *ctx,
                          struct oph_error *err)
{
    /* One statement: the three partial indexes of pending items read up to ?1 (each arm
     * keeps only the codes and kinds asked for), each item's case by its key, its victim and
     * supervisor by theirs; then whose case and off work. */
    sqlite3_stmt *s = store_stmt(
        st, Q_REMIND,
        "SELECT c.reference, x.due_at, c.uuid, x.kind, x.id, x.key, c.id, x.sub, " ITEM_NUMBER
        ", v.name, v.number, s.name, s.number, c.off_work FROM ("
        "SELECT case_id, due_at, 0 AS kind, 0 AS id, code AS key, code AS sub FROM steps "
        "WHERE status = 'pending' AND due_at <= ?1 "
        "AND (?2 IS NULL OR instr(?2, ',' || code || ',') > 0) UNION ALL "
        "SELECT case_id, due_at, 1, id, rule, kind FROM followups "
        "WHERE status = 'pending' AND due_at <= ?1 "
        "AND (?3 IS NULL OR instr(?3, ',' || kind || ',') > 0) UNION ALL "
        "SELECT case_id, due_at, 2, id, 'evidence-' || kind, kind FROM evidence_items "
        "WHERE status = 'requested' AND due_at <= ?1 AND ?4) AS x "
        "JOIN cases c ON c.id = x.case_id JOIN people v ON v.id = c.victim_id "
        "JOIN people s ON s.id = c.supervisor_id "
        "WHERE (?5 = 0 OR c.off_work = 1) AND (?6 = 0 OR ?6 = c.supervisor_id "
        "OR ?6 = c.second_line_id OR ?6 = c.investigator_id OR ?6 = c.statement_taker_id "
        "OR ?6 = c.welfare_officer_id) ORDER BY x.due_at, c.reference, x.kind DESC, x.key, x.id",
        err);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, q->until);
    if (q->steps)
        sqlite3_bind_text(s, 2, q->steps, -1, SQLITE_STATIC);
    if (q->followups)
        sqlite3_bind_text(s, 3, q->followups, -1, SQLITE_STATIC);
    sqlite3_bind_int(s, 4, q->evidence);
    sqlite3_bind_int(s, 5, q->off_work);
    sqlite3_bind_int64(s, 6, q->person_id);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        struct reminder r;
        memset(&r, 0, sizeof r);
        col_text(s, 0, r.reference, sizeof r.reference);
        r.due_at = sqlite3_column_int64(s, 1);
        r.state = REMIND_DUE_SOON;
        col_text(s, 2, r.uuid, sizeof r.uuid);
        int kind = sqlite3_column_int(s, 3);
        r.kind = kind == 1 ? DUE_FOLLOWUP : kind == 2 ? DUE_EVIDENCE : DUE_STEP;
        r.item_id = sqlite3_column_int64(s, 4);
        col_text(s, 5, r.key, sizeof r.key);
        r.case_id = sqlite3_column_int64(s, 6);
        const struct vocab *subs = r.kind == DUE_STEP       ? &VOCAB_STEP
                                   : r.kind == DUE_FOLLOWUP ? &VOCAB_FOLLOWUP
                                                            : &VOCAB_EVIDENCE_KIND;
        r.sub = col_vocab(s, 7, subs);
        r.number = sqlite3_column_int(s, 8);
        col_text(s, 9, r.victim_name, sizeof r.victim_name);
        col_text(s, 10, r.victim_number, sizeof r.victim_number);
        col_text(s, 11, r.supervisor_name, sizeof r.supervisor_name);
        col_text(s, 12, r.supervisor_number, sizeof r.supervisor_number);
        r.off_work = sqlite3_column_int(s, 13) != 0;
        /* "step crime", "follow-up welfare-72h #2", "evidence cctv #1" */
        if (r.kind == DUE_STEP)
            snprintf(r.item, sizeof r.item, "step %s", r.key);
        else if (r.kind == DUE_FOLLOWUP)
            snprintf(r.item, sizeof r.item, "follow-up %s #%d", r.key, r.number);
        else
            snprintf(r.item, sizeof r.item, "evidence %s #%d",
                     r.sub >= 0 ? VOCAB_EVIDENCE_KIND.names[r.sub] : "?", r.number);
        if (cb(ctx, &r))
            break;
    }
    sqlite3_reset(s);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : store_fail(st, rc, err, "finding reminders");
}
