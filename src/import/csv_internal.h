/* Private to the spreadsheet importer (csv_*.c): its columns, its state, and the pieces its
 * files share. csv_import.c runs the import and reports, csv_read.c reads records and the
 * header, csv_cells.c reads one cell each, csv_people.c finds the people a row names,
 * csv_row.c builds and saves each row's case. */
#ifndef OPHAMP_CSV_INTERNAL_H
#define OPHAMP_CSV_INTERNAL_H

#include <csv.h>
#include <stdbool.h>
#include <stddef.h>

#include "import_internal.h"
#include "ophamp/csv.h"
#include "ophamp/import.h"
#include "ophamp/store_export.h"

/* ---- the columns --------------------------------------------------------------------- */

/* The importer's columns: CASE_COLUMNS' (store_export.h), by their index, in its order, then
 * four a step (its status, due, done and on-time columns, in plan order). The table is the
 * only place a column's name and kind live: the importer knows a fact column by its field of
 * struct case_list_row, the table's own identity for it (CSV_COL(crime_reference)). */
#define CSV_STEP0 CASE_FACT_COLUMNS
#define CSV_COLUMNS (CSV_STEP0 + 4 * STEP_COUNT)
enum { SC_STATUS, SC_DUE_AT, SC_DONE_AT, SC_ON_TIME };
#define STEP_COL(s, k) (CSV_STEP0 + 4 * (int)(s) + (k))

/* The field of struct case_list_row that names a fact column. */
#define CSV_FIELD(field) offsetof(struct case_list_row, field)
/* The fact column whose field is at `off` (CASE_COLUMNS[c].off); a field that no column has
 * is a programming error (the program stops). */
int csv_col_at(size_t off);
#define CSV_COL(field) csv_col_at(CSV_FIELD(field))

/* The column's name as export writes it. */
const char *csv_col_name(int c);
/* The column of a name as export writes it, or -1. */
int csv_col_find(const char *name);

/* ---- the importer's state ------------------------------------------------------------ */

struct field {
    size_t off, len;
};

#define MAP_MAX 128

struct importer {
    struct app *app;
    const struct import_options *o;
    import_problem_cb cb;
    void *ctx;
    struct oph_error *err;
    int pass;     /* 1: header and cross-references; 2: rows */
    bool fatal;   /* a database error: stop, err says why */
    bool stopped; /* a parse error: the rest of the file cannot be read */

    /* The reader: fields of the current record in one buffer. */
    struct csv_parser parser;
    char *buf;
    size_t len, cap;
    struct field *f;
    int n, fcap;
    bool nul; /* a field of this record holds a NUL byte */
    long line, start, records;
    bool pending, ended;

    /* The header and the mapping. */
    char *map_src[MAP_MAX];
    int map_dest[MAP_MAX]; /* a column, or -1 to ignore */
    bool map_used[MAP_MAX];
    int n_map;
    int ncols;
    char **header; /* the file's names, as written (trimmed) */
    int *dest;     /* per file column: the importer's column, or -1 ignored */
    int colof[CSV_COLUMNS];

    /* Across the file. */
    struct person_map named;  /* victims named in the file, with their columns (pass 1) */
    struct smap uuids, refs;  /* UUIDs and references given, with the line giving them */
    struct person_map people; /* people met: from the database, or added (pass 2) */

    /* What a spreadsheet may have done: the longest crime reference of digits only that
     * begins with 0 (pass 1), which shorter ones may be without their zeros. */
    size_t zero_ref_len;
    char zero_ref_example[48];

    /* The row being read. */
    bool row_bad;
    struct case_detail *c;
    struct import_result res;
};

#define AS_TEXT_HINT "open the CSV with this column as text"

/* ---- reporting (csv_import.c) ---------------------------------------------------------- */

/* A problem of the row (or the header, line 1), in the column as the file names it (NULL:
 * none). */
void csv_report(struct importer *im, long line, const char *column, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* The same, in the importer's column c (-1: none). */
void csv_col_report(struct importer *im, long line, int c, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Something the import does differently from what the file says, or a value that looks
 * changed by a spreadsheet: said once (in the pass that writes), and the row is still
 * imported. */
void csv_warn(struct importer *im, long line, int c, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* A database error stops the import: the message goes back to the caller. */
void csv_fatal(struct importer *im, const struct oph_error *e);
const char *csv_field_text(const struct importer *im, int i);
/* The current record's cell of column c ("" when the file has no such column). */
const char *csv_cell(const struct importer *im, int c);

/* ---- reading (csv_read.c) -------------------------------------------------------------- */

/* Parses a --map value into im's mapping. */
int csv_parse_map(struct importer *im, const char *map, struct oph_error *err);
void csv_free_map(struct importer *im);
/* Reads the whole text once, giving each record to the pass: the header (pass 1), then each
 * row to csv_scan_row (pass 1) or csv_import_row (pass 2). */
void csv_read(struct importer *im, const char *data, size_t len);
void csv_lower_ascii(char *s);

/* ---- cells (csv_cells.c) --------------------------------------------------------------- */

bool csv_valid_uuid(const char *s, char out[UUID_LEN + 1]);
/* OPH-YYYY-NNNNN (any case); its year and number. */
bool csv_valid_reference(const char *s, char out[REF_LEN + 1], int *year, int *number);
/* Each checks the cell of column c on line `line` (a problem reported) and gives its value,
 * or what an empty or bad cell stands for. */
void csv_text_cell(struct importer *im, long line, int c, size_t max, unsigned flags, char *dst,
                   size_t dstsz);
void csv_number_cell(struct importer *im, long line, int c, bool required, char *dst, size_t dstsz);
void csv_time_cell(struct importer *im, long line, int c, oph_time *out);
int csv_vocab_cell(struct importer *im, long line, int c, const struct vocab *v, int empty);
int csv_yesno_cell(struct importer *im, long line, int c);
int csv_int_cell(struct importer *im, long line, int c, int min, int max);
/* Pass 1: who and what the row refers to. */
void csv_scan_row(struct importer *im, long line);

/* ---- people (csv_people.c) ------------------------------------------------------------- */

/* A person by staff number: met before, in the database, or named as a victim somewhere in
 * the file (added now). `here`: this row's victim columns, for the victim. NULL: a problem
 * reported, or a database error (im->fatal). */
struct file_person *csv_resolve(struct importer *im, long line, int c, const char *number,
                                const struct file_person *here);

/* ---- rows (csv_row.c) ------------------------------------------------------------------ */

/* Pass 2: the row checked, its case built and saved, in one action of the log. */
void csv_import_row(struct importer *im, long line);

#endif
