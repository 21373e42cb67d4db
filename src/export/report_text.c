/* The report for a terminal: aligned columns and bar charts of block characters. Every text is
 * the program's own but the teams' names, which the layout has neutralised already. */
#include <string.h>

#include "ophamp/text.h"
#include "ophamp/report_layout.h"

#define BAR_WIDTH 30

/* Prints s padded to width columns (every character here is one column wide). */
static void pad(FILE *out, const char *s, int width, bool right)
{
    int n = (int)utf8_length(s);
    if (right)
        for (int i = n; i < width; i++)
            fputc(' ', out);
    fputs(s, out);
    if (!right)
        for (int i = n; i < width; i++)
            fputc(' ', out);
}

/* A bar of value/max of BAR_WIDTH columns, in eighths of a column. */
static void bar(FILE *out, long value, long max)
{
    static const char *const part[8] = {"",       "\u258f", "\u258e", "\u258d",
                                        "\u258c", "\u258b", "\u258a", "\u2589"};
    long eighths = max > 0 ? (value * BAR_WIDTH * 8 + max / 2) / max : 0;
    if (value > 0 && eighths == 0)
        eighths = 1; /* something is never drawn as nothing */
    for (long i = 0; i < eighths / 8; i++)
        fputs("\u2588", out);
    fputs(part[eighths % 8], out);
}

/* Prints s broken at spaces into lines of at most width characters. */
static void wrap(FILE *out, const char *s, int width)
{
    while (*s) {
        const char *p = s, *cut = NULL;
        int n = 0;
        for (; *p && n <= width; p++) {
            if ((*p & 0xC0) != 0x80)
                n++;
            if (*p == ' ' && n <= width + 1)
                cut = p;
        }
        if (!*p && n <= width)
            cut = p; /* the rest fits */
        if (!cut)
            cut = p; /* one long word */
        fprintf(out, "%.*s\n", (int)(cut - s), s);
        s = *cut ? cut + 1 : cut;
    }
}

static void write_table(FILE *out, const struct rp_table *t)
{
    fprintf(out, "\n%s\n", t->title);
    for (size_t i = utf8_length(t->title); i > 0; i--)
        fputc('=', out);
    fputc('\n', out);
    if (t->note)
        wrap(out, t->note, 78);
    int w[RP_COLS] = {0};
    for (int c = 0; c < t->ncols; c++) {
        w[c] = (int)utf8_length(t->cols[c]);
        for (int i = 0; i < t->nrows; i++) {
            int n = (int)utf8_length(t->rows[i].cells[c]);
            if (n > w[c])
                w[c] = n;
        }
    }
    for (int c = 0; c < t->ncols; c++) {
        fputs(c ? "  " : "", out);
        pad(out, t->cols[c], w[c], c > 0);
    }
    fputc('\n', out);
    long max = t->chart ? rp_bar_max(t) : 0;
    for (int i = 0; i < t->nrows; i++) {
        const struct rp_row *rw = &t->rows[i];
        for (int c = 0; c < t->ncols; c++) {
            fputs(c ? "  " : "", out);
            pad(out, rw->cells[c], w[c], c > 0);
        }
        if (t->chart) {
            fputs("  ", out);
            if (rw->bar.hidden)
                fputs("(suppressed)", out);
            else
                bar(out, rw->bar.n, max);
        }
        fputc('\n', out);
    }
    if (t->footnote)
        wrap(out, t->footnote, 78);
}

void report_write_text(FILE *out, const struct report *r)
{
    struct rp_doc d;
    rp_doc_build(r, &d);
    if (r->marking)
        fprintf(out, "%s\n", r->marking);
    fprintf(out, "%s\n%s\n", d.title, d.period);
    if (d.previous[0])
        fprintf(out, "%s\n", d.previous);
    fprintf(out, "%s\n", d.asof);
    if (d.redaction[0])
        fprintf(out, "%s\n", d.redaction);
    for (int i = 0; i < d.ntables; i++)
        write_table(out, &d.tables[i]);
    if (r->audit_head[0])
        fprintf(out, "\naudit head %s\n", r->audit_head);
    if (r->marking)
        fprintf(out, "\n%s\n", r->marking);
    rp_doc_free(&d);
}
