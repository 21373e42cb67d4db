/* Due items as iCalendar (see exports.h): every pending step, pending follow-up and
 * requested evidence item of the chosen cases, one calendar entry each, as the store reads
 * them. */
#include <stdlib.h>
#include <string.h>

#include "export_internal.h"
#include "ophamp/ics.h"
#include "ophamp/store_export.h"

struct ics_out {
    struct ics_writer w;
    const struct rule_set *rules;
    const struct redactor *redact; /* NULL when off */
};

static int write_item(void *ctx, const struct due_item *d)
{
    struct ics_out *o = ctx;
    const struct rule *rule = d->key ? rule_set_find(o->rules, d->key) : NULL;
    /* The victim by name and staff number, or only by pseudonym; where it happened is free
     * text, left out when redacting. */
    char victim[TXT(MAX_NAME) + TXT(MAX_NUMBER) + 8];
    if (o->redact)
        redact_pseudonym(o->redact, d->victim_number, victim);
    else
        (void)!snprintf(victim, sizeof victim, "%s (%s)", d->victim_name ? d->victim_name : "",
                        d->victim_number ? d->victim_number : "");
    struct ics_due e = {
        .reference = d->reference ? d->reference : "",
        .uuid = d->uuid ? d->uuid : "",
        .kind = d->kind,
        .item_id = d->item_id,
        .key = d->key,
        .label = d->label,
        .rule_description = rule ? rule->description : NULL,
        .due_at = d->due_at,
        .victim = victim,
        .location = o->redact ? NULL : d->location,
    };
    ics_due_event(&o->w, &e);
    return 0;
}

int export_ics(struct app *app, const struct export_request *rq, FILE *out, struct oph_error *err)
{
    int64_t *ids;
    int n_ids;
    if (export_resolve_refs(app, rq, &ids, &n_ids, err))
        return -1;
    char marking[MARKING_MAX + 1];
    if (app_marking(app, rq->marking, marking, err)) {
        free(ids);
        return -1;
    }
    struct ics_out o = {.rules = &app->rules,
                        .redact = rq->redact && rq->redact->on ? rq->redact : NULL};
    ics_begin(&o.w, out, app->now);
    ics_marking(&o.w, marking);
    int rc = 0;
    if (rq->n_refs > 0) {
        for (int i = 0; i < n_ids && rc == 0; i++)
            rc = store_due_items(app->store, EXPORT_SELECT_ONE, ids[i], write_item, &o, err);
    } else {
        rc = store_due_items(app->store,
                             rq->scope == SCOPE_OPEN ? EXPORT_SELECT_OPEN : EXPORT_SELECT_ALL, 0,
                             write_item, &o, err);
    }
    free(ids);
    if (rc)
        return -1;
    ics_end(&o.w);
    return 0;
}
