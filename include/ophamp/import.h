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
    /* Told of what the import does differently from what the file says and goes on (a
     * reference that is not one, or not of the year the case was reported: the case gets a
     * new one, and the message names both). NULL: not told. */
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

#endif
