/* What every imported case goes through, from the spreadsheet or from a bundle: emptied for
 * the next one, its reference judged against the year it was reported, saved in one action
 * of the log inside the import's one transaction. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../app/app_internal.h"
#include "import_internal.h"
#include "ophamp/text.h"
#include "ophamp/workflow.h"

void import_case_clear(struct case_detail *c)
{
    case_detail_done(c);
    c->id = 0;
    c->uuid[0] = c->reference[0] = '\0';
    c->closed = false;
    case_facts_init(&c->facts);
    memset(&c->victim, 0, sizeof c->victim);
    memset(c->roles, 0, sizeof c->roles);
    c->outcome = -1;
    c->outcome_at = c->closed_at = c->created_at = OPH_NO_TIME;
    c->closing_note[0] = '\0';
    case_detail_init_extra(c);
}

void import_case_fact_numbers(struct case_detail *c)
{
    text_copy(c->facts.victim_number, sizeof c->facts.victim_number, c->victim.number);
    text_copy(c->facts.supervisor_number, sizeof c->facts.supervisor_number,
              c->roles[CROLE_SUPERVISOR].number);
}

void import_reference_why(char *why, size_t whysz, const char *given, const char *kept, int year)
{
    why[0] = '\0';
    if (!kept[0] && given[0])
        (void)!snprintf(why, whysz,
                        "'%.40s' is not a reference (OPH-YYYY-NNNNN, numbered from 00001)", given);
    else if (kept[0] && atoi(kept + 4) != year)
        (void)!snprintf(why, whysz, "%s is not a reference of %d, the year the case was reported",
                        kept, year);
}

int import_action_begin(struct app *app, bool dry_run, const char *what, struct oph_error *err)
{
    if ((dry_run ? store_action_begin_program : store_action_begin)(app->store, what, err))
        return -1;
    app_sign(app);
    return 0;
}

int import_action_end(struct app *app, bool ok, struct oph_error *err)
{
    if (ok)
        return store_action_commit(app->store, err);
    store_action_rollback(app->store);
    return 0;
}

int import_begin(struct app *app, struct oph_error *err)
{
    struct oph_error ignored;
    store_large_cache(app->store, true, &ignored);
    if (store_begin(app->store, err) == 0)
        return 0;
    store_large_cache(app->store, false, &ignored);
    return -1;
}

int import_end(struct app *app, bool keep, struct oph_error *err)
{
    struct oph_error ignored;
    int rc = 0;
    if (keep)
        rc = store_commit(app->store, err);
    else
        store_rollback(app->store);
    store_large_cache(app->store, false, &ignored);
    return rc;
}
