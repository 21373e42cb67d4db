/* Civil dates, England and Wales bank holidays, working days and Europe/London wall-clock time.
 * Pure integer arithmetic: the C library's time zone functions depend on the host's TZ. */
#include "ophamp/calendar.h"

#include <string.h>

/* The range every date and wall-clock time is validated against: four-digit years only, so a
 * formatted time always fits its fixed-size buffer. */
enum { YEAR_MIN = 1900, YEAR_MAX = 9999 };

enum { SECS_PER_DAY = 86400, SECS_PER_HOUR = 3600 };

const struct holiday_override cal_known_overrides[] = {
    /* 2020: the early May holiday moved to Friday 8 May for VE Day's 75th anniversary. */
    {{2020, 5, 4}, HOLIDAY_REMOVE},
    {{2020, 5, 8}, HOLIDAY_ADD},
    /* 2022: Platinum Jubilee moved the spring holiday and added a day; then the Queen's
     * funeral. */
    {{2022, 5, 30}, HOLIDAY_REMOVE},
    {{2022, 6, 2}, HOLIDAY_ADD},
    {{2022, 6, 3}, HOLIDAY_ADD},
    {{2022, 9, 19}, HOLIDAY_ADD},
    /* 2023: the coronation. */
    {{2023, 5, 8}, HOLIDAY_ADD},
};
const size_t cal_n_known_overrides = sizeof cal_known_overrides / sizeof cal_known_overrides[0];

/* Floor division and modulo: days and seconds before 1970 are negative, and C truncates. */
static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0)))
        q--;
    return q;
}

static int64_t floor_mod(int64_t a, int64_t b)
{
    return a - floor_div(a, b) * b;
}

static bool is_leap(int year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

static int days_in_month(int year, int month)
{
    static const int len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month == 2 && is_leap(year))
        return 29;
    return len[month - 1];
}

bool cal_date_valid(int year, int month, int day)
{
    if (year < YEAR_MIN || year > YEAR_MAX || month < 1 || month > 12)
        return false;
    return day >= 1 && day <= days_in_month(year, month);
}

/* Howard Hinnant's days_from_civil: eras of 400 years starting on 1 March, so the leap day
 * is the last day of the computed year. */
int64_t cal_days_from_civil(struct oph_date d)
{
    int64_t y = (int64_t)d.year - (d.month <= 2);
    int64_t era = floor_div(y, 400);
    int64_t yoe = y - era * 400;                         /* [0, 399] */
    int64_t mp = (d.month + 9) % 12;                     /* March = 0 */
    int64_t doy = (153 * mp + 2) / 5 + d.day - 1;        /* [0, 365] */
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy; /* [0, 146096] */
    return era * 146097 + doe - 719468;
}

struct oph_date cal_civil_from_days(int64_t days)
{
    int64_t z = days + 719468;
    int64_t era = floor_div(z, 146097);
    int64_t doe = z - era * 146097;                                      /* [0, 146096] */
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365; /* [0, 399] */
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);               /* [0, 365] */
    int64_t mp = (5 * doy + 2) / 153;                                    /* [0, 11] */
    struct oph_date d;
    d.day = (int)(doy - (153 * mp + 2) / 5 + 1);
    d.month = (int)(mp < 10 ? mp + 3 : mp - 9);
    d.year = (int)(yoe + era * 400 + (d.month <= 2));
    return d;
}

static int weekday_of_days(int64_t days)
{
    /* 1970-01-01 was a Thursday (3 when Monday is 0). */
    return (int)floor_mod(days + 3, 7);
}

int cal_weekday(struct oph_date d)
{
    return weekday_of_days(cal_days_from_civil(d));
}

int cal_date_cmp(struct oph_date a, struct oph_date b)
{
    if (a.year != b.year)
        return a.year < b.year ? -1 : 1;
    if (a.month != b.month)
        return a.month < b.month ? -1 : 1;
    if (a.day != b.day)
        return a.day < b.day ? -1 : 1;
    return 0;
}

/* Anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
struct oph_date cal_easter(int year)
{
    int a = year % 19;
    int b = year / 100;
    int c = year % 100;
    int d = b / 4;
    int e = b % 4;
    int f = (b + 8) / 25;
    int g = (b - f + 1) / 3;
    int h = (19 * a + b - d - g + 15) % 30;
    int i = c / 4;
    int k = c % 4;
    int l = (32 + 2 * e + 2 * i - h - k) % 7;
    int m = (a + 11 * h + 22 * l) / 451;
    int month = (h + l - 7 * m + 114) / 31;
    int day = (h + l - 7 * m + 114) % 31 + 1;
    struct oph_date easter = {year, month, day};
    return easter;
}

static struct oph_date date_plus(struct oph_date d, int64_t days)
{
    return cal_civil_from_days(cal_days_from_civil(d) + days);
}

/* The first Monday on or after d. */
static struct oph_date monday_on_or_after(struct oph_date d)
{
    int wd = cal_weekday(d);
    return date_plus(d, (7 - wd) % 7);
}

/* The last day with weekday wd on or before d. */
static struct oph_date weekday_on_or_before(struct oph_date d, int wd)
{
    return date_plus(d, -((cal_weekday(d) - wd + 7) % 7));
}

static bool is_weekend(struct oph_date d)
{
    return cal_weekday(d) >= 5;
}

static bool date_taken(const struct oph_date *days, size_t n, size_t self, struct oph_date d)
{
    for (size_t i = 0; i < n; i++) {
        if (i != self && cal_date_cmp(days[i], d) == 0)
            return true;
    }
    return false;
}

size_t cal_regular_holidays(int year, struct oph_date out[8])
{
    struct oph_date easter = cal_easter(year);
    struct oph_date may1 = {year, 5, 1};
    struct oph_date may31 = {year, 5, 31};
    struct oph_date aug31 = {year, 8, 31};
    struct oph_date h[8] = {
        {year, 1, 1},
        date_plus(easter, -2),
        date_plus(easter, 1),
        monday_on_or_after(may1),
        weekday_on_or_before(may31, 0),
        weekday_on_or_before(aug31, 0),
        {year, 12, 25},
        {year, 12, 26},
    };
    const size_t n = 8;

    /* Substitute days: a weekend holiday moves to the next weekday that is not already a
     * holiday. Processing in calendar order gives Christmas-on-Saturday 27/28 December and,
     * because Boxing Day then sits on Monday 26, Christmas-on-Sunday Tuesday 27. */
    for (size_t i = 0; i < n; i++) {
        if (!is_weekend(h[i]))
            continue;
        struct oph_date d = date_plus(h[i], 1);
        while (is_weekend(d) || date_taken(h, n, i, d))
            d = date_plus(d, 1);
        h[i] = d;
    }

    /* Substitution can put Christmas after Boxing Day; callers want date order. */
    for (size_t i = 1; i < n; i++) {
        struct oph_date key = h[i];
        size_t j = i;
        while (j > 0 && cal_date_cmp(h[j - 1], key) > 0) {
            h[j] = h[j - 1];
            j--;
        }
        h[j] = key;
    }
    memcpy(out, h, sizeof h);
    return n;
}

static bool has_override(const struct calendar *cal, struct oph_date d, enum holiday_change c)
{
    if (cal == NULL || cal->overrides == NULL)
        return false;
    for (size_t i = 0; i < cal->n_overrides; i++) {
        if (cal->overrides[i].change == c && cal_date_cmp(cal->overrides[i].date, d) == 0)
            return true;
    }
    return false;
}

/* Whether d can be a regular holiday at all: New Year (with its substitutes, to 3 January),
 * Good Friday to Easter Monday (20 March to 26 April), the May Mondays (1-8, 25-31 May),
 * the summer Monday (25-31 August) and Christmas (25-28 December). Most days are outside,
 * and the due-time engine asks about every day it counts, so they skip the computation. */
static bool holiday_season(struct oph_date d)
{
    switch (d.month) {
    case 1:
        return d.day <= 3;
    case 3:
        return d.day >= 20;
    case 4:
        return d.day <= 26;
    case 5:
        return d.day <= 8 || d.day >= 25;
    case 8:
        return d.day >= 25;
    case 12:
        return d.day >= 25 && d.day <= 28;
    default:
        return false;
    }
}

/* A NULL calendar means the regular rules with no one-off changes. */
bool cal_is_bank_holiday(const struct calendar *cal, struct oph_date d)
{
    if (has_override(cal, d, HOLIDAY_ADD))
        return true;
    if (!holiday_season(d))
        return false;
    struct oph_date regular[8];
    size_t n = cal_regular_holidays(d.year, regular);
    for (size_t i = 0; i < n; i++) {
        if (cal_date_cmp(regular[i], d) == 0)
            return !has_override(cal, d, HOLIDAY_REMOVE);
    }
    return false;
}

bool cal_is_working_day(const struct calendar *cal, struct oph_date d)
{
    return !is_weekend(d) && !cal_is_bank_holiday(cal, d);
}

/* Counting starts the day after d, whatever d is. A negative n counts back the same way;
 * the loop ends because overrides are finite and every week has weekdays. */
struct oph_date cal_add_working_days(const struct calendar *cal, struct oph_date d, int n)
{
    int step = n < 0 ? -1 : 1;
    int64_t days = cal_days_from_civil(d);
    for (int left = n < 0 ? -n : n; left > 0;) {
        days += step;
        if (weekday_of_days(days) < 5 && !cal_is_bank_holiday(cal, cal_civil_from_days(days)))
            left--;
    }
    return cal_civil_from_days(days);
}

/* 01:00 UTC on the last Sunday of the given month: when the UK clocks change. */
static oph_time clock_change(int year, int month)
{
    struct oph_date last = {year, month, 31};
    int64_t days = cal_days_from_civil(weekday_on_or_before(last, 6));
    return days * SECS_PER_DAY + SECS_PER_HOUR;
}

int london_offset(oph_time utc)
{
    struct oph_date d = cal_civil_from_days(floor_div(utc, SECS_PER_DAY));
    if (d.month < 3 || d.month > 10) /* the clocks change only in March and October */
        return 0;
    if (d.month > 3 && d.month < 10)
        return SECS_PER_HOUR;
    int year = d.year;
    if (utc >= clock_change(year, 3) && utc < clock_change(year, 10))
        return SECS_PER_HOUR;
    return 0;
}

static struct oph_local local_from_seconds(oph_time s)
{
    int64_t days = floor_div(s, SECS_PER_DAY);
    int64_t sod = s - days * SECS_PER_DAY;
    struct oph_date d = cal_civil_from_days(days);
    struct oph_local l = {
        d.year, d.month, d.day, (int)(sod / SECS_PER_HOUR), (int)(sod / 60 % 60), (int)(sod % 60)};
    return l;
}

struct oph_local london_from_utc(oph_time utc)
{
    return local_from_seconds(utc + london_offset(utc));
}

struct oph_date london_date(oph_time utc)
{
    struct oph_local l = london_from_utc(utc);
    struct oph_date d = {l.year, l.month, l.day};
    return d;
}

/* Wall-clock to UTC without range checks, so due-time arithmetic never fails. Of the two
 * candidate instants (read as GMT, read as BST) keep those whose offset agrees. */
static enum local_kind local_to_utc_raw(struct oph_local l, oph_time *out)
{
    struct oph_date d = {l.year, l.month, l.day};
    oph_time as_gmt = cal_days_from_civil(d) * SECS_PER_DAY + (int64_t)l.hour * SECS_PER_HOUR +
                      (int64_t)l.minute * 60 + l.second;
    oph_time as_bst = as_gmt - SECS_PER_HOUR;
    bool gmt_ok = london_offset(as_gmt) == 0;
    bool bst_ok = london_offset(as_bst) == SECS_PER_HOUR;

    if (gmt_ok && bst_ok) {
        *out = as_bst;
        return LOCAL_AMBIGUOUS;
    }
    if (bst_ok) {
        *out = as_bst;
        return LOCAL_OK;
    }
    /* In the gap neither fits; reading it as GMT lands one hour later on the wall clock. */
    *out = as_gmt;
    return gmt_ok ? LOCAL_OK : LOCAL_GAP;
}

static bool local_valid(struct oph_local l)
{
    return cal_date_valid(l.year, l.month, l.day) && l.hour >= 0 && l.hour <= 23 && l.minute >= 0 &&
           l.minute <= 59 && l.second >= 0 && l.second <= 59;
}

enum local_kind london_to_utc(struct oph_local l, oph_time *out)
{
    if (!local_valid(l))
        return LOCAL_INVALID;
    oph_time t;
    enum local_kind kind = local_to_utc_raw(l, &t);
    if (out != NULL)
        *out = t;
    return kind;
}

oph_time cal_add_hours(oph_time t, int hours)
{
    return t + (int64_t)hours * SECS_PER_HOUR;
}

oph_time cal_add_days(oph_time t, int days)
{
    struct oph_local l = london_from_utc(t);
    struct oph_date d = date_plus((struct oph_date){l.year, l.month, l.day}, days);
    l.year = d.year;
    l.month = d.month;
    l.day = d.day;
    oph_time out;
    local_to_utc_raw(l, &out);
    return out;
}

oph_time cal_add_months(oph_time t, int months)
{
    struct oph_local l = london_from_utc(t);
    int m = l.year * 12 + (l.month - 1) + months;
    l.year = m / 12;
    l.month = m % 12 + 1;
    /* The same day of the month, or the month's last when it has no such day (31 January and
     * one month: 28 or 29 February). */
    while (l.day > 28 && !cal_date_valid(l.year, l.month, l.day))
        l.day--;
    oph_time out;
    local_to_utc_raw(l, &out);
    return out;
}

oph_time cal_add_working_days_at(const struct calendar *cal, oph_time t, int n)
{
    struct oph_local l = london_from_utc(t);
    struct oph_date d = cal_add_working_days(cal, london_date(t), n);
    l.year = d.year;
    l.month = d.month;
    l.day = d.day;
    oph_time out;
    local_to_utc_raw(l, &out);
    return out;
}

static const char MSG_EXPECTED_TIME[] = "expected YYYY-MM-DD HH:MM";
static const char MSG_EXPECTED_DATE[] = "expected YYYY-MM-DD";
static const char MSG_NO_DATE[] = "no such date";
static const char MSG_NO_TIME[] = "no such time of day";
static const char MSG_GAP[] = "that time does not exist in London: clocks go forward";

/* Reads exactly `width` ASCII digits; isdigit() would depend on the locale. */
static bool read_digits(const char *s, int width, int *value)
{
    int v = 0;
    for (int i = 0; i < width; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *value = v;
    return true;
}

static bool read_date(const char *s, struct oph_date *d)
{
    return read_digits(s, 4, &d->year) && s[4] == '-' && read_digits(s + 5, 2, &d->month) &&
           s[7] == '-' && read_digits(s + 8, 2, &d->day);
}

static int fail(const char **why, const char *msg)
{
    if (why != NULL)
        *why = msg;
    return -1;
}

int time_parse(const char *s, oph_time *out, const char **why)
{
    struct oph_date d;
    struct oph_local l = {0, 0, 0, 0, 0, 0};
    if (s == NULL || !read_date(s, &d))
        return fail(why, MSG_EXPECTED_TIME);
    const char *p = s + 10;
    if (*p == ' ' || *p == 'T') {
        if (!read_digits(p + 1, 2, &l.hour) || p[3] != ':' || !read_digits(p + 4, 2, &l.minute))
            return fail(why, MSG_EXPECTED_TIME);
        p += 6;
        if (*p == ':') {
            if (!read_digits(p + 1, 2, &l.second))
                return fail(why, MSG_EXPECTED_TIME);
            p += 3;
        }
    }
    bool utc = *p == 'Z';
    if (utc)
        p++;
    if (*p != '\0')
        return fail(why, MSG_EXPECTED_TIME);

    if (!cal_date_valid(d.year, d.month, d.day))
        return fail(why, MSG_NO_DATE);
    l.year = d.year;
    l.month = d.month;
    l.day = d.day;
    if (!local_valid(l))
        return fail(why, MSG_NO_TIME);

    oph_time t = 0;
    if (utc) {
        t = cal_days_from_civil(d) * SECS_PER_DAY + (int64_t)l.hour * SECS_PER_HOUR +
            (int64_t)l.minute * 60 + l.second;
    } else if (london_to_utc(l, &t) == LOCAL_GAP) {
        /* A typed time that never showed on a London clock is more likely a mistake than a
         * wish for the hour after. */
        return fail(why, MSG_GAP);
    }
    if (out != NULL)
        *out = t;
    return 0;
}

int date_parse(const char *s, struct oph_date *out, const char **why)
{
    struct oph_date d;
    if (s == NULL || !read_date(s, &d) || s[10] != '\0')
        return fail(why, MSG_EXPECTED_DATE);
    if (!cal_date_valid(d.year, d.month, d.day))
        return fail(why, MSG_NO_DATE);
    if (out != NULL)
        *out = d;
    return 0;
}

/* Writes value as exactly `width` zero-padded digits; callers keep it in range. */
static char *put_digits(char *p, int value, int width)
{
    for (int i = width - 1; i >= 0; i--) {
        p[i] = (char)('0' + value % 10);
        value /= 10;
    }
    return p + width;
}

/* Times outside years 1900..9999 are clamped so the fixed-size buffers cannot overflow. */
static oph_time clamp_time(oph_time t)
{
    const struct oph_date lo = {YEAR_MIN, 1, 1};
    const struct oph_date hi = {YEAR_MAX + 1, 1, 1};
    oph_time min = cal_days_from_civil(lo) * SECS_PER_DAY;
    oph_time max = cal_days_from_civil(hi) * SECS_PER_DAY - 1;
    return t < min ? min : t > max ? max : t;
}

static char *put_date_time(char *p, struct oph_local l, char sep)
{
    p = put_digits(p, l.year, 4);
    *p++ = '-';
    p = put_digits(p, l.month, 2);
    *p++ = '-';
    p = put_digits(p, l.day, 2);
    *p++ = sep;
    p = put_digits(p, l.hour, 2);
    *p++ = ':';
    return put_digits(p, l.minute, 2);
}

void time_format_iso(oph_time t, char buf[OPH_ISO_LEN])
{
    struct oph_local l = local_from_seconds(clamp_time(t));
    char *p = put_date_time(buf, l, 'T');
    *p++ = ':';
    p = put_digits(p, l.second, 2);
    *p++ = 'Z';
    *p = '\0';
}

void time_format_local(oph_time t, char buf[OPH_LOCAL_LEN])
{
    struct oph_local l = london_from_utc(clamp_time(t));
    char *p = put_date_time(buf, l, ' ');
    *p = '\0';
}

void time_format_zoned(oph_time t, char buf[OPH_ZONED_LEN])
{
    time_format_local(t, buf);
    memcpy(buf + OPH_LOCAL_LEN - 1, london_offset(clamp_time(t)) ? " BST" : " GMT", 5);
}
