/* What a redacted report hides (report.h; the rules are in the man page, REPORT FIGURES).
 *
 * Counts of people (cases, and what is recorded about them) from 1 to N-1 are small counts,
 * hidden as <N. The figures of the police's work (steps and follow-ups) are shown whatever
 * their size when N or more cases stand behind them, and hidden as [c] otherwise.
 *
 * A hidden figure must not be worked out from those shown. The figures are tied to each other
 * by sums (the injuries add up to the cases, so do the months, the arrests inside and outside
 * custody to the arrests ...). A reader who knows the rules knows an interval for each hidden
 * count: 1..N-1 for <N, N or more for a count of people hidden as [c] (small ones are always
 * <N), 0 or more otherwise. Those intervals are narrowed through the sums until nothing
 * changes; a hidden count left with one value (or a count of 1..N-1 that is published nowhere
 * but follows from others, such as the cases without an arrest) is given away, and one more
 * figure of one of its sums is hidden ([c]), the smallest, until none is. */
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
    int ncells;
    int *members;
    int nmembers;
    struct group *groups;
    int ngroups;
    struct bound *bounds;
    int nbounds;
    long below;                 /* N */
    struct rcount due, on_time; /* the steps due and on time of the period (the steps table) */
};

static int cell(struct sdc *s, struct rcount *pub, long n, bool people)
{
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
    s->groups[s->ngroups++] = (struct group){total, s->nmembers, n};
    for (int i = 0; i < n; i++)
        s->members[s->nmembers++] = parts[i];
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
            c->lo = s->below, c->hi = INF;
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

/* A figure whose value is given away: hidden, or small and implied, and worked out exactly. */
static int given_away(const struct sdc *s)
{
    for (int i = 0; i < s->ncells; i++) {
        const struct cell *c = &s->cells[i];
        if (!c->protect || c->given_up || c->lo != c->hi)
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

/* Hides more figures until no hidden one can be worked out. */
static void protect(struct sdc *s)
{
    for (;;) {
        start(s);
        propagate(s);
        int bad = given_away(s);
        if (bad == NO_CELL)
            return;
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

static void primaries(struct report *r)
{
    primary(r, &r->cases);
    primary(r, &r->arrested);
    primary(r, &r->custody);
    primary(r, &r->custody_arrested);
    primary(r, &r->days_off_cases);
    for (int i = 0; i < INJURY_COUNT; i++)
        primary(r, &r->injury[i]);
    for (int i = 0; i < OUT_COUNT; i++)
        primary(r, &r->outcome[i]);
    primary(r, &r->open);
    primary(r, &r->no_arrest);
    for (int i = 0; i <= NOARREST_COUNT; i++)
        primary(r, &r->no_arrest_reason[i]);
    primary(r, &r->survey_answers);
    for (int i = 0; i < 5; i++)
        primary(r, &r->survey[i]);
    for (int i = 0; i < r->n_months; i++)
        primary(r, &r->months[i].cases);
}

static void build(struct sdc *s, struct report *r)
{
    int C = cell(s, &r->cases, 0, true);
    s->cells[C].rank = 1; /* the cases of the period: the last figure to hide */

    /* Custody and arrests: a table of two rows and two columns, one cell of it published. */
    long k = r->custody.n, a = r->arrested.n, ka = r->custody_arrested.n, c = r->cases.n;
    int K = cell(s, &r->custody, 0, true), A = cell(s, &r->arrested, 0, true);
    int KA = cell(s, &r->custody_arrested, 0, true);
    int NK = cell(s, NULL, c - k, true), NA = cell(s, NULL, c - a, true);
    int KN = cell(s, NULL, k - ka, true), OA = cell(s, NULL, a - ka, true);
    int ON = cell(s, NULL, c - k - a + ka, true);
    pair(s, C, K, NK);
    pair(s, C, A, NA);
    pair(s, K, KA, KN);
    pair(s, NK, OA, ON);
    pair(s, A, KA, OA);
    pair(s, NA, KN, ON);

    int D = cell(s, &r->days_off_cases, 0, true);
    pair(s, C, D, cell(s, NULL, c - r->days_off_cases.n, true));
    int S = cell(s, &r->survey_answers, 0, true);
    pair(s, C, S, cell(s, NULL, c - r->survey_answers.n, true));

    int parts[OUT_COUNT + 1];
    for (int i = 0; i < INJURY_COUNT; i++)
        parts[i] = cell(s, &r->injury[i], 0, true);
    group(s, C, INJURY_COUNT, parts);
    for (int i = 0; i < OUT_COUNT; i++)
        parts[i] = cell(s, &r->outcome[i], 0, true);
    parts[OUT_COUNT] = cell(s, &r->open, 0, true);
    group(s, C, OUT_COUNT + 1, parts);
    for (int i = 0; i < 5; i++)
        parts[i] = cell(s, &r->survey[i], 0, true);
    group(s, S, 5, parts);

    /* Known offenders not arrested, closed: some of the cases without an arrest; by reason. */
    int NOA = cell(s, &r->no_arrest, 0, true);
    pair(s, NA, NOA, cell(s, NULL, c - a - r->no_arrest.n, true));
    for (int i = 0; i <= NOARREST_COUNT; i++)
        parts[i] = cell(s, &r->no_arrest_reason[i], 0, true);
    group(s, NOA, NOARREST_COUNT + 1, parts);

    /* The months: their cases add up to the period's; their steps due and on time to the steps
     * table's (hidden with the period's cases). A month's steps are hidden with its cases. */
    for (int k2 = CMP_ON_TIME; k2 <= CMP_OVERDUE; k2++)
        for (int st = 0; st < STEP_COUNT; st++) {
            s->due.n += r->steps[st].cmp.c[k2].n;
            if (k2 == CMP_ON_TIME)
                s->on_time.n += r->steps[st].cmp.c[k2].n;
        }
    s->due.hidden = s->on_time.hidden = r->cases.hidden;
    int DUE = cell(s, &s->due, 0, false), ONT = cell(s, &s->on_time, 0, false);
    s->cells[DUE].owner = s->cells[ONT].owner = C;
    s->cells[DUE].rank = s->cells[ONT].rank = 2;
    s->cells[DUE].protect = s->cells[ONT].protect = false; /* not published as such */
    int first = s->ncells;
    for (int i = 0; i < r->n_months; i++) {
        struct report_month *m = &r->months[i];
        int M = cell(s, &m->cases, 0, true);
        int due = cell(s, &m->steps_due, 0, false), ont = cell(s, &m->steps_on_time, 0, false);
        s->cells[due].owner = s->cells[ont].owner = M;
        s->bounds[s->nbounds++] = (struct bound){due, M, STEP_COUNT};
        s->bounds[s->nbounds++] = (struct bound){ont, due, 1};
    }
    int *list = &s->members[s->nmembers];
    for (int what = 0; what < 3; what++) {
        int n = 0;
        for (int i = 0; i < r->n_months; i++)
            list[n++] = first + 3 * i + what;
        s->groups[s->ngroups++] = (struct group){what == 0   ? C
                                                 : what == 1 ? DUE
                                                             : ONT,
                                                 s->nmembers, n};
        s->nmembers += n;
        list += n;
    }
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
    for (int i = 0; i < r->n_months; i++)
        r->months[i].steps_due.hidden = r->months[i].steps_on_time.hidden =
            r->months[i].cases.hidden;

    int max_cells = 52 + 3 * r->n_months;
    struct sdc s = {.below = r->suppress_below};
    s.cells = calloc((size_t)max_cells, sizeof *s.cells);
    s.members = calloc((size_t)(72 + 3 * r->n_months), sizeof *s.members);
    s.groups = calloc(24, sizeof *s.groups);
    s.bounds = calloc((size_t)(2 * r->n_months + 1), sizeof *s.bounds);
    int rc = -1;
    if (s.cells && s.members && s.groups && s.bounds) {
        build(&s, r);
        protect(&s);
        rc = 0;
    }
    free(s.cells);
    free(s.members);
    free(s.groups);
    free(s.bounds);
    if (rc)
        return rc;

    /* The steps and follow-ups are shown whole when N or more cases stand behind them (and
     * their number is shown), and hidden whole otherwise. */
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
    if (few)
        for (int g = 0; g < FG_COUNT; g++)
            hide_compliance(&r->followups[g]);
    if (r->days_off_cases.hidden)
        r->days_lost = REPORT_HIDDEN;
    /* The mean score and the answers give the sum of the scores: with a hidden score that is
     * one more sum to work it out from. */
    bool score_hidden = r->survey_answers.hidden;
    for (int i = 0; i < 5; i++)
        score_hidden = score_hidden || r->survey[i].hidden;
    if (score_hidden)
        r->survey_sum = REPORT_HIDDEN;
    return 0;
}
