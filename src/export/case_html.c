/* Cases as one self-contained HTML document that prints well on A4: inline CSS only, no
 * scripts, no external assets; each case starts on a new printed page. Every text from the
 * database is escaped (& < > " ') and, when it may hold right-to-left text or direction
 * marks, isolated in <bdi> so that it cannot turn the words around it. */
#include "ophamp/export.h"

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
    "td { white-space: pre-wrap; overflow-wrap: anywhere; }\n"
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

static void html_data(void *ctx, const char *s)
{
    struct html *h = ctx;
    bool isolate = needs_isolation(s);
    if (isolate)
        fputs("<bdi>", h->out);
    put_escaped(h->out, s);
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

void export_html_begin(FILE *out, const char *title, oph_time now, bool redacted)
{
    char when[OPH_ZONED_LEN];
    summary_time(now, when);
    fputs("<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
          out);
    put_escaped(out, title);
    fprintf(out, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<header class=\"doc\">\n<p>",
            STYLE);
    put_escaped(out, title);
    fprintf(out, " \xC2\xB7 Operation Hampshire \xC2\xB7 written %s</p>\n", when);
    if (redacted)
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

void export_html_end(FILE *out)
{
    fputs("</body>\n</html>\n", out);
}

void export_case_html(FILE *out, const struct case_detail *c, oph_time now)
{
    char title[REF_LEN + 32];
    snprintf(title, sizeof title, "Case summary %s", c->reference);
    export_html_begin(out, title, now, false);
    export_case_html_body(out, c, now);
    export_html_end(out);
}
