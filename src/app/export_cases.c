/* Case summaries of many cases in one document (see exports.h): every reference is checked
 * before a byte is written; then one case at a time is loaded, redacted when asked, written
 * and freed, so memory stays the same for ten cases or a million. */
#include "ophamp/exports.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ophamp/export.h"
#include "ophamp/json.h"

#define BUNDLE_FORMAT "ophamp-cases"
#define BUNDLE_VERSION 1

struct run {
    struct app *app;
    const struct redactor *redact;
    enum out_format fmt;
    FILE *out;
    struct json_writer jw;
    struct doc_meta meta;
    long n; /* cases written */
    struct oph_error *err;
    struct case_detail *c; /* one record for every case, its items freed after each */
};

static bool redacting(const struct export_request *rq)
{
    return rq->redact && rq->redact->on;
}

static void begin_document(struct run *r)
{
    if (r->fmt != FMT_JSON) {
        export_doc_begin(r->out, r->fmt, &r->meta);
        return;
    }
    jw_init(&r->jw, r->out, true);
    jw_begin_object(&r->jw);
    jw_key(&r->jw, "format");
    jw_string(&r->jw, BUNDLE_FORMAT);
    jw_key(&r->jw, "version");
    jw_int(&r->jw, BUNDLE_VERSION);
    jw_key(&r->jw, "marking");
    jw_string(&r->jw, r->meta.marking);
    jw_key(&r->jw, "exported_at");
    jw_time(&r->jw, r->app->now);
    jw_key(&r->jw, "redacted");
    jw_bool(&r->jw, r->meta.redacted);
    jw_key(&r->jw, "cases");
    jw_begin_array(&r->jw);
}

static void end_document(struct run *r)
{
    if (r->fmt != FMT_JSON) {
        export_doc_end(r->out, r->fmt, &r->meta);
        return;
    }
    jw_end_array(&r->jw);
    jw_key(&r->jw, "audit_head");
    jw_string_or_null(&r->jw, r->meta.audit_head);
    jw_end_object(&r->jw);
    jw_finish(&r->jw);
}

static int one_case(void *ctx, const char *ref)
{
    struct run *r = ctx;
    struct case_detail *c = r->c;
    if (app_case_load(r->app, ref, c, r->err))
        return -1;
    redact_case(r->redact, c);
    if (r->fmt == FMT_JSON) {
        /* A bundle carries cases, not this database's log: the database that imports them
         * logs the import as its own actions. */
        free(c->actions);
        c->actions = NULL;
        c->n_actions = 0;
    }
    if (r->n > 0)
        export_doc_between(r->out, r->fmt);
    if (r->fmt == FMT_JSON)
        export_case_json_to(&r->jw, c, r->app->now);
    else
        FORMAT_DEFS[r->fmt].case_body(r->out, c, r->app->now);
    case_detail_done(c);
    r->n++;
    if (ferror(r->out))
        return oph_fail(r->err, OPH_DB, "cannot write the export: %s", strerror(errno));
    return 0;
}

int export_cases(struct app *app, const struct export_request *rq, enum out_format fmt, FILE *out,
                 struct oph_error *err)
{
    if ((unsigned)fmt >= FMT_COUNT || !(FORMAT_DEFS[fmt].writes & WRITES_CASES))
        return oph_fail(err, OPH_INVALID, "not a format of case summaries");
    /* Every reference first: an unknown one writes nothing at all. */
    for (int i = 0; i < rq->n_refs; i++)
        if (app_case_exists(app, rq->refs[i], err))
            return -1;
    char marking[MARKING_MAX + 1], head[LOG_HEAD_TEXT];
    if (app_marking(app, rq->marking, marking, err) || app_log_head(app, head, err))
        return -1;
    struct run r = {.app = app, .redact = rq->redact, .fmt = fmt, .out = out, .err = err};
    r.meta = (struct doc_meta){.title = rq->n_refs == 1 ? "Case summary" : "Case summaries",
                               .marking = marking,
                               .now = app->now,
                               .redacted = redacting(rq),
                               .audit_head = head};
    begin_document(&r);
    int rc = 0;
    r.c = case_detail_new();
    if (rq->n_refs > 0)
        for (int i = 0; i < rq->n_refs && rc == 0; i++)
            rc = one_case(&r, rq->refs[i]);
    else
        rc = store_case_each(app->store, rq->scope == SCOPE_OPEN, one_case, &r, err);
    case_detail_free(r.c);
    if (rc)
        return -1;
    end_document(&r);
    if (fflush(out) != 0 || ferror(out))
        return oph_fail(err, OPH_DB, "cannot write the export: %s", strerror(errno));
    return 0;
}

/* The case list's writers, by format: to a stream, or to a file (a file-only format). */
static const struct {
    int (*stream)(struct app *, const struct export_request *, FILE *, struct oph_error *);
    int (*file)(struct app *, const struct export_request *, const char *, struct oph_error *);
} CASE_LIST_WRITERS[FMT_COUNT] = {
    [FMT_CSV] = {export_case_list_csv, NULL},
    [FMT_ICS] = {export_ics, NULL},
    [FMT_XLSX] = {NULL, export_case_list_xlsx},
};

int export_write(struct app *app, const struct export_request *rq, enum out_format fmt,
                 struct out_file *of, struct oph_error *err)
{
    if ((unsigned)fmt >= FMT_COUNT)
        return oph_fail(err, OPH_INVALID, "unknown format");
    const struct format_def *d = &FORMAT_DEFS[fmt];
    if (d->writes & WRITES_CASES)
        return export_cases(app, rq, fmt, of->fp, err);
    if (d->file_only && CASE_LIST_WRITERS[fmt].file)
        return CASE_LIST_WRITERS[fmt].file(app, rq, of->tmp, err);
    if (!d->file_only && CASE_LIST_WRITERS[fmt].stream)
        return CASE_LIST_WRITERS[fmt].stream(app, rq, of->fp, err);
    return oph_fail(err, OPH_INVALID, "%s does not write the case list", d->name);
}
