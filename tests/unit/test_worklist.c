/* Unit tests of the worklists: the kind of work of every step, follow-up and evidence item
 * (worklist.c, the one place it is decided), the kinds as typed, the horizons, and the app's
 * worklist filtered by kind, by whose case it is and by off work, on a fresh database. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_support.h"
#include "ophamp/app.h"
#include "ophamp/worklist.h"

/* ---- the kinds of work --------------------------------------------------------------- */

START_TEST(test_every_step_has_its_kind)
{
    static const enum work_kind want[STEP_COUNT] = {
        [STEP_CRIME] = WK_STEP,        [STEP_VICTIM_CODE] = WK_STEP, [STEP_INVESTIGATOR] = WK_STEP,
        [STEP_WELFARE] = WK_WELFARE,   [STEP_SLT] = WK_STEP,         [STEP_IOD] = WK_DUTY,
        [STEP_EVIDENCE] = WK_EVIDENCE,
    };
    for (int c = 0; c < STEP_COUNT; c++) {
        ck_assert_msg(work_kind_of_step((enum step_code)c) == want[c], "step %s",
                      VOCAB_STEP.names[c]);
        ck_assert_int_eq(work_kind_of(DUE_STEP, c), want[c]);
    }
}
END_TEST

START_TEST(test_every_followup_kind_has_its_kind)
{
    static const enum work_kind want[FU_COUNT] = {
        [FU_WELFARE] = WK_WELFARE,
        [FU_VICTIM_UPDATE] = WK_VICTIM_UPDATE,
        [FU_OUTCOME_NOTICE] = WK_VICTIM_UPDATE,
        [FU_RIDDOR] = WK_RIDDOR,
    };
    for (int k = 0; k < FU_COUNT; k++) {
        ck_assert_msg(work_kind_of_followup((enum followup_kind)k) == want[k], "follow-up %s",
                      VOCAB_FOLLOWUP.names[k]);
        ck_assert_int_eq(work_kind_of(DUE_FOLLOWUP, k), want[k]);
    }
    for (int k = 0; k < EV_KIND_COUNT; k++)
        ck_assert_int_eq(work_kind_of(DUE_EVIDENCE, k), WK_EVIDENCE);
    /* What the store could not name (a value written by another program) is a plain step. */
    ck_assert_int_eq(work_kind_of(DUE_STEP, -1), WK_STEP);
    ck_assert_int_eq(work_kind_of(DUE_FOLLOWUP, 99), WK_STEP);
}
END_TEST

START_TEST(test_every_kind_is_named_and_reached)
{
    /* Each kind has a name, and some item is of it: no kind a filter could never match. */
    bool reached[WK_COUNT] = {false};
    for (int c = 0; c < STEP_COUNT; c++)
        reached[work_kind_of_step((enum step_code)c)] = true;
    for (int k = 0; k < FU_COUNT; k++)
        reached[work_kind_of_followup((enum followup_kind)k)] = true;
    reached[work_kind_of_evidence()] = true;
    ck_assert_int_eq((int)VOCAB_WORK_KIND.count, WK_COUNT);
    for (int k = 0; k < WK_COUNT; k++) {
        ck_assert_ptr_nonnull(VOCAB_WORK_KIND.names[k]);
        ck_assert_msg(reached[k], "no item is of kind %s", VOCAB_WORK_KIND.names[k]);
    }
}
END_TEST

START_TEST(test_kinds_as_typed)
{
    unsigned kinds = 99;
    EXPECT_OK(work_kinds_parse("welfare", &kinds, &err));
    ck_assert_uint_eq(kinds, 1u << WK_WELFARE);
    EXPECT_OK(work_kinds_parse("victim-update,duty,riddor", &kinds, &err));
    ck_assert_uint_eq(kinds, (1u << WK_VICTIM_UPDATE) | (1u << WK_DUTY) | (1u << WK_RIDDOR));
    ck_assert(work_kinds_has(kinds, WK_DUTY));
    ck_assert(!work_kinds_has(kinds, WK_STEP));
    ck_assert(work_kinds_has(WORK_KINDS_ALL, WK_STEP));
    EXPECT_FAIL(work_kinds_parse("welfar", &kinds, &err), OPH_INVALID, "'welfar'");
    ck_assert(msg_has("welfare, victim-update"));
    EXPECT_FAIL(work_kinds_parse("welfare,", &kinds, &err), OPH_INVALID, "unknown kind");
    EXPECT_FAIL(work_kinds_parse("", &kinds, &err), OPH_INVALID, "unknown kind");
    EXPECT_FAIL(work_kinds_parse("Welfare", &kinds, &err), OPH_INVALID, "'Welfare'");
}
END_TEST

/* ---- horizons ------------------------------------------------------------------------ */

START_TEST(test_horizons)
{
    oph_time now = T("2026-04-08 10:00");
    struct horizon h = {.kind = HORIZON_OVERDUE};
    ck_assert_int_eq(horizon_until(&h, now), now - 1);
    h.kind = HORIZON_TODAY;
    ck_assert_int_eq(horizon_until(&h, now), T("2026-04-09 00:00") - 1);
    h = (struct horizon){.kind = HORIZON_WITHIN, .within = 48 * 3600};
    ck_assert_int_eq(horizon_until(&h, now), T("2026-04-10 10:00"));
    h.within = 3600; /* today's items are always in */
    ck_assert_int_eq(horizon_until(&h, now), T("2026-04-09 00:00") - 1);
    h = (struct horizon){.kind = HORIZON_UNTIL, .until = {2026, 4, 10}};
    ck_assert_int_eq(horizon_until(&h, now), T("2026-04-11 00:00") - 1);
    /* The end of a day the clocks go back: 25 hours long, London midnight after it. */
    h.until = (struct oph_date){2026, 10, 25};
    ck_assert_int_eq(horizon_until(&h, now), T("2026-10-26 00:00") - 1);
    char words[64];
    horizon_words(&h, words, sizeof words);
    ck_assert_str_eq(words, "due by Sun 25 Oct 2026");
    h = (struct horizon){.kind = HORIZON_WITHIN, .within = 7 * 24 * 3600};
    horizon_words(&h, words, sizeof words);
    ck_assert_str_eq(words, "due within 7 days");
    h.within = 48 * 3600;
    horizon_words(&h, words, sizeof words);
    ck_assert_str_eq(words, "due within 48 h");
}
END_TEST

START_TEST(test_horizon_dates_as_typed)
{
    oph_time now = T("2026-04-08 10:00");
    struct oph_date d;
    const char *why = NULL;
    ck_assert_int_eq(horizon_parse_date("2026-04-15", now, &d, &why), 0);
    ck_assert(d.year == 2026 && d.month == 4 && d.day == 15);
    ck_assert_int_eq(horizon_parse_date("15/4/2026", now, &d, &why), 0);
    ck_assert(d.year == 2026 && d.month == 4 && d.day == 15);
    ck_assert_int_eq(horizon_parse_date("tomorrow", now, &d, &why), 0);
    ck_assert(d.year == 2026 && d.month == 4 && d.day == 9);
    ck_assert_int_eq(horizon_parse_date("Today", now, &d, &why), 0);
    ck_assert(d.day == 8);
    ck_assert_int_eq(horizon_parse_date("next week", now, &d, &why), -1);
    ck_assert_ptr_nonnull(why);
    ck_assert_int_eq(horizon_parse_date("15/4/2026 10:00", now, &d, &why), -1);
    ck_assert_int_eq(horizon_parse_date("2026-02-30", now, &d, &why), -1);
}
END_TEST

/* ---- the app's worklist -------------------------------------------------------------- */

static char root_dir[256];
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
    char dir[400], path[512];
    snprintf(dir, sizeof dir, "%s/db-XXXXXX", root_dir);
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/ophamp.db", dir);
    oph_error_clear(&err);
    ck_assert_msg(app_open(&app, path, T("2026-04-08 10:00"), &err) == 0, "%s", err.msg);
    add_person("Sgt Sam Supervisor", "S1"); /* named: the user */
    add_person("Sgt Other Supervisor", "S2");
    add_person("PC Vicky Victim", "V1");
    add_person("PC Oscar Offwork", "V2");
    add_person("DC Ian Investigator", "I1");
}

static void teardown(void)
{
    app_close(&app);
}

static void new_case(const char *victim, const char *supervisor, bool off_work, char *ref)
{
    struct case_facts f;
    case_facts_init(&f);
    strcpy(f.victim_number, victim);
    strcpy(f.supervisor_number, supervisor);
    f.occurred_at = T("2026-04-01 09:00");
    f.reported_at = T("2026-04-01 10:00");
    strcpy(f.location, "High Street");
    f.location_kind = LOC_STREET;
    f.injury = INJURY_MINOR;
    f.off_work = off_work;
    f.days_off = off_work ? 10 : 0;
    EXPECT_OK(app_case_new(&app, &f, ref, &err));
}

struct got {
    struct reminder r[128];
    int n;
};

static int keep(void *ctx, const struct reminder *r)
{
    struct got *g = ctx;
    ck_assert_int_lt(g->n, 128);
    g->r[g->n++] = *r;
    return 0;
}

static struct got *worklist(const struct remind_filter *f)
{
    static struct got g;
    g.n = 0;
    EXPECT_OK(app_worklist(&app, f, keep, &g, &err));
    return &g;
}

START_TEST(test_worklist_carries_the_case_and_its_people)
{
    char mine[REF_LEN + 1];
    new_case("V2", "S1", true, mine);
    struct remind_filter f = {.horizon = {.kind = HORIZON_WITHIN, .within = 60 * 24 * 3600}};
    struct got *g = worklist(&f);
    ck_assert_int_gt(g->n, 0);
    bool riddor = false, welfare_step = false;
    for (int i = 0; i < g->n; i++) {
        const struct reminder *r = &g->r[i];
        ck_assert_str_eq(r->reference, mine);
        ck_assert_str_eq(r->victim_name, "PC Oscar Offwork");
        ck_assert_str_eq(r->victim_number, "V2");
        ck_assert_str_eq(r->supervisor_name, "Sgt Sam Supervisor");
        ck_assert_str_eq(r->supervisor_number, "S1");
        ck_assert(r->off_work);
        ck_assert_int_gt(r->case_id, 0);
        if (r->kind == DUE_FOLLOWUP) {
            ck_assert_int_gt(r->number, 0);
            char label[64];
            snprintf(label, sizeof label, "follow-up %s #%d", r->key, r->number);
            ck_assert_str_eq(r->item, label);
        } else {
            ck_assert_int_eq(r->number, 0);
        }
        ck_assert_int_eq(r->work, work_kind_of(r->kind, r->sub));
        riddor |= r->work == WK_RIDDOR;
        welfare_step |= r->kind == DUE_STEP && r->work == WK_WELFARE;
    }
    ck_assert_msg(riddor, "10 days off: a RIDDOR report is due");
    ck_assert(welfare_step);
}
END_TEST

START_TEST(test_worklist_filters)
{
    char mine[REF_LEN + 1], theirs[REF_LEN + 1], off[REF_LEN + 1];
    new_case("V1", "S1", false, mine);
    new_case("V1", "S2", false, theirs);
    new_case("V2", "S2", true, off);
    struct remind_filter f = {.horizon = {.kind = HORIZON_WITHIN, .within = 60 * 24 * 3600}};
    int all = worklist(&f)->n;

    f.kinds = 1u << WK_WELFARE;
    struct got *g = worklist(&f);
    ck_assert_int_gt(g->n, 3);
    for (int i = 0; i < g->n; i++)
        ck_assert_int_eq(g->r[i].work, WK_WELFARE);

    f.kinds = (1u << WK_RIDDOR) | (1u << WK_DUTY);
    g = worklist(&f);
    ck_assert_int_gt(g->n, 0);
    for (int i = 0; i < g->n; i++)
        ck_assert(g->r[i].work == WK_RIDDOR || g->r[i].work == WK_DUTY);

    f.kinds = WORK_KINDS_ALL;
    f.mine = true; /* the user is S1: the first case only */
    g = worklist(&f);
    ck_assert_int_gt(g->n, 0);
    for (int i = 0; i < g->n; i++)
        ck_assert_str_eq(g->r[i].reference, mine);

    /* Another role makes a case mine too. */
    EXPECT_OK(app_case_assign(&app, theirs, CROLE_WELFARE_OFFICER, "S1", OPH_NO_TIME, &err));
    g = worklist(&f);
    bool saw = false;
    for (int i = 0; i < g->n; i++) {
        ck_assert(strcmp(g->r[i].reference, off) != 0);
        saw |= strcmp(g->r[i].reference, theirs) == 0;
    }
    ck_assert(saw);

    f.mine = false;
    f.off_work = true;
    g = worklist(&f);
    ck_assert_int_gt(g->n, 0);
    for (int i = 0; i < g->n; i++) {
        ck_assert_str_eq(g->r[i].reference, off);
        ck_assert(g->r[i].off_work);
    }

    f.off_work = false;
    f.horizon.kind = HORIZON_OVERDUE; /* reported a week ago: the first-day steps */
    g = worklist(&f);
    ck_assert_int_gt(g->n, 0);
    ck_assert_int_lt(g->n, all);
    for (int i = 0; i < g->n; i++)
        ck_assert_int_eq(g->r[i].state, REMIND_OVERDUE);
}
END_TEST

START_TEST(test_mine_needs_someone_named)
{
    /* A database nobody is named in: no case is anyone's. */
    char dir[400], path[512];
    snprintf(dir, sizeof dir, "%s/anon-XXXXXX", root_dir);
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/ophamp.db", dir);
    struct app other;
    ck_assert_int_eq(app_open(&other, path, T("2026-04-08 10:00"), &err), 0);
    struct remind_filter f = {.horizon = {.kind = HORIZON_TODAY}, .mine = true};
    struct got g = {.n = 0};
    EXPECT_FAIL(app_worklist(&other, &f, keep, &g, &err), OPH_REFUSED, "whoami");
    app_close(&other);
}
END_TEST

static Suite *worklist_suite(void)
{
    Suite *s = suite_create("worklist");
    TCase *t = tcase_new(s, "kinds");
    tcase_add_test(t, test_every_step_has_its_kind);
    tcase_add_test(t, test_every_followup_kind_has_its_kind);
    tcase_add_test(t, test_every_kind_is_named_and_reached);
    tcase_add_test(t, test_kinds_as_typed);
    tcase_add_test(t, test_horizons);
    tcase_add_test(t, test_horizon_dates_as_typed);
    t = tcase_new(s, "app");
    tcase_add_checked_fixture(t, setup, teardown);
    tcase_add_test(t, test_worklist_carries_the_case_and_its_people);
    tcase_add_test(t, test_worklist_filters);
    tcase_add_test(t, test_mine_needs_someone_named);
    return s;
}

int main(void)
{
    return run_suite_in_temp_dir(worklist_suite(), root_dir, sizeof root_dir, "worklist");
}
