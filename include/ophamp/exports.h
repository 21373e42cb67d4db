/* The export actions: they read through the app, case by case or row by row (never the whole
 * database in memory), and write through the renderers to any stream. Which cases: the
 * references (or UUIDs) given, or when there are none every case of the scope. A reference
 * that names no case is refused before anything is written. */
#ifndef OPHAMP_EXPORTS_H
#define OPHAMP_EXPORTS_H

#include <stdio.h>

#include "ophamp/app.h"
#include "ophamp/export.h"
#include "ophamp/redact.h"

enum export_scope { SCOPE_ALL, SCOPE_OPEN };

struct export_request {
    const char *const *refs; /* references or UUIDs; n_refs == 0: every case of the scope */
    int n_refs;
    enum export_scope scope;
    const struct redactor *redact; /* NULL or off: as recorded */
    const char *marking;           /* the protective marking; NULL: the database's */
};

/* Case summaries in one document: text, Markdown, printable HTML, or a JSON bundle of whole
 * cases (what `import` reads back). Each carries the protective marking. */
int export_cases(struct app *app, const struct export_request *rq, enum doc_format fmt, FILE *out,
                 struct oph_error *err);

/* The case list as CSV (RFC 4180, spreadsheet-safe): one row per case with the facts and
 * each step's status, due time, done time and on-time flag. */
int export_case_list_csv(struct app *app, const struct export_request *rq, FILE *out,
                         struct oph_error *err);

/* The case list as a spreadsheet written to path (.xlsx): a sheet "Cases" with the CSV's
 * columns (times as date cells in London time, every identifier as text) and a sheet "Items",
 * one row a step, follow-up or evidence item with its case's reference; redacted as the CSV
 * is. Memory stays the same whatever the number of cases. */
int export_case_list_xlsx(struct app *app, const struct export_request *rq, const char *path,
                          struct oph_error *err);

/* Every pending due item of the cases as an iCalendar file (RFC 5545). */
int export_ics(struct app *app, const struct export_request *rq, FILE *out, struct oph_error *err);

#endif
