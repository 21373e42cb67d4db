/* The derived tables (report_done, the search index): what fills them again from their sources
 * (the upgrade to schema 4, check --repair) and what check works them out again with.
 * report_done has a column for each step of the plan, named as the step's code with '_' for
 * '-' (schema.sql): the statements that fill it and that check it are made from the plan's
 * table of steps (VOCAB_STEP), so that a new step needs no edit here. */
#include <sqlite3.h>
#include <string.h>

#include "ophamp/plan.h"
#include "ophamp/text.h"
#include "store_internal.h"

/* What report_done holds for a step row of alias a: done_at * 2 (plus 1 when it was late),
 * -1 not applicable, NULL while it is pending (schema.sql's triggers). */
#define STEP_SUMMARY(a)                                                                            \
    "CASE " a ".status WHEN 'done' THEN " a ".done_at * 2 + (" a ".done_at > " a ".due_at) "       \
    "WHEN 'not-applicable' THEN -1 END"

/* The finished follow-ups of a case, counted by group (FOLLOWUP_UNIT): on time, late, not
 * applicable; report_done's last three columns. */
static const char *const followup_conditions[RD_FOLLOWUP_COLS] = {
    "f.status = 'done' AND f.done_at <= f.due_at",
    "f.status = 'done' AND f.done_at > f.due_at",
    "f.status = 'not-applicable'",
};
static const char *const followup_columns[RD_FOLLOWUP_COLS] = {"followups_on_time",
                                                               "followups_late", "followups_na"};

void report_done_column(size_t i, char *out, size_t outsz)
{
    if (i >= VOCAB_STEP.count) {
        text_copy(out, outsz, followup_columns[i - VOCAB_STEP.count]);
        return;
    }
    text_copy(out, outsz, VOCAB_STEP.names[i]);
    for (char *p = out; *p; p++)
        if (*p == '-')
            *p = '_';
}

/* ", a.col1, a.col2, …" for every step column of report_done (a: the alias, or "" for none). */
static void append_step_columns(sqlite3_str *q, const char *alias)
{
    for (size_t i = 0; i < VOCAB_STEP.count; i++) {
        char col[64];
        report_done_column(i, col, sizeof col);
        sqlite3_str_appendf(q, ", %s%s\"%w\"", alias, *alias ? "." : "", col);
    }
}

char *report_done_fill_sql(void)
{
    sqlite3_str *q = sqlite3_str_new(NULL);
    sqlite3_str_appendall(q, "INSERT INTO report_done(case_id");
    append_step_columns(q, "");
    sqlite3_str_appendall(q, ") SELECT s.case_id");
    for (size_t i = 0; i < VOCAB_STEP.count; i++)
        sqlite3_str_appendf(q, ", max(CASE WHEN s.code = %Q THEN " STEP_SUMMARY("s") " END)",
                            VOCAB_STEP.names[i]);
    sqlite3_str_appendall(q, " FROM steps s GROUP BY s.case_id; "
                             "INSERT OR IGNORE INTO report_done(case_id) "
                             "SELECT DISTINCT case_id FROM followups; "
                             "UPDATE report_done SET (");
    for (size_t i = 0; i < RD_FOLLOWUP_COLS; i++)
        sqlite3_str_appendf(q, "%s%s", i ? ", " : "", followup_columns[i]);
    sqlite3_str_appendall(q, ") = (SELECT ");
    for (size_t i = 0; i < RD_FOLLOWUP_COLS; i++)
        sqlite3_str_appendf(q, "%scoalesce(sum(" FOLLOWUP_UNIT " * (%s)), 0)", i ? ", " : "",
                            followup_conditions[i]);
    sqlite3_str_appendall(q, " FROM followups f WHERE f.case_id = report_done.case_id);");
    return sqlite3_str_finish(q);
}

char *report_done_expected_sql(void)
{
    sqlite3_str *q = sqlite3_str_new(NULL);
    sqlite3_str_appendall(q, "SELECT c.id, rd.case_id IS NOT NULL");
    for (size_t i = 0; i < VOCAB_STEP.count; i++)
        sqlite3_str_appendf(
            q,
            ", (SELECT " STEP_SUMMARY("s") " FROM steps s "
                                           "WHERE s.case_id = c.id AND s.code = %Q)",
            VOCAB_STEP.names[i]);
    for (size_t i = 0; i < RD_FOLLOWUP_COLS; i++)
        sqlite3_str_appendf(q,
                            ", (SELECT coalesce(sum(" FOLLOWUP_UNIT " * (%s)), 0) FROM followups f "
                            "WHERE f.case_id = c.id)",
                            followup_conditions[i]);
    sqlite3_str_appendall(q, ", EXISTS (SELECT 1 FROM steps WHERE case_id = c.id) OR "
                             "EXISTS (SELECT 1 FROM followups WHERE case_id = c.id)");
    append_step_columns(q, "rd");
    for (size_t i = 0; i < RD_FOLLOWUP_COLS; i++)
        sqlite3_str_appendf(q, ", rd.%s", followup_columns[i]);
    sqlite3_str_appendall(q, ", c.reference FROM cases c "
                             "LEFT JOIN report_done rd ON rd.case_id = c.id ORDER BY c.id");
    return sqlite3_str_finish(q);
}

/* A virtual table made again by an upgrade is filled from its source. */
const char case_search_fill[] =
    "INSERT INTO case_search(rowid, reference, names, text, facets) "
    "SELECT key, reference, names, text, facets FROM case_search_source";

int refill_derived(sqlite3 *db, bool search_index, char **msg)
{
    char *fill = report_done_fill_sql();
    if (!fill)
        return SQLITE_NOMEM;
    int rc = sqlite3_exec(db, "DELETE FROM report_done", NULL, NULL, msg);
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(db, fill, NULL, NULL, msg);
    sqlite3_free(fill);
    if (rc == SQLITE_OK && search_index)
        rc = sqlite3_exec(db, "DELETE FROM case_search", NULL, NULL, msg);
    if (rc == SQLITE_OK && search_index)
        rc = sqlite3_exec(db, case_search_fill, NULL, NULL, msg);
    return rc;
}
