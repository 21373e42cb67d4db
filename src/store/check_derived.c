/* ophamp check, the derived tables (check.c): report_done and the search index worked out
 * again from what they are derived from. */
#include <stdio.h>
#include <string.h>

#include "store_internal.h"

/* ---- derived tables ------------------------------------------------------------------ */

/* report_done, worked out again from the steps and follow-ups (schema.sql's triggers):
 * report_done_expected_sql's columns. */
static bool same_int(sqlite3_stmt *s, int a, int b)
{
    int ta = sqlite3_column_type(s, a), tb = sqlite3_column_type(s, b);
    if (ta == SQLITE_NULL || tb == SQLITE_NULL)
        return ta == tb;
    return sqlite3_column_int64(s, a) == sqlite3_column_int64(s, b);
}

void check_report_done(struct checker *c)
{
    sqlite3_stmt *s = NULL;
    char *sql = report_done_expected_sql();
    int rc = sql ? sqlite3_prepare_v2(c->st->db, sql, -1, &s, NULL) : SQLITE_NOMEM;
    sqlite3_free(sql);
    while (rc == SQLITE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        rc = SQLITE_OK;
        const char *ref = (const char *)sqlite3_column_text(s, 2 + 2 * RD_COLS + 1);
        bool has_row = sqlite3_column_int(s, 1);
        bool wants_row = sqlite3_column_int(s, 2 + RD_COLS);
        if (has_row != wants_row) {
            check_problem(c, "derived: report_done %s row for case %s",
                          has_row ? "has a" : "has no", ref ? ref : "?");
            continue;
        }
        for (int i = 0; has_row && i < RD_COLS; i++) {
            int want = 2 + i, got = 3 + RD_COLS + i;
            /* the follow-up counts are 0, not NULL, when there are none */
            if (i >= STEP_COUNT && sqlite3_column_type(s, want) != SQLITE_NULL &&
                sqlite3_column_int64(s, want) == sqlite3_column_int64(s, got))
                continue;
            if (!same_int(s, want, got)) {
                char a[32] = "nothing", b[32] = "nothing";
                if (sqlite3_column_type(s, got) != SQLITE_NULL)
                    snprintf(a, sizeof a, "%lld", (long long)sqlite3_column_int64(s, got));
                if (sqlite3_column_type(s, want) != SQLITE_NULL)
                    snprintf(b, sizeof b, "%lld", (long long)sqlite3_column_int64(s, want));
                char col[64];
                report_done_column((size_t)i, col, sizeof col);
                check_problem(
                    c,
                    "derived: report_done for case %s, column %s: holds %s, but its steps "
                    "and follow-ups give %s",
                    ref ? ref : "?", col, a, b);
            }
        }
    }
    if (rc != SQLITE_DONE && rc != SQLITE_OK)
        check_unreadable(c, "report_done", rc);
    sqlite3_finalize(s);
    s = NULL;
    rc = sqlite3_prepare_v2(c->st->db,
                            "SELECT case_id FROM report_done rd WHERE NOT EXISTS "
                            "(SELECT 1 FROM cases WHERE id = rd.case_id)",
                            -1, &s, NULL);
    while (rc == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
        check_problem(c, "derived: report_done has a row for case id %lld, which does not exist",
                      (long long)sqlite3_column_int64(s, 0));
    sqlite3_finalize(s);
    check_end_kind(c, "derived");
}

/* The search index: one row per case, as case_search_source makes it. */
void check_case_search(struct checker *c)
{
    sqlite3_stmt *src = NULL, *idx = NULL;
    int rc = sqlite3_prepare_v2(c->st->db,
                                "SELECT key, reference, names, text, facets FROM "
                                "case_search_source",
                                -1, &src, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(c->st->db,
                                "SELECT reference, names, text, facets FROM case_search "
                                "WHERE rowid = ?1",
                                -1, &idx, NULL);
    int64_t cases = 0;
    while (rc == SQLITE_OK && (rc = sqlite3_step(src)) == SQLITE_ROW) {
        rc = SQLITE_OK;
        cases++;
        const char *ref = (const char *)sqlite3_column_text(src, 1);
        sqlite3_reset(idx);
        sqlite3_bind_int64(idx, 1, sqlite3_column_int64(src, 0));
        int irc = sqlite3_step(idx);
        if (irc == SQLITE_DONE) {
            check_problem(c,
                          "derived: case %s is missing from the search index (no search finds it)",
                          ref ? ref : "?");
            continue;
        }
        if (irc != SQLITE_ROW) {
            rc = irc;
            break;
        }
        static const char *const cols[] = {"reference", "names", "text", "facets"};
        for (int i = 0; i < 4; i++) {
            const char *want = (const char *)sqlite3_column_text(src, 1 + i);
            const char *got = (const char *)sqlite3_column_text(idx, i);
            if (strcmp(want ? want : "", got ? got : "") != 0)
                check_problem(c, "derived: the search index's %s of case %s is not the case's",
                              cols[i], ref ? ref : "?");
        }
    }
    if (rc != SQLITE_DONE && rc != SQLITE_OK)
        check_unreadable(c, "the search index", rc);
    sqlite3_finalize(src);
    sqlite3_finalize(idx);
    sqlite3_stmt *n = NULL;
    if (sqlite3_prepare_v2(c->st->db, "SELECT count(*) FROM case_search", -1, &n, NULL) ==
            SQLITE_OK &&
        sqlite3_step(n) == SQLITE_ROW && sqlite3_column_int64(n, 0) != cases)
        check_problem(c, "derived: the search index holds %lld rows for %lld cases",
                      (long long)sqlite3_column_int64(n, 0), (long long)cases);
    sqlite3_finalize(n);
    check_end_kind(c, "derived");
}
