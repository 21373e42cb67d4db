/* The case list and the reminders: read only what is asked for, through the partial indexes
 * on pending items, the occurred_at indexes and the full-text index, so that a page costs the
 * same at a million cases wherever it is. */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ophamp/text.h"
#include "lists_internal.h"
#include "store_internal.h"

/* How a list is read. With a search, the filters open, closed and custody are facets of the
 * full-text query (fts_query) rather than SQL. */
enum list_plan {
    PLAN_DATE,           /* newest first through an occurred_at index; with ?8 = 1, only the cases
                            with nothing pending (the tail of the next-due order) */
    PLAN_DUE_ITEMS,      /* the next-due order from the indexes of pending items, in due order */
    PLAN_SEARCH,         /* newest first from the search index; ?8 as for PLAN_DATE */
    PLAN_OVERDUE_SEARCH, /* the overdue cases that match, sorted in SQL */
    PLAN_UUID,           /* one case by its UUID */
    PLAN_REVIEW          /* closed before ?9, oldest closing first, through cases_closed */
};

/* Each variant's statement slot, from Q_LIST_0: the SQL differs by what it is built from. */
static int list_slot(const struct case_filter *f, enum list_plan plan, bool search)
{
    int back = f->direction == PAGE_BACKWARD;
    int kinds = (int)f->kind | (f->custody_only ? 4 : 0);
    if (f->kind == FILTER_REVIEW) /* the kinds above are 0..3: review has slots of its own */
        return plan == PLAN_UUID ? 56 + f->custody_only
                                 : 48 + (f->custody_only | back << 1 | search << 2); /* ..55 */
    switch (plan) {
    case PLAN_DATE:
        return kinds | back << 3; /* 0..15 */
    case PLAN_DUE_ITEMS:
        return search ? 32 + back : 16 + (kinds | back << 3); /* 16..33 */
    case PLAN_SEARCH:
        return 34 + back; /* 34, 35 */
    case PLAN_OVERDUE_SEARCH:
        return 36 + ((f->sort == SORT_NEXT_DUE) | back << 1); /* 36..39 */
    case PLAN_UUID:
        return 40 + kinds; /* 40..47 */
    case PLAN_REVIEW:
        break;
    }
    return 0;
}

/* The SQL of one variant. Built only from the constant fragments above: every value the user
 * gives is a bound parameter. Paging is by keyset: ?6, ?7 (and ?8 for the sorted plan) are
 * the sort key of the anchor row, or a key beyond the end to start from. */
static void list_sql(const struct case_filter *f, enum list_plan plan, bool search, char *sql,
                     size_t sz)
{
    static const char *const where_kind[] = {
        [FILTER_OPEN] = "c.status = 'open'",
        [FILTER_CLOSED] = "c.status = 'closed'",
        [FILTER_OVERDUE] = OVERDUE_CASES,
        [FILTER_ALL] = "1",
        [FILTER_REVIEW] = "c.status = 'closed' AND c.closed_at < ?9",
    };
    bool back = f->direction == PAGE_BACKWARD;
    const char *dir = back ? "DESC" : "ASC", *rdir = back ? "ASC" : "DESC";
    char where[1024];
    if (search) /* the facets have done the filtering */
        snprintf(where, sizeof where,
                 "i.case_id IN (SELECT rowid & 67108863 FROM case_search "
                 "WHERE case_search MATCH ?2)");
    else
        snprintf(where, sizeof where, "%s%s",
                 /* A case's earliest pending item tells whether it is overdue. */
                 plan == PLAN_DUE_ITEMS && f->kind == FILTER_OVERDUE ? "1" : where_kind[f->kind],
                 f->custody_only ? " AND c.location_kind = 'custody'" : "");
    switch (plan) {
    case PLAN_DATE:
        /* Newest first: forward is descending (occurred_at, id), the order of the indexes on
         * occurred_at (whose entries end with the rowid). The open cases are a small part of
         * all: their partial index, even when custody's would also do. */
        snprintf(sql, sz,
                 "SELECT " COLUMNS " FROM cases c%s CROSS JOIN people v ON v.id = c.victim_id "
                 "WHERE %s AND (c.occurred_at, c.id) %s (?6, ?7) AND (?8 = 0 OR " NOTHING_PENDING
                 ") ORDER BY c.occurred_at %s, c.id %s LIMIT ?4 OFFSET ?5",
                 f->kind == FILTER_OPEN ? " INDEXED BY cases_open" : "", where, back ? ">" : "<",
                 rdir, rdir);
        break;
    case PLAN_DUE_ITEMS: {
        /* The pending items from the anchor on, merged in (due_at, case_id) order from their
         * due indexes (LIMIT -1 keeps the merge a lazy co-routine); each case is listed at
         * its earliest item. Cases with several items due at that moment come once for each:
         * the caller skips the repeats. Overdue cases are those whose earliest is past. A
         * search is a set of case ids, tested before the case is read. */
        const char *from = back ? "due_at <= ?6" : "due_at >= ?6";
        const char *until = f->kind == FILTER_OVERDUE ? " AND due_at < ?1" : "";
        snprintf(sql, sz,
                 "WITH i(case_id, due_at) AS ("
                 "SELECT case_id, due_at FROM steps WHERE status = 'pending' AND %s%s UNION ALL "
                 "SELECT case_id, due_at FROM followups WHERE status = 'pending' AND %s%s "
                 "UNION ALL SELECT case_id, due_at FROM evidence_items "
                 "WHERE status = 'requested' AND %s%s ORDER BY 2 %s, 1 %s LIMIT -1) "
                 "SELECT " COLUMNS " FROM i CROSS JOIN cases c ON c.id = i.case_id "
                 "CROSS JOIN people v ON v.id = c.victim_id "
                 "WHERE (i.due_at, i.case_id) %s (?6, ?7) AND %s AND " EARLIEST_OF_CASE,
                 from, until, from, until, from, until, dir, dir, back ? "<" : ">", where);
        break;
    }
    case PLAN_SEARCH:
        /* The index gives its matches in rowid order, which is the date order: a page costs
         * the same however many cases match. */
        snprintf(sql, sz,
                 "SELECT " COLUMNS " FROM case_search CROSS JOIN cases c "
                 "ON c.id = (case_search.rowid & 67108863) CROSS JOIN people v "
                 "ON v.id = c.victim_id WHERE case_search MATCH ?2 AND case_search.rowid %s ?6 "
                 "AND (?8 = 0 OR " NOTHING_PENDING ") "
                 "ORDER BY case_search.rowid %s LIMIT ?4 OFFSET ?5",
                 back ? ">" : "<", rdir);
        break;
    case PLAN_OVERDUE_SEARCH: {
        /* From the few overdue cases, each tested against the matches (read once). */
        static const char from[] =
            "WITH o(id) AS (" OVERDUE_IDS ") SELECT " COLUMNS " FROM o CROSS JOIN cases c "
            "ON c.id = o.id CROSS JOIN people v ON v.id = c.victim_id "
            "WHERE c.occurred_at * 67108864 + c.id IN "
            "(SELECT rowid FROM case_search WHERE case_search MATCH ?2)";
        if (f->sort == SORT_NEXT_DUE)
            snprintf(sql, sz,
                     "WITH x AS MATERIALIZED (%s) SELECT * FROM x "
                     "WHERE (" NEXT_K1 ", " NEXT_K2 ", " NEXT_K3 ") %s (?6, ?8, ?7) "
                     "ORDER BY " NEXT_K1 " %s, " NEXT_K2 " %s, " NEXT_K3 " %s "
                     "LIMIT ?4 OFFSET ?5",
                     from, back ? "<" : ">", dir, dir, dir);
        else
            snprintf(sql, sz,
                     "%s AND (c.occurred_at, c.id) %s (?6, ?7) "
                     "ORDER BY c.occurred_at %s, c.id %s LIMIT ?4 OFFSET ?5",
                     from, back ? ">" : "<", rdir, rdir);
        break;
    }
    case PLAN_REVIEW:
        /* Oldest closing first: forward is ascending (closed_at, id), the order of the partial
         * index on closed_at of the closed cases. A search is a set of case ids. */
        snprintf(sql, sz,
                 "SELECT " COLUMNS " FROM cases c INDEXED BY cases_closed CROSS JOIN people v "
                 "ON v.id = c.victim_id WHERE c.status = 'closed' AND c.closed_at < ?9 AND "
                 "(c.closed_at, c.id) %s (?6, ?7)%s%s ORDER BY c.closed_at %s, c.id %s "
                 "LIMIT ?4 OFFSET ?5",
                 back ? "<" : ">", f->custody_only ? " AND c.location_kind = 'custody'" : "",
                 search ? " AND c.id IN (SELECT rowid & 67108863 FROM case_search "
                          "WHERE case_search MATCH ?2)"
                        : "",
                 dir, dir);
        break;
    case PLAN_UUID:
        snprintf(sql, sz,
                 "SELECT " COLUMNS " FROM cases c CROSS JOIN people v ON v.id = c.victim_id "
                 "WHERE c.uuid = lower(?3) AND %s AND (?10 = 0 OR ?10 IN (c.supervisor_id, "
                 "c.second_line_id, c.investigator_id, c.statement_taker_id, "
                 "c.welfare_officer_id))",
                 where);
        break;
    }
}

/* Whether the text is a UUID typed whole (any case): looked up exactly, not searched. */
bool store_list_is_uuid(const char *s)
{
    size_t n = strlen(s);
    if (n != UUID_LEN)
        return false;
    for (size_t i = 0; i < n; i++) {
        bool hyphen = i == 8 || i == 13 || i == 18 || i == 23;
        if (hyphen ? s[i] != '-' : !isxdigit((unsigned char)s[i]))
            return false;
    }
    return true;
}

/* Characters in the last token of a word as the index splits it ("01234" of OPH-2025-01234):
 * ASCII letters and digits, and (as unicode61 mostly counts them) every non-ASCII one. */
static int last_token_chars(const char *word, size_t len)
{
    int n = 0;
    while (len > 0) {
        unsigned char c = (unsigned char)word[len - 1];
        if (c < 0x80 && !isalnum(c))
            break;
        if ((c & 0xC0) != 0x80)
            n++;
        len--;
    }
    return n;
}

/* The full-text query for what the user typed: each word a quoted prefix ("smi"* finds
 * Smith), all of them required, in the searchable columns; then the filter's facets.
 * Words ending in one or two letters are matched whole: a prefix that short would merge the
 * postings of thousands of words (the index keeps 3-letter prefixes ready, schema.sql).
 * Quoting (with " doubled) keeps FTS5's operators (OR, NEAR, -, ^, column filters) plain
 * text. NULL when there is no word at all (or no memory: *oom). */
char *store_list_fts_query(const struct case_filter *f, bool *oom)
{
    static const char open_cols[] = "{reference names text} : (";
    static const char *const facets[] = {[FILTER_OPEN] = " AND facets : open",
                                         [FILTER_CLOSED] = " AND facets : closed",
                                         [FILTER_OVERDUE] = "",
                                         [FILTER_ALL] = "",
                                         [FILTER_REVIEW] = " AND facets : closed"};
    const char *p = f->search;
    size_t n = strlen(p);
    /* Worst case: every byte a one-letter word ("x"* and a space); then the facets. */
    char *q = malloc(sizeof open_cols + 5 * n + 64), *o = q;
    *oom = !q;
    if (!q)
        return NULL;
    o += sprintf(o, "%s", open_cols);
    bool any = false;
    for (;;) {
        while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
            p++;
        if (!*p)
            break;
        if (any)
            *o++ = ' ';
        any = true;
        *o++ = '"';
        const char *word = p;
        for (; *p && *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r'; p++) {
            if (*p == '"')
                *o++ = '"';
            *o++ = *p;
        }
        *o++ = '"';
        if (last_token_chars(word, (size_t)(p - word)) >= 3)
            *o++ = '*';
    }
    if (!any) {
        free(q);
        return NULL;
    }
    sprintf(o, ")%s%s", facets[f->kind], f->custody_only ? " AND facets : custody" : "");
    return q;
}

void store_list_read_row(sqlite3_stmt *s, struct case_row *r)
{
    memset(r, 0, sizeof *r);
    r->id = sqlite3_column_int64(s, 0);
    col_text(s, 1, r->reference, sizeof r->reference);
    col_text(s, 2, r->uuid, sizeof r->uuid);
    const char *status = (const char *)sqlite3_column_text(s, 3);
    r->closed = status && strcmp(status, "closed") == 0;
    col_text(s, 4, r->victim_name, sizeof r->victim_name);
    col_text(s, 5, r->victim_number, sizeof r->victim_number);
    r->occurred_at = col_time(s, 6);
    int loc = col_vocab(s, 7, &VOCAB_LOCATION);
    r->location_kind = loc < 0 ? LOC_OTHER : (enum location_kind)loc;
    r->next_due_at = OPH_NO_TIME;
    r->closed_at = col_time(s, 9);
    r->victim_id = sqlite3_column_int64(s, 10);
    const char *next = (const char *)sqlite3_column_text(s, 8);
    if (next) {
        char *end;
        r->next_due_at = strtoll(next, &end, 10);
        text_copy(r->next_item, sizeof r->next_item, *end ? end + 1 : "");
    }
}

/* Runs a prepared and bound variant. With in_sql, its LIMIT and OFFSET (?4, ?5) do the
 * counting; otherwise (PLAN_DUE_ITEMS) the rows are counted here. */
int store_list_run(struct store *st, sqlite3_stmt *s, struct list_run *run, bool in_sql,
                   struct oph_error *err)
{
    if (in_sql) {
        sqlite3_bind_int(s, 4, run->left);
        sqlite3_bind_int(s, 5, run->skip);
    }
    int rc = SQLITE_DONE, given = 0;
    while (run->left != 0 && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        given++;
        struct case_row r;
        store_list_read_row(s, &r);
        if (!in_sql) {
            if (run->have_last && r.id == run->last_id && r.next_due_at == run->last_due)
                continue;
            run->have_last = true;
            run->last_id = r.id;
            run->last_due = r.next_due_at;
            if (run->skip > 0) {
                run->skip--;
                continue;
            }
        }
        if (run->left > 0)
            run->left--;
        if (run->cb(run->ctx, &r)) {
            run->stopped = true;
            break;
        }
    }
    if (rc == SQLITE_ROW)
        rc = SQLITE_DONE; /* stopped early */
    sqlite3_reset(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return store_fail(st, rc, err, "listing cases");
    if (in_sql && run->skip > 0 && given == 0 && rc == SQLITE_DONE) {
        /* It skipped all it had: how many, so that a part after it (the orders read in parts)
         * skips the rest. Only then are its rows counted. */
        sqlite3_bind_int(s, 4, run->skip);
        sqlite3_bind_int(s, 5, 0);
        int had = 0;
        while ((rc = sqlite3_step(s)) == SQLITE_ROW)
            had++;
        sqlite3_reset(s);
        if (rc != SQLITE_DONE)
            return store_fail(st, rc, err, "listing cases");
        run->skip -= had;
    } else if (in_sql) {
        run->skip = 0; /* the statement skipped what it was asked to */
    }
    return 0;
}

/* Prepares (once) and binds the variant for a plan; k1..k3 is where it starts. */
static sqlite3_stmt *list_stmt(struct store *st, const struct case_filter *f, enum list_plan plan,
                               const char *query, int64_t k1, int64_t k2, int64_t k3,
                               struct oph_error *err)
{
    char sql[4096];
    list_sql(f, plan, query != NULL, sql, sizeof sql);
    int slot = list_slot(f, plan, query != NULL);
    sqlite3_stmt *s = store_stmt(st, (enum stmt_id)(Q_LIST_0 + slot), sql, err);
    if (!s)
        return NULL;
    sqlite3_bind_int64(s, 1, f->now);
    if (query)
        sqlite3_bind_text(s, 2, query, -1, SQLITE_STATIC);
    if (plan == PLAN_UUID)
        sqlite3_bind_text(s, 3, f->search, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 6, k1);
    sqlite3_bind_int64(s, 7, k2);
    sqlite3_bind_int64(s, 8, k3);
    if (f->kind == FILTER_REVIEW)
        sqlite3_bind_int64(s, 9, f->closed_before);
    if (plan == PLAN_UUID)
        sqlite3_bind_int64(s, 10, f->person_id);
    return s;
}

/* The two parts of the next-due order: the cases with something pending, from the indexes
 * of pending items (cheap wherever the anchor is); then the others, newest first through the
 * date plan or the search index. Neither computes a key for every case. */
static int due_part(struct store *st, const struct case_filter *f, const char *query,
                    struct list_run *run, const struct case_row *from, struct oph_error *err)
{
    int64_t end = f->direction == PAGE_BACKWARD ? INT64_MAX : INT64_MIN;
    sqlite3_stmt *s = list_stmt(st, f, PLAN_DUE_ITEMS, query, from ? from->next_due_at : end,
                                from ? from->id : end, 0, err);
    return s ? store_list_run(st, s, run, false, err) : -1;
}

static int rest_part(struct store *st, const struct case_filter *f, const char *query,
                     struct list_run *run, const struct case_row *from, struct oph_error *err)
{
    if (f->kind == FILTER_OVERDUE)
        return 0; /* an overdue case has something pending */
    int64_t end = f->direction == PAGE_BACKWARD ? INT64_MIN : INT64_MAX;
    sqlite3_stmt *s;
    if (query)
        s = list_stmt(st, f, PLAN_SEARCH, query,
                      from ? from->occurred_at * SEARCH_KEY_SHIFT + from->id : end, 0, 1, err);
    else
        s = list_stmt(st, f, PLAN_DATE, NULL, from ? from->occurred_at : end, from ? from->id : end,
                      1, err);
    return s ? store_list_run(st, s, run, true, err) : -1;
}

static int list_by_due(struct store *st, const struct case_filter *f, const char *query,
                       struct list_run *run, struct oph_error *err)
{
    const struct case_row *a = f->anchor;
    bool in_due = a && a->next_due_at != OPH_NO_TIME;
    if (f->direction == PAGE_FORWARD) {
        if (a && !in_due)
            return rest_part(st, f, query, run, a, err);
        if (due_part(st, f, query, run, a, err))
            return -1;
        return run->left != 0 && !run->stopped ? rest_part(st, f, query, run, NULL, err) : 0;
    }
    if (in_due)
        return due_part(st, f, query, run, a, err);
    if (rest_part(st, f, query, run, a, err))
        return -1;
    return run->left != 0 && !run->stopped ? due_part(st, f, query, run, NULL, err) : 0;
}

int store_case_list(struct store *st, const struct case_filter *f, case_row_cb cb, void *ctx,
                    struct oph_error *err)
{
    if ((unsigned)f->kind > FILTER_REVIEW || (unsigned)f->sort >= SORT_COUNT ||
        (unsigned)f->direction > PAGE_BACKWARD)
        return oph_fail(err, OPH_INVALID, "unknown case filter");
    /* The other way round: the page after the anchor is the one before it in the order. */
    struct case_filter turned = *f;
    if (f->descending)
        turned.direction = f->direction == PAGE_FORWARD ? PAGE_BACKWARD : PAGE_FORWARD;
    f = &turned;
    struct list_run run = {.cb = cb,
                           .ctx = ctx,
                           .skip = f->offset > 0 ? f->offset : 0,
                           .left = f->limit > 0 ? f->limit : -1};
    const struct case_row *a = f->anchor;
    bool back = f->direction == PAGE_BACKWARD;
    /* White space alone searches for nothing: every row. */
    bool uuid = f->search && store_list_is_uuid(f->search), oom = false;
    char *query = f->search && !uuid ? store_list_fts_query(f, &oom) : NULL;
    if (oom)
        return oph_fail(err, OPH_DB, "out of memory");
    sqlite3_stmt *s;
    int rc;
    if (uuid) {
        /* One case at most: nothing after it, or before it. */
        if (a || run.skip > 0)
            return 0;
        s = list_stmt(st, f, PLAN_UUID, NULL, 0, 0, 0, err);
        rc = s ? store_list_run(st, s, &run, false, err) : -1;
    } else if ((rc = store_list_sorted(st, f, query, &run, err)) != 0) {
        rc = rc < 0 ? -1 : 0; /* another order, or one's own cases (lists_sort.c) */
    } else if (f->kind == FILTER_REVIEW) {
        int64_t k = back ? INT64_MAX : INT64_MIN;
        s = list_stmt(st, f, PLAN_REVIEW, query, a ? a->closed_at : k, a ? a->id : k, 0, err);
        rc = s ? store_list_run(st, s, &run, true, err) : -1;
    } else if (query && f->kind == FILTER_OVERDUE && f->sort == SORT_NEXT_DUE) {
        int64_t k1 = back ? INT64_MAX : INT64_MIN, k2 = k1, k3 = k1;
        if (a) {
            bool none = a->next_due_at == OPH_NO_TIME;
            k1 = none ? INT64_MAX : a->next_due_at;
            k2 = none ? -a->occurred_at : 0;
            k3 = none ? -a->id : a->id;
        }
        s = list_stmt(st, f, PLAN_OVERDUE_SEARCH, query, k1, k3, k2, err);
        rc = s ? store_list_run(st, s, &run, true, err) : -1;
    } else if (query && f->kind == FILTER_OVERDUE) {
        int64_t k = back ? INT64_MIN : INT64_MAX;
        s = list_stmt(st, f, PLAN_OVERDUE_SEARCH, query, a ? a->occurred_at : k, a ? a->id : k, 0,
                      err);
        rc = s ? store_list_run(st, s, &run, true, err) : -1;
    } else if (f->sort == SORT_NEXT_DUE) {
        rc = list_by_due(st, f, query, &run, err);
    } else if (query) {
        int64_t k = a ? a->occurred_at * SEARCH_KEY_SHIFT + a->id : back ? INT64_MIN : INT64_MAX;
        s = list_stmt(st, f, PLAN_SEARCH, query, k, 0, 0, err);
        rc = s ? store_list_run(st, s, &run, true, err) : -1;
    } else {
        int64_t k = back ? INT64_MIN : INT64_MAX;
        s = list_stmt(st, f, PLAN_DATE, NULL, a ? a->occurred_at : k, a ? a->id : k, 0, err);
        rc = s ? store_list_run(st, s, &run, true, err) : -1;
    }
    free(query);
    return rc;
}

/* The SQL of a count: the filter's rows as cheaply as they can be had (a partial index, the
 * search index), no further than ?4. */
static void count_sql(const struct case_filter *f, bool search, char *sql, size_t sz)
{
    static const char *const where_kind[] = {
        [FILTER_OPEN] = "c.status = 'open'",
        [FILTER_CLOSED] = "c.status = 'closed'",
        [FILTER_OVERDUE] = OVERDUE_CASES,
        [FILTER_ALL] = "1",
        [FILTER_REVIEW] = "c.status = 'closed' AND c.closed_at < ?9",
    };
    static const char *const index[] = {
        [FILTER_OPEN] = " INDEXED BY cases_open",
        [FILTER_CLOSED] = "",
        [FILTER_OVERDUE] = "",
        [FILTER_ALL] = "",
        [FILTER_REVIEW] = " INDEXED BY cases_closed",
    };
    const char *custody = f->custody_only ? " AND c.location_kind = 'custody'" : "";
    if (!search)
        snprintf(sql, sz, "SELECT count(*) FROM (SELECT 1 FROM cases c%s WHERE %s%s LIMIT ?4)",
                 index[f->kind], where_kind[f->kind], custody);
    else if (f->kind == FILTER_OVERDUE) /* the few overdue cases, each tested */
        snprintf(sql, sz,
                 "SELECT count(*) FROM (SELECT 1 FROM (" OVERDUE_IDS ") o CROSS JOIN cases c "
                 "ON c.id = o.case_id WHERE c.occurred_at * 67108864 + c.id IN "
                 "(SELECT rowid FROM case_search WHERE case_search MATCH ?2) LIMIT ?4)");
    else if (f->kind == FILTER_REVIEW)
        snprintf(sql, sz,
                 "SELECT count(*) FROM (SELECT 1 FROM cases c INDEXED BY cases_closed "
                 "WHERE %s%s AND c.id IN (SELECT rowid & 67108863 FROM case_search "
                 "WHERE case_search MATCH ?2) LIMIT ?4)",
                 where_kind[f->kind], custody);
    else /* open, closed and custody are facets of the query */
        snprintf(sql, sz,
                 "SELECT count(*) FROM (SELECT 1 FROM case_search WHERE case_search MATCH ?2 "
                 "LIMIT ?4)");
}

static int count_one(void *ctx, const struct case_row *r)
{
    (void)r;
    (*(long *)ctx)++;
    return 0;
}

int store_case_list_count(struct store *st, const struct case_filter *f, long cap, long *out,
                          struct oph_error *err)
{
    if ((unsigned)f->kind > FILTER_REVIEW)
        return oph_fail(err, OPH_INVALID, "unknown case filter");
    *out = 0;
    if (f->search && store_list_is_uuid(f->search)) { /* one case at most */
        struct case_filter one = *f;
        one.anchor = NULL;
        one.limit = 1;
        one.offset = 0;
        return store_case_list(st, &one, count_one, out, err);
    }
    bool oom = false;
    char *query = f->search ? store_list_fts_query(f, &oom) : NULL;
    if (oom)
        return oph_fail(err, OPH_DB, "out of memory");
    int mine = store_list_count_mine(st, f, query, cap, out, err);
    if (mine) {
        free(query);
        return mine < 0 ? -1 : 0;
    }
    char sql[2048];
    count_sql(f, query != NULL, sql, sizeof sql);
    int slot = (int)f->kind * 4 + (f->custody_only ? 2 : 0) + (query != NULL);
    sqlite3_stmt *s = store_stmt(st, (enum stmt_id)(Q_LIST_COUNT_0 + slot), sql, err);
    if (!s) {
        free(query);
        return -1;
    }
    if (sqlite3_bind_parameter_index(s, "?1"))
        sqlite3_bind_int64(s, 1, f->now);
    if (query)
        sqlite3_bind_text(s, 2, query, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 4, cap);
    if (f->kind == FILTER_REVIEW)
        sqlite3_bind_int64(s, 9, f->closed_before);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        *out = (long)sqlite3_column_int64(s, 0);
    sqlite3_reset(s);
    free(query);
    return rc == SQLITE_ROW ? 0 : store_fail(st, rc, err, "counting the cases listed");
}
