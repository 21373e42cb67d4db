/* One demo case built whole: its facts and steps, follow-ups and duties in due order, the
 * outcome and closing, then saved the way the actions save one. */
#include "ophamp/app.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demo_internal.h"
#include "ophamp/text.h"
#include "ophamp/workflow.h"

#define OPEN_WINDOW (120 * DAY) /* cases reported earlier than this are all closed */
#define STALLED_SHARE 0.13      /* recent cases still waiting for an outcome */

/* Follow-ups are done close to their due time (a 28-day check is not done on day 3). */
static oph_time plan_followup(struct rng *r, oph_time from, oph_time due, double late)
{
    if (chance(r, late))
        return (due > from ? due : from) + between(r, HOUR, 3 * DAY);
    oph_time window = (due - from) / 3;
    if (window > 2 * DAY)
        window = 2 * DAY;
    oph_time t = due - between(r, 0, window);
    return t > from ? t : from;
}

static int pick_outcome(struct rng *r, const struct case_facts *f)
{
    static const int unknown_w[] = {[OUT_NFA_EVIDENTIAL] = 10, [OUT_NOT_IDENTIFIED] = 90};
    static const int arrested_w[] = {
        [OUT_CHARGED] = 62,  [OUT_SUMMONSED] = 3,       [OUT_CAUTIONED] = 8,
        [OUT_COMMUNITY] = 6, [OUT_NFA_EVIDENTIAL] = 12, [OUT_NFA_PUBLIC_INTEREST] = 3,
        [OUT_NFA_VICTIM] = 6};
    static const int known_w[] = {
        [OUT_CHARGED] = 10,   [OUT_SUMMONSED] = 35,      [OUT_CAUTIONED] = 8,
        [OUT_COMMUNITY] = 10, [OUT_NFA_EVIDENTIAL] = 20, [OUT_NFA_PUBLIC_INTEREST] = 5,
        [OUT_NFA_VICTIM] = 12};
    if (f->offender_known != TRI_YES)
        return WEIGHTED(r, unknown_w);
    return f->arrested_at != OPH_NO_TIME ? WEIGHTED(r, arrested_w) : WEIGHTED(r, known_w);
}

static const char *closing_note(int outcome)
{
    switch (outcome) {
    case OUT_CHARGED:
    case OUT_SUMMONSED:
        return "Offender charged or summonsed; victim given the court date.";
    case OUT_CAUTIONED:
    case OUT_COMMUNITY:
        return "Out-of-court disposal agreed with the victim's views taken into account.";
    case OUT_NOT_IDENTIFIED:
        return "All lines of enquiry exhausted; offender not identified.";
    default:
        return "No further action; victim told of the right to review.";
    }
}

/* The line managers' duties and the force's own follow-ups: done on their own (duties_do). */
static bool is_duty(const struct followup *f)
{
    return f->kind == FU_DUTY || f->kind == FU_FORCE;
}

/* The earliest pending follow-up (not a duty), or NULL. */
static struct followup *next_followup(struct case_detail *c)
{
    struct followup *first = NULL;
    for (int i = 0; i < c->n_followups; i++) {
        struct followup *f = &c->followups[i];
        if (f->status == STATUS_PENDING && !is_duty(f) && (!first || f->due_at < first->due_at))
            first = f;
    }
    return first;
}

/* The duties of OSSR rec. 21 (and any force's own follow-ups), each done near its due time if
 * that has come, by the line manager: a welfare officer appointed for a serious injury or
 * someone off work, otherwise none needed. */
static void duties_do(struct demo *dm, struct case_detail *c, struct holders *h)
{
    static const struct {
        const char *rule, *note;
    } notes[] = {
        {"inspector-told", "Duty inspector told by phone."},
        {"injury-confirmed", "Injury assessment reviewed with the supervisor and confirmed."},
        {"senior-leader", "Local senior leader told at the morning meeting."},
        {"management-meeting", "Added to the next district management meeting."},
    };
    struct rng *r = &dm->rng;
    const struct pool *p = &dm->pool;
    for (int i = 0; i < c->n_followups; i++) {
        struct followup *f = &c->followups[i];
        if (f->status != STATUS_PENDING || !is_duty(f))
            continue;
        oph_time from = f->event_at != OPH_NO_TIME ? f->event_at : c->created_at;
        oph_time t = plan_followup(r, from, f->due_at, 0.10);
        if (t > dm->now)
            continue;
        const char *note = "Done.";
        for (int k = 0; k < COUNT(notes); k++)
            if (strcmp(f->rule, notes[k].rule) == 0)
                note = notes[k].note;
        f->status = STATUS_DONE;
        if (strcmp(f->rule, "welfare-officer") == 0) {
            if (c->facts.injury == INJURY_SERIOUS || c->facts.off_work) {
                h->welfare_officer = demo_pick_other(r, p->officers, p->n_officers, h->victim, -1);
                demo_set_holder(c, CROLE_WELFARE_OFFICER, &p->all[h->welfare_officer]);
                note = "Welfare officer appointed.";
            } else {
                f->status = STATUS_NA;
                text_copy(f->reason, sizeof f->reason,
                          "No welfare officer needed: the supervisor's contact is enough.");
            }
        }
        f->done_at = t;
        if (f->status == STATUS_DONE)
            text_copy(f->note, sizeof f->note, note);
        text_copy(f->done_by, sizeof f->done_by, dm->actor);
        f->dirty = true;
    }
}

/* Does follow-up f at t: welfare and RIDDOR as app_followup_done does, victim updates and
 * notices through a victim update on the timeline, which the engine answers them with. */
static void followup_do(struct demo *dm, struct case_detail *c, struct followup *f, oph_time t)
{
    dm->px.now = t;
    switch (f->kind) {
    case FU_WELFARE:
    case FU_RIDDOR:
        f->status = STATUS_DONE;
        f->done_at = t;
        text_copy(f->note, sizeof f->note,
                  f->kind == FU_RIDDOR                  ? "Reported to the HSE under RIDDOR."
                  : strcmp(f->rule, "welfare-72h") == 0 ? "Trauma risk check done."
                                                        : "Welfare check done.");
        text_copy(f->done_by, sizeof f->done_by, dm->actor);
        if (f->kind == FU_RIDDOR) {
            f->route = ROUTE_ONLINE;
            snprintf(f->reference, sizeof f->reference, "RIDDOR-%08d", below(&dm->rng, 100000000));
        }
        f->dirty = true;
        if (f->kind == FU_WELFARE && c->facts.off_work)
            wf_recompute(c, &dm->px); /* the next check while off work */
        break;
    case FU_DUTY:
    case FU_FORCE:
        break; /* duties_do */
    case FU_VICTIM_UPDATE:
    case FU_OUTCOME_NOTICE:
        demo_add_entry(c, TL_VICTIM_UPDATE, t, NULL,
                       f->kind == FU_OUTCOME_NOTICE ? "Victim told of the outcome."
                       : strcmp(f->rule, "victim-update") == 0
                           ? "Victim updated: enquiries continue."
                           : "Victim told of the arrest.");
        wf_victim_update(c, t, &dm->px);
        break;
    case FU_COUNT:
        break;
    }
}

static int close_case(struct demo *dm, struct case_detail *c, oph_time at, struct oph_error *err)
{
    struct rng *r = &dm->rng;
    static const int score_w[] = {5, 10, 25, 35, 25};
    int outcome = pick_outcome(r, &c->facts);
    if (wf_can_close(c, outcome, err))
        return -1;
    dm->px.now = at;
    c->outcome = outcome;
    c->outcome_at = at;
    if (wf_no_arrest_needed(c)) {
        /* Why a known offender was not arrested (arrest is the preferred outcome). */
        static const int why_w[NOARREST_COUNT] = {
            [NOARREST_UNFIT] = 10, [NOARREST_NOT_LOCATED] = 20,    [NOARREST_VOLUNTARY] = 45,
            [NOARREST_LEFT] = 12,  [NOARREST_VICTIM_DECLINED] = 8, [NOARREST_OTHER] = 5};
        c->no_arrest_reason = WEIGHTED(r, why_w);
        if (c->no_arrest_reason == NOARREST_OTHER)
            text_copy(c->no_arrest_note, sizeof c->no_arrest_note,
                      "Offender detained under the Mental Health Act.");
    }
    wf_outcome(c, at, &dm->px);
    wf_close(c, at, &dm->px);
    text_copy(c->closing_note, sizeof c->closing_note, closing_note(outcome));
    /* Now and then the victim asks for a review of a decision not to prosecute. */
    if (outcome_not_prosecuted(outcome) && chance(r, 0.06)) {
        oph_time asked = at + between(r, 2 * DAY, 80 * DAY);
        if (asked <= dm->now) {
            c->review_asked_at = asked;
            oph_time decided = asked + between(r, 7 * DAY, 40 * DAY);
            if (decided <= dm->now) {
                c->review_result = chance(r, 0.85) ? REVIEW_UPHELD : REVIEW_OVERTURNED;
                c->review_decided_at = decided;
            }
        }
    }
    if (chance(r, 0.45))
        c->facts.support_score = 1 + WEIGHTED(r, score_w);
    return 0;
}

/* Builds case `c` occurring at `occurred`, lived through up to now: steps, follow-ups,
 * evidence, timeline and, for most, the outcome and closing. */
int demo_build_case(struct demo *dm, struct case_detail *c, struct holders *h, oph_time occurred,
                    struct oph_error *err)
{
    struct rng *r = &dm->rng;
    const struct pool *p = &dm->pool;
    const oph_time now = dm->now;

    c->id = 0;
    c->reference[0] = '\0';
    c->closed = false;
    c->outcome = -1;
    c->outcome_at = c->closed_at = OPH_NO_TIME;
    c->closing_note[0] = '\0';
    case_detail_init_extra(c);
    memset(c->roles, 0, sizeof c->roles);
    case_facts_init(&c->facts);

    h->victim = below(r, p->n);
    h->supervisor = demo_pick_other(r, p->supervisors, p->n_supervisors, h->victim, -1);
    h->investigator = h->statement_taker = h->welfare_officer = -1;
    h->second_line = demo_pick_other(r, p->supervisors, p->n_supervisors, h->victim, h->supervisor);
    const struct demo_person *v = &p->all[h->victim];
    memset(&c->victim, 0, sizeof c->victim);
    c->victim.id = v->id;
    text_copy(c->victim.number, sizeof c->victim.number, v->number);
    text_copy(c->victim.name, sizeof c->victim.name, v->name);
    c->victim.role = (enum person_role)v->role;
    demo_set_holder(c, CROLE_SUPERVISOR, &p->all[h->supervisor]);
    demo_set_holder(c, CROLE_SECOND_LINE, &p->all[h->second_line]);
    text_copy(c->facts.victim_number, sizeof c->facts.victim_number, v->number);
    text_copy(c->facts.supervisor_number, sizeof c->facts.supervisor_number,
              p->all[h->supervisor].number);

    demo_make_facts(dm, c, occurred, v->town);
    oph_time created = c->facts.reported_at + between(r, 5 * MINUTE, 90 * MINUTE);
    if (created > now) {
        /* The last hours: move the whole incident back so nothing lies in the future. */
        oph_time shift = created - now + between(r, MINUTE, 2 * HOUR);
        c->facts.occurred_at -= shift;
        c->facts.reported_at -= shift;
        if (c->facts.arrested_at != OPH_NO_TIME)
            c->facts.arrested_at -= shift;
        created -= shift;
    }
    c->created_at = created;
    if (check_case_facts(&c->facts, now, err))
        return -1;

    dm->px.now = created;
    wf_start(c, &dm->px);
    if (c->facts.arrested_at != OPH_NO_TIME) {
        demo_add_entry(c, TL_DECISION, c->facts.arrested_at, VOCAB_DECISION.names[DEC_ARREST],
                       NULL);
        wf_decision(c, c->facts.arrested_at, &dm->px);
    }

    oph_time last = created;
    int rc = demo_plan_steps(dm, c, h, created, &last, err);
    if (rc < 0)
        return -1;

    /* Most cases close some days after the last step; recent ones may still wait for a
     * charging decision. Nothing older than the open window stays open. */
    bool closing = rc == 0 && !(now - created < OPEN_WINDOW && chance(r, STALLED_SHARE));
    double u = unit(r);
    oph_time close_at = last + between(r, HOUR, 2 * DAY) + (oph_time)(45.0 * DAY * u * u * u);
    oph_time close_by = created + OPEN_WINDOW - 10 * DAY;
    if (close_at > close_by)
        close_at = last > close_by ? last : close_by;
    closing = closing && close_at <= now;

    /* Follow-ups in due order, the closing falling in between where its time comes. */
    oph_time clock = created; /* time moves forward only: each event after the one before */
    for (int guard = 0; guard < 64; guard++) {
        struct followup *f = next_followup(c);
        oph_time t = OPH_NO_TIME;
        if (f) {
            oph_time from =
                f->event_at != OPH_NO_TIME && f->event_at > created ? f->event_at : created;
            t = plan_followup(r, from, f->due_at, 0.08);
            if (t < clock)
                t = clock + between(r, MINUTE, HOUR);
        }
        if (closing && (!f || t > close_at)) {
            if (close_case(dm, c, close_at, err))
                return -1;
            closing = false;
            clock = close_at;
            continue; /* closing withdrew the regular updates: look again */
        }
        if (!f || t > now)
            break;
        followup_do(dm, c, f, t);
        clock = t;
    }
    duties_do(dm, c, h);
    return 0;
}

/* Saves the case built in memory: the same rows, in the same order, as the actions write. */
int demo_save_case(struct demo *dm, struct case_detail *c, const struct holders *h,
                   struct oph_error *err)
{
    struct store *st = dm->app->store;
    const struct pool *p = &dm->pool;
    unsigned char bytes[16];
    uint64_t a = rng_next(&dm->uuid_rng), b = rng_next(&dm->uuid_rng);
    memcpy(bytes, &a, 8);
    memcpy(bytes + 8, &b, 8);
    uuid_format(bytes, c->uuid);
    int64_t role_ids[CROLE_COUNT] = {0};
    if (h->investigator >= 0) {
        role_ids[CROLE_INVESTIGATOR] = p->all[h->investigator].id;
        role_ids[CROLE_STATEMENT_TAKER] = p->all[h->statement_taker].id;
    }
    role_ids[CROLE_SECOND_LINE] = p->all[h->second_line].id;
    if (h->welfare_officer >= 0)
        role_ids[CROLE_WELFARE_OFFICER] = p->all[h->welfare_officer].id;
    /* The case goes in as it ends up (roles, outcome, closed): one row, one audit entry. */
    if (store_case_next_reference(st, london_date(c->facts.reported_at).year, c->reference, err) ||
        store_case_insert(st, c, p->all[h->victim].id, p->all[h->supervisor].id, role_ids, err))
        return -1;
    store_action_case(st, c->id);
    if (store_steps_insert(st, c->id, c->steps, err) ||
        store_followups_insert(st, c->id, c->followups, c->n_followups, err))
        return -1;
    return store_evidence_insert_all(st, c->id, c->evidence, c->n_evidence, err) ||
                   store_timeline_insert_all(st, c->id, c->timeline, c->n_timeline, err)
               ? -1
               : 0;
}
