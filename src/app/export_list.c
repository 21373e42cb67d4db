/* The case list as CSV (see exports.h): one row per case, the columns shared with `import`
 * (docs/ophamp.1, "export --format csv"), written as the store reads them. */
#include <stdlib.h>
#include <string.h>

#include "ophamp/csv.h"
#include "ophamp/exports.h"
#include "ophamp/store_export.h"
#include "export_internal.h"

struct list_out {
    FILE *out;
    oph_time now;
    const struct redactor *redact; /* NULL when off */
    const char *marking;
};

static void field(struct list_out *o, const char *s)
{
    csv_field(o->out, s, false);
}

/* Free text: dropped when redacting. */
static void free_text(struct list_out *o, const char *s)
{
    field(o, o->redact ? NULL : s);
}

/* A name or staff number: the number's pseudonym when redacting. */
static void person(struct list_out *o, const char *shown, const char *number)
{
    if (o->redact) {
        char p[PSEUDONYM_SIZE];
        redact_pseudonym(o->redact, number, p);
        field(o, p);
    } else {
        field(o, shown);
    }
}

static void time_field(struct list_out *o, oph_time t, bool last)
{
    char buf[OPH_LOCAL_LEN] = "";
    if (t != OPH_NO_TIME)
        time_format_local(t, buf);
    csv_field(o->out, buf, last);
}

static void yes_no(struct list_out *o, int tri)
{
    field(o, tri == TRI_YES ? "yes" : tri == TRI_NO ? "no" : NULL);
}

static void number(struct list_out *o, long n)
{
    char buf[24];
    snprintf(buf, sizeof buf, "%ld", n);
    field(o, buf);
}

/* Done by the due time: yes; done later, or pending and past due: no; otherwise (pending
 * and not yet due, not applicable): nothing. */
static const char *on_time(const struct case_list_step *s, oph_time now)
{
    if (s->status == STATUS_DONE && s->done_at != OPH_NO_TIME && s->due_at != OPH_NO_TIME)
        return s->done_at <= s->due_at ? "yes" : "no";
    if (s->status == STATUS_PENDING && s->due_at != OPH_NO_TIME && s->due_at < now)
        return "no";
    return NULL;
}

static int write_row(void *ctx, const struct case_list_row *r)
{
    struct list_out *o = ctx;
    field(o, o->marking); /* on every row: a spreadsheet shows it on every printed page */
    field(o, r->reference);
    field(o, r->uuid);
    field(o, r->status);
    person(o, r->victim_name, r->victim_number);
    person(o, r->victim_number, r->victim_number);
    field(o, r->victim_role);
    field(o, r->victim_rank);
    free_text(o, r->victim_team);
    for (int i = 0; i < CROLE_COUNT; i++)
        person(o, r->role_number[i], r->role_number[i]);
    time_field(o, r->occurred_at, false);
    time_field(o, r->reported_at, false);
    free_text(o, r->location);
    field(o, r->location_kind);
    free_text(o, r->offence);
    free_text(o, r->summary);
    field(o, r->mechanism);
    field(o, r->injury);
    free_text(o, r->body_part);
    field(o, r->treatment);
    yes_no(o, r->specified_injury ? TRI_YES : TRI_NO);
    number(o, r->days_off);
    yes_no(o, r->off_work ? TRI_YES : TRI_NO);
    yes_no(o, r->offender_known);
    time_field(o, r->arrested_at, false);
    free_text(o, r->thor);
    free_text(o, r->crime_reference);
    field(o, r->referral);
    yes_no(o, r->enhanced_rights);
    yes_no(o, r->vps_offered);
    field(o, r->outcome);
    time_field(o, r->outcome_at, false);
    time_field(o, r->closed_at, false);
    if (r->support_score > 0)
        number(o, r->support_score);
    else
        field(o, NULL);
    for (int i = 0; i < STEP_COUNT; i++) {
        const struct case_list_step *s = &r->steps[i];
        bool last = i == STEP_COUNT - 1;
        field(o, s->status >= 0 ? VOCAB_STATUS.names[s->status] : NULL);
        time_field(o, s->due_at, false);
        time_field(o, s->done_at, false);
        csv_field(o->out, on_time(s, o->now), last);
    }
    return 0;
}

static void write_header(FILE *out)
{
    fputs(CSV_BOM, out);
    csv_field(out, "marking", false);
    size_t n = CSV_FACT_COLUMNS;
    for (size_t i = 0; i < n; i++)
        csv_field(out, csv_fact_columns[i], false);
    static const char *const parts[] = {"status", "due_at", "done_at", "on_time"};
    for (int s = 0; s < STEP_COUNT; s++)
        for (int k = 0; k < 4; k++) {
            char name[64], *c;
            snprintf(name, sizeof name, "%s_%s", VOCAB_STEP.names[s], parts[k]);
            for (c = name; *c; c++)
                if (*c == '-')
                    *c = '_';
            csv_field(out, name, s == STEP_COUNT - 1 && k == 3);
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

int export_case_list_csv(struct app *app, const struct export_request *rq, FILE *out,
                         struct oph_error *err)
{
    int64_t *ids;
    int n_ids;
    if (export_resolve_refs(app, rq, &ids, &n_ids, err))
        return -1;
    char marking[MARKING_MAX + 1];
    if (app_marking(app, rq->marking, marking, err))
        return -1;
    struct list_out o = {out, app->now, rq->redact && rq->redact->on ? rq->redact : NULL, marking};
    write_header(out);
    int rc = 0;
    if (rq->n_refs > 0) {
        for (int i = 0; i < n_ids && rc == 0; i++)
            rc = store_case_list_rows(app->store, EXPORT_SELECT_ONE, ids[i], write_row, &o, err);
    } else {
        rc = store_case_list_rows(app->store,
                                  rq->scope == SCOPE_OPEN ? EXPORT_SELECT_OPEN : EXPORT_SELECT_ALL,
                                  0, write_row, &o, err);
    }
    free(ids);
    return rc ? -1 : 0;
}
