/* UTF-8 and control-character checks for typed text, and neutralising stored text for a
 * terminal. */
#include "ophamp/text.h"

#include <string.h>

size_t utf8_decode(const unsigned char *s, size_t n, unsigned *cp)
{
    if (n == 0)
        return 0;
    unsigned c = s[0];
    size_t len;
    unsigned min;
    if (c < 0x80) {
        *cp = c;
        return 1;
    } else if ((c & 0xE0) == 0xC0) {
        len = 2, min = 0x80, c &= 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
        len = 3, min = 0x800, c &= 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
        len = 4, min = 0x10000, c &= 0x07;
    } else {
        return 0;
    }
    if (n < len)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        c = (c << 6) | (s[i] & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    *cp = c;
    return len;
}

bool utf8_valid(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    unsigned cp;
    while (len > 0) {
        size_t k = utf8_decode(p, len, &cp);
        if (k == 0)
            return false;
        p += k;
        len -= k;
    }
    return true;
}

size_t utf8_length(const char *s)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if ((*p & 0xC0) != 0x80)
            n++;
    return n;
}

bool text_is_control(unsigned cp)
{
    return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) ||
           /* bidirectional overrides and isolates can disguise text */
           (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

enum text_check text_check(const char *s, size_t max_chars, unsigned flags)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s), chars = 0;
    bool blank = true;
    unsigned cp;
    while (n > 0) {
        size_t k = utf8_decode(p, n, &cp);
        if (k == 0)
            return TEXT_BAD_UTF8;
        if (text_is_control(cp) && !((flags & TEXT_MULTILINE) && (cp == '\n' || cp == '\t')))
            return TEXT_CONTROL;
        if (cp != ' ' && cp != '\n' && cp != '\t')
            blank = false;
        chars++;
        p += k;
        n -= k;
    }
    if ((flags & TEXT_REQUIRED) && blank)
        return TEXT_EMPTY;
    if (chars > max_chars)
        return TEXT_TOO_LONG;
    return TEXT_OK;
}

const char *text_check_message(enum text_check rc)
{
    switch (rc) {
    case TEXT_OK:
        return "is fine";
    case TEXT_EMPTY:
        return "is required";
    case TEXT_TOO_LONG:
        return "is too long";
    case TEXT_BAD_UTF8:
        return "is not valid UTF-8";
    case TEXT_CONTROL:
        return "contains a control character";
    }
    return "is not acceptable";
}

void text_neutralise(const char *s, char *out, size_t outsz, bool keep_newlines)
{
    static const char repl[] = "\xEF\xBF\xBD"; /* U+FFFD */
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s), o = 0;
    unsigned cp;
    if (outsz == 0)
        return;
    while (n > 0) {
        size_t k = utf8_decode(p, n, &cp);
        const char *src = (const char *)p;
        size_t len = k;
        if (k == 0) {
            src = repl, len = 3, k = 1;
        } else if (cp == '\n' || cp == '\t') {
            src = (keep_newlines && cp == '\n') ? "\n" : " ", len = 1;
        } else if (text_is_control(cp)) {
            src = repl, len = 3;
        }
        if (o + len >= outsz)
            break;
        memcpy(out + o, src, len);
        o += len;
        p += k;
        n -= k;
    }
    out[o] = '\0';
}

void text_copy(char *out, size_t outsz, const char *s)
{
    if (outsz == 0)
        return;
    size_t n = s ? strlen(s) : 0;
    if (n >= outsz) {
        n = outsz - 1;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
    }
    if (n)
        memcpy(out, s, n);
    out[n] = '\0';
}

void text_copy_chars(char *out, size_t outsz, const char *s, size_t max_chars)
{
    text_copy(out, outsz, s);
    size_t i = 0, chars = 0;
    while (out[i] && chars < max_chars) {
        i++;
        while (((unsigned char)out[i] & 0xC0) == 0x80)
            i++;
        chars++;
    }
    out[i] = '\0';
}

void text_trim(char *s)
{
    size_t start = strspn(s, " \t"), n = strlen(s);
    while (n > start && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    memmove(s, s + start, n - start);
    s[n - start] = '\0';
}

static bool layout_char(unsigned cp)
{
    return cp == '\t' || cp == '\n' || cp == '\r';
}

bool text_needs_neutralising(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < n; i++)
        if (p[i] >= 0x80 || ((p[i] < 0x20 || p[i] == 0x7F) && !layout_char(p[i])))
            goto slow; /* plain printable ASCII is the common case: no decoding */
    return false;
slow:
    while (n > 0) {
        unsigned cp;
        size_t k = utf8_decode(p, n, &cp);
        if (k == 0 || (text_is_control(cp) && !layout_char(cp)))
            return true;
        p += k;
        n -= k;
    }
    return false;
}

size_t text_neutralise_layout(const char *s, size_t n, char *out, size_t outsz)
{
    static const char repl[] = "\xEF\xBF\xBD"; /* U+FFFD */
    const unsigned char *p = (const unsigned char *)s;
    size_t o = 0;
    if (outsz == 0)
        return 0;
    while (n > 0) {
        unsigned cp;
        size_t k = utf8_decode(p, n, &cp);
        const char *src = (const char *)p;
        size_t len = k;
        if (k == 0)
            src = repl, len = 3, k = 1;
        else if (text_is_control(cp) && !layout_char(cp))
            src = repl, len = 3;
        if (o + len >= outsz)
            break;
        memcpy(out + o, src, len);
        o += len;
        p += k;
        n -= k;
    }
    out[o] = '\0';
    return o;
}
