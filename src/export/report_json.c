/* The report as one JSON object. Every count is a number; a figure hidden by redaction is null
 * and its key is listed in the "suppressed" array of the object that holds it, and a hidden
 * small count (shown <N elsewhere) in its "small" array too. */
#include <stdio.h>

#include "ophamp/json.h"
#include "ophamp/report_layout.h"

#define HIDDEN_MAX 24

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

void report_write_json(FILE *out, const struct report *r)
{
    struct json_writer jw, *w = &jw;
    jw_init(w, out, true);
    struct jobj top, o, p;
    begin(&top, w, NULL);
    jw_key(w, "report");
    jw_string(w, "scrutiny");
    if (r->marking) {
        jw_key(w, "marking");
        jw_string(w, r->marking);
    }
    jw_key(w, "period");
    jw_begin_object(w);
    date(w, "from", r->from);
    date(w, "to", r->to);
    jw_end_object(w);
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
    count(&top, "cases", r->cases);

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

    begin(&o, w, "injuries");
    for (int i = 0; i < INJURY_COUNT; i++)
        count(&o, VOCAB_INJURY.names[i], r->injury[i]);
    end(&o);

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

    jw_key(w, "months");
    jw_begin_array(w);
    for (int i = 0; i < r->n_months; i++) {
        const struct report_month *m = &r->months[i];
        char month[16];
        (void)!snprintf(month, sizeof month, "%04d-%02d", m->first.year, m->first.month);
        begin(&o, w, NULL);
        jw_key(w, "month");
        jw_string(w, month);
        count(&o, "cases", m->cases);
        count(&o, "steps_due", m->steps_due);
        count(&o, "steps_on_time", m->steps_on_time);
        percent(&o, "on_time_percent", m->steps_on_time, m->steps_due);
        end(&o);
    }
    jw_end_array(w);
    jw_key(w, "audit_head");
    jw_string_or_null(w, r->audit_head);
    end(&top);
    jw_finish(w);
}
