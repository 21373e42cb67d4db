/* Private to the export actions. */
#ifndef OPHAMP_EXPORT_INTERNAL_H
#define OPHAMP_EXPORT_INTERNAL_H

#include <stdint.h>

#include "ophamp/csv.h"

#include "ophamp/exports.h"
#include "ophamp/store_export.h"

/* The ids of the cases a request names (rq->refs), each once, in the order given, in a
 * malloc'ed array (*ids_out; NULL and 0 when it names none). Refuses (OPH_REFUSED, "no case
 * REF") the first reference that names no case, before anything is written. */
int export_resolve_refs(struct app *app, const struct export_request *rq, int64_t **ids_out,
                        int *n_out, struct oph_error *err);

/* Runs cb on the case list rows of the request: the cases ids names (export_resolve_refs),
 * or every case of its scope. */
int export_each_case_row(struct app *app, const struct export_request *rq, const int64_t *ids,
                         int n_ids, case_list_row_cb cb, void *ctx, struct oph_error *err);

/* A writer of the case list's rows, cell by cell: CSV or a spreadsheet. Columns are numbered
 * from 0 (the reference) in the order of CASE_COLUMNS and then four a step. */
#define CASE_ROW_COLUMNS (CASE_FACT_COLUMNS + 4 * STEP_COUNT)
struct row_sink {
    void (*text)(void *ctx, int col, const char *s); /* s NULL: empty */
    void (*time)(void *ctx, int col, oph_time t);    /* OPH_NO_TIME: empty */
    void (*number)(void *ctx, int col, long n);
    void *ctx;
};
struct case_row_emit {
    const struct row_sink *sink;
    const struct redactor *redact; /* NULL when off */
    oph_time now;                  /* for the on-time columns */
};
/* One case's row, redacted when asked: free text left out, people by pseudonym. */
void export_case_row(const struct case_row_emit *e, const struct case_list_row *r);
/* The name of a step's column part (0 status, 1 due_at, 2 done_at, 3 on_time): crime_due_at. */
const char *export_step_column(int step, int part, char name[64]);
/* Done by the due time: "yes"; done later, or pending and past due: "no"; otherwise (pending
 * and not yet due, not applicable): NULL. status is an enum item_status. */
const char *export_on_time(int status, oph_time due_at, oph_time done_at, oph_time now);

#endif
