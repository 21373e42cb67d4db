/* The seven steps of a demo case and its evidence, each done (or not applicable) when its
 * planned time has come. */
#include "ophamp/app.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demo_internal.h"
#include "ophamp/text.h"
#include "ophamp/workflow.h"

static const char *const plan_notes[] = {
    "Investigation plan: interview suspect, statements from officers, review BWV.",
    "Investigation plan: CCTV trawl, witness statements, file to CPS for charging advice.",
    "Investigation plan: trace and arrest suspect, injury photographs, medical statement.",
    "Investigation plan: statements, BWV, 999 call; early file to CPS.",
};
static const char *const slt_notes[] = {
    "Duty Superintendent informed by phone.",
    "On-call Chief Inspector informed by email.",
    "District commander informed in person at the daily briefing.",
    "SLT informed through the daily management meeting log.",
};

void demo_set_holder(struct case_detail *c, enum case_role role, const struct demo_person *d)
{
    c->roles[role].set = true;
    text_copy(c->roles[role].number, sizeof c->roles[role].number, d->number);
    text_copy(c->roles[role].name, sizeof c->roles[role].name, d->name);
}

/* When work that could start at `from` and is due at `due` gets done: mostly early in the
 * window, a share late (the share the performance report measures). */
static oph_time plan_step(struct rng *r, oph_time from, oph_time due, double late)
{
    if (due <= from)
        due = from + HOUR;
    if (chance(r, late))
        return due + between(r, 30 * MINUTE, 4 * DAY);
    double u = unit(r);
    return from + (oph_time)((double)(due - from) * (0.02 + 0.93 * u * u));
}

struct timeline_entry *demo_add_entry(struct case_detail *c, enum timeline_kind kind, oph_time at,
                                      const char *label, const char *text)
{
    c->timeline = record_grow(c->timeline, c->n_timeline, &c->cap_timeline, sizeof *c->timeline);
    struct timeline_entry *t = &c->timeline[c->n_timeline++];
    t->id = 0;
    t->kind = kind;
    t->at = at;
    text_copy(t->label, sizeof t->label, label ? label : "");
    text_copy(t->text, sizeof t->text, text ? text : "");
    return t;
}

static struct evidence_item *add_evidence(struct demo *dm, struct case_detail *c,
                                          enum evidence_kind kind, oph_time at)
{
    c->evidence = record_grow(c->evidence, c->n_evidence, &c->cap_evidence, sizeof *c->evidence);
    struct evidence_item *e = &c->evidence[c->n_evidence++];
    e->id = 0;
    e->number = c->n_evidence;
    e->kind = kind;
    e->status = EVS_REQUESTED;
    e->ref[0] = e->reason[0] = '\0';
    e->created_at = e->updated_at = at;
    e->due_at = wf_due(&dm->px, rule_key_evidence(kind), c, at);
    e->dirty = false;
    return e;
}

/* A step done as app_step_done does it, after the engine agrees it is ready. */
static int step_done(struct demo *dm, struct case_detail *c, enum step_code code, oph_time at,
                     const char *note, struct oph_error *err)
{
    if (wf_step_ready(c, code, note, err))
        return -1;
    struct step *st = &c->steps[code];
    st->status = STATUS_DONE;
    st->done_at = at;
    text_copy(st->done_by, sizeof st->done_by, dm->actor);
    if (note)
        text_copy(st->note, sizeof st->note, note);
    st->dirty = true;
    return 0;
}

/* Evidence items: what is usually available where, each secured, submitted or not available
 * (with the usual reason), or still requested if its time has not come. */
static int plan_evidence(struct demo *dm, struct case_detail *c, oph_time from, oph_time *last,
                         struct oph_error *err)
{
    static const char *const na_reason[EV_KIND_COUNT] = {
        [EV_BWV] = "Camera not activated during the incident",
        [EV_CCTV] = "No CCTV covering the location",
        [EV_PHOTOS] = "Victim declined photographs",
        [EV_MEDICAL] = "Victim declined a medical examination",
        [EV_WITNESS] = "No independent witnesses",
        [EV_RECORDING] = "Recording not retained",
        [EV_OTHER] = "Not available",
    };
    static const char *const ref_prefix[EV_KIND_COUNT] = {
        [EV_BWV] = "BWV",    [EV_CCTV] = "CCTV",     [EV_PHOTOS] = "PHOTO", [EV_MEDICAL] = "MED",
        [EV_WITNESS] = "WS", [EV_RECORDING] = "AUD", [EV_OTHER] = "EXH",
    };
    struct rng *r = &dm->rng;
    const struct case_facts *f = &c->facts;
    enum evidence_kind kinds[2];
    int n = 0;
    switch (f->location_kind) {
    case LOC_CUSTODY:
    case LOC_STATION:
        kinds[n++] = chance(r, 0.8) ? EV_CCTV : EV_BWV;
        break;
    case LOC_VEHICLE:
        kinds[n++] = chance(r, 0.6) ? EV_BWV : EV_RECORDING;
        break;
    default:
        kinds[n++] = chance(r, 0.75) ? EV_BWV : EV_CCTV;
    }
    if (f->injury == INJURY_SERIOUS)
        kinds[n++] = chance(r, 0.6) ? EV_MEDICAL : EV_PHOTOS;
    else if (f->injury == INJURY_MINOR && chance(r, 0.6))
        kinds[n++] = EV_PHOTOS;
    else if (chance(r, 0.25))
        kinds[n++] = kinds[0] == EV_CCTV ? EV_WITNESS : EV_CCTV;

    bool all_settled = true;
    for (int i = 0; i < n; i++) {
        oph_time created = from + between(r, 0, 30 * MINUTE);
        if (created > dm->now)
            created = dm->now;
        struct evidence_item *e = add_evidence(dm, c, kinds[i], created);
        oph_time t = plan_step(r, created, e->due_at, 0.08);
        if (t > dm->now) {
            all_settled = false;
            continue;
        }
        int roll = below(r, 100);
        e->status = roll < 12 ? EVS_NOT_AVAILABLE : roll < 52 ? EVS_SECURED : EVS_SUBMITTED;
        if (e->status == EVS_NOT_AVAILABLE)
            text_copy(e->reason, sizeof e->reason, na_reason[e->kind]);
        else
            snprintf(e->ref, sizeof e->ref, "%s-%06d", ref_prefix[e->kind], below(r, 1000000));
        e->updated_at = t;
        if (t > *last)
            *last = t;
    }
    if (!all_settled)
        return 1;
    oph_time t = *last + between(r, 10 * MINUTE, DAY);
    if (t > dm->now)
        return 1;
    if (step_done(dm, c, STEP_EVIDENCE, t, "Every evidence item secured or not available", err))
        return -1;
    *last = t;
    return 0;
}

/* The seven steps, each done (or not applicable) when its planned time has come. Returns 0
 * when all are settled, 1 when some are still pending, -1 on a refusal by the engine. */
int demo_plan_steps(struct demo *dm, struct case_detail *c, struct holders *h, oph_time from,
                    oph_time *last, struct oph_error *err)
{
    static const int method_w[] = {
        [WM_IN_PERSON] = 45, [WM_PHONE] = 40, [WM_VIDEO] = 5, [WM_MESSAGE] = 8, [WM_OTHER] = 2};
    static const char *const welfare_notes[INJURY_COUNT] = {
        "First welfare contact: shaken but uninjured; TRiM and OH support offered.",
        "First welfare contact: minor injury treated; welfare plan agreed.",
        "First welfare contact: serious injury; family informed; welfare officer appointed.",
    };
    struct rng *r = &dm->rng;
    struct case_facts *f = &c->facts;
    const oph_time now = dm->now;
    int pending = 0;
    char note[160];
    oph_time t;

#define WHEN(code, late) plan_step(r, from, c->steps[(code)].due_at, (late))
#define LATEST(t) (*last = (t) > *last ? (t) : *last)

    if ((t = WHEN(STEP_CRIME, 0.05)) <= now) {
        snprintf(f->crime_reference, sizeof f->crime_reference, "CR/%04d/%06d",
                 london_date(f->reported_at).year, below(r, 1000000));
        if (step_done(dm, c, STEP_CRIME, t, PICK(r, plan_notes), err))
            return -1;
        LATEST(t);
    } else {
        pending++;
    }

    if ((t = WHEN(STEP_VICTIM_CODE, 0.15)) <= now) {
        f->referral = chance(r, 0.35) ? REFERRAL_ACCEPTED : REFERRAL_DECLINED;
        f->enhanced_rights = chance(r, 0.15) ? TRI_YES : TRI_NO;
        f->vps_offered = TRI_YES;
        dm->px.now = t;
        wf_recompute(c, &dm->px); /* enhanced rights shorten the decision notices */
        snprintf(note, sizeof note, "Needs assessment done; referral %s; %s; VPS offered.",
                 f->referral == REFERRAL_ACCEPTED ? "to Victim Support accepted" : "declined",
                 f->enhanced_rights == TRI_YES ? "enhanced rights" : "standard rights");
        if (step_done(dm, c, STEP_VICTIM_CODE, t, note, err))
            return -1;
        LATEST(t);
    } else {
        pending++;
    }

    if ((t = WHEN(STEP_INVESTIGATOR, 0.08)) <= now) {
        const struct pool *p = &dm->pool;
        h->investigator = demo_pick_other(r, p->officers, p->n_officers, h->victim, h->supervisor);
        h->statement_taker = demo_pick_other(r, p->officers, p->n_officers, h->victim, -1);
        struct person who;
        text_copy(who.number, sizeof who.number, p->all[h->investigator].number);
        if (check_role(c, CROLE_INVESTIGATOR, &who, err))
            return -1;
        text_copy(who.number, sizeof who.number, p->all[h->statement_taker].number);
        if (check_role(c, CROLE_STATEMENT_TAKER, &who, err))
            return -1;
        demo_set_holder(c, CROLE_INVESTIGATOR, &p->all[h->investigator]);
        demo_set_holder(c, CROLE_STATEMENT_TAKER, &p->all[h->statement_taker]);
        if (step_done(dm, c, STEP_INVESTIGATOR, t, "investigator and statement taker assigned",
                      err))
            return -1;
        LATEST(t);
    } else {
        pending++;
    }

    if ((t = WHEN(STEP_WELFARE, 0.06)) <= now) {
        demo_add_entry(c, TL_WELFARE, t, VOCAB_WELFARE_METHOD.names[WEIGHTED(r, method_w)],
                       welfare_notes[f->injury]);
        dm->px.now = t;
        wf_welfare_contact(c, t, &dm->px);
        LATEST(t);
    } else {
        pending++;
    }

    if ((t = WHEN(STEP_SLT, 0.08)) <= now) {
        if (step_done(dm, c, STEP_SLT, t, PICK(r, slt_notes), err))
            return -1;
        LATEST(t);
    } else {
        pending++;
    }

    struct step *iod = &c->steps[STEP_IOD];
    if (f->injury == INJURY_NONE && f->days_off == 0 && chance(r, 0.08)) {
        /* Some forces need no injury-on-duty report without injury or time off. */
        iod->status = STATUS_NA;
        iod->done_at = from + between(r, HOUR, DAY);
        text_copy(iod->done_by, sizeof iod->done_by, dm->actor);
        text_copy(iod->reason, sizeof iod->reason, "No injury and no time off work");
        if (iod->done_at > now)
            iod->done_at = now;
        LATEST(iod->done_at);
    } else if ((t = WHEN(STEP_IOD, 0.12)) <= now) {
        oph_time by_supervisor = t + between(r, 10 * MINUTE, 2 * DAY);
        iod->victim_signed_at = t;
        if (by_supervisor <= now) {
            iod->supervisor_signed_at = by_supervisor;
            if (step_done(dm, c, STEP_IOD, by_supervisor, "Signed by the victim and the supervisor",
                          err))
                return -1;
            LATEST(by_supervisor);
        } else {
            pending++;
        }
    } else {
        pending++;
    }

    int rc = plan_evidence(dm, c, from, last, err);
    if (rc < 0)
        return -1;
    return pending || rc ? 1 : 0;
#undef WHEN
#undef LATEST
}
