/* Pass 1 of a bundle's import: its header, then every case read and checked by the core's
 * rules (check_person, check_case_facts, check_role, check_step …, wf_can_close), and the
 * staff numbers collected with their names: the same number must name the same person all
 * through the bundle. Any problem: reported, nothing written. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bundle_internal.h"
#include "ophamp/text.h"
#include "ophamp/workflow.h"
#include "ophamp/xalloc.h"

/* ---- checking a case by the core's rules ------------------------------------------------ */

static void check_done(struct reader *r, const char *field, const char *what, oph_time t)
{
    struct oph_error e;
    if (t != OPH_NO_TIME && check_not_future(what, t, r->app->now, &e))
        reader_problem(r, field, "%s", e.msg);
}

/* Item i of a list: the core's check of it (rc and e) and the time it was done. */
static void check_item(struct reader *r, const char *list, int i, int rc, const struct oph_error *e,
                       const char *what, oph_time at)
{
    char path[48];
    (void)!snprintf(path, sizeof path, "%s[%d]", list, i);
    if (rc)
        reader_problem(r, path, "%s", e->msg);
    check_done(r, path, what, at);
}

static void check_items(struct reader *r)
{
    const struct case_detail *c = r->c;
    struct oph_error e;
    char path[48];
    for (int s = 0; s < STEP_COUNT; s++) {
        const struct step *p = &c->steps[s];
        jget_path(path, sizeof path, "steps", VOCAB_STEP.names[s]);
        if (check_step(p, &e))
            reader_problem(r, path, "%s", e.msg);
        check_done(r, path, "done", p->done_at);
        check_done(r, path, "victim sign-off", p->victim_signed_at);
        check_done(r, path, "supervisor sign-off", p->supervisor_signed_at);
    }
    for (int i = 0; i < c->n_followups; i++)
        check_item(r, "followups", i, check_followup(&c->followups[i], &r->app->rules, &e), &e,
                   "done", c->followups[i].done_at);
    for (int i = 0; i < c->n_evidence; i++) {
        const struct evidence_item *v = &c->evidence[i];
        check_item(r, "evidence", i, check_evidence(v, &e), &e, "created", v->created_at);
        (void)!snprintf(path, sizeof path, "evidence[%d]", i);
        check_done(r, path, "updated", v->updated_at);
    }
    for (int i = 0; i < c->n_timeline; i++)
        check_item(r, "timeline", i, check_timeline_entry(&c->timeline[i], &e), &e, "entry",
                   c->timeline[i].at);
}

/* The same staff number must name the same person all through the bundle. */
static void see_person(struct reader *r, const char *field, const struct person *p, bool victim)
{
    struct file_person *s = person_map_put(&r->people, p->number);
    if (!s->name) {
        s->name = xstrdup(p->name);
        s->line = r->n;
    } else if (strcmp(s->name, p->name) != 0) {
        reader_problem(r, field, "staff number %s is '%.100s' in case %ld and '%.100s' here",
                       p->number, s->name, s->line, p->name);
        return;
    }
    if (victim && !s->detail) {
        s->detail = true;
        s->role = xstrdup(VOCAB_PERSON_ROLE.names[p->role]);
        s->rank = xstrdup(p->rank);
        s->team = xstrdup(p->team);
    }
}

/* The victim and the role holders, each by the rules of person add and case assign. */
static void check_people(struct reader *r)
{
    struct case_detail *c = r->c;
    struct oph_error e;
    if (check_person(&c->victim, &e))
        reader_problem(r, "victim", "%s", e.msg);
    else
        see_person(r, "victim", &c->victim, true);
    for (int i = 0; i < CROLE_COUNT; i++) {
        enum case_role role = bundle_role_keys[i].role;
        const struct role_holder *h = &c->roles[role];
        struct person p;
        char path[64];
        jget_path(path, sizeof path, "role_holders", bundle_role_keys[i].key);
        memset(&p, 0, sizeof p);
        if (!h->set) {
            if (role == CROLE_SUPERVISOR)
                reader_problem(r, path, "is required");
            continue;
        }
        text_copy(p.name, sizeof p.name, h->name);
        text_copy(p.number, sizeof p.number, h->number);
        if (check_person(&p, &e))
            reader_problem(r, path, "%s", e.msg);
        else if (check_role(c, role, &p, &e))
            reader_problem(r, path, "%s", e.msg);
        else
            see_person(r, path, &p, false);
    }
}

/* The outcome, closing, creation and review times, and the right to review. */
static void check_times(struct reader *r)
{
    const struct case_detail *c = r->c;
    if ((c->outcome >= 0) != (c->outcome_at != OPH_NO_TIME))
        reader_problem(r, "outcome_at",
                       c->outcome >= 0 ? "an outcome needs its time" : "is set without an outcome");
    check_done(r, "outcome_at", "outcome", c->outcome_at);
    check_done(r, "closed_at", "closing", c->closed_at);
    check_done(r, "created_at", "created", c->created_at);
    check_done(r, "review.asked_at", "review request", c->review_asked_at);
    check_done(r, "review.decided_at", "review result", c->review_decided_at);
    if (c->review_result >= 0 &&
        (c->review_asked_at == OPH_NO_TIME || c->review_decided_at == OPH_NO_TIME))
        reader_problem(r, "review", "a review's result needs the time it was asked for and given");
    else if (c->review_decided_at != OPH_NO_TIME && c->review_decided_at < c->review_asked_at)
        reader_problem(r, "review.decided_at", "is before the review was asked for");
}

/* Open or closed, by the rule of case close. */
static void check_closing(struct reader *r)
{
    struct case_detail *c = r->c;
    struct oph_error e;
    if (c->no_arrest_note[0] && c->no_arrest_reason < 0)
        reader_problem(r, "no_arrest_note", "is given without no_arrest_reason");
    if (c->closed) {
        c->closed = false; /* asks whether the open case could close as it stands */
        if (wf_can_close(c, -1, &e))
            reader_problem(r, "status", "%s", e.msg);
        c->closed = true;
        if (c->closed_at == OPH_NO_TIME)
            reader_problem(r, "closed_at", "a closed case needs its closing time");
    } else if (c->closed_at != OPH_NO_TIME || c->closing_note[0]) {
        reader_problem(r, "closed_at", "an open case has no closing time or note");
    }
}

static void check_case(struct reader *r)
{
    struct oph_error e;
    check_people(r);
    if (r->case_problems)
        return; /* the whole-case rules need every field read */
    import_case_fact_numbers(r->c);
    if (check_case_facts(&r->c->facts, r->app->now, &e))
        reader_problem(r, "facts", "%s", e.msg);
    check_items(r);
    check_times(r);
    check_closing(r);
}

/* ---- the bundle's header ---------------------------------------------------------------- */

static int read_header(struct app *app, const char *json, size_t len, const char *name,
                       struct oph_error *err)
{
    enum json_kind kind;
    if (len == 0 || memchr(json, '\0', len))
        return oph_fail(err, OPH_INVALID, "%s is not JSON", name);
    if (len > (size_t)BUNDLE_MAX_BYTES)
        return oph_fail(err, OPH_INVALID,
                        "%s is larger than a bundle can be (%ld bytes, SQLite's longest string)",
                        name, BUNDLE_MAX_BYTES);
    if (store_json_kind(app->store, json, len, &kind, err)) {
        if (err->kind == OPH_INVALID)
            oph_fail(err, OPH_INVALID, "%s is not JSON", name);
        return -1;
    }
    if (kind != JSON_OBJECT)
        return oph_fail(err, OPH_INVALID,
                        "%s is not a case bundle (a JSON object with \"format\": \"%s\")", name,
                        BUNDLE_FORMAT);
    struct json_members top;
    if (store_json_read(app->store, json, len, "$", false, &top, err))
        return -1;
    const struct json_member *format = jget_find(&top, "format"),
                             *version = jget_find(&top, "version"),
                             *redacted = jget_find(&top, "redacted"),
                             *cases = jget_find(&top, "cases");
    int rc = 0;
    if (!format || format->kind != JSON_TEXT || strcmp(format->text, BUNDLE_FORMAT) != 0)
        rc = oph_fail(err, OPH_INVALID,
                      "%s is not a case bundle (its \"format\" is %s%.40s%s, not \"%s\")", name,
                      format && format->kind == JSON_TEXT ? "\"" : "",
                      format && format->kind == JSON_TEXT ? format->text : "missing",
                      format && format->kind == JSON_TEXT ? "\"" : "", BUNDLE_FORMAT);
    else if (!version || version->kind != JSON_INTEGER || version->integer != BUNDLE_VERSION)
        rc = version && version->kind == JSON_INTEGER
                 ? oph_fail(err, OPH_INVALID,
                            "%s is a case bundle of version %lld; this ophamp reads version %d",
                            name, (long long)version->integer, BUNDLE_VERSION)
                 : oph_fail(err, OPH_INVALID,
                            "%s has no bundle version this ophamp reads (version %d)", name,
                            BUNDLE_VERSION);
    else if (!redacted || (redacted->kind != JSON_TRUE && redacted->kind != JSON_FALSE))
        rc = oph_fail(err, OPH_INVALID, "%s does not say whether it is redacted (\"redacted\")",
                      name);
    else if (redacted->kind == JSON_TRUE)
        rc = oph_fail(err, OPH_INVALID,
                      "%s is a redacted export: its names, staff numbers and free text were "
                      "left out, so it cannot become records (export again without --redact)",
                      name);
    else if (!cases || cases->kind != JSON_ARRAY)
        rc = oph_fail(err, OPH_INVALID, "%s has no list of \"cases\"", name);
    json_members_free(&top);
    return rc;
}

/* ---- pass 1: read and check every case -------------------------------------------------- */

static int check_one(void *ctx, long index, enum json_kind kind, const char *text, size_t len)
{
    struct reader *r = ctx;
    r->n = index + 1;
    r->ref[0] = '\0';
    r->case_problems = 0;
    r->res->cases++;
    if (kind != JSON_OBJECT) {
        reader_problem(r, NULL, "expected a case object");
        return 0;
    }
    bundle_read_case(r, text, len);
    if (r->case_problems == 0)
        check_case(r);
    return 0;
}

int bundle_check_all(struct reader *r, const char *json, size_t len, const char *name)
{
    if (read_header(r->app, json, len, name, r->err))
        return -1;
    if (store_json_each(r->app->store, json, len, "$.cases", check_one, r, r->err))
        return -1;
    if (r->res->problems == 0)
        return 0;
    if (r->res->problems > BUNDLE_MAX_PROBLEMS)
        reader_note(r, BUNDLE_PROBLEM, "%ld more problems not shown",
                    r->res->problems - BUNDLE_MAX_PROBLEMS);
    return oph_fail(r->err, OPH_INVALID, "%s: %ld problem%s, nothing imported", name,
                    r->res->problems, r->res->problems == 1 ? "" : "s");
}
