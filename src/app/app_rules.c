/* The actions on the due-time rules and the bank holidays (each works out the open cases'
 * due times again), and the reminders and worklists the rules produce. */
#include "ophamp/app.h"

#include "app_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ophamp/text.h"
#include "ophamp/workflow.h"
#include "ophamp/worklist.h"

/* ---- rules and holidays -------------------------------------------------------------- */

struct recompute_ctx {
    struct app *app;
    struct oph_error *err;
    struct case_detail *c; /* one record for every case, its items freed after each */
};

static int recompute_case(void *ctx, const char *ref)
{
    struct recompute_ctx *rc = ctx;
    struct plan_ctx px = plan_of(rc->app);
    if (app_load_case(rc->app, ref, rc->c, rc->err))
        return -1;
    wf_recompute(rc->c, &px);
    int r = app_save_items(rc->app, rc->c, rc->err);
    case_detail_done(rc->c);
    return r;
}

/* Due times of open cases follow the rules: recompute every case with a pending item of
 * each rule given (or of every working-day rule when key is NULL). */
int app_recompute_open_cases(struct app *app, const char *key, struct oph_error *err)
{
    struct recompute_ctx ctx = {app, err, case_detail_new()};
    int rc = 0;
    for (int i = 0; i < app->rules.n && rc == 0; i++) {
        const struct rule *r = &app->rules.rules[i];
        if (key ? strcmp(r->key, key) != 0 : r->unit != UNIT_WORKING_DAYS)
            continue;
        rc = store_open_cases_with_rule(app->store, r->key, recompute_case, &ctx, err) ? -1 : 0;
    }
    case_detail_free(ctx.c);
    return rc;
}

/* The end of an action that changed the rules (rc: how the change went): the rules read back
 * and, for a changed rule (`moved`: its key), the open cases' due times it moves; the action
 * finished; and when anything failed, the rules in memory as they were (`saved`). */
static int rules_changed(struct app *app, int rc, const struct rule_set *saved, const char *moved,
                         struct oph_error *err)
{
    if (rc == 0)
        rc = store_rules_load(app->store, &app->rules, err);
    if (rc == 0 && moved)
        rc = app_recompute_open_cases(app, moved, err);
    rc = app_finish(app, rc, err);
    if (rc)
        app->rules = *saved;
    return rc;
}

int app_rule_set(struct app *app, const char *key, int amount, int unit, int base,
                 struct oph_error *err)
{
    const struct rule *old = key ? rule_set_find(&app->rules, key) : NULL;
    if (!old)
        return oph_fail(err, OPH_REFUSED, "no rule %s (see rule list)", key ? key : "");
    struct rule r = *old;
    if (amount >= 0)
        r.amount = amount;
    if (unit >= 0)
        r.unit = (enum rule_unit)unit;
    if (base >= 0)
        r.base = (enum rule_base)base;
    if (r.amount > MAX_DAYS_OFF || (unsigned)r.unit >= UNIT_COUNT || (unsigned)r.base >= BASE_COUNT)
        return oph_fail_at(err, OPH_INVALID, OPH_FIELD_RULE_AMOUNT, OPH_RULE_OUT_OF_RANGE,
                           "rule amount must be between 0 and %d", MAX_DAYS_OFF);
    /* A step's clock starts at the report or the assault; a follow-up's at its event (an
     * arrest, the last update). Moving a rule across would leave it nothing to count from. */
    if ((old->base == BASE_EVENT) != (r.base == BASE_EVENT))
        return oph_fail_at(err, OPH_INVALID, OPH_FIELD_RULE_BASE, OPH_RULE_NOT_ALLOWED,
                           old->base == BASE_EVENT
                               ? "rule %s counts from its event (arrest, last update); --base "
                                 "must stay event"
                               : "rule %s counts from the report or the assault; --base must be "
                                 "reported or occurred",
                           r.key);
    struct rule_set saved = app->rules;
    if (app_begin(app, err, "rule set %s", r.key))
        return -1;
    store_action_multi_case(app->store);
    return rules_changed(app, store_rule_update(app->store, &r, err), &saved, r.key, err);
}

/* A force's rule name: lower-case letters, digits and hyphens, starting with a letter. */
static int check_rule_key(const char *key, struct oph_error *err)
{
    size_t n = key ? strlen(key) : 0;
    if (n < 2 || n >= RULE_KEY_MAX)
        return oph_fail_at(err, OPH_INVALID, OPH_FIELD_RULE_NAME, OPH_RULE_TOO_LONG,
                           "a rule's name is 2 to %d characters long", RULE_KEY_MAX - 1);
    if (key[0] < 'a' || key[0] > 'z')
        return oph_fail_at(err, OPH_INVALID, OPH_FIELD_RULE_NAME, OPH_RULE_BAD_TEXT,
                           "a rule's name starts with a letter from a to z");
    for (size_t i = 0; i < n; i++)
        if (!((key[i] >= 'a' && key[i] <= 'z') || (key[i] >= '0' && key[i] <= '9') ||
              key[i] == '-'))
            return oph_fail_at(err, OPH_INVALID, OPH_FIELD_RULE_NAME, OPH_RULE_BAD_TEXT,
                               "a rule's name is lower-case letters, digits and hyphens (not '%c')",
                               key[i] >= 0x20 && key[i] < 0x7F ? key[i] : '?');
    return 0;
}

int app_rule_add(struct app *app, const struct rule *in, struct oph_error *err)
{
    if (check_rule_key(in->key, err) ||
        check_text("description", in->description, RULE_DESCRIPTION_MAX, TEXT_REQUIRED, err))
        return -1;
    if (in->starts < 0 || in->starts >= START_COUNT)
        return oph_fail_at(err, OPH_INVALID, OPH_FIELD_RULE_STARTS, OPH_RULE_REQUIRED,
                           "a force's follow-up rule needs what starts it");
    if (in->amount < 0 || in->amount > MAX_DAYS_OFF || (unsigned)in->unit >= UNIT_COUNT)
        return oph_fail_at(err, OPH_INVALID, OPH_FIELD_RULE_AMOUNT, OPH_RULE_OUT_OF_RANGE,
                           "rule amount must be between 0 and %d", MAX_DAYS_OFF);
    /* A new case counts from its report (or the assault); every other start is an event. */
    if ((in->starts == START_CASE) == (in->base == BASE_EVENT))
        return oph_fail_at(err, OPH_INVALID, OPH_FIELD_RULE_BASE, OPH_RULE_NOT_ALLOWED,
                           in->starts == START_CASE
                               ? "a rule started by every case counts from the report or the "
                                 "assault (base reported or occurred)"
                               : "a rule started by %s counts from that event (base event)",
                           VOCAB_RULE_START.names[in->starts]);
    const struct rule *old = rule_set_find(&app->rules, in->key);
    if (old && old->starts < 0)
        return oph_fail_at(err, OPH_REFUSED, OPH_FIELD_RULE_NAME, OPH_RULE_NOT_ALLOWED,
                           "rule %s is one of the program's own: change its due time with rule set",
                           in->key);
    if (old && old->removed_at == OPH_NO_TIME)
        return oph_fail_at(err, OPH_REFUSED, OPH_FIELD_RULE_NAME, OPH_RULE_ALREADY,
                           "rule %s already exists (see rule list)", in->key);
    int force = 0;
    for (int i = 0; i < app->rules.n; i++)
        force += app->rules.rules[i].starts >= 0;
    if (!old && (force >= FORCE_RULES_MAX || app->rules.n >= RULES_MAX))
        return oph_fail(err, OPH_REFUSED, "a force adds at most %d rules of its own",
                        FORCE_RULES_MAX);
    struct rule r = *in;
    text_trim(r.description);
    struct rule_set saved = app->rules;
    if (app_begin(app, err, "rule add %s", r.key))
        return -1;
    return rules_changed(app, store_rule_insert(app->store, &r, err), &saved, NULL, err);
}

int app_rule_remove(struct app *app, const char *key, struct oph_error *err)
{
    const struct rule *old = key ? rule_set_find(&app->rules, key) : NULL;
    if (!old)
        return oph_fail(err, OPH_REFUSED, "no rule %s (see rule list)", key ? key : "");
    if (old->starts < 0)
        return oph_fail(err, OPH_REFUSED,
                        "rule %s is one of the program's own and cannot be removed: change its "
                        "due time with rule set",
                        key);
    if (old->removed_at != OPH_NO_TIME)
        return oph_fail(err, OPH_REFUSED, "rule %s is already removed", key);
    struct rule_set saved = app->rules;
    if (app_begin(app, err, "rule remove %s", key))
        return -1;
    return rules_changed(app, store_rule_remove(app->store, key, app->now, err), &saved, NULL, err);
}

static int holiday_change(struct app *app, struct oph_date d, int change, const char *note,
                          struct oph_error *err)
{
    if (!cal_date_valid(d.year, d.month, d.day))
        return oph_fail_at(err, OPH_INVALID, OPH_FIELD_DATE, OPH_RULE_UNKNOWN, "no such date");
    if (check_text("note", note, 200, 0, err) || app_begin(app, err, "holiday %s %04d-%02d-%02d",
                                                           change < 0              ? "reset"
                                                           : change == HOLIDAY_ADD ? "add"
                                                                                   : "cancel",
                                                           d.year, d.month, d.day))
        return -1;
    store_action_multi_case(app->store);
    int rc = change < 0 ? store_holiday_delete(app->store, d, err)
                        : store_holiday_set(app->store, d, (enum holiday_change)change, note, err);
    if (rc == 0)
        rc = app_reload_calendar(app, err);
    if (rc == 0)
        rc = app_recompute_open_cases(app, NULL, err);
    rc = app_finish(app, rc, err);
    if (rc) {
        struct oph_error ignored;
        app_reload_calendar(app, &ignored);
    }
    return rc;
}

static bool is_regular_holiday(struct oph_date d)
{
    struct oph_date regular[8];
    size_t n = cal_regular_holidays(d.year, regular);
    for (size_t i = 0; i < n; i++)
        if (cal_date_cmp(regular[i], d) == 0)
            return true;
    return false;
}

int app_holiday_set(struct app *app, struct oph_date d, enum holiday_change c, const char *note,
                    struct oph_error *err)
{
    if (c == HOLIDAY_REMOVE && cal_date_valid(d.year, d.month, d.day) && !is_regular_holiday(d))
        return oph_fail_at(err, OPH_REFUSED, OPH_FIELD_DATE, OPH_RULE_NOT_FOUND,
                           "%04d-%02d-%02d is not a regular bank holiday: nothing to cancel",
                           d.year, d.month, d.day);
    return holiday_change(app, d, (int)c, note, err);
}

int app_holiday_delete(struct app *app, struct oph_date d, struct oph_error *err)
{
    return holiday_change(app, d, -1, NULL, err);
}

/* ---- reminders ----------------------------------------------------------------------- */

struct remind_ctx {
    oph_time now;
    struct oph_date today;
    reminder_cb cb;
    void *ctx;
};

static int classify(void *ctx, const struct reminder *r)
{
    struct remind_ctx *rc = ctx;
    struct reminder copy = *r;
    if (r->due_at < rc->now)
        copy.state = REMIND_OVERDUE;
    else if (cal_date_cmp(london_date(r->due_at), rc->today) == 0)
        copy.state = REMIND_DUE_TODAY;
    else
        copy.state = REMIND_DUE_SOON;
    copy.work = work_kind_of(r->kind, r->sub);
    return rc->cb(rc->ctx, &copy);
}

/* ",crime,slt," for the codes of a vocabulary whose kind of work is asked for. */
static void codes_of(const struct vocab *v, enum work_kind (*kind_of)(int), unsigned kinds,
                     char *buf, size_t n)
{
    size_t o = 0;
    buf[o++] = ',';
    buf[o] = '\0';
    for (size_t i = 0; i < v->count && o < n; i++)
        if (work_kinds_has(kinds, kind_of((int)i)))
            o += (size_t)snprintf(buf + o, n - o, "%s,", v->names[i]);
}

static enum work_kind step_kind(int code)
{
    return work_kind_of_step((enum step_code)code);
}

static enum work_kind followup_kind(int kind)
{
    return work_kind_of_followup((enum followup_kind)kind);
}

int app_worklist(struct app *app, const struct remind_filter *f, reminder_cb cb, void *ctx,
                 struct oph_error *err)
{
    char steps[256], followups[256];
    struct remind_query q = {.until = horizon_until(&f->horizon, app->now),
                             .evidence = work_kinds_has(f->kinds, WK_EVIDENCE),
                             .off_work = f->off_work};
    if (f->kinds != WORK_KINDS_ALL) {
        codes_of(&VOCAB_STEP, step_kind, f->kinds, steps, sizeof steps);
        codes_of(&VOCAB_FOLLOWUP, followup_kind, f->kinds, followups, sizeof followups);
        q.steps = steps;
        q.followups = followups;
    }
    if (f->mine) {
        struct person me;
        int found = store_user(app->store, &me, err);
        if (found < 0)
            return -1;
        if (found == 0)
            return oph_fail(err, OPH_REFUSED,
                            "nobody is named as this database's user, so no case is yours: "
                            "name yourself first with ophamp whoami NUMBER");
        q.person_id = me.id;
    }
    struct remind_ctx rc = {app->now, london_date(app->now), cb, ctx};
    return store_reminders_query(app->store, &q, classify, &rc, err);
}

int app_reminders(struct app *app, oph_time within, reminder_cb cb, void *ctx,
                  struct oph_error *err)
{
    struct remind_filter f = {.horizon = {.kind = HORIZON_WITHIN, .within = within}};
    return app_worklist(app, &f, cb, ctx, err);
}
