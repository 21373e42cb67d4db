/* Unit tests of the seven-point plan (SPEC §2) through the app API: due-time rules, refusals,
 * follow-ups, rule changes, bad input and reminders, each on a fresh database and fixed clock. */
#include <check.h>
#include <dirent.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ophamp/app.h"
#include "ophamp/calendar.h"
#include "ophamp/workflow.h"

#include "../../src/cli/cli_internal.h"
#include "check_support.h"

#define HOUR ((oph_time)3600)
#define DAY (24 * HOUR)

static char root_dir[256];
static char db_path[512];
static struct app app;
static oph_time NOW;

/* ---- helpers ------------------------------------------------------------------------- */

#define ck_assert_time_eq(got, want)                                                               \
    do {                                                                                           \
        oph_time g_ = (got), w_ = (want);                                                          \
        char gs_[OPH_LOCAL_LEN] = "none", ws_[OPH_LOCAL_LEN] = "none";                             \
        if (g_ != OPH_NO_TIME)                                                                     \
            time_format_local(g_, gs_);                                                            \
        if (w_ != OPH_NO_TIME)                                                                     \
            time_format_local(w_, ws_);                                                            \
        ck_assert_msg(g_ == w_, "%s is %s (%lld), want %s (%lld)", #got, gs_, (long long)g_, ws_,  \
                      (long long)w_);                                                              \
    } while (0)

/* The first person added to a database is named as its user: nothing is saved before. */
static void add_person(const char *name, const char *number)
{
    struct person_input in = {.name = name, .number = number};
    struct person user;
    if (app_user(&app, &user, &err) == 0)
        EXPECT_OK(app_whoami(&app, number, &in, NULL, &err));
    else
        EXPECT_OK(app_person_add(&app, &in, NULL, &err));
}

/* Who signs the actions, as steps record who did them: the named user. */
static const char *signer(void)
{
    static char label[512];
    struct person user;
    ck_assert_int_eq(app_user(&app, &user, &err), 1);
    person_label(&user, label, sizeof label);
    return label;
}

static void facts_for(struct case_facts *f, const char *occurred, const char *reported)
{
    case_facts_init(f);
    strcpy(f->victim_number, "V1");
    strcpy(f->supervisor_number, "S1");
    f->occurred_at = T(occurred);
    f->reported_at = reported ? T(reported) : OPH_NO_TIME;
    strcpy(f->location, "High Street, Andover");
    f->location_kind = LOC_STREET;
    f->injury = INJURY_MINOR;
}

static void new_case(const char *occurred, const char *reported, char ref[REF_LEN + 1])
{
    struct case_facts f;
    facts_for(&f, occurred, reported);
    EXPECT_OK(app_case_new(&app, &f, ref, &err));
}

static struct case_detail *load(const char *ref)
{
    struct case_detail *c = calloc(1, sizeof *c);
    ck_assert_ptr_nonnull(c);
    EXPECT_OK(app_case_load(&app, ref, c, &err));
    return c;
}

static void unload(struct case_detail *c)
{
    case_detail_done(c);
    free(c);
}

/* The n-th follow-up of a rule (status -1: any status), or NULL. */
static const struct followup *find_fu(const struct case_detail *c, const char *rule, int status)
{
    for (int i = 0; i < c->n_followups; i++) {
        const struct followup *f = &c->followups[i];
        if (strcmp(f->rule, rule) == 0 && (status < 0 || (int)f->status == status))
            return f;
    }
    return NULL;
}

static int count_fu_kind(const struct case_detail *c, enum followup_kind kind, int status)
{
    int n = 0;
    for (int i = 0; i < c->n_followups; i++)
        n += c->followups[i].kind == kind && (status < 0 || (int)c->followups[i].status == status);
    return n;
}

static int step_done(const char *ref, enum step_code code, const char *note)
{
    struct step_done_input in;
    step_done_input_init(&in);
    in.note = note;
    return app_step_done(&app, ref, code, &in, &err);
}

static int iod_sign(const char *ref, enum signoff by, oph_time at)
{
    struct step_done_input in;
    step_done_input_init(&in);
    in.by = by;
    in.at = at;
    return app_step_done(&app, ref, STEP_IOD, &in, &err);
}

/* Marks every pending step not applicable, except the one given (STEP_COUNT: none). */
static void na_all_but(const char *ref, enum step_code keep)
{
    struct case_detail *c = load(ref);
    for (int s = 0; s < STEP_COUNT; s++)
        if (s != (int)keep && c->steps[s].status == STATUS_PENDING)
            EXPECT_OK(app_step_na(&app, ref, (enum step_code)s, "test: not needed here", &err));
    unload(c);
}

/* Completes every step the way a supervisor would. */
static void complete_all(const char *ref)
{
    struct step_done_input in;
    step_done_input_init(&in);
    in.crime_reference = "44260012345";
    in.note = "Investigation plan: BWV, CCTV from the Co-op, two witnesses";
    EXPECT_OK(app_step_done(&app, ref, STEP_CRIME, &in, &err));

    step_done_input_init(&in);
    in.referral = REFERRAL_ACCEPTED;
    in.enhanced_rights = TRI_NO;
    in.vps_offered = TRI_YES;
    EXPECT_OK(app_step_done(&app, ref, STEP_VICTIM_CODE, &in, &err));

    EXPECT_OK(app_case_assign(&app, ref, CROLE_INVESTIGATOR, "I1", OPH_NO_TIME, &err));
    EXPECT_OK(app_case_assign(&app, ref, CROLE_STATEMENT_TAKER, "T1", OPH_NO_TIME, &err));
    EXPECT_OK(app_welfare_add(&app, ref, WM_PHONE, "Spoke to PC, coping", OPH_NO_TIME, &err));
    EXPECT_OK(step_done(ref, STEP_SLT, "Supt Grey informed by phone"));
    ck_assert_int_eq(iod_sign(ref, SIGNOFF_VICTIM, OPH_NO_TIME), 1);
    ck_assert_int_eq(iod_sign(ref, SIGNOFF_SUPERVISOR, OPH_NO_TIME), 0);
    EXPECT_OK(step_done(ref, STEP_EVIDENCE, "no evidence to gather"));
}

/* A raw connection has no oph_action (nor the old oph_sha256/oph_actor): the log's triggers
 * need them to compile, so
 * register stubs that fail if ever run. A statement then fails with SQLITE_CONSTRAINT only if
 * a constraint fires before any audit trigger would write. */
static void stub_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    sqlite3_result_error(ctx, "stub audit function called", -1);
}

static sqlite3 *raw_open(void)
{
    sqlite3 *db = NULL;
    ck_assert_int_eq(sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
    sqlite3_busy_timeout(db, 2000);
    sqlite3_create_function(db, "oph_sha256", -1, SQLITE_UTF8, NULL, stub_fn, NULL, NULL);
    sqlite3_create_function(db, "oph_actor", 0, SQLITE_UTF8, NULL, stub_fn, NULL, NULL);
    sqlite3_create_function(db, "oph_action", 0, SQLITE_UTF8, NULL, stub_fn, NULL, NULL);
    return db;
}

static char raw_msg[512];

/* Primary result code of running sql; the message in raw_msg. */
static int raw_exec(sqlite3 *db, const char *sql)
{
    char *msg = NULL;
    int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
    snprintf(raw_msg, sizeof raw_msg, "%s", msg ? msg : "");
    sqlite3_free(msg);
    return rc & 0xFF;
}

/* Each test: a fresh database in its own folder, the clock at Wed 2026-04-08 10:00 London,
 * and four people: victim V1, supervisor S1, investigator I1, statement taker T1. */
static void setup(void)
{
    char dir[400];
    snprintf(dir, sizeof dir, "%s/db-XXXXXX", root_dir);
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(db_path, sizeof db_path, "%s/ophamp.db", dir);
    NOW = T("2026-04-08 10:00");
    oph_error_clear(&err);
    ck_assert_msg(app_open(&app, db_path, NOW, &err) == 0, "app_open: %s", err.msg);
    add_person("PC Vicky Victim", "V1");
    add_person("Sgt Sam Supervisor", "S1");
    add_person("DC Ian Investigator", "I1");
    add_person("PC Tess Taker", "T1");
}

static void teardown(void)
{
    app_close(&app);
}

/* ---- due times of a new case --------------------------------------------------------- */

START_TEST(test_new_case_steps_and_dues)
{
    char ref[REF_LEN + 1];
    /* Friday before the clocks go forward (Sun 29 March 2026). */
    new_case("2026-03-27 09:30", "2026-03-27 10:00", ref);
    ck_assert_str_eq(ref, "OPH-2026-00001");
    oph_time rep = T("2026-03-27 10:00"), occ = T("2026-03-27 09:30");
    struct case_detail *c = load(ref);
    ck_assert(!c->closed);
    ck_assert_int_eq(c->facts.reported_at, rep);
    for (int s = 0; s < STEP_COUNT; s++) {
        ck_assert_int_eq(c->steps[s].code, s);
        ck_assert_msg(c->steps[s].status == STATUS_PENDING, "step %s not pending",
                      VOCAB_STEP.names[s]);
        ck_assert_int_eq(c->steps[s].done_at, OPH_NO_TIME);
    }
    /* Clock hours: exactly 24 hours, even though the clocks change within 48 hours. */
    ck_assert_time_eq(c->steps[STEP_CRIME].due_at, rep + 24 * HOUR);
    ck_assert_time_eq(c->steps[STEP_INVESTIGATOR].due_at, rep + 24 * HOUR);
    ck_assert_time_eq(c->steps[STEP_WELFARE].due_at, rep + 24 * HOUR);
    ck_assert_time_eq(c->steps[STEP_SLT].due_at, rep + 24 * HOUR);
    /* Two working days: Mon 30, Tue 31 March, same London clock time. */
    ck_assert_time_eq(c->steps[STEP_VICTIM_CODE].due_at, T("2026-03-31 10:00"));
    /* Seven days at the same London clock time: 10:00 BST, one hour less than 7 * 24 h. */
    ck_assert_time_eq(c->steps[STEP_IOD].due_at, T("2026-04-03 10:00"));
    ck_assert_int_eq(c->steps[STEP_IOD].due_at - rep, 7 * DAY - HOUR);
    /* Evidence: 31 days from the assault (rule base 'occurred'). */
    ck_assert_time_eq(c->steps[STEP_EVIDENCE].due_at, T("2026-04-27 09:30"));
    ck_assert_int_ne(c->steps[STEP_EVIDENCE].due_at, occ + 31 * DAY);

    /* First follow-ups: welfare at 72 h and 28 days, a regular victim update at 28 days, and
     * the line managers' five duties (OSSR rec. 21; a minor injury: its assessment is
     * confirmed). */
    ck_assert_int_eq(c->n_followups, 8);
    ck_assert_int_eq(count_fu_kind(c, FU_DUTY, STATUS_PENDING), 5);
    /* Clock hours across the change to BST (01:00 GMT on Sunday 29 March): 12 hours is Friday
     * 22:00 GMT; 24 hours Saturday 10:00 GMT; 48 hours 10:00 UTC on Sunday, 11:00 BST; 72
     * hours 10:00 UTC on Monday, 11:00 BST. Seven days keep the clock: Friday 3 April 10:00
     * BST. */
    ck_assert_time_eq(find_fu(c, "inspector-told", STATUS_PENDING)->due_at, T("2026-03-27 22:00"));
    ck_assert_time_eq(find_fu(c, "senior-leader", STATUS_PENDING)->due_at, T("2026-03-28 10:00"));
    ck_assert_time_eq(find_fu(c, "welfare-officer", STATUS_PENDING)->due_at, T("2026-03-29 11:00"));
    ck_assert_time_eq(find_fu(c, "injury-confirmed", STATUS_PENDING)->due_at,
                      T("2026-03-30 11:00"));
    ck_assert_time_eq(find_fu(c, "management-meeting", STATUS_PENDING)->due_at,
                      T("2026-04-03 10:00"));
    const struct followup *w72 = find_fu(c, "welfare-72h", STATUS_PENDING);
    const struct followup *w28 = find_fu(c, "welfare-28d", STATUS_PENDING);
    const struct followup *vu = find_fu(c, "victim-update", STATUS_PENDING);
    ck_assert_ptr_nonnull(w72);
    ck_assert_ptr_nonnull(w28);
    ck_assert_ptr_nonnull(vu);
    ck_assert_int_eq(w72->kind, FU_WELFARE);
    ck_assert_int_eq(w28->kind, FU_WELFARE);
    ck_assert_int_eq(vu->kind, FU_VICTIM_UPDATE);
    ck_assert_time_eq(w72->due_at, rep + 72 * HOUR);
    ck_assert_time_eq(w28->due_at, T("2026-04-24 10:00"));
    ck_assert_time_eq(vu->due_at, T("2026-04-24 10:00"));
    ck_assert_int_eq(count_fu_kind(c, FU_RIDDOR, -1), 0);
    ck_assert_int_eq(count_fu_kind(c, FU_OUTCOME_NOTICE, -1), 0);
    unload(c);
}
END_TEST

START_TEST(test_reported_defaults_to_now)
{
    char ref[REF_LEN + 1];
    new_case("2026-04-08 09:00", NULL, ref);
    struct case_detail *c = load(ref);
    ck_assert_time_eq(c->facts.reported_at, NOW);
    ck_assert_time_eq(c->steps[STEP_CRIME].due_at, NOW + 24 * HOUR);
    unload(c);
}
END_TEST

START_TEST(test_victim_code_working_days_over_easter)
{
    char ref[REF_LEN + 1];
    /* Reported Thu 2 April 2026; Good Friday 3 and Easter Monday 6 April are bank holidays.
     * The first working day after the report is Tue 7, the second Wed 8 (the day of the
     * report does not count: see test_calendar's cal_add_working_days(Thu 2 Apr, 1) = Tue 7). */
    new_case("2026-04-02 09:40", "2026-04-02 10:00", ref);
    struct case_detail *c = load(ref);
    ck_assert_time_eq(c->steps[STEP_VICTIM_CODE].due_at, T("2026-04-08 10:00"));
    ck_assert_int_gt(c->steps[STEP_VICTIM_CODE].due_at, T("2026-04-07 10:00"));
    /* Clock-hour and calendar-day rules ignore bank holidays. */
    ck_assert_time_eq(c->steps[STEP_CRIME].due_at, T("2026-04-03 10:00"));
    ck_assert_time_eq(c->steps[STEP_IOD].due_at, T("2026-04-09 10:00"));
    unload(c);
}
END_TEST

/* ---- point (c): never investigate your own assault ----------------------------------- */

START_TEST(test_victim_never_investigator_or_statement_taker)
{
    char ref[REF_LEN + 1];
    new_case("2026-04-07 19:30", "2026-04-07 20:00", ref);
    EXPECT_FAIL(app_case_assign(&app, ref, CROLE_INVESTIGATOR, "V1", OPH_NO_TIME, &err),
                OPH_REFUSED, "victim");
    EXPECT_FAIL(app_case_assign(&app, ref, CROLE_STATEMENT_TAKER, "V1", OPH_NO_TIME, &err),
                OPH_REFUSED, "victim");
    /* Even with the other role properly filled, the victim cannot complete the pair. */
    EXPECT_OK(app_case_assign(&app, ref, CROLE_INVESTIGATOR, "I1", OPH_NO_TIME, &err));
    EXPECT_FAIL(app_case_assign(&app, ref, CROLE_STATEMENT_TAKER, "V1", OPH_NO_TIME, &err),
                OPH_REFUSED, "victim");
    struct case_detail *c = load(ref);
    ck_assert(c->roles[CROLE_INVESTIGATOR].set);
    ck_assert_str_eq(c->roles[CROLE_INVESTIGATOR].number, "I1");
    ck_assert(!c->roles[CROLE_STATEMENT_TAKER].set);
    ck_assert_int_eq(c->steps[STEP_INVESTIGATOR].status, STATUS_PENDING);
    unload(c);
    /* Unknown people are refused too. */
    EXPECT_FAIL(app_case_assign(&app, ref, CROLE_STATEMENT_TAKER, "NOBODY", OPH_NO_TIME, &err),
                OPH_REFUSED, "NOBODY");
}
END_TEST

START_TEST(test_db_refuses_victim_as_investigator)
{
    char ref[REF_LEN + 1];
    new_case("2026-04-07 19:30", "2026-04-07 20:00", ref);
    sqlite3 *db = raw_open();
    ck_assert_msg(raw_exec(db, "UPDATE cases SET investigator_id = victim_id") == SQLITE_CONSTRAINT,
                  "investigator = victim not refused by a constraint: %s", raw_msg);
    ck_assert_msg(raw_exec(db, "UPDATE cases SET statement_taker_id = victim_id") ==
                      SQLITE_CONSTRAINT,
                  "statement taker = victim not refused by a constraint: %s", raw_msg);
    /* The three other roles too (issue 12, fault 5), whichever column changes. */
    static const char *const others[] = {
        "UPDATE cases SET supervisor_id = victim_id",
        "UPDATE cases SET second_line_id = victim_id",
        "UPDATE cases SET welfare_officer_id = victim_id",
        "UPDATE cases SET victim_id = supervisor_id",
        "INSERT INTO cases (uuid, reference, victim_id, supervisor_id, occurred_at, reported_at, "
        "location, status, created_at) SELECT '00000000-0000-4000-8000-000000000001', "
        "'OPH-2026-09999', victim_id, victim_id, occurred_at, reported_at, location, 'open', "
        "created_at FROM cases",
    };
    for (size_t i = 0; i < sizeof others / sizeof *others; i++) {
        ck_assert_msg(raw_exec(db, others[i]) == SQLITE_CONSTRAINT, "not refused: %s (%s)",
                      others[i], raw_msg);
        ck_assert_msg(strstr(raw_msg, "victim cannot hold another role"), "%s: %s", others[i],
                      raw_msg);
    }
    /* Control: someone else passes the constraint (the stub audit trigger then stops it). */
    ck_assert_int_ne(raw_exec(db, "UPDATE cases SET investigator_id = supervisor_id"),
                     SQLITE_CONSTRAINT);
    sqlite3_close(db);
    struct case_detail *c = load(ref);
    ck_assert(!c->roles[CROLE_INVESTIGATOR].set);
    ck_assert(!c->roles[CROLE_STATEMENT_TAKER].set);
    unload(c);
}
END_TEST

START_TEST(test_both_roles_complete_investigator_step)
{
    char ref[REF_LEN + 1];
    new_case("2026-04-07 19:30", "2026-04-07 20:00", ref);
    EXPECT_FAIL(step_done(ref, STEP_INVESTIGATOR, NULL), OPH_REFUSED, "statement taker");
    EXPECT_OK(app_case_assign(&app, ref, CROLE_INVESTIGATOR, "I1", OPH_NO_TIME, &err));
    struct case_detail *c = load(ref);
    ck_assert_int_eq(c->steps[STEP_INVESTIGATOR].status, STATUS_PENDING);
    unload(c);
    EXPECT_FAIL(step_done(ref, STEP_INVESTIGATOR, NULL), OPH_REFUSED, "statement taker");
    EXPECT_OK(app_case_assign(&app, ref, CROLE_STATEMENT_TAKER, "T1", OPH_NO_TIME, &err));
    c = load(ref);
    const struct step *st = &c->steps[STEP_INVESTIGATOR];
    ck_assert_int_eq(st->status, STATUS_DONE);
    ck_assert_time_eq(st->done_at, NOW);
    ck_assert_str_eq(st->done_by, signer());
    ck_assert_str_eq(c->roles[CROLE_INVESTIGATOR].number, "I1");
    ck_assert_str_eq(c->roles[CROLE_STATEMENT_TAKER].number, "T1");
    unload(c);
}
END_TEST

/* ---- not applicable ------------------------------------------------------------------ */

START_TEST(test_not_applicable_needs_reason)
{
    char ref[REF_LEN + 1];
    new_case("2026-04-07 19:30", "2026-04-07 20:00", ref);
    EXPECT_FAIL(app_step_na(&app, ref, STEP_SLT, "", &err), OPH_INVALID, "reason");
    EXPECT_FAIL(app_step_na(&app, ref, STEP_SLT, "    ", &err), OPH_INVALID, "reason");
    EXPECT_FAIL(app_step_na(&app, ref, STEP_SLT, " \t\n ", &err), OPH_INVALID, "reason");
    EXPECT_FAIL(app_step_na(&app, ref, STEP_SLT, NULL, &err), OPH_INVALID, "reason");
    struct case_detail *c = load(ref);
    ck_assert_int_eq(c->steps[STEP_SLT].status, STATUS_PENDING);
    unload(c);

    EXPECT_OK(app_step_na(&app, ref, STEP_SLT, "Told by the duty inspector instead", &err));
    c = load(ref);
    const struct step *st = &c->steps[STEP_SLT];
    ck_assert_int_eq(st->status, STATUS_NA);
    ck_assert_str_eq(st->reason, "Told by the duty inspector instead");
    ck_assert_time_eq(st->done_at, NOW);
    ck_assert_str_eq(st->done_by, signer());
    unload(c);
    EXPECT_FAIL(app_step_na(&app, ref, STEP_SLT, "again", &err), OPH_REFUSED, "already");
}
END_TEST

/* Runs each statement and asserts the database refused every one with a constraint. */
static void expect_constraints(sqlite3 *db, const char *const *sql, size_t n)
{
    char failures[2048] = "";
    for (size_t i = 0; i < n; i++) {
        if (raw_exec(db, sql[i]) == SQLITE_CONSTRAINT)
            continue;
        size_t o = strlen(failures);
        snprintf(failures + o, sizeof failures - o, "\n  not refused: %s (%s)", sql[i], raw_msg);
    }
    ck_assert_msg(failures[0] == '\0', "the database accepted:%s", failures);
}

START_TEST(test_db_refuses_not_applicable_blank_reason)
{
    char ref[REF_LEN + 1];
    new_case("2026-04-07 19:30", "2026-04-07 20:00", ref);
    sqlite3 *db = raw_open();
    static const char *const bad[] = {
        "UPDATE steps SET status = 'not-applicable', done_at = 1, reason = '' "
        "WHERE code = 'slt'",
        "UPDATE steps SET status = 'not-applicable', done_at = 1, reason = '   ' "
        "WHERE code = 'slt'",
        "UPDATE followups SET status = 'not-applicable', done_at = 1, reason = ' '",
    };
    expect_constraints(db, bad, sizeof bad / sizeof bad[0]);
    /* Control: with a reason the constraint passes (the stub audit trigger then stops it). */
    ck_assert_int_ne(raw_exec(db, "UPDATE steps SET status = 'not-applicable', done_at = 1, "
                                  "reason = 'told by email' WHERE code = 'slt'"),
                     SQLITE_CONSTRAINT);
    sqlite3_close(db);
    struct case_detail *c = load(ref);
    ck_assert_int_eq(c->steps[STEP_SLT].status, STATUS_PENDING);
    unload(c);
}
END_TEST

/* A missing (NULL) reason is no reason either: SPEC §2 "not-applicable always needs a
 * reason", and the database refuses it too. */
START_TEST(test_db_refuses_not_applicable_null_reason)
{
    char ref[REF_LEN + 1];
    new_case("2026-04-07 19:30", "2026-04-07 20:00", ref);
    EXPECT_OK(app_evidence_add(&app, ref, EV_CCTV, EVS_REQUESTED, NULL, NULL, NULL, &err));
    sqlite3 *db = raw_open();
    static const char *const bad[] = {
        ("UPDATE steps SET status = 'not-applicable', done_at = 1, reason = NULL "
         "WHERE code = 'slt'"),
        "UPDATE followups SET status = 'not-applicable', done_at = 1, reason = NULL",
        "UPDATE evidence_items SET status = 'not-available', reason = NULL",
    };
    expect_constraints(db, bad, sizeof bad / sizeof bad[0]);
    sqlite3_close(db);
}
END_TEST

/* ---- closing ------------------------------------------------------------------------- */

START_TEST(test_close_refused_while_steps_pending)
{
    char ref[REF_LEN + 1];
    new_case("2026-04-07 19:30", "2026-04-07 20:00", ref);
    EXPECT_FAIL(app_case_close(&app, ref, OUT_CHARGED, OPH_NO_TIME, "early", &err), OPH_REFUSED,
                "pending");
    for (int s = 0; s < STEP_COUNT; s++)
        ck_assert_msg(strstr(err.msg, VOCAB_STEP.names[s]), "step %s not listed in \"%s\"",
                      VOCAB_STEP.names[s], err.msg);

    /* Two left: only they are listed. */
    for (int s = 0; s < STEP_COUNT; s++)
        if (s != STEP_SLT && s != STEP_IOD)
            EXPECT_OK(app_step_na(&app, ref, (enum step_code)s, "not needed", &err));
    EXPECT_FAIL(app_case_close(&app, ref, OUT_CHARGED, OPH_NO_TIME, NULL, &err), OPH_REFUSED,
                "slt");
    ck_assert_msg(strstr(err.msg, "iod"), "iod not listed in \"%s\"", err.msg);
    ck_assert_msg(!strstr(err.msg, "crime") && !strstr(err.msg, "welfare"),
                  "steps that are not pending are listed in \"%s\"", err.msg);
    struct case_detail *c = load(ref);
    ck_assert(!c->closed);
    ck_assert_int_eq(c->outcome, -1);
    ck_assert_int_eq(count_fu_kind(c, FU_OUTCOME_NOTICE, -1), 0);
    unload(c);

    /* The database refuses it too. */
    sqlite3 *db = raw_open();
    ck_assert_msg(raw_exec(db, "UPDATE cases SET status = 'closed', outcome = 'charged', "
                               "outcome_at = 1, closed_at = 1") == SQLITE_CONSTRAINT,
                  "database closed a case with steps pending: %s", raw_msg);
    sqlite3_close(db);
}
END_TEST

START_TEST(test_close_needs_outcome)
{
    char ref[REF_LEN + 1];
    new_case("2026-04-07 19:30", "2026-04-07 20:00", ref);
    na_all_but(ref, STEP_COUNT);
    EXPECT_FAIL(app_case_close(&app, ref, -1, OPH_NO_TIME, "no outcome", &err), OPH_REFUSED,
                "outcome");
    EXPECT_FAIL(app_case_close(&app, ref, OUT_COUNT, OPH_NO_TIME, NULL, &err), OPH_INVALID,
                "outcome");
    struct case_detail *c = load(ref);
    ck_assert(!c->closed);
    unload(c);
    EXPECT_OK(app_case_close(&app, ref, OUT_NFA_VICTIM, OPH_NO_TIME, "Victim withdrew", &err));
    c = load(ref);
    ck_assert(c->closed);
    ck_assert_int_eq(c->outcome, OUT_NFA_VICTIM);
    ck_assert_str_eq(c->closing_note, "Victim withdrew");
    unload(c);
}
END_TEST

START_TEST(test_close_after_full_plan)
{
    char ref[REF_LEN + 1];
    new_case("2026-04-07 19:30", "2026-04-07 20:00", ref);
    complete_all(ref);
    struct case_detail *c = load(ref);
    for (int s = 0; s < STEP_COUNT; s++)
        ck_assert_msg(c->steps[s].status == STATUS_DONE, "step %s not done", VOCAB_STEP.names[s]);
    unload(c);
    EXPECT_OK(app_case_close(&app, ref, OUT_CHARGED, OPH_NO_TIME,
                             "Charged: assault on an emergency worker", &err));
    c = load(ref);
    ck_assert(c->closed);
    ck_assert_int_eq(c->outcome, OUT_CHARGED);
    ck_assert_time_eq(c->closed_at, NOW);
    ck_assert_time_eq(c->outcome_at, NOW);
    ck_assert_str_eq(c->closing_note, "Charged: assault on an emergency worker");
    unload(c);
    EXPECT_FAIL(app_case_close(&app, ref, OUT_CHARGED, OPH_NO_TIME, NULL, &err), OPH_REFUSED,
                "closed");
}
END_TEST

START_TEST(test_closed_case_refuses_step_changes)
{
    char ref[REF_LEN + 1];
    new_case("2026-04-07 19:30", "2026-04-07 20:00", ref);
    na_all_but(ref, STEP_COUNT);
    EXPECT_OK(app_case_close(&app, ref, OUT_NOT_IDENTIFIED, OPH_NO_TIME, NULL, &err));
    EXPECT_FAIL(step_done(ref, STEP_SLT, "Supt informed after all"), OPH_REFUSED, "closed");
    EXPECT_FAIL(iod_sign(ref, SIGNOFF_VICTIM, OPH_NO_TIME), OPH_REFUSED, "closed");
    struct step_done_input in;
    step_done_input_init(&in);
    in.crime_reference = "44260099999";
    in.note = "late";
    EXPECT_FAIL(app_step_done(&app, ref, STEP_CRIME, &in, &err), OPH_REFUSED, "closed");
    EXPECT_FAIL(app_step_na(&app, ref, STEP_EVIDENCE, "another reason", &err), OPH_REFUSED,
                "closed");
    EXPECT_FAIL(app_case_assign(&app, ref, CROLE_INVESTIGATOR, "I1", OPH_NO_TIME, &err),
                OPH_REFUSED, "closed");
    EXPECT_FAIL(app_evidence_add(&app, ref, EV_CCTV, EVS_REQUESTED, NULL, NULL, NULL, &err),
                OPH_REFUSED, "closed");
    struct case_detail *c = load(ref);
    for (int s = 0; s < STEP_COUNT; s++) {
        ck_assert_int_eq(c->steps[s].status, STATUS_NA);
        ck_assert_str_eq(c->steps[s].reason, "test: not needed here");
    }
    ck_assert_str_eq(c->facts.crime_reference, "");
    ck_assert(!c->roles[CROLE_INVESTIGATOR].set);
    ck_assert_int_eq(c->n_evidence, 0);
    unload(c);
}
END_TEST

/* ---- the steps' own conditions ------------------------------------------------------- */

START_TEST(test_iod_needs_two_signoffs)
{
    char ref[REF_LEN + 1];
    new_case("2026-04-07 19:30", "2026-04-07 20:00", ref);
    EXPECT_FAIL(iod_sign(ref, SIGNOFF_NONE, OPH_NO_TIME), OPH_INVALID, "sign-off");
    oph_time first = T("2026-04-08 09:00");
    oph_error_clear(&err);
    ck_assert_msg(iod_sign(ref, SIGNOFF_VICTIM, first) == 1, "victim sign-off: %s", err.msg);
    struct case_detail *c = load(ref);
    const struct step *st = &c->steps[STEP_IOD];
    ck_assert_int_eq(st->status, STATUS_PENDING);
    ck_assert_time_eq(st->victim_signed_at, first);
    ck_assert_time_eq(st->supervisor_signed_at, OPH_NO_TIME);
    ck_assert_time_eq(st->done_at, OPH_NO_TIME);
    unload(c);

    EXPECT_FAIL(iod_sign(ref, SIGNOFF_VICTIM, OPH_NO_TIME), OPH_REFUSED, "already signed");
    c = load(ref);
    ck_assert_time_eq(c->steps[STEP_IOD].victim_signed_at, first);
    ck_assert_int_eq(c->steps[STEP_IOD].status, STATUS_PENDING);
    unload(c);

    oph_error_clear(&err);
    ck_assert_msg(iod_sign(ref, SIGNOFF_SUPERVISOR, OPH_NO_TIME) == 0, "supervisor: %s", err.msg);
    c = load(ref);
    st = &c->steps[STEP_IOD];
    ck_assert_int_eq(st->status, STATUS_DONE);
    ck_assert_time_eq(st->victim_signed_at, first);
    ck_assert_time_eq(st->supervisor_signed_at, NOW);
    ck_assert_time_eq(st->done_at, NOW);
    ck_assert_str_eq(st->done_by, signer());
    unload(c);
    EXPECT_FAIL(iod_sign(ref, SIGNOFF_SUPERVISOR, OPH_NO_TIME), OPH_REFUSED, NULL);
    EXPECT_FAIL(iod_sign(ref, SIGNOFF_VICTIM, OPH_NO_TIME), OPH_REFUSED, NULL);
}
END_TEST

START_TEST(test_iod_supervisor_first)
{
    char ref[REF_LEN + 1];
    new_case("2026-04-07 19:30", "2026-04-07 20:00", ref);
    oph_error_clear(&err);
    ck_assert_msg(iod_sign(ref, SIGNOFF_SUPERVISOR, OPH_NO_TIME) == 1, "%s", err.msg);
    EXPECT_FAIL(iod_sign(ref, SIGNOFF_SUPERVISOR, OPH_NO_TIME), OPH_REFUSED, "supervisor");
    ck_assert_msg(iod_sign(ref, SIGNOFF_VICTIM, OPH_NO_TIME) == 0, "%s", err.msg);
    struct case_detail *c = load(ref);
    ck_assert_int_eq(c->steps[STEP_IOD].status, STATUS_DONE);
    unload(c);
}
END_TEST

START_TEST(test_crime_needs_reference_and_note)
{
    char ref[REF_LEN + 1];
    new_case("2026-04-07 19:30", "2026-04-07 20:00", ref);
    EXPECT_FAIL(step_done(ref, STEP_CRIME, "Plan: CCTV"), OPH_REFUSED, "crime reference");

    struct step_done_input in;
    step_done_input_init(&in);
    in.crime_reference = "44260012345";
    EXPECT_FAIL(app_step_done(&app, ref, STEP_CRIME, &in, &err), OPH_REFUSED, "investigation plan");
    EXPECT_AT(OPH_FIELD_NOTE, OPH_RULE_NEEDED);
    in.note = "";
    EXPECT_FAIL(app_step_done(&app, ref, STEP_CRIME, &in, &err), OPH_REFUSED, "investigation plan");
    EXPECT_AT(OPH_FIELD_NOTE, OPH_RULE_NEEDED);
    /* The refused saves kept nothing, not even the crime reference they brought. */
    struct case_detail *c = load(ref);
    ck_assert_int_eq(c->steps[STEP_CRIME].status, STATUS_PENDING);
    ck_assert_str_eq(c->facts.crime_reference, "");
    unload(c);

    in.note = "Plan: BWV, CCTV from the Co-op, two witnesses";
    EXPECT_OK(app_step_done(&app, ref, STEP_CRIME, &in, &err));
    c = load(ref);
    ck_assert_int_eq(c->steps[STEP_CRIME].status, STATUS_DONE);
    ck_assert_str_eq(c->steps[STEP_CRIME].note, "Plan: BWV, CCTV from the Co-op, two witnesses");
    ck_assert_str_eq(c->facts.crime_reference, "44260012345");
    ck_assert_time_eq(c->steps[STEP_CRIME].done_at, NOW);
    unload(c);
    EXPECT_FAIL(step_done(ref, STEP_CRIME, "again"), OPH_REFUSED, "already done");
}
END_TEST

/* The main refusals say what failed as data: the field or fact, the rule, the step; their
 * words name no option or command (each front end names its own). */
START_TEST(test_refusals_name_field_and_rule)
{
    char ref[REF_LEN + 1];
    new_case("2026-04-07 19:30", "2026-04-07 20:00", ref);
    EXPECT_FAIL(step_done(ref, STEP_CRIME, "Plan: CCTV"), OPH_REFUSED, "crime reference");
    EXPECT_AT(OPH_FIELD_CRIME_REFERENCE, OPH_RULE_NEEDED);
    ck_assert_int_eq(err.item, OPH_ITEM_STEP);
    ck_assert_int_eq(err.item_number, STEP_CRIME);
    EXPECT_FAIL(step_done(ref, STEP_VICTIM_CODE, NULL), OPH_REFUSED, "referral");
    EXPECT_AT(OPH_FIELD_REFERRAL, OPH_RULE_NEEDED);
    ck_assert_int_eq(err.item_number, STEP_VICTIM_CODE);
    EXPECT_FAIL(step_done(ref, STEP_INVESTIGATOR, NULL), OPH_REFUSED, "investigator");
    EXPECT_AT(OPH_FIELD_ROLES, OPH_RULE_NEEDED);
    EXPECT_FAIL(step_done(ref, STEP_WELFARE, NULL), OPH_REFUSED, "welfare contact");
    EXPECT_AT(OPH_FIELD_WELFARE_CONTACT, OPH_RULE_NEEDED);
    ck_assert_msg(!strstr(err.msg, "welfare add"), "a command in \"%s\"", err.msg);
    EXPECT_FAIL(step_done(ref, STEP_SLT, NULL), OPH_REFUSED, "informed");
    EXPECT_AT(OPH_FIELD_NOTE, OPH_RULE_NEEDED);
    EXPECT_FAIL(step_done(ref, STEP_EVIDENCE, NULL), OPH_REFUSED, "no evidence item");
    EXPECT_AT(OPH_FIELD_EVIDENCE_ITEMS, OPH_RULE_NEEDED);
    EXPECT_OK(step_done(ref, STEP_SLT, "Ch Supt Grey told by phone"));
    EXPECT_FAIL(step_done(ref, STEP_SLT, "again"), OPH_REFUSED, "already done");
    EXPECT_AT(OPH_FIELD_ITEM, OPH_RULE_ALREADY);
    ck_assert_int_eq(err.item, OPH_ITEM_STEP);
    ck_assert_int_eq(err.item_number, STEP_SLT);
    EXPECT_FAIL(app_step_na(&app, ref, STEP_SLT, "no", &err), OPH_REFUSED, "already");
    EXPECT_AT(OPH_FIELD_ITEM, OPH_RULE_ALREADY);
    struct step_done_input in;
    step_done_input_init(&in);
    in.note = "Plan";
    in.crime_reference = "44260012345";
    in.at = T("2026-04-07 19:00");
    EXPECT_FAIL(app_step_done(&app, ref, STEP_CRIME, &in, &err), OPH_REFUSED, "before");
    EXPECT_AT(OPH_FIELD_AT, OPH_RULE_BEFORE_INCIDENT);
    EXPECT_FAIL(app_step_na(&app, ref, STEP_CRIME, "", &err), OPH_INVALID, "reason");
    EXPECT_AT(OPH_FIELD_REASON, OPH_RULE_REQUIRED);
    EXPECT_FAIL(app_case_close(&app, ref, -1, OPH_NO_TIME, NULL, &err), OPH_REFUSED, "outcome");
    EXPECT_AT(OPH_FIELD_OUTCOME, OPH_RULE_NEEDED);
    EXPECT_FAIL(app_case_close(&app, ref, OUT_CHARGED, OPH_NO_TIME, NULL, &err), OPH_REFUSED,
                "pending");
    EXPECT_AT(OPH_FIELD_CASE, OPH_RULE_PENDING);

    /* The facts of a case: each refusal names its fact. */
    struct case_facts f;
    facts_for(&f, "2026-04-07 19:30", "2026-04-07 19:00");
    EXPECT_FAIL(check_case_facts(&f, NOW, &err), OPH_REFUSED, "reported");
    EXPECT_AT(OPH_FIELD_REPORTED_AT, OPH_RULE_BEFORE_INCIDENT);
    facts_for(&f, "2026-04-07 19:30", NULL);
    f.reported_at = f.occurred_at;
    strcpy(f.supervisor_number, "v1");
    EXPECT_FAIL(check_case_facts(&f, NOW, &err), OPH_REFUSED, "supervisor");
    EXPECT_AT(OPH_FIELD_SUPERVISOR, OPH_RULE_IS_VICTIM);
    strcpy(f.supervisor_number, "S1");
    f.location[0] = '\0';
    EXPECT_FAIL(check_case_facts(&f, NOW, &err), OPH_INVALID, "location");
    EXPECT_AT(OPH_FIELD_LOCATION, OPH_RULE_REQUIRED);
    strcpy(f.location, "x");
    f.occurred_at = NOW + 3600;
    f.reported_at = NOW + 3600;
    EXPECT_FAIL(check_case_facts(&f, NOW, &err), OPH_REFUSED, "future");
    EXPECT_AT(OPH_FIELD_OCCURRED_AT, OPH_RULE_IN_FUTURE);

    /* A RIDDOR report done: how it went to the HSE, and its reference. */
    struct followup r;
    memset(&r, 0, sizeof r);
    r.kind = FU_RIDDOR;
    strcpy(r.rule, "riddor-over-7-days");
    EXPECT_FAIL(wf_followup_ready(&r, STATUS_DONE, -1, NULL, &err), OPH_REFUSED, "online");
    EXPECT_AT(OPH_FIELD_ROUTE, OPH_RULE_NEEDED);
    EXPECT_FAIL(wf_followup_ready(&r, STATUS_DONE, ROUTE_ONLINE, NULL, &err), OPH_REFUSED,
                "reference");
    EXPECT_AT(OPH_FIELD_HSE_REFERENCE, OPH_RULE_NEEDED);
    EXPECT_FAIL(wf_followup_ready(&r, STATUS_DONE, ROUTE_TELEPHONE, "X1", &err), OPH_REFUSED,
                "online only");
    EXPECT_AT(OPH_FIELD_ROUTE, OPH_RULE_NOT_ALLOWED);
}
END_TEST

START_TEST(test_slt_needs_note)
{
    char ref[REF_LEN + 1];
    new_case("2026-04-07 19:30", "2026-04-07 20:00", ref);
    EXPECT_FAIL(step_done(ref, STEP_SLT, NULL), OPH_REFUSED, "slt");
    EXPECT_FAIL(step_done(ref, STEP_SLT, ""), OPH_REFUSED, "slt");
    EXPECT_OK(step_done(ref, STEP_SLT, "Ch Supt Grey told by phone at 21:05"));
    struct case_detail *c = load(ref);
    ck_assert_int_eq(c->steps[STEP_SLT].status, STATUS_DONE);
    ck_assert_str_eq(c->steps[STEP_SLT].note, "Ch Supt Grey told by phone at 21:05");
    unload(c);
}
END_TEST

START_TEST(test_victim_code_needs_answers)
{
    char ref[REF_LEN + 1];
    new_case("2026-04-07 19:30", "2026-04-07 20:00", ref);
    struct step_done_input in;
    step_done_input_init(&in);
    EXPECT_FAIL(app_step_done(&app, ref, STEP_VICTIM_CODE, &in, &err), OPH_REFUSED, "referral");
    in.referral = REFERRAL_DECLINED;
    EXPECT_FAIL(app_step_done(&app, ref, STEP_VICTIM_CODE, &in, &err), OPH_REFUSED, "enhanced");
    in.enhanced_rights = TRI_NO;
    EXPECT_FAIL(app_step_done(&app, ref, STEP_VICTIM_CODE, &in, &err), OPH_REFUSED,
                "Victim Personal Statement");
    in.vps_offered = TRI_NO;
    EXPECT_FAIL(app_step_done(&app, ref, STEP_VICTIM_CODE, &in, &err), OPH_REFUSED,
                "Victim Personal Statement");
    struct case_detail *c = load(ref);
    ck_assert_int_eq(c->steps[STEP_VICTIM_CODE].status, STATUS_PENDING);
    ck_assert_int_eq(c->facts.referral, -1);
    ck_assert_int_eq(c->facts.enhanced_rights, TRI_UNKNOWN);
    unload(c);

    in.vps_offered = TRI_YES;
    EXPECT_OK(app_step_done(&app, ref, STEP_VICTIM_CODE, &in, &err));
    c = load(ref);
    ck_assert_int_eq(c->steps[STEP_VICTIM_CODE].status, STATUS_DONE);
    ck_assert_int_eq(c->facts.referral, REFERRAL_DECLINED);
    ck_assert_int_eq(c->facts.enhanced_rights, TRI_NO);
    ck_assert_int_eq(c->facts.vps_offered, TRI_YES);
    unload(c);
}
END_TEST

START_TEST(test_welfare_contact_completes_step)
{
    char ref[REF_LEN + 1];
    new_case("2026-04-07 19:30", "2026-04-07 20:00", ref);
    EXPECT_FAIL(step_done(ref, STEP_WELFARE, "spoke to her"), OPH_REFUSED, "welfare contact");
    EXPECT_FAIL(app_welfare_add(&app, ref, WM_PHONE, "", OPH_NO_TIME, &err), OPH_INVALID, "note");
    oph_time at = T("2026-04-07 22:15");
    EXPECT_OK(app_welfare_add(&app, ref, WM_IN_PERSON, "Visited at hospital", at, &err));
    struct case_detail *c = load(ref);
    ck_assert_int_eq(c->steps[STEP_WELFARE].status, STATUS_DONE);
    ck_assert_time_eq(c->steps[STEP_WELFARE].done_at, at);
    /* The first contact is the step, not a follow-up. */
    ck_assert_ptr_nonnull(find_fu(c, "welfare-72h", STATUS_PENDING));
    ck_assert_int_eq(c->n_timeline, 1);
    ck_assert_int_eq(c->timeline[0].kind, TL_WELFARE);
    ck_assert_str_eq(c->timeline[0].label, "in-person");
    unload(c);
    EXPECT_FAIL(step_done(ref, STEP_WELFARE, NULL), OPH_REFUSED, "already done");

    /* The next contact answers the earliest welfare follow-up. */
    EXPECT_OK(app_welfare_add(&app, ref, WM_PHONE, "Trauma risk check", OPH_NO_TIME, &err));
    c = load(ref);
    const struct followup *w72 = find_fu(c, "welfare-72h", -1);
    ck_assert_ptr_nonnull(w72);
    ck_assert_int_eq(w72->status, STATUS_DONE);
    ck_assert_time_eq(w72->done_at, NOW);
    ck_assert_ptr_nonnull(find_fu(c, "welfare-28d", STATUS_PENDING));
    unload(c);
}
END_TEST

/* SPEC §2: each step records who completed it, also when the program completes it itself. */
START_TEST(test_welfare_auto_completion_records_who)
{
    char ref[REF_LEN + 1];
    new_case("2026-04-07 19:30", "2026-04-07 20:00", ref);
    EXPECT_OK(app_welfare_add(&app, ref, WM_PHONE, "Spoke to PC", OPH_NO_TIME, &err));
    struct case_detail *c = load(ref);
    ck_assert_int_eq(c->steps[STEP_WELFARE].status, STATUS_DONE);
    ck_assert_msg(c->steps[STEP_WELFARE].done_by[0] != '\0',
                  "step welfare completed by the first contact has no done_by");
    ck_assert_str_eq(c->steps[STEP_WELFARE].done_by, signer());
    unload(c);
}
END_TEST

START_TEST(test_evidence_step_waits_for_items)
{
    char ref[REF_LEN + 1];
    new_case("2026-04-07 19:30", "2026-04-07 20:00", ref);
    int cctv = 0;
    EXPECT_OK(
        app_evidence_add(&app, ref, EV_CCTV, EVS_REQUESTED, "Co-op camera 3", NULL, &cctv, &err));
    ck_assert_int_eq(cctv, 1); /* the case's first item, whatever the database holds */
    struct case_detail *c = load(ref);
    ck_assert_int_eq(c->n_evidence, 1);
    /* CCTV: 7 days from the assault. */
    ck_assert_time_eq(c->evidence[0].due_at, T("2026-04-14 19:30"));
    unload(c);

    EXPECT_FAIL(step_done(ref, STEP_EVIDENCE, NULL), OPH_REFUSED, "still requested");
    EXPECT_FAIL(app_evidence_update(&app, ref, cctv, EVS_NOT_AVAILABLE, NULL, &err), OPH_INVALID,
                "reason");
    EXPECT_FAIL(app_evidence_update(&app, ref, cctv, EVS_NOT_AVAILABLE, "", &err), OPH_INVALID,
                "reason");
    EXPECT_FAIL(app_evidence_update(&app, ref, cctv, EVS_NOT_AVAILABLE, "   ", &err), OPH_INVALID,
                "reason");
    c = load(ref);
    ck_assert_int_eq(c->evidence[0].status, EVS_REQUESTED);
    unload(c);
    EXPECT_FAIL(step_done(ref, STEP_EVIDENCE, NULL), OPH_REFUSED, "still requested");

    /* The last item secured completes the step by itself (issue 12, point 11). */
    EXPECT_OK(app_evidence_update(&app, ref, cctv, EVS_SECURED, NULL, &err));
    EXPECT_FAIL(step_done(ref, STEP_EVIDENCE, NULL), OPH_REFUSED, "already done");
    c = load(ref);
    ck_assert_int_eq(c->evidence[0].status, EVS_SECURED);
    ck_assert_int_eq(c->steps[STEP_EVIDENCE].status, STATUS_DONE);
    ck_assert_time_eq(c->steps[STEP_EVIDENCE].done_at, NOW);
    unload(c);
}
END_TEST

/* Follow-ups and evidence are numbered per case from 1 in the order they were made, whatever
 * other cases hold; a number is looked up in its own case only. */
START_TEST(test_item_numbers_are_per_case)
{
    char a[REF_LEN + 1], b[REF_LEN + 1];
    new_case("2026-04-07 19:30", "2026-04-07 20:00", a);
    new_case("2026-04-07 21:00", "2026-04-07 21:30", b);
    int n = 0;
    EXPECT_OK(app_evidence_add(&app, a, EV_CCTV, EVS_REQUESTED, NULL, NULL, &n, &err));
    ck_assert_int_eq(n, 1);
    EXPECT_OK(app_evidence_add(&app, a, EV_BWV, EVS_REQUESTED, NULL, NULL, &n, &err));
    ck_assert_int_eq(n, 2);
    EXPECT_OK(app_evidence_add(&app, b, EV_PHOTOS, EVS_REQUESTED, NULL, NULL, &n, &err));
    ck_assert_int_eq(n, 1);
    struct case_detail *c = load(b);
    /* Made in this order (welfare-72h, welfare-28d, victim-update, then the line managers'
     * duties); listed by due time. */
    ck_assert_int_ge(c->n_followups, 3);
    unsigned seen = 0;
    for (int i = 0; i < c->n_followups; i++) {
        const struct followup *f = &c->followups[i];
        int want = strcmp(f->rule, "welfare-72h") == 0     ? 1
                   : strcmp(f->rule, "welfare-28d") == 0   ? 2
                   : strcmp(f->rule, "victim-update") == 0 ? 3
                                                           : f->number;
        ck_assert_int_eq(f->number, want);
        ck_assert(f->number >= 1 && f->number <= c->n_followups);
        seen |= 1u << f->number;
    }
    ck_assert_uint_eq(seen, ((1u << (c->n_followups + 1)) - 1) & ~1u);
    ck_assert_int_eq(c->evidence[0].number, 1);
    int made = c->n_followups;
    unload(c);
    /* A follow-up made later takes the next number. */
    struct case_detail *e = load(b);
    struct case_facts f = e->facts;
    unload(e);
    f.days_off = 10;
    EXPECT_OK(app_case_edit(&app, b, &f, &err));
    c = load(b);
    ck_assert_int_eq(c->n_followups, made + 1);
    for (int i = 0; i < c->n_followups; i++)
        if (strncmp(c->followups[i].rule, "riddor", 6) == 0)
            ck_assert_int_eq(c->followups[i].number, made + 1);
    unload(c);
    /* Numbers are looked up in the case named. */
    EXPECT_OK(app_evidence_update(&app, b, 1, EVS_SECURED, NULL, &err));
    c = load(a);
    ck_assert_int_eq(c->evidence[0].status, EVS_REQUESTED);
    unload(c);
    EXPECT_FAIL(app_evidence_update(&app, b, 2, EVS_SECURED, NULL, &err), OPH_REFUSED,
                "no evidence item #2");
    char words[64];
    snprintf(words, sizeof words, "no follow-up #%d", made + 1);
    EXPECT_FAIL(app_followup_done(&app, a, made + 1, OPH_NO_TIME, NULL, &err), OPH_REFUSED, words);
    EXPECT_OK(
        app_followup_report(&app, b, made + 1, OPH_NO_TIME, NULL, ROUTE_ONLINE, "HSE-1", &err));
    snprintf(words, sizeof words, "#%d is already done", made + 1);
    EXPECT_FAIL(app_followup_na(&app, b, made + 1, "twice", &err), OPH_REFUSED, words);
    /* A refusal names the item by its number too: b's second item (its id is 4). */
    EXPECT_OK(app_evidence_add(&app, b, EV_BWV, EVS_REQUESTED, NULL, NULL, &n, &err));
    ck_assert_int_eq(n, 2);
    for (int s = 0; s < STEP_COUNT; s++)
        app_step_na(&app, b, (enum step_code)s, "not needed here", &err);
    EXPECT_FAIL(app_case_close(&app, b, OUT_CHARGED, OPH_NO_TIME, NULL, &err), OPH_REFUSED,
                "evidence item #2 is still requested");
}
END_TEST

START_TEST(test_evidence_not_available_with_reason)
{
    char ref[REF_LEN + 1];
    new_case("2026-04-07 19:30", "2026-04-07 20:00", ref);
    int bwv = 0, photos = 0;
    EXPECT_FAIL(app_evidence_add(&app, ref, EV_MEDICAL, EVS_NOT_AVAILABLE, NULL, NULL, NULL, &err),
                OPH_INVALID, "reason");
    EXPECT_OK(app_evidence_add(&app, ref, EV_BWV, EVS_REQUESTED, NULL, NULL, &bwv, &err));
    EXPECT_OK(app_evidence_add(&app, ref, EV_PHOTOS, EVS_REQUESTED, NULL, NULL, &photos, &err));
    ck_assert_int_eq(bwv, 1);
    ck_assert_int_eq(photos, 2);
    struct case_detail *c = load(ref);
    ck_assert_int_eq(c->n_evidence, 2);
    /* Body-worn video 31 days, photographs 48 hours, both from the assault. */
    ck_assert_time_eq(c->evidence[0].due_at, T("2026-05-08 19:30"));
    ck_assert_time_eq(c->evidence[1].due_at, T("2026-04-09 19:30"));
    unload(c);

    EXPECT_OK(app_evidence_update(&app, ref, photos, EVS_NOT_AVAILABLE, "No visible injury", &err));
    EXPECT_FAIL(step_done(ref, STEP_EVIDENCE, NULL), OPH_REFUSED, "1 evidence item");
    EXPECT_OK(
        app_evidence_update(&app, ref, bwv, EVS_NOT_AVAILABLE, "Camera not switched on", &err));
    c = load(ref);
    ck_assert_int_eq(c->steps[STEP_EVIDENCE].status, STATUS_DONE);
    ck_assert_str_eq(c->evidence[1].reason, "No visible injury");
    unload(c);
}
END_TEST

/* ---- follow-ups: RIDDOR, decisions, outcome ------------------------------------------ */

static void edit_injury(const char *ref, int days_off, bool specified)
{
    struct case_detail *c = load(ref);
    struct case_facts f = c->facts;
    unload(c);
    f.days_off = days_off;
    f.specified_injury = specified;
    EXPECT_OK(app_case_edit(&app, ref, &f, &err));
}

START_TEST(test_riddor_over_seven_days)
{
    char ref[REF_LEN + 1];
    new_case("2026-04-01 09:00", "2026-04-01 09:30", ref);
    edit_injury(ref, 7, false); /* seven days is not "more than seven" */
    struct case_detail *c = load(ref);
    ck_assert_int_eq(c->facts.days_off, 7);
    ck_assert_int_eq(count_fu_kind(c, FU_RIDDOR, -1), 0);
    unload(c);

    edit_injury(ref, 8, false);
    c = load(ref);
    ck_assert_int_eq(c->facts.days_off, 8);
    ck_assert_int_eq(count_fu_kind(c, FU_RIDDOR, -1), 1);
    const struct followup *r = find_fu(c, "riddor-over-7-days", STATUS_PENDING);
    ck_assert_ptr_nonnull(r);
    ck_assert_int_eq(r->kind, FU_RIDDOR);
    ck_assert_time_eq(r->due_at, T("2026-04-16 09:00")); /* occurred + 15 days */
    unload(c);

    /* More days off raise nothing new. */
    edit_injury(ref, 9, false);
    c = load(ref);
    ck_assert_int_eq(count_fu_kind(c, FU_RIDDOR, -1), 1);
    unload(c);
}
END_TEST

START_TEST(test_riddor_specified_injury)
{
    char ref[REF_LEN + 1];
    new_case("2026-04-01 09:00", "2026-04-01 09:30", ref);
    edit_injury(ref, 0, true);
    struct case_detail *c = load(ref);
    ck_assert_int_eq(count_fu_kind(c, FU_RIDDOR, -1), 1);
    const struct followup *r = find_fu(c, "riddor-specified", STATUS_PENDING);
    ck_assert_ptr_nonnull(r);
    ck_assert_time_eq(r->due_at, T("2026-04-11 09:00")); /* occurred + 10 days */
    unload(c);
}
END_TEST

START_TEST(test_riddor_days_then_specified)
{
    char ref[REF_LEN + 1];
    new_case("2026-04-01 09:00", "2026-04-01 09:30", ref);
    edit_injury(ref, 8, false);
    edit_injury(ref, 8, true);
    struct case_detail *c = load(ref);
    ck_assert_int_eq(count_fu_kind(c, FU_RIDDOR, -1), 1);
    const struct followup *r = find_fu(c, "riddor-specified", STATUS_PENDING);
    ck_assert_ptr_nonnull(r);
    ck_assert_time_eq(r->due_at, T("2026-04-11 09:00"));
    unload(c);
}
END_TEST

START_TEST(test_riddor_withdrawn)
{
    char ref[REF_LEN + 1];
    new_case("2026-04-01 09:00", "2026-04-01 09:30", ref);
    edit_injury(ref, 8, false);
    edit_injury(ref, 0, false);
    struct case_detail *c = load(ref);
    ck_assert_int_eq(count_fu_kind(c, FU_RIDDOR, STATUS_PENDING), 0);
    const struct followup *r = find_fu(c, "riddor-over-7-days", -1);
    ck_assert_ptr_nonnull(r);
    ck_assert_int_eq(r->status, STATUS_NA);
    ck_assert_msg(r->reason[0] != '\0', "withdrawn RIDDOR follow-up has no reason");
    ck_assert_time_eq(r->done_at, NOW);
    unload(c);
}
END_TEST

/* Days off corrected down and then up again (or a second absence): reportable again. */
START_TEST(test_riddor_raised_again_after_withdrawal)
{
    char ref[REF_LEN + 1];
    new_case("2026-04-01 09:00", "2026-04-01 09:30", ref);
    edit_injury(ref, 8, false);
    edit_injury(ref, 0, false);
    edit_injury(ref, 10, false);
    struct case_detail *c = load(ref);
    ck_assert_msg(count_fu_kind(c, FU_RIDDOR, STATUS_PENDING) == 1,
                  "10 days off but no pending RIDDOR follow-up (%d RIDDOR follow-ups in all)",
                  count_fu_kind(c, FU_RIDDOR, -1));
    unload(c);
}
END_TEST

START_TEST(test_decision_arrest_victim_update)
{
    char ref[REF_LEN + 1];
    new_case("2026-04-07 14:00", "2026-04-07 14:30", ref);
    oph_time at = T("2026-04-07 15:00"); /* Tuesday */
    EXPECT_FAIL(app_case_decision(&app, ref, DEC_ARREST, NOW + 2 * HOUR, &err), OPH_REFUSED,
                "future");
    EXPECT_FAIL(app_case_decision(&app, ref, DEC_ARREST, T("2026-04-07 13:00"), &err), OPH_REFUSED,
                "before");
    EXPECT_OK(app_case_decision(&app, ref, DEC_ARREST, at, &err));
    struct case_detail *c = load(ref);
    ck_assert_time_eq(c->facts.arrested_at, at);
    const struct followup *f = find_fu(c, "victim-decision", STATUS_PENDING);
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(f->kind, FU_VICTIM_UPDATE);
    ck_assert_time_eq(f->event_at, at);
    /* Five working days: Wed 8, Thu 9, Fri 10, Mon 13, Tue 14 April. */
    ck_assert_time_eq(f->due_at, T("2026-04-14 15:00"));
    ck_assert_int_eq(c->n_timeline, 1);
    ck_assert_int_eq(c->timeline[0].kind, TL_DECISION);
    ck_assert_str_eq(c->timeline[0].label, "arrest");
    unload(c);
}
END_TEST

START_TEST(test_decision_enhanced_rights)
{
    char ref[REF_LEN + 1];
    new_case("2026-04-01 09:00", "2026-04-01 09:30", ref);
    struct case_detail *c = load(ref);
    struct case_facts f = c->facts;
    unload(c);
    f.enhanced_rights = TRI_YES;
    EXPECT_OK(app_case_edit(&app, ref, &f, &err));
    /* Thu 2 April 15:00 + 1 working day, over Good Friday and Easter Monday. */
    EXPECT_OK(app_case_decision(&app, ref, DEC_CHARGE, T("2026-04-02 15:00"), &err));
    c = load(ref);
    const struct followup *fu = find_fu(c, "victim-decision-enhanced", STATUS_PENDING);
    ck_assert_ptr_nonnull(fu);
    ck_assert_time_eq(fu->due_at, T("2026-04-07 15:00"));
    ck_assert_ptr_null(find_fu(c, "victim-decision", -1));
    unload(c);
}
END_TEST

START_TEST(test_decision_then_enhanced_rights_decided)
{
    char ref[REF_LEN + 1];
    new_case("2026-04-01 09:00", "2026-04-01 09:30", ref);
    EXPECT_OK(app_case_decision(&app, ref, DEC_ARREST, T("2026-04-02 15:00"), &err));
    struct case_detail *c = load(ref);
    const struct followup *fu = find_fu(c, "victim-decision", STATUS_PENDING);
    ck_assert_ptr_nonnull(fu);
    /* Five working days: Tue 7, Wed 8, Thu 9, Fri 10, Mon 13 April. */
    ck_assert_time_eq(fu->due_at, T("2026-04-13 15:00"));
    unload(c);
    /* The Victim Code step decides enhanced rights: the notice owed becomes 1 working day. */
    struct step_done_input in;
    step_done_input_init(&in);
    in.referral = REFERRAL_ACCEPTED;
    in.enhanced_rights = TRI_YES;
    in.vps_offered = TRI_YES;
    EXPECT_OK(app_step_done(&app, ref, STEP_VICTIM_CODE, &in, &err));
    c = load(ref);
    fu = find_fu(c, "victim-decision-enhanced", STATUS_PENDING);
    ck_assert_ptr_nonnull(fu);
    ck_assert_time_eq(fu->due_at, T("2026-04-07 15:00"));
    unload(c);
}
END_TEST

START_TEST(test_outcome_notice_on_close)
{
    char ref[REF_LEN + 1];
    new_case("2026-04-01 09:00", "2026-04-01 09:30", ref);
    na_all_but(ref, STEP_COUNT);
    oph_time at = T("2026-04-08 09:00"); /* Wednesday */
    EXPECT_OK(app_case_close(&app, ref, OUT_NFA_EVIDENTIAL, at, "Insufficient evidence", &err));
    struct case_detail *c = load(ref);
    ck_assert(c->closed);
    ck_assert_time_eq(c->outcome_at, at);
    ck_assert_time_eq(c->closed_at, at);
    /* A decision not to prosecute: the victim is told of it, of the reasons and of their right
     * to ask for a review, which they may until three months after it (8 July). */
    ck_assert_ptr_null(find_fu(c, "outcome-notice", -1));
    const struct followup *fu = find_fu(c, "outcome-notice-review", STATUS_PENDING);
    ck_assert_ptr_nonnull(fu);
    ck_assert_int_eq(fu->kind, FU_OUTCOME_NOTICE);
    ck_assert_time_eq(fu->event_at, at);
    /* Five working days: Thu 9, Fri 10, Mon 13, Tue 14, Wed 15 April. */
    ck_assert_time_eq(fu->due_at, T("2026-04-15 09:00"));
    ck_assert_time_eq(c->review_until, T("2026-07-08 09:00"));
    ck_assert_ptr_nonnull(strstr(fu->note, "right to ask for a review until 2026-07-08 09:00 BST"));
    /* Regular updates stop with the case. */
    ck_assert_ptr_null(find_fu(c, "victim-update", STATUS_PENDING));
    const struct followup *vu = find_fu(c, "victim-update", -1);
    ck_assert_ptr_nonnull(vu);
    ck_assert_int_eq(vu->status, STATUS_NA);
    unload(c);
}
END_TEST

/* ---- follow-ups re-raised from what answered them (issue 12, faults 1 to 3) ----------- */

/* The first pending follow-up of a rule, or NULL. */
static const struct followup *pending_fu(const struct case_detail *c, const char *rule)
{
    return find_fu(c, rule, STATUS_PENDING);
}

static int count_rule(const struct case_detail *c, const char *rule, int status)
{
    int n = 0;
    for (int i = 0; i < c->n_followups; i++)
        n += strcmp(c->followups[i].rule, rule) == 0 &&
             (status < 0 || (int)c->followups[i].status == status);
    return n;
}

/* The pending follow-up of a rule, by its number in the case (as the actions take it). */
static int fu_id(const char *ref, const char *rule)
{
    struct case_detail *c = load(ref);
    const struct followup *f = pending_fu(c, rule);
    ck_assert_msg(f != NULL, "%s has no pending %s follow-up", ref, rule);
    int number = f->number;
    unload(c);
    return number;
}

/* Fault 1, with the issue's times: the regular victim update answered by `followup done`
 * raises the next one, as `victim update --at` does. */
START_TEST(test_followup_done_raises_the_next_victim_update)
{
    char ref[REF_LEN + 1], other[REF_LEN + 1];
    app.now = T("2025-08-01 12:00");
    new_case("2025-05-01 10:00", "2025-05-01 11:00", ref);
    struct case_detail *c = load(ref);
    /* The first: 28 days after the report, Thu 1 May 11:00 BST + 28 days = Thu 29 May 11:00. */
    ck_assert_time_eq(pending_fu(c, "victim-update")->due_at, T("2025-05-29 11:00"));
    unload(c);

    oph_time at = T("2025-05-10 09:00"); /* BST: 08:00Z */
    EXPECT_OK(app_followup_done(&app, ref, fu_id(ref, "victim-update"), at, NULL, &err));
    c = load(ref);
    ck_assert_int_eq(count_rule(c, "victim-update", STATUS_DONE), 1);
    ck_assert_int_eq(count_rule(c, "victim-update", STATUS_PENDING), 1);
    const struct followup *next = pending_fu(c, "victim-update");
    ck_assert_int_eq(next->kind, FU_VICTIM_UPDATE);
    ck_assert_time_eq(next->event_at, at);
    /* Sat 10 May 09:00 BST + 28 days = Sat 7 June 09:00 BST, 2025-06-07T08:00:00Z. */
    ck_assert_time_eq(next->due_at, T("2025-06-07 09:00"));
    ck_assert_int_eq(next->due_at, 1749283200);
    oph_time want = next->due_at;
    unload(c);

    /* The same as an update recorded on the timeline at the same time. */
    new_case("2025-05-01 10:00", "2025-05-01 11:00", other);
    EXPECT_OK(app_victim_update(&app, other, "Told the suspect is on bail", at, &err));
    c = load(other);
    ck_assert_time_eq(pending_fu(c, "victim-update")->due_at, want);
    unload(c);

    /* Answered again: the next counts from that answer. Sat 7 June 10:00 + 28 days. */
    EXPECT_OK(app_followup_done(&app, ref, fu_id(ref, "victim-update"), T("2025-06-07 10:00"),
                                "Phoned", &err));
    c = load(ref);
    ck_assert_int_eq(count_rule(c, "victim-update", STATUS_PENDING), 1);
    ck_assert_time_eq(pending_fu(c, "victim-update")->due_at, T("2025-07-05 10:00"));
    unload(c);

    /* Not applicable (the victim asked for no more updates) raises none. */
    EXPECT_OK(
        app_followup_na(&app, ref, fu_id(ref, "victim-update"), "Victim wants no updates", &err));
    c = load(ref);
    ck_assert_int_eq(count_rule(c, "victim-update", STATUS_PENDING), 0);
    unload(c);

    /* Other follow-ups done raise no victim update. */
    EXPECT_OK(app_followup_done(&app, ref, fu_id(ref, "welfare-72h"), at, NULL, &err));
    c = load(ref);
    ck_assert_int_eq(count_rule(c, "victim-update", STATUS_PENDING), 0);
    unload(c);
}
END_TEST

/* The next victim update across the spring clock change and, under a working-day rule,
 * across Good Friday and Easter Monday. */
START_TEST(test_followup_done_victim_update_over_clock_change_and_holidays)
{
    char ref[REF_LEN + 1];
    new_case("2026-03-01 09:00", "2026-03-01 10:00", ref);
    oph_time at = T("2026-03-10 09:00"); /* GMT */
    EXPECT_OK(app_followup_done(&app, ref, fu_id(ref, "victim-update"), at, NULL, &err));
    struct case_detail *c = load(ref);
    const struct followup *next = pending_fu(c, "victim-update");
    /* Tue 10 March 09:00 GMT + 28 days = Tue 7 April 09:00 BST: the clocks went forward on
     * Sun 29 March, so the gap is an hour short of 28 * 24 hours. */
    ck_assert_time_eq(next->due_at, T("2026-04-07 09:00"));
    ck_assert_int_eq(next->due_at - at, 28 * DAY - HOUR);
    unload(c);

    /* A force counting regular updates in working days: 5 working days after Thu 2 April
     * 10:00 skip Good Friday (3 April), the weekend and Easter Monday (6 April): Tue 7, Wed 8,
     * Thu 9, Fri 10, Mon 13 April. */
    EXPECT_OK(app_rule_set(&app, "victim-update", 5, UNIT_WORKING_DAYS, -1, &err));
    EXPECT_OK(app_followup_done(&app, ref, fu_id(ref, "victim-update"), T("2026-04-02 10:00"), NULL,
                                &err));
    c = load(ref);
    ck_assert_time_eq(pending_fu(c, "victim-update")->due_at, T("2026-04-13 10:00"));
    unload(c);
}
END_TEST

static void new_case_off_work(const char *occurred, const char *reported, char ref[REF_LEN + 1])
{
    struct case_facts f;
    facts_for(&f, occurred, reported);
    f.off_work = true;
    EXPECT_OK(app_case_new(&app, &f, ref, &err));
}

/* Fault 2, with the issue's times: the welfare check while off work counts from the contact
 * that answered the last one, not from the clock. */
START_TEST(test_off_work_welfare_counts_from_the_contact)
{
    char ref[REF_LEN + 1];
    app.now = T("2025-08-01 12:00");
    new_case_off_work("2025-05-01 10:00", "2025-05-01 11:00", ref);
    oph_time at = T("2025-05-28 09:00"); /* BST: 08:00Z */
    EXPECT_OK(app_followup_done(&app, ref, fu_id(ref, "welfare-72h"), at, NULL, &err));
    struct case_detail *c = load(ref);
    ck_assert_int_eq(count_rule(c, "welfare-off-work", -1), 0); /* welfare-28d still waits */
    unload(c);
    EXPECT_OK(app_followup_done(&app, ref, fu_id(ref, "welfare-28d"), at, NULL, &err));
    c = load(ref);
    ck_assert_int_eq(count_rule(c, "welfare-off-work", -1), 1);
    const struct followup *f = pending_fu(c, "welfare-off-work");
    ck_assert_time_eq(f->event_at, at);
    /* Wed 28 May 09:00 BST + 28 days = Wed 25 June 09:00 BST, 2025-06-25T08:00:00Z (not 28
     * days after the clock's 1 August 12:00). */
    ck_assert_time_eq(f->due_at, T("2025-06-25 09:00"));
    ck_assert_int_eq(f->due_at, 1750838400);
    unload(c);
}
END_TEST

START_TEST(test_off_work_welfare_over_clock_change_and_holidays)
{
    char ref[REF_LEN + 1], wd[REF_LEN + 1];
    new_case_off_work("2026-03-01 09:00", "2026-03-01 10:00", ref);
    oph_time at = T("2026-03-20 10:00"); /* GMT */
    EXPECT_OK(app_followup_done(&app, ref, fu_id(ref, "welfare-72h"), at, NULL, &err));
    EXPECT_OK(app_followup_done(&app, ref, fu_id(ref, "welfare-28d"), at, NULL, &err));
    struct case_detail *c = load(ref);
    /* Fri 20 March 10:00 GMT + 28 days = Fri 17 April 10:00 BST (clocks forward 29 March). */
    const struct followup *f = pending_fu(c, "welfare-off-work");
    ck_assert_time_eq(f->due_at, T("2026-04-17 10:00"));
    ck_assert_int_eq(f->due_at - at, 28 * DAY - HOUR);
    unload(c);

    /* Marked not applicable (a check skipped) on Mon 20 April, after it was due: the next
     * counts from the skipped check's due time, Fri 17 April 10:00 + 28 days = Fri 15 May,
     * not from the clock. */
    app.now = T("2026-04-20 12:00");
    EXPECT_OK(
        app_followup_na(&app, ref, fu_id(ref, "welfare-off-work"), "Seen by OH instead", &err));
    c = load(ref);
    ck_assert_int_eq(count_rule(c, "welfare-off-work", STATUS_PENDING), 1);
    ck_assert_time_eq(pending_fu(c, "welfare-off-work")->due_at, T("2026-05-15 10:00"));
    unload(c);

    /* Counted in working days (a force's rule of 3): checks answered on Thu 2 April 10:00 BST
     * skip Good Friday 3 April, the weekend and Easter Monday 6 April: Tue 7, Wed 8, Thu 9
     * April. A later contact on the timeline (Fri 10 April) answers that check and the next
     * counts from it: Mon 13, Tue 14, Wed 15 April. */
    EXPECT_OK(app_rule_set(&app, "welfare-off-work", 3, UNIT_WORKING_DAYS, -1, &err));
    new_case_off_work("2026-03-01 09:00", "2026-03-01 10:00", wd);
    EXPECT_OK(
        app_followup_done(&app, wd, fu_id(wd, "welfare-72h"), T("2026-04-02 10:00"), NULL, &err));
    EXPECT_OK(
        app_followup_done(&app, wd, fu_id(wd, "welfare-28d"), T("2026-04-02 10:00"), NULL, &err));
    c = load(wd);
    ck_assert_time_eq(pending_fu(c, "welfare-off-work")->due_at, T("2026-04-09 10:00"));
    unload(c);
    EXPECT_OK(app_welfare_add(&app, wd, WM_PHONE, "First contact", T("2026-03-01 12:00"), &err));
    EXPECT_OK(app_welfare_add(&app, wd, WM_PHONE, "Still off", T("2026-04-10 10:00"), &err));
    c = load(wd);
    ck_assert_int_eq(count_rule(c, "welfare-off-work", STATUS_DONE), 1);
    ck_assert_int_eq(count_rule(c, "welfare-off-work", STATUS_PENDING), 1);
    ck_assert_time_eq(pending_fu(c, "welfare-off-work")->due_at, T("2026-04-15 10:00"));
    unload(c);
}
END_TEST

/* Going off work after the last contact: the check counts from that contact, not from the
 * edit; with no contact at all, from the report. */
START_TEST(test_off_work_set_later_counts_from_the_last_contact)
{
    char ref[REF_LEN + 1], none[REF_LEN + 1];
    new_case("2026-03-01 09:00", "2026-03-01 10:00", ref);
    EXPECT_OK(
        app_followup_done(&app, ref, fu_id(ref, "welfare-72h"), T("2026-03-04 10:00"), NULL, &err));
    EXPECT_OK(
        app_followup_done(&app, ref, fu_id(ref, "welfare-28d"), T("2026-03-25 10:00"), NULL, &err));
    struct case_detail *c = load(ref);
    struct case_facts f = c->facts;
    unload(c);
    f.off_work = true;
    EXPECT_OK(app_case_edit(&app, ref, &f, &err));
    c = load(ref);
    /* Wed 25 March 10:00 GMT + 28 days = Wed 22 April 10:00 BST (not the clock's 8 April
     * + 28 days = 6 May). */
    ck_assert_time_eq(pending_fu(c, "welfare-off-work")->due_at, T("2026-04-22 10:00"));
    unload(c);

    new_case("2026-03-01 09:00", "2026-03-01 10:00", none);
    EXPECT_OK(app_followup_na(&app, none, fu_id(none, "welfare-72h"), "Not reached", &err));
    EXPECT_OK(app_followup_na(&app, none, fu_id(none, "welfare-28d"), "Not reached", &err));
    c = load(none);
    f = c->facts;
    unload(c);
    f.off_work = true;
    EXPECT_OK(app_case_edit(&app, none, &f, &err));
    c = load(none);
    /* Skipped checks stand at their due times: welfare-28d was due Sun 29 March 10:00 BST
     * (1 March 10:00 GMT + 28 days, the clock time kept), + 28 days = Sun 26 April 10:00. */
    ck_assert_time_eq(pending_fu(c, "welfare-off-work")->due_at, T("2026-04-26 10:00"));
    unload(c);
}
END_TEST

/* Fault 3: a corrected report time moves the first regular victim update with the other
 * items that count from the report. */
START_TEST(test_edit_reported_moves_the_first_victim_update)
{
    char ref[REF_LEN + 1];
    app.now = T("2025-08-01 12:00");
    new_case("2025-05-01 10:00", "2025-05-01 11:00", ref);
    struct case_detail *c = load(ref);
    struct case_facts f = c->facts;
    ck_assert_time_eq(pending_fu(c, "victim-update")->due_at, T("2025-05-29 11:00"));
    unload(c);
    f.reported_at = T("2025-05-01 13:00");
    EXPECT_OK(app_case_edit(&app, ref, &f, &err));
    c = load(ref);
    /* Thu 1 May 13:00 BST + 28 days = Thu 29 May 13:00 BST (12:00Z), as welfare-28d. */
    ck_assert_time_eq(pending_fu(c, "welfare-28d")->due_at, T("2025-05-29 13:00"));
    ck_assert_time_eq(pending_fu(c, "victim-update")->event_at, T("2025-05-01 13:00"));
    ck_assert_time_eq(pending_fu(c, "victim-update")->due_at, T("2025-05-29 13:00"));
    unload(c);
}
END_TEST

START_TEST(test_edit_reported_victim_update_over_clock_change_and_holidays)
{
    char ref[REF_LEN + 1], wd[REF_LEN + 1];
    new_case("2026-03-20 09:00", "2026-03-20 10:00", ref);
    struct case_detail *c = load(ref);
    struct case_facts f = c->facts;
    unload(c);
    f.reported_at = T("2026-03-21 10:00");
    EXPECT_OK(app_case_edit(&app, ref, &f, &err));
    c = load(ref);
    /* Sat 21 March 10:00 GMT + 28 days = Sat 18 April 10:00 BST, 09:00Z. */
    ck_assert_time_eq(pending_fu(c, "victim-update")->due_at, T("2026-04-18 10:00"));
    unload(c);

    /* Once the victim has been updated, the next update counts from that update: a later
     * correction of the report time leaves it. Tue 24 March 10:00 GMT + 28 days = Tue 21
     * April 10:00 BST. */
    EXPECT_OK(app_victim_update(&app, ref, "Told of the enquiries", T("2026-03-24 10:00"), &err));
    f.reported_at = T("2026-03-20 11:00");
    EXPECT_OK(app_case_edit(&app, ref, &f, &err));
    c = load(ref);
    ck_assert_int_eq(count_rule(c, "victim-update", STATUS_PENDING), 1);
    ck_assert_time_eq(pending_fu(c, "victim-update")->due_at, T("2026-04-21 10:00"));
    unload(c);

    /* Counted in working days: reported Wed 1 April 10:00, corrected to Thu 2 April 10:00;
     * 5 working days skip Good Friday and Easter Monday: Tue 7 ... Mon 13 April. */
    EXPECT_OK(app_rule_set(&app, "victim-update", 5, UNIT_WORKING_DAYS, -1, &err));
    new_case("2026-04-01 09:00", "2026-04-01 10:00", wd);
    c = load(wd);
    /* From Wed 1 April: Thu 2, Tue 7, Wed 8, Thu 9, Fri 10 April. */
    ck_assert_time_eq(pending_fu(c, "victim-update")->due_at, T("2026-04-10 10:00"));
    f = c->facts;
    unload(c);
    f.reported_at = T("2026-04-02 10:00");
    EXPECT_OK(app_case_edit(&app, wd, &f, &err));
    c = load(wd);
    ck_assert_time_eq(pending_fu(c, "victim-update")->due_at, T("2026-04-13 10:00"));
    unload(c);
}
END_TEST

/* ---- steps that follow the facts (issue 12, point 11) -------------------------------- */

static void new_case_uninjured(const char *occurred, const char *reported, char ref[REF_LEN + 1])
{
    struct case_facts f;
    facts_for(&f, occurred, reported);
    f.injury = INJURY_NONE;
    EXPECT_OK(app_case_new(&app, &f, ref, &err));
}

static struct case_facts facts_of(const char *ref)
{
    struct case_detail *c = load(ref);
    struct case_facts f = c->facts;
    unload(c);
    return f;
}

/* Step iod, marked not applicable while nothing called for the report, is pending again
 * once the facts call for one, due by its rule, with the reason kept and a notice. */
START_TEST(test_iod_pending_again_when_the_injury_appears)
{
    char ref[REF_LEN + 1];
    new_case_uninjured("2026-03-27 09:30", "2026-03-27 10:00", ref); /* Fri, GMT */
    EXPECT_OK(app_step_na(&app, ref, STEP_IOD, "No injury and no time off", &err));
    struct case_facts f = facts_of(ref);
    f.injury = INJURY_MINOR;
    EXPECT_OK(app_case_edit(&app, ref, &f, &err));
    struct case_detail *c = load(ref);
    const struct step *iod = &c->steps[STEP_IOD];
    ck_assert_int_eq(iod->status, STATUS_PENDING);
    ck_assert_int_eq(iod->done_at, OPH_NO_TIME);
    ck_assert_str_eq(iod->reason, "");
    /* 7 days keep the London clock time: Fri 27 March 10:00 GMT to Fri 3 April 10:00 BST,
     * an hour short of 7 * 24 hours (clocks forward 29 March). */
    ck_assert_time_eq(iod->due_at, T("2026-04-03 10:00"));
    ck_assert_int_eq(iod->due_at - T("2026-03-27 10:00"), 7 * DAY - HOUR);
    ck_assert_ptr_nonnull(strstr(iod->note, "the injury is now minor"));
    ck_assert_ptr_nonnull(strstr(iod->note, "No injury and no time off"));
    unload(c);
    ck_assert_str_eq(app.notice,
                     "step iod is pending again, due 2026-04-03 10:00 BST: the injury is now "
                     "minor (it had been marked not applicable)");

    /* Across a bank holiday, under a force's rule of 5 working days: reported Thu 2 April
     * 09:30 BST; Good Friday 3 April and Easter Monday 6 April do not count: Tue 7, Wed 8,
     * Thu 9, Fri 10, Mon 13 April 09:30. */
    EXPECT_OK(app_rule_set(&app, "iod", 5, UNIT_WORKING_DAYS, -1, &err));
    char wd[REF_LEN + 1];
    new_case_uninjured("2026-04-02 09:00", "2026-04-02 09:30", wd);
    EXPECT_OK(app_step_na(&app, wd, STEP_IOD, "Not injured", &err));
    f = facts_of(wd);
    f.days_off = 2;
    EXPECT_OK(app_case_edit(&app, wd, &f, &err));
    c = load(wd);
    ck_assert_int_eq(c->steps[STEP_IOD].status, STATUS_PENDING);
    ck_assert_time_eq(c->steps[STEP_IOD].due_at, T("2026-04-13 09:30"));
    unload(c);
    ck_assert_ptr_nonnull(strstr(app.notice, "2 days off work are recorded"));
}
END_TEST

/* Every fact that calls for the report reopens the step by itself. */
START_TEST(test_iod_pending_again_for_each_fact)
{
    for (int which = 0; which < 6; which++) {
        char ref[REF_LEN + 1];
        new_case_uninjured("2026-04-07 09:00", "2026-04-07 09:30", ref);
        EXPECT_OK(app_step_na(&app, ref, STEP_IOD, "Nothing to report", &err));
        struct case_facts f = facts_of(ref);
        const char *words = NULL;
        switch (which) {
        case 0:
            f.injury = INJURY_SERIOUS;
            words = "the injury is now serious";
            break;
        case 1:
            f.specified_injury = true;
            words = "a specified injury is recorded";
            break;
        case 2:
            f.days_off = 1;
            words = "1 day off work is recorded";
            break;
        case 3:
            f.off_work = true;
            words = "the person is off work injured";
            break;
        case 4:
            f.treatment = TREAT_FIRST_AID;
            words = "the treatment is now first-aid";
            break;
        default:
            f.mechanism = MECH_SPIT;
            words = "the mechanism is now spit";
            break;
        }
        EXPECT_OK(app_case_edit(&app, ref, &f, &err));
        struct case_detail *c = load(ref);
        ck_assert_msg(c->steps[STEP_IOD].status == STATUS_PENDING, "fact %d: iod not reopened",
                      which);
        /* Tue 7 April 09:30 BST + 7 days = Tue 14 April 09:30 BST. */
        ck_assert_time_eq(c->steps[STEP_IOD].due_at, T("2026-04-14 09:30"));
        unload(c);
        ck_assert_msg(strstr(app.notice, words), "fact %d: notice \"%s\"", which, app.notice);
    }
}
END_TEST

/* What stays as it is: a step marked not applicable although the facts already called for
 * it (the user's judgement), one done, a change that does not call for it, a closed case. */
START_TEST(test_iod_left_alone)
{
    char judged[REF_LEN + 1], done[REF_LEN + 1], other[REF_LEN + 1], closed[REF_LEN + 1];
    new_case("2026-04-07 09:00", "2026-04-07 09:30", judged); /* injury minor */
    EXPECT_OK(app_step_na(&app, judged, STEP_IOD, "Recorded on the force system already", &err));
    struct case_facts f = facts_of(judged);
    f.injury = INJURY_SERIOUS;
    f.days_off = 3;
    EXPECT_OK(app_case_edit(&app, judged, &f, &err));
    struct case_detail *c = load(judged);
    ck_assert_int_eq(c->steps[STEP_IOD].status, STATUS_NA);
    ck_assert_str_eq(c->steps[STEP_IOD].reason, "Recorded on the force system already");
    unload(c);
    ck_assert_str_eq(app.notice, "");

    new_case_uninjured("2026-04-07 09:00", "2026-04-07 09:30", done);
    ck_assert_int_eq(iod_sign(done, SIGNOFF_VICTIM, OPH_NO_TIME), 1);
    ck_assert_int_eq(iod_sign(done, SIGNOFF_SUPERVISOR, OPH_NO_TIME), 0);
    f = facts_of(done);
    f.injury = INJURY_MINOR;
    EXPECT_OK(app_case_edit(&app, done, &f, &err));
    c = load(done);
    ck_assert_int_eq(c->steps[STEP_IOD].status, STATUS_DONE);
    unload(c);

    new_case_uninjured("2026-04-07 09:00", "2026-04-07 09:30", other);
    EXPECT_OK(app_step_na(&app, other, STEP_IOD, "No injury", &err));
    f = facts_of(other);
    strcpy(f.location, "Bus station");
    f.mechanism = MECH_PUNCH;
    f.treatment = TREAT_NONE;
    EXPECT_OK(app_case_edit(&app, other, &f, &err));
    c = load(other);
    ck_assert_int_eq(c->steps[STEP_IOD].status, STATUS_NA);
    unload(c);
    ck_assert_str_eq(app.notice, "");

    new_case_uninjured("2026-04-07 09:00", "2026-04-07 09:30", closed);
    na_all_but(closed, STEP_COUNT);
    EXPECT_OK(app_case_close(&app, closed, OUT_CAUTIONED, OPH_NO_TIME, NULL, &err));
    f = facts_of(closed);
    f.injury = INJURY_MINOR;
    EXPECT_OK(app_case_edit(&app, closed, &f, &err));
    c = load(closed);
    ck_assert_int_eq(c->steps[STEP_IOD].status, STATUS_NA);
    unload(c);
    ck_assert_str_eq(app.notice, "");
}
END_TEST

/* Step evidence is done by itself when its last requested item is secured, submitted or not
 * available, and pending again when an item is added or goes back to requested. */
START_TEST(test_evidence_step_follows_its_items)
{
    char ref[REF_LEN + 1];
    new_case("2026-03-20 19:30", "2026-03-20 20:00", ref); /* Fri, GMT */
    int cctv = 0, bwv = 0, photos = 0;                     /* the items' numbers in the case */
    EXPECT_OK(app_evidence_add(&app, ref, EV_CCTV, EVS_REQUESTED, NULL, NULL, &cctv, &err));
    EXPECT_OK(app_evidence_add(&app, ref, EV_BWV, EVS_REQUESTED, NULL, NULL, &bwv, &err));
    ck_assert_str_eq(app.notice, "");
    EXPECT_OK(app_evidence_update(&app, ref, cctv, EVS_SECURED, NULL, &err));
    struct case_detail *c = load(ref);
    ck_assert_int_eq(c->steps[STEP_EVIDENCE].status, STATUS_PENDING);
    unload(c);
    ck_assert_str_eq(app.notice, "");

    app.now = T("2026-04-08 11:15");
    EXPECT_OK(app_evidence_update(&app, ref, bwv, EVS_NOT_AVAILABLE, "Not switched on", &err));
    c = load(ref);
    const struct step *st = &c->steps[STEP_EVIDENCE];
    ck_assert_int_eq(st->status, STATUS_DONE);
    ck_assert_time_eq(st->done_at, T("2026-04-08 11:15"));
    ck_assert_str_eq(st->done_by, signer());
    unload(c);
    ck_assert_str_eq(app.notice, "step evidence is done: every evidence item is secured, "
                                 "submitted or not available");

    /* A new item to get: pending again, due by the step's rule: 31 days after the assault,
     * Fri 20 March 19:30 GMT to Mon 20 April 19:30 BST (the clock time kept across 29
     * March). */
    EXPECT_OK(app_evidence_add(&app, ref, EV_PHOTOS, EVS_REQUESTED, NULL, NULL, &photos, &err));
    c = load(ref);
    st = &c->steps[STEP_EVIDENCE];
    ck_assert_int_eq(st->status, STATUS_PENDING);
    ck_assert_int_eq(st->done_at, OPH_NO_TIME);
    ck_assert_time_eq(st->due_at, T("2026-04-20 19:30"));
    ck_assert_int_eq(st->due_at - T("2026-03-20 19:30"), 31 * DAY - HOUR);
    unload(c);
    ck_assert_str_eq(app.notice, "step evidence is pending again, due 2026-04-20 19:30 BST: a "
                                 "new evidence item (photos) is requested");

    EXPECT_OK(app_evidence_update(&app, ref, photos, EVS_SUBMITTED, NULL, &err));
    c = load(ref);
    ck_assert_int_eq(c->steps[STEP_EVIDENCE].status, STATUS_DONE);
    unload(c);

    /* An item back to requested: pending again. */
    EXPECT_OK(app_evidence_update(&app, ref, cctv, EVS_REQUESTED, NULL, &err));
    c = load(ref);
    ck_assert_int_eq(c->steps[STEP_EVIDENCE].status, STATUS_PENDING);
    unload(c);
    ck_assert_ptr_nonnull(strstr(app.notice, "(cctv) is requested again"));

    /* A refused change leaves no notice behind. */
    EXPECT_FAIL(app_evidence_update(&app, ref, 999, EVS_SECURED, NULL, &err), OPH_REFUSED, "#999");
    ck_assert_str_eq(app.notice, "");
}
END_TEST

/* The first item added already secured settles the step; the user's "not applicable" gives
 * way to an item still to get, its reason kept in the note. */
START_TEST(test_evidence_step_first_item_and_not_applicable)
{
    char ref[REF_LEN + 1], na[REF_LEN + 1];
    new_case("2026-04-07 19:30", "2026-04-07 20:00", ref);
    EXPECT_OK(app_evidence_add(&app, ref, EV_BWV, EVS_SECURED, "BWV 1", NULL, NULL, &err));
    struct case_detail *c = load(ref);
    ck_assert_int_eq(c->steps[STEP_EVIDENCE].status, STATUS_DONE);
    unload(c);

    new_case("2026-04-07 19:30", "2026-04-07 20:00", na);
    EXPECT_OK(app_step_na(&app, na, STEP_EVIDENCE, "Nothing recorded the assault", &err));
    EXPECT_OK(app_evidence_add(&app, na, EV_CCTV, EVS_SECURED, NULL, NULL, NULL, &err));
    c = load(na);
    ck_assert_int_eq(c->steps[STEP_EVIDENCE].status, STATUS_NA); /* nothing left to get */
    unload(c);
    EXPECT_OK(app_evidence_add(&app, na, EV_WITNESS, EVS_REQUESTED, NULL, NULL, NULL, &err));
    c = load(na);
    ck_assert_int_eq(c->steps[STEP_EVIDENCE].status, STATUS_PENDING);
    ck_assert_str_eq(c->steps[STEP_EVIDENCE].reason, "");
    ck_assert_ptr_nonnull(strstr(c->steps[STEP_EVIDENCE].note, "Nothing recorded the assault"));
    /* Tue 7 April 19:30 BST + 31 days = Fri 8 May 19:30 BST. */
    ck_assert_time_eq(c->steps[STEP_EVIDENCE].due_at, T("2026-05-08 19:30"));
    unload(c);
    ck_assert_ptr_nonnull(strstr(app.notice, "(it had been marked not applicable)"));
}
END_TEST

/* case assign --at: the appointment that completes point (c) gives the step its done time;
 * refused before the assault, in the future, or for a role without a step. */
START_TEST(test_assign_at_the_appointment_time)
{
    char ref[REF_LEN + 1];
    new_case("2026-04-06 22:00", "2026-04-07 08:00", ref);
    EXPECT_FAIL(app_case_assign(&app, ref, CROLE_INVESTIGATOR, "I1", T("2026-04-06 21:59"), &err),
                OPH_REFUSED, "before the assault");
    EXPECT_FAIL(app_case_assign(&app, ref, CROLE_INVESTIGATOR, "I1", NOW + HOUR, &err), OPH_REFUSED,
                "future");
    EXPECT_FAIL(
        app_case_assign(&app, ref, CROLE_WELFARE_OFFICER, "I1", T("2026-04-06 23:00"), &err),
        OPH_INVALID, "investigator or the statement taker");
    struct case_detail *c = load(ref);
    ck_assert(!c->roles[CROLE_INVESTIGATOR].set);
    ck_assert(!c->roles[CROLE_WELFARE_OFFICER].set);
    unload(c);

    /* Appointed at the scene, before the report: the step is done when the second is named. */
    EXPECT_OK(app_case_assign(&app, ref, CROLE_INVESTIGATOR, "I1", T("2026-04-06 22:40"), &err));
    c = load(ref);
    ck_assert_int_eq(c->steps[STEP_INVESTIGATOR].status, STATUS_PENDING);
    unload(c);
    EXPECT_OK(app_case_assign(&app, ref, CROLE_STATEMENT_TAKER, "T1", T("2026-04-06 23:05"), &err));
    c = load(ref);
    const struct step *st = &c->steps[STEP_INVESTIGATOR];
    ck_assert_int_eq(st->status, STATUS_DONE);
    ck_assert_time_eq(st->done_at, T("2026-04-06 23:05"));
    /* Due 24 hours after the report (Wed 8 April 08:00): done in time. */
    ck_assert_int_eq(item_timeliness(st->status, st->due_at, st->done_at, NOW), TIMELY_ON_TIME);
    unload(c);

    /* Without a time: now. */
    char later[REF_LEN + 1];
    new_case("2026-04-06 22:00", "2026-04-07 08:00", later);
    EXPECT_OK(app_case_assign(&app, later, CROLE_INVESTIGATOR, "I1", OPH_NO_TIME, &err));
    EXPECT_OK(app_case_assign(&app, later, CROLE_STATEMENT_TAKER, "T1", OPH_NO_TIME, &err));
    c = load(later);
    ck_assert_time_eq(c->steps[STEP_INVESTIGATOR].done_at, NOW);
    unload(c);
}
END_TEST

/* ---- rules --------------------------------------------------------------------------- */

START_TEST(test_rule_change_recomputes_open_cases)
{
    char open_ref[REF_LEN + 1], closed_ref[REF_LEN + 1], done_ref[REF_LEN + 1];
    new_case("2026-04-07 19:30", "2026-04-07 20:00", open_ref);
    new_case("2026-04-07 07:30", "2026-04-07 08:00", closed_ref);
    new_case("2026-04-07 06:30", "2026-04-07 07:00", done_ref);
    na_all_but(closed_ref, STEP_COUNT);
    EXPECT_OK(app_case_close(&app, closed_ref, OUT_CAUTIONED, OPH_NO_TIME, NULL, &err));
    struct step_done_input in;
    step_done_input_init(&in);
    in.crime_reference = "44260000001";
    in.note = "plan";
    EXPECT_OK(app_step_done(&app, done_ref, STEP_CRIME, &in, &err));

    struct case_detail *c = load(closed_ref);
    oph_time closed_due = c->steps[STEP_CRIME].due_at;
    ck_assert_time_eq(closed_due, T("2026-04-08 08:00"));
    unload(c);

    EXPECT_OK(app_rule_set(&app, "crime", 12, -1, -1, &err));
    c = load(open_ref);
    ck_assert_time_eq(c->steps[STEP_CRIME].due_at, T("2026-04-08 08:00"));
    ck_assert_time_eq(c->steps[STEP_SLT].due_at, T("2026-04-08 20:00"));
    unload(c);
    c = load(closed_ref);
    ck_assert_time_eq(c->steps[STEP_CRIME].due_at, closed_due);
    unload(c);
    /* A step already done keeps the due time it was measured against. */
    c = load(done_ref);
    ck_assert_time_eq(c->steps[STEP_CRIME].due_at, T("2026-04-08 07:00"));
    unload(c);

    /* New cases follow the rule, which is stored in the database. */
    app_close(&app);
    EXPECT_OK(app_open(&app, db_path, NOW, &err));
    char ref[REF_LEN + 1];
    new_case("2026-04-08 09:00", "2026-04-08 09:30", ref);
    c = load(ref);
    ck_assert_time_eq(c->steps[STEP_CRIME].due_at, T("2026-04-08 21:30"));
    unload(c);
}
END_TEST

START_TEST(test_rule_change_refusals)
{
    EXPECT_FAIL(app_rule_set(&app, "no-such-rule", 12, -1, -1, &err), OPH_REFUSED, "no-such-rule");
    EXPECT_FAIL(app_rule_set(&app, "crime", MAX_DAYS_OFF + 1, -1, -1, &err), OPH_INVALID, NULL);
    char ref[REF_LEN + 1];
    new_case("2026-04-07 19:30", "2026-04-07 20:00", ref);
    struct case_detail *c = load(ref);
    ck_assert_time_eq(c->steps[STEP_CRIME].due_at, T("2026-04-08 20:00"));
    unload(c);
}
END_TEST

/* ---- bad input ----------------------------------------------------------------------- */

START_TEST(test_case_times_refused)
{
    char ref[REF_LEN + 1] = "";
    struct case_facts f;
    facts_for(&f, "2026-04-08 09:00", NULL);
    f.occurred_at = NOW + 2 * HOUR;
    EXPECT_FAIL(app_case_new(&app, &f, ref, &err), OPH_REFUSED, "future");
    facts_for(&f, "2026-04-08 09:00", "2026-04-08 12:00");
    EXPECT_FAIL(app_case_new(&app, &f, ref, &err), OPH_REFUSED, "future");
    facts_for(&f, "2026-04-07 10:00", "2026-04-07 09:00");
    EXPECT_FAIL(app_case_new(&app, &f, ref, &err), OPH_REFUSED, "before");
    facts_for(&f, "1989-12-31 10:00", "2026-04-07 09:00");
    EXPECT_FAIL(app_case_new(&app, &f, ref, &err), OPH_REFUSED, "1990");
    facts_for(&f, "2026-04-07 10:00", NULL);
    f.occurred_at = OPH_NO_TIME;
    EXPECT_FAIL(app_case_new(&app, &f, ref, &err), OPH_INVALID, "occurred");
    /* Nothing was created. */
    struct case_detail c;
    EXPECT_FAIL(app_case_load(&app, "OPH-2026-00001", &c, &err), OPH_REFUSED, "no case");
}
END_TEST

START_TEST(test_unknown_people_refused)
{
    char ref[REF_LEN + 1] = "";
    struct case_facts f;
    facts_for(&f, "2026-04-07 10:00", "2026-04-07 10:30");
    strcpy(f.victim_number, "X999");
    EXPECT_FAIL(app_case_new(&app, &f, ref, &err), OPH_REFUSED, "X999");
    facts_for(&f, "2026-04-07 10:00", "2026-04-07 10:30");
    strcpy(f.supervisor_number, "Y888");
    EXPECT_FAIL(app_case_new(&app, &f, ref, &err), OPH_REFUSED, "Y888");
    facts_for(&f, "2026-04-07 10:00", "2026-04-07 10:30");
    strcpy(f.supervisor_number, "V1");
    EXPECT_FAIL(app_case_new(&app, &f, ref, &err), OPH_REFUSED, "victim");
    struct case_detail c;
    EXPECT_FAIL(app_case_load(&app, "OPH-2026-00001", &c, &err), OPH_REFUSED, "no case");
    /* A refused case used no reference. */
    new_case("2026-04-07 10:00", "2026-04-07 10:30", ref);
    ck_assert_str_eq(ref, "OPH-2026-00001");
}
END_TEST

START_TEST(test_duplicate_staff_number_refused)
{
    struct person_input in = {.name = "PC Someone Else", .number = "V1"};
    EXPECT_FAIL(app_person_add(&app, &in, NULL, &err), OPH_REFUSED, "V1");
    struct person p;
    ck_assert_int_eq(store_person_by_number(app.store, "V1", &p, &err), 1);
    ck_assert_str_eq(p.name, "PC Vicky Victim");
}
END_TEST

/* Staff numbers are ASCII letters, digits, - and / only: an invisible or look-alike character
 * would make a second person of the same number. Each refusal names the field and the
 * character. */
START_TEST(test_staff_number_characters)
{
    static const char *const good[] = {"1001", "AB-12", "PC/4127", "x", "ab12CD-34/5"};
    for (size_t i = 0; i < sizeof good / sizeof *good; i++)
        EXPECT_OK(check_staff_number("staff number", good[i], true, &err));
    static const struct {
        const char *number, *says;
    } bad[] = {{"AB\xe2\x80\x8b"
                "12",
                "U+200B (an invisible character)"},
               {"AB\xc2\xa0"
                "12",
                "U+00A0 (a space of another kind)"},
               {"\xef\xbb\xbf"
                "AB12",
                "U+FEFF (an invisible character)"},
               {"\xd0\x90\xd0\x92"
                "12",
                "U+0410 (a Cyrillic letter)"}, /* "AB" in Cyrillic */
               {"\xce\x91"
                "B12",
                "U+0391 (a Greek letter)"},
               {"AB 12", "U+0020 (a space)"},
               {"AB\t12", "U+0009 (a control character)"},
               {"AB\xe2\x80\x94"
                "12",
                "U+2014 (a dash other than -)"},
               {"AB.12", "U+002E (punctuation)"},
               {"\xef\xbc\xa1"
                "B12",
                "U+FF21 (a full-width character)"},
               {"\xe2\x80\xae"
                "21BA",
                "U+202E (a direction mark)"},
               {"AB\xc3\xa9", "U+00E9 (a character outside A-Z, a-z and 0-9)"}};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        EXPECT_FAIL(check_staff_number("victim staff number", bad[i].number, true, &err),
                    OPH_INVALID, bad[i].says);
        ck_assert_msg(strncmp(err.msg, "victim staff number contains ", 29) == 0, "%s", err.msg);
    }
    EXPECT_FAIL(check_staff_number("staff number", "AB\xff", true, &err), OPH_INVALID, "UTF-8");
    EXPECT_FAIL(check_staff_number("staff number", "123456789012345678901", true, &err),
                OPH_INVALID, "too long");
    EXPECT_FAIL(check_staff_number("staff number", "", true, &err), OPH_INVALID, "required");
    EXPECT_OK(check_staff_number("staff number", "", false, &err));
    /* every way in: a person, the facts of a case, a lookup */
    struct person_input in = {.name = "PC Hidden Space", .number = "V1\xe2\x80\x8b"};
    EXPECT_FAIL(app_person_add(&app, &in, NULL, &err), OPH_INVALID, "U+200B");
    struct case_facts f;
    facts_for(&f, "2026-04-07 19:30", NULL);
    strcpy(f.supervisor_number, "S\xd0\x86"); /* a Cyrillic I */
    char ref[REF_LEN + 1];
    EXPECT_FAIL(app_case_new(&app, &f, ref, &err), OPH_INVALID, "supervisor staff number");
    new_case("2026-04-07 19:30", NULL, ref);
    EXPECT_FAIL(app_case_assign(&app, ref, CROLE_INVESTIGATOR, "I1\xc2\xa0", OPH_NO_TIME, &err),
                OPH_INVALID, "investigator staff number contains U+00A0");
}
END_TEST

/* One person, whatever the case of the letters of their number: found by it, never added
 * twice, never the victim's own investigator or supervisor by a change of case. */
START_TEST(test_staff_numbers_compare_without_case)
{
    ck_assert(staff_number_same("ab-12/c", "AB-12/C"));
    ck_assert(!staff_number_same("AB12", "AB13"));
    ck_assert(!staff_number_same("AB12", "AB123"));
    struct person_input in = {.name = "PC Other", .number = "v1"};
    EXPECT_FAIL(app_person_add(&app, &in, NULL, &err), OPH_REFUSED,
                "staff number v1 is already used by PC Vicky Victim (V1)");
    struct person p;
    ck_assert_int_eq(store_person_by_number(app.store, "i1", &p, &err), 1);
    ck_assert_str_eq(p.number, "I1");
    /* up to six letters every way of writing them is looked for; more, without case */
    add_person("PC Mixed Case", "aB-cD/eF9");
    add_person("PC Many Letters", "ABCDEFGH-1");
    static const char *const mixed[] = {"Ab-Cd/Ef9", "AB-CD/EF9", "ab-cd/ef9", "aB-cD/eF9"};
    for (size_t i = 0; i < sizeof mixed / sizeof *mixed; i++) {
        ck_assert_int_eq(store_person_by_number(app.store, mixed[i], &p, &err), 1);
        ck_assert_str_eq(p.number, "aB-cD/eF9");
    }
    ck_assert_int_eq(store_person_by_number(app.store, "abcdefgh-1", &p, &err), 1);
    ck_assert_str_eq(p.name, "PC Many Letters");
    ck_assert_int_eq(store_person_by_number(app.store, "ab-cd/ef8", &p, &err), 0);
    ck_assert_int_eq(store_person_by_number(app.store, "abcdefgh-2", &p, &err), 0);
    struct case_facts f;
    facts_for(&f, "2026-04-07 19:30", NULL);
    strcpy(f.victim_number, "v1");
    strcpy(f.supervisor_number, "s1");
    char ref[REF_LEN + 1];
    EXPECT_OK(app_case_new(&app, &f, ref, &err));
    struct case_detail *c = load(ref);
    ck_assert_str_eq(c->victim.number, "V1");
    case_detail_done(c);
    free(c);
    EXPECT_FAIL(app_case_assign(&app, ref, CROLE_INVESTIGATOR, "v1", OPH_NO_TIME, &err),
                OPH_REFUSED, "never investigate");
    strcpy(f.supervisor_number, "V1");
    EXPECT_FAIL(app_case_new(&app, &f, ref, &err), OPH_REFUSED, "someone other than the victim");
    /* a person's own number may change case; another's may not be taken */
    struct person_input edit = {.name = "DC Ian Investigator", .number = "i1"};
    EXPECT_OK(app_person_edit(&app, "I1", &edit, &p, &err));
    ck_assert_str_eq(p.number, "i1");
    edit.number = "t1";
    EXPECT_FAIL(app_person_edit(&app, "i1", &edit, &p, &err), OPH_REFUSED, "PC Tess Taker");
}
END_TEST

START_TEST(test_text_limits)
{
    char name[512];
    struct person_input in = {.name = name, .number = "N1"};
    memset(name, 'a', 101);
    name[101] = '\0';
    EXPECT_FAIL(app_person_add(&app, &in, NULL, &err), OPH_INVALID, "too long");
    name[100] = '\0';
    in.number = "N2";
    EXPECT_OK(app_person_add(&app, &in, NULL, &err));
    /* Characters, not bytes: 100 two-byte characters fit, 101 do not. */
    name[0] = '\0';
    for (int i = 0; i < 100; i++)
        strcat(name, "\xc3\xa9");
    in.number = "N3";
    EXPECT_OK(app_person_add(&app, &in, NULL, &err));
    strcat(name, "\xc3\xa9");
    in.number = "N4";
    EXPECT_FAIL(app_person_add(&app, &in, NULL, &err), OPH_INVALID, "too long");
    struct person p;
    ck_assert_int_eq(store_person_by_number(app.store, "N1", &p, &err), 0);
    ck_assert_int_eq(store_person_by_number(app.store, "N4", &p, &err), 0);
    ck_assert_int_eq(store_person_by_number(app.store, "N3", &p, &err), 1);
    ck_assert_str_eq(p.name, name + 2);
    /* Empty or blank names. */
    in.name = "   ";
    in.number = "N5";
    EXPECT_FAIL(app_person_add(&app, &in, NULL, &err), OPH_INVALID, "name");
    in.name = NULL;
    EXPECT_FAIL(app_person_add(&app, &in, NULL, &err), OPH_INVALID, "name");
}
END_TEST

START_TEST(test_invalid_utf8_refused)
{
    static const char *const bad[] = {
        "Bad \xff name",        /* never valid */
        "Bad \xc0\xaf name",    /* overlong '/' */
        "Bad \xe2\x82 name",    /* truncated sequence */
        "Bad \xed\xa0\x80 x",   /* surrogate */
        "Bad \xf4\x90\x80\x80", /* past U+10FFFF */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char number[8];
        snprintf(number, sizeof number, "U%zu", i);
        struct person_input in = {.name = bad[i], .number = number};
        EXPECT_FAIL(app_person_add(&app, &in, NULL, &err), OPH_INVALID, "UTF-8");
        struct person p;
        ck_assert_int_eq(store_person_by_number(app.store, number, &p, &err), 0);
    }
    char ref[REF_LEN + 1];
    struct case_facts f;
    facts_for(&f, "2026-04-07 10:00", "2026-04-07 10:30");
    strcpy(f.location, "Caf\xe9 on the corner"); /* Latin-1, not UTF-8 */
    EXPECT_FAIL(app_case_new(&app, &f, ref, &err), OPH_INVALID, "location");
    new_case("2026-04-07 10:00", "2026-04-07 10:30", ref);
    EXPECT_FAIL(app_note_add(&app, ref, "note \xff", &err), OPH_INVALID, "UTF-8");
    /* Valid UTF-8 is kept as typed. */
    struct person_input ok = {.name = "Siân Ó Súilleabháin", .number = "U9"};
    EXPECT_OK(app_person_add(&app, &ok, NULL, &err));
    struct person p;
    ck_assert_int_eq(store_person_by_number(app.store, "U9", &p, &err), 1);
    ck_assert_str_eq(p.name, "Siân Ó Súilleabháin");
}
END_TEST

START_TEST(test_control_characters_refused)
{
    struct person_input in = {.name = "Evil\x1b[2J name", .number = "C1"};
    EXPECT_FAIL(app_person_add(&app, &in, NULL, &err), OPH_INVALID, "control");
    in.name = "Two\nlines";
    EXPECT_FAIL(app_person_add(&app, &in, NULL, &err), OPH_INVALID, "control");
    in.name = "C1 ok";
    in.number = "C1\x07";
    EXPECT_FAIL(app_person_add(&app, &in, NULL, &err), OPH_INVALID, "control");
    struct person p;
    ck_assert_int_eq(store_person_by_number(app.store, "C1", &p, &err), 0);

    char ref[REF_LEN + 1];
    new_case("2026-04-07 10:00", "2026-04-07 10:30", ref);
    /* Free text allows newlines and tabs, never escapes. */
    EXPECT_FAIL(app_step_na(&app, ref, STEP_SLT, "reason \x1b]0;pwned\x07", &err), OPH_INVALID,
                "control");
    EXPECT_FAIL(app_welfare_add(&app, ref, WM_PHONE, "ok\x1b[31m", OPH_NO_TIME, &err), OPH_INVALID,
                "control");
    EXPECT_OK(app_step_na(&app, ref, STEP_SLT, "line one\nline two\tend", &err));
    struct case_detail *c = load(ref);
    ck_assert_str_eq(c->steps[STEP_SLT].reason, "line one\nline two\tend");
    ck_assert_int_eq(c->n_timeline, 0);
    unload(c);
}
END_TEST

/* ---- reminders ----------------------------------------------------------------------- */

struct rem_list {
    struct reminder r[64];
    int n;
};

static int collect(void *ctx, const struct reminder *r)
{
    struct rem_list *l = ctx;
    if (l->n < 64)
        l->r[l->n++] = *r;
    return 0;
}

static int count_state(const struct rem_list *l, enum remind_state s)
{
    int n = 0;
    for (int i = 0; i < l->n; i++)
        n += l->r[i].state == s;
    return n;
}

START_TEST(test_reminders_overdue_first)
{
    char old_ref[REF_LEN + 1], a_ref[REF_LEN + 1], b_ref[REF_LEN + 1];
    /* Old case: everything of the first week overdue (iod at 09:00 today, before 10:00). */
    new_case("2026-04-01 08:30", "2026-04-01 09:00", old_ref);
    /* Yesterday morning: the 24-hour steps were due at 08:00 today. */
    new_case("2026-04-07 07:30", "2026-04-07 08:00", a_ref);
    /* Yesterday evening: the 24-hour steps are due at 20:00 today. */
    new_case("2026-04-07 19:30", "2026-04-07 20:00", b_ref);
    EXPECT_OK(app_evidence_add(&app, a_ref, EV_PHOTOS, EVS_REQUESTED, NULL, NULL, NULL, &err));

    struct rem_list *l = calloc(1, sizeof *l);
    ck_assert_ptr_nonnull(l);
    EXPECT_OK(app_reminders(&app, 24 * HOUR, collect, l, &err));
    /* Overdue: old case's 4 day-one steps, welfare-72h, victim-code, iod and its five line
     * managers' duties (the last, the management meeting, due 7 days on at 09:00 today); case
     * A's 4 steps, inspector told (20:00 yesterday) and senior leader (08:00 today); case B's
     * inspector told (08:00 today). Due today: case B's 4 steps and senior leader (20:00).
     * Due within 24 hours: A's photos, victim-code and welfare officer (08:00 tomorrow). */
    ck_assert_int_eq(count_state(l, REMIND_OVERDUE), 19);
    ck_assert_int_eq(count_state(l, REMIND_DUE_TODAY), 5);
    ck_assert_int_eq(count_state(l, REMIND_DUE_SOON), 3);
    ck_assert_int_eq(l->n, 27);
    ck_assert_int_eq(l->r[0].state, REMIND_OVERDUE);
    ck_assert_str_eq(l->r[0].reference, old_ref);
    for (int i = 1; i < l->n; i++) {
        ck_assert_msg(l->r[i - 1].state <= l->r[i].state, "reminder %d (%s) out of order", i,
                      l->r[i].item);
        ck_assert_msg(l->r[i - 1].due_at <= l->r[i].due_at, "reminder %d (%s) not by due time", i,
                      l->r[i].item);
    }
    for (int i = 0; i < l->n; i++) {
        const struct reminder *r = &l->r[i];
        if (r->state == REMIND_OVERDUE)
            ck_assert_int_lt(r->due_at, NOW);
        if (r->state == REMIND_DUE_TODAY) {
            ck_assert_str_eq(r->reference, b_ref);
            ck_assert_int_ge(r->due_at, NOW);
            ck_assert_int_lt(r->due_at, T("2026-04-09 00:00"));
        }
        if (r->state == REMIND_DUE_SOON)
            ck_assert_str_eq(r->reference, a_ref);
    }
    bool crime_a = false, photos = false;
    for (int i = 0; i < l->n; i++) {
        crime_a |= strcmp(l->r[i].reference, a_ref) == 0 && strcmp(l->r[i].item, "step crime") == 0;
        photos |= strncmp(l->r[i].item, "evidence photos", 15) == 0;
    }
    ck_assert(crime_a);
    ck_assert(photos);

    /* Without a window: overdue and due today only. */
    l->n = 0;
    EXPECT_OK(app_reminders(&app, 0, collect, l, &err));
    ck_assert_int_eq(l->n, 24); /* the 19 overdue and 5 due today */
    ck_assert_int_eq(count_state(l, REMIND_DUE_SOON), 0);

    /* Done items are no longer reminded. */
    EXPECT_OK(app_step_na(&app, old_ref, STEP_IOD, "not injured", &err));
    l->n = 0;
    EXPECT_OK(app_reminders(&app, 0, collect, l, &err));
    ck_assert_int_eq(count_state(l, REMIND_OVERDUE), 18);
    free(l);
}
END_TEST

/* The state of one case's item in a reminder list, or -1 when it is not listed. */
static int state_of(const struct rem_list *l, const char *ref, const char *item)
{
    for (int i = 0; i < l->n; i++)
        if (strcmp(l->r[i].reference, ref) == 0 && strcmp(l->r[i].item, item) == 0)
            return (int)l->r[i].state;
    return -1;
}

static int crime_state(oph_time within, const char *ref)
{
    struct rem_list *l = calloc(1, sizeof *l);
    ck_assert_ptr_nonnull(l);
    EXPECT_OK(app_reminders(&app, within, collect, l, &err));
    int st = state_of(l, ref, "step crime");
    free(l);
    return st;
}

/* Fault 4: the window's edges. Overdue is due before now; due today is due before the next
 * London midnight (so --within 0 is today only); due soon is due at most `within` after now.
 * Each case's step crime is due 24 clock hours after its report. */
START_TEST(test_reminders_window_edges)
{
    char past[REF_LEN + 1], at_now[REF_LEN + 1], late[REF_LEN + 1], midnight[REF_LEN + 1],
        day[REF_LEN + 1], beyond[REF_LEN + 1];
    /* The clock: Wed 8 April 2026 10:00 BST. */
    new_case("2026-04-07 09:00", "2026-04-07 09:59", past);     /* due 8 April 09:59 */
    new_case("2026-04-07 09:00", "2026-04-07 10:00", at_now);   /* due 8 April 10:00 */
    new_case("2026-04-07 23:00", "2026-04-07 23:59", late);     /* due 8 April 23:59 */
    new_case("2026-04-08 00:00", "2026-04-08 00:00", midnight); /* due 9 April 00:00 */
    new_case("2026-04-08 09:00", "2026-04-08 10:00", day);      /* due 9 April 10:00 */
    new_case("2026-04-08 09:00", "2026-04-08 10:00", beyond);
    /* 9 April 10:01: one minute past a 24-hour window. */
    struct case_detail *c = load(beyond);
    struct case_facts f = c->facts;
    unload(c);
    app.now = T("2026-04-08 10:01");
    f.reported_at = T("2026-04-08 10:01");
    EXPECT_OK(app_case_edit(&app, beyond, &f, &err));
    app.now = NOW;

    ck_assert_int_eq(crime_state(0, past), REMIND_OVERDUE);
    ck_assert_int_eq(crime_state(0, at_now), REMIND_DUE_TODAY); /* not overdue at its minute */
    ck_assert_int_eq(crime_state(0, late), REMIND_DUE_TODAY);
    ck_assert_int_eq(crime_state(0, midnight), -1); /* tomorrow's 00:00 is not today */
    ck_assert_int_eq(crime_state(0, day), -1);
    /* 13 hours reach 23:00 today: still nothing of tomorrow. */
    ck_assert_int_eq(crime_state(13 * HOUR, midnight), -1);
    /* 14 hours reach 00:00 tomorrow exactly: the window includes its end. */
    ck_assert_int_eq(crime_state(14 * HOUR, midnight), REMIND_DUE_SOON);
    ck_assert_int_eq(crime_state(24 * HOUR, day), REMIND_DUE_SOON);
    ck_assert_int_eq(crime_state(24 * HOUR - 1, day), -1);
    ck_assert_int_eq(crime_state(24 * HOUR, beyond), -1);
    ck_assert_int_eq(crime_state(24 * HOUR + 60, beyond), REMIND_DUE_SOON);
    /* The command line's largest window, 8784 hours (366 days), takes them all. */
    ck_assert_int_eq(crime_state(8784 * HOUR, beyond), REMIND_DUE_SOON);
    ck_assert_int_eq(crime_state(8784 * HOUR, late), REMIND_DUE_TODAY);
}
END_TEST

/* "Today" is the London date: its midnight moves with the clock changes. */
START_TEST(test_reminders_today_over_clock_changes)
{
    char spring[REF_LEN + 1], autumn[REF_LEN + 1], autumn_late[REF_LEN + 1];
    /* Sat 28 March 2026 12:00 GMT; the next midnight is Sun 29 March 00:00 GMT (the clocks go
     * forward at 01:00 that night). */
    app.now = T("2026-03-28 12:00");
    new_case("2026-03-27 23:00", "2026-03-28 00:00", spring); /* due Sun 29 March 00:00 GMT */
    ck_assert_int_eq(crime_state(0, spring), -1);
    ck_assert_int_eq(crime_state(12 * HOUR, spring), REMIND_DUE_SOON);
    ck_assert_int_eq(crime_state(12 * HOUR - 60, spring), -1);

    /* Sat 24 October 2026 12:00 BST; the next midnight is Sun 25 October 00:00 BST, 23:00Z
     * (the clocks go back at 02:00 BST that night). */
    app.now = T("2026-10-24 12:00");
    new_case("2026-10-23 23:00", "2026-10-24 00:00", autumn);      /* due 25 Oct 00:00 BST */
    new_case("2026-10-23 23:00", "2026-10-23 23:59", autumn_late); /* due 24 Oct 23:59 BST */
    ck_assert_int_eq(crime_state(0, autumn), -1);
    ck_assert_int_eq(crime_state(0, autumn_late), REMIND_DUE_TODAY);
    ck_assert_int_eq(crime_state(12 * HOUR, autumn), REMIND_DUE_SOON);
}
END_TEST

/* ---- runner -------------------------------------------------------------------------- */

static TCase *tc(Suite *s, const char *name)
{
    TCase *t = tcase_new(s, name);
    tcase_add_checked_fixture(t, setup, teardown);
    return t;
}

/* The one on-time rule: done by the due time is on time (the very second counts), later is
 * late; pending past the due time is overdue; not applicable is neither. */
START_TEST(test_item_timeliness)
{
    const oph_time due = 1775638800, now = due + 10; /* 2026-04-08 09:00 UTC */
    ck_assert_int_eq(item_timeliness(STATUS_DONE, due, due, now), TIMELY_ON_TIME);
    ck_assert_int_eq(item_timeliness(STATUS_DONE, due, due - 60, now), TIMELY_ON_TIME);
    ck_assert_int_eq(item_timeliness(STATUS_DONE, due, due + 1, now), TIMELY_LATE);
    ck_assert_int_eq(item_timeliness(STATUS_PENDING, due, OPH_NO_TIME, due), TIMELY_PENDING);
    ck_assert_int_eq(item_timeliness(STATUS_PENDING, due, OPH_NO_TIME, due + 1), TIMELY_OVERDUE);
    ck_assert_int_eq(item_timeliness(STATUS_NA, due, due + 99, now), TIMELY_NA);
    ck_assert_int_eq(item_timeliness(STATUS_DONE, OPH_NO_TIME, due, now), TIMELY_ON_TIME);
    ck_assert_int_eq(timeliness_on_time(TIMELY_ON_TIME), 1);
    ck_assert_int_eq(timeliness_on_time(TIMELY_LATE), 0);
    ck_assert_int_eq(timeliness_on_time(TIMELY_OVERDUE), -1);
    ck_assert_int_eq(timeliness_on_time(TIMELY_PENDING), -1);
    ck_assert_int_eq(timeliness_on_time(TIMELY_NA), -1);
    ck_assert_str_eq(timeliness_words(TIMELY_LATE), "late");
    ck_assert_str_eq(timeliness_words(TIMELY_ON_TIME), "on time");
}
END_TEST

/* ---- the line managers' duties, arrest preferred, the right to review, RIDDOR, a force's
 * own follow-ups (issue 12, points 6 to 10) ---------------------------------------------- */

static const struct followup *pending_rule(const struct case_detail *c, const char *rule)
{
    return find_fu(c, rule, STATUS_PENDING);
}

static int64_t rule_id(const char *ref, const char *rule)
{
    struct case_detail *c = load(ref);
    const struct followup *f = find_fu(c, rule, STATUS_PENDING); /* the pending one, or any */
    if (!f)
        f = find_fu(c, rule, -1);
    ck_assert_msg(f != NULL, "no follow-up %s", rule);
    int64_t id = f->id;
    unload(c);
    return id;
}

static void edit(const char *ref, void (*change)(struct case_facts *))
{
    struct case_detail *c = load(ref);
    struct case_facts f = c->facts;
    unload(c);
    change(&f);
    EXPECT_OK(app_case_edit(&app, ref, &f, &err));
}

static void no_injury(struct case_facts *f)
{
    f->injury = INJURY_NONE;
}

static void minor_injury(struct case_facts *f)
{
    f->injury = INJURY_MINOR;
}

START_TEST(test_duties_done_with_who_and_when)
{
    char ref[REF_LEN + 1];
    new_case("2026-04-07 21:00", "2026-04-07 22:00", ref);
    struct case_detail *c = load(ref);
    ck_assert_int_eq(count_fu_kind(c, FU_DUTY, STATUS_PENDING), 5);
    /* Reported Tuesday 22:00 BST: inspector told within 12 hours, Wednesday 10:00. */
    ck_assert_time_eq(pending_rule(c, "inspector-told")->due_at, T("2026-04-08 10:00"));
    unload(c);
    EXPECT_OK(app_followup_done(&app, ref, rule_id(ref, "inspector-told"), T("2026-04-08 07:30"),
                                "Told Insp Grey", &err));
    c = load(ref);
    const struct followup *f = find_fu(c, "inspector-told", STATUS_DONE);
    ck_assert_ptr_nonnull(f);
    ck_assert_time_eq(f->done_at, T("2026-04-08 07:30"));
    ck_assert_str_eq(f->done_by, signer());
    ck_assert_str_eq(f->note, "Told Insp Grey");
    unload(c);
    /* Marked not applicable, who did it too. */
    EXPECT_OK(app_followup_na(&app, ref, rule_id(ref, "management-meeting"),
                              "No meeting this month", &err));
    c = load(ref);
    ck_assert_str_eq(find_fu(c, "management-meeting", STATUS_NA)->done_by, signer());
    unload(c);
}
END_TEST

START_TEST(test_welfare_officer_named_does_the_duty)
{
    char ref[REF_LEN + 1];
    new_case("2026-04-07 21:00", "2026-04-07 22:00", ref);
    EXPECT_OK(app_case_assign(&app, ref, CROLE_WELFARE_OFFICER, "T1", OPH_NO_TIME, &err));
    struct case_detail *c = load(ref);
    const struct followup *f = find_fu(c, "welfare-officer", STATUS_DONE);
    ck_assert_ptr_nonnull(f);
    ck_assert_time_eq(f->done_at, NOW);
    ck_assert_str_eq(f->note, "welfare officer appointed: PC Tess Taker (T1)");
    ck_assert_str_eq(f->done_by, signer());
    unload(c);
    /* Named again: nothing more to do. */
    EXPECT_OK(app_case_assign(&app, ref, CROLE_WELFARE_OFFICER, "I1", OPH_NO_TIME, &err));
    c = load(ref);
    ck_assert_int_eq(count_rule(c, "welfare-officer", -1), 1);
    unload(c);
}
END_TEST

START_TEST(test_injury_assessment_follows_the_injury)
{
    char ref[REF_LEN + 1];
    new_case_uninjured("2026-04-06 09:00", "2026-04-06 10:00", ref);
    struct case_detail *c = load(ref);
    ck_assert_int_eq(count_rule(c, "injury-confirmed", -1), 0);
    unload(c);
    edit(ref, minor_injury);
    c = load(ref);
    /* From the report, Monday 10:00 BST, 72 hours: Thursday 10:00. */
    ck_assert_time_eq(pending_rule(c, "injury-confirmed")->due_at, T("2026-04-09 10:00"));
    unload(c);
    edit(ref, no_injury);
    c = load(ref);
    ck_assert_int_eq(count_rule(c, "injury-confirmed", STATUS_NA), 1);
    unload(c);
    /* The injury again: withdrawn before, raised again; once confirmed, it stays. */
    edit(ref, minor_injury);
    c = load(ref);
    ck_assert_ptr_nonnull(pending_rule(c, "injury-confirmed"));
    unload(c);
    EXPECT_OK(
        app_followup_done(&app, ref, rule_id(ref, "injury-confirmed"), OPH_NO_TIME, NULL, &err));
    edit(ref, no_injury);
    edit(ref, minor_injury);
    c = load(ref);
    ck_assert_int_eq(count_rule(c, "injury-confirmed", STATUS_DONE), 1);
    ck_assert_ptr_null(pending_rule(c, "injury-confirmed"));
    unload(c);
}
END_TEST

static void known_offender(struct case_facts *f)
{
    f->offender_known = TRI_YES;
}

START_TEST(test_closing_a_known_offender_not_arrested_needs_the_reason)
{
    char ref[REF_LEN + 1];
    new_case("2026-04-07 21:00", "2026-04-07 22:00", ref);
    edit(ref, known_offender);
    na_all_but(ref, STEP_COUNT);
    EXPECT_FAIL(app_case_close(&app, ref, OUT_SUMMONSED, OPH_NO_TIME, NULL, &err), OPH_REFUSED,
                "reason for no arrest");
    EXPECT_FAIL(
        app_case_close_why(&app, ref, OUT_SUMMONSED, OPH_NO_TIME, NULL, NOARREST_OTHER, "  ", &err),
        OPH_REFUSED, "needs its words");
    EXPECT_FAIL(
        app_case_close_why(&app, ref, OUT_SUMMONSED, OPH_NO_TIME, NULL, NOARREST_COUNT, NULL, &err),
        OPH_INVALID, "unknown reason");
    struct case_detail *c = load(ref);
    ck_assert(!c->closed);
    ck_assert_int_eq(c->no_arrest_reason, -1);
    unload(c);
    EXPECT_OK(app_case_close_why(&app, ref, OUT_SUMMONSED, OPH_NO_TIME, NULL, NOARREST_NOT_LOCATED,
                                 "No trace at the address given", &err));
    c = load(ref);
    ck_assert(c->closed);
    ck_assert_int_eq(c->no_arrest_reason, NOARREST_NOT_LOCATED);
    ck_assert_str_eq(c->no_arrest_note, "No trace at the address given");
    unload(c);
    /* Any other case refuses a reason: one not known, one arrested. */
    char other[REF_LEN + 1];
    new_case("2026-04-07 21:30", "2026-04-07 22:00", other);
    na_all_but(other, STEP_COUNT);
    EXPECT_FAIL(
        app_case_close_why(&app, other, OUT_CHARGED, OPH_NO_TIME, NULL, NOARREST_UNFIT, NULL, &err),
        OPH_INVALID, "not known");
    EXPECT_OK(app_case_close(&app, other, OUT_NOT_IDENTIFIED, OPH_NO_TIME, NULL, &err));
}
END_TEST

START_TEST(test_months_at_the_same_clock_time)
{
    /* The last day of a shorter month; a leap year; across the change to BST. */
    ck_assert_time_eq(cal_add_months(T("2026-05-31 09:00"), 3), T("2026-08-31 09:00"));
    ck_assert_time_eq(cal_add_months(T("2025-11-30 09:00"), 3), T("2026-02-28 09:00"));
    ck_assert_time_eq(cal_add_months(T("2027-11-30 09:00"), 3), T("2028-02-29 09:00"));
    ck_assert_time_eq(cal_add_months(T("2026-01-31 10:00"), 3), T("2026-04-30 10:00"));
    ck_assert_int_eq(cal_add_months(T("2026-01-31 10:00"), 3) - T("2026-01-31 10:00"),
                     89 * DAY - HOUR);
    ck_assert_time_eq(cal_add_months(T("2026-12-15 23:30"), 1), T("2027-01-15 23:30"));
}
END_TEST

START_TEST(test_the_right_to_review)
{
    char ref[REF_LEN + 1];
    new_case("2026-01-02 09:00", "2026-01-02 10:00", ref);
    na_all_but(ref, STEP_COUNT);
    EXPECT_FAIL(app_case_review(&app, ref, T("2026-02-01 10:00"), -1, OPH_NO_TIME, NULL, &err),
                OPH_REFUSED, "no outcome yet");
    EXPECT_OK(app_case_close(&app, ref, OUT_NFA_VICTIM, T("2026-01-31 10:00"), NULL, &err));
    struct case_detail *c = load(ref);
    /* 31 January 10:00 GMT and 3 months: 30 April 10:00 BST. */
    ck_assert_time_eq(c->review_until, T("2026-04-30 10:00"));
    ck_assert_ptr_nonnull(find_fu(c, "outcome-notice-review", STATUS_PENDING));
    unload(c);
    EXPECT_FAIL(app_case_review(&app, ref, T("2026-01-30 10:00"), -1, OPH_NO_TIME, NULL, &err),
                OPH_REFUSED, "after the decision");
    EXPECT_FAIL(app_case_review(&app, ref, OPH_NO_TIME, REVIEW_UPHELD, OPH_NO_TIME, NULL, &err),
                OPH_REFUSED, "no request");
    EXPECT_FAIL(app_case_review(&app, ref, OPH_NO_TIME, -1, OPH_NO_TIME, NULL, &err), OPH_INVALID,
                "give when");
    EXPECT_OK(app_case_review(&app, ref, T("2026-03-01 12:00"), -1, OPH_NO_TIME, "By email", &err));
    ck_assert_str_eq(app.notice, "");
    EXPECT_FAIL(app_case_review(&app, ref, T("2026-03-02 12:00"), -1, OPH_NO_TIME, NULL, &err),
                OPH_REFUSED, "already recorded");
    EXPECT_FAIL(
        app_case_review(&app, ref, OPH_NO_TIME, REVIEW_UPHELD, T("2026-02-28 12:00"), NULL, &err),
        OPH_REFUSED, "after the request");
    EXPECT_OK(app_case_review(&app, ref, OPH_NO_TIME, REVIEW_OVERTURNED, OPH_NO_TIME, NULL, &err));
    ck_assert_ptr_nonnull(strstr(app.notice, "overturned"));
    c = load(ref);
    ck_assert_time_eq(c->review_asked_at, T("2026-03-01 12:00"));
    ck_assert_int_eq(c->review_result, REVIEW_OVERTURNED);
    ck_assert_time_eq(c->review_decided_at, NOW);
    ck_assert_str_eq(c->review_note, "By email");
    unload(c);
    EXPECT_FAIL(app_case_review(&app, ref, OPH_NO_TIME, REVIEW_UPHELD, OPH_NO_TIME, NULL, &err),
                OPH_REFUSED, "already recorded");
    /* A request after the window is recorded, and said. */
    char late[REF_LEN + 1];
    new_case("2025-11-02 09:00", "2025-11-02 10:00", late);
    na_all_but(late, STEP_COUNT);
    EXPECT_OK(app_case_close(&app, late, OUT_NFA_EVIDENTIAL, T("2025-12-01 10:00"), NULL, &err));
    EXPECT_OK(app_case_review(&app, late, T("2026-03-05 10:00"), -1, OPH_NO_TIME, NULL, &err));
    ck_assert_ptr_nonnull(strstr(app.notice, "window to ask closed (2026-03-01 10:00 GMT)"));
    /* Only a decision not to prosecute. */
    char charged[REF_LEN + 1];
    new_case("2026-04-01 09:00", "2026-04-01 10:00", charged);
    na_all_but(charged, STEP_COUNT);
    EXPECT_OK(app_case_close(&app, charged, OUT_CHARGED, OPH_NO_TIME, NULL, &err));
    EXPECT_FAIL(app_case_review(&app, charged, NOW, -1, OPH_NO_TIME, NULL, &err), OPH_REFUSED,
                "outcome is charged");
    c = load(charged);
    ck_assert_int_eq(c->review_until, OPH_NO_TIME);
    ck_assert_ptr_nonnull(find_fu(c, "outcome-notice", STATUS_PENDING));
    unload(c);
}
END_TEST

START_TEST(test_riddor_classes_and_routes)
{
    ck_assert_int_eq(riddor_classify(3, false, false), RIDDOR_NONE);
    ck_assert_int_eq(riddor_classify(4, false, false), RIDDOR_RECORD);
    ck_assert_int_eq(riddor_classify(7, false, false), RIDDOR_RECORD);
    ck_assert_int_eq(riddor_classify(8, false, false), RIDDOR_OVER_7);
    ck_assert_int_eq(riddor_classify(0, true, false), RIDDOR_SPECIFIED);
    ck_assert_int_eq(riddor_classify(8, true, true), RIDDOR_DEATH);
    char words[200];
    riddor_words(RIDDOR_RECORD, 5, words, sizeof words);
    ck_assert_ptr_nonnull(strstr(words, "over-3-day incapacity (5 days off): recorded"));
    ck_assert_ptr_nonnull(strstr(words, "not reported"));
    ck_assert(riddor_route_allowed("riddor-over-7-days", ROUTE_ONLINE));
    ck_assert(!riddor_route_allowed("riddor-over-7-days", ROUTE_TELEPHONE));
    ck_assert(riddor_route_allowed("riddor-specified", ROUTE_TELEPHONE));
    ck_assert(riddor_route_allowed("riddor-death", ROUTE_TELEPHONE));
}
END_TEST

static void died(struct case_facts *f)
{
    f->died_at = T("2026-04-07 18:30");
}

static void edit_days_9(struct case_facts *f)
{
    f->days_off = 9;
}

START_TEST(test_riddor_death_reported_at_once)
{
    char ref[REF_LEN + 1];
    new_case("2026-04-06 09:00", "2026-04-06 10:00", ref);
    edit(ref, edit_days_9);
    int64_t report = rule_id(ref, "riddor-over-7-days");
    edit(ref, died);
    struct case_detail *c = load(ref);
    const struct followup *f = find_fu(c, "riddor-death", STATUS_PENDING);
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(f->id, report); /* the pending report became the death's */
    ck_assert_time_eq(f->event_at, T("2026-04-07 18:30"));
    ck_assert_time_eq(f->due_at, T("2026-04-07 18:30"));
    unload(c);
    /* Done needs the route and the reference; the telephone takes deaths. */
    EXPECT_FAIL(app_followup_done(&app, ref, report, OPH_NO_TIME, NULL, &err), OPH_REFUSED,
                "online or telephone");
    EXPECT_FAIL(
        app_followup_report(&app, ref, report, OPH_NO_TIME, NULL, ROUTE_TELEPHONE, "", &err),
        OPH_REFUSED, "reference the HSE gave");
    EXPECT_OK(app_followup_report(&app, ref, report, T("2026-04-07 19:00"), NULL, ROUTE_TELEPHONE,
                                  "HSE/77", &err));
    c = load(ref);
    f = find_fu(c, "riddor-death", STATUS_DONE);
    ck_assert_int_eq(f->route, ROUTE_TELEPHONE);
    ck_assert_str_eq(f->reference, "HSE/77");
    ck_assert_str_eq(f->done_by, signer());
    unload(c);
    /* Another follow-up takes neither. */
    EXPECT_FAIL(app_followup_report(&app, ref, rule_id(ref, "welfare-72h"), OPH_NO_TIME, NULL,
                                    ROUTE_ONLINE, "X", &err),
                OPH_INVALID, "not a RIDDOR report");
}
END_TEST

START_TEST(test_a_death_after_a_report_is_reported_too)
{
    char ref[REF_LEN + 1];
    new_case("2026-04-06 09:00", "2026-04-06 10:00", ref);
    edit(ref, edit_days_9);
    EXPECT_FAIL(app_followup_report(&app, ref, rule_id(ref, "riddor-over-7-days"), OPH_NO_TIME,
                                    NULL, ROUTE_TELEPHONE, "T1", &err),
                OPH_REFUSED, "online only");
    EXPECT_OK(app_followup_report(&app, ref, rule_id(ref, "riddor-over-7-days"), OPH_NO_TIME, NULL,
                                  ROUTE_ONLINE, "ON-1", &err));
    edit(ref, died);
    struct case_detail *c = load(ref);
    ck_assert_int_eq(count_fu_kind(c, FU_RIDDOR, -1), 2);
    ck_assert_ptr_nonnull(find_fu(c, "riddor-over-7-days", STATUS_DONE));
    ck_assert_ptr_nonnull(find_fu(c, "riddor-death", STATUS_PENDING));
    unload(c);
}
END_TEST

static struct rule force_rule(const char *key, enum rule_start starts, int amount,
                              enum rule_unit unit)
{
    struct rule r;
    memset(&r, 0, sizeof r);
    snprintf(r.key, sizeof r.key, "%s", key);
    snprintf(r.description, sizeof r.description, "Force rule %s", key);
    r.starts = (int)starts;
    r.amount = amount;
    r.unit = unit;
    r.base = starts == START_CASE ? BASE_REPORTED : BASE_EVENT;
    r.removed_at = OPH_NO_TIME;
    return r;
}

static void hospital_and_off_work(struct case_facts *f)
{
    f->treatment = TREAT_ADMITTED;
    f->off_work = true;
}

START_TEST(test_a_forces_own_followups)
{
    struct rule r = force_rule("staff-association", START_CASE, 1, UNIT_WORKING_DAYS);
    EXPECT_OK(app_rule_add(&app, &r, &err));
    r = force_rule("chief-officer", START_HOSPITAL, 2, UNIT_HOURS);
    EXPECT_OK(app_rule_add(&app, &r, &err));
    r = force_rule("occ-health", START_OFF_WORK, 3, UNIT_DAYS);
    EXPECT_OK(app_rule_add(&app, &r, &err));
    r = force_rule("result-letter", START_OUTCOME, 2, UNIT_WORKING_DAYS);
    EXPECT_OK(app_rule_add(&app, &r, &err));
    char ref[REF_LEN + 1];
    new_case("2026-04-02 09:00", "2026-04-02 10:00", ref);
    struct case_detail *c = load(ref);
    /* Thursday 2 April 10:00 BST, one working day past Good Friday and Easter Monday. */
    const struct followup *f = pending_rule(c, "staff-association");
    ck_assert_int_eq(f->kind, FU_FORCE);
    ck_assert_time_eq(f->due_at, T("2026-04-07 10:00"));
    ck_assert_int_eq(count_fu_kind(c, FU_FORCE, -1), 1);
    unload(c);
    /* Hospital and off work recorded now, Wednesday 8 April 10:00. */
    edit(ref, hospital_and_off_work);
    c = load(ref);
    ck_assert_time_eq(pending_rule(c, "chief-officer")->due_at, T("2026-04-08 12:00"));
    ck_assert_time_eq(pending_rule(c, "occ-health")->event_at, NOW);
    ck_assert_time_eq(pending_rule(c, "occ-health")->due_at, T("2026-04-11 10:00"));
    unload(c);
    na_all_but(ref, STEP_COUNT);
    EXPECT_OK(app_case_close(&app, ref, OUT_CHARGED, T("2026-04-02 10:00"), NULL, &err));
    c = load(ref);
    ck_assert_time_eq(pending_rule(c, "result-letter")->due_at, T("2026-04-08 10:00"));
    ck_assert_int_eq(count_fu_kind(c, FU_FORCE, -1), 4);
    unload(c);
    /* Removed: no more; what was raised stays, and follows its rule. */
    EXPECT_OK(app_rule_remove(&app, "staff-association", &err));
    char after[REF_LEN + 1];
    new_case("2026-04-08 08:00", "2026-04-08 09:00", after);
    c = load(after);
    ck_assert_int_eq(count_fu_kind(c, FU_FORCE, -1), 0);
    unload(c);
    c = load(ref);
    ck_assert_ptr_nonnull(pending_rule(c, "staff-association"));
    unload(c);
    EXPECT_FAIL(app_rule_remove(&app, "staff-association", &err), OPH_REFUSED, "already removed");
    EXPECT_FAIL(app_rule_remove(&app, "crime", &err), OPH_REFUSED, "program's own");
    r = force_rule("crime", START_CASE, 1, UNIT_DAYS);
    EXPECT_FAIL(app_rule_add(&app, &r, &err), OPH_REFUSED, "program's own");
    r = force_rule("chief-officer", START_CASE, 1, UNIT_DAYS);
    EXPECT_FAIL(app_rule_add(&app, &r, &err), OPH_REFUSED, "already exists");
    r = force_rule("Chief", START_CASE, 1, UNIT_DAYS);
    EXPECT_FAIL(app_rule_add(&app, &r, &err), OPH_INVALID, "starts with a letter");
    r = force_rule("late-rule", START_HOSPITAL, 1, UNIT_DAYS);
    r.base = BASE_REPORTED;
    EXPECT_FAIL(app_rule_add(&app, &r, &err), OPH_INVALID, "base event");
    /* Back again, with new settings. */
    r = force_rule("staff-association", START_CASE, 4, UNIT_HOURS);
    EXPECT_OK(app_rule_add(&app, &r, &err));
    char again[REF_LEN + 1];
    new_case("2026-04-08 08:00", "2026-04-08 09:00", again);
    c = load(again);
    ck_assert_time_eq(pending_rule(c, "staff-association")->due_at, T("2026-04-08 13:00"));
    unload(c);
}
END_TEST

/* ---- refusals about an item ---------------------------------------------------------- */

#define EXPECT_ITEM(want_item, want_number)                                                        \
    do {                                                                                           \
        ck_assert_msg(err.item == (want_item), "\"%s\": item %d, want %d", err.msg, (int)err.item, \
                      (int)(want_item));                                                           \
        ck_assert_msg(err.item_number == (want_number), "\"%s\": item #%d, want #%d", err.msg,     \
                      err.item_number, (int)(want_number));                                        \
    } while (0)

/* A refusal about a follow-up or an evidence item carries the item and its number as data, as
 * a step's does (issue 11, point 2); the command line names the item from them. */
START_TEST(test_item_refusals_carry_their_item)
{
    char ref[REF_LEN + 1], worded[600];
    new_case("2026-04-06 09:00", "2026-04-06 10:00", ref);
    int welfare = fu_id(ref, "welfare-72h");
    EXPECT_FAIL(app_followup_done(&app, ref, welfare, T("2026-04-06 08:00"), NULL, &err),
                OPH_REFUSED, "before the assault");
    EXPECT_ITEM(OPH_ITEM_FOLLOWUP, welfare);
    EXPECT_FAIL(app_followup_report(&app, ref, welfare, OPH_NO_TIME, NULL, ROUTE_ONLINE, "X", &err),
                OPH_INVALID, "not a RIDDOR report");
    EXPECT_ITEM(OPH_ITEM_FOLLOWUP, welfare);
    EXPECT_FAIL(app_followup_na(&app, ref, welfare, "", &err), OPH_INVALID, "reason");
    EXPECT_ITEM(OPH_ITEM_FOLLOWUP, welfare);
    EXPECT_FAIL(app_followup_na(&app, ref, 999, "gone", &err), OPH_REFUSED, "#999");
    EXPECT_ITEM(OPH_ITEM_FOLLOWUP, 999);

    /* The core's own check of a RIDDOR report, and the command line's words for it. */
    struct followup r;
    memset(&r, 0, sizeof r);
    r.kind = FU_RIDDOR;
    r.number = 12;
    strcpy(r.rule, "riddor-over-7-days");
    EXPECT_FAIL(wf_followup_ready(&r, STATUS_DONE, -1, NULL, &err), OPH_REFUSED, "online");
    EXPECT_ITEM(OPH_ITEM_FOLLOWUP, 12);
    cli_word_error(&err, worded, sizeof worded);
    ck_assert_str_eq(worded, "follow-up #12: a RIDDOR report done needs how it was made to the "
                             "HSE: online or telephone (--route)");

    int cctv = 0;
    EXPECT_OK(app_evidence_add(&app, ref, EV_CCTV, EVS_REQUESTED, NULL, NULL, &cctv, &err));
    EXPECT_FAIL(app_evidence_update(&app, ref, cctv, EVS_NOT_AVAILABLE, NULL, &err), OPH_INVALID,
                "reason");
    EXPECT_ITEM(OPH_ITEM_EVIDENCE, cctv);
    cli_word_error(&err, worded, sizeof worded);
    char want[128];
    snprintf(want, sizeof want, "evidence item #%d: an evidence item not available needs a reason",
             cctv);
    ck_assert_str_eq(worded, want);
    EXPECT_FAIL(app_evidence_update(&app, ref, 999, EVS_SECURED, NULL, &err), OPH_REFUSED, "#999");
    EXPECT_ITEM(OPH_ITEM_EVIDENCE, 999);
    /* About the item itself: its sentence names it, the command line adds nothing. */
    cli_word_error(&err, worded, sizeof worded);
    ck_assert_str_eq(worded, err.msg);

    struct evidence_item e;
    memset(&e, 0, sizeof e);
    e.number = 4;
    e.kind = EV_BWV;
    e.status = EVS_NOT_AVAILABLE;
    e.due_at = e.created_at = e.updated_at = NOW;
    EXPECT_FAIL(check_evidence(&e, &err), OPH_INVALID, "reason");
    EXPECT_ITEM(OPH_ITEM_EVIDENCE, 4);
}
END_TEST

static Suite *plan_suite(void)
{
    Suite *s = suite_create("plan");

    TCase *t = tc(s, "due_times");
    tcase_add_test(t, test_item_timeliness);
    tcase_add_test(t, test_new_case_steps_and_dues);
    tcase_add_test(t, test_refusals_name_field_and_rule);
    tcase_add_test(t, test_reported_defaults_to_now);
    tcase_add_test(t, test_victim_code_working_days_over_easter);

    t = tc(s, "point_c");
    tcase_add_test(t, test_victim_never_investigator_or_statement_taker);
    tcase_add_test(t, test_db_refuses_victim_as_investigator);
    tcase_add_test(t, test_both_roles_complete_investigator_step);

    t = tc(s, "not_applicable");
    tcase_add_test(t, test_not_applicable_needs_reason);
    tcase_add_test(t, test_db_refuses_not_applicable_blank_reason);
    tcase_add_test(t, test_db_refuses_not_applicable_null_reason);

    t = tc(s, "closing");
    tcase_add_test(t, test_close_refused_while_steps_pending);
    tcase_add_test(t, test_close_needs_outcome);
    tcase_add_test(t, test_close_after_full_plan);
    tcase_add_test(t, test_closed_case_refuses_step_changes);

    t = tc(s, "step_conditions");
    tcase_add_test(t, test_iod_needs_two_signoffs);
    tcase_add_test(t, test_iod_supervisor_first);
    tcase_add_test(t, test_crime_needs_reference_and_note);
    tcase_add_test(t, test_slt_needs_note);
    tcase_add_test(t, test_victim_code_needs_answers);
    tcase_add_test(t, test_welfare_contact_completes_step);
    tcase_add_test(t, test_welfare_auto_completion_records_who);
    tcase_add_test(t, test_evidence_step_waits_for_items);
    tcase_add_test(t, test_evidence_not_available_with_reason);
    tcase_add_test(t, test_item_numbers_are_per_case);

    t = tc(s, "followups");
    tcase_add_test(t, test_riddor_over_seven_days);
    tcase_add_test(t, test_riddor_specified_injury);
    tcase_add_test(t, test_riddor_days_then_specified);
    tcase_add_test(t, test_riddor_withdrawn);
    tcase_add_test(t, test_riddor_raised_again_after_withdrawal);
    tcase_add_test(t, test_decision_arrest_victim_update);
    tcase_add_test(t, test_decision_enhanced_rights);
    tcase_add_test(t, test_decision_then_enhanced_rights_decided);
    tcase_add_test(t, test_outcome_notice_on_close);

    t = tc(s, "reraised");
    tcase_add_test(t, test_followup_done_raises_the_next_victim_update);
    tcase_add_test(t, test_followup_done_victim_update_over_clock_change_and_holidays);
    tcase_add_test(t, test_off_work_welfare_counts_from_the_contact);
    tcase_add_test(t, test_off_work_welfare_over_clock_change_and_holidays);
    tcase_add_test(t, test_off_work_set_later_counts_from_the_last_contact);
    tcase_add_test(t, test_edit_reported_moves_the_first_victim_update);
    tcase_add_test(t, test_edit_reported_victim_update_over_clock_change_and_holidays);

    t = tc(s, "duties_and_rights");
    tcase_add_test(t, test_duties_done_with_who_and_when);
    tcase_add_test(t, test_welfare_officer_named_does_the_duty);
    tcase_add_test(t, test_injury_assessment_follows_the_injury);
    tcase_add_test(t, test_closing_a_known_offender_not_arrested_needs_the_reason);
    tcase_add_test(t, test_months_at_the_same_clock_time);
    tcase_add_test(t, test_the_right_to_review);
    tcase_add_test(t, test_riddor_classes_and_routes);
    tcase_add_test(t, test_riddor_death_reported_at_once);
    tcase_add_test(t, test_a_death_after_a_report_is_reported_too);
    tcase_add_test(t, test_a_forces_own_followups);
    tcase_add_test(t, test_item_refusals_carry_their_item);

    t = tc(s, "steps_follow_facts");
    tcase_add_test(t, test_iod_pending_again_when_the_injury_appears);
    tcase_add_test(t, test_iod_pending_again_for_each_fact);
    tcase_add_test(t, test_iod_left_alone);
    tcase_add_test(t, test_evidence_step_follows_its_items);
    tcase_add_test(t, test_evidence_step_first_item_and_not_applicable);
    tcase_add_test(t, test_assign_at_the_appointment_time);

    t = tc(s, "rules");
    tcase_add_test(t, test_rule_change_recomputes_open_cases);
    tcase_add_test(t, test_rule_change_refusals);

    t = tc(s, "bad_input");
    tcase_add_test(t, test_case_times_refused);
    tcase_add_test(t, test_unknown_people_refused);
    tcase_add_test(t, test_duplicate_staff_number_refused);
    tcase_add_test(t, test_staff_number_characters);
    tcase_add_test(t, test_staff_numbers_compare_without_case);
    tcase_add_test(t, test_text_limits);
    tcase_add_test(t, test_invalid_utf8_refused);
    tcase_add_test(t, test_control_characters_refused);

    t = tc(s, "reminders");
    tcase_add_test(t, test_reminders_overdue_first);
    tcase_add_test(t, test_reminders_window_edges);
    tcase_add_test(t, test_reminders_today_over_clock_changes);

    return s;
}

int main(void)
{
    return run_suite_in_temp_dir(plan_suite(), root_dir, sizeof root_dir, "plan");
}
