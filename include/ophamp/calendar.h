/* Civil dates, bank holidays in England and Wales, working days and Europe/London time.
 * Pure functions: no I/O, no global state, no dependence on the system time zone. */
#ifndef OPHAMP_CALENDAR_H
#define OPHAMP_CALENDAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Seconds since 1970-01-01T00:00:00Z. Every stored time is one of these. */
typedef int64_t oph_time;

struct oph_date {
    int year, month, day; /* month 1..12, day 1..31 */
};

/* A one-off change to the regular bank holidays (e.g. 2022-06-03 added). */
enum holiday_change { HOLIDAY_ADD, HOLIDAY_REMOVE };

struct holiday_override {
    struct oph_date date;
    enum holiday_change change;
};

/* The working-day calendar: regular holidays are computed, one-off changes are data. */
struct calendar {
    const struct holiday_override *overrides;
    size_t n_overrides;
};

/* The one-off changes of 2020, 2022 and 2023 (DOMAIN.md), used to seed the database. */
extern const struct holiday_override cal_known_overrides[];
extern const size_t cal_n_known_overrides;

bool cal_date_valid(int year, int month, int day);
int64_t cal_days_from_civil(struct oph_date d); /* days since 1970-01-01 */
struct oph_date cal_civil_from_days(int64_t days);
int cal_weekday(struct oph_date d); /* 0 = Monday .. 6 = Sunday */
int cal_date_cmp(struct oph_date a, struct oph_date b);
struct oph_date cal_easter(int year); /* Gregorian computus */

/* The regular bank holidays of a year, in date order; returns how many (8). */
size_t cal_regular_holidays(int year, struct oph_date out[8]);
bool cal_is_bank_holiday(const struct calendar *cal, struct oph_date d);
bool cal_is_working_day(const struct calendar *cal, struct oph_date d);
/* The Nth working day after d (n >= 0; n == 0 returns d unchanged). */
struct oph_date cal_add_working_days(const struct calendar *cal, struct oph_date d, int n);

/* Europe/London wall-clock time (GMT, BST from the last Sunday of March 01:00 UTC to the
 * last Sunday of October 01:00 UTC). */
struct oph_local {
    int year, month, day, hour, minute, second;
};

enum local_kind {
    LOCAL_OK,        /* exactly one instant */
    LOCAL_GAP,       /* skipped when clocks go forward: result is one hour later */
    LOCAL_AMBIGUOUS, /* happens twice when clocks go back: result is the first (BST) */
    LOCAL_INVALID    /* not a calendar time (e.g. 2026-02-30 or 25:00) */
};

int london_offset(oph_time utc); /* 0 or 3600 seconds */
struct oph_local london_from_utc(oph_time utc);
enum local_kind london_to_utc(struct oph_local l, oph_time *out);
struct oph_date london_date(oph_time utc);

/* Due-time arithmetic. Days and working days keep the London clock time. */
oph_time cal_add_hours(oph_time t, int hours);
oph_time cal_add_days(oph_time t, int days);
/* Calendar months at the same London clock time: the same day of the month, or the month's
 * last day when it is shorter (31 May + 3 months = 31 August; 30 November + 3 = 28 February). */
oph_time cal_add_months(oph_time t, int months);
oph_time cal_add_working_days_at(const struct calendar *cal, oph_time t, int n);

/* Parse a time typed by a user: 'YYYY-MM-DD HH:MM', 'YYYY-MM-DDTHH:MM[:SS]' or 'YYYY-MM-DD'
 * (midnight) in London time, or any of these with a trailing 'Z' for UTC. Returns 0 and sets
 * *out, or -1 and sets *why to a static message (e.g. "no such date", "expected YYYY-MM-DD
 * HH:MM", "that time does not exist in London: clocks go forward"). */
int time_parse(const char *s, oph_time *out, const char **why);
/* Parse a date 'YYYY-MM-DD'. */
int date_parse(const char *s, struct oph_date *out, const char **why);

#define OPH_ISO_LEN 21   /* "2026-04-08T09:00:00Z" + NUL */
#define OPH_LOCAL_LEN 17 /* "2026-04-08 10:00" + NUL */
void time_format_iso(oph_time t, char buf[OPH_ISO_LEN]);
void time_format_local(oph_time t, char buf[OPH_LOCAL_LEN]);
/* London time with its zone, for summaries read away from the program: "2026-04-08 10:00 BST"
 * (GMT in winter). */
#define OPH_ZONED_LEN 21 /* "2026-04-08 10:00 BST" + NUL */
void time_format_zoned(oph_time t, char buf[OPH_ZONED_LEN]);

#endif
