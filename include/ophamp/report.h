/* The scrutiny panel's report (OSSR recommendation 23): how the seven-point plan was kept for
 * the cases logged in a period, beside the period of the same length before it. The store
 * streams the cases of the period with their steps, follow-ups and evidence
 * (store_report_scan); report_compute counts them into a struct report, and the renderers
 * (report_*.c in src/export) print that struct. Every figure is defined in the man page
 * (ophamp.1, REPORT FIGURES). */
#ifndef OPHAMP_REPORT_H
#define OPHAMP_REPORT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "ophamp/calendar.h"
#include "ophamp/error.h"
#include "ophamp/formats.h"
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
    int64_t id; /* the follow-up's id, for the overdue list */
};

struct report_evidence {
    enum evidence_kind kind;
    enum evidence_status status;
    oph_time due_at;
    oph_time updated_at; /* its last change of status: when it was secured or given up */
    int64_t id;
};

#define REPORT_CASE_ITEMS 64 /* per callback; a case with more is handed over in parts */

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
    int location_kind; /* enum location_kind */
    int mechanism;     /* enum mechanism; -1 when not recorded */
    int64_t victim_id;
    int offender_known; /* enum tri */
    /* The reason recorded on closing a case whose known offender was not arrested, as an
     * index into report.not_arrested_reason_names; -1 when none is recorded (always, until
     * the case record holds the reason: issue 12, point 7). */
    int not_arrested_reason;
    int injury, outcome; /* enums; outcome -1 when none */
    int days_off;
    bool arrested, open;
    int support_score;    /* 0 when not asked */
    int no_arrest_reason; /* enum no_arrest_reason, -1 when none recorded */
    struct report_item steps[STEP_COUNT];
    long followups_finished[FG_COUNT][FIN_COUNT]; /* [enum followup_group][FIN_*] */
    /* The pending follow-ups (every kind) and the finished RIDDOR reports. */
    struct report_followup followups[REPORT_CASE_ITEMS];
    int n_followups;
    struct report_evidence evidence[REPORT_CASE_ITEMS];
    int n_evidence;
    bool more; /* the next call is the same case with the rest of its follow-ups and evidence */
};

typedef int (*report_case_cb)(void *ctx, const struct report_case *c);

/* The smallest and largest id of the cases reported in [from, to) (UTC seconds): 1 found, 0
 * no case, -1 error. */
int store_report_range(struct store *st, oph_time from, oph_time to, int64_t *lo, int64_t *hi,
                       struct oph_error *err);
/* Calls cb once for every case with an id in [lo, hi] reported in [from, to), with its seven
 * steps, its follow-ups and its evidence, in id order, in one read transaction. Reads six
 * streams ordered by case id side by side: the cases, their finished work (table report_done,
 * one row a case), their pending steps and follow-ups (partial indexes), their finished
 * RIDDOR reports and their evidence items, so each row is read once. cb returns 0 to go on,
 * -1 to stop with an error (err set). */
int store_report_scan(struct store *st, oph_time from, oph_time to, int64_t lo, int64_t hi,
                      report_case_cb cb, void *ctx, struct oph_error *err);

/* The earliest reported time of any case: 1 found, 0 no case, -1 error. */
int store_report_first(struct store *st, oph_time *out, struct oph_error *err);

/* Calls cb for every person, in id order, with their role (enum person_role) and team (""
 * for none): who the victims of the report's cases are. cb returns 0 to go on, -1 to stop
 * (err set). */
typedef int (*report_person_cb)(void *ctx, int64_t id, int role, const char *team);
int store_report_people(struct store *st, report_person_cb cb, void *ctx, struct oph_error *err);

struct report_overdue;
/* Fills in the case's reference and the item's name (as `ophamp remind` names it) of each
 * entry of an overdue list. Returns 0, or -1 with err. */
int store_report_overdue_names(struct store *st, struct report_overdue *list, int n,
                               struct oph_error *err);

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
/* The same classes for evidence items: secured (or submitted) by the due time, secured after
 * it, requested past it, requested and due later, not available. */
extern const char *const report_evidence_key[CMP_COUNT]; /* "secured_in_time" … */

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
    bool partial;          /* the period holds only part of it, or it is not over yet */
    struct rcount cases;
    struct rcount arrested, custody; /* of its cases */
    struct rcount steps_due;         /* done on time + done late + overdue */
    struct rcount steps_on_time;     /* done on time */
    struct rcount step_due[STEP_COUNT], step_on_time[STEP_COUNT]; /* the same, step by step */
};

extern const char *const report_followup_key[FG_COUNT];   /* "victim_code", "welfare" … */
extern const char *const report_followup_label[FG_COUNT]; /* for people */

/* Open cases by the time since they were reported: up to 30 days, 31-60, 61-90, over 90. */
enum report_age { AGE_30, AGE_60, AGE_90, AGE_OVER_90, AGE_COUNT };
extern const char *const report_age_key[AGE_COUNT];   /* "up_to_30_days" … */
extern const char *const report_age_label[AGE_COUNT]; /* "Up to 30 days" … */

/* An item of the period's cases pending past its due time (the overdue list). */
struct report_overdue {
    int64_t case_id;
    int kind;        /* enum due_kind */
    int64_t item_id; /* follow-up or evidence id; for a step, its enum step_code */
    oph_time due_at;
    char reference[REF_LEN + 1];
    char item[64]; /* "step crime", "follow-up riddor-specified #4", "evidence cctv #2" */
};

/* The overdue list holds the items longest overdue, at most this many. */
#define REPORT_OVERDUE_MAX 200
#define REPORT_REASONS_MAX 16
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
    struct rcount custody_outcome[OUT_COUNT], custody_open; /* of the custody assaults */
    /* Arrest preferred (OSSR rec. 23(ii)): closed cases whose offender was known and not
     * arrested, and why (no_arrest[NOARREST_COUNT]: no reason recorded, cases closed before
     * reasons were asked for). */
    struct rcount no_arrest;
    struct rcount no_arrest_reason[NOARREST_COUNT + 1];
    struct report_step steps[STEP_COUNT];
    struct report_compliance followups[FG_COUNT];
    struct report_compliance riddor; /* RIDDOR reports */
    struct report_compliance evidence[EV_KIND_COUNT];
    struct rcount survey_answers;
    struct rcount survey[5]; /* scores 1..5 */
    long survey_sum;         /* the mean is survey_sum / answers; REPORT_HIDDEN when hidden */

    /* The cases by location kind ([LOC_CUSTODY] is always `custody`), by mechanism
     * ([MECH_COUNT]: not recorded), by the victim's role and by the victim's team
     * (team[n_teams]: no team recorded; the names, sorted, are shared with `previous`). */
    struct rcount location[LOC_COUNT];
    struct rcount mechanism[MECH_COUNT + 1];
    struct rcount victim_role[ROLE_COUNT];
    struct rcount *team;
    char **team_names;
    int n_teams;

    /* Known offender not arrested (arrest is preferred: OSSR recommendation 23(ii)). */
    struct rcount known;              /* offender known */
    struct rcount known_not_arrested; /* of them, no arrest recorded */
    /* The reasons recorded on closing such a case (issue 12, point 7). Until the case record
     * holds them n_not_arrested_reasons is 0 and every such case is counted in
     * not_arrested_no_reason. Once it does, the store sets report_case.not_arrested_reason,
     * report_compute names the reasons here (the vocabulary's names, at most
     * REPORT_REASONS_MAX), and every renderer and the redaction show a row for each reason and
     * one for not_arrested_no_reason. */
    const char *const *not_arrested_reason_names;
    int n_not_arrested_reasons;
    struct rcount not_arrested_reason[REPORT_REASONS_MAX];
    struct rcount not_arrested_no_reason;

    struct rcount open_age[AGE_COUNT]; /* the open cases by age */

    struct report_month *months;
    int n_months;

    /* The items pending past their due time, the longest overdue first: overdue_total in all,
     * the first n_overdue listed. Never in a redacted report (references single cases out). */
    struct report_overdue *overdue;
    int n_overdue;
    long overdue_total;

    /* The same figures for the period of the same length just before this one, redacted on
     * their own (no months, no overdue list), or NULL. */
    struct report *previous;
    bool is_previous;

    const char *marking; /* the protective marking the renderers print, or NULL */
    /* The log's head as the figures were read ("18422:3fa9…", "" for an empty log): the
     * renderers end with it, so that `ophamp check --head` can show later whether the
     * history behind the figures was rewritten. */
    char audit_head[LOG_HEAD_TEXT];
};

/* The period: London dates from..to inclusive, both given or both set from the defaults (from
 * the 1st of the month eleven months before `to`; to: today). Counts the period before it too
 * (report.previous). Returns 0, or -1 with err. */
int report_compute(struct app *app, struct oph_date from, struct oph_date to,
                   const struct redactor *red, struct report *out, struct oph_error *err);
void report_done(struct report *r);

/* The default period: twelve calendar months ending with today's (London) month. */
void report_default_period(oph_time now, struct oph_date *from, struct oph_date *to);

/* Every case: from the London date of the first report to today (both today when there is no
 * case). Returns 0, or -1 with err. */
int report_all_time_period(struct app *app, struct oph_date *from, struct oph_date *to,
                           struct oph_error *err);

/* The period of the same number of days that ends the day before `from`. */
void report_previous_period(struct oph_date from, struct oph_date to, struct oph_date *pfrom,
                            struct oph_date *pto);

/* Percent of num in den, to one decimal, as tenths (875 for 87.5%); REPORT_HIDDEN when either
 * count is hidden, REPORT_NONE when den is 0. */
long report_permille(struct rcount num, struct rcount den);

/* The items of a compliance whose due time has come: done on time + done late + overdue; hidden
 * when any of them is. The share on time is report_permille(c[CMP_ON_TIME], due). */
struct rcount report_due(const struct report *r, const struct report_compliance *c);

/* The closed cases (all, or the custody assaults): cases - open, hidden when either is. */
struct rcount report_closed(const struct report *r, bool custody);

/* The renderers (src/export/report_*.c). */
void report_write_text(FILE *out, const struct report *r);
void report_write_md(FILE *out, const struct report *r);
void report_write_html(FILE *out, const struct report *r);
void report_write_json(FILE *out, const struct report *r);
void report_write_csv(FILE *out, const struct report *r);
/* The report written whole to path (NULL or "-": standard output; never for a file-only
 * format) in format f (one that writes WRITES_REPORT: formats.h),
 * replacing an existing file only when replace, and never the database at db_path: what
 * `ophamp report` and the statistics view's x write. Returns 0, or -1 with err. */
int report_save(const struct report *r, enum out_format f, const char *path, bool replace,
                const char *db_path, struct oph_error *err);

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
/* "Jan 2026" */
const char *report_month_label(struct oph_date d, char buf[16]);
/* "Body-worn video" … */
const char *report_evidence_label(enum evidence_kind k);

#endif
