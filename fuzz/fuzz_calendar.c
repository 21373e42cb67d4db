/* Fuzzes the parsers of typed dates and times (time_parse, date_parse) and the London clock
 * they rest on. Invariants: a parsed time formats back (ISO and London) to text that parses to
 * the same instant; a parsed date is a valid date that formats back to the very input; working
 * day arithmetic lands on a working day; London wall-clock time round-trips.
 *
 * Input: text for the parsers. An input that starts with the byte 0xFF instead carries eight
 * bytes of an instant for the London clock round trip. */
#include <stdbool.h>

#include "fuzz_support.h"
#include "ophamp/calendar.h"

static int64_t floor_mod(int64_t a, int64_t b)
{
    int64_t m = a % b;
    return m < 0 ? m + b : m;
}

static bool same_date(struct oph_date a, struct oph_date b)
{
    return a.year == b.year && a.month == b.month && a.day == b.day;
}

static const struct calendar regular = {NULL, 0}; /* no one-off changes */

static void check_time(const char *s, size_t len)
{
    oph_time t = 0, again = 0;
    const char *why = NULL;
    if (time_parse(s, &t, &why) != 0) {
        FUZZ_CHECK(why != NULL && why[0] != '\0');
        return;
    }
    FUZZ_CHECK(len >= 10);
    /* The date part alone is a valid date. */
    char date[11];
    memcpy(date, s, 10);
    date[10] = '\0';
    struct oph_date d;
    FUZZ_CHECK(date_parse(date, &d, NULL) == 0);

    char iso[OPH_ISO_LEN];
    time_format_iso(t, iso);
    FUZZ_CHECK(strlen(iso) == OPH_ISO_LEN - 1);
    FUZZ_CHECK(time_parse(iso, &again, &why) == 0);
    FUZZ_CHECK(again == t);

    /* London time has no seconds; in the hour that happens twice it reads as the first. */
    char local[OPH_LOCAL_LEN], local2[OPH_LOCAL_LEN];
    time_format_local(t, local);
    FUZZ_CHECK(strlen(local) == OPH_LOCAL_LEN - 1);
    FUZZ_CHECK(time_parse(local, &again, &why) == 0);
    oph_time minute = t - floor_mod(t, 60);
    FUZZ_CHECK(again == minute || again == minute - 3600);
    time_format_local(again, local2);
    FUZZ_CHECK(strcmp(local, local2) == 0);
    struct oph_date ld = london_date(t), pd;
    FUZZ_CHECK(date_parse((local[10] = '\0', local), &pd, NULL) == 0);
    FUZZ_CHECK(same_date(ld, pd));
    /* A time typed without 'Z' is London time: its date is the London date. */
    if (s[len - 1] != 'Z')
        FUZZ_CHECK(same_date(ld, d));
}

static void check_date(const char *s, size_t len, unsigned n)
{
    struct oph_date d;
    const char *why = NULL;
    if (date_parse(s, &d, &why) != 0) {
        FUZZ_CHECK(why != NULL && why[0] != '\0');
        return;
    }
    FUZZ_CHECK(len == 10 && cal_date_valid(d.year, d.month, d.day));
    char back[16];
    snprintf(back, sizeof back, "%04d-%02d-%02d", d.year, d.month, d.day);
    FUZZ_CHECK(strcmp(back, s) == 0);
    FUZZ_CHECK(cal_civil_from_days(cal_days_from_civil(d)).day == d.day);
    /* Midnight always exists in London (the clocks change at 01:00 GMT). */
    oph_time t;
    FUZZ_CHECK(time_parse(s, &t, &why) == 0);
    FUZZ_CHECK(same_date(london_date(t), d));

    struct calendar cal = {cal_known_overrides, cal_n_known_overrides};
    const struct calendar *c = (n & 1) ? &cal : &regular;
    int days = (int)(n % 40);
    struct oph_date w = cal_add_working_days(c, d, days);
    if (days == 0) {
        FUZZ_CHECK(same_date(w, d));
    } else {
        FUZZ_CHECK(cal_date_cmp(w, d) > 0);
        FUZZ_CHECK(cal_is_working_day(c, w));
        FUZZ_CHECK(cal_weekday(w) < 5);
    }
}

static void check_instant(const uint8_t *data, size_t size)
{
    uint64_t raw = 0;
    for (size_t i = 0; i < 8 && i < size; i++)
        raw = raw << 8 | data[i];
    /* Keep to the years every time is validated against (1900..9999). */
    const int64_t lo = -2208988800LL, hi = 253402300799LL;
    oph_time t = lo + (oph_time)(raw % (uint64_t)(hi - lo + 1));
    struct oph_local l = london_from_utc(t);
    FUZZ_CHECK(london_offset(t) == 0 || london_offset(t) == 3600);
    oph_time back = 0;
    enum local_kind kind = london_to_utc(l, &back);
    FUZZ_CHECK(kind == LOCAL_OK || kind == LOCAL_AMBIGUOUS);
    FUZZ_CHECK(back == t || (kind == LOCAL_AMBIGUOUS && back == t - 3600));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 0 && data[0] == 0xFF) {
        check_instant(data + 1, size - 1);
        return 0;
    }
    char *s = fuzz_string(data, size);
    size_t len = strlen(s);
    check_time(s, len);
    check_date(s, len, (unsigned)size);
    free(s);
    return 0;
}
