/* Calendars (see exports.h): every due item of the chosen cases, one entry each, and the items
 * finished in the last ICS_CANCELLED_DAYS days as cancelled entries, so that a calendar that
 * imported them drops them. Each entry's SEQUENCE and LAST-MODIFIED come from the log: the
 * changes of its item's due time, status or rule by the actions of its case, plus the actions
 * of many cases (rule and bank-holiday changes) that changed any item, counted for every
 * entry, as if each had moved every item. */
#include <stdlib.h>
#include <string.h>

#include "export_internal.h"
#include "ophamp/ics.h"
#include "ophamp/store_export.h"

int ics_calendar_begin(struct ics_calendar *c, struct app *app, FILE *out, const char *marking,
                       const struct ics_alarms *alarms, const struct redactor *redact,
                       struct oph_error *err)
{
    memset(c, 0, sizeof *c);
    c->app = app;
    c->redact = redact && redact->on ? redact : NULL;
    if (store_log_multi_case(app->store, &c->multi, err))
        return -1;
    ics_begin(&c->w, out, app->now);
    if (alarms)
        c->w.alarms = *alarms;
    if (marking)
        ics_marking(&c->w, marking);
    char head[LOG_HEAD_TEXT];
    if (app_log_head(app, head, err))
        return -1;
    ics_audit_head(&c->w, head);
    return 0;
}

static oph_time later(oph_time a, oph_time b)
{
    return a == OPH_NO_TIME ? b : b == OPH_NO_TIME ? a : a > b ? a : b;
}

int ics_calendar_item(struct ics_calendar *c, const struct due_item *d, struct oph_error *err)
{
    struct item_history h = {0, OPH_NO_TIME};
    if (store_item_history(c->app->store, d->uuid, d->kind, d->item_id, d->key, &h, err))
        return -1;
    const struct rule *rule = d->key ? rule_set_find(&c->app->rules, d->key) : NULL;
    /* The victim by name and staff number, or only by pseudonym, or (a reminder, which never
     * carries a name) not at all; where it happened is free text, left out when redacting. */
    char victim[TXT(MAX_NAME) + TXT(MAX_NUMBER) + 8];
    bool show_victim = d->victim_number != NULL;
    if (show_victim && c->redact)
        redact_pseudonym(c->redact, d->victim_number, victim);
    else if (show_victim)
        (void)!snprintf(victim, sizeof victim, "%s (%s)", d->victim_name ? d->victim_name : "",
                        d->victim_number);
    bool overdue = !d->status && d->due_at < c->app->now;
    /* Twice the changes, and one more while overdue: the entry changes when it falls overdue
     * (its title and alarm), and again, upwards, with its next change. */
    struct ics_due e = {
        .reference = d->reference ? d->reference : "",
        .uuid = d->uuid ? d->uuid : "",
        .kind = d->kind,
        .item_id = d->item_id,
        .key = d->key,
        .label = d->label,
        .rule_description = rule ? rule->description : NULL,
        .due_at = d->due_at,
        .victim = show_victim ? victim : NULL,
        .location = c->redact ? NULL : d->location,
        .sequence = 2 * (h.changes + c->multi.changes) + (overdue ? 1 : 0),
        .last_modified =
            later(later(h.last_at, c->multi.last_at), overdue ? d->due_at : OPH_NO_TIME),
        .finished = d->status,
        .finished_at = d->done_at,
    };
    ics_due_event(&c->w, &e);
    c->n++;
    return 0;
}

static int item_cb(void *ctx, const struct due_item *d)
{
    struct ics_calendar *c = ctx;
    return ics_calendar_item(c, d, c->err) ? -1 : 0;
}

int ics_calendar_finished(struct ics_calendar *c, enum export_select sel, int64_t case_id,
                          oph_time lead, struct oph_error *err)
{
    c->err = err;
    oph_time since = c->app->now - (oph_time)ICS_CANCELLED_DAYS * 86400;
    return store_finished_items(c->app->store, sel, case_id, since, lead, item_cb, c, err) ? -1 : 0;
}

void ics_calendar_end(struct ics_calendar *c)
{
    ics_end(&c->w);
}

int export_ics(struct app *app, const struct export_request *rq, FILE *out, struct oph_error *err)
{
    int64_t *ids;
    int n_ids;
    if (export_resolve_refs(app, rq, &ids, &n_ids, err))
        return -1;
    char marking[MARKING_MAX + 1];
    struct ics_calendar c;
    if (app_marking(app, rq->marking, marking, err) ||
        ics_calendar_begin(&c, app, out, marking, rq->alarms, rq->redact, err)) {
        free(ids);
        return -1;
    }
    c.err = err;
    int rc = 0;
    if (rq->n_refs > 0) {
        for (int i = 0; i < n_ids && rc == 0; i++)
            rc = store_due_items(app->store, EXPORT_SELECT_ONE, ids[i], item_cb, &c, err);
        for (int i = 0; i < n_ids && rc == 0; i++)
            rc = ics_calendar_finished(&c, EXPORT_SELECT_ONE, ids[i], -1, err);
    } else {
        enum export_select sel = rq->scope == SCOPE_OPEN ? EXPORT_SELECT_OPEN : EXPORT_SELECT_ALL;
        rc = store_due_items(app->store, sel, 0, item_cb, &c, err);
        if (rc == 0)
            rc = ics_calendar_finished(&c, sel, 0, -1, err);
    }
    free(ids);
    if (rc)
        return -1;
    ics_calendar_end(&c);
    return 0;
}
