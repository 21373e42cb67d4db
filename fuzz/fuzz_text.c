/* Fuzzes the checks on typed text and the neutralising of stored text for a terminal.
 * Invariants: utf8_decode accepts exactly the shortest encodings of scalar values; text_check
 * agrees with utf8_valid and its limits; text_neutralise's output always fits its buffer, is
 * valid UTF-8 and carries no control character (so stored text can never drive a terminal),
 * and leaves clean text as it was; text_copy never splits a character.
 *
 * Input: byte 0 chooses the flags and the output size, byte 1 the character limit, the rest is
 * the text. */
#include <stdbool.h>

#include "fuzz_support.h"
#include "ophamp/text.h"

/* The shortest UTF-8 encoding of a scalar value. */
static size_t encode(unsigned cp, unsigned char out[4])
{
    if (cp < 0x80) {
        out[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (unsigned char)(0xC0 | cp >> 6);
        out[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (unsigned char)(0xE0 | cp >> 12);
        out[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (unsigned char)(0xF0 | cp >> 18);
    out[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

static bool is_control(unsigned cp)
{
    return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) || (cp >= 0x202A && cp <= 0x202E) ||
           (cp >= 0x2066 && cp <= 0x2069);
}

/* Decodes every position; returns whether all of it was valid. */
static bool check_decode(const unsigned char *p, size_t n)
{
    bool valid = true;
    while (n > 0) {
        unsigned cp = 0xFFFFFFFFu;
        size_t k = utf8_decode(p, n, &cp);
        FUZZ_CHECK(k <= 4 && k <= n);
        if (k == 0) {
            valid = false;
            p++, n--;
            continue;
        }
        FUZZ_CHECK(cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF));
        unsigned char enc[4];
        FUZZ_CHECK(encode(cp, enc) == k && memcmp(enc, p, k) == 0);
        p += k, n -= k;
    }
    return valid;
}

/* Every code point of s is valid and none is a control character (newline and tab only if
 * allowed). */
static void check_clean(const char *s, bool newline_ok, bool tab_ok)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s);
    while (n > 0) {
        unsigned cp;
        size_t k = utf8_decode(p, n, &cp);
        FUZZ_CHECK(k > 0);
        FUZZ_CHECK(!is_control(cp) || (newline_ok && cp == '\n') || (tab_ok && cp == '\t'));
        p += k, n -= k;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    unsigned ctl = data[0], limit = data[1];
    FUZZ_CHECK(check_decode(data + 2, size - 2) == utf8_valid((const char *)data + 2, size - 2));
    char *s = fuzz_string(data + 2, size - 2);
    size_t len = strlen(s);
    bool valid = utf8_valid(s, len);

    unsigned flags = ctl & (TEXT_MULTILINE | TEXT_REQUIRED);
    enum text_check rc = text_check(s, limit, flags);
    /* Invalid text is always refused: as invalid, or for a control character met first. */
    FUZZ_CHECK(valid ? rc != TEXT_BAD_UTF8 : (rc == TEXT_BAD_UTF8 || rc == TEXT_CONTROL));
    FUZZ_CHECK(text_check_message(rc)[0] != '\0');
    if (rc == TEXT_OK) {
        FUZZ_CHECK(utf8_length(s) <= limit);
        bool multiline = flags & TEXT_MULTILINE;
        check_clean(s, multiline, multiline);
    }
    if (valid)
        FUZZ_CHECK(utf8_length(s) <= len);

    /* Neutralised into an output of exactly outsz bytes (from 1 to twice the input and
     * more), with and without newlines. */
    size_t outsz = 1 + (ctl >> 2) % 64 + ((ctl & 0x80) ? 3 * len : 0);
    for (int keep = 0; keep <= 1; keep++) {
        char *out = malloc(outsz);
        FUZZ_CHECK(out != NULL);
        text_neutralise(s, out, outsz, keep);
        FUZZ_CHECK(strlen(out) < outsz);
        FUZZ_CHECK(utf8_valid(out, strlen(out)));
        check_clean(out, keep, false);
        /* Clean one-line text comes through unchanged when it fits. */
        if (text_check(s, (size_t)-1, 0) == TEXT_OK && outsz > len)
            FUZZ_CHECK(strcmp(out, s) == 0);
        free(out);
    }

    /* text_copy: a prefix of s that never splits a character. */
    char *copy = malloc(outsz);
    FUZZ_CHECK(copy != NULL);
    text_copy(copy, outsz, s);
    size_t clen = strlen(copy);
    FUZZ_CHECK(clen < outsz && clen <= len && memcmp(copy, s, clen) == 0);
    if (valid)
        FUZZ_CHECK(utf8_valid(copy, clen));
    if (len < outsz)
        FUZZ_CHECK(clen == len);
    free(copy);
    free(s);
    return 0;
}
