/* The actions on a case's items: its steps, timeline entries (welfare contacts, victim
 * updates, notes), follow-ups and evidence. */
#include "ophamp/app.h"

#include "app_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ophamp/text.h"
#include "ophamp/workflow.h"

/* ---- steps --------------------------------------------------------------------------- */

/* Facts some steps bring with them (crime reference, Victim Code answers). */
static int apply_step_facts(struct app *app, struct case_detail *c,
                            const struct step_done_input *in, struct oph_error *err)
{
    struct case_facts f = c->facts;
    if (in->crime_reference) {
        if (check_text("crime reference", in->crime_reference, MAX_CRIME_REF, TEXT_REQUIRED, err))
            return -1;
        text_copy(f.crime_reference, sizeof f.crime_reference, in->crime_reference);
    }
    if (in->referral >= 0)
        f.referral = in->referral;
    if (in->enhanced_rights != TRI_UNKNOWN)
        f.enhanced_rights = in->enhanced_rights;
    if (in->vps_offered != TRI_UNKNOWN)
        f.vps_offered = in->vps_offered;
    if (memcmp(&f, &c->facts, sizeof f) == 0)
        return 0;
    struct person victim, supervisor;
    if (check_case_facts(&f, app->now, err) ||
        app_find_person(app, "victim", f.victim_number, &victim, err) ||
        app_find_person(app, "supervisor", f.supervisor_number, &supervisor, err))
        return -1;
    c->facts = f;
    struct plan_ctx px = plan_of(app);
    wf_recompute(c, &px);
    return store_case_update(app->store, c, victim.id, supervisor.id, err);
}

int app_step_done(struct app *app, const char *ref, enum step_code code,
                  const struct step_done_input *in, struct oph_error *err)
{
    if ((unsigned)code >= STEP_COUNT)
        return oph_fail(err, OPH_INVALID, "unknown step");
    if (check_text("note", in->note, MAX_TEXT, TEXT_MULTILINE, err))
        return -1;
    if (code == STEP_IOD && in->by == SIGNOFF_NONE)
        return oph_fail(err, OPH_INVALID,
                        "step iod needs two sign-offs: give --by victim or --by supervisor");
    if (app_begin(app, err, "step done %s%s", VOCAB_STEP.names[code],
                  in->by == SIGNOFF_VICTIM       ? " (victim's sign-off)"
                  : in->by == SIGNOFF_SUPERVISOR ? " (supervisor's sign-off)"
                                                 : ""))
        return -1;
    struct case_detail *c = app_load_case_new(app, ref, err);
    if (!c)
        return app_finish(app, -1, err);
    oph_time at = in->at == OPH_NO_TIME ? app->now : in->at;
    struct step *st = &c->steps[code];
    int rc = check_event_time("done", at, c, app->now, err);
    if (rc == 0)
        rc = apply_step_facts(app, c, in, err);
    if (rc == 0)
        rc = wf_step_ready(c, code, in->note, err);
    int awaiting = 0;
    if (rc == 0 && code == STEP_IOD) {
        oph_time *slot =
            in->by == SIGNOFF_VICTIM ? &st->victim_signed_at : &st->supervisor_signed_at;
        if (*slot != OPH_NO_TIME)
            rc = oph_fail_at(err, OPH_REFUSED, OPH_FIELD_SIGNOFF, OPH_RULE_ALREADY,
                             "step iod is already signed by the %s",
                             in->by == SIGNOFF_VICTIM ? "victim" : "supervisor");
        *slot = at;
        st->dirty = true;
        awaiting = st->victim_signed_at == OPH_NO_TIME || st->supervisor_signed_at == OPH_NO_TIME;
    }
    if (rc)
        oph_error_item(err, OPH_ITEM_STEP, (int)code);
    if (rc == 0) {
        if (!awaiting) {
            st->status = STATUS_DONE;
            st->done_at = at;
            text_copy(st->done_by, sizeof st->done_by, app->signature);
        }
        if (in->note)
            text_copy(st->note, sizeof st->note, in->note);
        st->dirty = true;
        rc = app_save_items(app, c, err);
    }
    case_detail_free(c);
    rc = app_finish(app, rc, err);
    return rc < 0 ? rc : awaiting;
}

int app_step_na(struct app *app, const char *ref, enum step_code code, const char *reason,
                struct oph_error *err)
{
    if ((unsigned)code >= STEP_COUNT)
        return oph_fail(err, OPH_INVALID, "unknown step");
    if (check_text("reason", reason, MAX_TEXT, TEXT_REQUIRED | TEXT_MULTILINE, err) ||
        app_begin(app, err, "step na %s", VOCAB_STEP.names[code]))
        return -1;
    struct case_detail *c = app_load_case_new(app, ref, err);
    if (!c)
        return app_finish(app, -1, err);
    int rc = 0;
    struct step *st = &c->steps[code];
    if (c->closed)
        rc = oph_fail_at(err, OPH_REFUSED, OPH_FIELD_CASE, OPH_RULE_CLOSED, "case %s is closed",
                         c->reference);
    else if (st->status != STATUS_PENDING)
        rc =
            oph_fail_at(err, OPH_REFUSED, OPH_FIELD_ITEM, OPH_RULE_ALREADY, "step %s is already %s",
                        VOCAB_STEP.names[code], VOCAB_STATUS.names[st->status]);
    if (rc)
        oph_error_item(err, OPH_ITEM_STEP, (int)code);
    if (rc == 0) {
        st->status = STATUS_NA;
        st->done_at = app->now;
        text_copy(st->done_by, sizeof st->done_by, app->signature);
        text_copy(st->reason, sizeof st->reason, reason);
        st->dirty = true;
        rc = app_save_items(app, c, err);
    }
    case_detail_free(c);
    return app_finish(app, rc, err);
}

/* ---- timeline and follow-ups --------------------------------------------------------- */

/* Adds a timeline entry, lets the engine react, saves: welfare contacts and victim updates. */
static int add_entry(struct app *app, const char *ref, const char *what, struct timeline_entry *t,
                     void (*react)(struct case_detail *, oph_time, const struct plan_ctx *),
                     struct oph_error *err)
{
    if (app_begin(app, err, "%s",
                  t->kind == TL_WELFARE         ? "welfare add"
                  : t->kind == TL_VICTIM_UPDATE ? "victim update"
                                                : "note add"))
        return -1;
    struct case_detail *c = app_load_case_new(app, ref, err);
    if (!c)
        return app_finish(app, -1, err);
    struct plan_ctx px = plan_of(app);
    int rc = check_event_time(what, t->at, c, app->now, err);
    if (rc == 0)
        rc = store_timeline_insert(app->store, c->id, t, err);
    if (rc == 0 && react) {
        react(c, t->at, &px);
        rc = app_save_items(app, c, err);
    }
    case_detail_free(c);
    return app_finish(app, rc, err);
}

int app_welfare_add(struct app *app, const char *ref, enum welfare_method m, const char *note,
                    oph_time at, struct oph_error *err)
{
    if ((unsigned)m >= WM_COUNT)
        return oph_fail(err, OPH_INVALID, "unknown welfare contact method");
    if (check_text("note", note, MAX_TEXT, TEXT_REQUIRED | TEXT_MULTILINE, err))
        return -1;
    struct timeline_entry t = {.kind = TL_WELFARE, .at = at == OPH_NO_TIME ? app->now : at};
    text_copy(t.label, sizeof t.label, VOCAB_WELFARE_METHOD.names[m]);
    text_copy(t.text, sizeof t.text, note);
    return add_entry(app, ref, "welfare contact", &t, wf_welfare_contact, err);
}

int app_victim_update(struct app *app, const char *ref, const char *note, oph_time at,
                      struct oph_error *err)
{
    if (check_text("note", note, MAX_TEXT, TEXT_REQUIRED | TEXT_MULTILINE, err))
        return -1;
    struct timeline_entry t = {.kind = TL_VICTIM_UPDATE, .at = at == OPH_NO_TIME ? app->now : at};
    text_copy(t.text, sizeof t.text, note);
    return add_entry(app, ref, "victim update", &t, wf_victim_update, err);
}

int app_note_add(struct app *app, const char *ref, const char *text, struct oph_error *err)
{
    if (check_text("note", text, MAX_TEXT, TEXT_REQUIRED | TEXT_MULTILINE, err))
        return -1;
    struct timeline_entry t = {.kind = TL_NOTE, .at = app->now};
    text_copy(t.text, sizeof t.text, text);
    return add_entry(app, ref, "note", &t, NULL, err);
}

static int finish_followup(struct app *app, const char *ref, int number, enum item_status to,
                           oph_time at, const char *text, int route, const char *reference,
                           struct oph_error *err)
{
    if (app_begin(app, err, "followup %s #%d", to == STATUS_DONE ? "done" : "na", number))
        return -1;
    struct case_detail *c = app_load_case_new(app, ref, err);
    if (!c)
        return app_finish(app, -1, err);
    int rc = 0;
    struct followup *f = NULL;
    for (int i = 0; i < c->n_followups; i++)
        if (c->followups[i].number == number)
            f = &c->followups[i];
    if (!f)
        rc = oph_fail_at(err, OPH_REFUSED, OPH_FIELD_ITEM, OPH_RULE_NOT_FOUND,
                         "case %s has no follow-up #%d", c->reference, number);
    else if (f->status != STATUS_PENDING)
        rc = oph_fail_at(err, OPH_REFUSED, OPH_FIELD_ITEM, OPH_RULE_ALREADY,
                         "follow-up #%d is already %s", number, VOCAB_STATUS.names[f->status]);
    if (rc == 0 && to == STATUS_DONE)
        rc = check_event_time("done", at, c, app->now, err);
    if (rc == 0)
        rc = wf_followup_ready(f, to, route, reference, err);
    if (rc)
        oph_error_item(err, OPH_ITEM_FOLLOWUP, number);
    if (rc == 0) {
        struct plan_ctx px = plan_of(app);
        f->route = route;
        text_copy(f->reference, sizeof f->reference, reference);
        wf_followup_finish(c, f, to, to == STATUS_DONE ? at : app->now, text, &px);
        rc = app_save_items(app, c, err);
    }
    case_detail_free(c);
    return app_finish(app, rc, err);
}

int app_followup_done(struct app *app, const char *ref, int number, oph_time at, const char *note,
                      struct oph_error *err)
{
    return app_followup_report(app, ref, number, at, note, -1, NULL, err);
}

int app_followup_report(struct app *app, const char *ref, int number, oph_time at, const char *note,
                        int route, const char *reference, struct oph_error *err)
{
    int bad = check_text("note", note, MAX_TEXT, TEXT_MULTILINE, err) ||
              check_text("HSE reference", reference, MAX_HSE_REF, 0, err);
    if (!bad && route >= (int)ROUTE_COUNT)
        bad = oph_fail(err, OPH_INVALID, "unknown reporting route");
    if (bad) {
        oph_error_item(err, OPH_ITEM_FOLLOWUP, number);
        return -1;
    }
    return finish_followup(app, ref, number, STATUS_DONE, at == OPH_NO_TIME ? app->now : at, note,
                           route, reference, err);
}

int app_followup_na(struct app *app, const char *ref, int number, const char *reason,
                    struct oph_error *err)
{
    if (check_text("reason", reason, MAX_TEXT, TEXT_REQUIRED | TEXT_MULTILINE, err)) {
        oph_error_item(err, OPH_ITEM_FOLLOWUP, number);
        return -1;
    }
    return finish_followup(app, ref, number, STATUS_NA, app->now, reason, -1, NULL, err);
}

/* ---- evidence ------------------------------------------------------------------------ */

int app_evidence_add(struct app *app, const char *ref, enum evidence_kind kind,
                     enum evidence_status status, const char *ext_ref, const char *reason,
                     int *number_out, struct oph_error *err)
{
    app->notice[0] = '\0';
    if ((unsigned)kind >= EV_KIND_COUNT || (unsigned)status >= EVS_COUNT)
        return oph_fail(err, OPH_INVALID, "unknown evidence kind or status");
    if (check_text("evidence reference", ext_ref, MAX_SHORT, 0, err) ||
        check_evidence_reason(status, reason, err) ||
        app_begin(app, err, "evidence add %s", VOCAB_EVIDENCE_KIND.names[kind]))
        return -1;
    struct case_detail *c = app_load_case_new(app, ref, err);
    if (!c)
        return app_finish(app, -1, err);
    int rc = 0;
    if (c->closed)
        rc = oph_fail_at(err, OPH_REFUSED, OPH_FIELD_CASE, OPH_RULE_CLOSED, "case %s is closed",
                         c->reference);
    if (rc == 0) {
        struct plan_ctx px = plan_of(app);
        c->evidence =
            record_grow(c->evidence, c->n_evidence, &c->cap_evidence, sizeof *c->evidence);
        struct evidence_item *e = &c->evidence[c->n_evidence++];
        memset(e, 0, sizeof *e);
        e->number = wf_next_number(c, DUE_EVIDENCE);
        e->kind = kind;
        e->status = status;
        text_copy(e->ref, sizeof e->ref, ext_ref);
        text_copy(e->reason, sizeof e->reason, reason);
        e->created_at = e->updated_at = app->now;
        e->due_at = wf_due(&px, rule_key_evidence(kind), c, app->now);
        wf_evidence_changed(c, e, &px, app->notice, sizeof app->notice);
        rc = app_save_items(app, c, err);
        if (rc == 0 && number_out)
            *number_out = e->number;
    }
    case_detail_free(c);
    rc = app_finish(app, rc, err);
    if (rc)
        app->notice[0] = '\0';
    return rc;
}

int app_evidence_update(struct app *app, const char *ref, int number, enum evidence_status status,
                        const char *reason, struct oph_error *err)
{
    app->notice[0] = '\0';
    int bad = (unsigned)status >= EVS_COUNT ? oph_fail(err, OPH_INVALID, "unknown evidence status")
                                            : check_evidence_reason(status, reason, err);
    if (bad) {
        oph_error_item(err, OPH_ITEM_EVIDENCE, number);
        return -1;
    }
    if (app_begin(app, err, "evidence update #%d %s", number, VOCAB_EVIDENCE_STATUS.names[status]))
        return -1;
    struct case_detail *c = app_load_case_new(app, ref, err);
    if (!c)
        return app_finish(app, -1, err);
    int rc = 0;
    struct evidence_item *e = NULL;
    for (int i = 0; i < c->n_evidence; i++)
        if (c->evidence[i].number == number)
            e = &c->evidence[i];
    if (!e)
        rc = oph_fail_at(err, OPH_REFUSED, OPH_FIELD_ITEM, OPH_RULE_NOT_FOUND,
                         "case %s has no evidence item #%d", c->reference, number);
    else if (c->closed)
        rc = oph_fail_at(err, OPH_REFUSED, OPH_FIELD_CASE, OPH_RULE_CLOSED, "case %s is closed",
                         c->reference);
    if (rc)
        oph_error_item(err, OPH_ITEM_EVIDENCE, number);
    if (rc == 0) {
        struct plan_ctx px = plan_of(app);
        e->status = status;
        text_copy(e->reason, sizeof e->reason, status == EVS_NOT_AVAILABLE ? reason : "");
        e->updated_at = app->now;
        e->dirty = true;
        wf_evidence_changed(c, e, &px, app->notice, sizeof app->notice);
        wf_recompute(c, &px);
        rc = app_save_items(app, c, err);
    }
    case_detail_free(c);
    rc = app_finish(app, rc, err);
    if (rc)
        app->notice[0] = '\0';
    return rc;
}
