/* Undo: the named user's action taken back as a new action of the log ("undo 1234 (step done
 * crime)"), which writes the old values back through the store: every constraint and trigger
 * applies, the log records it like any other action, and the derived tables follow. Refused,
 * with the reason, for what cannot be taken back (the program's own actions, an undo, naming
 * oneself, a new case) and when a later action touched the same rows. */
#include "ophamp/app.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_internal.h"
#include "ophamp/flatjson.h"
#include "ophamp/text.h"
#include "ophamp/undo.h"
#include "ophamp/workflow.h"

/* ---- which action ---------------------------------------------------------------------- */

/* The user, refusing when nobody is named. */
static int the_user(struct app *app, struct person *me, struct oph_error *err)
{
    int found = store_user(app->store, me, err);
    if (found < 0)
        return -1;
    if (found == 0)
        return oph_fail(err, OPH_REFUSED,
                        "nobody is named as this database's user, so no action is yours to take "
                        "back: name yourself first with ophamp whoami NUMBER");
    return 0;
}

/* Ids of actions taken back, seen while walking a user's actions newest first (an undo comes
 * after what it took back). */
struct undone_set {
    int64_t *ids;
    size_t n, cap;
};

static bool undone_has(const struct undone_set *u, int64_t id)
{
    for (size_t i = 0; i < u->n; i++)
        if (u->ids[i] == id)
            return true;
    return false;
}

static int undone_add(struct undone_set *u, int64_t id)
{
    if (u->n == u->cap) {
        size_t cap = u->cap ? 2 * u->cap : 16;
        int64_t *grown = realloc(u->ids, cap * sizeof *grown);
        if (!grown)
            return -1;
        u->ids = grown;
        u->cap = cap;
    }
    u->ids[u->n++] = id;
    return 0;
}

struct last_ctx {
    struct undone_set undone;
    struct log_action *out;
    bool found, oom;
};

static int find_last(void *ctx, const struct log_action *a)
{
    struct last_ctx *l = ctx;
    int64_t target = undo_target(a->what);
    if (target > 0) {
        l->oom = undone_add(&l->undone, target) != 0;
        return l->oom;
    }
    if (undone_has(&l->undone, a->id) || undo_passes_over(a->what))
        return 0;
    *l->out = *a;
    l->found = true;
    return 1;
}

int app_undo_target(struct app *app, int64_t id, struct log_action *out, struct oph_error *err)
{
    struct person me;
    if (the_user(app, &me, err))
        return -1;
    if (id > 0) {
        int found = store_log_action(app->store, id, out, err);
        if (found < 0)
            return -1;
        if (found == 0)
            return oph_fail(err, OPH_REFUSED, "the log has no action %" PRId64, id);
        if (out->actor_id != me.id)
            return oph_fail(err, OPH_REFUSED,
                            "action %" PRId64 " was %s's, not yours: only they can take it back",
                            id, out->actor_id ? out->actor : "the program");
        return 0;
    }
    struct last_ctx l = {.out = out};
    int rc = store_log_list_actor(app->store, me.id, 0, find_last, &l, err);
    free(l.undone.ids);
    if (rc)
        return -1;
    if (l.oom)
        return oph_fail(err, OPH_DB, "out of memory reading the log");
    if (!l.found)
        return oph_fail(err, OPH_REFUSED, "you have no action left to take back");
    return 0;
}

/* ---- whether it can be taken back ---------------------------------------------------- */

struct refusal_ctx {
    const char *why;
};

static int change_refusal(void *ctx, const struct log_change *c)
{
    struct refusal_ctx *r = ctx;
    r->why = undo_change_refusal(c->tbl ? c->tbl : "", c->op ? c->op : "");
    return r->why != NULL;
}

/* "12 (2026-04-08 10:05 UTC, Sgt Alex Morgan (2210): case edit)" */
static void action_words(const struct log_action *a, char *out, size_t n)
{
    snprintf(out, n, "%" PRId64 " (%.10s %.5s UTC, %s: %s)", a->id, a->at, a->at + 11, a->actor,
             a->what);
}

int app_undo_check(struct app *app, const struct log_action *a, struct oph_error *err)
{
    const char *why = undo_refusal(a->actor_id, a->what, a->last_change - a->first_change + 1);
    if (why)
        return oph_fail(err, OPH_REFUSED, "action %" PRId64 " (%s) cannot be taken back: %s", a->id,
                        a->what, why);
    struct refusal_ctx r = {NULL};
    if (store_log_changes(app->store, a, change_refusal, &r, err))
        return -1;
    if (r.why)
        return oph_fail(err, OPH_REFUSED, "action %" PRId64 " (%s) cannot be taken back: %s", a->id,
                        a->what, r.why);
    int64_t by = 0;
    if (store_undone_by(app->store, a, &by, err))
        return -1;
    if (by)
        return oph_fail(err, OPH_REFUSED,
                        "action %" PRId64 " (%s) was already taken back (action %" PRId64 ")",
                        a->id, a->what, by);
    struct log_action later;
    char tbl[64], key[64];
    int touched =
        store_undo_touched_later(app->store, a, &later, tbl, sizeof tbl, key, sizeof key, err);
    if (touched < 0)
        return -1;
    if (touched) {
        char words[LOG_ACTOR_MAX + LOG_WHAT_MAX + 64];
        action_words(&later, words, sizeof words);
        return oph_fail(err, OPH_REFUSED,
                        "action %" PRId64 " (%s) cannot be taken back: a later action, %s, "
                        "changed what it changed (%s %s) since",
                        a->id, a->what, words, tbl, key);
    }
    return 0;
}

/* ---- taking it back ------------------------------------------------------------------ */

struct change_copy {
    char *tbl, *op, *old_values, *new_values;
};

struct changes {
    struct change_copy *c;
    int n, cap;
    bool oom;
};

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

static int keep_change(void *ctx, const struct log_change *c)
{
    struct changes *l = ctx;
    if (l->n == l->cap) {
        int cap = l->cap ? 2 * l->cap : 16;
        struct change_copy *grown = realloc(l->c, (size_t)cap * sizeof *grown);
        if (!grown) {
            l->oom = true;
            return 1;
        }
        l->c = grown;
        l->cap = cap;
    }
    struct change_copy *k = &l->c[l->n++];
    k->tbl = dup_or_null(c->tbl);
    k->op = dup_or_null(c->op);
    k->old_values = dup_or_null(c->old_values);
    k->new_values = dup_or_null(c->new_values);
    l->oom =
        !k->tbl || !k->op || (c->old_values && !k->old_values) || (c->new_values && !k->new_values);
    return l->oom;
}

static void changes_free(struct changes *l)
{
    for (int i = 0; i < l->n; i++) {
        free(l->c[i].tbl);
        free(l->c[i].op);
        free(l->c[i].old_values);
        free(l->c[i].new_values);
    }
    free(l->c);
}

/* The rule a change of the rules table is of ("" when none). */
static void rule_of(const struct change_copy *c, char *key, size_t n)
{
    const char *json = c->new_values ? c->new_values : c->old_values;
    struct fj_member m;
    key[0] = '\0';
    if (json && fj_find(json, strlen(json), "key", &m))
        fj_text(&m, key, n);
}

/* A refusal of the database worded for the row it was about. */
static int refused_row(const struct change_copy *c, struct oph_error *err)
{
    if (strcmp(c->tbl, "people") == 0 && strcmp(c->op, "insert") == 0 &&
        strstr(err->msg, "FOREIGN KEY")) {
        char what[256], how[64];
        undo_describe(c->tbl, "delete", c->new_values, NULL, what, sizeof what, how, sizeof how);
        return oph_fail(err, OPH_REFUSED,
                        "it added %s, who is named in a case since: they stay in the people list",
                        what + strlen("person "));
    }
    return -1;
}

/* The open case the action was about, after its rows were written back: a closed case keeps
 * no pending step (closed since, with what the action did), and the due times and follow-ups
 * follow the rules as they are now (a rule changed since). */
static int case_follows(struct app *app, const char *ref, struct oph_error *err)
{
    struct case_detail *c = case_detail_new();
    int found = store_case_load(app->store, ref, c, err);
    if (found <= 0) {
        case_detail_free(c);
        return found < 0 ? -1 : 0;
    }
    int rc = 0;
    if (c->closed) {
        for (int i = 0; i < STEP_COUNT && rc == 0; i++)
            if (c->steps[i].status == STATUS_PENDING)
                rc = oph_fail(err, OPH_REFUSED,
                              "%s was closed since, and a closed case has no pending step (step "
                              "%s would be pending again)",
                              ref, VOCAB_STEP.names[i]);
    } else {
        struct plan_ctx px = plan_of(app);
        wf_recompute(c, &px);
        rc = app_save_items(app, c, err);
    }
    case_detail_free(c);
    return rc;
}

struct report_ctx {
    undo_change_cb cb;
    void *ctx;
};

static int report_change(void *ctx, const struct log_change *c)
{
    struct report_ctx *r = ctx;
    char what[512], how[2048];
    undo_describe(c->tbl ? c->tbl : "", c->op ? c->op : "", c->old_values, c->new_values, what,
                  sizeof what, how, sizeof how);
    return r->cb(r->ctx, what, how);
}

int app_undo(struct app *app, const struct log_action *a, bool dry_run, undo_change_cb cb,
             void *ctx, int64_t *undo_id, struct oph_error *err)
{
    struct person me;
    if (the_user(app, &me, err))
        return -1;
    if (a->actor_id != me.id)
        return oph_fail(err, OPH_REFUSED,
                        "action %" PRId64 " was %s's, not yours: only they can take it back", a->id,
                        a->actor);
    if (app_undo_check(app, a, err))
        return -1;
    struct changes l = {0};
    if (store_log_changes(app->store, a, keep_change, &l, err) || l.oom) {
        changes_free(&l);
        return l.oom ? oph_fail(err, OPH_DB, "out of memory reading the log") : -1;
    }
    char what[LOG_WHAT_MAX];
    undo_what(a->id, a->what, what, sizeof what);
    if (store_action_begin(app->store, what, err)) {
        changes_free(&l);
        return -1;
    }
    app_sign(app);
    if (a->case_id)
        store_action_case(app->store, a->case_id);
    int rc = 0;
    bool rules = false, holidays = false;
    char rule[RULE_KEY_MAX] = "";
    /* The last change first: a row changed twice ends as it was before the first. */
    for (int i = l.n - 1; i >= 0 && rc == 0; i--) {
        const struct change_copy *c = &l.c[i];
        rc = store_undo_change(app->store, c->tbl, c->op, c->old_values, c->new_values, err);
        if (rc)
            rc = refused_row(c, err);
        if (strcmp(c->tbl, "rules") == 0) {
            rules = true;
            rule_of(c, rule, sizeof rule);
        }
        holidays |= strcmp(c->tbl, "bank_holiday_changes") == 0;
    }
    /* What follows from the rows written back, as it follows from any action: the due times
     * of open cases after a rule or a bank holiday went back, the case's own items. */
    if (rc == 0 && (rules || holidays))
        store_action_multi_case(app->store);
    if (rc == 0 && rules && (rc = store_rules_load(app->store, &app->rules, err)) == 0)
        rc = app_recompute_open_cases(app, rule, err);
    if (rc == 0 && holidays && (rc = app_reload_calendar(app, err)) == 0)
        rc = app_recompute_open_cases(app, NULL, err);
    if (rc == 0 && a->case_ref[0])
        rc = case_follows(app, a->case_ref, err);
    changes_free(&l);
    if (rc == 0 && cb) {
        struct report_ctx r = {cb, ctx};
        rc = store_action_changes(app->store, report_change, &r, err);
    }
    if (undo_id)
        *undo_id = store_action_id(app->store);
    if (rc || dry_run) {
        store_action_rollback(app->store);
        if (rules || holidays) { /* what is in memory follows what is in the file */
            struct oph_error ignored;
            store_rules_load(app->store, &app->rules, &ignored);
            app_reload_calendar(app, &ignored);
        }
        return rc;
    }
    return store_action_commit(app->store, err);
}

/* ---- what can be taken back ---------------------------------------------------------- */

struct list_ctx {
    struct app *app;
    struct undone_set undone;
    undo_list_cb cb;
    void *ctx;
    struct oph_error *err;
    bool failed;
};

static int list_one(void *ctx, const struct log_action *a)
{
    struct list_ctx *l = ctx;
    struct undo_entry e;
    memset(&e, 0, sizeof e);
    e.action = *a;
    int64_t target = undo_target(a->what);
    if (target > 0) {
        e.undo_of = target;
        snprintf(e.why, sizeof e.why, "it is an undo (of action %" PRId64 ")", target);
        if (undone_add(&l->undone, target)) {
            l->failed = true;
            oph_fail(l->err, OPH_DB, "out of memory reading the log");
            return 1;
        }
    } else {
        struct oph_error why = {0};
        int64_t by = 0;
        if (store_undone_by(l->app->store, a, &by, l->err)) {
            l->failed = true;
            return 1;
        }
        e.undone_by = by;
        if (by)
            snprintf(e.why, sizeof e.why, "taken back by action %" PRId64, by);
        else if (app_undo_check(l->app, a, &why) == 0)
            e.possible = true;
        else if (why.kind == OPH_REFUSED) {
            /* the list says which action each line is: only why */
            const char *cut = strstr(why.msg, "cannot be taken back: ");
            snprintf(e.why, sizeof e.why, "%s",
                     cut ? cut + strlen("cannot be taken back: ") : why.msg);
        } else {
            *l->err = why;
            l->failed = true;
            return 1;
        }
    }
    return l->cb(l->ctx, &e);
}

int app_undo_list(struct app *app, long limit, undo_list_cb cb, void *ctx, struct oph_error *err)
{
    struct person me;
    if (the_user(app, &me, err))
        return -1;
    struct list_ctx l = {.app = app, .cb = cb, .ctx = ctx, .err = err};
    int rc = store_log_list_actor(app->store, me.id, limit, list_one, &l, err);
    free(l.undone.ids);
    return rc || l.failed ? -1 : 0;
}
