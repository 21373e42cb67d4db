/* Spreadsheet workbooks (.xlsx, Office Open XML) for the case list and the report, written
 * through libxlsxwriter in its constant-memory mode: each sheet holds one row in memory and is
 * written top to bottom, so a workbook of a million cases takes no more memory than one of
 * ten. Every sheet has its column names in a frozen first row with a filter on them, set
 * column widths, and the protective marking in its printed header and footer.
 *
 * Cells keep their kind: text stays text (a staff number 007123 is never a number, and a
 * text cell is never a formula), times are date cells in London time, counts are numbers.
 * A sheet that reaches the format's row limit goes on in a sheet of the same name numbered 2,
 * 3 ... */
#ifndef OPHAMP_XLSX_H
#define OPHAMP_XLSX_H

#include <stdbool.h>

#include "ophamp/calendar.h"
#include "ophamp/error.h"

enum xlsx_kind {
    XK_TEXT,    /* a string; the cell formatted as text, so an edit keeps it text */
    XK_TIME,    /* an oph_time, as a date cell in London time: 2026-04-08 09:00 */
    XK_INT,     /* a whole number */
    XK_DECIMAL, /* a number shown with two decimals */
    XK_PERCENT  /* a share (0.929) shown as a percent with one decimal (92.9%) */
};

struct xlsx_col {
    const char *name;
    enum xlsx_kind kind;
    double width; /* in characters; 0: a width that fits the kind */
};

struct xlsx_book;  /* a workbook being written */
struct xlsx_sheet; /* a table of a workbook: a header row and the rows under it */

/* Starts a workbook that xlsx_book_close writes to path. title: the document's title (its
 * properties); marking: the protective marking, on every sheet's printed header and footer
 * and in the document's properties. Both are copied. NULL with err on failure. */
/* audit_head: the log's head as the data was read ("N:HASH"; NULL or "" for none), in every
 * sheet's printed header and the workbook's properties. now: the program's clock, the time
 * the workbook says it was made (its properties, and its parts' times in the file), so that
 * the same data at the same clock is the same file. */
struct xlsx_book *xlsx_book_new(const char *path, const char *title, const char *marking,
                                const char *audit_head, oph_time now, struct oph_error *err);
/* Writes the file and frees the workbook (and its sheets); -1 with err if it cannot. */
int xlsx_book_close(struct xlsx_book *b, struct oph_error *err);
/* Frees the workbook without writing anything worth keeping (the caller removes the file). */
void xlsx_book_discard(struct xlsx_book *b);

/* A new sheet named name (at most 31 characters; []:*?/\ become spaces; a name already used
 * gets a number) whose first row names its ncols columns. NULL with err on failure. */
struct xlsx_sheet *xlsx_sheet_new(struct xlsx_book *b, const char *name,
                                  const struct xlsx_col *cols, int ncols, struct oph_error *err);
/* A sheet whose first rows are lines of text (a title, notes) before its table, or a sheet of
 * text lines only (ncols 0). The header row with the filter and the frozen pane comes after
 * the lines. */
struct xlsx_sheet *xlsx_sheet_new_with_lines(struct xlsx_book *b, const char *name,
                                             const char *const *lines, int nlines,
                                             const struct xlsx_col *cols, int ncols,
                                             struct oph_error *err);

/* Starts the next row (rows are written in order, cells of a row in any order). Returns -1
 * with err when the workbook cannot go on. */
int xlsx_row(struct xlsx_sheet *s, struct oph_error *err);
/* Cells of the current row, by column index. NULL text or OPH_NO_TIME leaves the cell
 * empty. Text is cleaned of control characters as in CSV. */
void xlsx_text(struct xlsx_sheet *s, int col, const char *text);
void xlsx_time(struct xlsx_sheet *s, int col, oph_time t);
void xlsx_number(struct xlsx_sheet *s, int col, double v); /* in its column's kind */
void xlsx_number_as(struct xlsx_sheet *s, int col, double v, enum xlsx_kind k);
/* A line of text under the table (a note), after its last row; outside the filter. */
int xlsx_note(struct xlsx_sheet *s, const char *text, struct oph_error *err);

/* An Excel date serial (days since 1899-12-30, the fraction the time of day) of t's London
 * date and clock time. */
double xlsx_serial_london(oph_time t);

/* The scrutiny report (report.h) as a workbook written to path: a first sheet with the title,
 * period and notes, then a sheet a table, its figures as numbers (percents as percent cells)
 * and its hidden ones as the marks the other formats show (<5, [c]). */
struct report;
int report_write_xlsx(const char *path, const struct report *r, struct oph_error *err);

#endif
