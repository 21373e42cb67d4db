/* The actions: each loads what it needs, asks the core whether the rules allow it, changes the
 * record in memory, and saves the changes in one transaction. Here: opening the app, the
 * frame every action runs in (app_begin, app_finish, loading a case, saving its items),
 * people, who the user is, the marking and the log; the cases (app_cases.c), their steps,
 * follow-ups and evidence (app_items.c), and the rules and reminders (app_rules.c). */
#include "ophamp/app.h"

#include "app_internal.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ophamp/redact.h"
#include "ophamp/text.h"
#include "ophamp/workflow.h"

struct plan_ctx plan_of(const struct app *app)
{
    return (struct plan_ctx){
        .rules = &app->rules, .cal = &app->cal, .now = app->now, .actor = app->signature};
}

int app_reload_calendar(struct app *app, struct oph_error *err)
{
    struct holiday_override *h = NULL;
    size_t n = 0;
    if (store_holidays_load(app->store, &h, &n, err))
        return -1;
    free(app->holidays);
    app->holidays = h;
    app->n_holidays = n;
    app->cal = (struct calendar){.overrides = h, .n_overrides = n};
    return 0;
}

int app_open(struct app *app, const char *db_path, oph_time now, struct oph_error *err)
{
    memset(app, 0, sizeof *app);
    app->now = now;
    app->store = store_open(db_path, err);
    if (!app->store)
        return -1;
    if (store_rules_load(app->store, &app->rules, err) || app_reload_calendar(app, err)) {
        app_close(app);
        return -1;
    }
    return 0;
}

void app_close(struct app *app)
{
    store_close(app->store);
    free(app->holidays);
    memset(app, 0, sizeof *app);
}

void step_done_input_init(struct step_done_input *in)
{
    memset(in, 0, sizeof *in);
    in->at = OPH_NO_TIME;
    in->by = SIGNOFF_NONE;
    in->referral = -1;
    in->enhanced_rights = TRI_UNKNOWN;
    in->vps_offered = TRI_UNKNOWN;
}

/* ---- helpers ------------------------------------------------------------------------- */

int app_begin(struct app *app, struct oph_error *err, const char *fmt, ...)
{
    char what[LOG_WHAT_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    if (store_action_begin(app->store, what, err))
        return -1;
    app_sign(app);
    return 0;
}

void app_sign(struct app *app)
{
    /* steps.done_by holds 100 characters */
    text_copy_chars(app->signature, sizeof app->signature, store_action_actor(app->store), 100);
}

int app_finish(struct app *app, int rc, struct oph_error *err)
{
    if (rc < 0) {
        store_action_rollback(app->store);
        return rc;
    }
    if (store_action_commit(app->store, err))
        return -1;
    return rc;
}

/* A reference as typed, checked and in the stored form (OPH-… in capitals). */
static int normalise_ref(const char *ref, char norm[64], struct oph_error *err)
{
    if (check_text("case reference", ref, 40, TEXT_REQUIRED, err))
        return -1;
    text_copy(norm, 64, ref);
    if (strncasecmp(norm, "oph-", 4) == 0)
        for (char *p = norm; *p; p++)
            *p = (char)toupper((unsigned char)*p);
    return 0;
}

int app_load_case(struct app *app, const char *ref, struct case_detail *c, struct oph_error *err)
{
    char norm[64];
    if (normalise_ref(ref, norm, err))
        return -1;
    int rc = store_case_load(app->store, norm, c, err);
    if (rc == 0)
        return oph_fail(err, OPH_REFUSED, "no case %s", ref);
    if (rc > 0)
        store_action_case(app->store, c->id);
    return rc < 0 ? -1 : 0;
}

struct case_detail *app_load_case_new(struct app *app, const char *ref, struct oph_error *err)
{
    struct case_detail *c = case_detail_new();
    if (app_load_case(app, ref, c, err) == 0)
        return c;
    case_detail_free(c);
    return NULL;
}

int app_case_exists(struct app *app, const char *ref, struct oph_error *err)
{
    char norm[64];
    if (normalise_ref(ref, norm, err))
        return -1;
    int rc = store_case_exists(app->store, norm, err);
    if (rc == 0)
        return oph_fail(err, OPH_REFUSED, "no case %s", ref);
    return rc < 0 ? -1 : 0;
}

int app_find_person(struct app *app, const char *what, const char *number, struct person *p,
                    struct oph_error *err)
{
    char field[64];
    snprintf(field, sizeof field, "%s staff number", what);
    if (check_staff_number(field, number, true, err))
        return -1;
    int rc = store_person_by_number(app->store, number, p, err);
    if (rc == 0)
        return oph_fail(err, OPH_REFUSED,
                        "no person with staff number %s (%s); add them with person add", number,
                        what);
    return rc < 0 ? -1 : 0;
}

int app_save_items(struct app *app, struct case_detail *c, struct oph_error *err)
{
    for (int s = 0; s < STEP_COUNT; s++) {
        struct step *p = &c->steps[s];
        if (!p->dirty)
            continue;
        if (store_step_update(app->store, c->id, p, err))
            return -1;
        p->dirty = false;
    }
    for (int i = 0; i < c->n_followups; i++) {
        struct followup *f = &c->followups[i];
        if (f->id == 0) {
            if (store_followup_insert(app->store, c->id, f, err))
                return -1;
        } else if (f->dirty && store_followup_update(app->store, f, err)) {
            return -1;
        }
        f->dirty = false;
    }
    for (int i = 0; i < c->n_evidence; i++) {
        struct evidence_item *e = &c->evidence[i];
        if (e->id == 0) {
            if (store_evidence_insert(app->store, c->id, e, err))
                return -1;
        } else if (e->dirty && store_evidence_update(app->store, e, err)) {
            return -1;
        }
        e->dirty = false;
    }
    return 0;
}

/* A time the user gave for something that happened in this case. */
int check_event_time(const char *field, oph_time at, const struct case_detail *c, oph_time now,
                     struct oph_error *err)
{
    if (check_not_future(field, at, now, err))
        return -1;
    if (at < c->facts.occurred_at)
        return oph_fail(err, OPH_REFUSED, "%s time is before the assault happened", field),
               check_at(field, OPH_RULE_BEFORE_INCIDENT, err);
    return 0;
}

/* ---- people -------------------------------------------------------------------------- */

/* A person from what was typed, checked: the same for adding and for changing. */
static int person_from_input(const struct person_input *in, struct person *p, struct oph_error *err)
{
    memset(p, 0, sizeof *p);
    if (check_text("name", in->name, MAX_NAME, TEXT_REQUIRED, err) ||
        check_text("staff number", in->number, MAX_NUMBER, TEXT_REQUIRED, err) ||
        check_text("rank", in->rank, MAX_RANK, 0, err) ||
        check_text("team", in->team, MAX_SHORT, 0, err))
        return -1;
    text_copy(p->name, sizeof p->name, in->name);
    text_copy(p->number, sizeof p->number, in->number);
    text_copy(p->rank, sizeof p->rank, in->rank);
    text_copy(p->team, sizeof p->team, in->team);
    text_trim(p->name);
    text_trim(p->number);
    text_trim(p->rank);
    text_trim(p->team);
    int role = in->role ? vocab_find(&VOCAB_PERSON_ROLE, in->role) : ROLE_OFFICER;
    if (role < 0) {
        char list[128];
        return oph_fail_at(err, OPH_INVALID, OPH_FIELD_PERSON_ROLE, OPH_RULE_UNKNOWN,
                           "unknown role '%s' (one of %s)", in->role,
                           vocab_list(&VOCAB_PERSON_ROLE, list, sizeof list));
    }
    p->role = (enum person_role)role;
    return check_person(p, err);
}

int app_person_add(struct app *app, const struct person_input *in, struct person *out,
                   struct oph_error *err)
{
    struct person p;
    if (person_from_input(in, &p, err) || app_begin(app, err, "person add %s", p.number))
        return -1;
    struct person existing;
    int rc = store_person_by_number(app->store, p.number, &existing, err);
    if (rc > 0)
        rc = oph_fail_at(err, OPH_REFUSED, OPH_FIELD_STAFF_NUMBER, OPH_RULE_IN_USE,
                         "staff number %s is already used by %s (%s)", p.number, existing.name,
                         existing.number);
    if (rc == 0)
        rc = store_person_insert(app->store, &p, app->now, err);
    rc = app_finish(app, rc, err);
    if (rc == 0 && out)
        *out = p;
    return rc;
}

int app_person_edit(struct app *app, const char *number, const struct person_input *in,
                    struct person *out, struct oph_error *err)
{
    struct person p, old, existing;
    if (person_from_input(in, &p, err) || app_begin(app, err, "person edit %s", number))
        return -1;
    /* The number as stored, even one from before staff numbers were checked: that is how
     * such a number is put right. */
    int rc = store_person_by_number(app->store, number, &old, err);
    if (rc == 0)
        rc = oph_fail_at(err, OPH_REFUSED, OPH_FIELD_STAFF_NUMBER, OPH_RULE_NOT_FOUND,
                         "no person with staff number %s", number);
    rc = rc < 0 ? -1 : 0;
    p.id = rc == 0 ? old.id : 0;
    if (rc == 0 && strcmp(p.number, old.number) != 0) {
        rc = store_person_by_number(app->store, p.number, &existing, err);
        if (rc > 0 && existing.id != old.id) /* AB12 for ab12 is the same person's */
            rc = oph_fail_at(err, OPH_REFUSED, OPH_FIELD_STAFF_NUMBER, OPH_RULE_IN_USE,
                             "staff number %s is already used by %s (%s)", p.number, existing.name,
                             existing.number);
        else if (rc > 0)
            rc = 0;
    }
    if (rc == 0)
        rc = store_person_update(app->store, &p, err);
    rc = app_finish(app, rc, err);
    if (rc == 0 && out)
        *out = p;
    return rc;
}

/* ---- who the user is ----------------------------------------------------------------- */

int app_user(struct app *app, struct person *out, struct oph_error *err)
{
    return store_user(app->store, out, err);
}

int app_whoami(struct app *app, const char *number, const struct person_input *add,
               struct person *out, struct oph_error *err)
{
    if (check_text("staff number", number, MAX_NUMBER, TEXT_REQUIRED, err))
        return -1;
    char trimmed[TXT(MAX_NUMBER)];
    text_copy(trimmed, sizeof trimmed, number);
    text_trim(trimmed);
    number = trimmed;
    struct person p, user;
    int rc = store_person_by_number(app->store, number, &p, err);
    if (rc < 0)
        return -1;
    if (rc > 0 && add && add->name && *add->name) {
        char name[TXT(MAX_NAME)];
        text_copy(name, sizeof name, add->name);
        text_trim(name);
        if (strcmp(name, p.name) != 0)
            return oph_fail_at(err, OPH_REFUSED, OPH_FIELD_NAME, OPH_RULE_IN_USE,
                               "staff number %s is %s, not %s", p.number, p.name, name);
    }
    if (rc == 0) {
        if (!add || !add->name || !*add->name)
            return oph_fail_at(err, OPH_REFUSED, OPH_FIELD_NAME, OPH_RULE_NEEDED,
                               "no person with staff number %s: give your name too to add "
                               "yourself",
                               number);
        struct person_input in = *add;
        in.number = number;
        if (person_from_input(&in, &p, err))
            return -1;
    }
    int named = store_user(app->store, &user, err);
    if (named < 0)
        return -1;
    if (rc > 0 && named > 0 && user.id == p.id) {
        if (out)
            *out = p;
        return 0; /* already named: nothing to log */
    }
    /* Signed by the person being named: they are who acts from now on. */
    if (store_action_begin_as(app->store, "whoami", &p, err))
        return -1;
    int w = 0;
    if (rc == 0) {
        struct person existing;
        w = store_person_by_number(app->store, p.number, &existing, err);
        if (w > 0)
            w = oph_fail_at(err, OPH_REFUSED, OPH_FIELD_STAFF_NUMBER, OPH_RULE_IN_USE,
                            "staff number %s is already used by %s", p.number, existing.name);
        if (w == 0)
            w = store_person_insert(app->store, &p, app->now, err);
        if (w == 0)
            store_action_signer(app->store, &p);
    }
    if (w == 0)
        w = store_set_user(app->store, p.id, err);
    w = app_finish(app, w, err);
    if (w == 0 && out)
        *out = p;
    return w;
}

int app_marking_check(const char *text, struct oph_error *err)
{
    size_t n = strlen(text);
    if (n == 0)
        return oph_fail(err, OPH_INVALID, "the marking is empty");
    if (n > MARKING_MAX)
        return oph_fail(err, OPH_INVALID, "the marking is %zu characters long (at most %d)", n,
                        MARKING_MAX);
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)text[i] < 0x20 || (unsigned char)text[i] > 0x7E)
            return oph_fail(err, OPH_INVALID,
                            "the marking has a character that is not printable ASCII at "
                            "position %zu",
                            i + 1);
    if (text[0] == ' ' || text[n - 1] == ' ')
        return oph_fail(err, OPH_INVALID, "the marking starts or ends with a space");
    return 0;
}

int app_marking_set(struct app *app, const char *text, struct oph_error *err)
{
    if (app_marking_check(text, err))
        return -1;
    if (app_begin(app, err, "setting marking"))
        return -1;
    return app_finish(app, store_setting_set(app->store, "marking", text, err), err);
}

int app_marking(struct app *app, const char *override, char out[MARKING_MAX + 1],
                struct oph_error *err)
{
    if (override) {
        if (app_marking_check(override, err))
            return -1;
        text_copy(out, MARKING_MAX + 1, override);
        return 0;
    }
    char buf[4096];
    int found = store_setting(app->store, "marking", buf, sizeof buf, err);
    if (found < 0)
        return -1;
    /* A value put there by other means than app_marking_set is not trusted. */
    struct oph_error ignored;
    text_copy(out, MARKING_MAX + 1,
              found && app_marking_check(buf, &ignored) == 0 ? buf : MARKING_DEFAULT);
    return 0;
}

int app_redactor(struct app *app, bool on, int suppress_below, struct redactor *out,
                 struct oph_error *err)
{
    memset(out, 0, sizeof *out);
    out->suppress_below = suppress_below;
    if (!on)
        return 0;
    char hex[128];
    int found = store_setting(app->store, "pseudonym_key", hex, sizeof hex, err);
    if (found < 0)
        return -1;
    if (found == 0 || redactor_init(out, hex, suppress_below) != 0)
        return oph_fail(err, OPH_DB, "the database's pseudonym key is missing or damaged");
    return 0;
}

int app_repair_derived(struct app *app, struct oph_error *err)
{
    if (app_begin(app, err, "check --repair"))
        return -1;
    store_action_multi_case(app->store);
    store_action_always(app->store);
    return app_finish(app, store_rebuild_derived(app->store, err), err);
}

int app_log(struct app *app, const char *ref, long limit, log_action_cb cb, void *ctx,
            struct oph_error *err)
{
    char norm[64];
    if (ref && normalise_ref(ref, norm, err))
        return -1;
    return store_log_list(app->store, ref ? norm : NULL, limit, cb, ctx, err);
}

int app_log_changes(struct app *app, const struct log_action *a, log_change_cb cb, void *ctx,
                    struct oph_error *err)
{
    return store_log_changes(app->store, a, cb, ctx, err);
}

int app_log_head(struct app *app, char out[LOG_HEAD_TEXT], struct oph_error *err)
{
    struct log_head h;
    out[0] = '\0';
    if (store_log_head(app->store, &h, err))
        return -1;
    if (h.id > 0)
        snprintf(out, LOG_HEAD_TEXT, "%lld:%s", (long long)h.id, h.hash);
    return 0;
}
