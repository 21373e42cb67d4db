/* What a spreadsheet does to identifiers it takes for dates or numbers (see import.h): the
 * forms its CSV writes them back in. Pure text checks; the importer warns on them. */
#include <ctype.h>
#include <stdbool.h>
#include <string.h>

#include "ophamp/import.h"

/* n digits at *p (1 to max), advancing it; -1 when there are none or too many. */
static int digits(const char **p, int max)
{
    int n = 0, v = 0;
    while (isdigit((unsigned char)**p)) {
        if (++n > max)
            return -1;
        v = v * 10 + (*(*p)++ - '0');
    }
    return n == 0 ? -1 : v;
}

/* " HH:MM" or " HH:MM:SS" (or with a T), or nothing: what follows a spreadsheet's date. */
static bool clock_or_end(const char *p)
{
    if (*p == '\0')
        return true;
    if (*p != ' ' && *p != 'T')
        return false;
    p++;
    if (digits(&p, 2) < 0 || *p++ != ':' || digits(&p, 2) < 0)
        return false;
    if (*p == ':') {
        p++;
        if (digits(&p, 2) < 0)
            return false;
    }
    return *p == '\0';
}

static bool is_date(const char *s)
{
    const char *p = s;
    int a = digits(&p, 4);
    if (a < 0)
        return false;
    if (p - s == 4 && *p == '-') { /* 2026-02-01 */
        p++;
        int m = digits(&p, 2);
        if (m < 1 || m > 12 || *p++ != '-')
            return false;
        const char *d0 = p;
        int d = digits(&p, 2);
        return p - d0 == 2 && d >= 1 && d <= 31 && clock_or_end(p);
    }
    /* 01/02/2026, 1/2/2026, 01.02.2026: day and month (either way round), a four-digit year */
    char sep = *p;
    if (p - s > 2 || (sep != '/' && sep != '.' && sep != '-'))
        return false;
    p++;
    const char *b0 = p;
    int b = digits(&p, 2);
    if (b < 1 || p - b0 > 2 || *p++ != sep)
        return false;
    const char *y0 = p;
    if (digits(&p, 4) < 0 || p - y0 != 4)
        return false;
    return a >= 1 && a <= 31 && b <= 31 && (a <= 12 || b <= 12) && clock_or_end(p);
}

/* 3E+05, 3.00E+05, 1.2e-3: a number in scientific notation as a spreadsheet writes it (with a
 * sign or a decimal point; a bare 3E5 may be a reference as it was typed). */
static bool is_scientific(const char *s)
{
    const char *p = s;
    if (digits(&p, 20) < 0)
        return false;
    bool point = false, sign = false;
    if (*p == '.') {
        point = true;
        p++;
        if (digits(&p, 20) < 0)
            return false;
    }
    if (*p != 'E' && *p != 'e')
        return false;
    p++;
    if (*p == '+' || *p == '-') {
        sign = true;
        p++;
    }
    return digits(&p, 4) >= 0 && *p == '\0' && (point || sign);
}

const char *import_looks_converted(const char *s)
{
    if (!s || !*s)
        return NULL;
    if (is_date(s))
        return "a date";
    if (is_scientific(s))
        return "a number in scientific notation";
    return NULL;
}

bool import_all_digits(const char *s)
{
    if (!s || !*s)
        return false;
    for (; *s; s++)
        if (!isdigit((unsigned char)*s))
            return false;
    return true;
}
