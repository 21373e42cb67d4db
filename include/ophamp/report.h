/* The scrutiny panel's report (OSSR recommendation 23): how the seven-point plan was kept for
 * the cases logged in a period. The store streams the cases of the period with their steps
 * and follow-ups (store_report_scan); report_compute counts them into a struct report, and the
 * renderers (report_*.c in src/export) print that struct. Every figure is defined in the man
 * page (ophamp.1, REPORT FIGURES). */
#ifndef OPHAMP_REPORT_H
#define OPHAMP_REPORT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "ophamp/calendar.h"
#include "ophamp/error.h"
#include "ophamp/plan.h"
#include "ophamp/record.h"
#include "ophamp/redact.h"

struct app;
struct store;

/* ---- what the store hands over, one case at a time ------------------------------------- */

struct report_item {
    int status;       /* enum item_status; -1 when the case has no such step */
    bool late;        /* done: after its due time */
    oph_time due_at;  /* pending items */
    oph_time done_at; /* done items */
};

struct report_followup {
    enum followup_kind kind;
    struct report_item item;
};

#define REPORT_CASE_FOLLOWUPS 64 /* per callback; a case with more is handed over in parts */

/* The finished follow-ups of a case, by group: done on time, done late, not applicable. */
enum { FIN_ON_TIME, FIN_LATE, FIN_NA, FIN_COUNT };

/* Follow-ups as the report groups them: victim updates (updates, decision and outcome
 * notices), welfare, the line managers' duties (OSSR rec. 21), RIDDOR reports, the force's own. */
enum followup_group { FG_VICTIM, FG_WELFARE, FG_DUTY, FG_RIDDOR, FG_FORCE, FG_COUNT };
/* The group of a kind of follow-up. */
enum followup_group report_followup_group(enum followup_kind k);

struct report_case {
    int64_t id;
    oph_time reported_at;
    int location_kind;   /* LOC_CUSTODY, or LOC_OTHER for any other place */
    int injury, outcome; /* enums; outcome -1 when none */
    int days_off;
    bool arrested, open;
    int support_score; /* 0 when not asked */
    bool offender_known;
    int no_arrest_reason; /* enum no_arrest_reason, -1 when none recorded */
    struct report_item steps[STEP_COUNT];
    long followups_finished[FG_COUNT][FIN_COUNT]; /* [enum followup_group][FIN_*] */
    /* The pending follow-ups of every kind. */
    struct report_followup followups[REPORT_CASE_FOLLOWUPS];
    int n_followups;
    bool more_followups; /* the next call is the same case with the rest of its follow-ups */
};

typedef int (*report_case_cb)(void *ctx, const struct report_case *c);

/* The smallest and largest id of the cases reported in [from, to) (UTC seconds): 1 found, 0
 * no case, -1 error. */
int store_report_range(struct store *st, oph_time from, oph_time to, int64_t *lo, int64_t *hi,
                       struct oph_error *err);
/* Calls cb once for every case with an id in [lo, hi] reported in [from, to), with its seven
 * steps and its follow-ups, in id order, in one read transaction. Reads four streams ordered
 * by case id side by side: the cases (index cases_report), their finished work (table
 * report_done, one row a case) and their pending steps and follow-ups (partial indexes), so
 * each row is read once. cb returns 0 to go on, -1 to stop with an error (err set). */
int store_report_scan(struct store *st, oph_time from, oph_time to, int64_t lo, int64_t hi,
                      report_case_cb cb, void *ctx, struct oph_error *err);

/* The earliest reported time of any case: 1 found, 0 no case, -1 error. */
int store_report_first(struct store *st, oph_time *out, struct oph_error *err);

/* ---- the figures ------------------------------------------------------------------------ */

/* A count as published. With redaction a count of people from 1 to N-1 is hidden as a small
 * count (shown <N); any other figure hidden is hidden only so that a small count cannot be
 * worked out, or because fewer than N cases stand behind it (shown [c]). The rules: the man
 * page, REPORT FIGURES; the code: report_redact.c. */
struct rcount {
    long n;
    bool hidden;
    bool small; /* hidden as a count from 1 to N-1 */
};

/* A percent, median or mean that is not a number: nothing to divide (shown as a dash), or
 * hidden by redaction (shown [c]). */
#define REPORT_NONE (-1)
#define REPORT_HIDDEN (-2)

/* done on time / done late / overdue (pending, due before now) / pending not yet due / not
 * applicable: every item falls in exactly one. */
enum compliance { CMP_ON_TIME, CMP_LATE, CMP_OVERDUE, CMP_PENDING, CMP_NA, CMP_COUNT };
extern const char *const report_compliance_key[CMP_COUNT];   /* "on_time" … */
extern const char *const report_compliance_label[CMP_COUNT]; /* "Done on time" … */

struct report_compliance {
    struct rcount total;
    struct rcount c[CMP_COUNT];
};

struct report_step {
    struct report_compliance cmp;
    long median_minutes; /* report to done, lower median; REPORT_NONE or REPORT_HIDDEN */
};

struct report_month {
    struct oph_date first; /* the 1st of the month */
    struct rcount cases;
    struct rcount steps_due;     /* done on time + done late + overdue */
    struct rcount steps_on_time; /* done on time */
};

extern const char *const report_followup_key[FG_COUNT];   /* "victim_code", "welfare" … */
extern const char *const report_followup_label[FG_COUNT]; /* for people */

#define REPORT_MONTHS_MAX 1200

struct report {
    struct oph_date from, to; /* London dates, inclusive */
    oph_time now;             /* "overdue" is as of this time */
    bool redacted;
    int suppress_below;

    struct rcount cases;
    struct rcount arrested;
    struct rcount custody, custody_arrested;
    struct rcount injury[INJURY_COUNT];
    struct rcount days_off_cases; /* cases with at least one day off */
    long days_lost;               /* REPORT_HIDDEN when hidden */
    struct rcount outcome[OUT_COUNT];
    struct rcount open;
    /* Arrest preferred (OSSR rec. 23(ii)): closed cases whose offender was known and not
     * arrested, and why (no_arrest[NOARREST_COUNT]: no reason recorded, cases closed before
     * reasons were asked for). */
    struct rcount no_arrest;
    struct rcount no_arrest_reason[NOARREST_COUNT + 1];
    struct report_step steps[STEP_COUNT];
    struct report_compliance followups[FG_COUNT];
    struct rcount survey_answers;
    struct rcount survey[5]; /* scores 1..5 */
    long survey_sum;         /* the mean is survey_sum / answers; REPORT_HIDDEN when hidden */
    struct report_month *months;
    int n_months;
    const char *marking; /* the protective marking the renderers print, or NULL */
    /* The log's head as the figures were read ("18422:3fa9…", "" for an empty log): the
     * renderers end with it, so that `ophamp check --head` can show later whether the
     * history behind the figures was rewritten. */
    char audit_head[LOG_HEAD_TEXT];
};

/* The period: London dates from..to inclusive, both given or both set from the defaults (from
 * the 1st of the month eleven months before `to`; to: today). Returns 0, or -1 with err. */
int report_compute(struct app *app, struct oph_date from, struct oph_date to,
                   const struct redactor *red, struct report *out, struct oph_error *err);
void report_done(struct report *r);

/* The default period: twelve calendar months ending with today's (London) month. */
void report_default_period(oph_time now, struct oph_date *from, struct oph_date *to);

/* Every case: from the London date of the first report to today (both today when there is no
 * case). Returns 0, or -1 with err. */
int report_all_time_period(struct app *app, struct oph_date *from, struct oph_date *to,
                           struct oph_error *err);

/* Percent of num in den, to one decimal, as tenths (875 for 87.5%); REPORT_HIDDEN when either
 * count is hidden, REPORT_NONE when den is 0. */
long report_permille(struct rcount num, struct rcount den);

/* The items of a compliance whose due time has come: done on time + done late + overdue; hidden
 * when any of them is. The share on time is report_permille(c[CMP_ON_TIME], due). */
struct rcount report_due(const struct report *r, const struct report_compliance *c);

/* The renderers (src/export/report_*.c). */
enum report_format { RF_TEXT, RF_MD, RF_HTML, RF_JSON, RF_CSV };
void report_write_text(FILE *out, const struct report *r);
void report_write_md(FILE *out, const struct report *r);
void report_write_html(FILE *out, const struct report *r);
void report_write_json(FILE *out, const struct report *r);
void report_write_csv(FILE *out, const struct report *r);
void report_write(FILE *out, const struct report *r, enum report_format f);

/* Hides what a redacted report must not show (report_redact.c): small counts of people, what
 * would give one away, and the figures of work of fewer than r->suppress_below cases. Returns
 * 0, or -1 when out of memory. */
int report_redact(struct report *r);

/* Shared by the renderers: a count as printed ("12"; "<5" for a small count, "[c]" for any
 * other hidden one). */
const char *report_count_str(const struct report *r, struct rcount c, char buf[24]);
/* The mark of a figure hidden only so that a small count cannot be worked out. */
#define REPORT_MARK_HIDDEN "[c]"
/* A percent as printed ("87.5%"; "—" for nothing to divide; "[c]" when hidden). */
const char *report_percent_str(long permille, char buf[32]);
/* "3d 4h", "5h 20m", "45m"; "—" for none; "[c]" when hidden. */
const char *report_duration_str(long minutes, char buf[32]);
/* The step's short name for tables ("(a) crime recorded"). */
const char *report_step_label(enum step_code s);
/* "Jan 2026" */
const char *report_month_label(struct oph_date d, char buf[16]);

#endif
