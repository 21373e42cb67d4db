/* The case list as a spreadsheet (see exports.h): a sheet of cases with the CSV's columns,
 * redacted exactly as the CSV is (the same row writer), and a sheet of their items, one row a
 * step, follow-up or evidence item with its case's reference. Both are written as the store
 * reads them, one case at a time. */
#include <stdlib.h>
#include <string.h>

#include "export_internal.h"
#include "ophamp/xlsx.h"

struct xout {
    struct app *app;
    struct xlsx_sheet *cases, *items;
    const struct redactor *redact; /* NULL when off */
    const struct case_row_emit *emit;
    const char *reference; /* the case whose items are being written */
    struct oph_error *err;
};

static void cell_text(void *ctx, int col, const char *s)
{
    struct xout *o = ctx;
    xlsx_text(o->cases, col, s);
}

static void cell_time(void *ctx, int col, oph_time t)
{
    struct xout *o = ctx;
    xlsx_time(o->cases, col, t);
}

static void cell_number(void *ctx, int col, long n)
{
    struct xout *o = ctx;
    xlsx_number(o->cases, col, (double)n);
}

/* The items sheet's columns. */
enum {
    IT_REFERENCE,
    IT_ITEM,
    IT_WHAT,
    IT_ID,
    IT_STATUS,
    IT_DUE,
    IT_DONE,
    IT_ON_TIME,
    IT_DONE_BY,
    IT_REF,
    IT_REASON,
    IT_NOTE,
    IT_COUNT
};

static const struct xlsx_col item_cols[IT_COUNT] = {
    [IT_REFERENCE] = {"reference", XK_TEXT, 16}, [IT_ITEM] = {"item", XK_TEXT, 10},
    [IT_WHAT] = {"what", XK_TEXT, 24},           [IT_ID] = {"id", XK_TEXT, 8},
    [IT_STATUS] = {"status", XK_TEXT, 14},       [IT_DUE] = {"due_at", XK_TIME, 0},
    [IT_DONE] = {"done_at", XK_TIME, 0},         [IT_ON_TIME] = {"on_time", XK_TEXT, 9},
    [IT_DONE_BY] = {"done_by", XK_TEXT, 24},     [IT_REF] = {"evidence_ref", XK_TEXT, 16},
    [IT_REASON] = {"reason", XK_TEXT, 40},       [IT_NOTE] = {"note", XK_TEXT, 40},
};

static int write_item(void *ctx, const struct case_item *it)
{
    struct xout *o = ctx;
    if (xlsx_row(o->items, o->err))
        return -1;
    struct xlsx_sheet *s = o->items;
    static const char *const kinds[] = {
        [DUE_STEP] = "step", [DUE_FOLLOWUP] = "follow-up", [DUE_EVIDENCE] = "evidence"};
    xlsx_text(s, IT_REFERENCE, o->reference);
    xlsx_text(s, IT_ITEM, kinds[it->kind]);
    xlsx_text(s, IT_WHAT, it->what);
    if (it->kind != DUE_STEP) {
        char id[24];
        snprintf(id, sizeof id, "%lld", (long long)it->id);
        xlsx_text(s, IT_ID, id);
    }
    xlsx_text(s, IT_STATUS, it->status);
    xlsx_time(s, IT_DUE, it->due_at);
    xlsx_time(s, IT_DONE, it->done_at);
    if (it->kind == DUE_EVIDENCE) {
        /* When evidence was secured is not kept apart from its last change: only a request
         * still open past its due time says anything. */
        if (it->status && strcmp(it->status, "requested") == 0 && it->due_at < o->emit->now)
            xlsx_text(s, IT_ON_TIME, "no");
    } else {
        int status = it->status ? vocab_find(&VOCAB_STATUS, it->status) : -1;
        xlsx_text(s, IT_ON_TIME, export_on_time(status, it->due_at, it->done_at, o->emit->now));
    }
    /* Free text and signatures: left out when redacting, as the CSV leaves out free text. */
    if (!o->redact) {
        xlsx_text(s, IT_DONE_BY, it->done_by);
        xlsx_text(s, IT_REF, it->ref);
        xlsx_text(s, IT_REASON, it->reason);
        xlsx_text(s, IT_NOTE, it->note);
    }
    return 0;
}

static int write_case(void *ctx, const struct case_list_row *r)
{
    struct xout *o = ctx;
    if (xlsx_row(o->cases, o->err))
        return -1;
    export_case_row(o->emit, r);
    o->reference = r->reference;
    return store_case_items(o->app->store, r->id, write_item, o, o->err) ? -1 : 0;
}

/* Column widths that show a typical value whole. */
static double case_width(const char *name)
{
    static const struct {
        const char *name;
        double width;
    } w[] = {{"reference", 16}, {"uuid", 38},    {"victim_name", 24},    {"victim_team", 20},
             {"location", 28},  {"offence", 28}, {"summary", 48},        {"thor", 32},
             {"body_part", 16}, {"status", 9},   {"crime_reference", 18}};
    for (size_t i = 0; i < sizeof w / sizeof w[0]; i++)
        if (strcmp(w[i].name, name) == 0)
            return w[i].width;
    return 0;
}

int export_case_list_xlsx(struct app *app, const struct export_request *rq, const char *path,
                          struct oph_error *err)
{
    int64_t *ids;
    int n_ids;
    if (export_resolve_refs(app, rq, &ids, &n_ids, err))
        return -1;
    char marking[MARKING_MAX + 1], head[LOG_HEAD_TEXT];
    if (app_marking(app, rq->marking, marking, err) || app_log_head(app, head, err)) {
        free(ids);
        return -1;
    }
    struct xlsx_col cols[CASE_ROW_COLUMNS];
    char step_names[4 * STEP_COUNT][64];
    for (int i = 0; i < CASE_FACT_COLUMNS; i++) {
        const char *n = CASE_COLUMNS[i].name;
        enum case_column_kind kind = CASE_COLUMNS[i].kind;
        bool time = kind == CCK_TIME;
        bool num = kind == CCK_NUMBER || kind == CCK_SCORE;
        cols[i] = (struct xlsx_col){n, time ? XK_TIME : num ? XK_INT : XK_TEXT, case_width(n)};
    }
    for (int s = 0; s < STEP_COUNT; s++)
        for (int k = 0; k < 4; k++) {
            int c = CASE_FACT_COLUMNS + 4 * s + k;
            cols[c] = (struct xlsx_col){export_step_column(s, k, step_names[4 * s + k]),
                                        k == 1 || k == 2 ? XK_TIME : XK_TEXT, 0};
        }

    const struct redactor *red = rq->redact && rq->redact->on ? rq->redact : NULL;
    struct xlsx_book *b =
        xlsx_book_new(path, red ? "ophamp case list (redacted)" : "ophamp case list", marking, head,
                      app->now, err);
    if (!b) {
        free(ids);
        return -1;
    }
    struct xout o = {.app = app, .redact = red, .err = err};
    struct row_sink sink = {cell_text, cell_time, cell_number, &o};
    struct case_row_emit e = {&sink, red, app->now};
    o.emit = &e;
    int rc = 0;
    if (!(o.cases = xlsx_sheet_new(b, "Cases", cols, CASE_ROW_COLUMNS, err)) ||
        !(o.items = xlsx_sheet_new(b, "Items", item_cols, IT_COUNT, err)))
        rc = -1;
    if (rc == 0)
        rc = export_each_case_row(app, rq, ids, n_ids, write_case, &o, err) ? -1 : 0;
    free(ids);
    if (rc) {
        xlsx_book_discard(b);
        return -1;
    }
    return xlsx_book_close(b, err);
}
