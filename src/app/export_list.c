/* The case list as CSV (see exports.h): one row per case, the columns shared with `import`
 * (docs/ophamp.1, "export --format csv"), written as the store reads them. */
#include <stdlib.h>
#include <string.h>

#include "ophamp/csv.h"
#include "ophamp/exports.h"
#include "ophamp/store_export.h"
#include "export_internal.h"

/* ---- one row, for any writer ----------------------------------------------------------- */

/* Free text: dropped when redacting. */
static void free_text(const struct case_row_emit *e, int col, const char *s)
{
    e->sink->text(e->sink->ctx, col, e->redact ? NULL : s);
}

/* A name or staff number: the number's pseudonym when redacting. */
static void person(const struct case_row_emit *e, int col, const char *shown, const char *number)
{
    if (e->redact) {
        char p[PSEUDONYM_SIZE];
        redact_pseudonym(e->redact, number, p);
        e->sink->text(e->sink->ctx, col, p);
    } else {
        e->sink->text(e->sink->ctx, col, shown);
    }
}

static const char *yes_no(int tri)
{
    return tri == TRI_YES ? "yes" : tri == TRI_NO ? "no" : NULL;
}

const char *export_on_time(int status, oph_time due_at, oph_time done_at, oph_time now)
{
    /* The core's timeliness; a step done with no due or done time is on time to the core
     * (nothing to be late for), but a sheet claims neither. */
    if (status == STATUS_DONE && (done_at == OPH_NO_TIME || due_at == OPH_NO_TIME))
        return NULL;
    if ((unsigned)status >= STATUS_COUNT)
        return NULL;
    switch (item_timeliness((enum item_status)status, due_at, done_at, now)) {
    case TIMELY_ON_TIME:
        return "yes";
    case TIMELY_LATE:
    case TIMELY_OVERDUE:
        return "no";
    default:
        return NULL;
    }
}

void export_case_row(const struct case_row_emit *e, const struct case_list_row *r)
{
    const struct row_sink *k = e->sink;
    void *x = k->ctx;
    int c = 0;
    for (; c < CASE_FACT_COLUMNS; c++) {
        const struct case_column *col = &CASE_COLUMNS[c];
        switch (col->kind) {
        case CCK_TEXT:
            k->text(x, c, case_column_text(r, col->off));
            break;
        case CCK_FREE:
            free_text(e, c, case_column_text(r, col->off));
            break;
        case CCK_PERSON:
            person(e, c, case_column_text(r, col->off), case_column_text(r, col->number_off));
            break;
        case CCK_TIME:
            k->time(x, c, case_column_time(r, col->off));
            break;
        case CCK_FLAG:
            k->text(x, c, yes_no(case_column_int(r, col->off) ? TRI_YES : TRI_NO));
            break;
        case CCK_TRI:
            k->text(x, c, yes_no(case_column_int(r, col->off)));
            break;
        case CCK_NUMBER:
            k->number(x, c, case_column_int(r, col->off));
            break;
        case CCK_SCORE:
            if (case_column_int(r, col->off) > 0)
                k->number(x, c, case_column_int(r, col->off));
            else
                k->text(x, c, NULL);
            break;
        }
    }
    for (int i = 0; i < STEP_COUNT; i++) {
        const struct case_list_step *s = &r->steps[i];
        k->text(x, c++, s->status >= 0 ? VOCAB_STATUS.names[s->status] : NULL);
        k->time(x, c++, s->due_at);
        k->time(x, c++, s->done_at);
        k->text(x, c++, export_on_time(s->status, s->due_at, s->done_at, e->now));
    }
}

const char *export_step_column(int step, int part, char name[64])
{
    static const char *const parts[] = {"status", "due_at", "done_at", "on_time"};
    snprintf(name, 64, "%s_%s", VOCAB_STEP.names[step], parts[part]);
    for (char *c = name; *c; c++)
        if (*c == '-')
            *c = '_';
    return name;
}

/* ---- CSV ------------------------------------------------------------------------------ */

struct list_out {
    FILE *out;
    const char *marking;
    const char *audit_head; /* the log's head as the rows were read */
};

static void csv_text(void *ctx, int col, const char *s)
{
    struct list_out *o = ctx;
    if (col == 0) { /* on every row: a spreadsheet shows them on every printed page */
        csv_field(o->out, o->marking, false);
        csv_field(o->out, o->audit_head, false);
    }
    csv_field(o->out, s, col == CASE_ROW_COLUMNS - 1);
}

static void csv_time(void *ctx, int col, oph_time t)
{
    char buf[OPH_LOCAL_LEN] = "";
    if (t != OPH_NO_TIME)
        time_format_local(t, buf);
    csv_text(ctx, col, buf);
}

static void csv_number(void *ctx, int col, long n)
{
    char buf[24];
    snprintf(buf, sizeof buf, "%ld", n);
    csv_text(ctx, col, buf);
}

static int write_row(void *ctx, const struct case_list_row *r)
{
    export_case_row(ctx, r);
    return 0;
}

static void write_header(FILE *out)
{
    fputs(CSV_BOM, out);
    csv_field(out, "marking", false);
    csv_field(out, "audit_head", false);
    for (int i = 0; i < CASE_FACT_COLUMNS; i++)
        csv_field(out, CASE_COLUMNS[i].name, false);
    for (int s = 0; s < STEP_COUNT; s++)
        for (int k = 0; k < 4; k++) {
            char name[64];
            csv_field(out, export_step_column(s, k, name), s == STEP_COUNT - 1 && k == 3);
        }
}

/* See export_internal.h. */
int export_resolve_refs(struct app *app, const struct export_request *rq, int64_t **ids_out,
                        int *n_out, struct oph_error *err)
{
    *ids_out = NULL;
    *n_out = 0;
    if (rq->n_refs <= 0)
        return 0;
    int64_t *ids = malloc(sizeof *ids * (size_t)rq->n_refs);
    if (!ids)
        return oph_fail(err, OPH_DB, "out of memory");
    int n = 0;
    for (int i = 0; i < rq->n_refs; i++) {
        int64_t id;
        int found = store_case_id(app->store, rq->refs[i], &id, err);
        if (found <= 0) {
            free(ids);
            return found < 0 ? -1 : oph_fail(err, OPH_REFUSED, "no case %s", rq->refs[i]);
        }
        bool seen = false;
        for (int j = 0; j < n && !seen; j++)
            seen = ids[j] == id;
        if (!seen)
            ids[n++] = id;
    }
    *ids_out = ids;
    *n_out = n;
    return 0;
}

int export_each_case_row(struct app *app, const struct export_request *rq, const int64_t *ids,
                         int n_ids, case_list_row_cb cb, void *ctx, struct oph_error *err)
{
    if (rq->n_refs > 0) {
        int rc = 0;
        for (int i = 0; i < n_ids && rc == 0; i++)
            rc = store_case_list_rows(app->store, EXPORT_SELECT_ONE, ids[i], cb, ctx, err);
        return rc;
    }
    return store_case_list_rows(app->store,
                                rq->scope == SCOPE_OPEN ? EXPORT_SELECT_OPEN : EXPORT_SELECT_ALL, 0,
                                cb, ctx, err);
}

int export_case_list_csv(struct app *app, const struct export_request *rq, FILE *out,
                         struct oph_error *err)
{
    int64_t *ids;
    int n_ids;
    if (export_resolve_refs(app, rq, &ids, &n_ids, err))
        return -1;
    char marking[MARKING_MAX + 1], head[LOG_HEAD_TEXT];
    if (app_marking(app, rq->marking, marking, err) || app_log_head(app, head, err))
        return -1;
    struct list_out o = {out, marking, head};
    struct row_sink sink = {csv_text, csv_time, csv_number, &o};
    struct case_row_emit e = {&sink, rq->redact && rq->redact->on ? rq->redact : NULL, app->now};
    write_header(out);
    int rc = export_each_case_row(app, rq, ids, n_ids, write_row, &e, err);
    free(ids);
    return rc ? -1 : 0;
}
