/* Synthetic cases for trying the program and for benchmarks: a pool of made-up people, then
 * cases in date order, each built in memory, run through the plan's engine and saved whole. */
#include "ophamp/app.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "app_internal.h"
#include "ophamp/text.h"
#include "ophamp/workflow.h"

#define MINUTE ((oph_time)60)
#define HOUR ((oph_time)3600)
#define DAY ((oph_time)86400)
#define YEAR_SECONDS (365.2425 * 86400.0)

#define DEMO_MAX_CASES 5000000L
#define BATCH 5000              /* cases per transaction: the commit cost is shared by many */
#define CASES_PER_YEAR 60000    /* about the national figure: years = n / this, at least 2 */
#define REFS_PER_YEAR 99000     /* references run to 99,999 a year; keep a margin */
#define OPEN_WINDOW (120 * DAY) /* cases reported earlier than this are all closed */
#define STALLED_SHARE 0.13      /* recent cases still waiting for an outcome */
#define EARLIEST ((oph_time)631152000 + 2 * DAY) /* the checks refuse times before 1990 */

/* ---- random numbers ------------------------------------------------------------------ */

/* xoshiro256** seeded through splitmix64: the same seed gives the same cases everywhere. */
struct rng {
    uint64_t s[4];
};

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static void rng_seed(struct rng *r, uint64_t seed)
{
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64(&seed);
}

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static uint64_t rng_next(struct rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

static double unit(struct rng *r) /* [0, 1) */
{
    return (double)(rng_next(r) >> 11) * 0x1.0p-53;
}

static int below(struct rng *r, int n) /* [0, n) */
{
    return (int)(((rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

static bool chance(struct rng *r, double p)
{
    return unit(r) < p;
}

static oph_time between(struct rng *r, oph_time lo, oph_time hi) /* [lo, hi) */
{
    return hi <= lo ? lo : lo + (oph_time)(unit(r) * (double)(hi - lo));
}

static int weighted(struct rng *r, const int *w, int n)
{
    int total = 0;
    for (int i = 0; i < n; i++)
        total += w[i];
    int x = below(r, total);
    for (int i = 0; i < n; i++) {
        if (x < w[i])
            return i;
        x -= w[i];
    }
    return n - 1;
}

#define COUNT(a) ((int)(sizeof(a) / sizeof *(a)))
#define PICK(r, a) ((a)[below((r), COUNT(a))])
#define WEIGHTED(r, w) weighted((r), (w), COUNT(w))

/* ---- made-up words ------------------------------------------------------------------- */

static const char *const first_names[] = {
    "James",  "Oliver", "Mohammed", "Daniel",  "Thomas",  "Ryan",    "Liam",    "Jack",
    "Adam",   "Samuel", "Connor",   "Lewis",   "Kieran",  "Aaron",   "Matthew", "David",
    "Craig",  "Gareth", "Rhys",     "Imran",   "Marcus",  "Owen",    "Luke",    "Nathan",
    "Paul",   "Simon",  "Dean",     "Tariq",   "Emma",    "Sophie",  "Hannah",  "Charlotte",
    "Emily",  "Amy",    "Laura",    "Rachel",  "Jessica", "Chloe",   "Megan",   "Aisha",
    "Priya",  "Zara",   "Natalie",  "Kirsty",  "Gemma",   "Sarah",   "Nicola",  "Lucy",
    "Katie",  "Holly",  "Bethan",   "Siobhan", "Fatima",  "Jasmine", "Rebecca", "Claire",
    "Leanne", "Joanne", "Amara",    "Grace",   "Ellie",   "Olivia",  "Yasmin",  "Danielle",
};
static const char *const last_names[] = {
    "Smith",   "Jones",     "Williams", "Taylor",   "Brown",    "Davies",   "Evans",      "Wilson",
    "Thomas",  "Johnson",   "Roberts",  "Robinson", "Thompson", "Wright",   "Walker",     "White",
    "Edwards", "Hughes",    "Green",    "Hall",     "Lewis",    "Harris",   "Clarke",     "Patel",
    "Jackson", "Wood",      "Turner",   "Martin",   "Cooper",   "Hill",     "Ward",       "Morris",
    "Moore",   "Clark",     "Lee",      "King",     "Baker",    "Harrison", "Morgan",     "Allen",
    "James",   "Scott",     "Phillips", "Watson",   "Davis",    "Parker",   "Price",      "Bennett",
    "Young",   "Griffiths", "Mitchell", "Kelly",    "Cook",     "Carter",   "Richardson", "Bailey",
    "Collins", "Bell",      "Shaw",     "Murphy",   "Khan",     "Ahmed",    "Begum",      "Okafor",
};
static const char *const towns[] = {
    "Northgate", "Kingsmead", "Ashby Vale", "Rivermouth", "Eastcliffe", "Hollins Cross",
    "Westbury",  "Fenwick",   "Stanmore",   "Lowfield",   "Bramcote",   "Saltash Green",
};
static const char *const teams[] = {
    "Response Team 1", "Response Team 2", "Response Team 3", "Response Team 4",
    "Response Team 5", "Neighbourhood",   "Roads Policing",  "CID",
    "Public Order",    "Custody",         "Dog Unit",        "Safer Schools",
};
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

/* ---- people -------------------------------------------------------------------------- */

enum demo_rank { RANK_NONE, RANK_PC, RANK_PS, RANK_INSP, RANK_SC, RANK_PCSO };
static const char *const rank_names[] = {"", "PC", "PS", "Insp", "SC", "PCSO"};

/* Only what the cases need, so the pool stays small (a twentieth of the cases). */
struct demo_person {
    int64_t id;
    char number[16];
    char name[48];
    unsigned char role, rank, team, town;
};

struct pool {
    struct demo_person *all;
    int *supervisors, *officers; /* indexes into all: sergeants and inspectors; officers */
    int n, n_supervisors, n_officers;
};

static void pool_free(struct pool *p)
{
    free(p->all);
    free(p->supervisors);
    free(p->officers);
    memset(p, 0, sizeof *p);
}

static void person_fill(struct rng *r, int i, struct demo_person *d)
{
    static const int role_w[] = {[ROLE_OFFICER] = 78,
                                 [ROLE_SPECIAL] = 5,
                                 [ROLE_PCSO] = 8,
                                 [ROLE_STAFF] = 7,
                                 [ROLE_VOLUNTEER] = 2};
    static const int rank_w[] = {80, 14, 6}; /* PC, PS, Insp */
    memset(d, 0, sizeof *d);
    /* The first few are fixed so that every pool has supervisors and investigators. */
    d->role = (unsigned char)(i < 6 ? ROLE_OFFICER : WEIGHTED(r, role_w));
    switch (d->role) {
    case ROLE_OFFICER:
        d->rank = (unsigned char)(i < 3   ? RANK_PS
                                  : i < 6 ? RANK_PC
                                          : RANK_PC + WEIGHTED(r, rank_w));
        break;
    case ROLE_SPECIAL:
        d->rank = RANK_SC;
        break;
    case ROLE_PCSO:
        d->rank = RANK_PCSO;
        break;
    default:
        d->rank = RANK_NONE;
    }
    d->team = (unsigned char)(d->role == ROLE_STAFF && chance(r, 0.6) ? 9 /* Custody */
                                                                      : below(r, COUNT(teams)));
    d->town = (unsigned char)below(r, COUNT(towns));
    snprintf(d->name, sizeof d->name, "%s %s", PICK(r, first_names), PICK(r, last_names));
}

/* A staff number not used in the database yet (a demo may run on a database in use). */
static int person_number(struct app *app, struct rng *r, struct demo_person *d,
                         struct oph_error *err)
{
    static const char prefix[] = {[ROLE_OFFICER] = 'D',
                                  [ROLE_SPECIAL] = 'S',
                                  [ROLE_PCSO] = 'P',
                                  [ROLE_STAFF] = 'E',
                                  [ROLE_VOLUNTEER] = 'V'};
    struct person existing;
    for (int tries = 0; tries < 1000; tries++) {
        snprintf(d->number, sizeof d->number, "%c%06d", prefix[d->role], 100000 + below(r, 900000));
        int rc = store_person_by_number(app->store, d->number, &existing, err);
        if (rc <= 0)
            return rc;
    }
    return oph_fail(err, OPH_REFUSED, "no free staff number left for demo people");
}

/* Demo person i, drawn and given a free staff number, as a row of the people table. */
static int person_row(struct app *app, struct rng *r, int i, struct demo_person *d,
                      struct person *row, struct oph_error *err)
{
    person_fill(r, i, d);
    if (person_number(app, r, d, err))
        return -1;
    memset(row, 0, sizeof *row);
    text_copy(row->name, sizeof row->name, d->name);
    text_copy(row->number, sizeof row->number, d->number);
    row->role = (enum person_role)d->role;
    text_copy(row->rank, sizeof row->rank, rank_names[d->rank]);
    snprintf(row->team, sizeof row->team, "%s, %s", teams[d->team], towns[d->town]);
    return check_person(row, err);
}

static int pool_create(struct app *app, struct rng *r, int n, struct pool *p, struct oph_error *err)
{
    memset(p, 0, sizeof *p);
    p->all = calloc((size_t)n, sizeof *p->all);
    p->supervisors = calloc((size_t)n, sizeof *p->supervisors);
    p->officers = calloc((size_t)n, sizeof *p->officers);
    if (!p->all || !p->supervisors || !p->officers) {
        pool_free(p);
        return oph_fail(err, OPH_DB, "out of memory for %d demo people", n);
    }
    /* The people are one action. When nobody is named, the first of them (a sergeant) is
     * named as the user and signs it, so that demo data can go into a new database. */
    struct person user, first;
    int named = store_user(app->store, &user, err);
    int rc = named < 0 ? -1 : 0;
    if (rc == 0 && named == 0)
        rc = person_row(app, r, 0, &p->all[0], &first, err);
    if (rc == 0)
        rc = named ? store_action_begin(app->store, "demo people", err)
                   : store_action_begin_as(app->store, "demo people", &first, err);
    if (rc) {
        pool_free(p);
        return -1;
    }
    app_sign(app);
    for (int i = 0; i < n && rc == 0; i++) {
        struct demo_person *d = &p->all[i];
        struct person row;
        if (i == 0 && named == 0)
            row = first;
        else
            rc = person_row(app, r, i, d, &row, err);
        if (rc)
            break;
        rc = store_person_insert(app->store, &row, app->now, err);
        d->id = row.id;
        p->n++;
        if (d->role == ROLE_OFFICER) {
            p->officers[p->n_officers++] = i;
            if (d->rank == RANK_PS || d->rank == RANK_INSP)
                p->supervisors[p->n_supervisors++] = i;
        }
        if (rc == 0 && i == 0 && named == 0) {
            store_action_signer(app->store, &row);
            app_sign(app);
            rc = store_set_user(app->store, row.id, err);
        }
    }
    if (rc == 0)
        rc = store_action_commit(app->store, err);
    else
        store_action_rollback(app->store);
    if (rc)
        pool_free(p);
    return rc;
}

/* One of list (n pool indexes) other than a and b (-1: nobody); lists hold at least three. */
static int pick_other(struct rng *r, const int *list, int n, int a, int b)
{
    for (;;) {
        int i = list[below(r, n)];
        if (i != a && i != b)
            return i;
    }
}

/* ---- building one case --------------------------------------------------------------- */

struct demo {
    struct app *app;
    struct rng rng, uuid_rng; /* the UUIDs have their own stream: see app_demo */
    struct plan_ctx px;
    struct pool pool;
    const char *actor;
    oph_time now;
};

/* Who holds which role in the case being built (indexes into the pool, -1: nobody). */
struct holders {
    int victim, supervisor, investigator, statement_taker, second_line, welfare_officer;
};

static void set_holder(struct case_detail *c, enum case_role role, const struct demo_person *d)
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

static struct timeline_entry *add_entry(struct case_detail *c, enum timeline_kind kind, oph_time at,
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

/* The facts a supervisor logs: place, what happened, injury, offender. */
static void make_facts(struct demo *dm, struct case_detail *c, oph_time occurred, int town)
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
    const char *where = towns[town];
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
static int plan_steps(struct demo *dm, struct case_detail *c, struct holders *h, oph_time from,
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
        h->investigator = pick_other(r, p->officers, p->n_officers, h->victim, h->supervisor);
        h->statement_taker = pick_other(r, p->officers, p->n_officers, h->victim, -1);
        struct person who;
        text_copy(who.number, sizeof who.number, p->all[h->investigator].number);
        if (check_role(c, CROLE_INVESTIGATOR, &who, err))
            return -1;
        text_copy(who.number, sizeof who.number, p->all[h->statement_taker].number);
        if (check_role(c, CROLE_STATEMENT_TAKER, &who, err))
            return -1;
        set_holder(c, CROLE_INVESTIGATOR, &p->all[h->investigator]);
        set_holder(c, CROLE_STATEMENT_TAKER, &p->all[h->statement_taker]);
        if (step_done(dm, c, STEP_INVESTIGATOR, t, "investigator and statement taker assigned",
                      err))
            return -1;
        LATEST(t);
    } else {
        pending++;
    }

    if ((t = WHEN(STEP_WELFARE, 0.06)) <= now) {
        add_entry(c, TL_WELFARE, t, VOCAB_WELFARE_METHOD.names[WEIGHTED(r, method_w)],
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
                h->welfare_officer = pick_other(r, p->officers, p->n_officers, h->victim, -1);
                set_holder(c, CROLE_WELFARE_OFFICER, &p->all[h->welfare_officer]);
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
        add_entry(c, TL_VICTIM_UPDATE, t, NULL,
                  f->kind == FU_OUTCOME_NOTICE            ? "Victim told of the outcome."
                  : strcmp(f->rule, "victim-update") == 0 ? "Victim updated: enquiries continue."
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
static int build_case(struct demo *dm, struct case_detail *c, struct holders *h, oph_time occurred,
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
    h->supervisor = pick_other(r, p->supervisors, p->n_supervisors, h->victim, -1);
    h->investigator = h->statement_taker = h->welfare_officer = -1;
    h->second_line = pick_other(r, p->supervisors, p->n_supervisors, h->victim, h->supervisor);
    const struct demo_person *v = &p->all[h->victim];
    memset(&c->victim, 0, sizeof c->victim);
    c->victim.id = v->id;
    text_copy(c->victim.number, sizeof c->victim.number, v->number);
    text_copy(c->victim.name, sizeof c->victim.name, v->name);
    c->victim.role = (enum person_role)v->role;
    set_holder(c, CROLE_SUPERVISOR, &p->all[h->supervisor]);
    set_holder(c, CROLE_SECOND_LINE, &p->all[h->second_line]);
    text_copy(c->facts.victim_number, sizeof c->facts.victim_number, v->number);
    text_copy(c->facts.supervisor_number, sizeof c->facts.supervisor_number,
              p->all[h->supervisor].number);

    make_facts(dm, c, occurred, v->town);
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
        add_entry(c, TL_DECISION, c->facts.arrested_at, VOCAB_DECISION.names[DEC_ARREST], NULL);
        wf_decision(c, c->facts.arrested_at, &dm->px);
    }

    oph_time last = created;
    int rc = plan_steps(dm, c, h, created, &last, err);
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
static int save_case(struct demo *dm, struct case_detail *c, const struct holders *h,
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

/* ---- the whole run ------------------------------------------------------------------- */

/* Differs from one run to the next on the same database (the cases already there), so a
 * second demo with the same seed gets fresh UUIDs, even after a run that was cut short; on
 * an empty database it is fixed. */
static int uuid_salt(struct app *app, uint64_t *salt, struct oph_error *err)
{
    int64_t max_id = 0;
    if (store_case_max_id(app->store, &max_id, err))
        return -1;
    *salt = (uint64_t)max_id;
    return 0;
}

#define DEMO_SETTING "demo_cases"

int app_demo_counts(struct app *app, long *demo, long *all, struct oph_error *err)
{
    char value[32] = "";
    int64_t n = 0;
    int found = store_setting(app->store, DEMO_SETTING, value, sizeof value, err);
    if (found < 0 || (all && store_case_count(app->store, &n, err)))
        return -1;
    *demo = found ? strtol(value, NULL, 10) : 0;
    if (all)
        *all = (long)n;
    return 0;
}

int app_demo_path(const char *db_path, char *buf, size_t n, struct oph_error *err)
{
    const char *slash = strrchr(db_path, '/');
    const char *name = slash ? slash + 1 : db_path;
    const char *dot = strrchr(name, '.');
    size_t stem = dot && dot != name ? (size_t)(dot - db_path) : strlen(db_path);
    int k = snprintf(buf, n, "%.*s-demo%s", (int)stem, db_path, dot && dot != name ? dot : ".db");
    if (k < 0 || (size_t)k >= n)
        return oph_fail(err, OPH_INVALID, "the database's path is too long for a demo beside it");
    return 0;
}

/* The demo's count, raised by the cases of a batch in that batch's transaction: an action of
 * its own, after the batch's cases. */
static int count_demo_cases(struct app *app, long total, struct oph_error *err)
{
    char value[32];
    snprintf(value, sizeof value, "%ld", total);
    if (store_action_begin(app->store, "demo count", err))
        return -1;
    if (store_setting_set(app->store, DEMO_SETTING, value, err)) {
        store_action_rollback(app->store);
        return -1;
    }
    return store_action_commit(app->store, err);
}

int app_demo(struct app *app, long n_cases, unsigned long seed, bool into_real, progress_cb cb,
             void *ctx, struct oph_error *err)
{
    if (n_cases < 1 || n_cases > DEMO_MAX_CASES)
        return oph_fail(err, OPH_INVALID, "number of demo cases must be between 1 and %ld",
                        DEMO_MAX_CASES);
    long demo_before, all_before;
    if (app_demo_counts(app, &demo_before, &all_before, err))
        return -1;
    if (all_before > demo_before && !into_real)
        return oph_fail(err, OPH_REFUSED,
                        "this database holds %ld real case%s: demo cases would mix with them; "
                        "use another database (--into-real-database adds them anyway)",
                        all_before - demo_before, all_before - demo_before == 1 ? "" : "s");
    const oph_time now = app->now;
    long years = (n_cases + CASES_PER_YEAR - 1) / CASES_PER_YEAR;
    if (years < 2)
        years = 2;
    oph_time start = now - (oph_time)((double)years * YEAR_SECONDS);
    if (start < EARLIEST)
        start = EARLIEST;
    double span_years = (double)(now - start) / YEAR_SECONDS;
    long fit = (long)(span_years * REFS_PER_YEAR);
    if (n_cases > fit)
        return oph_fail(
            err, OPH_INVALID,
            "at most %ld demo cases fit between 1990 and now (references run to 99,999 a year)",
            fit);

    struct demo dm;
    memset(&dm, 0, sizeof dm);
    dm.app = app;
    dm.now = now;
    dm.actor = app->signature; /* the signer, from the first action on */
    dm.px = (struct plan_ctx){
        .rules = &app->rules, .cal = &app->cal, .now = now, .actor = app->signature};
    rng_seed(&dm.rng, (uint64_t)seed);
    uint64_t salt;
    if (uuid_salt(app, &salt, err))
        return -1;
    rng_seed(&dm.uuid_rng, (uint64_t)seed ^ (salt * 0x9E3779B97F4A7C15ULL) ^ 0x5555AAAA5555AAAAULL);

    long n_people = n_cases / 20 + 50;
    if (n_people < 60)
        n_people = 60;
    if (pool_create(app, &dm.rng, (int)n_people, &dm.pool, err))
        return -1;
    if (cb)
        cb(ctx, 0, n_cases);

#ifdef __GLIBC__
    /* Each case's item arrays hold large free-text buffers and the engine grows them one item
     * at a time. By default glibc hands the freed heap back to the kernel after every case and
     * faults it in again for the next, which cost more than all the SQL (4x slower). */
    mallopt(M_TRIM_THRESHOLD, 64 << 20);
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
#endif
    /* A case_detail is large (free-text buffers): one, reused, its arrays freed each time. */
    struct case_detail *c = calloc(1, sizeof *c);
    if (!c) {
        pool_free(&dm.pool);
        return oph_fail(err, OPH_DB, "out of memory");
    }
    int rc = store_bulk(app->store, true, err);
    double slot = (double)(now - start) / (double)n_cases;
    for (long done = 0; done < n_cases && rc == 0;) {
        long end = done + BATCH < n_cases ? done + BATCH : n_cases;
        if (store_begin(app->store, err)) {
            rc = -1;
            break;
        }
        for (; done < end && rc == 0; done++) {
            /* Cases come in date order, so references follow the dates; the hour of day
             * follows when assaults happen (evenings and nights). */
            static const int hour_w[24] = {6, 5, 4, 3, 2, 1, 1, 2, 3, 3, 4, 4,
                                           4, 5, 5, 6, 6, 7, 7, 7, 8, 8, 8, 7};
            oph_time when = start + (oph_time)(((double)done + unit(&dm.rng)) * slot);
            oph_time midnight = when - when % DAY;
            midnight -= london_offset(midnight + 12 * HOUR);
            oph_time occurred =
                midnight + WEIGHTED(&dm.rng, hour_w) * HOUR + between(&dm.rng, 0, HOUR);
            if (occurred < EARLIEST)
                occurred = EARLIEST + between(&dm.rng, 0, HOUR);
            struct holders h;
            rc = store_action_begin(app->store, "demo case", err);
            if (rc == 0)
                rc = build_case(&dm, c, &h, occurred, err);
            if (rc == 0)
                rc = save_case(&dm, c, &h, err);
            if (rc == 0)
                rc = store_action_commit(app->store, err);
            else
                store_action_rollback(app->store);
            /* The item arrays are kept for the next case (each item is set whole when it is
             * added): a case's arrays are a few hundred kilobytes, allocated once. */
            c->n_followups = c->n_evidence = c->n_timeline = 0;
        }
        if (rc == 0)
            rc = count_demo_cases(app, demo_before + done, err);
        if (rc == 0)
            rc = store_commit(app->store, err);
        else
            store_rollback(app->store);
        if (rc == 0 && cb)
            cb(ctx, done, n_cases);
    }
    struct oph_error ignored;
    store_bulk(app->store, false, rc ? &ignored : err);
    case_detail_done(c);
    free(c);
    pool_free(&dm.pool);
    return rc;
}
