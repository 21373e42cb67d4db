/* The case list by reference, victim, where and status, and one's own cases in any order, paged
 * by keyset like the date order. A list of few cases (one's own, the open, the overdue, a
 * search's matches) is read whole and sorted in SQL, one page kept; the long ones (every case,
 * the closed) walk an index in the order asked for: the unique index on references, the names
 * of people with each one's cases, one kind of place after another (cases_where), the overdue,
 * the other open and the closed cases in turn. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lists_internal.h"

/* The cases where ?10 holds a role, through the index of each role (schema.sql). */
#define MINE_IDS                                                                                   \
    "SELECT id FROM cases WHERE supervisor_id = ?10 UNION "                                        \
    "SELECT id FROM cases WHERE second_line_id = ?10 UNION "                                       \
    "SELECT id FROM cases WHERE investigator_id = ?10 UNION "                                      \
    "SELECT id FROM cases WHERE statement_taker_id = ?10 UNION "                                   \
    "SELECT id FROM cases WHERE welfare_officer_id = ?10"

/* The case has an item due before ?1: overdue, through the indexes of pending items by case. */
#define OVERDUE_OF_CASE                                                                            \
    "(EXISTS (SELECT 1 FROM steps s WHERE s.case_id = c.id AND s.status = 'pending' "              \
    "AND s.due_at < ?1) OR EXISTS (SELECT 1 FROM followups s WHERE s.case_id = c.id "              \
    "AND s.status = 'pending' AND s.due_at < ?1) OR EXISTS (SELECT 1 FROM evidence_items s "       \
    "WHERE s.case_id = c.id AND s.status = 'requested' AND s.due_at < ?1))"

/* The earliest pending item's due time, for the next-due order of a few cases. */
#define NEXT_DUE_OF_CASE                                                                           \
    "(SELECT min(due_at) FROM (SELECT due_at FROM steps WHERE case_id = c.id AND status = "        \
    "'pending' UNION ALL SELECT due_at FROM followups WHERE case_id = c.id AND status = "          \
    "'pending' UNION ALL SELECT due_at FROM evidence_items WHERE case_id = c.id "                  \
    "AND status = 'requested'))"

#define MATCHES "(SELECT rowid FROM case_search WHERE case_search MATCH ?2)"

static const char *const WHERE_KIND[] = {
    [FILTER_OPEN] = " AND c.status = 'open'",
    [FILTER_CLOSED] = " AND c.status = 'closed'",
    [FILTER_OVERDUE] = " AND " OVERDUE_OF_CASE,
    [FILTER_ALL] = "",
    [FILTER_REVIEW] = " AND c.status = 'closed' AND c.closed_at < ?9",
};

/* The status order's parts: overdue (open, with an item past due), open, closed. */
enum { PART_OVERDUE, PART_OPEN, PART_CLOSED };

static int status_part(const struct case_row *r, oph_time now)
{
    if (r->closed)
        return PART_CLOSED;
    return r->next_due_at != OPH_NO_TIME && r->next_due_at < now ? PART_OVERDUE : PART_OPEN;
}

/* The kinds of place in the order of their names (custody, dwelling, hospital, …). */
static int where_order(int out[LOC_COUNT])
{
    for (int i = 0; i < LOC_COUNT; i++)
        out[i] = i;
    for (int i = 1; i < LOC_COUNT; i++)
        for (int j = i;
             j > 0 && strcmp(VOCAB_LOCATION.names[out[j - 1]], VOCAB_LOCATION.names[out[j]]) > 0;
             j--) {
            int x = out[j];
            out[j] = out[j - 1];
            out[j - 1] = x;
        }
    return LOC_COUNT;
}

/* ---- few cases: read whole, sorted in SQL ---------------------------------------------- */

/* Where the few come from, the smallest set the filter allows. */
enum source { SRC_MINE, SRC_OVERDUE, SRC_SEARCH, SRC_OPEN, SRC_COUNT };

/* The sort key of each order over the columns of x (below), smallest first. */
static const char *const SET_KEYS[][3] = {
    [SORT_DATE] = {"-occ", "-id", "0"},
    [SORT_NEXT_DUE] = {"coalesce(nd, 9223372036854775807)",
                       "CASE WHEN nd IS NULL THEN -occ ELSE 0 END",
                       "CASE WHEN nd IS NULL THEN -id ELSE id END"},
    [SORT_REFERENCE] = {"ref", "0", "0"},
    [SORT_VICTIM] = {"name COLLATE NOCASE", "vid", "id"},
    [SORT_WHERE] = {"lk", "-occ", "-id"},
    [SORT_STATUS] = {"part", "-occ", "-id"},
    [SORT_COUNT] = {"cl", "id", "0"}, /* the retention review: oldest closing first */
};

static void set_sql(const struct case_filter *f, enum source src, int sort, bool search_filter,
                    char *sql, size_t sz)
{
    static const char *const sources[] = {
        [SRC_MINE] = MINE_IDS,
        [SRC_OVERDUE] = OVERDUE_IDS,
        [SRC_SEARCH] = "SELECT rowid & 67108863 FROM case_search WHERE case_search MATCH ?2",
        [SRC_OPEN] = "SELECT id FROM cases INDEXED BY cases_open WHERE status = 'open'",
    };
    bool back = f->direction == PAGE_BACKWARD;
    const char *dir = back ? "DESC" : "ASC";
    const char *const *k = SET_KEYS[sort];
    snprintf(sql, sz,
             "WITH s(id) AS (%s), x AS MATERIALIZED (SELECT c.id AS id, c.occurred_at AS occ, "
             "c.reference AS ref, v.name AS name, c.victim_id AS vid, c.location_kind AS lk, "
             "c.closed_at AS cl, %s AS nd, %s AS part FROM s CROSS JOIN cases c "
             "ON c.id = s.id CROSS JOIN people v ON v.id = c.victim_id WHERE 1%s%s%s%s), "
             "pg AS (SELECT id, %s AS k1, %s AS k2, %s AS k3 FROM x "
             "WHERE (%s, %s, %s) %s (?6, ?7, ?8) ORDER BY 2 %s, 3 %s, 4 %s "
             "LIMIT ?4 OFFSET ?5) "
             "SELECT " COLUMNS " FROM pg CROSS JOIN cases c ON c.id = pg.id CROSS JOIN people v "
             "ON v.id = c.victim_id ORDER BY pg.k1 %s, pg.k2 %s, pg.k3 %s",
             sources[src], sort == SORT_NEXT_DUE ? NEXT_DUE_OF_CASE : "NULL",
             sort == SORT_STATUS ? "CASE WHEN c.status = 'closed' THEN 2 WHEN " OVERDUE_OF_CASE
                                   " THEN 0 ELSE 1 END"
                                 : "0",
             src == SRC_OVERDUE ? "" : WHERE_KIND[f->kind],
             f->custody_only ? " AND c.location_kind = 'custody'" : "",
             search_filter ? " AND c.occurred_at * 67108864 + c.id IN " MATCHES : "",
             src != SRC_MINE && f->person_id
                 ? " AND ?10 IN (c.supervisor_id, c.second_line_id, c.investigator_id, "
                   "c.statement_taker_id, c.welfare_officer_id)"
                 : "",
             k[0], k[1], k[2], k[0], k[1], k[2], back ? "<" : ">", dir, dir, dir, dir, dir, dir);
}

/* Binds ?6..?8 to the anchor's key in a set order, or to a key before (after) every row:
 * integers sort before text, text before blobs. */
static void bind_set_key(sqlite3_stmt *s, const struct case_filter *f, int sort)
{
    const struct case_row *a = f->anchor;
    if (!a) {
        for (int i = 6; i <= 8; i++)
            if (f->direction == PAGE_BACKWARD)
                sqlite3_bind_blob(s, i, "\xff", 1, SQLITE_STATIC);
            else
                sqlite3_bind_int64(s, i, INT64_MIN);
        return;
    }
    bool none = a->next_due_at == OPH_NO_TIME;
    int64_t k[3] = {0, 0, 0};
    const char *text = NULL;
    switch (sort) {
    case SORT_DATE:
        k[0] = -a->occurred_at;
        k[1] = -a->id;
        break;
    case SORT_NEXT_DUE:
        k[0] = none ? INT64_MAX : a->next_due_at;
        k[1] = none ? -a->occurred_at : 0;
        k[2] = none ? -a->id : a->id;
        break;
    case SORT_REFERENCE:
        text = a->reference;
        break;
    case SORT_VICTIM:
        text = a->victim_name;
        k[1] = a->victim_id;
        k[2] = a->id;
        break;
    case SORT_WHERE:
        text = VOCAB_LOCATION.names[a->location_kind];
        k[1] = -a->occurred_at;
        k[2] = -a->id;
        break;
    case SORT_STATUS:
        k[0] = status_part(a, f->now);
        k[1] = -a->occurred_at;
        k[2] = -a->id;
        break;
    default: /* the review */
        k[0] = a->closed_at;
        k[1] = a->id;
        break;
    }
    for (int i = 0; i < 3; i++)
        sqlite3_bind_int64(s, 6 + i, k[i]);
    if (text)
        sqlite3_bind_text(s, 6, text, -1, SQLITE_TRANSIENT);
}

static int list_set(struct store *st, const struct case_filter *f, const char *query,
                    struct list_run *run, struct oph_error *err)
{
    enum source src = f->person_id                ? SRC_MINE
                      : f->kind == FILTER_OVERDUE ? SRC_OVERDUE
                      : query                     ? SRC_SEARCH
                                                  : SRC_OPEN;
    int sort = f->kind == FILTER_REVIEW ? SORT_COUNT : (int)f->sort;
    bool search_filter = query && src != SRC_SEARCH;
    char sql[8192];
    set_sql(f, src, sort, search_filter, sql, sizeof sql);
    int slot = ((((sort * 2 + (f->direction == PAGE_BACKWARD)) * SRC_COUNT + (int)src) * 5 +
                 (int)f->kind) *
                    2 +
                f->custody_only) *
                   2 +
               search_filter;
    sqlite3_stmt *s = store_stmt(st, (enum stmt_id)(Q_SORT_SET_0 + slot), sql, err);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, f->now);
    if (query)
        sqlite3_bind_text(s, 2, query, -1, SQLITE_STATIC);
    bind_set_key(s, f, sort);
    if (f->kind == FILTER_REVIEW)
        sqlite3_bind_int64(s, 9, f->closed_before);
    sqlite3_bind_int64(s, 10, f->person_id);
    return store_list_run(st, s, run, true, err);
}

/* ---- many cases: an index walked in the order ------------------------------------------ */

/* By reference, through the unique index on references; by victim, the index of people's
 * names with each one's cases through cases_victim. */
static int list_walk(struct store *st, const struct case_filter *f, struct list_run *run,
                     struct oph_error *err)
{
    bool back = f->direction == PAGE_BACKWARD;
    const char *dir = back ? "DESC" : "ASC", *cmp = back ? "<" : ">";
    char sql[4096];
    /* (+: the custody index would be taken for the filter, every custody case sorted) */
    const char *custody = f->custody_only ? " AND +c.location_kind = 'custody'" : "";
    if (f->sort == SORT_REFERENCE)
        snprintf(sql, sizeof sql,
                 "SELECT " COLUMNS " FROM cases c CROSS JOIN people v ON v.id = c.victim_id "
                 "WHERE c.reference %s ?6%s%s ORDER BY c.reference %s LIMIT ?4 OFFSET ?5",
                 cmp, WHERE_KIND[f->kind], custody, dir);
    else
        snprintf(sql, sizeof sql,
                 "SELECT " COLUMNS " FROM people v INDEXED BY people_name CROSS JOIN cases c "
                 "INDEXED BY cases_victim ON c.victim_id = v.id "
                 "WHERE (v.name COLLATE NOCASE, v.id) %s= (?6, ?7) "
                 "AND ((v.name COLLATE NOCASE, v.id) %s (?6, ?7) OR c.id %s ?8)%s%s "
                 "ORDER BY v.name COLLATE NOCASE %s, v.id %s, c.id %s LIMIT ?4 OFFSET ?5",
                 cmp, cmp, cmp, WHERE_KIND[f->kind], custody, dir, dir, dir);
    int slot = (((f->sort == SORT_VICTIM) * 2 + back) * 2 + (f->kind == FILTER_CLOSED)) * 2 +
               f->custody_only;
    sqlite3_stmt *s = store_stmt(st, (enum stmt_id)(Q_SORT_WALK_0 + slot), sql, err);
    if (!s)
        return -1;
    const struct case_row *a = f->anchor;
    /* Past every name and reference: U+10FFFF, the last character there is. */
    static const char last[] = "\xf4\x8f\xbf\xbf\xf4\x8f\xbf\xbf";
    const char *from = a      ? (f->sort == SORT_REFERENCE ? a->reference : a->victim_name)
                       : back ? last
                              : "";
    sqlite3_bind_text(s, 6, from, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(s, 7, a ? a->victim_id : back ? INT64_MAX : INT64_MIN);
    sqlite3_bind_int64(s, 8, a ? a->id : back ? INT64_MAX : INT64_MIN);
    return store_list_run(st, s, run, true, err);
}

/* A part of the where or status order: its cases newest first (oldest first backward) from
 * (?6, ?7) on. */
static void part_sql(const struct case_filter *f, int part, char *sql, size_t sz)
{
    bool back = f->direction == PAGE_BACKWARD;
    const char *dir = back ? "ASC" : "DESC", *cmp = back ? ">" : "<";
    const char *custody = f->custody_only ? " AND c.location_kind = 'custody'" : "";
    if (f->sort == SORT_WHERE)
        snprintf(sql, sz,
                 "SELECT " COLUMNS " FROM cases c INDEXED BY cases_where CROSS JOIN people v "
                 "ON v.id = c.victim_id WHERE c.location_kind = ?9 AND (c.occurred_at, c.id) %s "
                 "(?6, ?7)%s ORDER BY c.occurred_at %s, c.id %s",
                 cmp, WHERE_KIND[f->kind], dir, dir);
    else if (part == PART_OVERDUE)
        snprintf(sql, sz,
                 "WITH o(id) AS (" OVERDUE_IDS ") SELECT " COLUMNS " FROM o CROSS JOIN cases c "
                 "ON c.id = o.id CROSS JOIN people v ON v.id = c.victim_id WHERE c.status = "
                 "'open' AND (c.occurred_at, c.id) %s (?6, ?7)%s "
                 "ORDER BY c.occurred_at %s, c.id %s",
                 cmp, custody, dir, dir);
    else
        snprintf(sql, sz,
                 "SELECT " COLUMNS " FROM cases c INDEXED BY %s CROSS JOIN people v "
                 "ON v.id = c.victim_id WHERE c.status = '%s'%s AND (c.occurred_at, c.id) %s "
                 "(?6, ?7)%s ORDER BY c.occurred_at %s, c.id %s",
                 part == PART_OPEN ? "cases_open" : "cases_occurred",
                 part == PART_OPEN ? "open" : "closed",
                 part == PART_OPEN ? " AND NOT " OVERDUE_OF_CASE : "", cmp, custody, dir, dir);
}

/* The where order (one kind of place after another) and the status order (overdue, open,
 * closed), each part by date: from the anchor's part on, the next parts from their start. */
static int list_parts(struct store *st, const struct case_filter *f, struct list_run *run,
                      struct oph_error *err)
{
    bool back = f->direction == PAGE_BACKWARD;
    int parts[LOC_COUNT], n;
    if (f->sort == SORT_WHERE) {
        n = where_order(parts);
        if (f->custody_only) { /* one kind of place only */
            parts[0] = LOC_CUSTODY;
            n = 1;
        }
    } else if (f->kind == FILTER_CLOSED) {
        parts[0] = PART_CLOSED;
        n = 1;
    } else {
        parts[0] = PART_OVERDUE;
        parts[1] = PART_OPEN;
        parts[2] = PART_CLOSED;
        n = 3;
    }
    const struct case_row *a = f->anchor;
    int anchor_part = !a                      ? -1
                      : f->sort == SORT_WHERE ? (int)a->location_kind
                                              : status_part(a, f->now);
    int first = back ? n - 1 : 0;
    if (a)
        for (int i = 0; i < n; i++)
            if (parts[i] == anchor_part)
                first = i;
    for (int i = first; i >= 0 && i < n && run->left != 0 && !run->stopped; i += back ? -1 : 1) {
        char sql[4096];
        part_sql(f, parts[i], sql, sizeof sql);
        int slot = f->sort == SORT_WHERE ? (f->kind == FILTER_CLOSED) * 2 + back
                                         : 4 + ((parts[i] * 2 + f->custody_only) * 2 + back);
        sqlite3_stmt *s = store_stmt(st, (enum stmt_id)(Q_SORT_PART_0 + slot), sql, err);
        if (!s)
            return -1;
        bool at_anchor = a && parts[i] == anchor_part;
        sqlite3_bind_int64(s, 1, f->now);
        sqlite3_bind_int64(s, 6, at_anchor ? a->occurred_at : back ? INT64_MIN : INT64_MAX);
        sqlite3_bind_int64(s, 7, at_anchor ? a->id : back ? INT64_MIN : INT64_MAX);
        if (f->sort == SORT_WHERE)
            sqlite3_bind_text(s, 9, VOCAB_LOCATION.names[parts[i]], -1, SQLITE_STATIC);
        if (store_list_run(st, s, run, false, err))
            return -1;
    }
    return 0;
}

int store_list_sorted(struct store *st, const struct case_filter *f, const char *query,
                      struct list_run *run, struct oph_error *err)
{
    bool few = f->person_id || f->kind == FILTER_OPEN || f->kind == FILTER_OVERDUE || query;
    if (f->person_id)
        return list_set(st, f, query, run, err) ? -1 : 1;
    if (f->sort < SORT_REFERENCE || f->kind == FILTER_REVIEW)
        return 0; /* the date and next-due plans (lists.c) */
    if (few)
        return list_set(st, f, query, run, err) ? -1 : 1;
    int rc = f->sort == SORT_WHERE || f->sort == SORT_STATUS ? list_parts(st, f, run, err)
                                                             : list_walk(st, f, run, err);
    return rc ? -1 : 1;
}

int store_list_count_mine(struct store *st, const struct case_filter *f, const char *query,
                          long cap, long *out, struct oph_error *err)
{
    if (!f->person_id)
        return 0;
    char sql[4096];
    snprintf(sql, sizeof sql,
             "WITH s(id) AS (" MINE_IDS ") SELECT count(*) FROM (SELECT 1 FROM s "
             "CROSS JOIN cases c ON c.id = s.id WHERE 1%s%s%s LIMIT ?4)",
             WHERE_KIND[f->kind], f->custody_only ? " AND c.location_kind = 'custody'" : "",
             query ? " AND c.occurred_at * 67108864 + c.id IN " MATCHES : "");
    int slot = ((int)f->kind * 2 + f->custody_only) * 2 + (query != NULL);
    sqlite3_stmt *s = store_stmt(st, (enum stmt_id)(Q_SORT_COUNT_0 + slot), sql, err);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, f->now);
    if (query)
        sqlite3_bind_text(s, 2, query, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 4, cap);
    if (f->kind == FILTER_REVIEW)
        sqlite3_bind_int64(s, 9, f->closed_before);
    sqlite3_bind_int64(s, 10, f->person_id);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        *out = (long)sqlite3_column_int64(s, 0);
    sqlite3_reset(s);
    return rc == SQLITE_ROW ? 1 : store_fail(st, rc, err, "counting your cases");
}
