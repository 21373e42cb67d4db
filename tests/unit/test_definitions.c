/* The definition tables (defs.h, formats.h) walked through every consumer (issue 11, point 1):
 * each step, follow-up kind, evidence kind, outcome and output format, entry by entry, through
 * the schema's checks and rules, the store's decoding and joins, the export's columns, the
 * report's labels and sheet names, the plan's rule for a step, the command line's names and
 * the writers. An entry added to a table without one of its consumers fails here. */
#include <check.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/cli/cli_internal.h"
#include "../../src/import/csv_internal.h"
#include "../../src/tui/tui_internal.h"
#include "check_support.h"
#include "ophamp/app.h"
#include "ophamp/exports.h"
#include "ophamp/formats.h"
#include "ophamp/import.h"
#include "ophamp/outfile.h"
#include "ophamp/report.h"
#include "ophamp/report_layout.h"
#include "ophamp/workflow.h"

static char root_dir[256];
static char db_path[512];
static struct app app;

/* A demo database (cases with every step done, follow-ups, evidence and outcomes) and a new
 * case of today, whose seven steps are all pending. */
static void setup(void)
{
    char dir[400];
    snprintf(dir, sizeof dir, "%s/db-XXXXXX", root_dir);
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(db_path, sizeof db_path, "%s/ophamp.db", dir);
    ck_assert_msg(app_open(&app, db_path, T("2026-04-08 10:00"), &err) == 0, "%s", err.msg);
    EXPECT_OK(app_demo(&app, 120, 5, false, NULL, NULL, &err));
    struct person_input victim = {.name = "PC Vicky Victim", .number = "DEF-V1"},
                        sergeant = {.name = "Sgt Sam Supervisor", .number = "DEF-S1"};
    EXPECT_OK(app_person_add(&app, &victim, NULL, &err));
    EXPECT_OK(app_person_add(&app, &sergeant, NULL, &err));
    struct case_facts f;
    case_facts_init(&f);
    strcpy(f.victim_number, "DEF-V1");
    strcpy(f.supervisor_number, "DEF-S1");
    f.occurred_at = T("2026-04-08 09:00");
    strcpy(f.location, "High Street");
    f.location_kind = LOC_STREET;
    f.injury = INJURY_MINOR;
    f.days_off = 2;
    f.off_work = true;
    char ref[REF_LEN + 1];
    EXPECT_OK(app_case_new(&app, &f, ref, &err));
}

static void teardown(void)
{
    app_close(&app);
}

/* One number from SQL on the test database (read beside the app), with one text parameter. */
static long count_sql(const char *sql, const char *param)
{
    sqlite3 *db;
    sqlite3_stmt *s;
    ck_assert_int_eq(sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    ck_assert_msg(sqlite3_prepare_v2(db, sql, -1, &s, NULL) == SQLITE_OK, "%s: %s", sql,
                  sqlite3_errmsg(db));
    if (param)
        sqlite3_bind_text(s, 1, param, -1, SQLITE_TRANSIENT);
    ck_assert_int_eq(sqlite3_step(s), SQLITE_ROW);
    long n = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    sqlite3_close(db);
    return n;
}

/* The text of a table's CREATE statement. */
static char *table_sql(const char *table)
{
    sqlite3 *db;
    sqlite3_stmt *s;
    ck_assert_int_eq(sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    ck_assert_int_eq(
        sqlite3_prepare_v2(db, "SELECT sql FROM sqlite_schema WHERE name = ?1", -1, &s, NULL),
        SQLITE_OK);
    sqlite3_bind_text(s, 1, table, -1, SQLITE_STATIC);
    ck_assert_int_eq(sqlite3_step(s), SQLITE_ROW);
    char *out = strdup((const char *)sqlite3_column_text(s, 0));
    sqlite3_finalize(s);
    sqlite3_close(db);
    return out;
}

/* "'word'" is in the text (a CHECK's list). */
static void assert_quoted_in(const char *text, const char *word, const char *where)
{
    char q[64];
    snprintf(q, sizeof q, "'%s'", word);
    ck_assert_msg(strstr(text, q), "%s does not allow %s", where, q);
}

/* ---- the tables themselves ------------------------------------------------------------- */

START_TEST(test_step_table_is_whole)
{
    ck_assert_int_eq((int)VOCAB_STEP.count, STEP_COUNT);
    for (int s = 0; s < STEP_COUNT; s++) {
        const struct step_def *d = &STEP_DEFS[s];
        char want[8];
        snprintf(want, sizeof want, "(%c) ", 'a' + s);
        ck_assert_str_eq(VOCAB_STEP.names[s], d->code);
        ck_assert_int_eq(d->letter[0], 'a' + s);
        ck_assert_msg(strncmp(d->title, want, 4) == 0 && strlen(d->title) > 4, "title %s",
                      d->title);
        ck_assert_msg(strncmp(d->label, want, 4) == 0 && strlen(d->label) > 4, "label %s",
                      d->label);
        ck_assert_str_eq(step_title((enum step_code)s), d->title);
        ck_assert_str_eq(step_label((enum step_code)s), d->label);
        ck_assert_ptr_nonnull(d->rule);
        ck_assert_int_eq(vocab_find(&VOCAB_STEP, d->code), s);
        /* A report's sheet is named "On time, <label>": 31 characters, no colon. */
        ck_assert_int_le((int)strlen("On time, ") + (int)strlen(d->label), RP_SHEET_NAME_MAX);
        ck_assert_ptr_null(strchr(d->label, ':'));
        for (int o = 0; o < s; o++) {
            ck_assert_str_ne(STEP_DEFS[o].title, d->title);
            ck_assert_str_ne(STEP_DEFS[o].label, d->label);
        }
    }
    ck_assert_str_eq(step_title(STEP_COUNT), "");
}
END_TEST

START_TEST(test_other_tables_match_their_vocabularies)
{
    ck_assert_int_eq((int)VOCAB_FOLLOWUP.count, FU_COUNT);
    for (int k = 0; k < FU_COUNT; k++) {
        ck_assert_str_eq(VOCAB_FOLLOWUP.names[k], FOLLOWUP_DEFS[k].name);
        ck_assert_ptr_nonnull(FOLLOWUP_DEFS[k].what);
    }
    ck_assert_int_eq((int)VOCAB_EVIDENCE_KIND.count, EV_KIND_COUNT);
    for (int k = 0; k < EV_KIND_COUNT; k++) {
        ck_assert_str_eq(VOCAB_EVIDENCE_KIND.names[k], EVIDENCE_DEFS[k].name);
        ck_assert_str_eq(rule_key_evidence((enum evidence_kind)k), EVIDENCE_DEFS[k].rule);
    }
    ck_assert_int_eq((int)VOCAB_OUTCOME.count, OUT_COUNT);
    for (int o = 0; o < OUT_COUNT; o++) {
        ck_assert_str_eq(VOCAB_OUTCOME.names[o], OUTCOME_DEFS[o].name);
        ck_assert_int_eq(outcome_not_prosecuted(o), OUTCOME_DEFS[o].not_prosecuted);
        /* A decision not to prosecute is the nfa-* words of the plan. */
        ck_assert_int_eq(OUTCOME_DEFS[o].not_prosecuted,
                         strncmp(OUTCOME_DEFS[o].name, "nfa-", 4) == 0);
    }
}
END_TEST

/* ---- the schema ------------------------------------------------------------------------ */

START_TEST(test_schema_allows_every_entry_and_has_its_rule)
{
    char *steps = table_sql("steps"), *done = table_sql("report_done");
    char *fus = table_sql("followups"), *ev = table_sql("evidence_items");
    char *cases = table_sql("cases");
    for (int s = 0; s < STEP_COUNT; s++) {
        assert_quoted_in(steps, STEP_DEFS[s].code, "steps.code");
        /* report_done sums each step up in a column of its own: victim-code, victim_code. */
        char col[64];
        snprintf(col, sizeof col, "%s", STEP_DEFS[s].code);
        for (char *c = col; *c; c++)
            *c = *c == '-' ? '_' : *c;
        ck_assert_msg(strstr(done, col), "report_done has no column %s", col);
        ck_assert_msg(count_sql("SELECT count(*) FROM rules WHERE key = ?1", STEP_DEFS[s].rule) ==
                          1,
                      "no due-time rule %s for step %s", STEP_DEFS[s].rule, STEP_DEFS[s].code);
    }
    for (int k = 0; k < FU_COUNT; k++)
        assert_quoted_in(fus, FOLLOWUP_DEFS[k].name, "followups.kind");
    for (int k = 0; k < EV_KIND_COUNT; k++) {
        assert_quoted_in(ev, EVIDENCE_DEFS[k].name, "evidence_items.kind");
        ck_assert_msg(
            count_sql("SELECT count(*) FROM rules WHERE key = ?1", EVIDENCE_DEFS[k].rule) == 1,
            "no due-time rule %s", EVIDENCE_DEFS[k].rule);
    }
    for (int o = 0; o < OUT_COUNT; o++)
        assert_quoted_in(cases, OUTCOME_DEFS[o].name, "cases.outcome");
    free(steps);
    free(done);
    free(fus);
    free(ev);
    free(cases);
}
END_TEST

/* ---- the store's decoding (the report's read) -------------------------------------------- */

struct decoded {
    long steps_pending[STEP_COUNT], steps_known[STEP_COUNT];
    long followups[FU_COUNT], evidence[EV_KIND_COUNT], outcomes[OUT_COUNT];
    long cases;
};

static int decode(void *ctx, const struct report_case *c)
{
    struct decoded *d = ctx;
    for (int i = 0; i < c->n_followups; i++)
        if (c->followups[i].item.status == STATUS_PENDING) {
            ck_assert_int_ge((int)c->followups[i].kind, 0);
            d->followups[c->followups[i].kind]++;
        }
    for (int i = 0; i < c->n_evidence; i++)
        d->evidence[c->evidence[i].kind]++;
    if (c->more)
        return 0; /* the same case again, with the rest of its items */
    d->cases++;
    for (int s = 0; s < STEP_COUNT; s++) {
        d->steps_pending[s] += c->steps[s].status == STATUS_PENDING;
        d->steps_known[s] += c->steps[s].status >= 0;
    }
    if (c->outcome >= 0)
        d->outcomes[c->outcome]++;
    return 0;
}

START_TEST(test_store_decodes_every_entry)
{
    oph_time from = T("2000-01-01 00:00"), to = T("2100-01-01 00:00");
    int64_t lo, hi;
    ck_assert_int_eq(store_report_range(app.store, from, to, &lo, &hi, &err), 1);
    static struct decoded d;
    memset(&d, 0, sizeof d);
    EXPECT_OK(store_report_scan(app.store, from, to, lo, hi, decode, &d, &err));
    ck_assert_int_eq(d.cases, count_sql("SELECT count(*) FROM cases", NULL));
    for (int s = 0; s < STEP_COUNT; s++) {
        const char *code = STEP_DEFS[s].code;
        long pending =
            count_sql("SELECT count(*) FROM steps WHERE code = ?1 AND status = 'pending'", code);
        ck_assert_msg(pending > 0, "the demo has no pending step %s to decode", code);
        ck_assert_msg(d.steps_pending[s] == pending, "step %s: %ld pending decoded, %ld stored",
                      code, d.steps_pending[s], pending);
        ck_assert_int_eq(d.steps_known[s],
                         count_sql("SELECT count(*) FROM steps WHERE code = ?1", code));
    }
    for (int k = 0; k < FU_COUNT; k++)
        ck_assert_msg(d.followups[k] == count_sql("SELECT count(*) FROM followups WHERE kind = ?1 "
                                                  "AND status = 'pending'",
                                                  FOLLOWUP_DEFS[k].name),
                      "follow-up kind %s", FOLLOWUP_DEFS[k].name);
    for (int k = 0; k < EV_KIND_COUNT; k++)
        ck_assert_msg(d.evidence[k] == count_sql("SELECT count(*) FROM evidence_items WHERE kind "
                                                 "= ?1",
                                                 EVIDENCE_DEFS[k].name),
                      "evidence kind %s", EVIDENCE_DEFS[k].name);
    for (int o = 0; o < OUT_COUNT; o++)
        ck_assert_msg(d.outcomes[o] == count_sql("SELECT count(*) FROM cases WHERE outcome = ?1",
                                                 OUTCOME_DEFS[o].name),
                      "outcome %s", OUTCOME_DEFS[o].name);
}
END_TEST

/* ---- the exports' columns and the report's labels ---------------------------------------- */

START_TEST(test_case_list_has_every_steps_columns_filled)
{
    struct capture cap;
    struct export_request rq = {.scope = SCOPE_ALL};
    EXPECT_OK(export_case_list_csv(&app, &rq, capture_open(&cap), &err));
    const char *csv = capture_close(&cap);
    const char *eol = strchr(csv, '\n');
    ck_assert_ptr_nonnull(eol);
    char *header = strndup(csv, (size_t)(eol - csv));
    static const char *const parts[] = {"status", "due_at", "done_at", "on_time"};
    for (int s = 0; s < STEP_COUNT; s++)
        for (int p = 0; p < 4; p++) {
            char col[64];
            snprintf(col, sizeof col, "%s_%s", STEP_DEFS[s].code, parts[p]);
            for (char *c = col; *c; c++)
                *c = *c == '-' ? '_' : *c;
            ck_assert_msg(strstr(header, col), "the case list has no column %s", col);
        }
    /* Each step's join: every row says each step's status (the demo's cases have them all). */
    ck_assert_ptr_null(strstr(eol, ",,,,,,,,,,,,,,,,,,,,,,,,,,,,"));
    free(header);
    free(cap.buf);
}
END_TEST

START_TEST(test_report_names_every_step_by_its_label)
{
    struct report r;
    struct redactor red;
    EXPECT_OK(app_redactor(&app, false, 10, &red, &err));
    EXPECT_OK(report_compute(&app, (struct oph_date){2025, 1, 1}, (struct oph_date){2026, 12, 31},
                             &red, &r, &err));
    struct capture cap;
    FORMAT_DEFS[FMT_TEXT].report(capture_open(&cap), &r);
    const char *text = capture_close(&cap);
    for (int s = 0; s < STEP_COUNT; s++) {
        ck_assert_msg(strstr(text, STEP_DEFS[s].label), "the report has no row %s",
                      STEP_DEFS[s].label);
        char sheet[64];
        snprintf(sheet, sizeof sheet, "On time, %s", STEP_DEFS[s].label);
        ck_assert_msg(strstr(text, sheet), "the report has no table %s", sheet);
    }
    free(cap.buf);
    report_done(&r);
}
END_TEST

/* ---- the plan's rule of each step -------------------------------------------------------- */

START_TEST(test_each_steps_needs_are_its_rule)
{
    struct case_detail *c = calloc(1, sizeof *c);
    ck_assert_ptr_nonnull(c);
    c->facts.referral = -1;
    c->facts.enhanced_rights = TRI_UNKNOWN;
    c->facts.vps_offered = TRI_UNKNOWN;
    for (int s = 0; s < STEP_COUNT; s++)
        c->steps[s].status = STATUS_PENDING;
    for (int s = 0; s < STEP_COUNT; s++) {
        /* Nothing recorded: a step that needs facts is refused; the sign-offs of the
         * injury-on-duty report are the caller's, one at a time. */
        unsigned needs = STEP_DEFS[s].needs & ~(unsigned)NEED_SIGN_OFFS;
        struct oph_error e = {0};
        int rc = wf_step_ready(c, (enum step_code)s, NULL, &e);
        ck_assert_msg(needs ? rc < 0 : rc == 0, "step %s: needs %#x, ready %d (%s)",
                      STEP_DEFS[s].code, STEP_DEFS[s].needs, rc, e.msg);
        if (needs)
            ck_assert_msg(strstr(e.msg, STEP_DEFS[s].code), "%s", e.msg);
    }
    free(c);
}
END_TEST

/* A case with every fact a step may need recorded, except `missing` (one enum step_need bit,
 * 0 for none); *note is the completing note to give (NULL when the note is the one missing). */
static struct case_detail *case_with_needs_but(unsigned missing, struct timeline_entry *welfare,
                                               const char **note)
{
    struct case_detail *c = case_detail_new();
    for (int s = 0; s < STEP_COUNT; s++)
        c->steps[s].status = STATUS_PENDING;
    if (missing != NEED_CRIME_REF)
        strcpy(c->facts.crime_reference, "AB/123/26");
    c->facts.referral = missing == NEED_REFERRAL ? -1 : 0;
    c->facts.enhanced_rights = missing == NEED_ENHANCED ? TRI_UNKNOWN : TRI_NO;
    c->facts.vps_offered = missing == NEED_VPS ? TRI_UNKNOWN : TRI_YES;
    c->roles[CROLE_INVESTIGATOR].set = missing != NEED_INVESTIGATOR;
    c->roles[CROLE_STATEMENT_TAKER].set = true;
    welfare->kind = TL_WELFARE;
    c->timeline = missing == NEED_WELFARE_CONTACT ? NULL : welfare;
    c->n_timeline = missing == NEED_WELFARE_CONTACT ? 0 : 1;
    /* No evidence item: the note says why (no note: the evidence is not settled either). */
    *note = missing == NEED_NOTE || missing == NEED_EVIDENCE_SETTLED ? NULL : "noted";
    return c;
}

/* Each step's needs are checked from the table: a step missing one fact of its needs is
 * refused naming that need's field and words (the note in its step's words), and a step with
 * all its needs recorded is ready. */
START_TEST(test_each_need_refuses_by_its_table_entry)
{
    for (int s = 0; s < STEP_COUNT; s++) {
        struct timeline_entry welfare = {0};
        const char *note;
        struct case_detail *c = case_with_needs_but(0, &welfare, &note);
        struct oph_error e = {0};
        ck_assert_msg(wf_step_ready(c, (enum step_code)s, note, &e) == 0, "step %s: %s",
                      STEP_DEFS[s].code, e.msg);
        c->timeline = NULL;
        case_detail_free(c);
        for (int i = 0; i < NEED_COUNT; i++) {
            const struct need_def *need = &NEED_DEFS[i];
            ck_assert_uint_eq(need->need, 1u << i);
            if (!(STEP_DEFS[s].needs & need->need) || need->need == NEED_SIGN_OFFS)
                continue;
            c = case_with_needs_but(need->need, &welfare, &note);
            memset(&e, 0, sizeof e);
            ck_assert_int_eq(wf_step_ready(c, (enum step_code)s, note, &e), -1);
            ck_assert_msg(e.field == need->field, "step %s, need %d: field %s, not %s",
                          STEP_DEFS[s].code, i, oph_field_name(e.field),
                          oph_field_name(need->field));
            ck_assert_int_eq(e.item, OPH_ITEM_STEP);
            ck_assert_int_eq(e.item_number, s);
            const char *what = need->need == NEED_NOTE ? STEP_DEFS[s].note : need->what;
            if (need->need != NEED_EVIDENCE_SETTLED) {
                char want[256];
                ck_assert_ptr_nonnull(what);
                snprintf(want, sizeof want, "step %s needs %s", STEP_DEFS[s].code, what);
                ck_assert_str_eq(e.msg, want);
            }
            c->timeline = NULL;
            case_detail_free(c);
        }
    }
}
END_TEST

/* ---- the case CSV's columns ------------------------------------------------------------- */

/* The importer's columns are the export's, in the same order, by the table's names. */
START_TEST(test_csv_columns_are_the_importers)
{
    struct capture cap;
    struct export_request rq = {.scope = SCOPE_ALL};
    EXPECT_OK(export_case_list_csv(&app, &rq, capture_open(&cap), &err));
    const char *csv = capture_close(&cap);
    char *header = strndup(csv, (size_t)(strchr(csv, '\r') - csv));
    char want[4096] = CSV_BOM "marking,audit_head";
    for (int c = 0; c < CSV_COLUMNS; c++) {
        strcat(want, ",");
        strcat(want, csv_col_name(c));
        ck_assert_int_eq(csv_col_find(csv_col_name(c)), c);
        if (c < CASE_FACT_COLUMNS)
            ck_assert_str_eq(csv_col_name(c), CASE_COLUMNS[c].name);
    }
    ck_assert_str_eq(header, want);
    free(header);
    free(cap.buf);
}
END_TEST

struct people_copy {
    struct app *to;
    const char *user;
};

static int copy_person(void *ctx, const struct person *p)
{
    struct people_copy *pc = ctx;
    if (strcmp(p->number, pc->user) == 0)
        return 0;
    struct person_input in = {p->name, p->number, VOCAB_PERSON_ROLE.names[p->role], p->rank,
                              p->team};
    EXPECT_OK(app_person_add(pc->to, &in, NULL, &err));
    return 0;
}

/* A new database holding the demo's people, its user named. */
static void open_target(struct app *to)
{
    char dir[400], path[512];
    snprintf(dir, sizeof dir, "%s/target-XXXXXX", root_dir);
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/ophamp.db", dir);
    ck_assert_msg(app_open(to, path, T("2026-04-08 10:00"), &err) == 0, "%s", err.msg);
    struct person user;
    ck_assert_int_eq(app_user(&app, &user, &err), 1);
    struct person_input me = {user.name, user.number, VOCAB_PERSON_ROLE.names[user.role], user.rank,
                              user.team};
    EXPECT_OK(app_whoami(to, user.number, &me, NULL, &err));
    struct people_copy pc = {to, user.number};
    EXPECT_OK(app_person_list(&app, NULL, 0, copy_person, &pc, &err));
}

static void no_problem(void *ctx, long line, const char *column, const char *msg)
{
    (void)ctx;
    ck_abort_msg("import: line %ld, column %s: %s", line, column ? column : "-", msg);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The rows of a case list CSV without its marking and audit head, sorted, one string. */
static char *csv_rows_sorted(const char *csv)
{
    char *copy = strdup(csv), *lines[4096], *save = NULL;
    int n = 0;
    for (char *l = strtok_r(strchr(copy, '\n') + 1, "\n", &save); l && n < 4096;
         l = strtok_r(NULL, "\n", &save)) {
        char *rest =
            strchr(strchr(l, ',') + 1, ',') + 1; /* the two leading columns hold no comma */
        lines[n++] = rest;
    }
    qsort(lines, (size_t)n, sizeof *lines, cmp_str);
    size_t total = 1;
    for (int i = 0; i < n; i++)
        total += strlen(lines[i]) + 1;
    char *out = calloc(total, 1);
    for (int i = 0; i < n; i++) {
        strcat(out, lines[i]);
        strcat(out, "\n");
    }
    free(copy);
    return out;
}

/* Every column the export writes is read back by the importer into the same field: the demo's
 * case list, imported into a new database holding the same people, exports the same rows,
 * and every column holds a value in some row. A column the writer writes and the importer
 * does not read (or reads into another field) comes back different. */
START_TEST(test_csv_columns_round_trip_through_import)
{
    struct capture cap;
    struct export_request rq = {.scope = SCOPE_ALL};
    EXPECT_OK(export_case_list_csv(&app, &rq, capture_open(&cap), &err));
    char *first = (char *)capture_close(&cap);
    const char *csv = first;

    /* Every column has a value in some row, so that each is compared. */
    bool filled[CSV_COLUMNS] = {false};
    const char *p = strchr(csv, '\n') + 1;
    while (*p) {
        const char *eol = strchr(p, '\n');
        const char *f = strchr(strchr(p, ',') + 1, ',') + 1;
        for (int c = 0; c < CSV_COLUMNS && f < eol; c++) {
            const char *end = f;
            if (*f == '"') { /* quoted: up to the closing quote */
                end++;
                while (end < eol && !(end[0] == '"' && end[1] != '"'))
                    end += end[0] == '"' ? 2 : 1;
                end++;
            }
            while (end < eol && *end != ',' && *end != '\r')
                end++;
            filled[c] |= end > f;
            f = end + 1;
        }
        p = eol + 1;
    }
    for (int c = 0; c < CSV_COLUMNS; c++)
        ck_assert_msg(filled[c], "the demo's case list never fills %s", csv_col_name(c));

    struct app to;
    open_target(&to);
    struct import_options o = {0};
    struct import_result res;
    ck_assert_msg(import_csv(&to, csv, strlen(csv), &o, no_problem, NULL, &res, &err) == 0, "%s",
                  err.msg);
    ck_assert_int_eq(res.people, 0);
    ck_assert_int_gt(res.cases, 100);

    EXPECT_OK(export_case_list_csv(&to, &rq, capture_open(&cap), &err));
    const char *again = capture_close(&cap);
    char *want = csv_rows_sorted(first), *got = csv_rows_sorted(again);
    if (strcmp(got, want) != 0) { /* the first difference (the whole is too long to say) */
        size_t at = 0, row = 0;
        while (got[at] == want[at])
            if (want[at++] == '\n')
                row = at;
        int wl = (int)strcspn(want + at, "\n"), gl = (int)strcspn(got + at, "\n");
        ck_abort_msg("the row of %.14s comes back different from its character %zu: was '%.*s', "
                     "got '%.*s'",
                     want + row, at - row, wl < 200 ? wl : 200, want + at, gl < 200 ? gl : 200,
                     got + at);
    }
    free(want);
    free(got);
    free(cap.buf);
    free(first);
    app_close(&to);
}
END_TEST

/* The fields of one CSV record from p, as written (quotes kept): their starts and ends in
 * f[]. Returns where the next record starts (past its CRLF), or NULL at the end. */
static const char *csv_record(const char *p, const char *f[][2], int max, int *n)
{
    *n = 0;
    if (!*p)
        return NULL;
    for (;;) {
        const char *end = p;
        if (*end == '"') /* quoted: up to the closing quote */
            for (end++; *end && !(end[0] == '"' && end[1] != '"'); end += end[0] == '"' ? 2 : 1)
                ;
        end += *end == '"';
        while (*end && *end != ',' && *end != '\r' && *end != '\n')
            end++;
        ck_assert_int_lt(*n, max);
        f[*n][0] = p;
        f[(*n)++][1] = end;
        if (*end != ',')
            return end + strspn(end, "\r\n");
        p = end + 1;
    }
}

/* What an import told, problems and warnings alike: how many, and how many named the
 * column `want` (as the header writes it). */
struct told {
    const char *want;
    int any, named;
    char first[400];
};

static void tell_of(void *ctx, long line, const char *column, const char *msg)
{
    struct told *t = ctx;
    if (!t->any++)
        snprintf(t->first, sizeof t->first, "line %ld, column %s: %s", line, column ? column : "-",
                 msg);
    if (column && t->want && strcmp(column, t->want) == 0)
        t->named++;
}

/* The header and the record (fields f[0..n)), with the cell of file column `bad` (-1: none)
 * replaced by `value`, imported as a dry run into `to`: what it told. */
static struct told import_one(struct app *to, const char *header, const char *f[][2], int n,
                              int bad, const char *value, const char *want)
{
    size_t size = strlen(header) + strlen(value) + 16;
    for (int i = 0; i < n; i++)
        size += (size_t)(f[i][1] - f[i][0]) + 1;
    char *csv = malloc(size);
    ck_assert_ptr_nonnull(csv);
    size_t len = (size_t)sprintf(csv, "%s\r\n", header);
    for (int i = 0; i < n; i++)
        len += (size_t)(i == bad ? sprintf(csv + len, "%s%s", i ? "," : "", value)
                                 : sprintf(csv + len, "%s%.*s", i ? "," : "",
                                           (int)(f[i][1] - f[i][0]), f[i][0]));
    len += (size_t)sprintf(csv + len, "\r\n");
    struct told t = {.want = want};
    struct import_options o = {.dry_run = true, .warn = tell_of, .warn_ctx = &t};
    struct import_result res;
    int rc = import_csv(to, csv, len, &o, tell_of, &t, &res, &err);
    ck_assert_msg(rc >= 0, "%s", err.msg);
    free(csv);
    return t;
}

/* Every column of CASE_COLUMNS is read by the importer: a row of the demo's case list that
 * imports without a word, with that one column's cell made bad (text longer than any column
 * takes, which is no time, number, word of a vocabulary, staff number or reference), is told
 * of in that column. A column added to the table that the importer does not read fails here,
 * even when the export writes it from other fields that the importer does read (which the
 * round trip above cannot see). */
START_TEST(test_csv_columns_are_each_read_by_import)
{
    struct capture cap;
    struct export_request rq = {.scope = SCOPE_ALL};
    EXPECT_OK(export_case_list_csv(&app, &rq, capture_open(&cap), &err));
    const char *csv = capture_close(&cap);
    static const char *h[CSV_COLUMNS + 8][2], *f[CSV_COLUMNS + 8][2];
    int nh, n;
    const char *row = csv_record(csv, h, CSV_COLUMNS + 8, &nh);
    char *header = strndup(csv, (size_t)(h[nh - 1][1] - csv));

    /* The first row that imports on its own without a problem or a warning. */
    struct app to;
    open_target(&to);
    const char *next = row;
    struct told t;
    do {
        row = next;
        next = csv_record(row, f, CSV_COLUMNS + 8, &n);
        ck_assert_msg(next, "no row of the demo's case list imports without a word");
        t = import_one(&to, header, f, n, -1, "", NULL);
    } while (t.any);

    char bad[MAX_TEXT + 2];
    memset(bad, 'x', sizeof bad - 1);
    bad[sizeof bad - 1] = '\0';
    for (int c = 0; c < CASE_FACT_COLUMNS; c++) {
        const char *name = CASE_COLUMNS[c].name;
        int at = -1;
        for (int i = 0; i < nh; i++)
            if ((size_t)(h[i][1] - h[i][0]) == strlen(name) &&
                !strncmp(h[i][0], name, strlen(name)))
                at = i;
        ck_assert_msg(at >= 0, "the export's header has no column %s", name);
        t = import_one(&to, header, f, n, at, bad, name);
        ck_assert_msg(t.named > 0,
                      "the importer never reads column %s: a bad value in it is not told of in it "
                      "(%d told, first: %s)",
                      name, t.any, t.any ? t.first : "-");
    }
    app_close(&to);
    free(header);
    free(cap.buf);
}
END_TEST

/* ---- the formats ------------------------------------------------------------------------- */

START_TEST(test_every_format_is_named_found_and_written)
{
    struct report r;
    struct redactor red;
    EXPECT_OK(app_redactor(&app, false, 10, &red, &err));
    EXPECT_OK(report_compute(&app, (struct oph_date){2026, 1, 1}, (struct oph_date){2026, 4, 30},
                             &red, &r, &err));
    const char *all_refs[1];
    all_refs[0] = NULL;
    for (int f = 0; f < FMT_COUNT; f++) {
        const struct format_def *d = &FORMAT_DEFS[f];
        ck_assert_msg(d->name && d->ending && d->ending[0] == '.' && d->writes, "format %d", f);
        /* The command line's names and a file name's ending. */
        ck_assert_int_eq(format_find(d->name, d->writes), f);
        char path[600];
        snprintf(path, sizeof path, "%s/out-%s%s", root_dir, d->name, d->ending);
        ck_assert_int_eq(format_for_path(path, d->writes), f);
        const char *names[FMT_COUNT + 1];
        enum out_format as[FMT_COUNT];
        int n = format_names(d->writes, names, as), seen = 0;
        for (int i = 0; i < n; i++)
            seen += as[i] == (enum out_format)f && strcmp(names[i], d->name) == 0;
        ck_assert_int_eq(seen, 1);
        for (int o = 0; o < f; o++) {
            ck_assert_str_ne(FORMAT_DEFS[o].name, d->name);
            ck_assert_str_ne(FORMAT_DEFS[o].ending, d->ending);
        }
        /* Its writers: each document it says it writes comes out, not empty. */
        if (d->writes & WRITES_REPORT) {
            ck_assert_msg(d->file_only ? d->report_file != NULL : d->report != NULL,
                          "%s writes the report but has no writer", d->name);
            unlink(path);
            EXPECT_OK(report_save(&r, (enum out_format)f, path, true, db_path, &err));
            struct stat st;
            ck_assert_int_eq(stat(path, &st), 0);
            ck_assert_msg(st.st_size > 0, "the %s report is empty", d->name);
        }
        if (d->writes & WRITES_CASES)
            ck_assert_msg(d->case_body || f == FMT_JSON, "%s writes cases but has no writer",
                          d->name);
        if (d->writes & (WRITES_CASES | WRITES_CASE_LIST)) {
            struct export_request rq = {.refs = all_refs, .n_refs = 0, .scope = SCOPE_OPEN};
            struct out_file of;
            unlink(path);
            EXPECT_OK(out_open(&of, path, true, db_path, &err));
            oph_error_clear(&err);
            int rc = export_write(&app, &rq, (enum out_format)f, &of, &err);
            if (rc)
                out_abort(&of);
            ck_assert_msg(rc == 0, "export --format %s: %s", d->name, err.msg);
            EXPECT_OK(out_commit(&of, &err));
            struct stat st;
            ck_assert_int_eq(stat(path, &st), 0);
            ck_assert_msg(st.st_size > 0, "the %s export is empty", d->name);
        } else {
            ck_assert_msg(d->writes == WRITES_REPORT, "%s writes nothing known", d->name);
        }
    }
    /* Not a format, and not a format of this kind of document. */
    ck_assert_int_eq(format_find("docx", ~0u), -1);
    ck_assert_int_eq(format_find("ics", WRITES_REPORT), -1);
    ck_assert_int_eq(format_for_path("notes.ics", WRITES_CASES), -1);
    ck_assert_int_eq(format_for_path("dir.md/notes", ~0u), -1);
    report_done(&r);
}
END_TEST

START_TEST(test_format_lists_follow_the_table)
{
    char buf[128];
    ck_assert_str_eq(
        format_list(WRITES_CASES | WRITES_CASE_LIST, false, ", ", " or ", buf, sizeof buf),
        "text, md, html, json, csv, ics or xlsx");
    ck_assert_str_eq(format_list(WRITES_REPORT, true, " ", " ", buf, sizeof buf),
                     ".txt .md .html .json .csv .xlsx");
    ck_assert_str_eq(format_list(WRITES_CASES, true, ", ", " or ", buf, sizeof buf),
                     ".txt, .md, .html or .json");
}
END_TEST

/* The terminal's x keys say the file endings they take, every format of the table that writes
 * what they write, in its order: a format added to the table and not to their help fails here
 * (and the man page's key list, made from the same help, follows: docs_man_page_keys). */
START_TEST(test_export_keys_help_names_the_tables_endings)
{
    static const struct {
        enum request req;
        unsigned writes;
        const char *words;
    } keys[] = {
        {REQ_EXPORT, WRITES_CASES, "Export to a file: "},
        {REQ_STATS_EXPORT, WRITES_REPORT, "Write the report to a file: "},
    };
    for (size_t k = 0; k < sizeof keys / sizeof *keys; k++) {
        const char *help = tui_request_help(keys[k].req);
        ck_assert_uint_eq(tui_requests[keys[k].req].formats, keys[k].writes);
        ck_assert_msg(strncmp(help, keys[k].words, strlen(keys[k].words)) == 0, "%s", help);
        const char *at = help;
        for (int f = 0; f < FMT_COUNT; f++) {
            if (!(FORMAT_DEFS[f].writes & keys[k].writes))
                continue;
            char ending[16];
            snprintf(ending, sizeof ending, " %s", FORMAT_DEFS[f].ending);
            const char *found = strstr(at, ending);
            ck_assert_msg(found, "the help \"%s\" does not name %s after \"%s\"", help,
                          FORMAT_DEFS[f].ending, at);
            at = found + strlen(ending);
        }
        /* The help screen keeps pointers into it: the same text each time. */
        ck_assert_ptr_eq(tui_request_help(keys[k].req), help);
    }
    ck_assert_str_eq(tui_request_help(REQ_EXPORT), "Export to a file: .txt, .md, .html or .json");
}
END_TEST

/* The --format choices a command's usage names ("--format text|md|html"), as written. */
static const char *usage_formats(const char *group, const char *verb, char *out, size_t size)
{
    for (int i = 0; i < cli_n_commands; i++) {
        const struct command *c = &cli_commands[i];
        if (strcmp(c->group, group) != 0 || (verb ? !c->verb || strcmp(c->verb, verb) : !!c->verb))
            continue;
        const char *f = strstr(c->usage, "--format ");
        ck_assert_msg(f, "%s %s: no --format in its usage", group, verb ? verb : "");
        f += strlen("--format ");
        size_t n = strcspn(f, " ]");
        snprintf(out, size, "%.*s", (int)n, f);
        return out;
    }
    ck_abort_msg("no command %s %s", group, verb ? verb : "");
    return NULL;
}

/* The command line's usage lines name the formats each command takes, as the table says, in
 * its order: a format added to the table and not to the usage fails here. */
START_TEST(test_usage_names_the_tables_formats)
{
    static const struct {
        const char *group, *verb;
        unsigned writes;
    } uses[] = {{"case", "show", WRITES_CASES},
                {"export", NULL, WRITES_CASES | WRITES_CASE_LIST},
                {"report", NULL, WRITES_REPORT}};
    for (size_t i = 0; i < sizeof uses / sizeof *uses; i++) {
        char want[128], got[128];
        format_list(uses[i].writes, false, "|", "|", want, sizeof want);
        ck_assert_str_eq(usage_formats(uses[i].group, uses[i].verb, got, sizeof got), want);
    }
}
END_TEST

static Suite *definitions_suite(void)
{
    Suite *s = suite_create("definitions");
    TCase *t = tcase_new(s, "tables");
    tcase_add_test(t, test_step_table_is_whole);
    tcase_add_test(t, test_other_tables_match_their_vocabularies);
    tcase_add_test(t, test_each_steps_needs_are_its_rule);
    tcase_add_test(t, test_each_need_refuses_by_its_table_entry);
    tcase_add_test(t, test_format_lists_follow_the_table);
    tcase_add_test(t, test_export_keys_help_names_the_tables_endings);
    tcase_add_test(t, test_usage_names_the_tables_formats);
    t = tcase_new(s, "consumers");
    tcase_add_checked_fixture(t, setup, teardown);
    tcase_add_test(t, test_schema_allows_every_entry_and_has_its_rule);
    tcase_add_test(t, test_store_decodes_every_entry);
    tcase_add_test(t, test_case_list_has_every_steps_columns_filled);
    tcase_add_test(t, test_report_names_every_step_by_its_label);
    tcase_add_test(t, test_every_format_is_named_found_and_written);
    tcase_add_test(t, test_csv_columns_are_the_importers);
    tcase_add_test(t, test_csv_columns_round_trip_through_import);
    tcase_add_test(t, test_csv_columns_are_each_read_by_import);
    return s;
}

int main(void)
{
    return run_suite_in_temp_dir(definitions_suite(), root_dir, sizeof root_dir, "definitions");
}
