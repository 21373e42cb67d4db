/* Unit tests of the case list's orders (issue 13, point 1): by date, next due, reference,
 * victim, where and status, each either way round, for every filter, custody or not, one's
 * own cases or everyone's, searched or not. For each, the order is worked out here from the
 * rows themselves, and the store must give exactly it: whole, page by page forward from an
 * anchor, page by page backward from the end, and by offset. The count follows the filter. */
#include <check.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_support.h"
#include "ophamp/app.h"

static char root_dir[256];
static char db_path[512];
static struct app app;
static int64_t person; /* someone who holds roles in some of the cases */

#define MAX_ROWS 400

struct rows {
    struct case_row r[MAX_ROWS];
    int n;
};

static int keep(void *ctx, const struct case_row *r)
{
    struct rows *l = ctx;
    ck_assert_int_lt(l->n, MAX_ROWS);
    l->r[l->n++] = *r;
    return 0;
}

/* The lists are read months after the demo's time, so that its open cases' work is overdue
 * (a demo's open cases are its last few weeks'). */
#define LIST_NOW T("2026-12-01 10:00")

static void setup(void)
{
    char dir[400];
    snprintf(dir, sizeof dir, "%s/db-XXXXXX", root_dir);
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(db_path, sizeof db_path, "%s/ophamp.db", dir);
    ck_assert_msg(app_open(&app, db_path, T("2026-04-08 10:00"), &err) == 0, "%s", err.msg);
    EXPECT_OK(app_demo(&app, 150, 11, false, NULL, NULL, &err));
    /* The person with the most roles in open cases (that is not everyone's). */
    sqlite3 *db;
    ck_assert_int_eq(sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_stmt *s;
    ck_assert_int_eq(
        sqlite3_prepare_v2(db,
                           "SELECT p, count(*) FROM (SELECT supervisor_id AS p, status FROM cases "
                           "UNION ALL SELECT investigator_id, status FROM cases UNION ALL "
                           "SELECT statement_taker_id, status FROM cases) "
                           "WHERE p IS NOT NULL AND status = 'open' "
                           "GROUP BY p ORDER BY 2 DESC LIMIT 1",
                           -1, &s, NULL),
        SQLITE_OK);
    ck_assert_int_eq(sqlite3_step(s), SQLITE_ROW);
    person = sqlite3_column_int64(s, 0);
    ck_assert_int_ge(sqlite3_column_int(s, 1), 3);
    sqlite3_finalize(s);
    sqlite3_close(db);
}

static void teardown(void)
{
    app_close(&app);
}

/* The ids of the cases where `person` holds a role. */
static bool is_mine(int64_t id)
{
    static sqlite3 *db;
    static sqlite3_stmt *s;
    if (!db) {
        ck_assert_int_eq(sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
        ck_assert_int_eq(sqlite3_prepare_v2(db,
                                            "SELECT ?2 IN (supervisor_id, second_line_id, "
                                            "investigator_id, statement_taker_id, "
                                            "welfare_officer_id) FROM cases WHERE id = ?1",
                                            -1, &s, NULL),
                         SQLITE_OK);
    }
    sqlite3_reset(s);
    sqlite3_bind_int64(s, 1, id);
    sqlite3_bind_int64(s, 2, person);
    ck_assert_int_eq(sqlite3_step(s), SQLITE_ROW);
    bool mine = sqlite3_column_int(s, 0) == 1;
    sqlite3_reset(s);
    return mine;
}

/* ---- the orders, worked out here ----------------------------------------------------- */

static oph_time NOW;
static int SORT;

static int cmp_int(int64_t a, int64_t b)
{
    return a < b ? -1 : a > b;
}

/* SQLite's NOCASE: ASCII letters without case, every other byte as it is. */
static int nocase(const char *a, const char *b)
{
    for (;; a++, b++) {
        int x = (unsigned char)*a, y = (unsigned char)*b;
        if (x >= 'A' && x <= 'Z')
            x += 32;
        if (y >= 'A' && y <= 'Z')
            y += 32;
        if (x != y || !x)
            return x - y;
    }
}

static int part(const struct case_row *r)
{
    return r->closed ? 2 : r->next_due_at != OPH_NO_TIME && r->next_due_at < NOW ? 0 : 1;
}

static int newest_first(const struct case_row *a, const struct case_row *b)
{
    int c = cmp_int(b->occurred_at, a->occurred_at);
    return c ? c : cmp_int(b->id, a->id);
}

static int order(const void *pa, const void *pb)
{
    const struct case_row *a = pa, *b = pb;
    int c = 0;
    switch (SORT) {
    case SORT_DATE:
        return newest_first(a, b);
    case SORT_NEXT_DUE: {
        bool na = a->next_due_at == OPH_NO_TIME, nb = b->next_due_at == OPH_NO_TIME;
        if (na != nb)
            return na ? 1 : -1;
        if (na)
            return newest_first(a, b);
        c = cmp_int(a->next_due_at, b->next_due_at);
        return c ? c : cmp_int(a->id, b->id);
    }
    case SORT_REFERENCE:
        return strcmp(a->reference, b->reference);
    case SORT_VICTIM:
        c = nocase(a->victim_name, b->victim_name);
        c = c ? c : cmp_int(a->victim_id, b->victim_id);
        return c ? c : cmp_int(a->id, b->id);
    case SORT_WHERE:
        c = strcmp(VOCAB_LOCATION.names[a->location_kind], VOCAB_LOCATION.names[b->location_kind]);
        return c ? c : newest_first(a, b);
    case SORT_STATUS:
        c = part(a) - part(b);
        return c ? c : newest_first(a, b);
    default: /* the review: oldest closing first */
        c = cmp_int(a->closed_at, b->closed_at);
        return c ? c : cmp_int(a->id, b->id);
    }
}

/* The filter's cases (through the date order, tested on its own), in the order asked for. */
static void expected(const struct case_filter *f, struct rows *out)
{
    struct case_filter all = *f;
    all.sort = SORT_DATE;
    all.descending = false;
    all.person_id = 0;
    all.anchor = NULL;
    all.direction = PAGE_FORWARD;
    all.limit = all.offset = 0;
    struct rows every = {.n = 0};
    EXPECT_OK(store_case_list(app.store, &all, keep, &every, &err));
    out->n = 0;
    for (int i = 0; i < every.n; i++)
        if (!f->person_id || is_mine(every.r[i].id))
            out->r[out->n++] = every.r[i];
    SORT = f->kind == FILTER_REVIEW ? SORT_COUNT : (int)f->sort;
    NOW = f->now;
    qsort(out->r, (size_t)out->n, sizeof *out->r, order);
    if (f->descending)
        for (int i = 0, j = out->n - 1; i < j; i++, j--) {
            struct case_row x = out->r[i];
            out->r[i] = out->r[j];
            out->r[j] = x;
        }
}

static void same(const struct rows *got, const struct rows *want, const char *how,
                 const struct case_filter *f)
{
    char what[160];
    snprintf(what, sizeof what, "%s: kind %d sort %d%s%s%s%s", how, (int)f->kind, (int)f->sort,
             f->descending ? " reversed" : "", f->custody_only ? " custody" : "",
             f->person_id ? " mine" : "", f->search ? " searched" : "");
    ck_assert_msg(got->n == want->n, "%s: %d rows, want %d", what, got->n, want->n);
    for (int i = 0; i < want->n; i++)
        ck_assert_msg(got->r[i].id == want->r[i].id, "%s: row %d is %s, want %s", what, i,
                      got->r[i].reference, want->r[i].reference);
}

/* The whole list, forward and backward page by page from anchors, and by offset. */
static void check_one(struct case_filter f)
{
    struct rows want, got;
    expected(&f, &want);
    got.n = 0;
    EXPECT_OK(store_case_list(app.store, &f, keep, &got, &err));
    same(&got, &want, "whole", &f);
    /* Forward, 7 rows a page, each page after the last row of the one before. */
    struct rows paged = {.n = 0};
    for (int guard = 0; guard < 100; guard++) {
        struct rows page = {.n = 0};
        struct case_filter p = f;
        p.limit = 7;
        p.anchor = paged.n ? &paged.r[paged.n - 1] : NULL;
        EXPECT_OK(store_case_list(app.store, &p, keep, &page, &err));
        for (int i = 0; i < page.n; i++)
            paged.r[paged.n++] = page.r[i];
        if (page.n < 7)
            break;
    }
    same(&paged, &want, "forward pages", &f);
    /* Backward from the end: each page nearest its anchor first. */
    struct rows back = {.n = 0};
    for (int guard = 0; guard < 100; guard++) {
        struct rows page = {.n = 0};
        struct case_filter p = f;
        p.limit = 5;
        p.direction = PAGE_BACKWARD;
        p.anchor = back.n ? &back.r[back.n - 1] : NULL;
        EXPECT_OK(store_case_list(app.store, &p, keep, &page, &err));
        for (int i = 0; i < page.n; i++)
            back.r[back.n++] = page.r[i];
        if (page.n < 5)
            break;
    }
    for (int i = 0, j = back.n - 1; i < j; i++, j--) {
        struct case_row x = back.r[i];
        back.r[i] = back.r[j];
        back.r[j] = x;
    }
    same(&back, &want, "backward pages", &f);
    /* By offset. */
    struct rows slice = {.n = 0};
    struct case_filter o = f;
    o.offset = want.n / 3;
    o.limit = 4;
    EXPECT_OK(store_case_list(app.store, &o, keep, &slice, &err));
    struct rows part_of = {.n = 0};
    for (int i = o.offset; i < want.n && part_of.n < 4; i++)
        part_of.r[part_of.n++] = want.r[i];
    same(&slice, &part_of, "offset", &f);
    /* The count does not depend on the order. */
    long n = 0;
    EXPECT_OK(store_case_list_count(app.store, &f, 10000, &n, &err));
    ck_assert_int_eq(n, want.n);
}

START_TEST(test_every_order_of_every_filter)
{
    static const enum case_filter_kind kinds[] = {FILTER_OPEN, FILTER_CLOSED, FILTER_OVERDUE,
                                                  FILTER_ALL};
    int checked = 0;
    for (size_t k = 0; k < sizeof kinds / sizeof *kinds; k++)
        for (int sort = 0; sort < SORT_COUNT; sort++)
            for (int flags = 0; flags < 8; flags++) {
                struct case_filter f = {.kind = kinds[k],
                                        .sort = (enum case_sort)sort,
                                        .descending = flags & 1,
                                        .custody_only = flags & 2,
                                        .person_id = flags & 4 ? person : 0,
                                        .now = LIST_NOW};
                check_one(f);
                checked++;
            }
    ck_assert_int_eq(checked, 4 * SORT_COUNT * 8);
}
END_TEST

START_TEST(test_every_order_of_a_search)
{
    /* A word in many cases, and a victim's name. */
    struct case_filter all = {.kind = FILTER_ALL, .now = T("2026-04-08 10:00"), .limit = 1};
    struct rows one = {.n = 0};
    EXPECT_OK(store_case_list(app.store, &all, keep, &one, &err));
    char surname[TXT(MAX_NAME)];
    const char *space = strrchr(one.r[0].victim_name, ' ');
    snprintf(surname, sizeof surname, "%s", space ? space + 1 : one.r[0].victim_name);
    const char *searches[] = {"street", surname};
    static const enum case_filter_kind kinds[] = {FILTER_OPEN, FILTER_CLOSED, FILTER_OVERDUE,
                                                  FILTER_ALL};
    for (size_t w = 0; w < 2; w++)
        for (size_t k = 0; k < sizeof kinds / sizeof *kinds; k++)
            for (int sort = 0; sort < SORT_COUNT; sort++)
                for (int flags = 0; flags < 4; flags++) {
                    struct case_filter f = {.kind = kinds[k],
                                            .sort = (enum case_sort)sort,
                                            .descending = flags & 1,
                                            .person_id = flags & 2 ? person : 0,
                                            .search = searches[w],
                                            .now = LIST_NOW};
                    check_one(f);
                }
}
END_TEST

START_TEST(test_the_review_of_ones_own_cases)
{
    for (int flags = 0; flags < 4; flags++) {
        struct case_filter f = {.kind = FILTER_REVIEW,
                                .descending = flags & 1,
                                .person_id = flags & 2 ? person : 0,
                                .now = T("2026-04-08 10:00"),
                                .closed_before = T("2026-01-01 00:00")};
        check_one(f);
    }
}
END_TEST

START_TEST(test_the_orders_are_not_empty)
{
    /* The test above proves nothing on empty lists: there is something in each. */
    struct case_filter f = {.kind = FILTER_OVERDUE, .now = LIST_NOW};
    struct rows got = {.n = 0};
    EXPECT_OK(store_case_list(app.store, &f, keep, &got, &err));
    ck_assert_int_gt(got.n, 0);
    f.kind = FILTER_OPEN;
    f.person_id = person;
    got.n = 0;
    EXPECT_OK(store_case_list(app.store, &f, keep, &got, &err));
    ck_assert_int_gt(got.n, 0);
    f.kind = FILTER_ALL;
    f.custody_only = true;
    got.n = 0;
    EXPECT_OK(store_case_list(app.store, &f, keep, &got, &err));
    ck_assert_int_gt(got.n, 0);
}
END_TEST

static Suite *lists_suite(void)
{
    Suite *s = suite_create("lists");
    TCase *t = tcase_new(s, "orders");
    tcase_add_unchecked_fixture(t, setup, teardown);
    tcase_add_test(t, test_the_orders_are_not_empty);
    tcase_add_test(t, test_every_order_of_every_filter);
    tcase_add_test(t, test_every_order_of_a_search);
    tcase_add_test(t, test_the_review_of_ones_own_cases);
    return s;
}

int main(void)
{
    return run_suite_in_temp_dir(lists_suite(), root_dir, sizeof root_dir, "lists");
}
