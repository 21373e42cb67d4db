/* Unit tests of undo (issue 13, point 4): the core's rules and words (undo.c), and taking
 * actions back through the app on a fresh database: the old values written back as a new
 * action of the log, the engine's follow-ups with them, refusals with their reasons (the
 * program's, an undo, whoami, a new case, someone else's, taken back already, rows touched
 * since, a case closed since, a person named since), undo after undo, rules and holidays
 * followed by the open cases, and `check` sound after every one. */
#include <check.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_support.h"
#include "ophamp/app.h"
#include "ophamp/undo.h"

/* ---- the core's rules and words ------------------------------------------------------ */

START_TEST(test_what_cannot_be_taken_back_by_what_it_is)
{
    ck_assert_ptr_nonnull(undo_refusal(0, "case new", 3));
    ck_assert(strstr(undo_refusal(0, "upgrade", 3), "program"));
    ck_assert(strstr(undo_refusal(7, "undo 12 (step done crime)", 2), "itself an undo"));
    ck_assert(strstr(undo_refusal(7, "whoami", 2), "whoami"));
    ck_assert(strstr(undo_refusal(7, "check --repair", 0), "no row"));
    ck_assert(strstr(undo_refusal(7, "demo count", 1), "demo data"));
    ck_assert(strstr(undo_refusal(7, "demo people", 9), "database of its own"));
    ck_assert_ptr_null(undo_refusal(7, "step done crime", 1));
    ck_assert_ptr_null(undo_refusal(7, "undone thing", 1)); /* not an undo's name */
    ck_assert(undo_passes_over("undo 3 (note add)"));
    ck_assert(undo_passes_over("whoami"));
    ck_assert(!undo_passes_over("note add"));
    ck_assert(strstr(undo_change_refusal("cases", "insert"), "never deleted"));
    ck_assert_ptr_null(undo_change_refusal("cases", "update"));
    ck_assert_ptr_null(undo_change_refusal("steps", "insert"));
    ck_assert_ptr_null(undo_change_refusal("people", "insert"));
}
END_TEST

START_TEST(test_an_undo_is_named_for_what_it_took_back)
{
    char what[LOG_WHAT_MAX];
    undo_what(1234, "step done crime", what, sizeof what);
    ck_assert_str_eq(what, "undo 1234 (step done crime)");
    ck_assert_int_eq(undo_target(what), 1234);
    ck_assert_int_eq(undo_target("undo 7"), 7);
    ck_assert_int_eq(undo_target("undo"), 0);
    ck_assert_int_eq(undo_target("undo 0"), 0);
    ck_assert_int_eq(undo_target("undo -3"), 0);
    ck_assert_int_eq(undo_target("undo 12x"), 0);
    ck_assert_int_eq(undo_target("undone 12"), 0);
    ck_assert_int_eq(undo_target("case new"), 0);
}
END_TEST

START_TEST(test_a_change_in_words)
{
    char what[256], how[1024];
    /* 2026-04-08 09:05 UTC is 10:05 in London (BST). */
    undo_describe("steps", "update",
                  "{\"id\":3,\"case_id\":1,\"code\":\"crime\",\"status\":\"done\",\"due_at\":"
                  "1775725200,\"done_at\":1775639100,\"done_by\":\"Sgt A\",\"note\":\"plan\"}",
                  "{\"id\":3,\"case_id\":1,\"code\":\"crime\",\"status\":\"pending\",\"due_at\":"
                  "1775725200,\"done_at\":null,\"done_by\":null,\"note\":null}",
                  what, sizeof what, how, sizeof how);
    ck_assert_str_eq(what, "step crime");
    ck_assert_str_eq(how, "status done \u2192 pending \u00b7 done at 2026-04-08 10:05 \u2192 \u2014"
                          " \u00b7 done by Sgt A \u2192 \u2014 \u00b7 note plan \u2192 \u2014");
    undo_describe("followups", "delete", "{\"id\":9,\"rule\":\"welfare-72h\"}", NULL, what,
                  sizeof what, how, sizeof how);
    ck_assert_str_eq(what, "follow-up welfare-72h");
    ck_assert_str_eq(how, "removed");
    undo_describe("welfare_contacts", "insert", NULL,
                  "{\"id\":1,\"case_id\":1,\"at\":1775639100,\"method\":\"phone\"}", what,
                  sizeof what, how, sizeof how);
    ck_assert_str_eq(what, "welfare contact of 2026-04-08 10:05");
    ck_assert_str_eq(how, "put back");
    undo_describe("cases", "update", "{\"reference\":\"OPH-2026-00001\",\"summary\":\"a\"}",
                  "{\"reference\":\"OPH-2026-00001\",\"summary\":\"Lorem ipsum dolor sit amet, "
                  "consectetur adipiscing elit, sed do\"}",
                  what, sizeof what, how, sizeof how);
    ck_assert_str_eq(what, "case OPH-2026-00001");
    ck_assert_str_eq(how, "summary a \u2192 Lorem ipsum dolor sit amet, consectetur\u2026");
    undo_describe("people", "delete", "{\"name\":\"Ann\",\"number\":\"42\"}", NULL, what,
                  sizeof what, how, sizeof how);
    ck_assert_str_eq(what, "person Ann (42)");
    /* Cut to the room given, never inside a character. */
    undo_describe("steps", "update", "{\"code\":\"crime\",\"status\":\"done\"}",
                  "{\"code\":\"crime\",\"status\":\"pending\"}", what, sizeof what, how, 16);
    ck_assert_int_le(strlen(how), 15);
    ck_assert(strstr(how, "\u2026"));
}
END_TEST

/* ---- taking back through the app ----------------------------------------------------- */

static char root_dir[256];
static char db_path[512];
static struct app app;

static void add_person(const char *name, const char *number)
{
    struct person_input in = {.name = name, .number = number};
    struct person user;
    if (app_user(&app, &user, &err) == 0)
        EXPECT_OK(app_whoami(&app, number, &in, NULL, &err));
    else
        EXPECT_OK(app_person_add(&app, &in, NULL, &err));
}

static void setup(void)
{
    char dir[400];
    snprintf(dir, sizeof dir, "%s/db-XXXXXX", root_dir);
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(db_path, sizeof db_path, "%s/ophamp.db", dir);
    oph_error_clear(&err);
    ck_assert_msg(app_open(&app, db_path, T("2026-04-08 10:00"), &err) == 0, "%s", err.msg);
    add_person("Sgt Sam Supervisor", "S1"); /* the user */
    add_person("PC Vicky Victim", "V1");
    add_person("DC Ian Investigator", "I1");
    add_person("PC Tess Taker", "T1");
}

static void teardown(void)
{
    app_close(&app);
}

static void new_case(char ref[REF_LEN + 1])
{
    struct case_facts f;
    case_facts_init(&f);
    strcpy(f.victim_number, "V1");
    strcpy(f.supervisor_number, "S1");
    f.occurred_at = T("2026-04-08 09:00");
    strcpy(f.location, "High Street");
    f.location_kind = LOC_STREET;
    f.injury = INJURY_MINOR;
    EXPECT_OK(app_case_new(&app, &f, ref, &err));
}

static void load(const char *ref, struct case_detail *c)
{
    EXPECT_OK(app_case_load(&app, ref, c, &err));
}

static void sound(void)
{
    struct check_summary sum;
    struct oph_error e = {0};
    int rc = app_check(db_path, &(struct check_options){0}, NULL, NULL, &sum, &e);
    ck_assert_msg(rc == 0, "check: %d (%ld problems) %s", rc, sum.problems, e.msg);
}

/* Takes back the user's last action; returns its number. */
static int64_t undo_last(void)
{
    struct log_action a;
    EXPECT_OK(app_undo_target(&app, 0, &a, &err));
    int64_t id = 0;
    EXPECT_OK(app_undo(&app, &a, false, NULL, NULL, &id, &err));
    ck_assert_int_gt(id, a.id);
    return a.id;
}

static void undo_refused(const char *why)
{
    struct log_action a;
    EXPECT_OK(app_undo_target(&app, 0, &a, &err));
    EXPECT_FAIL(app_undo(&app, &a, false, NULL, NULL, NULL, &err), OPH_REFUSED, why);
}

static int count_rows(const char *sql)
{
    sqlite3 *db;
    ck_assert_int_eq(sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_stmt *s;
    ck_assert_int_eq(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
    ck_assert_int_eq(sqlite3_step(s), SQLITE_ROW);
    int n = sqlite3_column_int(s, 0);
    sqlite3_finalize(s);
    sqlite3_close(db);
    return n;
}

/* The number of the first action that did `what`. */
static int64_t find_action(const char *what)
{
    for (int64_t id = 1; id < 1000; id++) {
        struct log_action a;
        int found = store_log_action(app.store, id, &a, &err);
        ck_assert_int_ge(found, 0);
        if (found == 0)
            break;
        if (strcmp(a.what, what) == 0)
            return id;
    }
    ck_abort_msg("no action %s", what);
    return 0;
}

static int followups_of(const struct case_detail *c, const char *rule)
{
    int n = 0;
    for (int i = 0; i < c->n_followups; i++)
        n += strcmp(c->followups[i].rule, rule) == 0;
    return n;
}

START_TEST(test_a_step_done_is_pending_again)
{
    char ref[REF_LEN + 1];
    new_case(ref);
    struct step_done_input in;
    step_done_input_init(&in);
    in.crime_reference = "CR/1";
    in.note = "plan: statements";
    EXPECT_OK(app_step_done(&app, ref, STEP_CRIME, &in, &err));
    int actions = count_rows("SELECT count(*) FROM log_actions");
    undo_last();
    struct case_detail c;
    load(ref, &c);
    ck_assert_int_eq(c.steps[STEP_CRIME].status, STATUS_PENDING);
    ck_assert_int_eq(c.steps[STEP_CRIME].done_at, OPH_NO_TIME);
    ck_assert_str_eq(c.facts.crime_reference, "");
    /* A new action, signed by the user, named for what it took back; nothing removed. */
    ck_assert_int_eq(count_rows("SELECT count(*) FROM log_actions"), actions + 1);
    ck_assert_int_eq(count_rows("SELECT count(*) FROM log_actions u JOIN log_actions d "
                                "ON u.what = 'undo ' || d.id || ' (step done crime)' "
                                "AND d.what = 'step done crime' AND u.case_id = 1 "
                                "AND u.actor_id = d.actor_id AND u.id > d.id"),
                     1);
    /* The report's summary followed through its triggers. */
    ck_assert_int_eq(count_rows("SELECT count(*) FROM report_done WHERE crime IS NULL"), 1);
    case_detail_done(&c);
    sound();
}
END_TEST

START_TEST(test_what_the_engine_raised_goes_with_it)
{
    char ref[REF_LEN + 1];
    new_case(ref);
    struct case_detail c;
    load(ref, &c);
    struct case_facts f = c.facts;
    int riddor = followups_of(&c, "riddor-over-7-days");
    case_detail_done(&c);
    ck_assert_int_eq(riddor, 0);
    f.off_work = true;
    f.days_off = 10; /* RIDDOR, welfare while off work */
    EXPECT_OK(app_case_edit(&app, ref, &f, &err));
    load(ref, &c);
    ck_assert_int_eq(followups_of(&c, "riddor-over-7-days"), 1);
    int before_edit = c.n_followups;
    case_detail_done(&c);
    undo_last();
    load(ref, &c);
    ck_assert_int_eq(followups_of(&c, "riddor-over-7-days"), 0);
    ck_assert(!c.facts.off_work);
    ck_assert_int_eq(c.facts.days_off, 0);
    ck_assert_int_lt(c.n_followups, before_edit);
    case_detail_done(&c);
    sound();
}
END_TEST

START_TEST(test_a_dry_run_says_what_and_saves_nothing)
{
    char ref[REF_LEN + 1];
    new_case(ref);
    EXPECT_OK(app_welfare_add(&app, ref, WM_PHONE, "spoke to them", OPH_NO_TIME, &err));
    int actions = count_rows("SELECT count(*) FROM log_actions");
    int changes = count_rows("SELECT count(*) FROM log_changes");
    struct log_action a;
    EXPECT_OK(app_undo_target(&app, 0, &a, &err));
    ck_assert_str_eq(a.what, "welfare add");
    EXPECT_OK(app_undo(&app, &a, true, NULL, NULL, NULL, &err));
    ck_assert_int_eq(count_rows("SELECT count(*) FROM log_actions"), actions);
    ck_assert_int_eq(count_rows("SELECT count(*) FROM log_changes"), changes);
    struct case_detail c;
    load(ref, &c);
    ck_assert_int_eq(c.steps[STEP_WELFARE].status, STATUS_DONE);
    ck_assert_int_eq(c.n_timeline, 1);
    case_detail_done(&c);
}
END_TEST

struct lines {
    char text[16][512];
    int n;
};

static int keep_line(void *ctx, const char *what, const char *how)
{
    struct lines *l = ctx;
    if (l->n < 16)
        snprintf(l->text[l->n++], 512, "%s: %s", what, how);
    return 0;
}

START_TEST(test_the_changes_are_said)
{
    char ref[REF_LEN + 1];
    new_case(ref);
    EXPECT_OK(app_welfare_add(&app, ref, WM_PHONE, "spoke to them", OPH_NO_TIME, &err));
    struct log_action a;
    EXPECT_OK(app_undo_target(&app, 0, &a, &err));
    struct lines l = {.n = 0};
    EXPECT_OK(app_undo(&app, &a, true, keep_line, &l, NULL, &err));
    /* The last change first: the step it completed, then the contact it recorded. */
    ck_assert_int_eq(l.n, 2);
    static const char step[] = "step welfare: status done \u2192 pending";
    ck_assert(strncmp(l.text[0], step, strlen(step)) == 0);
    ck_assert_str_eq(l.text[1], "welfare contact of 2026-04-08 10:00: removed");
}
END_TEST

START_TEST(test_refused_for_what_it_is)
{
    char ref[REF_LEN + 1];
    new_case(ref);
    undo_refused("never deleted");
    struct log_action a;
    /* action 1 made the file: the program's, not the user's */
    EXPECT_FAIL(app_undo_target(&app, 1, &a, &err), OPH_REFUSED, "not yours");
    EXPECT_FAIL(app_undo_target(&app, 999, &a, &err), OPH_REFUSED, "no action 999");
    /* The user's first action named them. */
    EXPECT_OK(app_undo_target(&app, 2, &a, &err));
    ck_assert_str_eq(a.what, "whoami");
    EXPECT_FAIL(app_undo(&app, &a, false, NULL, NULL, NULL, &err), OPH_REFUSED, "whoami");
}
END_TEST

START_TEST(test_refused_when_touched_since)
{
    char ref[REF_LEN + 1];
    new_case(ref);
    struct step_done_input in;
    step_done_input_init(&in);
    in.crime_reference = "CR/1";
    in.note = "plan";
    EXPECT_OK(app_step_done(&app, ref, STEP_CRIME, &in, &err));
    /* Someone else changes the case row the step's crime reference went into. */
    struct person_input other = {.name = "Insp Other", .number = "O1"};
    EXPECT_OK(app_whoami(&app, "O1", &other, NULL, &err));
    struct case_detail c;
    load(ref, &c);
    struct case_facts f = c.facts;
    case_detail_done(&c);
    strcpy(f.crime_reference, "CR/2");
    EXPECT_OK(app_case_edit(&app, ref, &f, &err));
    EXPECT_OK(app_whoami(&app, "S1", NULL, NULL, &err));
    undo_refused("a later action");
    ck_assert(msg_has("Insp Other (O1)"));
    ck_assert(msg_has("case edit"));
    sound();
}
END_TEST

START_TEST(test_refused_when_the_case_was_closed_since)
{
    char ref[REF_LEN + 1];
    new_case(ref);
    for (int s = 0; s < STEP_COUNT; s++)
        if (s != STEP_SLT)
            EXPECT_OK(app_step_na(&app, ref, (enum step_code)s, "not needed", &err));
    struct step_done_input in;
    step_done_input_init(&in);
    in.note = "Inspector told at 10:00";
    EXPECT_OK(app_step_done(&app, ref, STEP_SLT, &in, &err));
    /* Closed by another person: the case row only. */
    struct person_input other = {.name = "Insp Other", .number = "O1"};
    EXPECT_OK(app_whoami(&app, "O1", &other, NULL, &err));
    EXPECT_OK(app_case_close(&app, ref, OUT_NFA_VICTIM, OPH_NO_TIME, NULL, &err));
    EXPECT_OK(app_whoami(&app, "S1", NULL, NULL, &err));
    undo_refused("closed since");
    struct case_detail c;
    load(ref, &c);
    ck_assert(c.closed);
    ck_assert_int_eq(c.steps[STEP_SLT].status, STATUS_DONE);
    case_detail_done(&c);
    sound();
}
END_TEST

START_TEST(test_undo_after_undo_walks_back)
{
    char ref[REF_LEN + 1];
    new_case(ref);
    int number = 0;
    EXPECT_OK(app_evidence_add(&app, ref, EV_CCTV, EVS_REQUESTED, "tape 1", NULL, &number, &err));
    EXPECT_OK(app_evidence_update(&app, ref, number, EVS_SECURED, NULL, &err));
    int64_t first = undo_last(); /* the update */
    struct case_detail c;
    load(ref, &c);
    ck_assert_int_eq(c.n_evidence, 1);
    ck_assert_int_eq(c.evidence[0].status, EVS_REQUESTED);
    case_detail_done(&c);
    /* The add changed the row the update and its undo changed since: they leave it as it
     * was, so the add can go too. */
    int64_t second = undo_last();
    ck_assert_int_lt(second, first);
    load(ref, &c);
    ck_assert_int_eq(c.n_evidence, 0);
    case_detail_done(&c);
    /* The one before is the new case: that stays. */
    undo_refused("never deleted");
    /* Taken back already. */
    struct log_action a;
    EXPECT_OK(app_undo_target(&app, first, &a, &err));
    EXPECT_FAIL(app_undo(&app, &a, false, NULL, NULL, NULL, &err), OPH_REFUSED,
                "already taken back");
    sound();
}
END_TEST

START_TEST(test_a_person_named_in_a_case_since_stays)
{
    add_person("PC New Person", "N1");
    char ref[REF_LEN + 1];
    new_case(ref);
    EXPECT_OK(app_case_assign(&app, ref, CROLE_WELFARE_OFFICER, "N1", OPH_NO_TIME, &err));
    struct log_action a;
    EXPECT_OK(app_undo_target(&app, find_action("person add N1"), &a, &err));
    ck_assert_str_eq(a.what, "person add N1");
    EXPECT_FAIL(app_undo(&app, &a, false, NULL, NULL, NULL, &err), OPH_REFUSED,
                "named in a case since");
    ck_assert(msg_has("PC New Person (N1)"));
    /* Once the case no longer names them, the person can go. */
    undo_last();
    EXPECT_OK(app_undo(&app, &a, false, NULL, NULL, NULL, &err));
    struct person p;
    ck_assert_int_eq(store_person_by_number(app.store, "N1", &p, &err), 0);
    sound();
}
END_TEST

START_TEST(test_a_rule_goes_back_and_the_open_cases_follow)
{
    char before[REF_LEN + 1], after[REF_LEN + 1];
    new_case(before);
    EXPECT_OK(app_rule_set(&app, "slt", 48, UNIT_HOURS, -1, &err));
    new_case(after); /* counted with the 48-hour rule */
    struct case_detail c;
    load(after, &c);
    ck_assert_int_eq(c.steps[STEP_SLT].due_at, T("2026-04-10 10:00"));
    case_detail_done(&c);
    /* The user's last action is the case; the rule set is two back. */
    struct log_action a;
    EXPECT_OK(app_undo_target(&app, 0, &a, &err));
    ck_assert_str_eq(a.what, "case new");
    int64_t rule_action = a.id - 1;
    EXPECT_OK(app_undo_target(&app, rule_action, &a, &err));
    ck_assert_str_eq(a.what, "rule set slt");
    EXPECT_OK(app_undo(&app, &a, false, NULL, NULL, NULL, &err));
    ck_assert_int_eq(rule_set_find(&app.rules, "slt")->amount, 24);
    load(after, &c);
    ck_assert_int_eq(c.steps[STEP_SLT].due_at, T("2026-04-09 10:00"));
    case_detail_done(&c);
    load(before, &c);
    ck_assert_int_eq(c.steps[STEP_SLT].due_at, T("2026-04-09 10:00"));
    case_detail_done(&c);
    sound();
}
END_TEST

START_TEST(test_settings_and_holidays_go_back)
{
    EXPECT_OK(app_marking_set(&app, "OFFICIAL", &err));
    EXPECT_OK(app_marking_set(&app, "SECRET", &err));
    char marking[MARKING_MAX + 1];
    undo_last();
    EXPECT_OK(app_marking(&app, NULL, marking, &err));
    ck_assert_str_eq(marking, "OFFICIAL");
    undo_last();
    EXPECT_OK(app_marking(&app, NULL, marking, &err));
    ck_assert_str_eq(marking, MARKING_DEFAULT);
    EXPECT_OK(app_holiday_set(&app, (struct oph_date){2026, 4, 13}, HOLIDAY_ADD, "one-off", &err));
    ck_assert(cal_is_bank_holiday(&app.cal, (struct oph_date){2026, 4, 13}));
    undo_last();
    ck_assert(!cal_is_bank_holiday(&app.cal, (struct oph_date){2026, 4, 13}));
    sound();
}
END_TEST

struct entries {
    struct undo_entry e[16];
    int n;
};

static int keep_entry(void *ctx, const struct undo_entry *e)
{
    struct entries *l = ctx;
    ck_assert_int_lt(l->n, 16);
    l->e[l->n++] = *e;
    return 0;
}

START_TEST(test_list_says_what_can_be_taken_back)
{
    char ref[REF_LEN + 1];
    new_case(ref);
    EXPECT_OK(app_note_add(&app, ref, "first note", &err));
    EXPECT_OK(app_note_add(&app, ref, "second note", &err));
    int64_t undone = undo_last();
    struct entries l = {.n = 0};
    EXPECT_OK(app_undo_list(&app, 5, keep_entry, &l, &err));
    ck_assert_int_eq(l.n, 5);
    /* Newest first: the undo, the note it took back, the first note, the case, a person. */
    ck_assert_int_eq(l.e[0].undo_of, undone);
    ck_assert(!l.e[0].possible);
    ck_assert_int_eq(l.e[1].action.id, undone);
    ck_assert_int_eq(l.e[1].undone_by, l.e[0].action.id);
    ck_assert(!l.e[1].possible);
    ck_assert_str_eq(l.e[2].action.what, "note add");
    ck_assert(l.e[2].possible);
    ck_assert_str_eq(l.e[2].why, "");
    ck_assert_str_eq(l.e[3].action.what, "case new");
    ck_assert(!l.e[3].possible);
    ck_assert(strncmp(l.e[3].why, "a case is never deleted", 23) == 0);
    ck_assert_str_eq(l.e[4].action.what, "person add T1");
    ck_assert(l.e[4].possible);
    for (int i = 1; i < l.n; i++)
        ck_assert_int_lt(l.e[i].action.id, l.e[i - 1].action.id);
}
END_TEST

static Suite *undo_suite(void)
{
    Suite *s = suite_create("undo");
    TCase *t = tcase_new(s, "core");
    tcase_add_test(t, test_what_cannot_be_taken_back_by_what_it_is);
    tcase_add_test(t, test_an_undo_is_named_for_what_it_took_back);
    tcase_add_test(t, test_a_change_in_words);
    t = tcase_new(s, "app");
    tcase_add_checked_fixture(t, setup, teardown);
    tcase_add_test(t, test_a_step_done_is_pending_again);
    tcase_add_test(t, test_what_the_engine_raised_goes_with_it);
    tcase_add_test(t, test_a_dry_run_says_what_and_saves_nothing);
    tcase_add_test(t, test_the_changes_are_said);
    tcase_add_test(t, test_refused_for_what_it_is);
    tcase_add_test(t, test_refused_when_touched_since);
    tcase_add_test(t, test_refused_when_the_case_was_closed_since);
    tcase_add_test(t, test_undo_after_undo_walks_back);
    tcase_add_test(t, test_a_person_named_in_a_case_since_stays);
    tcase_add_test(t, test_a_rule_goes_back_and_the_open_cases_follow);
    tcase_add_test(t, test_settings_and_holidays_go_back);
    tcase_add_test(t, test_list_says_what_can_be_taken_back);
    return s;
}

int main(void)
{
    return run_suite_in_temp_dir(undo_suite(), root_dir, sizeof root_dir, "undo");
}
