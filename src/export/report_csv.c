/* The report as tidy CSV (RFC 4180): one row per figure, section,item,measure,period,value.
 * period is the whole period (FROM/TO) or a month (YYYY-MM) for the trend; value is a number,
 * empty when there is nothing to work it out from, or when redaction hides it <N (a small
 * count) or [c] (any other figure). */
#include <stdio.h>

#include "ophamp/report_layout.h"

struct csv {
    FILE *out;
    const struct report *r;
    char period[32];
};

static void line(struct csv *c, const char *section, const char *item, const char *measure,
                 const char *period, const char *value)
{
    rp_csv_field(c->out, section, false);
    rp_csv_field(c->out, item, false);
    rp_csv_field(c->out, measure, false);
    rp_csv_field(c->out, period ? period : c->period, false);
    rp_csv_field(c->out, value, true);
}

static void count(struct csv *c, const char *section, const char *item, const char *measure,
                  const char *period, struct rcount n)
{
    char buf[24];
    line(c, section, item, measure, period, report_count_str(c->r, n, buf));
}

static void percent(struct csv *c, const char *section, const char *item, const char *measure,
                    const char *period, struct rcount num, struct rcount den)
{
    char buf[32] = "";
    long pm = report_permille(num, den);
    if (pm >= 0)
        (void)!snprintf(buf, sizeof buf, "%ld.%ld", pm / 10, pm % 10);
    else if (pm == REPORT_HIDDEN)
        (void)!snprintf(buf, sizeof buf, REPORT_MARK_HIDDEN);
    line(c, section, item, measure, period, buf);
}

static void compliance(struct csv *c, const char *section, const char *item,
                       const struct report_compliance *k)
{
    count(c, section, item, "total", NULL, k->total);
    for (int i = 0; i < CMP_COUNT; i++)
        count(c, section, item, report_compliance_key[i], NULL, k->c[i]);
    percent(c, section, item, "on_time_percent", NULL, k->c[CMP_ON_TIME], report_due(c->r, k));
}

void report_write_csv(FILE *out, const struct report *r)
{
    struct csv c = {out, r, ""};
    (void)!snprintf(c.period, sizeof c.period, "%04d-%02d-%02d/%04d-%02d-%02d", r->from.year,
                    r->from.month, r->from.day, r->to.year, r->to.month, r->to.day);
    char buf[32];
    line(&c, "section", "item", "measure", "period", "value");
    /* The protective marking is the first row, in the same five columns as every figure. */
    if (r->marking)
        line(&c, "document", "all", "marking", NULL, r->marking);
    count(&c, "cases", "all", "cases", NULL, r->cases);
    count(&c, "arrests", "all", "arrested", NULL, r->arrested);
    percent(&c, "arrests", "all", "rate_percent", NULL, r->arrested, r->cases);
    count(&c, "custody", "custody", "cases", NULL, r->custody);
    percent(&c, "custody", "custody", "share_percent", NULL, r->custody, r->cases);
    count(&c, "custody", "custody", "arrested", NULL, r->custody_arrested);
    percent(&c, "custody", "custody", "arrest_rate_percent", NULL, r->custody_arrested, r->custody);
    for (int i = 0; i < INJURY_COUNT; i++)
        count(&c, "injuries", VOCAB_INJURY.names[i], "cases", NULL, r->injury[i]);
    count(&c, "days_off", "all", "cases", NULL, r->days_off_cases);
    if (r->days_lost < 0)
        (void)!snprintf(buf, sizeof buf, REPORT_MARK_HIDDEN);
    else
        (void)!snprintf(buf, sizeof buf, "%ld", r->days_lost);
    line(&c, "days_off", "all", "days_lost", NULL, buf);
    for (int i = 0; i < OUT_COUNT; i++)
        count(&c, "outcomes", VOCAB_OUTCOME.names[i], "cases", NULL, r->outcome[i]);
    count(&c, "outcomes", "open", "cases", NULL, r->open);
    count(&c, "no_arrest", "all", "cases", NULL, r->no_arrest);
    for (int i = 0; i < NOARREST_COUNT; i++)
        count(&c, "no_arrest", VOCAB_NO_ARREST.names[i], "cases", NULL, r->no_arrest_reason[i]);
    count(&c, "no_arrest", "not-recorded", "cases", NULL, r->no_arrest_reason[NOARREST_COUNT]);
    for (int s = 0; s < STEP_COUNT; s++) {
        compliance(&c, "steps", VOCAB_STEP.names[s], &r->steps[s].cmp);
        buf[0] = '\0';
        if (r->steps[s].median_minutes >= 0)
            (void)!snprintf(buf, sizeof buf, "%ld", r->steps[s].median_minutes);
        else if (r->steps[s].median_minutes == REPORT_HIDDEN)
            (void)!snprintf(buf, sizeof buf, REPORT_MARK_HIDDEN);
        line(&c, "steps", VOCAB_STEP.names[s], "median_minutes_to_done", NULL, buf);
    }
    for (int g = 0; g < FG_COUNT; g++)
        compliance(&c, "followups", report_followup_key[g], &r->followups[g]);
    count(&c, "survey", "all", "answers", NULL, r->survey_answers);
    buf[0] = '\0';
    if (r->survey_sum >= 0 && r->survey_answers.n > 0) {
        long h = (r->survey_sum * 100 + r->survey_answers.n / 2) / r->survey_answers.n;
        (void)!snprintf(buf, sizeof buf, "%ld.%02ld", h / 100, h % 100);
    } else if (r->survey_sum == REPORT_HIDDEN) {
        (void)!snprintf(buf, sizeof buf, REPORT_MARK_HIDDEN);
    }
    line(&c, "survey", "all", "mean", NULL, buf);
    for (int i = 0; i < 5; i++) {
        char item[8];
        (void)!snprintf(item, sizeof item, "%d", i + 1);
        count(&c, "survey", item, "answers", NULL, r->survey[i]);
    }
    for (int i = 0; i < r->n_months; i++) {
        const struct report_month *m = &r->months[i];
        char month[16];
        (void)!snprintf(month, sizeof month, "%04d-%02d", m->first.year, m->first.month);
        count(&c, "months", "all", "cases", month, m->cases);
        count(&c, "months", "all", "steps_due", month, m->steps_due);
        count(&c, "months", "all", "steps_on_time", month, m->steps_on_time);
        percent(&c, "months", "all", "on_time_percent", month, m->steps_on_time, m->steps_due);
    }
    /* The last row: the log's head as the figures were read (ophamp check --head). */
    if (r->audit_head[0])
        line(&c, "document", "all", "audit_head", NULL, r->audit_head);
}
