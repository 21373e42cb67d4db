/* The scrutiny report's figures (report.h): the store streams the period's cases one at a time,
 * this file counts them, then hides the small counts a redacted report must not show. Memory
 * does not grow with the number of cases: the medians come from per-minute histograms. */
#include "ophamp/report.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "ophamp/app.h"

const char *const report_compliance_key[CMP_COUNT] = {"on_time", "late", "overdue", "pending",
                                                      "not_applicable"};
const char *const report_compliance_label[CMP_COUNT] = {"Done on time", "Done late", "Overdue",
                                                        "Due later", "Not applicable"};
const char *const report_followup_key[FG_COUNT] = {
    [FG_VICTIM] = "victim_code", [FG_WELFARE] = "welfare", [FG_DUTY] = "line_managers",
    [FG_RIDDOR] = "riddor",      [FG_FORCE] = "force",
};
const char *const report_followup_label[FG_COUNT] = {
    [FG_VICTIM] = "Victim updates",      [FG_WELFARE] = "Welfare",
    [FG_DUTY] = "Line managers' duties", [FG_RIDDOR] = "RIDDOR reports",
    [FG_FORCE] = "The force's own",
};

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

static oph_time london_midnight(struct oph_date d)
{
    struct oph_local l = {d.year, d.month, d.day, 0, 0, 0};
    oph_time t = 0;
    london_to_utc(l, &t); /* midnight is never skipped in London: clocks change at 01:00 */
    return t;
}

/* ---- medians: minutes from report to done, as a histogram -------------------------------- */

#define HIST_MAX_MINUTES (400L * 24 * 60) /* past this (400 days), one overflow bucket list */

struct hist {
    unsigned *count; /* by minute */
    long size;       /* entries allocated */
    long n;
    long *over; /* minutes past HIST_MAX_MINUTES */
    long n_over, cap_over;
};

static int hist_add(struct hist *h, long minutes)
{
    if (minutes < 0)
        minutes = 0; /* done before it was reported: counts as at once */
    if (minutes >= HIST_MAX_MINUTES) {
        if (h->n_over == h->cap_over) {
            long cap = h->cap_over ? h->cap_over * 2 : 64;
            long *p = realloc(h->over, sizeof *p * (size_t)cap);
            if (!p)
                return -1;
            h->over = p;
            h->cap_over = cap;
        }
        h->over[h->n_over++] = minutes;
    } else {
        if (minutes >= h->size) {
            long size = h->size ? h->size : 4096;
            while (size <= minutes)
                size *= 2;
            if (size > HIST_MAX_MINUTES)
                size = HIST_MAX_MINUTES;
            unsigned *p = realloc(h->count, sizeof *p * (size_t)size);
            if (!p)
                return -1;
            memset(p + h->size, 0, sizeof *p * (size_t)(size - h->size));
            h->count = p;
            h->size = size;
        }
        h->count[minutes]++;
    }
    h->n++;
    return 0;
}

static int cmp_long(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;
    return (x > y) - (x < y);
}

/* The lower median: the ((n - 1) / 2)-th smallest (from 0); -1 when empty. */
static long hist_median(struct hist *h)
{
    if (h->n == 0)
        return -1;
    long k = (h->n - 1) / 2;
    for (long m = 0; m < h->size; m++) {
        if (k < (long)h->count[m])
            return m;
        k -= (long)h->count[m];
    }
    qsort(h->over, (size_t)h->n_over, sizeof *h->over, cmp_long);
    return h->over[k];
}

static void hist_free(struct hist *h)
{
    free(h->count);
    free(h->over);
}

/* ---- counting ---------------------------------------------------------------------------- */

struct tally {
    struct report *r;
    oph_time from, to;
    oph_time *bounds; /* n_months + 1 month starts (UTC), the first and last cut to the period */
    struct hist hist[STEP_COUNT];
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

static int count_case(void *ctx, const struct report_case *c)
{
    struct tally *t = ctx;
    struct report *r = t->r;
    for (int i = 0; i < c->n_followups; i++) {
        const struct report_followup *f = &c->followups[i];
        int g = (unsigned)f->kind < FU_COUNT ? (int)report_followup_group(f->kind) : -1;
        if (g < 0 || f->item.status < 0)
            continue;
        r->followups[g].total.n++;
        r->followups[g].c[classify(&f->item, r->now)].n++;
    }
    if (c->id == t->last_id)
        return 0; /* the rest of a case's follow-ups: the case itself is counted */
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
    if (c->arrested)
        r->arrested.n++;
    if (c->location_kind == LOC_CUSTODY) {
        r->custody.n++;
        if (c->arrested)
            r->custody_arrested.n++;
    }
    if (c->injury >= 0 && c->injury < INJURY_COUNT)
        r->injury[c->injury].n++;
    if (c->days_off > 0) {
        r->days_off_cases.n++;
        r->days_lost += c->days_off;
    }
    if (c->open)
        r->open.n++;
    else if (c->outcome >= 0 && c->outcome < OUT_COUNT)
        r->outcome[c->outcome].n++;
    if (!c->open && c->offender_known && !c->arrested) {
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
        if (k == CMP_ON_TIME || k == CMP_LATE || k == CMP_OVERDUE)
            m->steps_due.n++;
        if (k == CMP_ON_TIME)
            m->steps_on_time.n++;
        if (it->status == STATUS_DONE &&
            hist_add(&t->hist[s], (long)((it->done_at - c->reported_at) / 60)) != 0)
            return oph_fail(t->err, OPH_DB, "out of memory counting the report");
    }
    return 0;
}

/* ---- counting in two threads ------------------------------------------------------------- */

/* Below this many case ids a second thread costs more than it saves. */
#define PARALLEL_MIN_CASES 2000

static void add_count(struct rcount *a, const struct rcount *b)
{
    a->n += b->n;
}

static void add_compliance(struct report_compliance *a, const struct report_compliance *b)
{
    add_count(&a->total, &b->total);
    for (int k = 0; k < CMP_COUNT; k++)
        add_count(&a->c[k], &b->c[k]);
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
        if (hist_add(a, b->over[i]))
            return -1;
    return 0;
}

/* Adds b's counts to a (the same period). */
static int tally_merge(struct tally *a, const struct tally *b)
{
    struct report *x = a->r;
    const struct report *y = b->r;
    add_count(&x->cases, &y->cases);
    add_count(&x->arrested, &y->arrested);
    add_count(&x->custody, &y->custody);
    add_count(&x->custody_arrested, &y->custody_arrested);
    for (int i = 0; i < INJURY_COUNT; i++)
        add_count(&x->injury[i], &y->injury[i]);
    add_count(&x->days_off_cases, &y->days_off_cases);
    x->days_lost += y->days_lost;
    for (int i = 0; i < OUT_COUNT; i++)
        add_count(&x->outcome[i], &y->outcome[i]);
    add_count(&x->open, &y->open);
    add_count(&x->no_arrest, &y->no_arrest);
    for (int i = 0; i <= NOARREST_COUNT; i++)
        add_count(&x->no_arrest_reason[i], &y->no_arrest_reason[i]);
    for (int s = 0; s < STEP_COUNT; s++)
        add_compliance(&x->steps[s].cmp, &y->steps[s].cmp);
    for (int g = 0; g < FG_COUNT; g++)
        add_compliance(&x->followups[g], &y->followups[g]);
    add_count(&x->survey_answers, &y->survey_answers);
    for (int i = 0; i < 5; i++)
        add_count(&x->survey[i], &y->survey[i]);
    x->survey_sum += y->survey_sum;
    for (int i = 0; i < x->n_months; i++) {
        add_count(&x->months[i].cases, &y->months[i].cases);
        add_count(&x->months[i].steps_due, &y->months[i].steps_due);
        add_count(&x->months[i].steps_on_time, &y->months[i].steps_on_time);
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

    struct report part = {.now = t->r->now, .n_months = t->r->n_months};
    part.months = calloc((size_t)part.n_months, sizeof *part.months);
    struct tally t2 = {
        .r = &part, .from = t->from, .to = t->to, .bounds = t->bounds, .last_id = -1, .err = &err2};
    int64_t mid = lo + (hi - lo) / 2;
    struct job j2 = {second, &t2, mid + 1, hi, -1};
    pthread_t th;
    bool threaded = part.months && pthread_create(&th, NULL, run_job, &j2) == 0;
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
        hist_free(&t2.hist[s]);
    free(part.months);
    store_close(second);
    return rc;
}

/* ---- the report ---------------------------------------------------------------------------- */

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
    out->from = from;
    out->to = to;
    out->now = app->now;
    out->redacted = red && red->on;
    out->suppress_below = red ? red->suppress_below : REDACT_DEFAULT_SUPPRESS;
    out->months = calloc((size_t)n_months, sizeof *out->months);
    struct tally t = {.r = out, .last_id = -1, .err = err};
    t.bounds = calloc((size_t)n_months + 1, sizeof *t.bounds);
    if (!out->months || !t.bounds) {
        free(t.bounds);
        report_done(out);
        return oph_fail(err, OPH_DB, "out of memory for the report");
    }
    out->n_months = n_months;
    struct oph_date first = {from.year, from.month, 1};
    for (int i = 0; i <= n_months; i++) {
        struct oph_date d = month_add(first, i);
        if (i < n_months)
            out->months[i].first = d;
        t.bounds[i] = london_midnight(d);
    }
    t.from = london_midnight(from);
    t.to = london_midnight(cal_civil_from_days(cal_days_from_civil(to) + 1));
    int rc = count_period(app, &t);
    for (int s = 0; s < STEP_COUNT; s++) {
        out->steps[s].median_minutes = hist_median(&t.hist[s]);
        hist_free(&t.hist[s]);
    }
    free(t.bounds);
    if (rc) {
        report_done(out);
        return -1;
    }
    if (out->redacted && report_redact(out) != 0) {
        report_done(out);
        return oph_fail(err, OPH_DB, "out of memory for the report");
    }
    return 0;
}

void report_done(struct report *r)
{
    free(r->months);
    r->months = NULL;
    r->n_months = 0;
}

/* ---- shared by the renderers ---------------------------------------------------------------- */

long report_permille(struct rcount num, struct rcount den)
{
    if (num.hidden || den.hidden)
        return REPORT_HIDDEN;
    if (den.n <= 0)
        return REPORT_NONE;
    return (num.n * 1000 + den.n / 2) / den.n;
}

struct rcount report_due(const struct report *r, const struct report_compliance *c)
{
    (void)r;
    struct rcount due = {0, false, false};
    for (int k = CMP_ON_TIME; k <= CMP_OVERDUE; k++) {
        due.n += c->c[k].n;
        due.hidden = due.hidden || c->c[k].hidden;
    }
    return due;
}
