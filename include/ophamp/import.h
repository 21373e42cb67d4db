/* Importing a case list from a spreadsheet (CSV): the columns `export --format csv` writes,
 * or other names mapped onto them. Every row is checked by the same rules as `case new`,
 * `step done`, `step na` and `case close`; a file with any bad row imports nothing. */
#ifndef OPHAMP_IMPORT_H
#define OPHAMP_IMPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "ophamp/app.h"

/* One problem: the physical line where its record starts (1 is the header; 0 for the file as
 * a whole), the column's name as the file's header writes it (NULL when no one column is at
 * fault) and one line of text. */
typedef void (*import_problem_cb)(void *ctx, long line, const char *column, const char *msg);

struct import_options {
    /* Header names mapped onto the importer's columns: comma-separated SRC=DEST pairs, a pair
     * quoted as in CSV when SRC holds a comma or a quote; DEST "-" ignores the column. NULL:
     * none. */
    const char *map;
    bool dry_run; /* check everything, write nothing */
    /* Told of what the import does differently from what the file says and goes on: a
     * reference that is not one, or not of the year the case was reported (the case gets a
     * new one, and the message names both); what looks changed by a spreadsheet (a staff
     * number without its leading zeros, a crime reference turned into a date or a number).
     * NULL: not told. */
    import_problem_cb warn;
    void *warn_ctx;
};

struct import_result {
    long rows;       /* data rows read (the header not counted) */
    long cases;      /* cases imported (or that would be, with dry_run) */
    long people;     /* people added from victim columns */
    long bad_rows;   /* rows with at least one problem */
    long problems;   /* problems reported */
    long warnings;   /* warnings given (import_options.warn) */
    long stopped_at; /* the line where the file became unreadable (a quoting mistake), or 0 */
};

/* Checks a --map value. Returns 0, or -1 with err (OPH_INVALID) naming the mistake. */
int import_check_map(const char *map, struct oph_error *err);

/* Imports the CSV text data[0..len) in one transaction. Returns 0 when every row was good
 * (and imported unless dry_run), 1 when some were not (each problem given to cb; nothing
 * written), -1 on a malformed --map, a file that is not CSV, or a database error (err). */
int import_csv(struct app *app, const char *data, size_t len, const struct import_options *o,
               import_problem_cb cb, void *ctx, struct import_result *res, struct oph_error *err);

/* A time as spreadsheets write it, in London time unless it ends in Z: 'YYYY-MM-DD HH:MM',
 * 'YYYY-MM-DD HH:MM:SS', 'YYYY-MM-DDTHH:MM[:SS]', any of these with Z (UTC), 'YYYY-MM-DD'
 * (midnight), or the UK's 'D/M/YYYY H:MM[:SS]' and 'D/M/YYYY' (day first, leading zeros
 * optional). Returns 0, or -1 with *why a static message. */
int import_time_parse(const char *s, oph_time *out, const char **why);

/* What a spreadsheet may have made of an identifier it took for a date or a number, as its
 * CSV writes it back: "a date" (01/02/2026, 1/2/2026 13:00, 2026-02-01, 2026-02-01 00:00:00),
 * "a number in scientific notation" (3E+05, 3.00E+05), or NULL. A reference as typed (1/2/26,
 * 3E5) is not taken for either. */
const char *import_looks_converted(const char *value);
/* Whether s is one or more digits and nothing else. */
bool import_all_digits(const char *s);

#endif
