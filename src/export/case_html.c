/* Cases as one self-contained HTML document that prints well on A4: inline CSS only, no
 * scripts, no external assets; each case starts on a new printed page. Every text from the
 * database is escaped (& < > " ') and, when it may hold right-to-left text or direction
 * marks, isolated in <bdi> so that it cannot turn the words around it. */
#include "ophamp/export.h"

#include <stdlib.h>
#include <string.h>

#include "summary.h"

struct html {
    FILE *out;
};

static const char *html_escape(unsigned cp)
{
    switch (cp) {
    case '&':
        return "&amp;";
    case '<':
        return "&lt;";
    case '>':
        return "&gt;";
    case '"':
        return "&quot;";
    case '\'':
        return "&#39;";
    default:
        return NULL;
    }
}

static const char STYLE[] =
    "@page { size: A4; margin: 16mm 14mm 18mm 14mm; }\n"
    "html { color: #111; background: #fff; }\n"
    "body { font: 10pt/1.35 \"Segoe UI\", \"DejaVu Sans\", Arial, sans-serif; margin: 1.5em auto;"
    " max-width: 60em; padding: 0 1em; }\n"
    "header.doc { border-bottom: 2px solid #111; margin-bottom: 1em; }\n"
    "header.doc p { margin: 0.2em 0; }\n"
    "h1 { font-size: 16pt; margin: 0.6em 0 0.4em; }\n"
    "h2 { font-size: 12pt; margin: 1.1em 0 0.3em; border-bottom: 1px solid #999; }\n"
    "table { border-collapse: collapse; width: 100%; margin: 0.3em 0 0.6em; }\n"
    "th, td { border: 1px solid #bbb; padding: 0.2em 0.4em; text-align: left;"
    " vertical-align: top; }\n"
    "th { background: #eee; }\n"
    /* Words break only where they may; a long run without one is given places to break
     * (<wbr>, see html_data), so nothing runs off the page and "pending" stays whole. */
    "td { white-space: pre-wrap; overflow-wrap: break-word; }\n"
    ".marking { font-weight: bold; text-align: center; letter-spacing: 0.05em; margin: 0.2em 0; }\n"
    "footer.doc { border-top: 2px solid #111; margin-top: 1.5em; }\n"
    ".overdue { color: #a00; font-weight: bold; }\n"
    ".late { color: #8a4b00; font-weight: bold; }\n"
    ".redacted { font-weight: bold; }\n"
    ".case + .case { break-before: page; page-break-before: always; }\n"
    "@media print {\n"
    "  body { margin: 0; padding: 0; max-width: none; }\n"
    "  h1, h2 { break-after: avoid; page-break-after: avoid; }\n"
    "  tr { break-inside: avoid; page-break-inside: avoid; }\n"
    "  thead { display: table-header-group; }\n"
    "  .overdue, .late { color: #000; }\n"
    "}\n";

/* Whether s may carry a direction of its own: anything beyond ASCII. */
static bool needs_isolation(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s >= 0x80)
            return true;
    return false;
}

static void put_escaped(FILE *out, const char *s)
{
    summary_escape(out, s, html_escape);
}

static void html_begin_case(void *ctx, const struct case_detail *c)
{
    struct html *h = ctx;
    (void)c;
    fputs("<article class=\"case\">\n", h->out);
}

static void html_end_case(void *ctx)
{
    struct html *h = ctx;
    fputs("</article>\n", h->out);
}

static void html_begin_heading(void *ctx, int level)
{
    struct html *h = ctx;
    fprintf(h->out, "<h%d>", level == 1 ? 1 : 2);
}

static void html_end_heading(void *ctx, int level)
{
    struct html *h = ctx;
    fprintf(h->out, "</h%d>\n", level == 1 ? 1 : 2);
}

static void html_begin_table(void *ctx, const char *const *heads, int n)
{
    struct html *h = ctx;
    fputs("<table>\n<thead><tr>", h->out);
    for (int i = 0; i < n; i++) {
        fputs("<th>", h->out);
        put_escaped(h->out, heads[i]);
        fputs("</th>", h->out);
    }
    fputs("</tr></thead>\n<tbody>\n", h->out);
}

static void html_end_table(void *ctx)
{
    struct html *h = ctx;
    fputs("</tbody>\n</table>\n", h->out);
}

static void html_begin_row(void *ctx)
{
    struct html *h = ctx;
    fputs("<tr>", h->out);
}

static void html_end_row(void *ctx)
{
    struct html *h = ctx;
    fputs("</tr>\n", h->out);
}

static void html_begin_cell(void *ctx)
{
    struct html *h = ctx;
    fputs("<td>", h->out);
}

static void html_end_cell(void *ctx)
{
    struct html *h = ctx;
    fputs("</td>", h->out);
}

static void html_word(void *ctx, const char *s)
{
    struct html *h = ctx;
    put_escaped(h->out, s);
}

/* What summary_escape writes unchanged. */
static const char *keep_as_is(unsigned cp)
{
    (void)cp;
    return NULL;
}

/* Text from the database, escaped, with a place to break (<wbr>, which adds no text) after
 * every WORD_MAX characters of a run without spaces: a long reference or address wraps inside
 * its cell instead of pushing the table off the printed page. */
#define WORD_MAX 20

static void put_breakable(FILE *out, const char *s)
{
    char *clean = NULL;
    size_t size = 0;
    FILE *mem = open_memstream(&clean, &size);
    if (!mem)
        return;
    summary_escape(mem, s, keep_as_is); /* valid UTF-8, no control characters */
    if (fclose(mem) != 0) {
        free(clean);
        return;
    }
    int run = 0;
    for (size_t i = 0; i < size;) {
        size_t k = 1;
        while (i + k < size && ((unsigned char)clean[i + k] & 0xC0) == 0x80)
            k++;
        bool space = clean[i] == ' ' || clean[i] == '\t' || clean[i] == '\n';
        if (!space && run == WORD_MAX) {
            fputs("<wbr>", out);
            run = 0;
        }
        run = space ? 0 : run + 1;
        char cp[8] = {0};
        memcpy(cp, clean + i, k);
        put_escaped(out, cp);
        i += k;
    }
    free(clean);
}

static void html_data(void *ctx, const char *s)
{
    struct html *h = ctx;
    bool isolate = needs_isolation(s);
    if (isolate)
        fputs("<bdi>", h->out);
    put_breakable(h->out, s);
    if (isolate)
        fputs("</bdi>", h->out);
}

static void html_timeliness(void *ctx, enum timeliness t)
{
    struct html *h = ctx;
    if (t == TIMELY_OVERDUE || t == TIMELY_LATE)
        fprintf(h->out, "<span class=\"%s\">%s</span>", t == TIMELY_LATE ? "late" : "overdue",
                timeliness_words(t));
    else
        fputs(timeliness_words(t), h->out);
}

static void html_paragraph(void *ctx, const char *s)
{
    struct html *h = ctx;
    fputs("<p>", h->out);
    put_escaped(h->out, s);
    fputs("</p>\n", h->out);
}

static const struct summary_ops html_ops = {
    .begin_case = html_begin_case,
    .end_case = html_end_case,
    .begin_heading = html_begin_heading,
    .end_heading = html_end_heading,
    .begin_table = html_begin_table,
    .end_table = html_end_table,
    .begin_row = html_begin_row,
    .end_row = html_end_row,
    .begin_cell = html_begin_cell,
    .end_cell = html_end_cell,
    .word = html_word,
    .data = html_data,
    .timeliness = html_timeliness,
    .paragraph = html_paragraph,
};

void export_css_string(FILE *out, const char *text)
{
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        if (*p < 0x20 || *p == '"' || *p == '\\' || *p == '<' || *p == '>' || *p == '&')
            fprintf(out, "\\%x ", *p);
        else
            fputc(*p, out);
    }
    fputc('"', out);
}

void export_html_begin(FILE *out, const struct doc_meta *m)
{
    char when[OPH_ZONED_LEN];
    summary_time(m->now, when);
    fputs("<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
          out);
    put_escaped(out, m->title);
    fprintf(out, "</title>\n<style>\n%s", STYLE);
    if (m->marking) {
        /* The marking at the head and foot of every printed page. */
        fputs("@page { @top-center { content: ", out);
        export_css_string(out, m->marking);
        fputs("; font: bold 9pt sans-serif; } @bottom-center { content: ", out);
        export_css_string(out, m->marking);
        fputs("; font: bold 9pt sans-serif; } }\n", out);
    }
    fputs("</style>\n</head>\n<body>\n<header class=\"doc\">\n", out);
    if (m->marking) {
        fputs("<p class=\"marking\">", out);
        put_escaped(out, m->marking);
        fputs("</p>\n", out);
    }
    fputs("<p>", out);
    put_escaped(out, m->title);
    fprintf(out, " \xC2\xB7 Operation Hampshire \xC2\xB7 written %s</p>\n", when);
    if (m->redacted)
        fputs("<p class=\"redacted\">Redacted: names and staff numbers are pseudonyms and free "
              "text is left out.</p>\n",
              out);
    fputs("</header>\n", out);
}

void export_case_html_body(FILE *out, const struct case_detail *c, oph_time now)
{
    struct html h = {out};
    summary_layout(&html_ops, &h, c, now);
}

void export_html_end(FILE *out, const struct doc_meta *m)
{
    const char *lines[DOC_FOOTER_MAX];
    char buf[DOC_FOOTER_BUF];
    int n = export_doc_footer(m, lines, buf);
    if (n > 0) {
        fputs("<footer class=\"doc\">\n", out);
        for (int i = 0; i < n; i++) {
            fputs(lines[i] == m->marking ? "<p class=\"marking\">" : "<p>", out);
            put_escaped(out, lines[i]);
            fputs("</p>\n", out);
        }
        fputs("</footer>\n", out);
    }
    fputs("</body>\n</html>\n", out);
}
