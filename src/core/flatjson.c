/* Member by member through a flat JSON object (flatjson.h). */
#include "ophamp/flatjson.h"

#include <string.h>

void fj_init(struct fj_iter *it, const char *json, size_t len)
{
    it->p = json;
    it->end = json ? json + len : json;
    it->bad = false;
    if (!json || len < 2 || json[0] != '{' || json[len - 1] != '}') {
        it->bad = json != NULL && len > 0;
        it->p = it->end;
        return;
    }
    it->p++;
    it->end--;
}

/* The end of the string starting at p (its opening quote), just past its closing quote. */
static const char *string_end(const char *p, const char *end)
{
    for (p++; p < end; p++) {
        if (*p == '\\')
            p++;
        else if (*p == '"')
            return p + 1;
    }
    return NULL;
}

/* The end of a value: a string, or anything up to the next ',' outside brackets. */
static const char *value_end(const char *p, const char *end)
{
    if (p < end && *p == '"')
        return string_end(p, end);
    int depth = 0;
    for (; p < end; p++) {
        if (*p == '"') {
            p = string_end(p, end);
            if (!p)
                return NULL;
            p--;
        } else if (*p == '{' || *p == '[') {
            depth++;
        } else if (*p == '}' || *p == ']') {
            depth--;
        } else if (*p == ',' && depth == 0) {
            return p;
        }
    }
    return depth == 0 ? p : NULL;
}

int fj_next(struct fj_iter *it, struct fj_member *m)
{
    if (it->p >= it->end)
        return 0;
    const char *p = it->p;
    if (*p != '"')
        goto bad;
    const char *k = string_end(p, it->end);
    if (!k || k >= it->end || *k != ':')
        goto bad;
    m->key = p + 1;
    m->key_len = (size_t)(k - p) - 2;
    m->value = k + 1;
    const char *v = value_end(m->value, it->end);
    if (!v || v == m->value)
        goto bad;
    m->value_len = (size_t)(v - m->value);
    it->p = v < it->end && *v == ',' ? v + 1 : v;
    return 1;
bad:
    it->bad = true;
    it->p = it->end;
    return 0;
}

bool fj_is_null(const struct fj_member *m)
{
    return m->value_len == 4 && memcmp(m->value, "null", 4) == 0;
}

int fj_find(const char *json, size_t len, const char *key, struct fj_member *out)
{
    struct fj_iter it;
    size_t n = strlen(key);
    fj_init(&it, json, len);
    while (fj_next(&it, out))
        if (out->key_len == n && memcmp(out->key, key, n) == 0)
            return 1;
    return 0;
}

static unsigned hex4(const char *p)
{
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        char c = p[i];
        v = v * 16 + (unsigned)(c >= '0' && c <= '9'   ? c - '0'
                                : c >= 'a' && c <= 'f' ? c - 'a' + 10
                                : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                                       : 0);
    }
    return v;
}

/* Appends code point cp as UTF-8 if it fits. */
static size_t put_utf8(char *out, size_t o, size_t outsz, unsigned cp)
{
    char b[4];
    size_t n;
    if (cp < 0x80) {
        b[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        b[0] = (char)(0xC0 | cp >> 6);
        b[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        b[0] = (char)(0xE0 | cp >> 12);
        b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        b[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        b[0] = (char)(0xF0 | cp >> 18);
        b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        b[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        b[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    if (o + n >= outsz)
        return o;
    memcpy(out + o, b, n);
    return o + n;
}

void fj_text(const struct fj_member *m, char *out, size_t outsz)
{
    if (outsz == 0)
        return;
    size_t o = 0;
    if (fj_is_null(m)) {
        out[0] = '\0';
        return;
    }
    if (m->value_len < 2 || m->value[0] != '"') {
        size_t n = m->value_len < outsz - 1 ? m->value_len : outsz - 1;
        memcpy(out, m->value, n);
        out[n] = '\0';
        return;
    }
    const char *p = m->value + 1, *end = m->value + m->value_len - 1;
    while (p < end && o + 1 < outsz) {
        if (*p != '\\') {
            out[o++] = *p++;
            continue;
        }
        p++;
        if (p >= end)
            break;
        char c = *p++;
        switch (c) {
        case 'n':
            out[o++] = '\n';
            break;
        case 't':
            out[o++] = '\t';
            break;
        case 'r':
            out[o++] = '\r';
            break;
        case 'b':
            out[o++] = '\b';
            break;
        case 'f':
            out[o++] = '\f';
            break;
        case 'u':
            if (end - p >= 4) {
                unsigned cp = hex4(p);
                p += 4;
                if (cp >= 0xD800 && cp < 0xDC00 && end - p >= 6 && p[0] == '\\' && p[1] == 'u') {
                    unsigned lo = hex4(p + 2);
                    if (lo >= 0xDC00 && lo < 0xE000) {
                        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                        p += 6;
                    }
                }
                o = put_utf8(out, o, outsz, cp);
            }
            break;
        default:
            out[o++] = c;
            break;
        }
    }
    out[o] = '\0';
}
