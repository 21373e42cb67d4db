/* The scrutiny report's figures (report.h): the store streams the period's cases one at a time,
 * this file counts them (the period, then the period before it), then hides the small counts a
 * redacted report must not show. Memory does not grow with the number of cases: the medians
 * come from per-minute histograms, the overdue list keeps the longest overdue items only, and
 * the victims' roles and teams are looked up in a table of the people (who are far fewer). */
#include "ophamp/report.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "ophamp/app.h"
#include "report_internal.h"

enum followup_group report_followup_group(enum followup_kind k)
{
    switch (k) {
    case FU_WELFARE:
        return FG_WELFARE;
    case FU_VICTIM_UPDATE:
    case FU_OUTCOME_NOTICE:
        return FG_VICTIM;
    case FU_DUTY:
        return FG_DUTY;
    case FU_RIDDOR:
        return FG_RIDDOR;
    case FU_FORCE:
    case FU_COUNT:
        break;
    }
    return FG_FORCE;
}

/* ---- the period ------------------------------------------------------------------------ */

static struct oph_date month_add(struct oph_date d, int months)
{
    int m = d.year * 12 + (d.month - 1) + months;
    return (struct oph_date){m / 12, m % 12 + 1, 1};
}

void report_default_period(oph_time now, struct oph_date *from, struct oph_date *to)
{
    *to = london_date(now);
    *from = month_add(*to, -11);
}

int report_all_time_period(struct app *app, struct oph_date *from, struct oph_date *to,
                           struct oph_error *err)
{
    oph_time first = app->now;
    if (store_report_first(app->store, &first, err) < 0)
        return -1;
    *to = london_date(app->now);
    *from = london_date(first < app->now ? first : app->now);
    return 0;
}

void report_previous_period(struct oph_date from, struct oph_date to, struct oph_date *pfrom,
                            struct oph_date *pto)
{
    int64_t a = cal_days_from_civil(from), b = cal_days_from_civil(to);
    *pto = cal_civil_from_days(a - 1);
    *pfrom = cal_civil_from_days(a - 1 - (b - a));
}

static oph_time london_midnight(struct oph_date d)
{
    struct oph_local l = {d.year, d.month, d.day, 0, 0, 0};
    oph_time t = 0;
    london_to_utc(l, &t); /* midnight is never skipped in London: clocks change at 01:00 */
    return t;
}

/* ---- counting ---------------------------------------------------------------------------- */

struct tally {
    struct report *r;
    oph_time from, to;
    oph_time *bounds; /* n_months + 1 month starts (UTC), the first and last cut to the period */
    struct hist hist[STEP_COUNT];
    const struct people *people;
    struct overdue_heap overdue;
    int64_t last_id;
    struct oph_error *err;
};

static enum compliance classify(const struct report_item *it, oph_time now)
{
    if (it->status == STATUS_DONE)
        return it->late ? CMP_LATE : CMP_ON_TIME;
    if (it->status == STATUS_NA)
        return CMP_NA;
    return it->due_at < now ? CMP_OVERDUE : CMP_PENDING;
}

static enum compliance classify_evidence(const struct report_evidence *e, oph_time now)
{
    switch (e->status) {
    case EVS_SECURED:
    case EVS_SUBMITTED:
        return e->updated_at <= e->due_at ? CMP_ON_TIME : CMP_LATE;
    case EVS_NOT_AVAILABLE:
        return CMP_NA;
    default:
        return e->due_at < now ? CMP_OVERDUE : CMP_PENDING;
    }
}

static int month_of(const struct tally *t, oph_time at)
{
    int lo = 0, hi = t->r->n_months - 1;
    while (lo < hi) {
        int mid = (lo + hi + 1) / 2;
        if (t->bounds[mid] <= at)
            lo = mid;
        else
            hi = mid - 1;
    }
    return lo;
}

static void overdue(struct tally *t, int64_t case_id, enum due_kind kind, int64_t item,
                    oph_time due)
{
    t->r->overdue_total++;
    struct report_overdue o = {.case_id = case_id, .kind = kind, .item_id = item, .due_at = due};
    rp_heap_push(&t->overdue, &o);
}

static void count_case_items(struct tally *t, const struct report_case *c)
{
    struct report *r = t->r;
    for (int i = 0; i < c->n_followups; i++) {
        const struct report_followup *f = &c->followups[i];
        if ((unsigned)f->kind >= FU_COUNT || f->item.status < 0)
            continue;
        enum compliance k = classify(&f->item, r->now);
        /* The finished follow-ups are counted from report_done (count_case), except the RIDDOR
         * reports, handed over here whole for their own table. */
        if (f->kind == FU_RIDDOR) {
            r->riddor.total.n++;
            r->riddor.c[k].n++;
        }
        if (f->item.status == STATUS_PENDING) {
            struct report_compliance *to = &r->followups[report_followup_group(f->kind)];
            to->total.n++;
            to->c[k].n++;
        }
        if (k == CMP_OVERDUE)
            overdue(t, c->id, DUE_FOLLOWUP, f->id, f->item.due_at);
    }
    for (int i = 0; i < c->n_evidence; i++) {
        const struct report_evidence *e = &c->evidence[i];
        if ((unsigned)e->kind >= EV_KIND_COUNT)
            continue;
        enum compliance k = classify_evidence(e, r->now);
        r->evidence[e->kind].total.n++;
        r->evidence[e->kind].c[k].n++;
        if (k == CMP_OVERDUE)
            overdue(t, c->id, DUE_EVIDENCE, e->id, e->due_at);
    }
}

static int count_case(void *ctx, const struct report_case *c)
{
    struct tally *t = ctx;
    struct report *r = t->r;
    count_case_items(t, c);
    if (c->id == t->last_id)
        return 0; /* the rest of a case's items: the case itself is counted */
    t->last_id = c->id;
    static const enum compliance fin[FIN_COUNT] = {CMP_ON_TIME, CMP_LATE, CMP_NA};
    for (int g = 0; g < FG_COUNT; g++)
        for (int k = 0; k < FIN_COUNT; k++) {
            r->followups[g].c[fin[k]].n += c->followups_finished[g][k];
            r->followups[g].total.n += c->followups_finished[g][k];
        }

    r->cases.n++;
    struct report_month *m = &r->months[month_of(t, c->reported_at)];
    m->cases.n++;
    bool custody = c->location_kind == LOC_CUSTODY;
    if (c->arrested) {
        r->arrested.n++;
        m->arrested.n++;
    }
    if (custody) {
        r->custody.n++;
        m->custody.n++;
        if (c->arrested)
            r->custody_arrested.n++;
    }
    if (c->location_kind >= 0 && c->location_kind < LOC_COUNT)
        r->location[c->location_kind].n++;
    r->mechanism[c->mechanism >= 0 && c->mechanism < MECH_COUNT ? c->mechanism : MECH_COUNT].n++;
    int who = rp_person_at(t->people, c->victim_id);
    if (who >= 0 && t->people->role[who] < ROLE_COUNT)
        r->victim_role[t->people->role[who]].n++;
    int team = who >= 0 ? t->people->team[who] : -1;
    r->team[team >= 0 && team < r->n_teams ? team : r->n_teams].n++;
    if (c->injury >= 0 && c->injury < INJURY_COUNT)
        r->injury[c->injury].n++;
    if (c->days_off > 0) {
        r->days_off_cases.n++;
        r->days_lost += c->days_off;
    }
    if (c->offender_known == TRI_YES) {
        r->known.n++;
        if (!c->arrested) {
            r->known_not_arrested.n++;
            int why = c->not_arrested_reason;
            if (why >= 0 && why < r->n_not_arrested_reasons)
                r->not_arrested_reason[why].n++;
            else
                r->not_arrested_no_reason.n++;
        }
    }
    if (c->open) {
        r->open.n++;
        if (custody)
            r->custody_open.n++;
        oph_time age = r->now - c->reported_at;
        r->open_age[age <= 30 * 86400L   ? AGE_30
                    : age <= 60 * 86400L ? AGE_60
                    : age <= 90 * 86400L ? AGE_90
                                         : AGE_OVER_90]
            .n++;
    } else if (c->outcome >= 0 && c->outcome < OUT_COUNT) {
        r->outcome[c->outcome].n++;
        if (custody)
            r->custody_outcome[c->outcome].n++;
    }
    if (!c->open && c->offender_known == TRI_YES && !c->arrested) {
        r->no_arrest.n++;
        int why = c->no_arrest_reason >= 0 && c->no_arrest_reason < NOARREST_COUNT
                      ? c->no_arrest_reason
                      : NOARREST_COUNT;
        r->no_arrest_reason[why].n++;
    }
    if (c->support_score >= 1 && c->support_score <= 5) {
        r->survey_answers.n++;
        r->survey[c->support_score - 1].n++;
        r->survey_sum += c->support_score;
    }
    for (int s = 0; s < STEP_COUNT; s++) {
        const struct report_item *it = &c->steps[s];
        if (it->status < 0)
            continue;
        enum compliance k = classify(it, r->now);
        r->steps[s].cmp.total.n++;
        r->steps[s].cmp.c[k].n++;
        if (k == CMP_ON_TIME || k == CMP_LATE || k == CMP_OVERDUE) {
            m->steps_due.n++;
            m->step_due[s].n++;
        }
        if (k == CMP_ON_TIME) {
            m->steps_on_time.n++;
            m->step_on_time[s].n++;
        }
        if (k == CMP_OVERDUE)
            overdue(t, c->id, DUE_STEP, s, it->due_at);
        if (it->status == STATUS_DONE &&
            rp_hist_add(&t->hist[s], (long)((it->done_at - c->reported_at) / 60)) != 0)
            return oph_fail(t->err, OPH_DB, "out of memory counting the report");
    }
    return 0;
}

/* ---- counting in two threads ------------------------------------------------------------- */

/* Below this many case ids a second thread costs more than it saves. */
#define PARALLEL_MIN_CASES 2000

static void add_counts(struct rcount *a, const struct rcount *b, int n)
{
    for (int i = 0; i < n; i++)
        a[i].n += b[i].n;
}

static void add_compliance(struct report_compliance *a, const struct report_compliance *b)
{
    add_counts(&a->total, &b->total, 1);
    add_counts(a->c, b->c, CMP_COUNT);
}

static int hist_merge(struct hist *a, const struct hist *b)
{
    if (b->size > a->size) {
        unsigned *p = realloc(a->count, sizeof *p * (size_t)b->size);
        if (!p)
            return -1;
        memset(p + a->size, 0, sizeof *p * (size_t)(b->size - a->size));
        a->count = p;
        a->size = b->size;
    }
    for (long m = 0; m < b->size; m++)
        a->count[m] += b->count[m];
    a->n += b->n - b->n_over;
    for (long i = 0; i < b->n_over; i++)
        if (rp_hist_add(a, b->over[i]))
            return -1;
    return 0;
}

/* Adds b's counts to a (the same period). */
static int tally_merge(struct tally *a, const struct tally *b)
{
    struct report *x = a->r;
    const struct report *y = b->r;
    add_counts(&x->cases, &y->cases, 1);
    add_counts(&x->arrested, &y->arrested, 1);
    add_counts(&x->custody, &y->custody, 1);
    add_counts(&x->custody_arrested, &y->custody_arrested, 1);
    add_counts(x->injury, y->injury, INJURY_COUNT);
    add_counts(&x->days_off_cases, &y->days_off_cases, 1);
    x->days_lost += y->days_lost;
    add_counts(x->outcome, y->outcome, OUT_COUNT);
    add_counts(&x->open, &y->open, 1);
    add_counts(x->custody_outcome, y->custody_outcome, OUT_COUNT);
    add_counts(&x->custody_open, &y->custody_open, 1);
    add_counts(&x->no_arrest, &y->no_arrest, 1);
    add_counts(x->no_arrest_reason, y->no_arrest_reason, NOARREST_COUNT + 1);
    for (int s = 0; s < STEP_COUNT; s++)
        add_compliance(&x->steps[s].cmp, &y->steps[s].cmp);
    for (int g = 0; g < FG_COUNT; g++)
        add_compliance(&x->followups[g], &y->followups[g]);
    add_compliance(&x->riddor, &y->riddor);
    for (int k = 0; k < EV_KIND_COUNT; k++)
        add_compliance(&x->evidence[k], &y->evidence[k]);
    add_counts(&x->survey_answers, &y->survey_answers, 1);
    add_counts(x->survey, y->survey, 5);
    x->survey_sum += y->survey_sum;
    add_counts(x->location, y->location, LOC_COUNT);
    add_counts(x->mechanism, y->mechanism, MECH_COUNT + 1);
    add_counts(x->victim_role, y->victim_role, ROLE_COUNT);
    add_counts(x->team, y->team, x->n_teams + 1);
    add_counts(&x->known, &y->known, 1);
    add_counts(&x->known_not_arrested, &y->known_not_arrested, 1);
    add_counts(x->not_arrested_reason, y->not_arrested_reason, REPORT_REASONS_MAX);
    add_counts(&x->not_arrested_no_reason, &y->not_arrested_no_reason, 1);
    add_counts(x->open_age, y->open_age, AGE_COUNT);
    x->overdue_total += y->overdue_total;
    for (int i = 0; i < b->overdue.n; i++)
        rp_heap_push(&a->overdue, &b->overdue.e[i]);
    for (int i = 0; i < x->n_months; i++) {
        struct report_month *p = &x->months[i];
        const struct report_month *q = &y->months[i];
        add_counts(&p->cases, &q->cases, 1);
        add_counts(&p->arrested, &q->arrested, 1);
        add_counts(&p->custody, &q->custody, 1);
        add_counts(&p->steps_due, &q->steps_due, 1);
        add_counts(&p->steps_on_time, &q->steps_on_time, 1);
        add_counts(p->step_due, q->step_due, STEP_COUNT);
        add_counts(p->step_on_time, q->step_on_time, STEP_COUNT);
    }
    for (int s = 0; s < STEP_COUNT; s++)
        if (hist_merge(&a->hist[s], &b->hist[s]))
            return oph_fail(a->err, OPH_DB, "out of memory counting the report");
    return 0;
}

struct job {
    struct store *store;
    struct tally *t;
    int64_t lo, hi;
    int rc;
};

static void *run_job(void *arg)
{
    struct job *j = arg;
    j->rc = store_report_scan(j->store, j->t->from, j->t->to, j->lo, j->hi, count_case, j->t,
                              j->t->err);
    return NULL;
}

/* Counts the period's cases into t. A long period is counted in two halves of the case ids at
 * once, the second on its own read-only connection in a second thread, then added up: the
 * figures are the same, the wall time about half on two free cores. */
static int count_period(struct app *app, struct tally *t)
{
    int64_t lo = 0, hi = -1;
    int found = store_report_range(app->store, t->from, t->to, &lo, &hi, t->err);
    if (found <= 0)
        return found;
    struct store *second = NULL;
    struct oph_error err2 = {0};
    if (hi - lo >= PARALLEL_MIN_CASES)
        second = store_open_reader(app->store, &err2);
    if (!second) /* short, or no second connection: one pass */
        return store_report_scan(app->store, t->from, t->to, lo, hi, count_case, t, t->err);

    struct report part = {.now = t->r->now,
                          .n_months = t->r->n_months,
                          .n_teams = t->r->n_teams,
                          .n_not_arrested_reasons = t->r->n_not_arrested_reasons};
    part.months = calloc((size_t)part.n_months, sizeof *part.months);
    part.team = calloc((size_t)part.n_teams + 1, sizeof *part.team);
    struct tally t2 = {.r = &part,
                       .from = t->from,
                       .to = t->to,
                       .bounds = t->bounds,
                       .people = t->people,
                       .last_id = -1,
                       .err = &err2};
    if (t->overdue.e)
        t2.overdue.e = malloc(sizeof *t2.overdue.e * REPORT_OVERDUE_MAX);
    int64_t mid = lo + (hi - lo) / 2;
    struct job j2 = {second, &t2, mid + 1, hi, -1};
    pthread_t th;
    bool threaded = part.months && part.team && (t2.overdue.e || !t->overdue.e) &&
                    pthread_create(&th, NULL, run_job, &j2) == 0;
    int rc = store_report_scan(app->store, t->from, t->to, lo, threaded ? mid : hi, count_case, t,
                               t->err);
    if (threaded) {
        pthread_join(th, NULL);
        if (rc == 0 && j2.rc != 0) {
            *t->err = err2;
            rc = -1;
        }
        if (rc == 0)
            rc = tally_merge(t, &t2);
    }
    for (int s = 0; s < STEP_COUNT; s++)
        rp_hist_free(&t2.hist[s]);
    free(part.months);
    free(part.team);
    free(t2.overdue.e);
    store_close(second);
    return rc;
}

/* ---- the report ---------------------------------------------------------------------------- */

static struct oph_date month_last(struct oph_date first)
{
    struct oph_date next = month_add(first, 1);
    return cal_civil_from_days(cal_days_from_civil(next) - 1);
}

/* Counts one period into out (cleared first): the figures before any redaction. */
static int count_one(struct app *app, struct oph_date from, struct oph_date to,
                     const struct people *people, bool list_overdue, struct report *out,
                     struct oph_error *err)
{
    int n_months = (to.year * 12 + to.month) - (from.year * 12 + from.month) + 1;
    out->from = from;
    out->to = to;
    out->now = app->now;
    out->months = calloc((size_t)n_months, sizeof *out->months);
    out->n_teams = people->n_teams;
    out->team = calloc((size_t)out->n_teams + 1, sizeof *out->team);
    struct tally t = {.r = out, .people = people, .last_id = -1, .err = err};
    t.bounds = calloc((size_t)n_months + 1, sizeof *t.bounds);
    if (list_overdue)
        t.overdue.e = malloc(sizeof *t.overdue.e * REPORT_OVERDUE_MAX);
    if (!out->months || !out->team || !t.bounds || (list_overdue && !t.overdue.e)) {
        free(t.bounds);
        free(t.overdue.e);
        return oph_fail(err, OPH_DB, "out of memory for the report");
    }
    out->n_months = n_months;
    struct oph_date first = {from.year, from.month, 1};
    for (int i = 0; i <= n_months; i++) {
        struct oph_date d = month_add(first, i);
        if (i < n_months) {
            struct report_month *m = &out->months[i];
            m->first = d;
            m->partial = cal_date_cmp(from, d) > 0 || cal_date_cmp(to, month_last(d)) < 0 ||
                         london_midnight(month_add(d, 1)) > app->now;
        }
        t.bounds[i] = london_midnight(d);
    }
    t.from = london_midnight(from);
    t.to = london_midnight(cal_civil_from_days(cal_days_from_civil(to) + 1));
    int rc = count_period(app, &t);
    for (int s = 0; s < STEP_COUNT; s++) {
        out->steps[s].median_minutes = rp_hist_median(&t.hist[s]);
        rp_hist_free(&t.hist[s]);
    }
    free(t.bounds);
    if (rc == 0 && t.overdue.e) {
        qsort(t.overdue.e, (size_t)t.overdue.n, sizeof *t.overdue.e, rp_cmp_overdue);
        out->overdue = t.overdue.e;
        out->n_overdue = t.overdue.n;
        t.overdue.e = NULL;
        rc = store_report_overdue_names(app->store, out->overdue, out->n_overdue, err);
    }
    free(t.overdue.e);
    return rc;
}

int report_compute(struct app *app, struct oph_date from, struct oph_date to,
                   const struct redactor *red, struct report *out, struct oph_error *err)
{
    memset(out, 0, sizeof *out);
    if (cal_date_cmp(from, to) > 0)
        return oph_fail(err, OPH_INVALID, "the period starts after it ends");
    int n_months = (to.year * 12 + to.month) - (from.year * 12 + from.month) + 1;
    if (n_months > REPORT_MONTHS_MAX)
        return oph_fail(err, OPH_INVALID, "the period is longer than %d years",
                        REPORT_MONTHS_MAX / 12);
    if (app_log_head(app, out->audit_head, err))
        return -1;
    out->redacted = red && red->on;
    out->suppress_below = red ? red->suppress_below : REDACT_DEFAULT_SUPPRESS;
    struct people people = {.err = err};
    if (store_report_people(app->store, rp_add_person, &people, err) ||
        (people.n_teams > 0 && rp_sort_teams(&people) &&
         oph_fail(err, OPH_DB, "out of memory for the report"))) {
        rp_people_free(&people);
        return -1;
    }
    /* The previous period of the same length: as long as this one, so within the limit. */
    struct oph_date pfrom, pto;
    report_previous_period(from, to, &pfrom, &pto);
    struct report *prev = calloc(1, sizeof *prev);
    int rc = prev ? 0 : oph_fail(err, OPH_DB, "out of memory for the report");
    if (rc == 0)
        rc = count_one(app, from, to, &people, !out->redacted, out, err);
    out->team_names = people.teams; /* the report keeps the names */
    out->n_teams = people.n_teams;
    people.teams = NULL;
    if (rc == 0) {
        out->previous = prev;
        prev->is_previous = true;
        prev->redacted = out->redacted;
        prev->suppress_below = out->suppress_below;
        prev->team_names = out->team_names;
        rc = count_one(app, pfrom, pto, &people, false, prev, err);
    } else {
        free(prev);
    }
    people.n_teams = 0; /* the names are the report's now */
    rp_people_free(&people);
    if (rc == 0 && out->redacted && (report_redact(out) != 0 || report_redact(prev) != 0))
        rc = oph_fail(err, OPH_DB, "out of memory for the report");
    if (rc)
        report_done(out);
    return rc ? -1 : 0;
}

static void report_free_figures(struct report *r)
{
    free(r->months);
    r->months = NULL;
    r->n_months = 0;
    free(r->team);
    r->team = NULL;
    free(r->overdue);
    r->overdue = NULL;
    r->n_overdue = 0;
}

void report_done(struct report *r)
{
    if (r->previous) {
        report_free_figures(r->previous);
        free(r->previous);
        r->previous = NULL;
    }
    report_free_figures(r);
    if (r->team_names && !r->is_previous) {
        for (int i = 0; i < r->n_teams; i++)
            free(r->team_names[i]);
        free(r->team_names);
    }
    r->team_names = NULL;
    r->n_teams = 0;
}
