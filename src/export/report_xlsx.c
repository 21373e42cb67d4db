/* The report as a spreadsheet (see xlsx.h): the same tables as text, Markdown and HTML
 * (report_layout.h), a sheet each, with every figure the layout prints as a number written as
 * a number cell and every mark (<5, [c], a dash for nothing to divide, a duration) as text. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "ophamp/report_layout.h"
#include "ophamp/xlsx.h"

/* What a printed cell holds: a whole number, a decimal, a percent ("92.9%"), or text. */
static enum xlsx_kind cell_kind(const char *s, double *v)
{
    const char *p = s;
    bool digits = false, point = false;
    if (*p == '-')
        p++;
    for (; *p; p++) {
        if (isdigit((unsigned char)*p))
            digits = true;
        else if (*p == '.' && !point && digits)
            point = true;
        else
            break;
    }
    if (!digits || p[-1] == '.')
        return XK_TEXT;
    if (*p == '\0') {
        *v = strtod(s, NULL);
        return point ? XK_DECIMAL : XK_INT;
    }
    if (p[0] == '%' && p[1] == '\0') {
        /* From the printed digits, so that 65.1% is 0.651 and not 0.65099999... */
        const char *dot = strchr(s, '.');
        int decimals = dot && dot < p ? (int)(p - dot - 1) : 0;
        double scale = 1;
        for (int i = 0; i < decimals; i++)
            scale *= 10;
        double x = strtod(s, NULL) * scale;
        *v = (double)(long long)(x < 0 ? x - 0.5 : x + 0.5) / (scale * 100.0);
        return XK_PERCENT;
    }
    return XK_TEXT;
}

static int write_table(struct xlsx_book *b, const struct rp_table *t, struct oph_error *err)
{
    struct xlsx_col cols[RP_COLS];
    for (int c = 0; c < t->ncols; c++) {
        /* Column widths from the longest cell. */
        size_t w = strlen(t->cols[c]);
        for (int i = 0; i < t->nrows; i++)
            if (strlen(t->rows[i].cells[c]) > w)
                w = strlen(t->rows[i].cells[c]);
        cols[c] = (struct xlsx_col){t->cols[c], c == 0 ? XK_TEXT : XK_INT, (double)w + 2};
    }
    const char *lines[2] = {t->title, t->note};
    struct xlsx_sheet *s =
        xlsx_sheet_new_with_lines(b, t->title, lines, t->note ? 2 : 1, cols, t->ncols, err);
    if (!s)
        return -1;
    for (int i = 0; i < t->nrows; i++) {
        if (xlsx_row(s, err))
            return -1;
        for (int c = 0; c < t->ncols; c++) {
            const char *cell = t->rows[i].cells[c];
            double v = 0;
            enum xlsx_kind k = c == 0 ? XK_TEXT : cell_kind(cell, &v);
            if (k == XK_TEXT)
                xlsx_text(s, c, cell);
            else
                xlsx_number_as(s, c, v, k);
        }
    }
    if (t->footnote && xlsx_note(s, t->footnote, err))
        return -1;
    return 0;
}

int report_write_xlsx(const char *path, const struct report *r, struct oph_error *err)
{
    struct rp_doc d;
    rp_doc_build(r, &d);
    struct xlsx_book *b = xlsx_book_new(path, d.title, r->marking, r->audit_head, r->now, err);
    if (!b) {
        rp_doc_free(&d);
        return -1;
    }
    const char *lines[6];
    int n = 0;
    lines[n++] = d.title;
    if (r->marking)
        lines[n++] = r->marking;
    lines[n++] = d.period;
    if (d.previous[0])
        lines[n++] = d.previous;
    lines[n++] = d.asof;
    if (d.redaction[0])
        lines[n++] = d.redaction;
    int rc = xlsx_sheet_new_with_lines(b, "Report", lines, n, NULL, 0, err) ? 0 : -1;
    for (int i = 0; i < d.ntables && rc == 0; i++)
        rc = write_table(b, &d.tables[i], err);
    rp_doc_free(&d);
    if (rc) {
        xlsx_book_discard(b);
        return -1;
    }
    return xlsx_book_close(b, err);
}
