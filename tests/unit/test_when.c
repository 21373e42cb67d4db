/* Unit tests for when.c: every form a person may type for a time, against a fixed clock, on
 * ordinary days, across midnight and across both clock changes of 2026 (29 March, 25 October).
 * Expected times are written as London wall-clock text, or as UTC where the change matters. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "check_support.h"
#include "ophamp/when.h"

/* London wall-clock text to an instant (the exact form, which time_parse's own tests cover). */
static oph_time L(const char *s)
{
    oph_time t = 0;
    const char *why = "";
    ck_assert_msg(time_parse(s, &t, &why) == 0, "time_parse(%s): %s", s, why);
    return t;
}

/* An instant in UTC, "YYYY-MM-DD HH:MM". */
static oph_time U(const char *s)
{
    char z[32];
    strcpy(z, s);
    strcat(z, "Z");
    return L(z);
}

static void expect(const char *now, const char *typed, oph_time want)
{
    oph_time got = 0;
    const char *why = "";
    int rc = when_parse(typed, L(now), &got, &why);
    ck_assert_msg(rc == 0, "at %s, '%s' refused: %s", now, typed, why);
    char g[OPH_LOCAL_LEN], w[OPH_LOCAL_LEN];
    time_format_local(got, g);
    time_format_local(want, w);
    ck_assert_msg(got == want, "at %s, '%s' read as %s (%lld), want %s (%lld)", now, typed, g,
                  (long long)got, w, (long long)want);
}

static void refuse(const char *now, const char *typed, const char *why_part)
{
    oph_time got = 12345;
    const char *why = NULL;
    ck_assert_msg(when_parse(typed, L(now), &got, &why) == -1, "at %s, '%s' accepted", now, typed);
    ck_assert_int_eq(got, 12345);
    ck_assert_ptr_nonnull(why);
    ck_assert_msg(strstr(why, why_part), "'%s': message '%s' lacks '%s'", typed, why, why_part);
}

#define NOW "2026-04-08 10:00" /* a Wednesday in BST */

START_TEST(test_now)
{
    expect(NOW, "now", L(NOW));
    expect(NOW, "  NOW ", L(NOW));
    expect(NOW, "Now", L(NOW));
}
END_TEST

START_TEST(test_clock_time_today_or_yesterday)
{
    expect(NOW, "09:15", L("2026-04-08 09:15"));
    expect(NOW, "9:15", L("2026-04-08 09:15"));
    expect(NOW, "10:00", L(NOW)); /* now itself is not in the future */
    expect(NOW, "00:00", L("2026-04-08 00:00"));
    /* Later than now today: yesterday's. */
    expect(NOW, "14:10", L("2026-04-07 14:10"));
    expect(NOW, "10:01", L("2026-04-07 10:01"));
    expect(NOW, "23:59", L("2026-04-07 23:59"));
    expect(NOW, "09:15:30", L("2026-04-08 09:15") + 30);
}
END_TEST

START_TEST(test_today_and_yesterday)
{
    expect(NOW, "yesterday 14:10", L("2026-04-07 14:10"));
    expect(NOW, "Yesterday   9:05", L("2026-04-07 09:05"));
    expect(NOW, "YESTERDAY 00:00", L("2026-04-07 00:00"));
    expect(NOW, "today 09:00", L("2026-04-08 09:00"));
    /* Said as today, kept as today: whether the future is allowed is the caller's check. */
    expect(NOW, "today 14:10", L("2026-04-08 14:10"));
    /* Yesterday across the turn of a month and of a year. */
    expect("2026-03-01 08:00", "yesterday 20:00", L("2026-02-28 20:00"));
    expect("2026-01-01 08:00", "yesterday 20:00", L("2025-12-31 20:00"));
}
END_TEST

START_TEST(test_ago)
{
    oph_time now = L(NOW);
    expect(NOW, "-2h", now - 7200);
    expect(NOW, "-30m", now - 1800);
    expect(NOW, "-1d", now - 86400);
    expect(NOW, "-1h30m", now - 5400);
    expect(NOW, "-1h 30m", now - 5400);
    expect(NOW, "-2 h", now - 7200);
    expect(NOW, "-90M", now - 5400);
    expect(NOW, "-0m", now);
}
END_TEST

START_TEST(test_day_first_dates)
{
    expect(NOW, "8/4/2026 14:10", L("2026-04-08 14:10")); /* in the future: caller's check */
    expect(NOW, "08/04/2026 09:05", L("2026-04-08 09:05"));
    expect(NOW, "7/4/2026 9:05", L("2026-04-07 09:05"));
    expect(NOW, "1/12/2025 23:30", L("2025-12-01 23:30"));
    expect(NOW, "8/4/2026", L("2026-04-08 00:00"));
    expect(NOW, "8/4/2026 09:05:30", L("2026-04-08 09:05") + 30);
    oph_time t = 0;
    ck_assert_int_eq(when_parse_dmy("25/12/2025 18:00", &t, NULL), 0);
    ck_assert_int_eq(t, L("2025-12-25 18:00"));
    ck_assert_int_eq(when_parse_dmy("2025-12-25 18:00", &t, NULL), -1);
}
END_TEST

START_TEST(test_exact_forms_still_read)
{
    expect(NOW, "2026-04-08 09:00", L("2026-04-08 09:00"));
    expect(NOW, " 2026-04-08 09:00 ", L("2026-04-08 09:00"));
    expect(NOW, "2026-04-08T08:00:00Z", U("2026-04-08 08:00"));
    expect(NOW, "2026-04-08", L("2026-04-08 00:00"));
}
END_TEST

START_TEST(test_refused)
{
    const char *expected = "expected now, HH:MM";
    refuse(NOW, "", expected);
    refuse(NOW, "   ", expected);
    refuse(NOW, "later", expected);
    refuse(NOW, "tomorrow 10:00", expected);
    refuse(NOW, "14", expected);
    refuse(NOW, "14:1", expected);
    refuse(NOW, "14:10pm", expected);
    refuse(NOW, "-", expected);
    refuse(NOW, "-2", expected);
    refuse(NOW, "-2x", expected);
    refuse(NOW, "-h", expected);
    refuse(NOW, "--2h", expected);
    refuse(NOW, "yesterday", expected);
    refuse(NOW, "yesterday14:10", expected);
    refuse(NOW, "nowish", expected);
    refuse(NOW, "25:00", "no such time of day");
    refuse(NOW, "12:60", "no such time of day");
    refuse(NOW, "yesterday 24:00", "no such time of day");
    refuse(NOW, "31/2/2026 10:00", "no such date");
    refuse(NOW, "8/4/2026 25:00", "no such time of day");
    refuse(NOW, "8/4/26 10:00", "expected D/M/YYYY HH:MM");
    refuse(NOW, "8-4-2026 10:00", expected);
    refuse(NOW, "2026-02-30 10:00", "no such date");
    refuse(NOW, "2026-04-08 9:00", "expected YYYY-MM-DD HH:MM");
    refuse(NOW, "-99999999d", expected);
    refuse(NOW, "-99999d", "too long ago");
    char longer[200];
    memset(longer, ' ', sizeof longer - 1);
    longer[sizeof longer - 1] = '\0';
    memcpy(longer, "yesterday", 9);
    memcpy(longer + 150, "14:10", 5); /* words over 64 characters long are not read */
    refuse(NOW, longer, expected);
    ck_assert_int_eq(when_parse(NULL, 0, NULL, NULL), -1);
}
END_TEST

START_TEST(test_across_midnight)
{
    const char *now = "2026-04-08 00:10";
    expect(now, "23:50", L("2026-04-07 23:50"));
    expect(now, "00:05", L("2026-04-08 00:05"));
    expect(now, "00:10", L("2026-04-08 00:10"));
    expect(now, "00:11", L("2026-04-07 00:11"));
    expect(now, "-30m", L("2026-04-07 23:40"));
    expect(now, "-1h", L("2026-04-07 23:10"));
    expect(now, "yesterday 23:59", L("2026-04-07 23:59"));
    expect(now, "today 00:01", L("2026-04-08 00:01"));
}
END_TEST

/* Clocks go forward on Sunday 29 March 2026 at 01:00 GMT (to 02:00 BST): 01:00-01:59 never
 * shows on a London clock that day. */
START_TEST(test_across_spring_forward)
{
    /* Two hours before 03:30 BST (02:30 UTC) is 00:30 UTC, which London called 00:30 GMT. */
    expect("2026-03-29 03:30", "-2h", U("2026-03-29 00:30"));
    expect("2026-03-29 03:30", "-2h", L("2026-03-29 00:30"));
    /* A day of seconds back is not the same clock time yesterday. */
    expect("2026-03-29 12:00", "-24h", L("2026-03-28 11:00"));
    expect("2026-03-29 12:00", "-1d", L("2026-03-28 11:00"));
    expect("2026-03-29 12:00", "yesterday 12:00", L("2026-03-28 12:00"));
    /* The skipped hour, past: refused rather than moved. */
    refuse("2026-03-29 03:30", "01:30", "clocks go forward");
    refuse("2026-03-30 10:00", "yesterday 01:30", "clocks go forward");
    refuse("2026-03-30 10:00", "29/3/2026 01:30", "clocks go forward");
    /* Still to come (before the change): yesterday's 01:30, which did exist. */
    expect("2026-03-29 00:30", "01:30", L("2026-03-28 01:30"));
    /* Either side of the skipped hour. */
    expect("2026-03-29 03:30", "00:59", U("2026-03-29 00:59"));
    expect("2026-03-29 03:30", "02:00", U("2026-03-29 01:00"));
    expect("2026-03-29 03:30", "03:00", U("2026-03-29 02:00"));
    expect("2026-03-30 10:00", "yesterday 03:00", U("2026-03-29 02:00"));
}
END_TEST

/* Clocks go back on Sunday 25 October 2026 at 01:00 GMT (02:00 BST to 01:00 GMT): 01:00-01:59
 * shows twice, and is read as the first time (BST). */
START_TEST(test_across_fall_back)
{
    expect("2026-10-25 10:00", "-10h", U("2026-10-25 00:00"));
    expect("2026-10-25 10:00", "-9h", U("2026-10-25 01:00"));
    expect("2026-10-25 10:00", "01:30", U("2026-10-25 00:30"));
    expect("2026-10-26 10:00", "yesterday 01:30", U("2026-10-25 00:30"));
    expect("2026-10-25 10:00", "02:30", U("2026-10-25 02:30"));
    expect("2026-10-25 10:00", "00:30", U("2026-10-24 23:30"));
    expect("2026-10-25 12:00", "-1d", U("2026-10-24 12:00")); /* 13:00 BST the day before */
    /* Between the two 01:30s (01:15 GMT is 01:15 UTC): the first is past, so today's. */
    expect("2026-10-25T01:15:00Z", "01:30", U("2026-10-25 00:30"));
}
END_TEST

static void relative(oph_time seconds_late, const char *want)
{
    char buf[WHEN_RELATIVE_LEN];
    oph_time now = L(NOW);
    ck_assert_str_eq(when_relative(now - seconds_late, now, buf, sizeof buf), want);
}

START_TEST(test_relative_rounds_to_the_nearest_unit)
{
    const oph_time M = 60, H = 3600, D = 86400;
    relative(22 * H + 59 * M, "23 h late");
    relative(22 * H + 29 * M, "22 h late");
    relative(22 * H + 30 * M, "23 h late");
    relative(59 * M + 29, "59 min late");
    relative(59 * M + 30, "1 h late");
    relative(89 * M, "1 h late");
    relative(90 * M, "2 h late");
    relative(47 * H + 29 * M, "47 h late");
    relative(47 * H + 30 * M, "2 days late");
    relative(2 * D + 11 * H, "2 days late");
    relative(2 * D + 12 * H, "3 days late");
    relative(29, "0 min late");
    relative(30, "1 min late");
    relative(0, "in 0 min");
    relative(-(4 * H + 40 * M), "in 5 h");
    relative(-(6 * D + 13 * H), "in 7 days");
}
END_TEST

static Suite *when_suite(void)
{
    Suite *s = suite_create("when");
    TCase *tc = tcase_new(s, "forms");
    tcase_add_test(tc, test_now);
    tcase_add_test(tc, test_clock_time_today_or_yesterday);
    tcase_add_test(tc, test_today_and_yesterday);
    tcase_add_test(tc, test_ago);
    tcase_add_test(tc, test_day_first_dates);
    tcase_add_test(tc, test_exact_forms_still_read);
    tcase_add_test(tc, test_refused);
    tcase_add_test(tc, test_relative_rounds_to_the_nearest_unit);
    TCase *edges = tcase_new(s, "edges");
    tcase_add_test(edges, test_across_midnight);
    tcase_add_test(edges, test_across_spring_forward);
    tcase_add_test(edges, test_across_fall_back);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(when_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
