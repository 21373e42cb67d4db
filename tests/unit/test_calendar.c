/* Unit tests for calendar.c: bank holidays against DOMAIN.md, working days, London time and
 * parsing. Known dates are written out literally so a rule change cannot hide a regression. */
#include <check.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "check_support.h"
#include "ophamp/calendar.h"

static struct oph_date D(int y, int m, int d) {
    struct oph_date r = {y, m, d};
    return r;
}

static struct oph_local
L(int y, int mo, int d, int h, int mi, int s) {
    struct oph_local r = {y, mo, d, h, mi, s};
    return r;
}

static struct calendar
known_cal(void)
{
    struct calendar c = {cal_known_overrides, cal_n_known_overrides};
    return c;
}

/* UTC instant from fields; days_from_civil itself is checked in test_civil_days_round_trip. */
static oph_time utc(int y, int mo, int d, int h, int mi, int s)
{
    return cal_days_from_civil(D(y, mo, d)) * 86400 + h * 3600 + mi * 60 + s;
}

static oph_time london(int y, int mo, int d, int h, int mi)
{
    oph_time t = 0;
    enum local_kind k = london_to_utc(L(y, mo, d, h, mi, 0), &t);
    ck_assert_int_eq(k, LOCAL_OK);
    return t;
}

#define ck_assert_date_eq(a, b)                                                                    \
    do {                                                                                           \
        struct oph_date a_ = (a), b_ = (b);                                                        \
        ck_assert_msg(cal_date_cmp(a_, b_) == 0, "got %04d-%02d-%02d, want %04d-%02d-%02d",        \
                      a_.year, a_.month, a_.day, b_.year, b_.month, b_.day);                       \
    } while (0)

/* DOMAIN.md "Known dates to test against", month*100+day, 0-terminated. */
struct known_year {
    int year;
    int dates[11];
};

static const struct known_year known_years[] = {
    {2018, {101, 330, 402, 507, 528, 827, 1225, 1226, 0}},
    {2019, {101, 419, 422, 506, 527, 826, 1225, 1226, 0}},
    {2020, {101, 410, 413, 508, 525, 831, 1225, 1228, 0}},
    {2021, {101, 402, 405, 503, 531, 830, 1227, 1228, 0}},
    {2022, {103, 415, 418, 502, 602, 603, 829, 919, 1226, 1227, 0}},
    {2023, {102, 407, 410, 501, 508, 529, 828, 1225, 1226, 0}},
    {2024, {101, 329, 401, 506, 527, 826, 1225, 1226, 0}},
    {2025, {101, 418, 421, 505, 526, 825, 1225, 1226, 0}},
    {2026, {101, 403, 406, 504, 525, 831, 1225, 1228, 0}},
};
enum { N_KNOWN_YEARS = sizeof known_years / sizeof known_years[0] };

START_TEST(test_known_holidays_listed)
{
    const struct known_year *ky = &known_years[_i];
    struct calendar cal = known_cal();
    for (int i = 0; ky->dates[i] != 0; i++) {
        struct oph_date d = D(ky->year, ky->dates[i] / 100, ky->dates[i] % 100);
        ck_assert_msg(cal_is_bank_holiday(&cal, d), "%04d-%02d-%02d should be a holiday", d.year,
                      d.month, d.day);
        ck_assert(!cal_is_working_day(&cal, d));
    }
}
END_TEST

START_TEST(test_known_holidays_no_extra)
{
    const struct known_year *ky = &known_years[_i];
    struct calendar cal = known_cal();
    int listed = 0;
    while (ky->dates[listed] != 0)
        listed++;
    int found = 0;
    int64_t first = cal_days_from_civil(D(ky->year, 1, 1));
    int64_t end = cal_days_from_civil(D(ky->year + 1, 1, 1));
    for (int64_t day = first; day < end; day++) {
        if (cal_is_bank_holiday(&cal, cal_civil_from_days(day)))
            found++;
    }
    ck_assert_int_eq(found, listed);
}
END_TEST

START_TEST(test_override_table)
{
    ck_assert_uint_eq(cal_n_known_overrides, 7);
    int adds = 0, removes = 0;
    for (size_t i = 0; i < cal_n_known_overrides; i++) {
        if (cal_known_overrides[i].change == HOLIDAY_ADD)
            adds++;
        else
            removes++;
    }
    ck_assert_int_eq(adds, 5);
    ck_assert_int_eq(removes, 2);
}
END_TEST

START_TEST(test_regular_rules_without_overrides)
{
    struct calendar none = {NULL, 0};
    ck_assert(cal_is_bank_holiday(&none, D(2020, 5, 4)));
    ck_assert(!cal_is_bank_holiday(&none, D(2020, 5, 8)));
    ck_assert(cal_is_bank_holiday(&none, D(2022, 5, 30)));
    ck_assert(!cal_is_bank_holiday(&none, D(2022, 6, 2)));
    ck_assert(!cal_is_bank_holiday(&none, D(2022, 6, 3)));
    ck_assert(!cal_is_bank_holiday(&none, D(2022, 9, 19)));
    ck_assert(!cal_is_bank_holiday(&none, D(2023, 5, 8)));
    /* A NULL calendar means the same thing. */
    ck_assert(cal_is_bank_holiday(NULL, D(2020, 5, 4)));
    ck_assert(cal_is_working_day(NULL, D(2022, 6, 3)));

    struct oph_date h[8];
    ck_assert_uint_eq(cal_regular_holidays(2022, h), 8);
    ck_assert_date_eq(h[0], D(2022, 1, 3));
    ck_assert_date_eq(h[4], D(2022, 5, 30));
    ck_assert_date_eq(h[6], D(2022, 12, 26));
    ck_assert_date_eq(h[7], D(2022, 12, 27));

    /* With overrides the regular holidays stay regular, and the removed days are working. */
    struct calendar cal = known_cal();
    ck_assert(!cal_is_bank_holiday(&cal, D(2020, 5, 4)));
    ck_assert(cal_is_working_day(&cal, D(2020, 5, 4)));
    ck_assert(!cal_is_bank_holiday(&cal, D(2022, 5, 30)));
}
END_TEST

START_TEST(test_regular_holidays_sorted_and_weekdays)
{
    for (int year = 1900; year <= 2400; year++) {
        struct oph_date h[8];
        ck_assert_uint_eq(cal_regular_holidays(year, h), 8);
        for (int i = 0; i < 8; i++) {
            ck_assert_int_eq(h[i].year, year);
            ck_assert_int_lt(cal_weekday(h[i]), 5);
            if (i > 0)
                ck_assert_int_lt(cal_date_cmp(h[i - 1], h[i]), 0);
        }
    }
}
END_TEST

/* cal_is_bank_holiday() skips most of the year without computing the holidays: every day
 * of five centuries must still agree with the list, and the working-day count with a count
 * made day by day. */
START_TEST(test_bank_holiday_matches_list_every_day)
{
    for (int year = 1900; year <= 2400; year++) {
        struct oph_date h[8];
        size_t n = cal_regular_holidays(year, h);
        size_t next = 0;
        for (struct oph_date d = {year, 1, 1}; d.year == year;
             d = cal_civil_from_days(cal_days_from_civil(d) + 1)) {
            bool listed = next < n && cal_date_cmp(h[next], d) == 0;
            if (listed)
                next++;
            if (cal_is_bank_holiday(NULL, d) != listed)
                ck_abort_msg("%04d-%02d-%02d", d.year, d.month, d.day);
        }
        if (next != n)
            ck_abort_msg("%d: %zu of %zu holidays met", year, next, n);
    }
    const struct calendar known = known_cal();
    for (int64_t day = cal_days_from_civil(D(2015, 12, 20));
         day < cal_days_from_civil(D(2027, 1, 5)); day += 3) {
        struct oph_date from = cal_civil_from_days(day);
        for (int k = 1; k <= 40; k += 13) {
            int64_t slow = day;
            for (int left = k; left > 0;) {
                slow++;
                struct oph_date d = cal_civil_from_days(slow);
                if (cal_weekday(d) < 5 && !cal_is_bank_holiday(&known, d))
                    left--;
            }
            struct oph_date got = cal_add_working_days(&known, from, k);
            if (cal_date_cmp(got, cal_civil_from_days(slow)) != 0)
                ck_abort_msg("%d working days after %04d-%02d-%02d: %04d-%02d-%02d", k, from.year,
                             from.month, from.day, got.year, got.month, got.day);
        }
    }
}
END_TEST

/* The offset takes a shortcut outside March and October: check it hour by hour against the
 * rule itself (01:00 UTC on the last Sundays of March and October). Plain checks in the
 * loops of this file: a ck_assert costs a write to Check's pipe, and 800,000 of them made
 * this test as slow as the machine was loaded. */
START_TEST(test_london_offset_every_hour)
{
    for (int year = 1995; year <= 2040; year++) {
        oph_time start[2];
        for (int i = 0; i < 2; i++) {
            int month = i == 0 ? 3 : 10;
            struct oph_date last = {year, month, 31};
            while (cal_weekday(last) != 6)
                last.day--;
            start[i] = cal_days_from_civil(last) * 86400 + 3600;
        }
        oph_time from = cal_days_from_civil(D(year, 1, 1)) * 86400;
        oph_time to = cal_days_from_civil(D(year + 1, 1, 1)) * 86400;
        for (oph_time t = from; t < to; t += 3600) {
            int want = t >= start[0] && t < start[1] ? 3600 : 0;
            if (london_offset(t) != want || london_offset(t + 3599) != want)
                ck_abort_msg("%lld: offset %d and %d, want %d", (long long)t, london_offset(t),
                             london_offset(t + 3599), want);
        }
    }
}
END_TEST

START_TEST(test_substitute_days)
{
    struct oph_date h[8];
    /* 2027: Christmas on Saturday -> Mon 27 and Tue 28; 2028-01-01 is a Saturday. */
    cal_regular_holidays(2027, h);
    ck_assert_date_eq(h[6], D(2027, 12, 27));
    ck_assert_date_eq(h[7], D(2027, 12, 28));
    cal_regular_holidays(2028, h);
    ck_assert_date_eq(h[0], D(2028, 1, 3));
    /* 2033: Christmas on Sunday -> Boxing Day Mon 26, Christmas Tue 27. */
    cal_regular_holidays(2033, h);
    ck_assert_date_eq(h[6], D(2033, 12, 26));
    ck_assert_date_eq(h[7], D(2033, 12, 27));
    /* 2023-01-01 was a Sunday. */
    cal_regular_holidays(2023, h);
    ck_assert_date_eq(h[0], D(2023, 1, 2));
    /* 2026: Boxing Day on Saturday -> Monday 28. */
    cal_regular_holidays(2026, h);
    ck_assert_date_eq(h[6], D(2026, 12, 25));
    ck_assert_date_eq(h[7], D(2026, 12, 28));
}
END_TEST

START_TEST(test_easter)
{
    ck_assert_date_eq(cal_easter(2019), D(2019, 4, 21));
    ck_assert_date_eq(cal_easter(2024), D(2024, 3, 31));
    ck_assert_date_eq(cal_easter(2025), D(2025, 4, 20));
    ck_assert_date_eq(cal_easter(2026), D(2026, 4, 5));
    ck_assert_date_eq(cal_easter(2038), D(2038, 4, 25));
    ck_assert_date_eq(cal_easter(2285), D(2285, 3, 22));
    ck_assert_date_eq(cal_easter(1900), D(1900, 4, 15));
    ck_assert_date_eq(cal_easter(2000), D(2000, 4, 23));
    for (int year = 1900; year <= 9999; year++) {
        struct oph_date e = cal_easter(year);
        ck_assert_int_eq(cal_weekday(e), 6);
        ck_assert(cal_date_cmp(e, D(year, 3, 22)) >= 0);
        ck_assert(cal_date_cmp(e, D(year, 4, 25)) <= 0);
    }
}
END_TEST

START_TEST(test_working_days)
{
    struct calendar cal = known_cal();
    /* Thu before Good Friday: Fri 3 and Mon 6 April are holidays. */
    ck_assert_date_eq(cal_add_working_days(&cal, D(2026, 4, 2), 1), D(2026, 4, 7));
    /* Wed 23 Dec: Thu 24 is one, Fri 25 and Mon 28 (Boxing substitute) are holidays. */
    ck_assert_date_eq(cal_add_working_days(&cal, D(2026, 12, 23), 2), D(2026, 12, 29));
    /* Thu 2020-12-24: Fri 25 Christmas, Mon 28 Boxing substitute. */
    ck_assert_date_eq(cal_add_working_days(&cal, D(2020, 12, 24), 1), D(2020, 12, 29));
    /* Saturday + 1 = Monday, unless Monday is a holiday. */
    ck_assert_date_eq(cal_add_working_days(&cal, D(2026, 4, 11), 1), D(2026, 4, 13));
    ck_assert_date_eq(cal_add_working_days(&cal, D(2026, 4, 4), 1), D(2026, 4, 7));
    /* The start day does not count even when it is a working day. */
    ck_assert_date_eq(cal_add_working_days(&cal, D(2026, 4, 8), 1), D(2026, 4, 9));
    ck_assert_date_eq(cal_add_working_days(&cal, D(2026, 4, 8), 0), D(2026, 4, 8));
    ck_assert_date_eq(cal_add_working_days(&cal, D(2026, 4, 4), 0), D(2026, 4, 4));
    /* Overrides count: 2022 Jubilee Thu 2 and Fri 3 June. */
    ck_assert_date_eq(cal_add_working_days(&cal, D(2022, 6, 1), 1), D(2022, 6, 6));
    ck_assert_date_eq(cal_add_working_days(&cal, D(2022, 5, 27), 1), D(2022, 5, 30));
    /* Ten working days over New Year 2026/27: 29,30,31 Dec, 4..8 Jan, 11, 12 Jan. */
    ck_assert_date_eq(cal_add_working_days(&cal, D(2026, 12, 24), 10), D(2027, 1, 12));
    ck_assert(cal_is_working_day(&cal, D(2026, 4, 8)));
    ck_assert(!cal_is_working_day(&cal, D(2026, 4, 11)));
    ck_assert(!cal_is_working_day(&cal, D(2026, 4, 12)));
}
END_TEST

START_TEST(test_add_working_days_at_keeps_clock)
{
    struct calendar cal = known_cal();
    /* Fri 10:00 GMT + 1 working day = Mon 10:00 BST, which is 09:00Z. */
    oph_time t = london(2026, 3, 27, 10, 0);
    ck_assert_int_eq(t, utc(2026, 3, 27, 10, 0, 0));
    oph_time r = cal_add_working_days_at(&cal, t, 1);
    ck_assert_int_eq(r, utc(2026, 3, 30, 9, 0, 0));
    /* Back to GMT in October: Fri 23 10:00 BST -> Mon 26 10:00 GMT. */
    r = cal_add_working_days_at(&cal, london(2026, 10, 23, 10, 0), 1);
    ck_assert_int_eq(r, utc(2026, 10, 26, 10, 0, 0));
    /* Uses the London date: 23:30Z on Tue 31 March 2026 is 00:30 on Wed 1 April in London,
     * so the result is Thu 2 April 00:30 BST. */
    r = cal_add_working_days_at(&cal, utc(2026, 3, 31, 23, 30, 0), 1);
    ck_assert_int_eq(r, utc(2026, 4, 1, 23, 30, 0));
    /* Over Easter 2026 at 16:45. */
    r = cal_add_working_days_at(&cal, london(2026, 4, 2, 16, 45), 1);
    ck_assert_int_eq(r, london(2026, 4, 7, 16, 45));
    ck_assert_int_eq(cal_add_working_days_at(&cal, t, 0), t);
}
END_TEST

START_TEST(test_add_days_across_dst)
{
    /* Spring: 12:00 GMT Sat -> 12:00 BST Sun is 23 hours later. */
    oph_time t = utc(2026, 3, 28, 12, 0, 0);
    ck_assert_int_eq(cal_add_days(t, 1), utc(2026, 3, 29, 11, 0, 0));
    /* Autumn: 12:00 BST Sat -> 12:00 GMT Sun is 25 hours later. */
    t = utc(2026, 10, 24, 11, 0, 0);
    ck_assert_int_eq(cal_add_days(t, 1), utc(2026, 10, 25, 12, 0, 0));
    /* A week across the change keeps 09:30 London. */
    oph_time r = cal_add_days(london(2026, 3, 25, 9, 30), 7);
    ck_assert_int_eq(r, london(2026, 4, 1, 9, 30));
    /* Landing in the gap: 01:30 is read as GMT, i.e. 02:30 BST. */
    t = utc(2026, 3, 28, 1, 30, 0);
    ck_assert_int_eq(cal_add_days(t, 1), utc(2026, 3, 29, 1, 30, 0));
    /* Landing in the overlap picks the first (BST) 01:30. */
    t = utc(2026, 10, 24, 0, 30, 0);
    ck_assert_int_eq(cal_add_days(t, 1), utc(2026, 10, 25, 0, 30, 0));
    /* Backwards and zero. */
    ck_assert_int_eq(cal_add_days(utc(2026, 3, 29, 11, 0, 0), -1), utc(2026, 3, 28, 12, 0, 0));
    ck_assert_int_eq(cal_add_days(t, 0), t);
    /* Leap day. */
    ck_assert_int_eq(cal_add_days(utc(2024, 2, 28, 8, 0, 0), 1), utc(2024, 2, 29, 8, 0, 0));
}
END_TEST

START_TEST(test_add_hours_exact)
{
    oph_time t = utc(2026, 3, 29, 0, 30, 0);
    ck_assert_int_eq(cal_add_hours(t, 1), utc(2026, 3, 29, 1, 30, 0));
    ck_assert_int_eq(cal_add_hours(t, 24), t + 86400);
    t = utc(2026, 10, 24, 12, 0, 0);
    ck_assert_int_eq(cal_add_hours(t, 48), t + 48 * 3600);
    ck_assert_int_eq(cal_add_hours(t, -5), t - 5 * 3600);
    /* Large values do not overflow int arithmetic. */
    ck_assert_int_eq(cal_add_hours(0, 1000000), (oph_time)1000000 * 3600);
}
END_TEST

START_TEST(test_london_offset)
{
    ck_assert_int_eq(london_offset(utc(2026, 1, 15, 12, 0, 0)), 0);
    ck_assert_int_eq(london_offset(utc(2026, 7, 15, 12, 0, 0)), 3600);
    ck_assert_int_eq(london_offset(utc(2026, 3, 29, 0, 59, 59)), 0);
    ck_assert_int_eq(london_offset(utc(2026, 3, 29, 1, 0, 0)), 3600);
    ck_assert_int_eq(london_offset(utc(2026, 10, 25, 0, 59, 59)), 3600);
    ck_assert_int_eq(london_offset(utc(2026, 10, 25, 1, 0, 0)), 0);
    ck_assert_int_eq(london_offset(utc(2024, 3, 31, 1, 0, 0)), 3600);
    ck_assert_int_eq(london_offset(utc(2024, 10, 27, 0, 59, 59)), 3600);
    ck_assert_int_eq(london_offset(utc(2024, 10, 27, 1, 0, 0)), 0);

    struct oph_local l = london_from_utc(utc(2026, 4, 8, 9, 0, 0));
    ck_assert_int_eq(l.year, 2026);
    ck_assert_int_eq(l.month, 4);
    ck_assert_int_eq(l.day, 8);
    ck_assert_int_eq(l.hour, 10);
    ck_assert_int_eq(l.minute, 0);
    ck_assert_date_eq(london_date(utc(2026, 6, 30, 23, 15, 0)), D(2026, 7, 1));
    ck_assert_date_eq(london_date(utc(2026, 12, 31, 23, 15, 0)), D(2026, 12, 31));
}
END_TEST

START_TEST(test_london_to_utc)
{
    oph_time t = 0;
    /* Spring gap. */
    ck_assert_int_eq(london_to_utc(L(2026, 3, 29, 1, 30, 0), &t), LOCAL_GAP);
    ck_assert_int_eq(t, utc(2026, 3, 29, 1, 30, 0));
    ck_assert_int_eq(london_to_utc(L(2026, 3, 29, 1, 0, 0), &t), LOCAL_GAP);
    ck_assert_int_eq(london_to_utc(L(2026, 3, 29, 1, 59, 59), &t), LOCAL_GAP);
    ck_assert_int_eq(london_to_utc(L(2026, 3, 29, 0, 59, 59), &t), LOCAL_OK);
    ck_assert_int_eq(t, utc(2026, 3, 29, 0, 59, 59));
    ck_assert_int_eq(london_to_utc(L(2026, 3, 29, 2, 0, 0), &t), LOCAL_OK);
    ck_assert_int_eq(t, utc(2026, 3, 29, 1, 0, 0));
    /* Autumn overlap: first occurrence (BST). */
    ck_assert_int_eq(london_to_utc(L(2026, 10, 25, 1, 30, 0), &t), LOCAL_AMBIGUOUS);
    ck_assert_int_eq(t, utc(2026, 10, 25, 0, 30, 0));
    ck_assert_int_eq(london_to_utc(L(2026, 10, 25, 1, 0, 0), &t), LOCAL_AMBIGUOUS);
    ck_assert_int_eq(t, utc(2026, 10, 25, 0, 0, 0));
    ck_assert_int_eq(london_to_utc(L(2026, 10, 25, 0, 59, 59), &t), LOCAL_OK);
    ck_assert_int_eq(t, utc(2026, 10, 24, 23, 59, 59));
    ck_assert_int_eq(london_to_utc(L(2026, 10, 25, 2, 0, 0), &t), LOCAL_OK);
    ck_assert_int_eq(t, utc(2026, 10, 25, 2, 0, 0));
    /* Invalid fields. */
    ck_assert_int_eq(london_to_utc(L(2026, 13, 1, 0, 0, 0), &t), LOCAL_INVALID);
    ck_assert_int_eq(london_to_utc(L(2026, 0, 1, 0, 0, 0), &t), LOCAL_INVALID);
    ck_assert_int_eq(london_to_utc(L(2026, 2, 29, 0, 0, 0), &t), LOCAL_INVALID);
    ck_assert_int_eq(london_to_utc(L(2026, 4, 31, 0, 0, 0), &t), LOCAL_INVALID);
    ck_assert_int_eq(london_to_utc(L(2026, 4, 0, 0, 0, 0), &t), LOCAL_INVALID);
    ck_assert_int_eq(london_to_utc(L(2026, 4, 8, 24, 0, 0), &t), LOCAL_INVALID);
    ck_assert_int_eq(london_to_utc(L(2026, 4, 8, -1, 0, 0), &t), LOCAL_INVALID);
    ck_assert_int_eq(london_to_utc(L(2026, 4, 8, 10, 60, 0), &t), LOCAL_INVALID);
    ck_assert_int_eq(london_to_utc(L(2026, 4, 8, 10, 0, 60), &t), LOCAL_INVALID);
    ck_assert_int_eq(london_to_utc(L(1899, 12, 31, 0, 0, 0), &t), LOCAL_INVALID);
    ck_assert_int_eq(london_to_utc(L(10000, 1, 1, 0, 0, 0), &t), LOCAL_INVALID);
    ck_assert_int_eq(london_to_utc(L(2024, 2, 29, 0, 0, 0), &t), LOCAL_OK);
    ck_assert_int_eq(london_to_utc(L(1900, 1, 1, 0, 0, 0), &t), LOCAL_OK);
    ck_assert_int_eq(london_to_utc(L(9999, 12, 31, 23, 59, 59), &t), LOCAL_OK);
}
END_TEST

/* Every quarter hour of 2025..2027: from_utc then to_utc gives back the instant, except the
 * second pass through the autumn overlap, which maps to the first. */
START_TEST(test_london_round_trip)
{
    for (oph_time t = utc(2025, 1, 1, 0, 0, 0); t < utc(2028, 1, 1, 0, 0, 0); t += 900) {
        oph_time back = 0;
        enum local_kind k = london_to_utc(london_from_utc(t), &back);
        oph_time want = k == LOCAL_OK || london_offset(t) == 3600 ? t : t - 3600;
        if (k == LOCAL_GAP || k == LOCAL_INVALID || back != want)
            ck_abort_msg("%lld: kind %d, back %lld, want %lld", (long long)t, (int)k,
                         (long long)back, (long long)want);
    }
}
END_TEST

static void assert_parses(const char *s, oph_time want)
{
    oph_time t = -1;
    const char *why = NULL;
    ck_assert_msg(time_parse(s, &t, &why) == 0, "'%s' refused: %s", s, why ? why : "?");
    ck_assert_msg(t == want, "'%s' gave %lld, want %lld", s, (long long)t, (long long)want);
}

static void assert_refused(const char *s, const char *want_why)
{
    oph_time t = 12345;
    const char *why = NULL;
    ck_assert_msg(time_parse(s, &t, &why) == -1, "'%s' accepted", s);
    ck_assert_ptr_nonnull(why);
    ck_assert_str_eq(why, want_why);
    ck_assert_int_eq(t, 12345);
}

START_TEST(test_time_parse_valid)
{
    assert_parses("2026-04-08 10:00", utc(2026, 4, 8, 9, 0, 0));
    assert_parses("2026-04-08T10:00", utc(2026, 4, 8, 9, 0, 0));
    assert_parses("2026-04-08 10:00:30", utc(2026, 4, 8, 9, 0, 30));
    assert_parses("2026-04-08T10:00:30", utc(2026, 4, 8, 9, 0, 30));
    assert_parses("2026-04-08", utc(2026, 4, 7, 23, 0, 0));
    assert_parses("2026-01-15 10:00", utc(2026, 1, 15, 10, 0, 0));
    assert_parses("2026-01-15", utc(2026, 1, 15, 0, 0, 0));
    assert_parses("2026-04-08T09:00Z", utc(2026, 4, 8, 9, 0, 0));
    assert_parses("2026-04-08 09:00Z", utc(2026, 4, 8, 9, 0, 0));
    assert_parses("2026-04-08T09:00:00Z", utc(2026, 4, 8, 9, 0, 0));
    assert_parses("2026-04-08Z", utc(2026, 4, 8, 0, 0, 0));
    assert_parses("2024-02-29 12:00", utc(2024, 2, 29, 12, 0, 0));
    assert_parses("2026-12-31 23:59:59", utc(2026, 12, 31, 23, 59, 59));
    /* Ambiguous is accepted as the first (BST) occurrence. */
    assert_parses("2026-10-25 01:30", utc(2026, 10, 25, 0, 30, 0));
    /* The gap is fine in UTC. */
    assert_parses("2026-03-29T01:30Z", utc(2026, 3, 29, 1, 30, 0));
    /* NULL out and why are allowed. */
    ck_assert_int_eq(time_parse("2026-04-08", NULL, NULL), 0);
    ck_assert_int_eq(time_parse("nonsense", NULL, NULL), -1);
}
END_TEST

START_TEST(test_time_parse_errors)
{
    const char *expected = "expected YYYY-MM-DD HH:MM";
    assert_refused("2026-02-30 10:00", "no such date");
    assert_refused("2026-02-30", "no such date");
    assert_refused("2026-13-01", "no such date");
    assert_refused("2026-00-10", "no such date");
    assert_refused("2026-04-00", "no such date");
    assert_refused("2023-02-29", "no such date");
    assert_refused("1899-12-31 10:00", "no such date");
    assert_refused("2026-04-08 25:00", "no such time of day");
    assert_refused("2026-04-08 24:00", "no such time of day");
    assert_refused("2026-04-08 10:60", "no such time of day");
    assert_refused("2026-04-08 10:00:60", "no such time of day");
    assert_refused("2026-03-29 01:30", "that time does not exist in London: clocks go forward");
    assert_refused("2026-03-29 01:00", "that time does not exist in London: clocks go forward");
    assert_refused("2026-4-8 9:00", expected);
    assert_refused("2026-04-08 9:00", expected);
    assert_refused("2026-04-08 10:0", expected);
    assert_refused("2026-04-08 10:00:", expected);
    assert_refused("2026-04-08 10:00:5", expected);
    assert_refused("2026-04-08 10:00x", expected);
    assert_refused("2026-04-08 10:00 ", expected);
    assert_refused(" 2026-04-08 10:00", expected);
    assert_refused("2026-04-08 10:00ZZ", expected);
    assert_refused("2026-04-08 10:00z", expected);
    assert_refused("2026-04-08 10:00+01:00", expected);
    assert_refused("2026-04-08 10", expected);
    assert_refused("2026-04-08T", expected);
    assert_refused("2026-04-08 ", expected);
    assert_refused("2026/04/08", expected);
    assert_refused("26-04-08", expected);
    assert_refused("+026-04-08", expected);
    assert_refused("", expected);
    assert_refused("2026-04-08  10:00", expected);
}
END_TEST

START_TEST(test_date_parse)
{
    struct oph_date d = {0, 0, 0};
    const char *why = NULL;
    ck_assert_int_eq(date_parse("2024-02-29", &d, &why), 0);
    ck_assert_date_eq(d, D(2024, 2, 29));
    ck_assert_int_eq(date_parse("2023-02-29", &d, &why), -1);
    ck_assert_str_eq(why, "no such date");
    ck_assert_int_eq(date_parse("2026-13-01", &d, &why), -1);
    ck_assert_str_eq(why, "no such date");
    why = NULL;
    ck_assert_int_eq(date_parse("2026-04-08 10:00", &d, &why), -1);
    ck_assert_ptr_nonnull(why);
    ck_assert_int_eq(date_parse("2026-04-08Z", &d, &why), -1);
    ck_assert_int_eq(date_parse("2026-4-08", &d, &why), -1);
    ck_assert_int_eq(date_parse("", &d, &why), -1);
    ck_assert_int_eq(date_parse(" 2026-04-08", &d, &why), -1);
    ck_assert_date_eq(d, D(2024, 2, 29));
}
END_TEST

START_TEST(test_format)
{
    char iso[OPH_ISO_LEN];
    char loc[OPH_LOCAL_LEN];
    oph_time t = utc(2026, 4, 8, 9, 0, 0);
    time_format_iso(t, iso);
    ck_assert_str_eq(iso, "2026-04-08T09:00:00Z");
    time_format_local(t, loc);
    ck_assert_str_eq(loc, "2026-04-08 10:00");
    time_format_local(utc(2026, 1, 5, 7, 5, 59), loc);
    ck_assert_str_eq(loc, "2026-01-05 07:05");
    time_format_iso(0, iso);
    ck_assert_str_eq(iso, "1970-01-01T00:00:00Z");
    time_format_iso(utc(1969, 12, 31, 23, 59, 59), iso);
    ck_assert_str_eq(iso, "1969-12-31T23:59:59Z");
    time_format_iso(utc(9999, 12, 31, 23, 59, 59), iso);
    ck_assert_str_eq(iso, "9999-12-31T23:59:59Z");
    /* Out-of-range instants stay inside the buffer. */
    time_format_iso(INT64_MAX / 2, iso);
    ck_assert_uint_eq(strlen(iso), OPH_ISO_LEN - 1);
    time_format_local(INT64_MIN / 2, loc);
    ck_assert_uint_eq(strlen(loc), OPH_LOCAL_LEN - 1);
}
END_TEST

START_TEST(test_format_zoned)
{
    char z[OPH_ZONED_LEN];
    time_format_zoned(utc(2026, 4, 8, 9, 0, 0), z);
    ck_assert_str_eq(z, "2026-04-08 10:00 BST");
    time_format_zoned(utc(2026, 1, 5, 7, 5, 59), z);
    ck_assert_str_eq(z, "2026-01-05 07:05 GMT");
    /* Either side of the clocks going back (2026-10-25 01:00 UTC): 01:30 happens twice. */
    time_format_zoned(utc(2026, 10, 25, 0, 30, 0), z);
    ck_assert_str_eq(z, "2026-10-25 01:30 BST");
    time_format_zoned(utc(2026, 10, 25, 1, 30, 0), z);
    ck_assert_str_eq(z, "2026-10-25 01:30 GMT");
    time_format_zoned(INT64_MIN / 2, z);
    ck_assert_uint_eq(strlen(z), OPH_ZONED_LEN - 1);
}
END_TEST

START_TEST(test_format_round_trip)
{
    char iso[OPH_ISO_LEN];
    char loc[OPH_LOCAL_LEN];
    /* 37-minute-and-11-second steps hit every minute and second pattern over time. */
    for (oph_time t = utc(2024, 1, 1, 0, 0, 0); t < utc(2028, 1, 1, 0, 0, 0); t += 2231) {
        oph_time back = -1;
        time_format_iso(t, iso);
        if (time_parse(iso, &back, NULL) != 0 || back != t)
            ck_abort_msg("%s read back as %lld, want %lld", iso, (long long)back, (long long)t);

        oph_time minute = t - t % 60;
        time_format_local(t, loc);
        if (time_parse(loc, &back, NULL) != 0)
            ck_abort_msg("%s refused", loc);
        /* Only the second 01:xx of an autumn night maps to the first one. */
        if (back != minute &&
            (back != minute - 3600 || london_offset(minute) != 0 || london_offset(back) != 3600))
            ck_abort_msg("%s read back as %lld, want %lld", loc, (long long)back,
                         (long long)minute);
    }
}
END_TEST

START_TEST(test_civil_days_round_trip)
{
    ck_assert_int_eq(cal_days_from_civil(D(1970, 1, 1)), 0);
    ck_assert_int_eq(cal_days_from_civil(D(2000, 3, 1)), 11017);
    ck_assert_int_eq(cal_days_from_civil(D(1969, 12, 31)), -1);
    ck_assert_int_eq(cal_weekday(D(1970, 1, 1)), 3);
    ck_assert_int_eq(cal_weekday(D(2026, 4, 8)), 2);
    ck_assert_int_eq(cal_weekday(D(1900, 1, 1)), 0);

    /* Walk day by day from 1600 to 10000: each day is the next valid calendar date. */
    int64_t first = cal_days_from_civil(D(1600, 1, 1));
    int64_t last = cal_days_from_civil(D(10000, 12, 31));
    struct oph_date prev = cal_civil_from_days(first - 1);
    ck_assert_date_eq(prev, D(1599, 12, 31));
    /* Plain checks in the loop: a ck_assert per day costs a write to Check's pipe. */
    for (int64_t day = first; day <= last; day++) {
        struct oph_date d = cal_civil_from_days(day);
        bool next = d.day == 1
                        ? d.month == prev.month % 12 + 1 && d.year == prev.year + (d.month == 1)
                        : d.day == prev.day + 1 && d.month == prev.month && d.year == prev.year;
        if (cal_days_from_civil(d) != day || !next || cal_weekday(d) != (cal_weekday(prev) + 1) % 7)
            ck_abort_msg("day %lld: %04d-%02d-%02d after %04d-%02d-%02d", (long long)day, d.year,
                         d.month, d.day, prev.year, prev.month, prev.day);
        prev = d;
    }
    ck_assert_date_eq(prev, D(10000, 12, 31));
    /* Far values survive too. */
    ck_assert_int_eq(cal_days_from_civil(cal_civil_from_days(-100000000)), -100000000);
    ck_assert_int_eq(cal_days_from_civil(cal_civil_from_days(100000000)), 100000000);
}
END_TEST

START_TEST(test_date_valid_and_cmp)
{
    ck_assert(cal_date_valid(2024, 2, 29));
    ck_assert(!cal_date_valid(2023, 2, 29));
    ck_assert(cal_date_valid(2000, 2, 29));
    ck_assert(!cal_date_valid(1900, 2, 29));
    ck_assert(!cal_date_valid(2026, 4, 31));
    ck_assert(cal_date_valid(2026, 12, 31));
    ck_assert(!cal_date_valid(2026, 12, 32));
    ck_assert(!cal_date_valid(2026, 0, 1));
    ck_assert(!cal_date_valid(1899, 12, 31));
    ck_assert(!cal_date_valid(10000, 1, 1));
    ck_assert_int_lt(cal_date_cmp(D(2026, 4, 8), D(2026, 4, 9)), 0);
    ck_assert_int_gt(cal_date_cmp(D(2027, 1, 1), D(2026, 12, 31)), 0);
    ck_assert_int_lt(cal_date_cmp(D(2026, 3, 31), D(2026, 4, 1)), 0);
    ck_assert_int_eq(cal_date_cmp(D(2026, 4, 8), D(2026, 4, 8)), 0);
}
END_TEST

static Suite *calendar_suite(void)
{
    Suite *s = suite_create("calendar");

    TCase *hol = tcase_new(s, "holidays");
    tcase_add_loop_test(hol, test_known_holidays_listed, 0, N_KNOWN_YEARS);
    tcase_add_loop_test(hol, test_known_holidays_no_extra, 0, N_KNOWN_YEARS);
    tcase_add_test(hol, test_override_table);
    tcase_add_test(hol, test_regular_rules_without_overrides);
    tcase_add_test(hol, test_regular_holidays_sorted_and_weekdays);
    tcase_add_test(hol, test_substitute_days);
    tcase_add_test(hol, test_easter);
    tcase_add_test(hol, test_bank_holiday_matches_list_every_day);

    TCase *work = tcase_new(s, "working_days");
    tcase_add_test(work, test_working_days);
    tcase_add_test(work, test_add_working_days_at_keeps_clock);
    tcase_add_test(work, test_add_days_across_dst);
    tcase_add_test(work, test_add_hours_exact);

    TCase *tz = tcase_new(s, "london");
    tcase_add_test(tz, test_london_offset);
    tcase_add_test(tz, test_london_offset_every_hour);
    tcase_add_test(tz, test_london_to_utc);
    tcase_add_test(tz, test_london_round_trip);

    TCase *parse = tcase_new(s, "parse_format");
    tcase_add_test(parse, test_time_parse_valid);
    tcase_add_test(parse, test_time_parse_errors);
    tcase_add_test(parse, test_date_parse);
    tcase_add_test(parse, test_format);
    tcase_add_test(parse, test_format_round_trip);
    tcase_add_test(parse, test_format_zoned);

    TCase *civil = tcase_new(s, "civil");
    tcase_add_test(civil, test_civil_days_round_trip);
    tcase_add_test(civil, test_date_valid_and_cmp);

    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(calendar_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
