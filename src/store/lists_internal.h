/* Private to the case list (lists.c, lists_sort.c): the SQL both build their statements from,
 * and how a statement's rows are read and counted. */
#ifndef OPHAMP_STORE_LISTS_INTERNAL_H
#define OPHAMP_STORE_LISTS_INTERNAL_H

#include "store_internal.h"

/* Pending items of one case, labelled, for "next due". */
#define PENDING_OF_CASE                                                                            \
    "SELECT due_at, 'step ' || code AS label FROM steps "                                          \
    "WHERE case_id = c.id AND status = 'pending' UNION ALL "                                       \
    "SELECT due_at, 'follow-up ' || rule FROM followups "                                          \
    "WHERE case_id = c.id AND status = 'pending' UNION ALL "                                       \
    "SELECT due_at, 'evidence ' || kind FROM evidence_items "                                      \
    "WHERE case_id = c.id AND status = 'requested'"

#define OVERDUE_CASES                                                                              \
    "c.id IN (SELECT case_id FROM steps WHERE status = 'pending' AND due_at < ?1 UNION "           \
    "SELECT case_id FROM followups WHERE status = 'pending' AND due_at < ?1 UNION "                \
    "SELECT case_id FROM evidence_items WHERE status = 'requested' AND due_at < ?1)"

/* Nothing pending: the cases at the end of the next-due order. */
#define NOTHING_PENDING                                                                            \
    "NOT EXISTS (SELECT 1 FROM steps WHERE case_id = c.id AND status = 'pending') AND "            \
    "NOT EXISTS (SELECT 1 FROM followups WHERE case_id = c.id AND status = 'pending') AND "        \
    "NOT EXISTS (SELECT 1 FROM evidence_items WHERE case_id = c.id AND status = 'requested')"

/* The pending item i is its case's earliest. */
#define EARLIEST_OF_CASE                                                                           \
    "NOT EXISTS (SELECT 1 FROM steps s WHERE s.case_id = c.id AND s.status = 'pending' "           \
    "AND s.due_at < i.due_at) AND NOT EXISTS (SELECT 1 FROM followups s WHERE "                    \
    "s.case_id = c.id AND s.status = 'pending' AND s.due_at < i.due_at) AND NOT EXISTS ("          \
    "SELECT 1 FROM evidence_items s WHERE s.case_id = c.id AND s.status = 'requested' "            \
    "AND s.due_at < i.due_at)"

#define COLUMNS                                                                                    \
    "c.id, c.reference, c.uuid, c.status, v.name, v.number, c.occurred_at, c.location_kind, "      \
    "(SELECT due_at || ' ' || label FROM (" PENDING_OF_CASE ") ORDER BY due_at LIMIT 1) AS next, " \
    "c.closed_at, c.victim_id"

/* The search index's rowid is the case's place in the date order (schema.sql). */
#define SEARCH_KEY_SHIFT 67108864 /* 2^26 */
/* The next-due order as one key, for overdue search results sorted in SQL: the earliest
 * pending item's time and the case id; then the cases with nothing pending, newest first. */
#define NEXT_K1 "coalesce(CAST(next AS INTEGER), 9223372036854775807)"
#define NEXT_K2 "(CASE WHEN next IS NULL THEN -occurred_at ELSE 0 END)"
#define NEXT_K3 "(CASE WHEN next IS NULL THEN -id ELSE id END)"

/* The overdue cases, as a table: few, even at a million cases. */
#define OVERDUE_IDS                                                                                \
    "SELECT case_id FROM steps WHERE status = 'pending' AND due_at < ?1 UNION "                    \
    "SELECT case_id FROM followups WHERE status = 'pending' AND due_at < ?1 UNION "                \
    "SELECT case_id FROM evidence_items WHERE status = 'requested' AND due_at < ?1"

/* One reading of the list: what is left to skip (offset) and to give (limit, -1 for no
 * limit), and the last row given, to skip the repeats of PLAN_DUE_ITEMS. */
struct list_run {
    case_row_cb cb;
    void *ctx;
    int skip, left;
    bool stopped; /* the callback asked to stop */
    bool have_last;
    int64_t last_id;
    oph_time last_due;
};

/* One row of the list from a statement whose columns are COLUMNS. */
void store_list_read_row(sqlite3_stmt *s, struct case_row *r);
/* Runs a prepared and bound statement. With in_sql, its LIMIT and OFFSET (?4, ?5) do the
 * counting; otherwise the rows are counted (and repeats of one case skipped) here. */
int store_list_run(struct store *st, sqlite3_stmt *s, struct list_run *run, bool in_sql,
                   struct oph_error *err);
/* The full-text query for a filter's search (malloc'ed; NULL when no word, or *oom). */
char *store_list_fts_query(const struct case_filter *f, bool *oom);
/* Whether the text is a UUID typed whole. */
bool store_list_is_uuid(const char *s);

/* The sorts by reference, victim, where and status, and every sort of one's own cases
 * (lists_sort.c): 1 when it read the list, 0 when the filter is not one of these. */
int store_list_sorted(struct store *st, const struct case_filter *f, const char *query,
                      struct list_run *run, struct oph_error *err);
/* The count of one's own cases (f->person_id): 1 done, 0 not such a filter. */
int store_list_count_mine(struct store *st, const struct case_filter *f, const char *query,
                          long cap, long *out, struct oph_error *err);

#endif
