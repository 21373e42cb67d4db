/* The report as one self-contained printable HTML file: inline CSS, no scripts, no external
 * assets, every text escaped, and a bar chart in inline SVG for each charted table, with a
 * <title> per bar (what a browser shows on hover and a screen reader reads); a month that is
 * not over yet is drawn hatched and labelled (partial). */
#include <string.h>

#include "ophamp/export.h"
#include "ophamp/report_layout.h"

#define CHART_W 640
#define LABEL_W 170
#define BAR_MAX (CHART_W - LABEL_W - 80)
#define ROW_H 18

static void esc(FILE *out, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '<':
            fputs("&lt;", out);
            break;
        case '>':
            fputs("&gt;", out);
            break;
        case '&':
            fputs("&amp;", out);
            break;
        case '"':
            fputs("&quot;", out);
            break;
        case '\'':
            fputs("&#39;", out);
            break;
        default:
            fputc(*s, out);
        }
    }
}

static void chart(FILE *out, const struct rp_table *t)
{
    long max = rp_bar_max(t);
    int h = t->nrows * ROW_H + 4;
    fprintf(out,
            "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
            "height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"",
            CHART_W, h, CHART_W, h);
    esc(out, t->title);
    fputs("\">\n", out);
    for (int i = 0; i < t->nrows; i++) {
        const struct rp_row *rw = &t->rows[i];
        int y = i * ROW_H + 2;
        fprintf(out, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">", LABEL_W - 6, y + 13);
        esc(out, rw->cells[0]);
        fputs("</text>\n", out);
        /* A suppressed bar is an outline of one fixed width: its length tells nothing. */
        long w = rw->bar.hidden ? 12 : (rw->bar.n * BAR_MAX + max / 2) / max;
        if (!rw->bar.hidden && rw->bar.n > 0 && w < 1)
            w = 1;
        /* A month not over yet (or cut by the period) is drawn hatched: partial. */
        fprintf(out, "<rect class=\"%s%s\" x=\"%d\" y=\"%d\" width=\"%ld\" height=\"%d\">",
                rw->bar.hidden ? "bar suppressed" : "bar", rw->partial ? " partial" : "", LABEL_W,
                y + 2, w, ROW_H - 4);
        const char *value = rw->cells[t->bar_col > 0 ? t->bar_col : 1];
        fputs("<title>", out);
        esc(out, rw->cells[0]);
        fputs(": ", out);
        esc(out, value);
        /* "1 case", "2 cases": a count of one drops the plural's s */
        const char *what = t->bar_what ? t->bar_what : "";
        size_t wl = strlen(what);
        if (strcmp(value, "1") == 0 && wl > 1 && what[wl - 1] == 's' && what[wl - 2] != ' ')
            wl--;
        fprintf(out, " %.*s%s</title></rect>\n", (int)wl, what,
                rw->bar.hidden ? " (suppressed)" : "");
        fprintf(out, "<text x=\"%ld\" y=\"%d\">", LABEL_W + w + 6, y + 13);
        esc(out, value);
        fputs("</text>\n", out);
    }
    fputs("</svg>\n", out);
}

void report_write_html(FILE *out, const struct report *r)
{
    struct rp_doc d;
    rp_doc_build(r, &d);
    fputs("<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n<title>", out);
    esc(out, d.title);
    fputs("</title>\n<style>\n"
          "@page { size: A4; margin: 15mm; }\n"
          "body { font: 10.5pt/1.4 sans-serif; color: #111; max-width: 190mm; margin: 1em auto; }\n"
          "h1 { font-size: 16pt; margin: 0 0 .2em; }\n"
          "h2 { font-size: 12.5pt; margin: 1.2em 0 .3em; border-bottom: 1px solid #999; }\n"
          "section { break-inside: avoid; }\n"
          "table { border-collapse: collapse; margin: .3em 0; }\n"
          "th, td { border: 1px solid #bbb; padding: 2px 6px; }\n"
          "th { background: #eee; text-align: left; }\n"
          "td.n { text-align: right; font-variant-numeric: tabular-nums; }\n"
          ".meta { color: #444; margin: 0; }\n"
          ".footnote { font-size: 9pt; color: #333; margin: .2em 0 0; }\n"
          ".redaction { border: 1px solid #a60; padding: 4px 8px; background: #fff8ee; }\n"
          "svg.chart { display: block; margin: .4em 0; font: 9pt sans-serif; }\n"
          "svg .bar { fill: #2c5d8f; }\n"
          "svg .suppressed { fill: none; stroke: #888; stroke-dasharray: 2 2; }\n"
          "svg .partial { fill: #9db7d3; stroke: #2c5d8f; stroke-dasharray: 3 2; }\n"
          ".marking { font-weight: bold; text-align: center; letter-spacing: .05em; }\n",
          out);
    if (r->marking) {
        /* The marking at the head and foot of every printed page. */
        fputs("@page { @top-center { content: ", out);
        export_css_string(out, r->marking);
        fputs("; font: bold 9pt sans-serif; } @bottom-center { content: ", out);
        export_css_string(out, r->marking);
        fputs("; font: bold 9pt sans-serif; } }\n", out);
    }
    fputs("</style>\n</head>\n<body>\n", out);
    if (r->marking) {
        fputs("<p class=\"marking\">", out);
        esc(out, r->marking);
        fputs("</p>\n", out);
    }
    fputs("<h1>", out);
    esc(out, d.title);
    fputs("</h1>\n<p class=\"meta\">", out);
    esc(out, d.period);
    fputs("</p>\n", out);
    if (d.previous[0]) {
        fputs("<p class=\"meta\">", out);
        esc(out, d.previous);
        fputs("</p>\n", out);
    }
    fputs("<p class=\"meta\">", out);
    esc(out, d.asof);
    fputs("</p>\n", out);
    if (d.redaction[0]) {
        fputs("<p class=\"redaction\">", out);
        esc(out, d.redaction);
        fputs("</p>\n", out);
    }
    for (int i = 0; i < d.ntables; i++) {
        const struct rp_table *t = &d.tables[i];
        fputs("<section>\n<h2>", out);
        esc(out, t->title);
        fputs("</h2>\n", out);
        if (t->note) {
            fputs("<p>", out);
            esc(out, t->note);
            fputs("</p>\n", out);
        }
        if (t->chart)
            chart(out, t);
        fputs("<table>\n<thead><tr>", out);
        for (int c = 0; c < t->ncols; c++) {
            fputs("<th scope=\"col\">", out);
            esc(out, t->cols[c]);
            fputs("</th>", out);
        }
        fputs("</tr></thead>\n<tbody>\n", out);
        for (int k = 0; k < t->nrows; k++) {
            fputs("<tr>", out);
            for (int c = 0; c < t->ncols; c++) {
                fputs(c ? "<td class=\"n\">" : "<th scope=\"row\">", out);
                esc(out, t->rows[k].cells[c]);
                fputs(c ? "</td>" : "</th>", out);
            }
            fputs("</tr>\n", out);
        }
        fputs("</tbody>\n</table>\n", out);
        if (t->footnote) {
            fputs("<p class=\"footnote\">", out);
            esc(out, t->footnote);
            fputs("</p>\n", out);
        }
        fputs("</section>\n", out);
    }
    if (r->marking || r->audit_head[0]) {
        fputs("<footer>\n", out);
        if (r->audit_head[0])
            fprintf(out, "<p class=\"audit-head\">audit head %s</p>\n", r->audit_head);
        if (r->marking) {
            fputs("<p class=\"marking\">", out);
            esc(out, r->marking);
            fputs("</p>\n", out);
        }
        fputs("</footer>\n", out);
    }
    fputs("</body>\n</html>\n", out);
    rp_doc_free(&d);
}
