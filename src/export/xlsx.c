/* The workbook writer (see xlsx.h): libxlsxwriter in constant-memory mode, a few shared cell
 * formats, and sheets that go on in a numbered sheet at the format's row limit. */
#include "ophamp/xlsx.h"

#include "ophamp/record.h"

#include <stdlib.h>
#include <string.h>

#include <xlsxwriter.h>

#include "ophamp/plan.h"
#include "ophamp/text.h"

#define XLSX_COLS_MAX 96

struct xlsx_sheet {
    struct xlsx_book *book;
    struct xlsx_sheet *next; /* the book's list */
    lxw_worksheet *ws;
    char base[LXW_SHEETNAME_MAX + 1]; /* the name without a part number */
    int part;                         /* 1, then 2, 3 ... past the row limit */
    struct xlsx_col cols[XLSX_COLS_MAX];
    int ncols;
    lxw_row_t header; /* the header row's index */
    lxw_row_t row;    /* the current row */
    bool in_table;    /* rows go to the table (no note written yet) */
    bool done;        /* the filter is set */
};

struct xlsx_book {
    lxw_workbook *wb;
    struct xlsx_sheet *sheets;
    lxw_format *header, *line, *title, *kind[XK_PERCENT + 1];
    char marking[64]; /* at most MARKING_MAX (60) characters */
    char audit_head[LOG_HEAD_TEXT];
    char title_text[128];
    lxw_error failed; /* the first error a cell write met */
};

static int lxw_fail(struct oph_error *err, lxw_error e, const char *what)
{
    return oph_fail(err, OPH_DB, "cannot write the spreadsheet (%s): %s", what, lxw_strerror(e));
}

double xlsx_serial_london(oph_time t)
{
    struct oph_local l = london_from_utc(t);
    int64_t days = cal_days_from_civil((struct oph_date){l.year, l.month, l.day});
    /* 1970-01-01 is day 25569 of Excel's calendar (which counts from 1899-12-30). */
    return (double)(days + 25569) + (l.hour * 3600 + l.minute * 60 + l.second) / 86400.0;
}

/* A header or footer text: & is the format's escape, written twice to mean itself. */
static void escape_amp(const char *in, char *out, size_t size)
{
    size_t o = 0;
    for (const char *p = in; *p && o + 3 < size; p++) {
        if (*p == '&')
            out[o++] = '&';
        out[o++] = *p;
    }
    out[o] = '\0';
}

struct xlsx_book *xlsx_book_new(const char *path, const char *title, const char *marking,
                                const char *audit_head, oph_time now, struct oph_error *err)
{
    struct xlsx_book *b = calloc(1, sizeof *b);
    if (!b) {
        oph_fail(err, OPH_DB, "out of memory");
        return NULL;
    }
    text_copy(b->marking, sizeof b->marking, marking ? marking : "");
    text_copy(b->audit_head, sizeof b->audit_head, audit_head ? audit_head : "");
    text_copy(b->title_text, sizeof b->title_text, title ? title : "");
    lxw_workbook_options opt = {.constant_memory = LXW_TRUE, .use_zip64 = LXW_TRUE};
    b->wb = workbook_new_opt(path, &opt);
    if (!b->wb) {
        free(b);
        oph_fail(err, OPH_DB, "cannot start the spreadsheet %s", path);
        return NULL;
    }
    lxw_doc_properties props = {.title = b->title_text,
                                .keywords = b->marking,
                                .comments = b->marking,
                                .created = (time_t)now};
    workbook_set_properties(b->wb, &props);
    if (b->marking[0])
        workbook_set_custom_property_string(b->wb, "Protective marking", b->marking);
    if (b->audit_head[0])
        workbook_set_custom_property_string(b->wb, "Audit head", b->audit_head);

    b->header = workbook_add_format(b->wb);
    format_set_bold(b->header);
    format_set_bottom(b->header, LXW_BORDER_THIN);
    format_set_bg_color(b->header, 0xE7E6E6);
    format_set_num_format(b->header, "@");
    b->title = workbook_add_format(b->wb);
    format_set_bold(b->title);
    format_set_font_size(b->title, 13);
    b->line = workbook_add_format(b->wb);
    format_set_num_format(b->line, "@");
    static const char *const num[] = {[XK_TEXT] = "@",
                                      [XK_TIME] = "yyyy-mm-dd hh:mm",
                                      [XK_INT] = "0",
                                      [XK_DECIMAL] = "0.00",
                                      [XK_PERCENT] = "0.0%"};
    for (int k = 0; k <= XK_PERCENT; k++) {
        b->kind[k] = workbook_add_format(b->wb);
        format_set_num_format(b->kind[k], num[k]);
        if (k == XK_TEXT)
            format_set_align(b->kind[k], LXW_ALIGN_VERTICAL_TOP);
    }
    return b;
}

/* Sets the table's filter over its header and rows: once, when the table is complete. */
static void end_table(struct xlsx_sheet *s)
{
    if (s->done || s->ncols == 0)
        return;
    s->done = true;
    lxw_row_t last = s->in_table && s->row > s->header ? s->row : s->header;
    worksheet_autofilter(s->ws, s->header, 0, last, (lxw_col_t)(s->ncols - 1));
}

void xlsx_book_discard(struct xlsx_book *b)
{
    if (!b)
        return;
    struct oph_error ignored;
    xlsx_book_close(b, &ignored);
}

int xlsx_book_close(struct xlsx_book *b, struct oph_error *err)
{
    if (!b)
        return 0;
    for (struct xlsx_sheet *s = b->sheets; s; s = s->next)
        end_table(s);
    lxw_error failed = b->failed;
    lxw_error e = workbook_close(b->wb);
    while (b->sheets) {
        struct xlsx_sheet *next = b->sheets->next;
        free(b->sheets);
        b->sheets = next;
    }
    free(b);
    if (failed != LXW_NO_ERROR)
        return lxw_fail(err, failed, "a cell");
    if (e != LXW_NO_ERROR)
        return lxw_fail(err, e, "the file");
    return 0;
}

static double default_width(const struct xlsx_col *c)
{
    double w = c->width;
    if (w <= 0)
        w = c->kind == XK_TIME ? 17 : c->kind == XK_TEXT ? 14 : 10;
    double named = (double)utf8_length(c->name) + 3; /* room for the filter's button */
    return named > w ? named : w;
}

/* The sheet's worksheet for its current part: name, page set-up, marking, column widths. */
static int open_part(struct xlsx_sheet *s, struct oph_error *err)
{
    struct xlsx_book *b = s->book;
    char name[LXW_SHEETNAME_MAX + 1];
    if (s->part == 1)
        text_copy(name, sizeof name, s->base);
    else {
        char suffix[16];
        int n = snprintf(suffix, sizeof suffix, " %d", s->part);
        (void)!snprintf(name, sizeof name, "%.*s%s", LXW_SHEETNAME_MAX - n, s->base, suffix);
    }
    /* A name already in the book gets the next free number. */
    char tried[LXW_SHEETNAME_MAX + 1];
    text_copy(tried, sizeof tried, name);
    for (int k = 2; workbook_get_worksheet_by_name(b->wb, tried) && k < 1000; k++) {
        char suffix[16];
        int n = snprintf(suffix, sizeof suffix, " (%d)", k);
        (void)!snprintf(tried, sizeof tried, "%.*s%s", LXW_SHEETNAME_MAX - n, name, suffix);
    }
    s->ws = workbook_add_worksheet(b->wb, tried);
    if (!s->ws)
        return oph_fail(err, OPH_DB, "cannot add the sheet %s to the spreadsheet", tried);
    char marking[2 * 64 + 1], hf[LXW_HEADER_FOOTER_MAX + 1];
    escape_amp(b->marking, marking, sizeof marking);
    (void)!snprintf(hf, sizeof hf, "&C&\"-,Bold\"%s%s%s", marking,
                    b->audit_head[0] ? "&R&8audit head " : "", b->audit_head);
    worksheet_set_header(s->ws, hf);
    (void)!snprintf(hf, sizeof hf, "&L&A&C&\"-,Bold\"%s&RPage &P of &N", marking);
    worksheet_set_footer(s->ws, hf);
    worksheet_set_landscape(s->ws);
    worksheet_set_paper(s->ws, 9); /* A4 */
    for (int c = 0; c < s->ncols; c++)
        worksheet_set_column(s->ws, (lxw_col_t)c, (lxw_col_t)c, default_width(&s->cols[c]),
                             b->kind[s->cols[c].kind]);
    s->done = false;
    s->in_table = true;
    return 0;
}

static int write_header(struct xlsx_sheet *s)
{
    for (int c = 0; c < s->ncols; c++)
        worksheet_write_string(s->ws, s->header, (lxw_col_t)c, s->cols[c].name, s->book->header);
    if (s->ncols > 0) {
        worksheet_freeze_panes(s->ws, s->header + 1, 0);
        worksheet_repeat_rows(s->ws, s->header, s->header); /* on every printed page */
    }
    s->row = s->header;
    return 0;
}

struct xlsx_sheet *xlsx_sheet_new_with_lines(struct xlsx_book *b, const char *name,
                                             const char *const *lines, int nlines,
                                             const struct xlsx_col *cols, int ncols,
                                             struct oph_error *err)
{
    if (ncols < 0 || ncols > XLSX_COLS_MAX) {
        oph_fail(err, OPH_DB, "a sheet of %d columns", ncols);
        return NULL;
    }
    struct xlsx_sheet *s = calloc(1, sizeof *s);
    if (!s) {
        oph_fail(err, OPH_DB, "out of memory");
        return NULL;
    }
    s->book = b;
    /* Sheet names cannot hold []:*?/\ nor begin or end with an apostrophe. */
    text_copy_chars(s->base, sizeof s->base, name && name[0] ? name : "Sheet", LXW_SHEETNAME_MAX);
    for (char *p = s->base; *p; p++)
        if (strchr("[]:*?/\\", *p))
            *p = ' ';
    if (s->base[0] == '\'')
        s->base[0] = ' ';
    size_t n = strlen(s->base);
    if (n > 0 && s->base[n - 1] == '\'')
        s->base[n - 1] = ' ';
    s->part = 1;
    s->ncols = ncols;
    if (ncols > 0)
        memcpy(s->cols, cols, sizeof *cols * (size_t)ncols);
    s->next = b->sheets;
    b->sheets = s;
    if (open_part(s, err))
        return NULL;
    for (int i = 0; i < nlines; i++)
        worksheet_write_string(s->ws, (lxw_row_t)i, 0, lines[i], i == 0 ? b->title : b->line);
    s->header = (lxw_row_t)(nlines > 0 && ncols > 0 ? nlines + 1 : nlines);
    write_header(s);
    return s;
}

struct xlsx_sheet *xlsx_sheet_new(struct xlsx_book *b, const char *name,
                                  const struct xlsx_col *cols, int ncols, struct oph_error *err)
{
    return xlsx_sheet_new_with_lines(b, name, NULL, 0, cols, ncols, err);
}

int xlsx_row(struct xlsx_sheet *s, struct oph_error *err)
{
    if (s->book->failed != LXW_NO_ERROR)
        return lxw_fail(err, s->book->failed, "a cell");
    if (s->row + 1 >= LXW_ROW_MAX) {
        /* The format's last row: the table goes on in a new sheet with the same header. */
        end_table(s);
        s->part++;
        s->header = 0;
        if (open_part(s, err))
            return -1;
        write_header(s);
    }
    s->row++;
    return 0;
}

static void note_error(struct xlsx_sheet *s, lxw_error e)
{
    if (e != LXW_NO_ERROR && s->book->failed == LXW_NO_ERROR)
        s->book->failed = e;
}

void xlsx_text(struct xlsx_sheet *s, int col, const char *text)
{
    if (!text || !text[0])
        return;
    size_t n = strlen(text);
    lxw_format *f = s->book->kind[XK_TEXT];
    if (!text_needs_neutralising(text, n)) {
        note_error(s, worksheet_write_string(s->ws, s->row, (lxw_col_t)col, text, f));
        return;
    }
    /* Control characters have no place in the file's XML: as in CSV, they become U+FFFD. */
    size_t cap = 3 * n + 1;
    char *buf = malloc(cap);
    if (!buf) {
        note_error(s, LXW_ERROR_MEMORY_MALLOC_FAILED);
        return;
    }
    size_t len = text_neutralise_layout(text, n, buf, cap);
    buf[len < cap ? len : cap - 1] = '\0';
    for (char *p = buf; *p; p++)
        if (*p == '\t' || *p == '\r')
            *p = ' ';
    note_error(s, worksheet_write_string(s->ws, s->row, (lxw_col_t)col, buf, f));
    free(buf);
}

void xlsx_time(struct xlsx_sheet *s, int col, oph_time t)
{
    if (t == OPH_NO_TIME)
        return;
    note_error(s, worksheet_write_number(s->ws, s->row, (lxw_col_t)col, xlsx_serial_london(t),
                                         s->book->kind[XK_TIME]));
}

void xlsx_number_as(struct xlsx_sheet *s, int col, double v, enum xlsx_kind k)
{
    if (k == XK_TEXT || k == XK_TIME)
        k = XK_DECIMAL;
    note_error(s, worksheet_write_number(s->ws, s->row, (lxw_col_t)col, v, s->book->kind[k]));
}

void xlsx_number(struct xlsx_sheet *s, int col, double v)
{
    xlsx_number_as(s, col, v, col >= 0 && col < s->ncols ? s->cols[col].kind : XK_INT);
}

int xlsx_note(struct xlsx_sheet *s, const char *text, struct oph_error *err)
{
    if (s->in_table) {
        end_table(s);
        s->in_table = false;
        s->row++; /* a blank row between the table and its notes */
    }
    if (s->row + 1 >= LXW_ROW_MAX)
        return oph_fail(err, OPH_DB, "no room for a note in the sheet %s", s->base);
    s->row++;
    note_error(s, worksheet_write_string(s->ws, s->row, 0, text, s->book->line));
    if (s->book->failed != LXW_NO_ERROR)
        return lxw_fail(err, s->book->failed, "a note");
    return 0;
}
