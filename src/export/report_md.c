/* The report as Markdown: a heading per section and pipe tables (numbers right-aligned). */
#include "ophamp/report_layout.h"
#include "summary.h"

/* Table cells here are the program's own words and numbers, the marking and the teams' names;
 * escaped as every Markdown the program writes is, so that a cell can never break the table or
 * read as markup. */
static void md_cell(FILE *out, const char *s)
{
    summary_md_text(out, s);
}

void report_write_md(FILE *out, const struct report *r)
{
    struct rp_doc d;
    rp_doc_build(r, &d);
    if (r->marking) {
        fputs("**", out);
        md_cell(out, r->marking);
        fputs("**\n\n", out);
    }
    fprintf(out, "# %s\n\n%s.  \n", d.title, d.period);
    if (d.previous[0]) {
        md_cell(out, d.previous);
        fputs(".  \n", out);
    }
    fprintf(out, "%s.\n", d.asof);
    if (d.redaction[0]) {
        fputs("\n> ", out);
        md_cell(out, d.redaction);
        fputc('\n', out);
    }
    for (int i = 0; i < d.ntables; i++) {
        const struct rp_table *t = &d.tables[i];
        fprintf(out, "\n## %s\n\n", t->title);
        if (t->note) {
            md_cell(out, t->note);
            fputs("\n\n", out);
        }
        fputc('|', out);
        for (int c = 0; c < t->ncols; c++) {
            fputc(' ', out);
            md_cell(out, t->cols[c]);
            fputs(" |", out);
        }
        fputs("\n|", out);
        for (int c = 0; c < t->ncols; c++)
            fputs(c ? " ---: |" : " --- |", out);
        fputc('\n', out);
        for (int k = 0; k < t->nrows; k++) {
            fputc('|', out);
            for (int c = 0; c < t->ncols; c++) {
                fputc(' ', out);
                md_cell(out, t->rows[k].cells[c]);
                fputs(" |", out);
            }
            fputc('\n', out);
        }
        if (t->footnote) {
            fputc('\n', out);
            md_cell(out, t->footnote);
            fputc('\n', out);
        }
    }
    if (r->audit_head[0] || r->marking)
        fputs("\n* * *\n", out);
    if (r->audit_head[0])
        fprintf(out, "\naudit head %s\n", r->audit_head);
    if (r->marking) {
        fputs("\n**", out);
        md_cell(out, r->marking);
        fputs("**\n", out);
    }
    rp_doc_free(&d);
}
