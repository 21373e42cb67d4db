/* The demo's made-up people: the words their names and teams are drawn from, and the pool
 * of people the cases draw their victims and role holders from. */
#include "ophamp/app.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demo_internal.h"
#include "ophamp/text.h"
#include "ophamp/workflow.h"

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
const char *const demo_towns[DEMO_TOWNS] = {
    "Northgate", "Kingsmead", "Ashby Vale", "Rivermouth", "Eastcliffe", "Hollins Cross",
    "Westbury",  "Fenwick",   "Stanmore",   "Lowfield",   "Bramcote",   "Saltash Green",
};
static const char *const teams[] = {
    "Response Team 1", "Response Team 2", "Response Team 3", "Response Team 4",
    "Response Team 5", "Neighbourhood",   "Roads Policing",  "CID",
    "Public Order",    "Custody",         "Dog Unit",        "Safer Schools",
};

/* ---- people -------------------------------------------------------------------------- */

enum demo_rank { RANK_NONE, RANK_PC, RANK_PS, RANK_INSP, RANK_SC, RANK_PCSO };
static const char *const rank_names[] = {"", "PC", "PS", "Insp", "SC", "PCSO"};

void demo_pool_free(struct pool *p)
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
    d->town = (unsigned char)below(r, COUNT(demo_towns));
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
    snprintf(row->team, sizeof row->team, "%s, %s", teams[d->team], demo_towns[d->town]);
    return check_person(row, err);
}

int demo_pool_create(struct app *app, struct rng *r, int n, struct pool *p, struct oph_error *err)
{
    memset(p, 0, sizeof *p);
    p->all = calloc((size_t)n, sizeof *p->all);
    p->supervisors = calloc((size_t)n, sizeof *p->supervisors);
    p->officers = calloc((size_t)n, sizeof *p->officers);
    if (!p->all || !p->supervisors || !p->officers) {
        demo_pool_free(p);
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
        demo_pool_free(p);
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
        demo_pool_free(p);
    return rc;
}

/* One of list (n pool indexes) other than a and b (-1: nobody); lists hold at least three. */
int demo_pick_other(struct rng *r, const int *list, int n, int a, int b)
{
    for (;;) {
        int i = list[below(r, n)];
        if (i != a && i != b)
            return i;
    }
}
