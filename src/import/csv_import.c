/* Importing a case list from CSV. libcsv splits the text into records (strict quoting); the
 * importer reads it twice. The first pass takes the header and notes what rows refer to
 * across the file (victims named, UUIDs and references given), so that nothing depends on
 * the order of the rows. The second pass checks each row and builds its case in memory with
 * the engine (wf_*), exactly as the actions do, and saves it; all of it in one transaction
 * that commits only when no row had a problem (and never with --dry-run). This file: the
 * whole import, and how problems and warnings are told. */
#include "ophamp/import.h"

#include <malloc.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv_internal.h"

/* The message, formatted, to cb (NULL: nobody is told). */
__attribute__((format(printf, 5, 0))) static void
tell(import_problem_cb cb, void *ctx, long line, const char *column, const char *fmt, va_list ap)
{
    char msg[700];
    vsnprintf(msg, sizeof msg, fmt, ap);
    if (cb)
        cb(ctx, line, column, msg);
}

__attribute__((format(printf, 4, 0))) static void
vreport(struct importer *im, long line, const char *column, const char *fmt, va_list ap)
{
    tell(im->cb, im->ctx, line, column, fmt, ap);
    im->res.problems++;
    if (!im->row_bad) {
        im->row_bad = true;
        if (line > 1)
            im->res.bad_rows++;
    }
}

void csv_report(struct importer *im, long line, const char *column, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(im, line, column, fmt, ap);
    va_end(ap);
}

/* The column's name as the file writes it (or ours when the file has no such column). */
static const char *cname(const struct importer *im, int c)
{
    return im->colof[c] >= 0 ? im->header[im->colof[c]] : csv_col_name(c);
}

void csv_col_report(struct importer *im, long line, int c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(im, line, c >= 0 ? cname(im, c) : NULL, fmt, ap);
    va_end(ap);
}

void csv_warn(struct importer *im, long line, int c, const char *fmt, ...)
{
    if (im->pass != 2)
        return;
    im->res.warnings++;
    va_list ap;
    va_start(ap, fmt);
    tell(im->o ? im->o->warn : NULL, im->o ? im->o->warn_ctx : NULL, line,
         c >= 0 ? cname(im, c) : NULL, fmt, ap);
    va_end(ap);
}

void csv_fatal(struct importer *im, const struct oph_error *e)
{
    if (!im->fatal && im->err)
        *im->err = *e;
    im->fatal = true;
}

const char *csv_field_text(const struct importer *im, int i)
{
    return im->buf + im->f[i].off;
}

const char *csv_cell(const struct importer *im, int c)
{
    int i = im->colof[c];
    return i >= 0 && i < im->n ? csv_field_text(im, i) : "";
}

/* ---- the whole import ---------------------------------------------------------------- */

static void importer_free(struct importer *im)
{
    for (int i = 0; i < im->ncols; i++)
        free(im->header[i]);
    free(im->header);
    free(im->dest);
    free(im->buf);
    free(im->f);
    csv_free_map(im);
    person_map_free(&im->named);
    smap_free(&im->uuids, NULL);
    smap_free(&im->refs, NULL);
    person_map_free(&im->people);
    case_detail_free(im->c);
}

/* Past a UTF-8 byte order mark; refused: a file with no header row, or one that is JSON. */
static int check_start(const char **data, size_t *len, struct oph_error *err)
{
    if (*len >= 3 && memcmp(*data, "\xEF\xBB\xBF", 3) == 0) {
        *data += 3;
        *len -= 3;
    }
    size_t first = 0;
    while (first < *len && strchr(" \t\r\n", (*data)[first]))
        first++;
    if (first == *len)
        return oph_fail(err, OPH_INVALID, "the file is empty: no header row");
    if ((*data)[first] == '{' || (*data)[first] == '[')
        return oph_fail(err, OPH_INVALID, "not a CSV file (it looks like JSON)");
    return 0;
}

/* The two passes: the second, in the import's transaction, only when the first found no
 * problem. Returns 0, or -1 with im->err. */
static int run_passes(struct importer *im, const char *data, size_t len)
{
    struct app *app = im->app;
    im->pass = 1;
    csv_read(im, data, len);
    if (im->res.problems)
        return 0;
    if (im->ncols == 0)
        return oph_fail(im->err, OPH_INVALID, "the file is empty: no header row");
    im->pass = 2;
    if (import_begin(app, im->err))
        return -1;
    csv_read(im, data, len);
    bool keep = !im->fatal && !im->res.problems && !(im->o && im->o->dry_run);
    if (import_end(app, keep, im->err))
        im->fatal = true;
    return im->fatal ? -1 : 0;
}

int import_csv(struct app *app, const char *data, size_t len, const struct import_options *o,
               import_problem_cb cb, void *ctx, struct import_result *res, struct oph_error *err)
{
    struct importer im;
    memset(&im, 0, sizeof im);
    im.app = app;
    im.o = o;
    im.cb = cb;
    im.ctx = ctx;
    im.err = err;
    if (res)
        memset(res, 0, sizeof *res);
    if (csv_parse_map(&im, o ? o->map : NULL, err) || check_start(&data, &len, err)) {
        csv_free_map(&im);
        return -1;
    }
    im.c = case_detail_new();
    for (int c = 0; c < CSV_COLUMNS; c++)
        im.colof[c] = -1;
#ifdef __GLIBC__
    /* Each row's case grows item arrays holding large text buffers: keep the freed heap
     * rather than hand it back to the kernel after every row (as demo does). */
    mallopt(M_TRIM_THRESHOLD, 64 << 20);
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
#endif
    int rc = run_passes(&im, data, len);
    if (res) {
        *res = im.res;
        if (rc || im.res.problems)
            res->cases = res->people = 0;
    }
    if (rc == 0 && im.res.problems)
        rc = 1;
    importer_free(&im);
    return rc;
}
