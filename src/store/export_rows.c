/* Reading for exports (see store_export.h): the case list as one statement that pivots each
 * case's seven steps into its row through the unique (case_id, code) index of steps, and the
 * due items of many cases through the partial indexes on pending items. Rows are handed on
 * as they come; nothing is collected. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ophamp/store_export.h"
#include "store_internal.h"

int store_case_id(struct store *st, const char *ref, int64_t *id, struct oph_error *err)
{
    sqlite3_stmt *s = store_stmt(st, Q_CASE_ID,
                                 "SELECT id FROM cases WHERE reference = ?1 "
                                 "UNION ALL SELECT id FROM cases WHERE uuid = lower(?1) LIMIT 1",
                                 err);
    if (!s)
        return -1;
    bind_text(s, 1, ref);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        *id = sqlite3_column_int64(s, 0);
    sqlite3_reset(s);
    if (rc == SQLITE_ROW)
        return 1;
    return rc == SQLITE_DONE ? 0 : store_fail(st, rc, err, "finding the case");
}

/* ---- the case list ------------------------------------------------------------------- */

#define PERSON_JOIN(alias, col) " LEFT JOIN people " alias " ON " alias ".id = c." col

/* Column numbers of the statement below: the fact columns of CASE_COLUMNS, in order, then
 * three a step, then the case's id. */
enum { LC_STEPS = CASE_FACT_COLUMNS, LC_ID = LC_STEPS + 3 * STEP_COUNT };

/* The cases are read in (occurred_at, id) order through an index that holds exactly the
 * selected cases, so the order costs no sorting; each case's people and steps are found by
 * key. The facts are CASE_COLUMNS' SQL, in order. The steps come from the plan's table
 * (STEP_DEFS), in plan order (enum step_code): each its three columns (sN.status, sN.due_at,
 * sN.done_at) and its join on its code. */
#define LIST_ROWS_PEOPLE                                                                           \
    " CROSS JOIN people v ON v.id = c.victim_id" PERSON_JOIN("sp", "supervisor_id")                \
        PERSON_JOIN("sl", "second_line_id") PERSON_JOIN("iv", "investigator_id")                   \
            PERSON_JOIN("stk", "statement_taker_id") PERSON_JOIN("wo", "welfare_officer_id")
#define LIST_ROWS_SQL_MAX 4096

/* Appends to sql (of LIST_ROWS_SQL_MAX) at *o; a statement cut short fails to prepare. */
static void put(char *sql, size_t *o, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(sql + *o, LIST_ROWS_SQL_MAX - *o, fmt, ap);
    va_end(ap);
    *o = k < 0 || (size_t)k >= LIST_ROWS_SQL_MAX - *o ? LIST_ROWS_SQL_MAX - 1 : *o + (size_t)k;
}

static const char *list_rows_sql(char sql[LIST_ROWS_SQL_MAX], const char *from, const char *where)
{
    size_t o = 0;
    for (int i = 0; i < CASE_FACT_COLUMNS; i++)
        put(sql, &o, "%s%s", i ? ", " : "SELECT ", CASE_COLUMNS[i].sql);
    for (int i = 0; i < STEP_COUNT; i++)
        put(sql, &o, ", s%d.status, s%d.due_at, s%d.done_at", i, i, i);
    put(sql, &o, ", c.id FROM %s%s", from, LIST_ROWS_PEOPLE);
    for (int i = 0; i < STEP_COUNT; i++)
        put(sql, &o, " LEFT JOIN steps s%d ON s%d.case_id = c.id AND s%d.code = '%s'", i, i, i,
            STEP_DEFS[i].code);
    put(sql, &o, " WHERE %s", where);
    return sql;
}

static const char *text_or_null(sqlite3_stmt *s, int i)
{
    return (const char *)sqlite3_column_text(s, i);
}

static int tri_col(sqlite3_stmt *s, int i)
{
    return col_tri(s, i);
}

/* A column's field of the row, to be filled. */
#define FIELD(r, c, type) ((type *)(void *)((char *)(r) + CASE_COLUMNS[c].off))

static void read_list_row(sqlite3_stmt *s, struct case_list_row *r)
{
    for (int c = 0; c < CASE_FACT_COLUMNS; c++)
        switch (CASE_COLUMNS[c].kind) {
        case CCK_TEXT:
        case CCK_FREE:
        case CCK_PERSON:
            *FIELD(r, c, const char *) = text_or_null(s, c);
            break;
        case CCK_TIME:
            *FIELD(r, c, oph_time) = col_time(s, c);
            break;
        case CCK_FLAG:
            *FIELD(r, c, int) = sqlite3_column_int(s, c) != 0;
            break;
        case CCK_TRI:
            *FIELD(r, c, int) = tri_col(s, c);
            break;
        case CCK_NUMBER:
            *FIELD(r, c, int) = sqlite3_column_int(s, c);
            break;
        case CCK_SCORE:
            *FIELD(r, c, int) =
                sqlite3_column_type(s, c) == SQLITE_NULL ? 0 : sqlite3_column_int(s, c);
            break;
        }
    for (int i = 0; i < STEP_COUNT; i++) {
        int col = LC_STEPS + 3 * i;
        struct case_list_step *st = &r->steps[i];
        st->status = col_vocab(s, col, &VOCAB_STATUS);
        st->due_at = col_time(s, col + 1);
        st->done_at = col_time(s, col + 2);
    }
    r->id = sqlite3_column_int64(s, LC_ID);
}

int store_case_list_rows(struct store *st, enum export_select sel, int64_t case_id,
                         case_list_row_cb cb, void *ctx, struct oph_error *err)
{
    sqlite3_stmt *s;
    char sql[LIST_ROWS_SQL_MAX];
    switch (sel) {
    case EXPORT_SELECT_ALL:
        s = store_stmt(st, Q_LIST_ROWS_ALL,
                       list_rows_sql(sql, "cases c INDEXED BY cases_occurred",
                                     "1 ORDER BY c.occurred_at, c.id"),
                       err);
        break;
    case EXPORT_SELECT_OPEN:
        s = store_stmt(st, Q_LIST_ROWS_OPEN,
                       list_rows_sql(sql, "cases c INDEXED BY cases_open",
                                     "c.status = 'open' ORDER BY c.occurred_at, c.id"),
                       err);
        break;
    case EXPORT_SELECT_ONE:
        s = store_stmt(st, Q_LIST_ROWS_ONE, list_rows_sql(sql, "cases c", "c.id = ?1"), err);
        if (s)
            sqlite3_bind_int64(s, 1, case_id);
        break;
    default:
        return oph_fail(err, OPH_INVALID, "unknown selection of cases");
    }
    if (!s)
        return -1;
    int rc, stop = 0;
    struct case_list_row row;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        read_list_row(s, &row);
        if ((stop = cb(ctx, &row)) != 0)
            break;
    }
    sqlite3_reset(s);
    if (stop)
        return stop;
    return rc == SQLITE_DONE ? 0 : store_fail(st, rc, err, "reading the case list");
}

/* ---- due items ----------------------------------------------------------------------- */

/* The pending items (of one case with ?1), merged soonest first from their due indexes
 * (LIMIT -1 keeps the merge lazy: no sorting), each joined to its case and victim. */
#define DUE_ITEMS_SQL(and_case, where)                                                             \
    "WITH i(case_id, kind, id, key, label, due_at) AS ("                                           \
    "SELECT case_id, 0, 0, code, 'step ' || code, due_at FROM steps "                              \
    "WHERE status = 'pending'" and_case " UNION ALL "                                              \
    "SELECT case_id, 1, id, rule, 'follow-up ' || rule || ' #' || " FOLLOWUP_NUMBER_OF_F ", "      \
    "due_at FROM followups f WHERE status = 'pending'" and_case " UNION ALL "                      \
    "SELECT case_id, 2, id, 'evidence-' || kind, 'evidence ' || kind || ' #' "                     \
    "|| " EVIDENCE_NUMBER_OF_E                                                                     \
    ", due_at FROM evidence_items e WHERE status = 'requested'" and_case " ORDER BY 6 LIMIT -1) "  \
    "SELECT c.reference, c.uuid, i.kind, i.id, i.key, i.label, i.due_at, v.name, v.number, "       \
    "c.location FROM i CROSS JOIN cases c ON c.id = i.case_id "                                    \
    "CROSS JOIN people v ON v.id = c.victim_id WHERE " where

int store_due_items(struct store *st, enum export_select sel, int64_t case_id, due_item_cb cb,
                    void *ctx, struct oph_error *err)
{
    sqlite3_stmt *s;
    switch (sel) {
    case EXPORT_SELECT_ALL:
        s = store_stmt(st, Q_DUE_ITEMS_ALL, DUE_ITEMS_SQL("", "1"), err);
        break;
    case EXPORT_SELECT_OPEN:
        s = store_stmt(st, Q_DUE_ITEMS_OPEN, DUE_ITEMS_SQL("", "c.status = 'open'"), err);
        break;
    case EXPORT_SELECT_ONE:
        s = store_stmt(st, Q_DUE_ITEMS_ONE, DUE_ITEMS_SQL(" AND case_id = ?1", "1"), err);
        if (s)
            sqlite3_bind_int64(s, 1, case_id);
        break;
    default:
        return oph_fail(err, OPH_INVALID, "unknown selection of cases");
    }
    if (!s)
        return -1;
    int rc, stop = 0;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        int kind = sqlite3_column_int(s, 2);
        struct due_item d = {
            .reference = text_or_null(s, 0),
            .uuid = text_or_null(s, 1),
            .kind = kind == 1   ? DUE_FOLLOWUP
                    : kind == 2 ? DUE_EVIDENCE
                                : DUE_STEP,
            .item_id = sqlite3_column_int64(s, 3),
            .key = text_or_null(s, 4),
            .label = text_or_null(s, 5),
            .due_at = sqlite3_column_int64(s, 6),
            .victim_name = text_or_null(s, 7),
            .victim_number = text_or_null(s, 8),
            .location = text_or_null(s, 9),
            .done_at = OPH_NO_TIME,
        };
        if ((stop = cb(ctx, &d)) != 0)
            break;
    }
    sqlite3_reset(s);
    if (stop)
        return stop;
    return rc == SQLITE_DONE ? 0 : store_fail(st, rc, err, "reading the due items");
}

/* ---- finished items ------------------------------------------------------------------ */

/* The items finished at or after ?1 of the cases in c(id), each with its case and victim. */
#define FINISHED_SQL(cases)                                                                        \
    "WITH c(id) AS (" cases "), "                                                                  \
    "i(case_id, kind, id, key, label, due_at, status, done_at) AS ("                               \
    "SELECT s.case_id, 0, 0, s.code, 'step ' || s.code, s.due_at, s.status, s.done_at "            \
    "FROM c JOIN steps s ON s.case_id = c.id WHERE s.status <> 'pending' AND s.done_at >= ?1 "     \
    "AND (?3 < 0 OR s.due_at <= s.done_at + ?3) "                                                  \
    "UNION ALL "                                                                                   \
    "SELECT f.case_id, 1, f.id, f.rule, 'follow-up ' || f.rule || ' #' || f.id, f.due_at, "        \
    "f.status, f.done_at FROM c JOIN followups f ON f.case_id = c.id "                             \
    "WHERE f.status <> 'pending' AND f.done_at >= ?1 AND (?3 < 0 OR f.due_at <= f.done_at + ?3) "  \
    "UNION ALL "                                                                                   \
    "SELECT e.case_id, 2, e.id, 'evidence-' || e.kind, 'evidence ' || e.kind || ' #' || e.id, "    \
    "e.due_at, e.status, e.updated_at FROM c JOIN evidence_items e ON e.case_id = c.id "           \
    "WHERE e.status <> 'requested' AND e.updated_at >= ?1 "                                        \
    "AND (?3 < 0 OR e.due_at <= e.updated_at + ?3)) "                                              \
    "SELECT k.reference, k.uuid, i.kind, i.id, i.key, i.label, i.due_at, v.name, v.number, "       \
    "k.location, i.status, i.done_at FROM i CROSS JOIN cases k ON k.id = i.case_id "               \
    "CROSS JOIN people v ON v.id = k.victim_id ORDER BY i.done_at, k.reference, i.kind, i.id"

int store_finished_items(struct store *st, enum export_select sel, int64_t case_id, oph_time since,
                         oph_time lead, due_item_cb cb, void *ctx, struct oph_error *err)
{
    sqlite3_stmt *s;
    if (sel == EXPORT_SELECT_ONE) {
        s = store_stmt(st, Q_FINISHED_ONE, FINISHED_SQL("SELECT ?2"), err);
        if (s)
            sqlite3_bind_int64(s, 2, case_id);
    } else {
        /* Every case of the selection that can have an item finished since then. */
        s = store_stmt(st, Q_FINISHED_ALL,
                       FINISHED_SQL("SELECT id FROM cases WHERE status = 'open' UNION ALL "
                                    "SELECT id FROM cases WHERE status = 'closed' AND "
                                    "closed_at >= ?1"),
                       err);
    }
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, since);
    sqlite3_bind_int64(s, 3, lead);
    int rc, stop = 0;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        int kind = sqlite3_column_int(s, 2);
        struct due_item d = {
            .reference = text_or_null(s, 0),
            .uuid = text_or_null(s, 1),
            .kind = kind == 1   ? DUE_FOLLOWUP
                    : kind == 2 ? DUE_EVIDENCE
                                : DUE_STEP,
            .item_id = sqlite3_column_int64(s, 3),
            .key = text_or_null(s, 4),
            .label = text_or_null(s, 5),
            .due_at = sqlite3_column_int64(s, 6),
            .victim_name = text_or_null(s, 7),
            .victim_number = text_or_null(s, 8),
            .location = text_or_null(s, 9),
            .status = text_or_null(s, 10),
            .done_at = col_time(s, 11),
        };
        if ((stop = cb(ctx, &d)) != 0)
            break;
    }
    sqlite3_reset(s);
    if (stop)
        return stop;
    return rc == SQLITE_DONE ? 0 : store_fail(st, rc, err, "reading the finished items");
}

/* ---- an item's history in the log ---------------------------------------------------- */

/* A logged change that moved an item's due time or changed its status or rule. */
#define MOVED                                                                                      \
    "json_extract(lc.old_values, '$.due_at') IS NOT json_extract(lc.new_values, '$.due_at') "      \
    "OR json_extract(lc.old_values, '$.status') IS NOT json_extract(lc.new_values, '$.status') "   \
    "OR json_extract(lc.old_values, '$.rule') IS NOT json_extract(lc.new_values, '$.rule')"

int store_item_history(struct store *st, const char *uuid, enum due_kind kind, int64_t item_id,
                       const char *key, struct item_history *h, struct oph_error *err)
{
    /* The item's row in the log (table and key), then its case's actions (the partial index
     * on log_actions.case_id), each action's changes by their id range. A change counts when
     * it moved the due time, changed the status or (a follow-up) the rule. */
    sqlite3_stmt *s =
        store_stmt(st, Q_ITEM_HISTORY,
                   /* Uncorrelated scalar subqueries run once a statement: no temporary table. */
                   "SELECT count(*) FILTER (WHERE lc.op = 'update' AND (" MOVED ")), "
                   "CAST(strftime('%s', max(la.at) FILTER (WHERE lc.op = 'insert' OR (" MOVED "))) "
                   "AS INTEGER) FROM log_actions la JOIN log_changes lc "
                   "ON lc.id BETWEEN la.first_change AND la.last_change "
                   "WHERE la.case_id = (SELECT id FROM cases WHERE uuid = ?1) "
                   "AND lc.tbl = CASE ?2 WHEN 0 THEN 'steps' WHEN 1 THEN 'followups' "
                   "ELSE 'evidence_items' END "
                   "AND lc.row_key = CASE ?2 WHEN 0 THEN (SELECT CAST(s.id AS TEXT) FROM steps s "
                   "WHERE s.case_id = (SELECT id FROM cases WHERE uuid = ?1) AND s.code = ?4) "
                   "ELSE CAST(?3 AS TEXT) END",
                   err);
    if (!s)
        return -1;
    bind_text(s, 1, uuid);
    sqlite3_bind_int(s, 2, kind == DUE_FOLLOWUP ? 1 : kind == DUE_EVIDENCE ? 2 : 0);
    sqlite3_bind_int64(s, 3, item_id);
    bind_text(s, 4, key);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        h->changes = sqlite3_column_int64(s, 0);
        h->last_at = col_time(s, 1);
    }
    sqlite3_reset(s);
    return rc == SQLITE_ROW ? 0 : store_fail(st, rc, err, "reading an item's history");
}

int store_log_multi_case(struct store *st, struct item_history *h, struct oph_error *err)
{
    sqlite3_stmt *s = store_stmt(
        st, Q_LOG_MULTI_CASE,
        "SELECT count(*), CAST(strftime('%s', max(la.at)) AS INTEGER) FROM log_actions la "
        "WHERE la.case_id IS NULL AND EXISTS (SELECT 1 FROM log_changes lc "
        "WHERE lc.id BETWEEN la.first_change AND la.last_change "
        "AND lc.tbl IN ('steps', 'followups', 'evidence_items'))",
        err);
    if (!s)
        return -1;
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        h->changes = sqlite3_column_int64(s, 0);
        h->last_at = col_time(s, 1);
    }
    sqlite3_reset(s);
    return rc == SQLITE_ROW ? 0 : store_fail(st, rc, err, "reading the log");
}

/* ---- a case's items ------------------------------------------------------------------ */

int store_case_items(struct store *st, int64_t case_id, case_item_cb cb, void *ctx,
                     struct oph_error *err)
{
    sqlite3_stmt *s = store_stmt(
        st, Q_CASE_ITEMS,
        "SELECT 0, 0, code, status, due_at, done_at, done_by, reason, note, NULL, id "
        "FROM steps WHERE case_id = ?1 UNION ALL "
        "SELECT 1, id, rule, status, due_at, done_at, NULL, reason, note, NULL, id "
        "FROM followups WHERE case_id = ?1 UNION ALL "
        "SELECT 2, id, kind, status, due_at, CASE WHEN status <> 'requested' THEN updated_at END, "
        "NULL, reason, NULL, ref, id FROM evidence_items WHERE case_id = ?1 ORDER BY 1, 11",
        err);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, case_id);
    int rc, stop = 0;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        int kind = sqlite3_column_int(s, 0);
        struct case_item it = {
            .kind = kind == 1   ? DUE_FOLLOWUP
                    : kind == 2 ? DUE_EVIDENCE
                                : DUE_STEP,
            .id = sqlite3_column_int64(s, 1),
            .what = text_or_null(s, 2),
            .status = text_or_null(s, 3),
            .due_at = col_time(s, 4),
            .done_at = col_time(s, 5),
            .done_by = text_or_null(s, 6),
            .reason = text_or_null(s, 7),
            .note = text_or_null(s, 8),
            .ref = text_or_null(s, 9),
        };
        if ((stop = cb(ctx, &it)) != 0)
            break;
    }
    sqlite3_reset(s);
    if (stop)
        return stop;
    return rc == SQLITE_DONE ? 0 : store_fail(st, rc, err, "reading a case's items");
}
