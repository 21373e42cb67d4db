/* The facts of a demo case: where and how the assault happened, the injury, the offender. */
#include "ophamp/app.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demo_internal.h"
#include "ophamp/text.h"
#include "ophamp/workflow.h"

static const char *const streets[] = {
    "High Street",  "Market Square", "Station Road", "Church Lane", "London Road",
    "Victoria Way", "Mill Lane",     "Queen Street", "Park Parade", "Bridge Street",
};
static const char *const activities[LOC_COUNT][4] = {
    [LOC_STREET] = {"arresting a suspect for shoplifting",
                    "dealing with a disturbance outside a pub", "carrying out a stop and search",
                    "detaining a man wanted on warrant"},
    [LOC_DWELLING] = {"attending a domestic incident", "executing a search warrant",
                      "carrying out a welfare check", "arresting a suspect at his home"},
    [LOC_VEHICLE] = {"transporting a detainee to custody", "dealing with a driver after a pursuit",
                     "restraining a detainee in the van", "stopping a car"},
    [LOC_CUSTODY] = {"booking a detainee into custody", "carrying out a cell check",
                     "taking fingerprints", "escorting a detainee to interview"},
    [LOC_STATION] = {"dealing with a visitor at the front counter",
                     "escorting a detainee through the yard",
                     "taking a report at the front counter",
                     "dealing with a man who walked in drunk"},
    [LOC_HOSPITAL] = {"guarding a detainee in A&E", "waiting with a patient detained under s.136",
                      "escorting a detainee to X-ray", "dealing with a patient"},
    [LOC_OTHER] = {"policing a football match", "dealing with a disturbance at the railway station",
                   "policing a music event", "searching a park for a suspect"},
};
static const char *const body_parts[] = {"face",  "head", "hand", "arm",      "leg",
                                         "torso", "neck", "knee", "shoulder", "finger"};
static const char *const weapons[] = {"bottle", "knife", "metal bar", "brick", "glass"};
static const char *const thor_notes[] = {
    "THOR: threat low, suspect in custody; harm: officer shaken; no further risk identified.",
    "THOR: suspect known to police for violence; warning marker added; risk medium.",
    "THOR: suspect not yet traced; officer advised on personal safety; risk medium.",
    "THOR: repeat victim; supervisor to review deployment; risk low.",
    "THOR: threat of further violence made; bail conditions sought; risk high.",
};

/* The facts a supervisor logs: place, what happened, injury, offender. */
void demo_make_facts(struct demo *dm, struct case_detail *c, oph_time occurred, int town)
{
    static const int loc_w[] = {
        [LOC_STREET] = 45, [LOC_DWELLING] = 10, [LOC_VEHICLE] = 10, [LOC_CUSTODY] = 15,
        [LOC_STATION] = 8, [LOC_HOSPITAL] = 5,  [LOC_OTHER] = 7};
    static const int mech_w[] = {
        [MECH_PUNCH] = 30, [MECH_KICK] = 17,   [MECH_SPIT] = 18, [MECH_BITE] = 7,
        [MECH_WEAPON] = 5, [MECH_VEHICLE] = 3, [MECH_OTHER] = 20};
    /* Spitting rarely injures, so the others carry the rest of the 60/32/8 split. */
    static const int injury_w[] = {51, 39, 10};
    static const int minor_treat_w[] = {30, 60, 10, 0};
    static const int serious_treat_w[] = {0, 0, 65, 35};
    struct rng *r = &dm->rng;
    struct case_facts *f = &c->facts;
    const char *where = demo_towns[town];
    char activity[128];

    f->occurred_at = occurred;
    oph_time delay = chance(r, 0.6)    ? between(r, 5 * MINUTE, 30 * MINUTE)
                     : chance(r, 0.75) ? between(r, 30 * MINUTE, 2 * HOUR)
                                       : between(r, 2 * HOUR, 6 * HOUR);
    f->reported_at = occurred + delay;
    f->location_kind = WEIGHTED(r, loc_w);
    switch (f->location_kind) {
    case LOC_STREET:
        snprintf(f->location, sizeof f->location, "%s, %s", PICK(r, streets), where);
        break;
    case LOC_DWELLING:
        snprintf(f->location, sizeof f->location, "Residential address, %s", where);
        break;
    case LOC_VEHICLE:
        snprintf(f->location, sizeof f->location, "Police vehicle, %s", where);
        break;
    case LOC_CUSTODY:
        snprintf(f->location, sizeof f->location, "%s custody suite", where);
        break;
    case LOC_STATION:
        snprintf(f->location, sizeof f->location, "%s police station", where);
        break;
    case LOC_HOSPITAL:
        snprintf(f->location, sizeof f->location, "%s General Hospital, A&E", where);
        break;
    default:
        snprintf(f->location, sizeof f->location, "%s railway station", where);
    }
    text_copy(activity, sizeof activity, activities[f->location_kind][below(r, 4)]);

    f->mechanism = WEIGHTED(r, mech_w);
    f->injury = f->mechanism == MECH_SPIT ? INJURY_NONE : WEIGHTED(r, injury_w);
    const char *part = PICK(r, body_parts);
    switch (f->mechanism) {
    case MECH_PUNCH:
        snprintf(f->summary, sizeof f->summary, "Punched in the %s while %s.", part, activity);
        break;
    case MECH_KICK:
        snprintf(f->summary, sizeof f->summary, "Kicked in the %s while %s.", part, activity);
        break;
    case MECH_SPIT:
        snprintf(f->summary, sizeof f->summary, "Spat at while %s.", activity);
        break;
    case MECH_BITE:
        snprintf(f->summary, sizeof f->summary, "Bitten on the %s while %s.", part, activity);
        break;
    case MECH_WEAPON:
        snprintf(f->summary, sizeof f->summary, "Struck with a %s while %s.", PICK(r, weapons),
                 activity);
        break;
    case MECH_VEHICLE:
        snprintf(f->summary, sizeof f->summary, "Vehicle driven at the officer while %s.",
                 activity);
        break;
    default:
        snprintf(f->summary, sizeof f->summary, "Pushed to the ground while %s.", activity);
    }

    int days = 0;
    switch (f->injury) {
    case INJURY_NONE:
        f->treatment = TREAT_NONE;
        days = chance(r, 0.97) ? 0 : 1 + below(r, 2);
        break;
    case INJURY_MINOR:
        text_copy(f->body_part, sizeof f->body_part, part);
        f->treatment = WEIGHTED(r, minor_treat_w);
        days = chance(r, 0.75)  ? 0
               : chance(r, 0.6) ? 1 + below(r, 3)
               : chance(r, 0.6) ? 4 + below(r, 4)
                                : 8 + below(r, 14);
        break;
    default:
        text_copy(f->body_part, sizeof f->body_part, part);
        f->treatment = WEIGHTED(r, serious_treat_w);
        f->specified_injury = chance(r, 0.3);
        days = chance(r, 0.1)    ? 0
               : chance(r, 0.28) ? 1 + below(r, 7)
               : chance(r, 0.7)  ? 8 + below(r, 23)
                                 : 31 + below(r, 90);
    }
    /* Still off work today: the days so far, and welfare follow-ups while off. */
    if (days > 0 && occurred + (oph_time)(days + 1) * DAY > dm->now) {
        f->off_work = true;
        days = (int)((dm->now - occurred) / DAY);
    }
    f->days_off = days;
    if (f->injury == INJURY_SERIOUS)
        text_copy(f->offence, sizeof f->offence,
                  f->mechanism == MECH_WEAPON || f->specified_injury
                      ? "Wounding or grievous bodily harm (s.20 OAPA 1861)"
                      : "Assault occasioning actual bodily harm on an emergency worker");
    else
        text_copy(f->offence, sizeof f->offence,
                  "Assault on an emergency worker (s.1 AEW(O) Act 2018)");

    bool in_hand = f->location_kind == LOC_CUSTODY || f->location_kind == LOC_VEHICLE ||
                   f->location_kind == LOC_STATION;
    f->offender_known = chance(r, in_hand ? 0.98 : 0.81) ? TRI_YES : TRI_NO;
    if (f->offender_known == TRI_YES && chance(r, 0.76)) {
        oph_time at =
            occurred + (chance(r, 0.7) ? between(r, 0, 30 * MINUTE) : between(r, HOUR, 5 * DAY));
        if (at <= dm->now)
            f->arrested_at = at;
    }
    text_copy(f->thor, sizeof f->thor, PICK(r, thor_notes));
}
