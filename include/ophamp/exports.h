/* The export actions: they read through the app, case by case or row by row (never the whole
 * database in memory), and write through the renderers to any stream. Which cases: the
 * references (or UUIDs) given, or when there are none every case of the scope. A reference
 * that names no case is refused before anything is written. */
#ifndef OPHAMP_EXPORTS_H
#define OPHAMP_EXPORTS_H

#include <stdio.h>

#include "ophamp/app.h"
#include "ophamp/export.h"
#include "ophamp/ics.h"
#include "ophamp/outfile.h"
#include "ophamp/redact.h"
#include "ophamp/store_export.h"

enum export_scope { SCOPE_ALL, SCOPE_OPEN };

struct export_request {
    const char *const *refs; /* references or UUIDs; n_refs == 0: every case of the scope */
    int n_refs;
    enum export_scope scope;
    const struct redactor *redact;   /* NULL or off: as recorded */
    const char *marking;             /* the protective marking; NULL: the database's */
    const struct ics_alarms *alarms; /* a calendar's alarms; NULL: one an hour before */
};

/* Case summaries in one document: text, Markdown, printable HTML, or a JSON bundle of whole
 * cases (what `import` reads back). Each carries the protective marking. */
int export_cases(struct app *app, const struct export_request *rq, enum out_format fmt, FILE *out,
                 struct oph_error *err);

/* What `ophamp export` writes in format fmt (any format that writes WRITES_CASES or
 * WRITES_CASE_LIST: formats.h) to an opened output file: the document of case summaries, the
 * case list as CSV or a spreadsheet (to of->tmp: a file-only format), or the calendar. */
int export_write(struct app *app, const struct export_request *rq, enum out_format fmt,
                 struct out_file *of, struct oph_error *err);

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

/* Every pending due item of the cases as an iCalendar file (RFC 5545), and the items finished
 * in the last ICS_CANCELLED_DAYS days as cancelled entries. */
int export_ics(struct app *app, const struct export_request *rq, FILE *out, struct oph_error *err);

/* A calendar written entry by entry (export_ics, and `remind --format ics` with its own
 * choice of items). An entry's SEQUENCE and LAST-MODIFIED come from the log (the man page,
 * "Calendars"): SEQUENCE is twice the number of changes of the item's due time, status or
 * rule by its case's actions plus the actions of many cases that changed items (rule and
 * bank-holiday changes), and one more while the item is overdue; LAST-MODIFIED is the time
 * of the last of those changes, or the due time for an item overdue since. */
#define ICS_CANCELLED_DAYS 30
struct ics_calendar {
    struct app *app;
    struct ics_writer w;
    struct item_history multi; /* the actions of many cases that changed items */
    const struct redactor *redact;
    struct oph_error *err;
    long n; /* entries written */
};
/* Starts the calendar: its header and marking (NULL: none); alarms NULL: one an hour before;
 * redact NULL or off: names and places shown where the item carries them. */
int ics_calendar_begin(struct ics_calendar *c, struct app *app, FILE *out, const char *marking,
                       const struct ics_alarms *alarms, const struct redactor *redact,
                       struct oph_error *err);
/* One entry: a due item, or (d->status set) a finished one, cancelled. */
int ics_calendar_item(struct ics_calendar *c, const struct due_item *d, struct oph_error *err);
/* The items of the selection finished in the last ICS_CANCELLED_DAYS days, cancelled; lead >=
 * 0: only those due at most lead seconds after they finished (what a calendar of the items
 * due within a window can have had). */
int ics_calendar_finished(struct ics_calendar *c, enum export_select sel, int64_t case_id,
                          oph_time lead, struct oph_error *err);
void ics_calendar_end(struct ics_calendar *c);

#endif
