/* The report as one JSON object: the period's figures, its months, the overdue list (not
 * redacted) and the previous period's figures ("previous"). Every count is a number; a figure
 * hidden by redaction is null and its key is listed in the "suppressed" array of the object
 * that holds it, and a hidden small count (shown <N elsewhere) in its "small" array too. */
#include <stdio.h>

#include "ophamp/json.h"
#include "ophamp/report_layout.h"

#define HIDDEN_MAX 40

struct jobj {
    struct json_writer *w;
    const char *hidden[HIDDEN_MAX];
    int n;
    const char *small[HIDDEN_MAX]; /* the hidden counts from 1 to N-1 */
    int n_small;
};

static void hide(struct jobj *o, const char *key)
{
    if (o->n < HIDDEN_MAX)
        o->hidden[o->n++] = key;
}

static void list(struct json_writer *w, const char *key, const char *const *keys, int n)
{
    jw_key(w, key);
    jw_begin_array(w);
    for (int i = 0; i < n; i++)
        jw_string(w, keys[i]);
    jw_end_array(w);
}

static void begin(struct jobj *o, struct json_writer *w, const char *key)
{
    o->w = w;
    o->n = o->n_small = 0;
    if (key)
        jw_key(w, key);
    jw_begin_object(w);
}

static void end(struct jobj *o)
{
    if (o->n > 0)
        list(o->w, "suppressed", o->hidden, o->n);
    if (o->n_small > 0)
        list(o->w, "small", o->small, o->n_small);
    jw_end_object(o->w);
}

static void count(struct jobj *o, const char *key, struct rcount c)
{
    jw_key(o->w, key);
    if (c.hidden) {
        jw_null(o->w);
        hide(o, key);
        if (c.small && o->n_small < HIDDEN_MAX)
            o->small[o->n_small++] = key;
    } else {
        jw_int(o->w, c.n);
    }
}

/* A percent to one decimal; null when it cannot be worked out (nothing to divide by) or would
 * give a hidden count away (then listed as suppressed). */
static void percent(struct jobj *o, const char *key, struct rcount num, struct rcount den)
{
    long pm = report_permille(num, den);
    jw_key(o->w, key);
    if (pm >= 0)
        jw_fixed(o->w, pm, 1);
    else {
        jw_null(o->w);
        if (pm == REPORT_HIDDEN)
            hide(o, key);
    }
}

static void compliance(const struct report *r, struct jobj *o, const struct report_compliance *c)
{
    count(o, "total", c->total);
    for (int k = 0; k < CMP_COUNT; k++)
        count(o, report_compliance_key[k], c->c[k]);
    percent(o, "on_time_percent", c->c[CMP_ON_TIME], report_due(r, c));
}

static void date(struct json_writer *w, const char *key, struct oph_date d)
{
    char buf[16];
    (void)!snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
    jw_key(w, key);
    jw_string(w, buf);
}

static void compliance_keys(const struct report *r, struct jobj *o,
                            const struct report_compliance *c, const char *const *keys,
                            const char *percent_key)
{
    count(o, "total", c->total);
    for (int k = 0; k < CMP_COUNT; k++)
        count(o, keys[k], c->c[k]);
    percent(o, percent_key, c->c[CMP_ON_TIME], report_due(r, c));
}

/* An object of counts, one key each. */
static void counts(struct json_writer *w, const char *key, const char *const *keys,
                   const struct rcount *c, int n)
{
    struct jobj o;
    begin(&o, w, key);
    for (int i = 0; i < n; i++)
        count(&o, keys[i], c[i]);
    end(&o);
}

/* Every figure of one period (the previous period's: no months, no overdue list). */
static void figures(struct json_writer *w, struct jobj *top, const struct report *r)
{
    struct jobj o, p;
    jw_key(w, "period");
    jw_begin_object(w);
    date(w, "from", r->from);
    date(w, "to", r->to);
    jw_end_object(w);
    count(top, "cases", r->cases);

    begin(&o, w, "arrests");
    count(&o, "arrested", r->arrested);
    percent(&o, "rate_percent", r->arrested, r->cases);
    end(&o);

    begin(&o, w, "custody");
    count(&o, "cases", r->custody);
    percent(&o, "share_percent", r->custody, r->cases);
    count(&o, "arrested", r->custody_arrested);
    percent(&o, "arrest_rate_percent", r->custody_arrested, r->custody);
    end(&o);

    counts(w, "injuries", VOCAB_INJURY.names, r->injury, INJURY_COUNT);

    begin(&o, w, "days_off");
    count(&o, "cases", r->days_off_cases);
    jw_key(w, "days_lost");
    if (r->days_lost < 0) {
        jw_null(w);
        hide(&o, "days_lost");
    } else {
        jw_int(w, r->days_lost);
    }
    end(&o);

    begin(&o, w, "outcomes");
    for (int i = 0; i < OUT_COUNT; i++)
        count(&o, VOCAB_OUTCOME.names[i], r->outcome[i]);
    count(&o, "open", r->open);
    end(&o);
    /* Shares of the closed cases, all and in custody. */
    for (int k = 0; k < 2; k++) {
        struct rcount closed = report_closed(r, k == 1);
        begin(&o, w, k ? "custody_outcomes" : "outcome_shares_of_closed_percent");
        if (k) {
            for (int i = 0; i < OUT_COUNT; i++)
                count(&o, VOCAB_OUTCOME.names[i], r->custody_outcome[i]);
            count(&o, "open", r->custody_open);
            begin(&p, w, "shares_of_closed_percent");
        }
        struct jobj *sh = k ? &p : &o;
        for (int i = 0; i < OUT_COUNT; i++)
            percent(sh, VOCAB_OUTCOME.names[i], k ? r->custody_outcome[i] : r->outcome[i], closed);
        if (k)
            end(&p);
        end(&o);
    }

    /* Arrest preferred: closed cases with a known offender not arrested, by the reason. */
    begin(&o, w, "no_arrest");
    count(&o, "cases", r->no_arrest);
    for (int i = 0; i < NOARREST_COUNT; i++)
        count(&o, VOCAB_NO_ARREST.names[i], r->no_arrest_reason[i]);
    count(&o, "not_recorded", r->no_arrest_reason[NOARREST_COUNT]);
    end(&o);

    jw_key(w, "steps");
    jw_begin_array(w);
    for (int s = 0; s < STEP_COUNT; s++) {
        begin(&o, w, NULL);
        jw_key(w, "code");
        jw_string(w, VOCAB_STEP.names[s]);
        jw_key(w, "title");
        jw_string(w, step_title((enum step_code)s));
        compliance(r, &o, &r->steps[s].cmp);
        jw_key(w, "median_minutes_to_done");
        if (r->steps[s].median_minutes >= 0) {
            jw_int(w, r->steps[s].median_minutes);
        } else {
            jw_null(w);
            if (r->steps[s].median_minutes == REPORT_HIDDEN)
                hide(&o, "median_minutes_to_done");
        }
        end(&o);
    }
    jw_end_array(w);

    jw_key(w, "followups");
    jw_begin_object(w);
    for (int g = 0; g < FG_COUNT; g++) {
        begin(&o, w, report_followup_key[g]);
        compliance(r, &o, &r->followups[g]);
        end(&o);
    }
    jw_end_object(w);

    begin(&o, w, "riddor");
    compliance(r, &o, &r->riddor);
    end(&o);

    jw_key(w, "evidence");
    jw_begin_object(w);
    for (int k = 0; k < EV_KIND_COUNT; k++) {
        begin(&o, w, VOCAB_EVIDENCE_KIND.names[k]);
        compliance_keys(r, &o, &r->evidence[k], report_evidence_key, "secured_in_time_percent");
        end(&o);
    }
    jw_end_object(w);

    begin(&o, w, "known_offender");
    count(&o, "known", r->known);
    percent(&o, "known_percent", r->known, r->cases);
    count(&o, "not_arrested", r->known_not_arrested);
    percent(&o, "not_arrested_percent", r->known_not_arrested, r->known);
    if (r->n_not_arrested_reasons > 0) {
        begin(&p, w, "reasons");
        for (int i = 0; i < r->n_not_arrested_reasons; i++)
            count(&p, r->not_arrested_reason_names[i], r->not_arrested_reason[i]);
        count(&p, "not_recorded", r->not_arrested_no_reason);
        end(&p);
    }
    end(&o);

    static const char *const none[1] = {"not_recorded"};
    begin(&o, w, "mechanisms");
    for (int i = 0; i <= MECH_COUNT; i++)
        count(&o, i < MECH_COUNT ? VOCAB_MECHANISM.names[i] : none[0], r->mechanism[i]);
    end(&o);
    counts(w, "locations", VOCAB_LOCATION.names, r->location, LOC_COUNT);
    counts(w, "victim_roles", VOCAB_PERSON_ROLE.names, r->victim_role, ROLE_COUNT);
    /* The teams with a case in this period or the one beside it; "team" null: none recorded. */
    const struct report *other = r->is_previous ? NULL : r->previous;
    jw_key(w, "teams");
    jw_begin_array(w);
    for (int i = 0; i <= r->n_teams; i++) {
        if (r->team[i].n == 0 && !(other && other->team && other->team[i].n > 0))
            continue;
        begin(&o, w, NULL);
        jw_key(w, "team");
        jw_string(w, i < r->n_teams ? r->team_names[i] : NULL);
        count(&o, "cases", r->team[i]);
        end(&o);
    }
    jw_end_array(w);
    counts(w, "open_ageing", report_age_key, r->open_age, AGE_COUNT);

    begin(&o, w, "survey");
    count(&o, "answers", r->survey_answers);
    jw_key(w, "mean");
    if (r->survey_sum >= 0 && r->survey_answers.n > 0)
        jw_fixed(w, (r->survey_sum * 100 + r->survey_answers.n / 2) / r->survey_answers.n, 2);
    else {
        jw_null(w);
        if (r->survey_sum < 0)
            hide(&o, "mean");
    }
    begin(&p, w, "scores");
    for (int i = 0; i < 5; i++) {
        static const char *const keys[5] = {"1", "2", "3", "4", "5"};
        count(&p, keys[i], r->survey[i]);
    }
    end(&p);
    end(&o);
}

static void months(struct json_writer *w, const struct report *r)
{
    struct jobj o, p;
    jw_key(w, "months");
    jw_begin_array(w);
    for (int i = 0; i < r->n_months; i++) {
        const struct report_month *m = &r->months[i];
        char month[16];
        (void)!snprintf(month, sizeof month, "%04d-%02d", m->first.year, m->first.month);
        begin(&o, w, NULL);
        jw_key(w, "month");
        jw_string(w, month);
        jw_key(w, "partial");
        jw_bool(w, m->partial);
        count(&o, "cases", m->cases);
        count(&o, "arrested", m->arrested);
        count(&o, "custody", m->custody);
        count(&o, "steps_due", m->steps_due);
        count(&o, "steps_on_time", m->steps_on_time);
        percent(&o, "on_time_percent", m->steps_on_time, m->steps_due);
        jw_key(w, "steps");
        jw_begin_array(w);
        for (int s = 0; s < STEP_COUNT; s++) {
            begin(&p, w, NULL);
            jw_key(w, "code");
            jw_string(w, VOCAB_STEP.names[s]);
            count(&p, "due", m->step_due[s]);
            count(&p, "on_time", m->step_on_time[s]);
            percent(&p, "on_time_percent", m->step_on_time[s], m->step_due[s]);
            end(&p);
        }
        jw_end_array(w);
        end(&o);
    }
    jw_end_array(w);
}

static void overdue_list(struct json_writer *w, const struct report *r)
{
    jw_key(w, "overdue_items");
    jw_begin_object(w);
    jw_key(w, "total");
    jw_int(w, r->overdue_total);
    jw_key(w, "listed");
    jw_begin_array(w);
    for (int i = 0; i < r->n_overdue; i++) {
        const struct report_overdue *x = &r->overdue[i];
        jw_begin_object(w);
        jw_key(w, "reference");
        jw_string(w, x->reference);
        jw_key(w, "item");
        jw_string(w, x->item);
        jw_key(w, "due_at");
        jw_time(w, x->due_at);
        jw_key(w, "days_late");
        jw_int(w, (r->now - x->due_at) / 86400);
        jw_end_object(w);
    }
    jw_end_array(w);
    jw_end_object(w);
}

void report_write_json(FILE *out, const struct report *r)
{
    struct json_writer jw, *w = &jw;
    jw_init(w, out, true);
    struct jobj top, prev;
    begin(&top, w, NULL);
    jw_key(w, "report");
    jw_string(w, "scrutiny");
    if (r->marking) {
        jw_key(w, "marking");
        jw_string(w, r->marking);
    }
    jw_key(w, "as_of");
    jw_time(w, r->now);
    jw_key(w, "redaction");
    jw_begin_object(w);
    jw_key(w, "redacted");
    jw_bool(w, r->redacted);
    jw_key(w, "suppress_below");
    if (r->redacted)
        jw_int(w, r->suppress_below);
    else
        jw_null(w);
    jw_end_object(w);
    figures(w, &top, r);
    months(w, r);
    if (!r->redacted)
        overdue_list(w, r);
    if (r->previous) {
        begin(&prev, w, "previous");
        figures(w, &prev, r->previous);
        end(&prev);
    }
    jw_key(w, "audit_head");
    jw_string_or_null(w, r->audit_head);
    end(&top);
    jw_finish(w);
}
