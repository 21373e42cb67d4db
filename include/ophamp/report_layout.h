/* The report laid out as titled tables, each row with the value its bar is drawn from, so that
 * text, Markdown, HTML and the front end's statistics view show the same figures in the same
 * order. (JSON and CSV read struct report directly.) */
#ifndef OPHAMP_REPORT_LAYOUT_H
#define OPHAMP_REPORT_LAYOUT_H

#include "ophamp/report.h"

#define RP_COLS 10
#define RP_CELL 64

struct rp_row {
    char cells[RP_COLS][RP_CELL];
    struct rcount bar; /* the charted value; hidden bars are never drawn to length */
    bool partial;      /* a month the period holds only part of (or not over yet) */
};

struct rp_table {
    const char *title;
    const char *note;     /* a sentence under the title, or NULL */
    const char *footnote; /* a sentence under the table (what [c] means), or NULL */
    const char *cols[RP_COLS];
    int ncols;
    bool chart;           /* rows carry a bar */
    const char *bar_what; /* "cases" … for the chart's titles */
    long bar_scale;       /* the value of a full bar; 0: the largest bar's */
    int bar_col;          /* the column that prints the charted value; 0 means 1 */
    int alert_col;        /* the column of overdue counts, which stand out; 0: none */
    struct rp_row *rows;
    int nrows, cap;
};

#define RP_TABLES_MAX 32

/* The longest sheet name a spreadsheet takes. */
#define RP_SHEET_NAME_MAX 31

struct rp_doc {
    char title[96];
    char period[96];       /* "1 Dec 2025 to 23 Nov 2026" */
    char previous[160];    /* the period the "prev." columns are of, or "" */
    char asof[96];         /* "Statuses as of 2026-11-23 09:00 (London)" */
    char redaction[200];   /* "" or the note on suppressed counts */
    char hidden_note[200]; /* what [c] means: the footnote of a table that has one */
    char overdue_note[200];
    /* "On time, (a) crime recorded": a step's table, whose title is also a spreadsheet's sheet
     * name (31 characters at the most, no colon) */
    char step_titles[STEP_COUNT][RP_SHEET_NAME_MAX + 1];
    struct rp_table tables[RP_TABLES_MAX];
    int ntables;
};

/* Lays the report out; exits on memory exhaustion like the rest of the program's output. */
void rp_doc_build(const struct report *r, struct rp_doc *d);
void rp_doc_free(struct rp_doc *d);
/* The value of a full bar: the table's scale, or its largest shown bar value (at least 1). */
long rp_bar_max(const struct rp_table *t);

/* CSV (RFC 4180): a field quoted when it must be, and a cell that a spreadsheet would take for
 * a formula (=, +, -, @, tab, carriage return first) neutralised with a leading '. */
void rp_csv_field(FILE *out, const char *s, bool last);

#endif
