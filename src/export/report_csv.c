/* The report as tidy CSV (RFC 4180): one row per figure, section,item,measure,period,value.
 * period is the whole period (FROM/TO), a month (YYYY-MM) for the trend, or the previous
 * period (its FROM/TO) for the figures beside; value is a number, empty when there is nothing
 * to work it out from, or when redaction hides it <N (a small count) or [c] (any other
 * figure). */
#include <stdio.h>

#include "ophamp/report_layout.h"
#include "ophamp/text.h"

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

static void counts(struct csv *c, const char *section, const char *const *items,
                   const struct rcount *n, int count_of, const char *measure)
{
    for (int i = 0; i < count_of; i++)
        count(c, section, items[i], measure, NULL, n[i]);
}

/* Every figure of one period, c->period being its span (the previous period's too). */
static void figures(struct csv *c, const struct report *r)
{
    char buf[32];
    c->r = r;
    count(c, "cases", "all", "cases", NULL, r->cases);
    count(c, "arrests", "all", "arrested", NULL, r->arrested);
    percent(c, "arrests", "all", "rate_percent", NULL, r->arrested, r->cases);
    count(c, "custody", "custody", "cases", NULL, r->custody);
    percent(c, "custody", "custody", "share_percent", NULL, r->custody, r->cases);
    count(c, "custody", "custody", "arrested", NULL, r->custody_arrested);
    percent(c, "custody", "custody", "arrest_rate_percent", NULL, r->custody_arrested, r->custody);
    counts(c, "injuries", VOCAB_INJURY.names, r->injury, INJURY_COUNT, "cases");
    count(c, "days_off", "all", "cases", NULL, r->days_off_cases);
    if (r->days_lost < 0)
        (void)!snprintf(buf, sizeof buf, REPORT_MARK_HIDDEN);
    else
        (void)!snprintf(buf, sizeof buf, "%ld", r->days_lost);
    line(c, "days_off", "all", "days_lost", NULL, buf);
    struct rcount closed = report_closed(r, false), kclosed = report_closed(r, true);
    for (int i = 0; i < OUT_COUNT; i++) {
        const char *o = VOCAB_OUTCOME.names[i];
        count(c, "outcomes", o, "cases", NULL, r->outcome[i]);
        percent(c, "outcomes", o, "share_of_closed_percent", NULL, r->outcome[i], closed);
        count(c, "outcomes", o, "custody_cases", NULL, r->custody_outcome[i]);
        percent(c, "outcomes", o, "custody_share_of_closed_percent", NULL, r->custody_outcome[i],
                kclosed);
    }
    count(c, "outcomes", "open", "cases", NULL, r->open);
    count(c, "outcomes", "open", "custody_cases", NULL, r->custody_open);
    count(c, "no_arrest", "all", "cases", NULL, r->no_arrest);
    for (int i = 0; i < NOARREST_COUNT; i++)
        count(c, "no_arrest", VOCAB_NO_ARREST.names[i], "cases", NULL, r->no_arrest_reason[i]);
    count(c, "no_arrest", "not-recorded", "cases", NULL, r->no_arrest_reason[NOARREST_COUNT]);
    for (int s = 0; s < STEP_COUNT; s++) {
        compliance(c, "steps", VOCAB_STEP.names[s], &r->steps[s].cmp);
        buf[0] = '\0';
        if (r->steps[s].median_minutes >= 0)
            (void)!snprintf(buf, sizeof buf, "%ld", r->steps[s].median_minutes);
        else if (r->steps[s].median_minutes == REPORT_HIDDEN)
            (void)!snprintf(buf, sizeof buf, REPORT_MARK_HIDDEN);
        line(c, "steps", VOCAB_STEP.names[s], "median_minutes_to_done", NULL, buf);
    }
    for (int g = 0; g < FG_COUNT; g++)
        compliance(c, "followups", report_followup_key[g], &r->followups[g]);
    compliance(c, "riddor", "all", &r->riddor);
    for (int k = 0; k < EV_KIND_COUNT; k++) {
        const char *kind = VOCAB_EVIDENCE_KIND.names[k];
        const struct report_compliance *e = &r->evidence[k];
        count(c, "evidence", kind, "total", NULL, e->total);
        for (int i = 0; i < CMP_COUNT; i++)
            count(c, "evidence", kind, report_evidence_key[i], NULL, e->c[i]);
        percent(c, "evidence", kind, "secured_in_time_percent", NULL, e->c[CMP_ON_TIME],
                report_due(r, e));
    }
    count(c, "known_offender", "all", "known", NULL, r->known);
    percent(c, "known_offender", "all", "known_percent", NULL, r->known, r->cases);
    count(c, "known_offender", "all", "not_arrested", NULL, r->known_not_arrested);
    percent(c, "known_offender", "all", "not_arrested_percent", NULL, r->known_not_arrested,
            r->known);
    if (r->n_not_arrested_reasons > 0) {
        counts(c, "known_offender_reasons", r->not_arrested_reason_names, r->not_arrested_reason,
               r->n_not_arrested_reasons, "cases");
        count(c, "known_offender_reasons", "not_recorded", "cases", NULL,
              r->not_arrested_no_reason);
    }
    for (int i = 0; i <= MECH_COUNT; i++)
        count(c, "mechanisms", i < MECH_COUNT ? VOCAB_MECHANISM.names[i] : "not_recorded", "cases",
              NULL, r->mechanism[i]);
    counts(c, "locations", VOCAB_LOCATION.names, r->location, LOC_COUNT, "cases");
    counts(c, "victim_roles", VOCAB_PERSON_ROLE.names, r->victim_role, ROLE_COUNT, "cases");
    const struct report *other = r->is_previous ? NULL : r->previous;
    for (int i = 0; i <= r->n_teams; i++) {
        if (r->team[i].n == 0 && !(other && other->team && other->team[i].n > 0))
            continue;
        char team[TXT(MAX_SHORT)];
        /* Stored text: no control characters reach the cell. */
        text_neutralise(i < r->n_teams ? r->team_names[i] : "", team, sizeof team, false);
        /* The item of no team recorded is empty; a team's name never is. */
        count(c, "teams", team, "cases", NULL, r->team[i]);
    }
    counts(c, "open_ageing", report_age_key, r->open_age, AGE_COUNT, "cases");
    count(c, "survey", "all", "answers", NULL, r->survey_answers);
    buf[0] = '\0';
    if (r->survey_sum >= 0 && r->survey_answers.n > 0) {
        long h = (r->survey_sum * 100 + r->survey_answers.n / 2) / r->survey_answers.n;
        (void)!snprintf(buf, sizeof buf, "%ld.%02ld", h / 100, h % 100);
    } else if (r->survey_sum == REPORT_HIDDEN) {
        (void)!snprintf(buf, sizeof buf, REPORT_MARK_HIDDEN);
    }
    line(c, "survey", "all", "mean", NULL, buf);
    for (int i = 0; i < 5; i++) {
        char item[8];
        (void)!snprintf(item, sizeof item, "%d", i + 1);
        count(c, "survey", item, "answers", NULL, r->survey[i]);
    }
}

static void span(struct csv *c, const struct report *r)
{
    (void)!snprintf(c->period, sizeof c->period, "%04d-%02d-%02d/%04d-%02d-%02d", r->from.year,
                    r->from.month, r->from.day, r->to.year, r->to.month, r->to.day);
}

void report_write_csv(FILE *out, const struct report *r)
{
    struct csv c = {out, r, ""};
    span(&c, r);
    line(&c, "section", "item", "measure", "period", "value");
    /* The protective marking is the first row, in the same five columns as every figure. */
    if (r->marking)
        line(&c, "document", "all", "marking", NULL, r->marking);
    figures(&c, r);
    for (int i = 0; i < r->n_months; i++) {
        const struct report_month *m = &r->months[i];
        char month[16];
        (void)!snprintf(month, sizeof month, "%04d-%02d", m->first.year, m->first.month);
        line(&c, "months", "all", "partial", month, m->partial ? "1" : "0");
        count(&c, "months", "all", "cases", month, m->cases);
        count(&c, "months", "all", "arrested", month, m->arrested);
        count(&c, "months", "all", "custody", month, m->custody);
        count(&c, "months", "all", "steps_due", month, m->steps_due);
        count(&c, "months", "all", "steps_on_time", month, m->steps_on_time);
        percent(&c, "months", "all", "on_time_percent", month, m->steps_on_time, m->steps_due);
        for (int s = 0; s < STEP_COUNT; s++) {
            const char *code = VOCAB_STEP.names[s];
            count(&c, "months", code, "steps_due", month, m->step_due[s]);
            count(&c, "months", code, "steps_on_time", month, m->step_on_time[s]);
            percent(&c, "months", code, "on_time_percent", month, m->step_on_time[s],
                    m->step_due[s]);
        }
    }
    /* The overdue list (never redacted): item the case, measure the item, period its due time,
     * value the whole days it is late. */
    if (!r->redacted) {
        char n[24];
        (void)!snprintf(n, sizeof n, "%ld", r->overdue_total);
        line(&c, "overdue", "all", "items", NULL, n);
        for (int i = 0; i < r->n_overdue; i++) {
            const struct report_overdue *o = &r->overdue[i];
            char due[OPH_ISO_LEN];
            time_format_iso(o->due_at, due);
            (void)!snprintf(n, sizeof n, "%ld", (long)((r->now - o->due_at) / 86400));
            line(&c, "overdue", o->reference, o->item, due, n);
        }
    }
    if (r->previous) {
        span(&c, r->previous);
        figures(&c, r->previous);
        span(&c, r);
        c.r = r;
    }
    /* The last row: the log's head as the figures were read (ophamp check --head). */
    if (r->audit_head[0])
        line(&c, "document", "all", "audit_head", NULL, r->audit_head);
}
