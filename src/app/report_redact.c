/* What a redacted report hides (report.h; the rules are in the man page, REPORT FIGURES).
 *
 * Counts of people (cases, and what is recorded about them) from 1 to N-1 are small counts,
 * hidden as <N. The figures of the police's work (steps and follow-ups) are shown whatever
 * their size when N or more cases stand behind them, and hidden as [c] otherwise.
 *
 * A hidden figure must not be worked out from those shown. The figures are tied to each other
 * by sums (the injuries add up to the cases, so do the months, the teams, the mechanisms ...;
 * the arrests inside and outside custody to the arrests, the months' arrests to them too ...). A
 * reader who knows the rules knows an interval for each hidden count: 1..N-1 for <N, 1 or more for
 * a count of people hidden as [c] (it may be a small one), 0 or more otherwise. Those intervals
 * are narrowed through the sums until nothing changes; a hidden count left with one value (or a
 * count of 1..N-1 that is published nowhere but follows from others, such as the cases without an
 * arrest) is given away, and one more figure of one of its sums is hidden ([c]), the smallest,
 * until none is. When hiding every other figure would not help (a small total beside small parts,
 * each 1 or more: with N = 3, 2 = 1 + 1), the largest small count of its sums is marked [c]
 * instead of <N, so that no reader knows it is under N; this secondary suppression is what the
 * Government Statistical Service asks for: no hidden figure may be derived exactly. A figure of
 * work whose value is 0 because a shown total of its sum is 0 is published by that total, and is
 * not counted as given away. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "ophamp/report.h"

#define INF (LONG_MAX / 4)
#define NO_CELL (-1)

struct cell {
    struct rcount *pub; /* the published count; NULL for one only implied by others */
    long n;
    long lo, hi;   /* what a reader can work out */
    bool people;   /* a count of people, not of items of work */
    int owner;     /* hidden with this cell (a month's work with its cases), or NO_CELL */
    int rank;      /* 0: may be hidden to protect another; 1: only as a last resort; 2: never */
    bool protect;  /* its value must not be worked out when hidden (or when small, implied) */
    bool given_up; /* nothing left to hide for it */
};

struct group {
    int total, first, n; /* total = the sum of members[first .. first + n - 1] */
};

struct bound {
    int x, y;
    long k; /* x <= k * y */
};

struct sdc {
    struct cell *cells;
    int ncells, cap_cells;
    int *members;
    int nmembers, cap_members;
    struct group *groups;
    int ngroups, cap_groups;
    struct bound *bounds;
    int nbounds, cap_bounds;
    bool oom;
    long below;                 /* N */
    struct rcount due, on_time; /* the steps due and on time of the period (the steps table) */
    struct rcount step_due[STEP_COUNT], step_on_time[STEP_COUNT]; /* the same, step by step */
};

/* Makes room for one more entry of an array; false (and s->oom) when out of memory. */
static bool room(struct sdc *s, void **a, int n, int *cap, size_t size)
{
    if (n < *cap)
        return true;
    int c = *cap ? *cap * 2 : 256;
    void *p = realloc(*a, size * (size_t)c);
    if (!p) {
        s->oom = true;
        return false;
    }
    *a = p;
    *cap = c;
    return true;
}

static int cell(struct sdc *s, struct rcount *pub, long n, bool people)
{
    if (!room(s, (void **)&s->cells, s->ncells, &s->cap_cells, sizeof *s->cells))
        return 0; /* the caller's work is thrown away: s->oom */
    struct cell *c = &s->cells[s->ncells];
    memset(c, 0, sizeof *c);
    c->pub = pub;
    c->n = pub ? pub->n : n;
    c->people = people;
    c->owner = NO_CELL;
    c->protect = pub != NULL || (people && n > 0 && n < s->below);
    return s->ncells++;
}

static void group(struct sdc *s, int total, int n, const int *parts)
{
    if (!room(s, (void **)&s->groups, s->ngroups, &s->cap_groups, sizeof *s->groups))
        return;
    s->groups[s->ngroups++] = (struct group){total, s->nmembers, n};
    for (int i = 0; i < n; i++) {
        if (!room(s, (void **)&s->members, s->nmembers, &s->cap_members, sizeof *s->members))
            return;
        s->members[s->nmembers++] = parts[i];
    }
}

/* x <= k * y */
static void bound(struct sdc *s, int x, int y, long k)
{
    if (room(s, (void **)&s->bounds, s->nbounds, &s->cap_bounds, sizeof *s->bounds))
        s->bounds[s->nbounds++] = (struct bound){x, y, k};
}

/* A group of two: total = a + b. */
static void pair(struct sdc *s, int total, int a, int b)
{
    int parts[2] = {a, b};
    group(s, total, 2, parts);
}

static long add(long a, long b)
{
    return a >= INF || b >= INF ? INF : a + b;
}

static bool narrow(struct cell *c, long lo, long hi)
{
    bool changed = false;
    if (lo > c->lo) {
        c->lo = lo;
        changed = true;
    }
    if (hi < c->hi) {
        c->hi = hi;
        changed = true;
    }
    return changed;
}

/* The intervals a reader starts from: the marks. */
static void start(struct sdc *s)
{
    for (int i = 0; i < s->ncells; i++) {
        struct cell *c = &s->cells[i];
        if (c->pub && !c->pub->hidden)
            c->lo = c->hi = c->n;
        else if (c->pub && c->pub->small)
            c->lo = 1, c->hi = s->below - 1;
        else if (c->pub && c->people)
            c->lo = 1, c->hi = INF; /* [c] hides no 0, and may hide a small count */
        else
            c->lo = 0, c->hi = INF;
    }
}

static bool propagate_group(struct sdc *s, const struct group *g)
{
    bool changed = false;
    long lo = 0, hi = 0;
    int n_inf = 0;
    long hi_finite = 0;
    for (int i = 0; i < g->n; i++) {
        const struct cell *c = &s->cells[s->members[g->first + i]];
        lo = add(lo, c->lo);
        if (c->hi >= INF)
            n_inf++;
        else
            hi_finite += c->hi;
    }
    hi = n_inf ? INF : hi_finite;
    struct cell *t = &s->cells[g->total];
    changed |= narrow(t, lo, hi);
    for (int i = 0; i < g->n; i++) {
        struct cell *c = &s->cells[s->members[g->first + i]];
        long others_lo = lo >= INF ? INF : lo - c->lo;
        bool others_inf = n_inf > (c->hi >= INF ? 1 : 0);
        long others_hi = others_inf ? INF : hi_finite - (c->hi >= INF ? 0 : c->hi);
        long new_hi = t->hi >= INF || others_lo >= INF ? INF : t->hi - others_lo;
        long new_lo = others_hi >= INF ? 0 : t->lo - others_hi;
        changed |= narrow(c, new_lo, new_hi);
    }
    return changed;
}

static bool propagate_bound(struct sdc *s, const struct bound *b)
{
    struct cell *x = &s->cells[b->x], *y = &s->cells[b->y];
    long x_hi = y->hi >= INF / b->k ? INF : b->k * y->hi;
    bool changed = narrow(x, 0, x_hi);
    return narrow(y, (x->lo + b->k - 1) / b->k, INF) || changed;
}

/* Narrows every interval through the sums and bounds until nothing changes. */
static void propagate(struct sdc *s)
{
    for (int pass = 0; pass < 100000; pass++) {
        bool changed = false;
        for (int i = 0; i < s->ngroups; i++)
            changed |= propagate_group(s, &s->groups[i]);
        for (int i = 0; i < s->nbounds; i++)
            changed |= propagate_bound(s, &s->bounds[i]);
        if (!changed)
            return;
    }
}

static bool is_hidden(const struct cell *c)
{
    return c->pub && c->pub->hidden;
}

/* Whether cell i is a member of a sum whose total is shown as 0: then it is 0 for all to see. */
static bool in_zero_sum(const struct sdc *s, int i)
{
    for (int g = 0; g < s->ngroups; g++) {
        const struct group *gr = &s->groups[g];
        const struct cell *t = &s->cells[gr->total];
        if (!t->pub || t->pub->hidden || t->n != 0)
            continue;
        for (int k = 0; k < gr->n; k++)
            if (s->members[gr->first + k] == i)
                return true;
    }
    return false;
}

/* A figure whose value is given away: hidden, or small and implied, and worked out exactly. */
static int given_away(const struct sdc *s)
{
    for (int i = 0; i < s->ncells; i++) {
        const struct cell *c = &s->cells[i];
        if (!c->protect || c->given_up || c->lo != c->hi)
            continue;
        if (!c->people && c->lo == 0 && in_zero_sum(s, i))
            continue;
        if (is_hidden(c) || (!c->pub && c->people && c->n > 0 && c->n < s->below))
            return i;
    }
    return NO_CELL;
}

static void hide(struct sdc *s, int i)
{
    struct cell *c = &s->cells[i];
    if (c->pub && !c->pub->hidden) {
        c->pub->hidden = true;
        c->pub->small = false;
    }
    for (int k = 0; k < s->ncells; k++)
        if (s->cells[k].owner == i)
            hide(s, k);
}

/* What could be hidden in place of a member of a group: itself, or what it is hidden with. */
static int stand_in(const struct sdc *s, int i)
{
    const struct cell *c = &s->cells[i];
    if (c->owner != NO_CELL)
        return stand_in(s, c->owner);
    if (!c->pub || c->pub->hidden || c->n <= 0 || c->rank >= 2)
        return NO_CELL;
    return i;
}

/* The shown figure, in a sum with cell `bad`, whose hiding loses the least. */
static int second_choice(const struct sdc *s, int bad)
{
    int best = NO_CELL;
    for (int g = 0; g < s->ngroups; g++) {
        const struct group *gr = &s->groups[g];
        bool in = gr->total == bad;
        for (int i = 0; i < gr->n && !in; i++)
            in = s->members[gr->first + i] == bad;
        if (!in)
            continue;
        for (int i = -1; i < gr->n; i++) {
            int k = stand_in(s, i < 0 ? gr->total : s->members[gr->first + i]);
            if (k == NO_CELL || k == bad)
                continue;
            const struct cell *a = &s->cells[k];
            if (best == NO_CELL || a->rank < s->cells[best].rank ||
                (a->rank == s->cells[best].rank && a->n < s->cells[best].n))
                best = k;
        }
    }
    return best;
}

/* Whether cell `bad` would still be worked out with every figure that may be hidden hidden:
 * then its own marks give it away (a small total of small parts, each 1 or more, with N = 3:
 * 1 + 1 of at most 2), and hiding more would only lose figures. */
static bool hopeless(struct sdc *s, int bad)
{
    bool *was = malloc(sizeof *was * 2 * (size_t)s->ncells);
    if (!was) {
        s->oom = true;
        return true;
    }
    for (int i = 0; i < s->ncells; i++) {
        const struct rcount *p = s->cells[i].pub;
        was[2 * i] = p && p->hidden;
        was[2 * i + 1] = p && p->small;
    }
    for (int i = 0; i < s->ncells; i++)
        if (stand_in(s, i) == i)
            hide(s, i);
    start(s);
    propagate(s);
    bool worked_out = s->cells[bad].lo == s->cells[bad].hi;
    for (int i = 0; i < s->ncells; i++)
        if (s->cells[i].pub) {
            s->cells[i].pub->hidden = was[2 * i];
            s->cells[i].pub->small = was[2 * i + 1];
        }
    free(was);
    return worked_out;
}

/* Whether cell i is the total or a member of group g. */
static bool in_group(const struct sdc *s, const struct group *g, int i)
{
    if (g->total == i)
        return true;
    for (int k = 0; k < g->n; k++)
        if (s->members[g->first + k] == i)
            return true;
    return false;
}

/* When cell `bad` is worked out from the marks of small counts alone (a small total beside its
 * small parts, each 1 or more), the largest small count among its sums, a total before a part,
 * is hidden as [c] instead of <N: its reader no longer knows it is under N. False when there is
 * none. */
static bool demote(struct sdc *s, int bad)
{
    int best = NO_CELL;
    bool best_total = false;
    for (int g = 0; g < s->ngroups; g++) {
        const struct group *gr = &s->groups[g];
        if (!in_group(s, gr, bad))
            continue;
        for (int i = -1; i < gr->n; i++) {
            int k = i < 0 ? gr->total : s->members[gr->first + i];
            const struct cell *c = &s->cells[k];
            if (!c->pub || !c->pub->small)
                continue;
            bool total = i < 0;
            if (best == NO_CELL || c->n > s->cells[best].n ||
                (c->n == s->cells[best].n && total && !best_total))
                best = k, best_total = total;
        }
    }
    if (best == NO_CELL)
        return false;
    s->cells[best].pub->small = false;
    return true;
}

/* Hides more figures until no hidden one can be worked out. */
static void protect(struct sdc *s)
{
    for (;;) {
        start(s);
        propagate(s);
        int bad = given_away(s);
        if (bad == NO_CELL)
            return;
        bool lost = hopeless(s, bad);
        if (s->oom)
            return;
        if (lost) {
            if (!demote(s, bad))
                s->cells[bad].given_up = true;
            continue;
        }
        int k = second_choice(s, bad);
        if (k == NO_CELL)
            s->cells[bad].given_up = true; /* cannot happen with a published total */
        else
            hide(s, k);
    }
}

/* ---- the report's figures as cells and sums ----------------------------------------------- */

static void primary(struct report *r, struct rcount *c)
{
    c->hidden = c->small = c->n > 0 && c->n < r->suppress_below;
}

static void primaries_of(struct report *r, struct rcount *c, int n)
{
    for (int i = 0; i < n; i++)
        primary(r, &c[i]);
}

static void primaries(struct report *r)
{
    primary(r, &r->cases);
    primary(r, &r->arrested);
    primary(r, &r->custody);
    primary(r, &r->custody_arrested);
    primary(r, &r->days_off_cases);
    primaries_of(r, r->injury, INJURY_COUNT);
    primaries_of(r, r->outcome, OUT_COUNT);
    primary(r, &r->open);
    primaries_of(r, r->custody_outcome, OUT_COUNT);
    primary(r, &r->custody_open);
    primary(r, &r->no_arrest);
    for (int i = 0; i <= NOARREST_COUNT; i++)
        primary(r, &r->no_arrest_reason[i]);
    primary(r, &r->survey_answers);
    primaries_of(r, r->survey, 5);
    primaries_of(r, r->location, LOC_COUNT);
    primaries_of(r, r->mechanism, MECH_COUNT + 1);
    primaries_of(r, r->victim_role, ROLE_COUNT);
    primaries_of(r, r->team, r->n_teams + 1);
    primary(r, &r->known);
    primary(r, &r->known_not_arrested);
    primaries_of(r, r->not_arrested_reason, r->n_not_arrested_reasons);
    primary(r, &r->not_arrested_no_reason);
    primaries_of(r, r->open_age, AGE_COUNT);
    for (int i = 0; i < r->n_months; i++) {
        primary(r, &r->months[i].cases);
        primary(r, &r->months[i].arrested);
        primary(r, &r->months[i].custody);
    }
}

/* Cells of n published counts of people, their indexes into out; returns out. */
static int *people_cells(struct sdc *s, struct rcount *c, int n, int *out)
{
    for (int i = 0; i < n; i++)
        out[i] = cell(s, &c[i], 0, true);
    return out;
}

/* A count of people published nowhere: whole - part, known to a reader who knows both. */
static int implied(struct sdc *s, long n)
{
    return cell(s, NULL, n, true);
}

/* A figure of work of the period that the steps table publishes (hidden with the cases). */
static int work_total(struct sdc *s, struct rcount *c, int C)
{
    int i = cell(s, c, 0, false);
    s->cells[i].owner = C;
    s->cells[i].rank = 2;
    s->cells[i].protect = false; /* not published as such */
    return i;
}

static void build(struct sdc *s, struct report *r)
{
    int parts[64];
    int C = cell(s, &r->cases, 0, true);
    if (s->oom)
        return;
    s->cells[C].rank = 1; /* the cases of the period: the last figure to hide */
    long c = r->cases.n;

    /* Custody and arrests: a table of two rows and two columns, one cell of it published. */
    long k = r->custody.n, a = r->arrested.n, ka = r->custody_arrested.n;
    int K = cell(s, &r->custody, 0, true), A = cell(s, &r->arrested, 0, true);
    int KA = cell(s, &r->custody_arrested, 0, true);
    int NK = implied(s, c - k), NA = implied(s, c - a);
    int KN = implied(s, k - ka), OA = implied(s, a - ka);
    int ON = implied(s, c - k - a + ka);
    pair(s, C, K, NK);
    pair(s, C, A, NA);
    pair(s, K, KA, KN);
    pair(s, NK, OA, ON);
    pair(s, A, KA, OA);
    pair(s, NA, KN, ON);

    int D = cell(s, &r->days_off_cases, 0, true);
    pair(s, C, D, implied(s, c - r->days_off_cases.n));
    int S = cell(s, &r->survey_answers, 0, true);
    pair(s, C, S, implied(s, c - r->survey_answers.n));

    group(s, C, INJURY_COUNT, people_cells(s, r->injury, INJURY_COUNT, parts));
    int O[OUT_COUNT];
    people_cells(s, r->outcome, OUT_COUNT, O);
    int OPEN = cell(s, &r->open, 0, true);
    for (int i = 0; i < OUT_COUNT; i++)
        parts[i] = O[i];
    parts[OUT_COUNT] = OPEN;
    group(s, C, OUT_COUNT + 1, parts);
    group(s, S, 5, people_cells(s, r->survey, 5, parts));

    /* The closed cases, whose shares the outcomes are. */
    int CLOSED = implied(s, c - r->open.n);
    pair(s, C, CLOSED, OPEN);
    group(s, CLOSED, OUT_COUNT, O);

    /* The custody assaults' outcomes: a second row of the outcomes, the rest implied. */
    int KO[OUT_COUNT + 1], OO[OUT_COUNT + 1];
    people_cells(s, r->custody_outcome, OUT_COUNT, KO);
    KO[OUT_COUNT] = cell(s, &r->custody_open, 0, true);
    group(s, K, OUT_COUNT + 1, KO);
    int KCLOSED = implied(s, k - r->custody_open.n);
    pair(s, K, KCLOSED, KO[OUT_COUNT]);
    group(s, KCLOSED, OUT_COUNT, KO);
    for (int i = 0; i <= OUT_COUNT; i++) {
        const struct rcount *all = i < OUT_COUNT ? &r->outcome[i] : &r->open;
        const struct rcount *cu = i < OUT_COUNT ? &r->custody_outcome[i] : &r->custody_open;
        OO[i] = implied(s, all->n - cu->n);
        pair(s, i < OUT_COUNT ? O[i] : OPEN, KO[i], OO[i]);
    }
    group(s, NK, OUT_COUNT + 1, OO);

    /* The breakdowns, each adding up to the cases (custody is the location kind's). */
    for (int i = 0; i < LOC_COUNT; i++)
        parts[i] = i == LOC_CUSTODY ? K : cell(s, &r->location[i], 0, true);
    group(s, C, LOC_COUNT, parts);
    group(s, C, MECH_COUNT + 1, people_cells(s, r->mechanism, MECH_COUNT + 1, parts));
    long roles = 0;
    people_cells(s, r->victim_role, ROLE_COUNT, parts);
    for (int i = 0; i < ROLE_COUNT; i++)
        roles += r->victim_role[i].n;
    /* Every case has its victim, so a reader takes the roles to add up to the cases; only
     * if some victim could not be found is the rest an implied count. */
    if (roles == c) {
        group(s, C, ROLE_COUNT, parts);
    } else {
        parts[ROLE_COUNT] = implied(s, c - roles);
        group(s, C, ROLE_COUNT + 1, parts);
    }
    int *teams = malloc(sizeof *teams * (size_t)(r->n_teams + 1));
    if (!teams) {
        s->oom = true;
        return;
    }
    group(s, C, r->n_teams + 1, people_cells(s, r->team, r->n_teams + 1, teams));
    free(teams);

    /* Known offender: known or not, by arrested or not; the reasons of those not arrested. */
    int KN1 = cell(s, &r->known, 0, true), KNA = cell(s, &r->known_not_arrested, 0, true);
    int KA1 = implied(s, r->known.n - r->known_not_arrested.n);
    int UK = implied(s, c - r->known.n);
    int AO = implied(s, a - (r->known.n - r->known_not_arrested.n));
    int NAO = implied(s, (c - a) - r->known_not_arrested.n);
    pair(s, C, KN1, UK);
    pair(s, KN1, KA1, KNA);
    pair(s, A, KA1, AO);
    pair(s, NA, KNA, NAO);
    pair(s, UK, AO, NAO);
    if (r->n_not_arrested_reasons > 0) {
        int n = r->n_not_arrested_reasons;
        people_cells(s, r->not_arrested_reason, n, parts);
        parts[n] = cell(s, &r->not_arrested_no_reason, 0, true);
        group(s, KNA, n + 1, parts);
    }

    group(s, OPEN, AGE_COUNT, people_cells(s, r->open_age, AGE_COUNT, parts));

    /* The months: their cases, arrests and custody assaults add up to the period's; their
     * steps due and on time, step by step and in all, to the steps table's (hidden with the
     * period's cases). A month's steps are hidden with its cases. */
    /* Known offenders not arrested, closed: some of the cases without an arrest; by reason. */
    int NOA = cell(s, &r->no_arrest, 0, true);
    pair(s, NA, NOA, cell(s, NULL, c - a - r->no_arrest.n, true));
    pair(s, KNA, NOA, implied(s, r->known_not_arrested.n - r->no_arrest.n));
    for (int i = 0; i <= NOARREST_COUNT; i++)
        parts[i] = cell(s, &r->no_arrest_reason[i], 0, true);
    group(s, NOA, NOARREST_COUNT + 1, parts);

    /* The months: their cases add up to the period's; their steps due and on time to the steps
     * table's (hidden with the period's cases). A month's steps are hidden with its cases. */
    for (int k2 = CMP_ON_TIME; k2 <= CMP_OVERDUE; k2++)
        for (int st = 0; st < STEP_COUNT; st++) {
            s->due.n += r->steps[st].cmp.c[k2].n;
            s->step_due[st].n += r->steps[st].cmp.c[k2].n;
            if (k2 == CMP_ON_TIME) {
                s->on_time.n += r->steps[st].cmp.c[k2].n;
                s->step_on_time[st].n += r->steps[st].cmp.c[k2].n;
            }
        }
    s->due.hidden = s->on_time.hidden = r->cases.hidden;
    int DUE = work_total(s, &s->due, C), ONT = work_total(s, &s->on_time, C);
    int SDUE[STEP_COUNT], SONT[STEP_COUNT];
    for (int st = 0; st < STEP_COUNT; st++) {
        s->step_due[st].hidden = s->step_on_time[st].hidden = r->cases.hidden;
        SDUE[st] = work_total(s, &s->step_due[st], C);
        SONT[st] = work_total(s, &s->step_on_time[st], C);
    }
    group(s, DUE, STEP_COUNT, SDUE);
    group(s, ONT, STEP_COUNT, SONT);

    /* Per month: M, arrested, custody, not arrested, not custody, due, on time, and the steps'
     * due and on time (2 * STEP_COUNT): the cells of month i start at first + i * per. */
    enum {
        M_CASES,
        M_ARR,
        M_CUS,
        M_NARR,
        M_NCUS,
        M_DUE,
        M_ONT,
        M_STEP,
        PER = M_STEP + 2 * STEP_COUNT
    };
    int first = s->ncells;
    for (int i = 0; i < r->n_months; i++) {
        struct report_month *m = &r->months[i];
        int M = cell(s, &m->cases, 0, true);
        int Ma = cell(s, &m->arrested, 0, true), Mk = cell(s, &m->custody, 0, true);
        int Mna = implied(s, m->cases.n - m->arrested.n);
        int Mnk = implied(s, m->cases.n - m->custody.n);
        int due = cell(s, &m->steps_due, 0, false), ont = cell(s, &m->steps_on_time, 0, false);
        int sd[STEP_COUNT], so[STEP_COUNT];
        for (int st = 0; st < STEP_COUNT; st++) {
            sd[st] = cell(s, &m->step_due[st], 0, false);
            so[st] = cell(s, &m->step_on_time[st], 0, false);
        }
        if (s->oom)
            return;
        s->cells[due].owner = s->cells[ont].owner = M;
        for (int st = 0; st < STEP_COUNT; st++) {
            s->cells[sd[st]].owner = s->cells[so[st]].owner = M;
            bound(s, sd[st], M, 1);
            bound(s, so[st], sd[st], 1);
        }
        pair(s, M, Ma, Mna);
        pair(s, M, Mk, Mnk);
        bound(s, due, M, STEP_COUNT);
        bound(s, ont, due, 1);
        group(s, due, STEP_COUNT, sd);
        group(s, ont, STEP_COUNT, so);
    }
    int *list = malloc(sizeof *list * (size_t)(r->n_months > 0 ? r->n_months : 1));
    if (!list) {
        s->oom = true;
        return;
    }
    int totals[PER];
    totals[M_CASES] = C;
    totals[M_ARR] = A;
    totals[M_CUS] = K;
    totals[M_NARR] = NA;
    totals[M_NCUS] = NK;
    totals[M_DUE] = DUE;
    totals[M_ONT] = ONT;
    for (int st = 0; st < STEP_COUNT; st++) {
        totals[M_STEP + 2 * st] = SDUE[st];
        totals[M_STEP + 2 * st + 1] = SONT[st];
    }
    for (int what = 0; what < PER; what++) {
        for (int i = 0; i < r->n_months; i++)
            list[i] = first + PER * i + what;
        group(s, totals[what], r->n_months, list);
    }
    free(list);
}

static void hide_compliance(struct report_compliance *c)
{
    c->total.hidden = true;
    for (int k = 0; k < CMP_COUNT; k++)
        c->c[k].hidden = true;
}

int report_redact(struct report *r)
{
    primaries(r);
    /* A month's steps are figures of fewer than N cases when its cases are a small count. */
    for (int i = 0; i < r->n_months; i++) {
        struct report_month *m = &r->months[i];
        m->steps_due.hidden = m->steps_on_time.hidden = m->cases.hidden;
        for (int st = 0; st < STEP_COUNT; st++)
            m->step_due[st].hidden = m->step_on_time[st].hidden = m->cases.hidden;
    }

    struct sdc s = {.below = r->suppress_below};
    build(&s, r);
    if (!s.oom)
        protect(&s);
    bool oom = s.oom;
    free(s.cells);
    free(s.members);
    free(s.groups);
    free(s.bounds);
    if (oom)
        return -1;
    r->location[LOC_CUSTODY] = r->custody; /* the same figure */

    /* The steps, follow-ups, RIDDOR reports and evidence items are shown whole when N or more
     * cases stand behind them (and their number is shown), and hidden whole otherwise. */
    bool few = r->cases.hidden;
    for (int st = 0; st < STEP_COUNT; st++) {
        struct report_step *p = &r->steps[st];
        if (few)
            hide_compliance(&p->cmp);
        /* A median of fewer than N times is one of them. */
        long done = p->cmp.c[CMP_ON_TIME].n + p->cmp.c[CMP_LATE].n;
        if (few || (done > 0 && done < r->suppress_below))
            p->median_minutes = REPORT_HIDDEN;
    }
    if (few) {
        for (int g = 0; g < FG_COUNT; g++)
            hide_compliance(&r->followups[g]);
        hide_compliance(&r->riddor);
        for (int k = 0; k < EV_KIND_COUNT; k++)
            hide_compliance(&r->evidence[k]);
    }
    if (r->days_off_cases.hidden)
        r->days_lost = REPORT_HIDDEN;
    /* The mean score and the answers give the sum of the scores: with a hidden score that is
     * one more sum to work it out from. */
    bool score_hidden = r->survey_answers.hidden;
    for (int i = 0; i < 5; i++)
        score_hidden = score_hidden || r->survey[i].hidden;
    if (score_hidden)
        r->survey_sum = REPORT_HIDDEN;
    /* The overdue list names cases: never in a redacted report. */
    free(r->overdue);
    r->overdue = NULL;
    r->n_overdue = 0;
    return 0;
}
