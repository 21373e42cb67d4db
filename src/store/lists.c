/* The case list and the reminders: read only what is asked for, through the partial indexes
 * on pending items, so both stay fast at a million cases. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ophamp/text.h"
#include "store_internal.h"

/* Pending items of one case, labelled, for "next due". */
#define PENDING_OF_CASE                                                                        \
    "SELECT due_at, 'step ' || code AS label FROM steps "                                      \
    "WHERE case_id = c.id AND status = 'pending' UNION ALL "                                   \
    "SELECT due_at, 'follow-up ' || rule FROM followups "                                      \
    "WHERE case_id = c.id AND status = 'pending' UNION ALL "                                   \
    "SELECT due_at, 'evidence ' || kind FROM evidence_items "                                  \
    "WHERE case_id = c.id AND status = 'requested'"

#define OVERDUE_CASES                                                                          \
    "c.id IN (SELECT case_id FROM steps WHERE status = 'pending' AND due_at < ?1 UNION "       \
    "SELECT case_id FROM followups WHERE status = 'pending' AND due_at < ?1 UNION "            \
    "SELECT case_id FROM evidence_items WHERE status = 'requested' AND due_at < ?1)"

#define SEARCH_MATCH                                                                           \
    "(c.reference LIKE ?2 ESCAPE '\\' OR v.name LIKE ?2 ESCAPE '\\' "                          \
    "OR v.number LIKE ?2 ESCAPE '\\' OR c.location LIKE ?2 ESCAPE '\\' "                       \
    "OR c.offence LIKE ?2 ESCAPE '\\' OR c.summary LIKE ?2 ESCAPE '\\' "                       \
    "OR c.crime_reference LIKE ?2 ESCAPE '\\' OR c.uuid = lower(?3))"

/* The SQL of one variant of the list. Built only from the constant fragments above: every
 * value the user gives is a bound parameter. */
static void list_sql(const struct case_filter *f, char *sql, size_t sz)
{
    static const char *const where_kind[] = {
        [FILTER_OPEN] = "c.status = 'open'",
        [FILTER_CLOSED] = "c.status = 'closed'",
        [FILTER_OVERDUE] = OVERDUE_CASES,
        [FILTER_ALL] = "1",
    };
    snprintf(sql, sz,
             "SELECT c.id, c.reference, c.uuid, c.status, v.name, v.number, c.occurred_at, "
             "c.location_kind, (SELECT due_at || ' ' || label FROM (" PENDING_OF_CASE ") "
             "ORDER BY due_at LIMIT 1) AS next "
             "FROM cases c JOIN people v ON v.id = c.victim_id "
             "WHERE %s%s%s ORDER BY %s LIMIT ?4 OFFSET ?5",
             where_kind[f->kind], f->custody_only ? " AND c.location_kind = 'custody'" : "",
             f->search ? " AND " SEARCH_MATCH : "",
             f->sort == SORT_NEXT_DUE ? "next IS NULL, CAST(next AS INTEGER), c.id"
                                      : "c.occurred_at DESC, c.id DESC");
}

/* '%text%' with LIKE's wildcards escaped. */
static char *like_pattern(const char *text)
{
    size_t n = strlen(text);
    char *p = malloc(2 * n + 3), *o = p;
    if (!p)
        return NULL;
    *o++ = '%';
    for (const char *c = text; *c; c++) {
        if (*c == '%' || *c == '_' || *c == '\\')
            *o++ = '\\';
        *o++ = *c;
    }
    *o++ = '%';
    *o = '\0';
    return p;
}

int store_case_list(struct store *st, const struct case_filter *f, case_row_cb cb, void *ctx,
                    struct oph_error *err)
{
    if ((unsigned)f->kind > FILTER_ALL)
        return oph_fail(err, OPH_INVALID, "unknown case filter");
    bool search = f->search && *f->search;
    struct case_filter g = *f;
    g.search = search ? f->search : NULL;
    int variant = (int)f->kind | (f->custody_only ? 4 : 0) | (search ? 8 : 0) |
                  (f->sort == SORT_NEXT_DUE ? 16 : 0);
    char sql[3072];
    list_sql(&g, sql, sizeof sql);
    sqlite3_stmt *s = store_stmt(st, (enum stmt_id)(Q_LIST_0 + variant), sql, err);
    if (!s)
        return -1;
    char *pattern = NULL;
    sqlite3_bind_int64(s, 1, f->now);
    if (search) {
        pattern = like_pattern(f->search);
        if (!pattern)
            return oph_fail(err, OPH_DB, "out of memory");
        sqlite3_bind_text(s, 2, pattern, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 3, f->search, -1, SQLITE_STATIC);
    }
    sqlite3_bind_int(s, 4, f->limit > 0 ? f->limit : -1);
    sqlite3_bind_int(s, 5, f->offset > 0 ? f->offset : 0);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        struct case_row r;
        memset(&r, 0, sizeof r);
        r.id = sqlite3_column_int64(s, 0);
        col_text(s, 1, r.reference, sizeof r.reference);
        col_text(s, 2, r.uuid, sizeof r.uuid);
        const char *status = (const char *)sqlite3_column_text(s, 3);
        r.closed = status && strcmp(status, "closed") == 0;
        col_text(s, 4, r.victim_name, sizeof r.victim_name);
        col_text(s, 5, r.victim_number, sizeof r.victim_number);
        r.occurred_at = col_time(s, 6);
        int loc = col_vocab(s, 7, &VOCAB_LOCATION);
        r.location_kind = loc < 0 ? LOC_OTHER : (enum location_kind)loc;
        r.next_due_at = OPH_NO_TIME;
        const char *next = (const char *)sqlite3_column_text(s, 8);
        if (next) {
            char *end;
            r.next_due_at = strtoll(next, &end, 10);
            text_copy(r.next_item, sizeof r.next_item, *end ? end + 1 : "");
        }
        if (cb(ctx, &r))
            break;
    }
    sqlite3_reset(s);
    free(pattern);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : store_fail(st, rc, err, "listing cases");
}

int store_reminders(struct store *st, oph_time until, reminder_cb cb, void *ctx,
                    struct oph_error *err)
{
    sqlite3_stmt *s = store_stmt(
        st, Q_REMIND,
        "SELECT c.reference, x.label, x.due_at FROM ("
        "SELECT case_id, 'step ' || code AS label, due_at FROM steps "
        "WHERE status = 'pending' AND due_at <= ?1 UNION ALL "
        "SELECT case_id, 'follow-up ' || rule || ' #' || id, due_at FROM followups "
        "WHERE status = 'pending' AND due_at <= ?1 UNION ALL "
        "SELECT case_id, 'evidence ' || kind || ' #' || id, due_at FROM evidence_items "
        "WHERE status = 'requested' AND due_at <= ?1) AS x "
        "JOIN cases c ON c.id = x.case_id ORDER BY x.due_at, c.reference, x.label",
        err);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, until);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        struct reminder r;
        col_text(s, 0, r.reference, sizeof r.reference);
        col_text(s, 1, r.item, sizeof r.item);
        r.due_at = sqlite3_column_int64(s, 2);
        r.state = REMIND_DUE_SOON;
        if (cb(ctx, &r))
            break;
    }
    sqlite3_reset(s);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0
                                                 : store_fail(st, rc, err, "finding reminders");
}
