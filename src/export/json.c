/* The streaming JSON writer: commas, indentation and string escaping, so that whatever the
 * database holds, the output is valid JSON in valid UTF-8. */
#include "ophamp/json.h"

#include "ophamp/text.h"

#include <stdlib.h>
#include <string.h>

#include "ophamp/plan.h"

void jw_init(struct json_writer *w, FILE *out, bool pretty)
{
    memset(w, 0, sizeof *w);
    w->out = out;
    w->pretty = pretty;
}

static void newline_indent(struct json_writer *w, int depth)
{
    fputc('\n', w->out);
    for (int i = 0; i < depth; i++)
        fputs("  ", w->out);
}

/* Whatever goes before a value or a key: nothing after a key, else a comma between items and,
 * when pretty, a new line at the item's depth. */
static void before_item(struct json_writer *w)
{
    if (w->after_key) {
        w->after_key = false;
        return;
    }
    if (w->depth == 0)
        return;
    if (w->need_comma[w->depth])
        fputc(',', w->out);
    if (w->pretty)
        newline_indent(w, w->depth);
    w->need_comma[w->depth] = true;
}

static void open_container(struct json_writer *w, char bracket)
{
    before_item(w);
    if (w->depth >= JSON_MAX_DEPTH - 1) {
        /* Nesting this deep is a programming error in a renderer, never data. */
        fputs("json writer: too deeply nested\n", stderr);
        abort();
    }
    fputc(bracket, w->out);
    w->depth++;
    w->need_comma[w->depth] = false;
}

static void close_container(struct json_writer *w, char bracket)
{
    if (w->depth == 0)
        return;
    bool had_items = w->need_comma[w->depth];
    w->depth--;
    if (w->pretty && had_items)
        newline_indent(w, w->depth);
    fputc(bracket, w->out);
}

void jw_begin_object(struct json_writer *w)
{
    open_container(w, '{');
}

void jw_end_object(struct json_writer *w)
{
    close_container(w, '}');
}

void jw_begin_array(struct json_writer *w)
{
    open_container(w, '[');
}

void jw_end_array(struct json_writer *w)
{
    close_container(w, ']');
}

static void write_escaped(FILE *out, const char *str)
{
    const unsigned char *p = (const unsigned char *)str;
    size_t n = strlen(str);
    fputc('"', out);
    while (n > 0) {
        unsigned cp = 0;
        size_t k = utf8_decode(p, n, &cp);
        if (k == 0) {
            fputs("\xEF\xBF\xBD", out); /* U+FFFD for each invalid byte */
            k = 1;
        } else if (cp == '"') {
            fputs("\\\"", out);
        } else if (cp == '\\') {
            fputs("\\\\", out);
        } else if (cp == '\n') {
            fputs("\\n", out);
        } else if (cp == '\t') {
            fputs("\\t", out);
        } else if (cp == '\r') {
            fputs("\\r", out);
        } else if (cp == '\b') {
            fputs("\\b", out);
        } else if (cp == '\f') {
            fputs("\\f", out);
        } else if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) ||
                   (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069)) {
            /* Control characters (C1 and bidi overrides too) are escaped: the same string to
             * a JSON reader, and nothing that can drive a terminal showing the output. */
            fprintf(out, "\\u%04x", cp);
        } else if (cp == 0x2028 || cp == 0x2029) {
            /* valid JSON, but not valid JavaScript string literals in older engines */
            fprintf(out, "\\u%04x", cp);
        } else {
            fwrite(p, 1, k, out);
        }
        p += k;
        n -= k;
    }
    fputc('"', out);
}

void jw_key(struct json_writer *w, const char *key)
{
    before_item(w);
    write_escaped(w->out, key ? key : "");
    fputs(w->pretty ? ": " : ":", w->out);
    w->after_key = true;
}

void jw_string(struct json_writer *w, const char *s)
{
    if (!s) {
        jw_null(w);
        return;
    }
    before_item(w);
    write_escaped(w->out, s);
}

void jw_string_or_null(struct json_writer *w, const char *s)
{
    if (!s || !*s)
        jw_null(w);
    else
        jw_string(w, s);
}

void jw_int(struct json_writer *w, long long v)
{
    before_item(w);
    fprintf(w->out, "%lld", v);
}

void jw_fixed(struct json_writer *w, long long v, int decimals)
{
    long long scale = 1;
    for (int i = 0; i < decimals; i++)
        scale *= 10;
    before_item(w);
    unsigned long long a = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
    fprintf(w->out, "%s%llu", v < 0 ? "-" : "", a / (unsigned long long)scale);
    if (decimals > 0)
        fprintf(w->out, ".%0*llu", decimals, a % (unsigned long long)scale);
}

void jw_bool(struct json_writer *w, bool v)
{
    before_item(w);
    fputs(v ? "true" : "false", w->out);
}

void jw_null(struct json_writer *w)
{
    before_item(w);
    fputs("null", w->out);
}

void jw_time(struct json_writer *w, oph_time t)
{
    if (t == OPH_NO_TIME) {
        jw_null(w);
        return;
    }
    char buf[OPH_ISO_LEN];
    time_format_iso(t, buf);
    jw_string(w, buf);
}

void jw_finish(struct json_writer *w)
{
    fputc('\n', w->out);
}
