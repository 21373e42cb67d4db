/* Times as a person types them, read against the program's clock in London time: the words a
 * sergeant uses within the hour ("now", "14:10", "-2h") and the UK's day-first dates, then
 * the exact forms of time_parse. Pure: the clock is an argument. */
#include "ophamp/when.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static const char MSG_EXPECTED[] = "expected " WHEN_FORMS;
static const char MSG_EXPECTED_DMY[] = "expected D/M/YYYY HH:MM";
static const char MSG_NO_DATE[] = "no such date";
static const char MSG_NO_TIME[] = "no such time of day";
static const char MSG_GAP[] = "that time does not exist in London: clocks go forward";
static const char MSG_TOO_LONG[] = "that is too long ago";

#define MAX_TEXT 64
/* "-99999m" and the like stay within a few years either way; longer is surely a slip. */
#define MAX_AGO_SECONDS ((oph_time)20 * 366 * 86400)

static int fail(const char **why, const char *msg)
{
    if (why)
        *why = msg;
    return -1;
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9'; /* isdigit() would depend on the locale */
}

static char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* Between min and max digits at *p; moves *p past them. */
static bool read_num(const char **p, int min, int max, long *out)
{
    long v = 0;
    int n = 0;
    while (n < max && is_digit(**p)) {
        v = v * 10 + (**p - '0');
        (*p)++;
        n++;
    }
    *out = v;
    return n >= min;
}

/* H:MM or HH:MM with an optional :SS, to the end of the text. */
static bool read_clock(const char *p, struct oph_local *l)
{
    long h, m, s = 0;
    if (!read_num(&p, 1, 2, &h) || *p++ != ':' || !read_num(&p, 2, 2, &m))
        return false;
    if (*p == ':') {
        p++;
        if (!read_num(&p, 2, 2, &s))
            return false;
    }
    if (*p != '\0')
        return false;
    l->hour = (int)h;
    l->minute = (int)m;
    l->second = (int)s;
    return true;
}

static bool clock_valid(const struct oph_local *l)
{
    return l->hour <= 23 && l->minute <= 59 && l->second <= 59;
}

/* The London clock time l on date d. */
static int on_date(struct oph_date d, struct oph_local l, oph_time *out, enum local_kind *kind)
{
    l.year = d.year;
    l.month = d.month;
    l.day = d.day;
    *kind = london_to_utc(l, out);
    return *kind == LOCAL_INVALID ? -1 : 0;
}

static struct oph_date day_before(struct oph_date d)
{
    return cal_civil_from_days(cal_days_from_civil(d) - 1);
}

/* "HH:MM", "today HH:MM", "yesterday HH:MM"; days_back -1 means today or yesterday, whichever
 * is not in the future. */
static int clock_on_day(const char *p, int days_back, oph_time now, oph_time *out, const char **why)
{
    struct oph_local l = {0, 0, 0, 0, 0, 0};
    if (!read_clock(p, &l))
        return fail(why, MSG_EXPECTED);
    if (!clock_valid(&l))
        return fail(why, MSG_NO_TIME);
    struct oph_date today = london_date(now);
    enum local_kind kind;
    oph_time t;
    if (days_back < 0) {
        on_date(today, l, &t, &kind);
        /* A skipped time still has its place in the day: it is past or it is to come. */
        if (t <= now) {
            if (kind == LOCAL_GAP)
                return fail(why, MSG_GAP);
            *out = t;
            return 0;
        }
        days_back = 1;
    }
    struct oph_date d = days_back ? day_before(today) : today;
    on_date(d, l, &t, &kind);
    if (kind == LOCAL_GAP)
        return fail(why, MSG_GAP);
    *out = t;
    return 0;
}

/* "-2h", "-30m", "-1d", "-1h30m", "-1h 30m": that long before now. */
static int ago(const char *p, oph_time now, oph_time *out, const char **why)
{
    oph_time total = 0;
    bool any = false;
    p++; /* the minus */
    while (*p) {
        long n;
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        if (!read_num(&p, 1, 7, &n))
            return fail(why, MSG_EXPECTED);
        while (*p == ' ')
            p++;
        char unit = lower(*p);
        if (unit == 'd')
            total += (oph_time)n * 86400;
        else if (unit == 'h')
            total += (oph_time)n * 3600;
        else if (unit == 'm')
            total += (oph_time)n * 60;
        else
            return fail(why, MSG_EXPECTED);
        p++;
        any = true;
        if (total > MAX_AGO_SECONDS)
            return fail(why, MSG_TOO_LONG);
    }
    if (!any)
        return fail(why, MSG_EXPECTED);
    *out = now - total;
    return 0;
}

int when_parse_dmy(const char *s, oph_time *out, const char **why)
{
    const char *p = s;
    long d, m, y;
    if (!s || !read_num(&p, 1, 2, &d) || *p++ != '/' || !read_num(&p, 1, 2, &m) || *p++ != '/' ||
        !read_num(&p, 4, 4, &y))
        return fail(why, MSG_EXPECTED_DMY);
    struct oph_local l = {0, 0, 0, 0, 0, 0};
    if (*p == ' ' || *p == 'T') {
        if (!read_clock(p + 1, &l))
            return fail(why, MSG_EXPECTED_DMY);
    } else if (*p != '\0') {
        return fail(why, MSG_EXPECTED_DMY);
    }
    if (!cal_date_valid((int)y, (int)m, (int)d))
        return fail(why, MSG_NO_DATE);
    if (!clock_valid(&l))
        return fail(why, MSG_NO_TIME);
    enum local_kind kind;
    oph_time t;
    on_date((struct oph_date){(int)y, (int)m, (int)d}, l, &t, &kind);
    if (kind == LOCAL_GAP)
        return fail(why, MSG_GAP);
    if (out)
        *out = t;
    return 0;
}

/* Case-folded word at the start of s followed by a space (or the end when alone). */
static const char *after_word(const char *s, const char *word, bool alone)
{
    size_t n = strlen(word);
    for (size_t i = 0; i < n; i++)
        if (lower(s[i]) != word[i])
            return NULL;
    if (alone)
        return s[n] == '\0' ? s + n : NULL;
    if (s[n] != ' ')
        return NULL;
    s += n;
    while (*s == ' ')
        s++;
    return s;
}

int when_parse(const char *s, oph_time now, oph_time *out, const char **why)
{
    char buf[MAX_TEXT + 1];
    if (!s)
        return fail(why, MSG_EXPECTED);
    while (*s == ' ')
        s++;
    size_t n = strlen(s);
    while (n > 0 && s[n - 1] == ' ')
        n--;
    if (n == 0 || n > MAX_TEXT)
        return fail(why, MSG_EXPECTED);
    memcpy(buf, s, n);
    buf[n] = '\0';
    oph_time t = 0;
    const char *rest;
    int rc;
    if (after_word(buf, "now", true)) {
        t = now;
        rc = 0;
    } else if ((rest = after_word(buf, "today", false))) {
        rc = clock_on_day(rest, 0, now, &t, why);
    } else if ((rest = after_word(buf, "yesterday", false))) {
        rc = clock_on_day(rest, 1, now, &t, why);
    } else if (buf[0] == '-') {
        rc = ago(buf, now, &t, why);
    } else if (strchr(buf, '/')) {
        rc = when_parse_dmy(buf, &t, why);
    } else if (is_digit(buf[0]) && (buf[1] == ':' || (is_digit(buf[1]) && buf[2] == ':'))) {
        rc = clock_on_day(buf, -1, now, &t, why);
    } else if (n >= 5 && is_digit(buf[0]) && buf[4] == '-') {
        rc = time_parse(buf, &t, why); /* its own messages: "no such date" … */
    } else {
        rc = fail(why, MSG_EXPECTED);
    }
    if (rc == 0 && out)
        *out = t;
    return rc;
}

/* a / unit to the nearest whole number, halves up (a >= 0). */
static long long nearest(long long a, long long unit)
{
    return (a + unit / 2) / unit;
}

const char *when_relative(oph_time due, oph_time now, char *buf, size_t n)
{
    long long d = (long long)(due - now), a = d < 0 ? -d : d;
    long long minutes = nearest(a, 60), hours = nearest(a, 3600), days = nearest(a, 86400);
    char amount[WHEN_RELATIVE_LEN];
    /* Each unit from where the one below it would read 60 minutes or 48 hours. */
    if (hours >= 48)
        snprintf(amount, sizeof amount, "%lld days", days);
    else if (minutes >= 60)
        snprintf(amount, sizeof amount, "%lld h", hours);
    else
        snprintf(amount, sizeof amount, "%lld min", minutes);
    snprintf(buf, n, d < 0 ? "%s late" : "in %s", amount);
    return buf;
}
