/* The actions on a case as a whole: a new case, its facts, role holders, decisions, outcome,
 * closing and the victim's review; and saving a case built in memory (imports, demo). */
#include "ophamp/app.h"

#include "app_internal.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/random.h>
#include <unistd.h>

#include "ophamp/text.h"
#include "ophamp/workflow.h"

/* 16 random bytes from the kernel: getrandom() (one system call; an import makes a UUID a
 * row), else /dev/urandom, else what is unique enough for one user's file (the process, the
 * time and a count, so two UUIDs of one run never repeat). */
static void uuid_v4(char out[UUID_LEN + 1])
{
    unsigned char b[16] = {0};
    if (getrandom(b, sizeof b, 0) != (ssize_t)sizeof b) {
        int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
        if (fd < 0 || read(fd, b, sizeof b) != (ssize_t)sizeof b) {
            static unsigned long count;
            unsigned long x = (unsigned long)getpid() ^ (unsigned long)time(NULL) ^
                              (++count * 0x9E3779B97F4A7C15UL);
            for (size_t i = 0; i < sizeof b;
                 i++, x = x * 6364136223846793005UL + 1442695040888963407UL)
                b[i] ^= (unsigned char)(x >> 33);
        }
        if (fd >= 0)
            close(fd);
    }
    uuid_format(b, out);
}

/* ---- cases --------------------------------------------------------------------------- */

static int record_decision(struct app *app, struct case_detail *c, enum decision_kind kind,
                           oph_time at, struct oph_error *err)
{
    struct plan_ctx px = plan_of(app);
    struct timeline_entry t = {.kind = TL_DECISION, .at = at};
    text_copy(t.label, sizeof t.label, VOCAB_DECISION.names[kind]);
    if (store_timeline_insert(app->store, c->id, &t, err))
        return -1;
    wf_decision(c, at, &px);
    return 0;
}

struct timeline_entry *app_timeline_push(struct case_detail *c, enum timeline_kind kind,
                                         oph_time at, const char *label, const char *text)
{
    c->timeline = record_grow(c->timeline, c->n_timeline, &c->cap_timeline, sizeof *c->timeline);
    struct timeline_entry *t = &c->timeline[c->n_timeline++];
    memset(t, 0, sizeof *t);
    t->kind = kind;
    t->at = at;
    text_copy(t->label, sizeof t->label, label);
    text_copy(t->text, sizeof t->text, text);
    return t;
}

void app_case_plan_start(struct app *app, struct case_detail *c, bool closed_already)
{
    struct plan_ctx px = plan_of(app);
    px.closed_already = closed_already;
    wf_start(c, &px);
    if (c->facts.arrested_at != OPH_NO_TIME) {
        app_timeline_push(c, TL_DECISION, c->facts.arrested_at, VOCAB_DECISION.names[DEC_ARREST],
                          NULL);
        wf_decision(c, c->facts.arrested_at, &px);
    }
}

int app_case_save_new(struct app *app, struct case_detail *c, int64_t victim_id,
                      int64_t supervisor_id, const int64_t *role_ids, struct oph_error *err)
{
    if (!c->uuid[0])
        uuid_v4(c->uuid);
    if (!c->reference[0] &&
        store_case_next_reference(app->store, london_date(c->facts.reported_at).year, c->reference,
                                  err))
        return -1;
    /* The case goes in as it stands (roles, outcome, closed): one row, one audit entry. */
    if (store_case_insert(app->store, c, victim_id, supervisor_id, role_ids, err))
        return -1;
    store_action_case(app->store, c->id);
    /* Everything of a new case is new: a few statements of many rows each. */
    if (store_timeline_insert_all(app->store, c->id, c->timeline, c->n_timeline, err) ||
        store_steps_insert(app->store, c->id, c->steps, err) ||
        store_followups_insert(app->store, c->id, c->followups, c->n_followups, err) ||
        store_evidence_insert_all(app->store, c->id, c->evidence, c->n_evidence, err))
        return -1;
    for (int s = 0; s < STEP_COUNT; s++)
        c->steps[s].dirty = false;
    for (int i = 0; i < c->n_followups; i++)
        c->followups[i].dirty = false;
    for (int i = 0; i < c->n_evidence; i++)
        c->evidence[i].dirty = false;
    return 0;
}

int app_case_new(struct app *app, const struct case_facts *f, char ref_out[REF_LEN + 1],
                 struct oph_error *err)
{
    struct case_detail *c = case_detail_new();
    c->facts = *f;
    if (c->facts.reported_at == OPH_NO_TIME)
        c->facts.reported_at = app->now;
    if (check_case_facts(&c->facts, app->now, err) || app_begin(app, err, "case new")) {
        case_detail_free(c);
        return -1;
    }
    struct person victim, supervisor;
    int rc = app_find_person(app, "victim", f->victim_number, &victim, err);
    if (rc == 0)
        rc = app_find_person(app, "supervisor", f->supervisor_number, &supervisor, err);
    if (rc == 0) {
        c->created_at = app->now;
        c->victim = victim;
        app_case_plan_start(app, c, false);
        rc = app_case_save_new(app, c, victim.id, supervisor.id, NULL, err);
    }
    rc = app_finish(app, rc, err);
    if (rc == 0)
        memcpy(ref_out, c->reference, REF_LEN + 1);
    case_detail_free(c);
    return rc;
}

int app_case_load(struct app *app, const char *ref, struct case_detail *out, struct oph_error *err)
{
    if (app_load_case(app, ref, out, err))
        return -1;
    if (store_case_load_log(app->store, out, err)) {
        case_detail_done(out);
        return -1;
    }
    return 0;
}

int app_case_edit(struct app *app, const char *ref, const struct case_facts *f,
                  struct oph_error *err)
{
    app->notice[0] = '\0';
    if (check_case_facts(f, app->now, err) || app_begin(app, err, "case edit"))
        return -1;
    struct case_detail *c = app_load_case_new(app, ref, err);
    if (!c)
        return app_finish(app, -1, err);
    struct person victim, supervisor;
    struct case_facts old = c->facts;
    oph_time old_arrest = c->facts.arrested_at;
    int rc = app_find_person(app, "victim", f->victim_number, &victim, err);
    if (rc == 0)
        rc = app_find_person(app, "supervisor", f->supervisor_number, &supervisor, err);
    if (rc == 0) {
        c->victim = victim;
        /* The new victim may already hold a role: say it that way round (point c). */
        for (int r = CROLE_SECOND_LINE; r < CROLE_COUNT && rc == 0; r++)
            if (c->roles[r].set && staff_number_same(c->roles[r].number, victim.number))
                rc = oph_fail_at(err, OPH_REFUSED, OPH_FIELD_VICTIM, OPH_RULE_IS_VICTIM,
                                 "%s is the %s of this case and cannot also be its victim "
                                 "(point c): assign someone else first",
                                 victim.number, VOCAB_CASE_ROLE.names[r]);
    }
    if (rc == 0) {
        struct plan_ctx px = plan_of(app);
        c->facts = *f;
        rc = store_case_update(app->store, c, victim.id, supervisor.id, err);
        if (rc == 0 && old_arrest == OPH_NO_TIME && f->arrested_at != OPH_NO_TIME)
            rc = record_decision(app, c, DEC_ARREST, f->arrested_at, err);
        if (rc == 0) {
            wf_facts_changed(c, &old, &px, app->notice, sizeof app->notice);
            rc = app_save_items(app, c, err);
        }
    }
    case_detail_free(c);
    rc = app_finish(app, rc, err);
    if (rc)
        app->notice[0] = '\0';
    return rc;
}

int app_case_assign(struct app *app, const char *ref, enum case_role role, const char *number,
                    oph_time at, struct oph_error *err)
{
    if ((unsigned)role >= CROLE_COUNT)
        return oph_fail(err, OPH_INVALID, "unknown case role");
    /* Only point (c)'s step keeps a time: the appointment that completes it. */
    if (at != OPH_NO_TIME && role != CROLE_INVESTIGATOR && role != CROLE_STATEMENT_TAKER)
        return oph_fail(err, OPH_INVALID,
                        "an appointment time is for the investigator or the statement taker "
                        "(step investigator), not the %s",
                        VOCAB_CASE_ROLE.names[role]);
    if (app_begin(app, err, "case assign %s %s", VOCAB_CASE_ROLE.names[role], number))
        return -1;
    struct person p;
    struct case_detail *c = app_load_case_new(app, ref, err);
    if (!c)
        return app_finish(app, -1, err);
    int rc = 0;
    if (c->closed)
        rc = oph_fail_at(err, OPH_REFUSED, OPH_FIELD_CASE, OPH_RULE_CLOSED, "case %s is closed",
                         c->reference);
    if (rc == 0 && at != OPH_NO_TIME)
        rc = check_event_time("appointment", at, c, app->now, err);
    if (rc == 0)
        rc = app_find_person(app, VOCAB_CASE_ROLE.names[role], number, &p, err);
    if (rc == 0)
        rc = check_role(c, role, &p, err);
    if (rc == 0)
        rc = store_case_set_role(app->store, c->id, role, p.id, err);
    if (rc == 0) {
        struct plan_ctx px = plan_of(app);
        c->roles[role].set = true;
        text_copy(c->roles[role].number, sizeof c->roles[role].number, p.number);
        text_copy(c->roles[role].name, sizeof c->roles[role].name, p.name);
        wf_role_assigned(c, role, at == OPH_NO_TIME ? app->now : at, &px);
        rc = app_save_items(app, c, err);
    }
    case_detail_free(c);
    return app_finish(app, rc, err);
}

int app_case_decision(struct app *app, const char *ref, enum decision_kind kind, oph_time at,
                      struct oph_error *err)
{
    if ((unsigned)kind >= DEC_COUNT)
        return oph_fail(err, OPH_INVALID, "unknown decision");
    if (app_begin(app, err, "case decision %s", VOCAB_DECISION.names[kind]))
        return -1;
    struct case_detail *c = app_load_case_new(app, ref, err);
    if (!c)
        return app_finish(app, -1, err);
    if (at == OPH_NO_TIME)
        at = app->now;
    int rc = check_event_time("decision", at, c, app->now, err);
    /* The same decision at the same minute twice is a repeated command, not news: a second
     * entry would start a second round of victim updates. */
    for (int i = 0; rc == 0 && i < c->n_timeline; i++) {
        const struct timeline_entry *t = &c->timeline[i];
        if (t->kind == TL_DECISION && t->at / 60 == at / 60 &&
            strcmp(t->label, VOCAB_DECISION.names[kind]) == 0)
            rc = oph_fail(err, OPH_REFUSED, "this %s decision is already recorded at that time",
                          VOCAB_DECISION.names[kind]);
    }
    if (rc == 0)
        rc = record_decision(app, c, kind, at, err);
    if (rc == 0 && kind == DEC_ARREST && c->facts.arrested_at == OPH_NO_TIME) {
        struct person victim, supervisor;
        c->facts.arrested_at = at;
        rc = app_find_person(app, "victim", c->facts.victim_number, &victim, err);
        if (rc == 0)
            rc = app_find_person(app, "supervisor", c->facts.supervisor_number, &supervisor, err);
        if (rc == 0)
            rc = store_case_update(app->store, c, victim.id, supervisor.id, err);
    }
    if (rc == 0)
        rc = app_save_items(app, c, err);
    case_detail_free(c);
    return app_finish(app, rc, err);
}

int app_case_close(struct app *app, const char *ref, int outcome, oph_time at, const char *note,
                   struct oph_error *err)
{
    return app_case_close_why(app, ref, outcome, at, note, -1, NULL, err);
}

int app_case_close_why(struct app *app, const char *ref, int outcome, oph_time at, const char *note,
                       int no_arrest_reason, const char *no_arrest_note, struct oph_error *err)
{
    if (outcome >= (int)OUT_COUNT)
        return oph_fail(err, OPH_INVALID, "unknown outcome");
    if (no_arrest_reason >= (int)NOARREST_COUNT)
        return oph_fail(err, OPH_INVALID, "unknown reason for no arrest");
    if (check_text("closing note", note, MAX_TEXT, TEXT_MULTILINE, err) ||
        app_begin(app, err, "case close%s%s", outcome >= 0 ? " " : "",
                  outcome >= 0 ? VOCAB_OUTCOME.names[outcome] : ""))
        return -1;
    struct case_detail *c = app_load_case_new(app, ref, err);
    if (!c)
        return app_finish(app, -1, err);
    struct plan_ctx px = plan_of(app);
    if (at == OPH_NO_TIME)
        at = app->now;
    int rc = wf_can_close(c, outcome, err);
    if (rc == 0)
        rc = check_event_time("closing", at, c, app->now, err);
    if (rc == 0 && outcome >= 0 && c->outcome >= 0 && outcome != c->outcome)
        rc = oph_fail_at(err, OPH_REFUSED, OPH_FIELD_OUTCOME, OPH_RULE_ALREADY,
                         "case %s already has the outcome %s", c->reference,
                         VOCAB_OUTCOME.names[c->outcome]);
    if (rc == 0)
        rc = wf_check_no_arrest(c, no_arrest_reason, no_arrest_note, err);
    if (rc == 0) {
        c->no_arrest_reason = no_arrest_reason;
        text_copy(c->no_arrest_note, sizeof c->no_arrest_note, no_arrest_note);
    }
    if (rc == 0 && c->outcome < 0) {
        rc = store_case_set_outcome(app->store, c->id, outcome, at, err);
        c->outcome = outcome;
        c->outcome_at = at;
        wf_outcome(c, at, &px);
    }
    if (rc == 0) {
        wf_close(c, at, &px);
        rc = app_save_items(app, c, err);
    }
    if (rc == 0)
        rc = store_case_close(app->store, c, at, note, err);
    case_detail_free(c);
    return app_finish(app, rc, err);
}

int app_case_review(struct app *app, const char *ref, oph_time asked, int result, oph_time decided,
                    const char *note, struct oph_error *err)
{
    app->notice[0] = '\0';
    if (result >= (int)REVIEW_COUNT)
        return oph_fail(err, OPH_INVALID, "unknown review result");
    if (check_text("review note", note, MAX_TEXT, TEXT_MULTILINE, err) ||
        app_begin(app, err, "case review%s%s%s", asked != OPH_NO_TIME ? " asked" : "",
                  result >= 0 ? " " : "", result >= 0 ? VOCAB_REVIEW_RESULT.names[result] : ""))
        return -1;
    struct case_detail *c = app_load_case_new(app, ref, err);
    if (!c)
        return app_finish(app, -1, err);
    int rc = 0;
    if (result >= 0 && decided == OPH_NO_TIME)
        decided = app->now;
    if (asked != OPH_NO_TIME)
        rc = check_event_time("review request", asked, c, app->now, err);
    if (rc == 0 && result >= 0)
        rc = check_event_time("review result", decided, c, app->now, err);
    if (rc == 0)
        rc = wf_review(c, asked, result, decided, note, app->notice, sizeof app->notice, err);
    if (rc == 0)
        rc = store_case_set_review(app->store, c, err);
    case_detail_free(c);
    rc = app_finish(app, rc, err);
    if (rc)
        app->notice[0] = '\0';
    return rc;
}
