/* The seven-point plan's engine: steps and follow-ups of a case and their due times, changed
 * in memory and marked dirty for the caller to save. */
#include "ophamp/workflow.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ophamp/text.h"
#include "workflow_internal.h"

oph_time wf_due(const struct plan_ctx *px, const char *rule_key, const struct case_detail *c,
                oph_time event_at)
{
    struct due_basis b = {c->facts.reported_at, c->facts.occurred_at, event_at};
    const struct rule *r = rule_set_find(px->rules, rule_key);
    if (!r) /* a rule row removed by hand: fall back to a day, never to "no due time" */
        return cal_add_hours(c->facts.reported_at, 24);
    return rule_due(r, &b, px->cal);
}

int wf_next_number(const struct case_detail *c, enum due_kind kind)
{
    int most = 0;
    if (kind == DUE_FOLLOWUP) {
        for (int i = 0; i < c->n_followups; i++)
            most = c->followups[i].number > most ? c->followups[i].number : most;
    } else {
        for (int i = 0; i < c->n_evidence; i++)
            most = c->evidence[i].number > most ? c->evidence[i].number : most;
    }
    return most + 1;
}

struct followup *wf_add_followup(struct case_detail *c, enum followup_kind kind, const char *rule,
                                 oph_time event_at, oph_time due_at)
{
    c->followups =
        record_grow(c->followups, c->n_followups, &c->cap_followups, sizeof *c->followups);
    struct followup *f = &c->followups[c->n_followups++];
    /* Field by field: the text buffers are large, and empty is one byte. */
    f->id = 0;
    f->number = wf_next_number(c, DUE_FOLLOWUP);
    f->reason[0] = f->note[0] = f->done_by[0] = f->reference[0] = '\0';
    f->route = -1;
    f->kind = kind;
    text_copy(f->rule, sizeof f->rule, rule);
    f->event_at = event_at;
    f->due_at = due_at;
    f->status = STATUS_PENDING;
    f->done_at = OPH_NO_TIME;
    f->dirty = true;
    return f;
}

/* f done or not applicable at `at` by the action's signer (px->actor), with text. */
static void followup_finish(struct followup *f, enum item_status st, oph_time at, const char *text,
                            const struct plan_ctx *px)
{
    f->status = st;
    f->done_at = at;
    text_copy(st == STATUS_NA ? f->reason : f->note,
              st == STATUS_NA ? sizeof f->reason : sizeof f->note, text);
    text_copy(f->done_by, sizeof f->done_by, px->actor ? px->actor : "");
    f->dirty = true;
}

static struct followup *pending_followup(struct case_detail *c, const char *rule)
{
    for (int i = 0; i < c->n_followups; i++) {
        struct followup *f = &c->followups[i];
        if (f->status == STATUS_PENDING && strcmp(f->rule, rule) == 0)
            return f;
    }
    return NULL;
}

static bool has_pending_kind(const struct case_detail *c, enum followup_kind kind)
{
    for (int i = 0; i < c->n_followups; i++)
        if (c->followups[i].status == STATUS_PENDING && c->followups[i].kind == kind)
            return true;
    return false;
}

void notice_add(char *notice, size_t size, const char *fmt, ...)
{
    if (!notice || size == 0)
        return;
    size_t o = strnlen(notice, size - 1);
    if (o && o + 1 < size)
        notice[o++] = '\n';
    notice[o] = '\0';
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(notice + o, size - o, fmt, ap);
    va_end(ap);
}

/* Copies at most max_chars characters (code points) of valid UTF-8 s, whole, into out. */
static void copy_chars(char *out, size_t outsz, const char *s, size_t max_chars)
{
    size_t o = 0, n = 0;
    while (s[o] && n < max_chars) {
        size_t k = 1;
        while ((s[o + k] & 0xC0) == 0x80)
            k++;
        if (o + k >= outsz)
            break;
        o += k;
        n++;
    }
    memcpy(out, s, o);
    out[o] = '\0';
}

/* A step done or not applicable is pending again, due by its rule, because of `why`: its
 * note says why, and keeps the reason it was not applicable; a line goes to notice. */
static void step_reopen(struct case_detail *c, enum step_code code, const char *why,
                        const struct plan_ctx *px, char *notice, size_t size)
{
    struct step *st = &c->steps[code];
    bool was_na = st->status == STATUS_NA;
    int k = snprintf(st->note, sizeof st->note, "reopened: %s%s", why,
                     was_na ? "; it had been marked not applicable: " : "");
    /* The note holds 4000 characters: the reason is cut to leave room for the words. */
    if (was_na && k > 0 && (size_t)k < sizeof st->note)
        copy_chars(st->note + k, sizeof st->note - (size_t)k, st->reason, MAX_TEXT - 300);
    st->status = STATUS_PENDING;
    st->done_at = OPH_NO_TIME;
    st->done_by[0] = st->reason[0] = '\0';
    st->due_at = wf_due(px, VOCAB_STEP.names[code], c, OPH_NO_TIME);
    st->dirty = true;
    char due[OPH_ZONED_LEN];
    time_format_zoned(st->due_at, due);
    notice_add(notice, size, "step %s is pending again, due %s: %s%s", VOCAB_STEP.names[code], due,
               why, was_na ? " (it had been marked not applicable)" : "");
}

static bool has_rule(const struct case_detail *c, const char *rule)
{
    for (int i = 0; i < c->n_followups; i++)
        if (strcmp(c->followups[i].rule, rule) == 0)
            return true;
    return false;
}

/* The force's own follow-ups that `start` raises (rules not removed), each once a case, counted
 * from event_at (OPH_NO_TIME: the rule's base, the report or the assault). */
static void raise_force(struct case_detail *c, const struct plan_ctx *px, enum rule_start start,
                        oph_time event_at)
{
    for (int i = 0; i < px->rules->n; i++) {
        const struct rule *r = &px->rules->rules[i];
        if (r->starts == (int)start && r->removed_at == OPH_NO_TIME && !has_rule(c, r->key))
            wf_add_followup(c, FU_FORCE, r->key, event_at, wf_due(px, r->key, c, event_at));
    }
}

void wf_start(struct case_detail *c, const struct plan_ctx *px)
{
    for (int s = 0; s < STEP_COUNT; s++) {
        struct step *st = &c->steps[s];
        /* Field by field: the text buffers are large, and empty is one byte. */
        st->done_by[0] = st->reason[0] = st->note[0] = '\0';
        st->code = (enum step_code)s;
        st->status = STATUS_PENDING;
        st->done_at = st->victim_signed_at = st->supervisor_signed_at = OPH_NO_TIME;
        st->due_at = wf_due(px, VOCAB_STEP.names[s], c, OPH_NO_TIME);
        st->dirty = true;
    }
    wf_add_followup(c, FU_WELFARE, "welfare-72h", OPH_NO_TIME,
                    wf_due(px, "welfare-72h", c, OPH_NO_TIME));
    wf_add_followup(c, FU_WELFARE, "welfare-28d", OPH_NO_TIME,
                    wf_due(px, "welfare-28d", c, OPH_NO_TIME));
    wf_add_followup(c, FU_VICTIM_UPDATE, "victim-update", c->facts.reported_at,
                    wf_due(px, "victim-update", c, c->facts.reported_at));
    if (!px->closed_already) {
        /* The line managers' duties (OSSR rec. 21), counted from the report. */
        static const char *const duties[] = {"inspector-told", "welfare-officer", "senior-leader",
                                             "management-meeting"};
        for (size_t i = 0; i < sizeof duties / sizeof *duties; i++)
            wf_add_followup(c, FU_DUTY, duties[i], OPH_NO_TIME, 0);
        if (wf_iod_needed(&c->facts))
            wf_add_followup(c, FU_DUTY, "injury-confirmed", OPH_NO_TIME, 0);
        /* The force's own follow-ups: every case, and the facts known when it is logged. */
        raise_force(c, px, START_CASE, OPH_NO_TIME);
        if (c->facts.treatment >= TREAT_HOSPITAL)
            raise_force(c, px, START_HOSPITAL, c->facts.reported_at);
        if (c->facts.off_work)
            raise_force(c, px, START_OFF_WORK, c->facts.reported_at);
    }
    wf_recompute(c, px); /* the due times of what was just raised */
}

static bool is_victim_decision_rule(const char *rule)
{
    return strcmp(rule, "victim-decision") == 0 || strcmp(rule, "victim-decision-enhanced") == 0;
}

/* RIDDOR follow-up raised, re-ruled or withdrawn as the injury facts change. A death is
 * reported at once, counted from the time of death: a report of the injury still pending becomes
 * the report of the death; one already made stays made, and the death is reported as well (the
 * regulator is told of a death that follows a reported injury). */
static void recompute_riddor(struct case_detail *c, const struct plan_ctx *px)
{
    const struct case_facts *f = &c->facts;
    bool died = f->died_at != OPH_NO_TIME;
    const char *rule = died ? "riddor-death" : rule_key_riddor(f->specified_injury);
    oph_time event = died ? f->died_at : OPH_NO_TIME;
    struct followup *pending = NULL;
    bool reported = false; /* a report made stays made; a withdrawn one may be due again */
    for (int i = 0; i < c->n_followups; i++) {
        const struct followup *x = &c->followups[i];
        if (x->kind != FU_RIDDOR)
            continue;
        /* An injury reported does not report a death that follows it. */
        reported |= x->status == STATUS_DONE && (!died || strcmp(x->rule, "riddor-death") == 0);
        if (x->status == STATUS_PENDING)
            pending = &c->followups[i];
    }
    if (died || riddor_reportable(f->days_off, f->specified_injury)) {
        if (!reported && !pending) {
            wf_add_followup(c, FU_RIDDOR, rule, event, 0);
        } else if (pending && (strcmp(pending->rule, rule) != 0 || pending->event_at != event)) {
            text_copy(pending->rule, sizeof pending->rule, rule);
            pending->event_at = event;
            pending->dirty = true;
        }
    } else if (pending) {
        followup_finish(pending, STATUS_NA, px->now,
                        "no longer reportable: not more than 7 days off, no specified injury and "
                        "no death",
                        px);
    }
}

/* The latest welfare contact: one recorded on the timeline or a welfare follow-up done at
 * its time. A welfare follow-up marked not applicable stands for a check skipped at its due
 * time (or when it was marked, if that was earlier): a check skipped late does not count as
 * made today. OPH_NO_TIME when there has been none. */
static oph_time last_welfare_contact(const struct case_detail *c)
{
    oph_time last = OPH_NO_TIME;
    for (int i = 0; i < c->n_timeline; i++)
        if (c->timeline[i].kind == TL_WELFARE && c->timeline[i].at > last)
            last = c->timeline[i].at;
    for (int i = 0; i < c->n_followups; i++) {
        const struct followup *f = &c->followups[i];
        if (f->kind != FU_WELFARE || f->status == STATUS_PENDING)
            continue;
        oph_time at = f->done_at;
        if (f->status == STATUS_NA && f->due_at < at)
            at = f->due_at;
        if (at > last)
            last = at;
    }
    return last;
}

/* Welfare follow-ups every 28 days while the person is off work injured, each counted from
 * the last welfare contact (from the report when there has been none: the rule's event is
 * then missing, and rule_due counts from the report), never from the clock. */
static void recompute_off_work(struct case_detail *c, const struct plan_ctx *px)
{
    if (c->facts.off_work) {
        if (!has_pending_kind(c, FU_WELFARE))
            wf_add_followup(c, FU_WELFARE, "welfare-off-work", last_welfare_contact(c), 0);
    } else {
        struct followup *f;
        while ((f = pending_followup(c, "welfare-off-work")) != NULL)
            followup_finish(f, STATUS_NA, px->now, "back at work", px);
    }
}

void wf_recompute(struct case_detail *c, const struct plan_ctx *px)
{
    recompute_riddor(c, px);
    recompute_off_work(c, px);
    const char *decision_rule = rule_key_victim_decision(c->facts.enhanced_rights == TRI_YES);
    for (int s = 0; s < STEP_COUNT; s++) {
        struct step *st = &c->steps[s];
        if (st->status != STATUS_PENDING)
            continue;
        oph_time due = wf_due(px, VOCAB_STEP.names[s], c, OPH_NO_TIME);
        if (due != st->due_at) {
            st->due_at = due;
            st->dirty = true;
        }
    }
    for (int i = 0; i < c->n_followups; i++) {
        struct followup *f = &c->followups[i];
        if (f->status != STATUS_PENDING)
            continue;
        if (is_victim_decision_rule(f->rule) && strcmp(f->rule, decision_rule) != 0) {
            text_copy(f->rule, sizeof f->rule, decision_rule);
            f->dirty = true;
        }
        oph_time due = wf_due(px, f->rule, c, f->event_at);
        if (due != f->due_at) {
            f->due_at = due;
            f->dirty = true;
        }
    }
    for (int i = 0; i < c->n_evidence; i++) {
        struct evidence_item *e = &c->evidence[i];
        if (e->status != EVS_REQUESTED)
            continue;
        oph_time due = wf_due(px, rule_key_evidence(e->kind), c, e->created_at);
        if (due != e->due_at) {
            e->due_at = due;
            e->dirty = true;
        }
    }
}

bool wf_iod_needed(const struct case_facts *f)
{
    return f->injury != INJURY_NONE || f->specified_injury || f->days_off > 0 || f->off_work ||
           f->treatment > TREAT_NONE || f->mechanism == MECH_SPIT;
}

/* Why the facts call for an injury-on-duty report, in words: the first reason that holds. */
static void iod_why(const struct case_facts *f, char *out, size_t outsz)
{
    if (f->injury != INJURY_NONE)
        snprintf(out, outsz, "the injury is now %s", VOCAB_INJURY.names[f->injury]);
    else if (f->specified_injury)
        snprintf(out, outsz, "a specified injury is recorded");
    else if (f->days_off > 0)
        snprintf(out, outsz, "%d day%s off work %s recorded", f->days_off,
                 f->days_off == 1 ? "" : "s", f->days_off == 1 ? "is" : "are");
    else if (f->off_work)
        snprintf(out, outsz, "the person is off work injured");
    else if (f->treatment > TREAT_NONE)
        snprintf(out, outsz, "the treatment is now %s", VOCAB_TREATMENT.names[f->treatment]);
    else
        snprintf(out, outsz, "the mechanism is now spit (possible work-related ill health)");
}

static bool victim_ever_updated(const struct case_detail *c)
{
    for (int i = 0; i < c->n_timeline; i++)
        if (c->timeline[i].kind == TL_VICTIM_UPDATE)
            return true;
    for (int i = 0; i < c->n_followups; i++)
        if (c->followups[i].kind == FU_VICTIM_UPDATE && c->followups[i].status == STATUS_DONE)
            return true;
    return false;
}

void wf_facts_changed(struct case_detail *c, const struct case_facts *old,
                      const struct plan_ctx *px, char *notice, size_t size)
{
    /* The first regular victim update counts from the report (wf_start): a corrected report
     * time moves it, until the victim has been updated and the updates count from that. */
    if (old->reported_at != c->facts.reported_at && !victim_ever_updated(c))
        for (int i = 0; i < c->n_followups; i++) {
            struct followup *f = &c->followups[i];
            if (f->status == STATUS_PENDING && strcmp(f->rule, "victim-update") == 0 &&
                f->event_at == old->reported_at) {
                f->event_at = c->facts.reported_at;
                f->dirty = true;
            }
        }
    /* Step iod marked not applicable while nothing called for the report: the first fact
     * that does makes it pending again. One marked not applicable although the facts
     * already called for it was the user's judgement of those facts, and stays. */
    if (!c->closed && c->steps[STEP_IOD].status == STATUS_NA && !wf_iod_needed(old) &&
        wf_iod_needed(&c->facts)) {
        char why[128];
        iod_why(&c->facts, why, sizeof why);
        step_reopen(c, STEP_IOD, why, px, notice, size);
    }
    if (!c->closed) {
        /* The second-line manager confirms an injury assessment once there is an injury to
         * assess, and has none to confirm once the facts say there is none. */
        bool needed = wf_iod_needed(&c->facts), done = false;
        struct followup *confirm = pending_followup(c, "injury-confirmed");
        for (int i = 0; i < c->n_followups; i++)
            done |= c->followups[i].status == STATUS_DONE &&
                    strcmp(c->followups[i].rule, "injury-confirmed") == 0;
        /* Withdrawn before, it is due again; confirmed once, it stays confirmed. */
        if (needed && !wf_iod_needed(old) && !confirm && !done)
            wf_add_followup(c, FU_DUTY, "injury-confirmed", OPH_NO_TIME, 0);
        else if (!needed && confirm)
            followup_finish(confirm, STATUS_NA, px->now,
                            "no injury to assess any more: the facts were corrected", px);
        /* The force's own follow-ups raised by these facts, counted from when they were
         * recorded. */
        if (c->facts.treatment >= TREAT_HOSPITAL && old->treatment < TREAT_HOSPITAL)
            raise_force(c, px, START_HOSPITAL, px->now);
        if (c->facts.off_work && !old->off_work)
            raise_force(c, px, START_OFF_WORK, px->now);
    }
    wf_recompute(c, px);
}

void wf_followup_finish(struct case_detail *c, struct followup *f, enum item_status to, oph_time at,
                        const char *text, const struct plan_ctx *px)
{
    f->status = to;
    f->done_at = at;
    if (to == STATUS_NA)
        text_copy(f->reason, sizeof f->reason, text);
    else if (text)
        text_copy(f->note, sizeof f->note, text);
    text_copy(f->done_by, sizeof f->done_by, px->actor ? px->actor : "");
    f->dirty = true;
    /* f may move from here on: adding a follow-up grows the array. */
    bool welfare = f->kind == FU_WELFARE;
    /* Regular updates every 28 days while the case is open, counted from the last one. */
    if (to == STATUS_DONE && strcmp(f->rule, "victim-update") == 0 && !c->closed &&
        !pending_followup(c, "victim-update"))
        wf_add_followup(c, FU_VICTIM_UPDATE, "victim-update", at,
                        wf_due(px, "victim-update", c, at));
    if (welfare && c->facts.off_work)
        wf_recompute(c, px); /* the next check while off work, from the last contact */
}

void wf_role_assigned(struct case_detail *c, enum case_role role, oph_time at,
                      const struct plan_ctx *px)
{
    /* Naming a welfare officer is the second-line manager's duty done (OSSR rec. 21). */
    struct followup *duty = pending_followup(c, "welfare-officer");
    if (role == CROLE_WELFARE_OFFICER && duty) {
        char note[TXT(MAX_NAME) + TXT(MAX_NUMBER) + 48];
        const struct role_holder *h = &c->roles[CROLE_WELFARE_OFFICER];
        snprintf(note, sizeof note, "welfare officer appointed: %s%s%s%s", h->name,
                 h->name[0] ? " (" : "", h->number, h->name[0] ? ")" : "");
        followup_finish(duty, STATUS_DONE, at, note, px);
    }
    struct step *st = &c->steps[STEP_INVESTIGATOR];
    /* Point (c) is met the moment both are named. */
    if (st->status != STATUS_PENDING || !c->roles[CROLE_INVESTIGATOR].set ||
        !c->roles[CROLE_STATEMENT_TAKER].set)
        return;
    st->status = STATUS_DONE;
    st->done_at = at;
    text_copy(st->done_by, sizeof st->done_by, px->actor);
    text_copy(st->note, sizeof st->note, "investigator and statement taker assigned");
    st->dirty = true;
}

void wf_welfare_contact(struct case_detail *c, oph_time at, const struct plan_ctx *px)
{
    struct step *st = &c->steps[STEP_WELFARE];
    if (st->status == STATUS_PENDING) {
        st->status = STATUS_DONE;
        st->done_at = at;
        text_copy(st->done_by, sizeof st->done_by, px->actor);
        text_copy(st->note, sizeof st->note, "first welfare contact recorded");
        st->dirty = true;
    } else if (at > st->done_at) {
        /* Later contacts answer the earliest welfare follow-up that is waiting; one made at
         * or before the first contact is part of that first contact, not a follow-up. */
        struct followup *first = NULL;
        for (int i = 0; i < c->n_followups; i++) {
            struct followup *f = &c->followups[i];
            if (f->kind == FU_WELFARE && f->status == STATUS_PENDING &&
                (!first || f->due_at < first->due_at))
                first = f;
        }
        if (first)
            followup_finish(first, STATUS_DONE, at, "welfare contact", px);
    }
    if (c->facts.off_work && !has_pending_kind(c, FU_WELFARE)) {
        /* This contact is not on the loaded timeline yet: the later of it and the last. */
        oph_time last = last_welfare_contact(c);
        if (last < at)
            last = at;
        wf_add_followup(c, FU_WELFARE, "welfare-off-work", last,
                        wf_due(px, "welfare-off-work", c, last));
    }
}

void wf_victim_update(struct case_detail *c, oph_time at, const struct plan_ctx *px)
{
    for (int i = 0; i < c->n_followups; i++) {
        struct followup *f = &c->followups[i];
        if ((f->kind == FU_VICTIM_UPDATE || f->kind == FU_OUTCOME_NOTICE) &&
            f->status == STATUS_PENDING && (f->event_at == OPH_NO_TIME || f->event_at <= at))
            followup_finish(f, STATUS_DONE, at, "victim updated", px);
    }
    if (!c->closed && !pending_followup(c, "victim-update"))
        wf_add_followup(c, FU_VICTIM_UPDATE, "victim-update", at,
                        wf_due(px, "victim-update", c, at));
}

void wf_decision(struct case_detail *c, oph_time at, const struct plan_ctx *px)
{
    const char *rule = rule_key_victim_decision(c->facts.enhanced_rights == TRI_YES);
    wf_add_followup(c, FU_VICTIM_UPDATE, rule, at, wf_due(px, rule, c, at));
}

void wf_outcome(struct case_detail *c, oph_time at, const struct plan_ctx *px)
{
    if (!outcome_not_prosecuted(c->outcome)) {
        wf_add_followup(c, FU_OUTCOME_NOTICE, "outcome-notice", at,
                        wf_due(px, "outcome-notice", c, at));
    } else {
        /* A decision not to prosecute opens the victim's window to ask for a review; the
         * notice tells them of it, and until when. */
        c->review_until = wf_due(px, "review-window", c, at);
        struct followup *f = wf_add_followup(c, FU_OUTCOME_NOTICE, "outcome-notice-review", at,
                                             wf_due(px, "outcome-notice-review", c, at));
        char until[OPH_ZONED_LEN];
        time_format_zoned(c->review_until, until);
        snprintf(f->note, sizeof f->note,
                 "tell the victim of the decision not to prosecute, the reasons, and their right "
                 "to ask for a review until %s",
                 until);
    }
    if (!px->closed_already)
        raise_force(c, px, START_OUTCOME, at);
}

void wf_evidence_changed(struct case_detail *c, const struct evidence_item *e,
                         const struct plan_ctx *px, char *notice, size_t size)
{
    struct step *st = &c->steps[STEP_EVIDENCE];
    if (c->closed)
        return;
    if (e->status == EVS_REQUESTED) {
        /* Best evidence means every item: one still to secure reopens the step, also one
         * marked not applicable (its reason is kept in the note). */
        if (st->status == STATUS_PENDING)
            return;
        char why[96];
        if (e->id)
            snprintf(why, sizeof why, "evidence item #%lld (%s) is requested again",
                     (long long)e->id, VOCAB_EVIDENCE_KIND.names[e->kind]);
        else
            snprintf(why, sizeof why, "a new evidence item (%s) is requested",
                     VOCAB_EVIDENCE_KIND.names[e->kind]);
        step_reopen(c, STEP_EVIDENCE, why, px, notice, size);
        return;
    }
    if (st->status != STATUS_PENDING)
        return;
    for (int i = 0; i < c->n_evidence; i++)
        if (c->evidence[i].status == EVS_REQUESTED)
            return;
    st->status = STATUS_DONE;
    st->done_at = px->now;
    text_copy(st->done_by, sizeof st->done_by, px->actor);
    text_copy(st->note, sizeof st->note,
              "every evidence item is secured, submitted or not available");
    st->dirty = true;
    notice_add(notice, size,
               "step evidence is done: every evidence item is secured, submitted or not "
               "available");
}

void wf_close(struct case_detail *c, oph_time at, const struct plan_ctx *px)
{
    c->closed = true;
    c->closed_at = at;
    /* Regular updates are owed while the case is open; decision and outcome notices stay. */
    struct followup *f;
    while ((f = pending_followup(c, "victim-update")) != NULL)
        followup_finish(f, STATUS_NA, at, "case closed", px);
}
