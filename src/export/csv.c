/* The CSV writer (see csv.h). */
#include "ophamp/csv.h"

#include <stdlib.h>
#include <string.h>

#include "ophamp/text.h"

/* One lock for the whole export instead of one a call: the program has one thread. */
#if defined(__GLIBC__)
#define WRITE(p, n, out) fwrite_unlocked((p), 1, (n), (out))
#else
#define WRITE(p, n, out) fwrite((p), 1, (n), (out))
#endif
#define PUT(c, out) putc_unlocked((c), (out))

bool csv_needs_neutralising(const char *s, size_t n)
{
    if (s == NULL || n == 0)
        return false;
    switch (s[0]) {
    case '=':
    case '+':
    case '-':
    case '@':
    case '\t':
    case '\r':
    case '\'': /* doubled, so that the apostrophe import takes off is always this one */
        return true;
    default:
        return false;
    }
}

static void field_n(FILE *out, const char *s, size_t n, bool last);

void csv_field_n(FILE *out, const char *s, size_t n, bool last)
{
    if (s == NULL)
        n = 0;
    /* Stored text never holds a control character (input refuses them), but a file written
     * by another program might: a CSV printed to a terminal must not drive it. */
    if (n > 0 && text_needs_neutralising(s, n)) {
        size_t cap = 3 * n + 1;
        char small[4096];
        char *buf = cap <= sizeof small ? small : malloc(cap);
        if (buf == NULL) { /* out of memory: never the raw text */
            field_n(out, "\xEF\xBF\xBD", 3, last);
            return;
        }
        size_t len = text_neutralise_layout(s, n, buf, cap);
        field_n(out, buf, len, last);
        if (buf != small)
            free(buf);
        return;
    }
    field_n(out, s, n, last);
}

static void field_n(FILE *out, const char *s, size_t n, bool last)
{
    bool quote = false;
    for (size_t i = 0; i < n && !quote; i++)
        quote = s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n';
    if (quote)
        PUT('"', out);
    if (csv_needs_neutralising(s, n))
        PUT('\'', out);
    if (!quote) {
        if (n > 0)
            WRITE(s, n, out);
    } else {
        /* Spans up to and including each quote mark, which is then doubled. */
        size_t start = 0;
        for (size_t i = 0; i < n; i++)
            if (s[i] == '"') {
                WRITE(s + start, i + 1 - start, out);
                PUT('"', out);
                start = i + 1;
            }
        if (start < n)
            WRITE(s + start, n - start, out);
        PUT('"', out);
    }
    if (last) {
        PUT('\r', out);
        PUT('\n', out);
    } else {
        PUT(',', out);
    }
}

void csv_field(FILE *out, const char *s, bool last)
{
    csv_field_n(out, s, s ? strlen(s) : 0, last);
}
